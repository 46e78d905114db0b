#!/usr/bin/env python3
"""Compare committed forecasts with a new measurement at the forecast size: the analyses fixed
before their cells were measured in docs/results/forecast-1e8-ppm-uncapped.yaml (U1-U4, --check
ppm, the default) and docs/results/forecast-1e8-mlp-unclamped.yaml (V1, --check mlp).

The laws were fitted on D <= 10^7 by published analyses; their forecasts at D = 10^8 are read from
those analyses' fits.json (never refitted here). The measurement is the mean bpb over the seeds of
the new rows at that size, per corpus. "Pass" is the rule of `fit`: the law's forecast within 1% of
the measured mean and closer to it than both naive forecasts (the last value and the line in log D).
Each seed's change from the published row of the same corpus, seed and size is printed too.

    python3 bench/forecast-recheck.py ROWS_DIR [--check ppm|mlp] [--results docs/results]

ROWS_DIR holds the new results.jsonl (e.g. docs/results/forecast-1e8-ppm-uncapped).
"""
import argparse
import json
import os
import re
import statistics

D = 1e8
# Per check: the series whose forecasts are compared, how the new cells differ from the clamped ones,
# the analyses whose seed-by-seed changes are printed, and the analyses as
# (label, corpus of the new rows without its seed, published analysis whose forecast is compared,
#  published sweeps whose 10^8 rows of the same seeds are the clamped measurement).
CHECKS = {
    "ppm": ("ppm(n=4,mem=auto)", "mem=29", ("U1", "U2"), [
        ("U1", "shuffled(text-gutenberg,unit=book,dedup=true)", "forecast-1e8-dedup15", ["forecast-1e8-dedup"]),
        ("U2", "shuffled(text-enwiki)", "forecast-1e8-ppm10-enwiki", ["forecast-1e8-ppm"]),
        ("U3", "shuffled(text-gutenberg,unit=book,dedup=true)", "forecast-1e8-dedup", ["forecast-1e8-dedup"]),
        ("U4", "shuffled(text-enwiki)", "forecast-1e8-ppm", ["forecast-1e8-ppm"]),
    ]),
    "mlp": ("mlp(opt=adam,impl=batched,segments=16,every=4,lr=60,bits=auto)", "bits=21", ("V1",), [
        ("V1", "shuffled(text-enwiki)", "forecast-1e8-mlp", ["forecast-1e8-mlp"]),
    ]),
}
SEED = re.compile(r",?seed=(\d+)")


def unseeded(corpus):
    return SEED.sub("", corpus)


def seed_of(corpus):
    return int(SEED.search(corpus).group(1))


def rows(path, predicate):
    with open(path) as f:
        return [r for r in map(json.loads, f) if predicate(r)]


def forecast(results, analysis, corpus, series):
    with open(os.path.join(results, analysis, "fits.json")) as f:
        fits = json.load(f)
    matches = [x for x in fits["forecasts"]
               if x["group"]["series"] == series and x["group"]["corpus"] == corpus and abs(x["d"] - D) < 1]
    if len(matches) != 1:
        raise SystemExit(f"{analysis}: expected one forecast of {series} on {corpus} at {D:g}, found {len(matches)}")
    return matches[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows_dir")
    parser.add_argument("--check", choices=sorted(CHECKS), default="ppm")
    parser.add_argument("--results", default="docs/results")
    args = parser.parse_args()
    series, unclamped, by_seed_labels, analyses = CHECKS[args.check]
    new = rows(os.path.join(args.rows_dir, "results.jsonl"), lambda r: r["trainBytes"] == int(D))
    print(f"| analysis | corpus | forecast [95% PI] | seeds | measured (clamped) | measured ({unclamped}) | error | last value | line | pass |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---|")
    changes = []
    for label, corpus, analysis, clamped_sweeps in analyses:
        mine = sorted((r for r in new if unseeded(r["corpus"]) == corpus), key=lambda r: seed_of(r["corpus"]))
        if not mine:
            print(f"| {label} | {corpus} | no new rows | | | | | | | |")
            continue
        seeds = {seed_of(r["corpus"]) for r in mine}
        measured = statistics.fmean(r["bpb"] for r in mine)
        old = []
        for sweep in clamped_sweeps:
            old += rows(os.path.join(args.results, sweep, "results.jsonl"),
                        lambda r: r["trainBytes"] == int(D) and r["series"] == series
                        and unseeded(r["corpus"]) == corpus and seed_of(r["corpus"]) in seeds)
        clamped = statistics.fmean(r["bpb"] for r in old) if len(old) == len(seeds) else float("nan")
        x = forecast(args.results, analysis, corpus, series)
        error = (x["predicted"] - measured) / measured
        last = (x["lastValue"] - measured) / measured
        line = (x["line"] - measured) / measured
        ok = abs(error) <= 0.01 and abs(error) < abs(last) and abs(error) < abs(line)
        print(f"| {label} | {corpus} | {x['predicted']:.4f} [{x['lower']:.4f}, {x['upper']:.4f}] ({analysis}, "
              f"{x['seeds']} seeds) | {len(seeds)} | {clamped:.4f} | {measured:.4f} | {100 * error:+.2f}% | "
              f"{100 * last:+.2f}% | {100 * line:+.2f}% | {'yes' if ok else 'no'} |")
        if label in by_seed_labels:
            by_seed = {seed_of(r["corpus"]): r for r in old}
            for r in mine:
                s = seed_of(r["corpus"])
                if s in by_seed:
                    changes.append((corpus, s, by_seed[s]["spec"], by_seed[s]["compressedBytes"], r["compressedBytes"],
                                    r["cpuSeconds"]))
    print()
    print(f"| corpus | seed | clamped spec | bytes | {unclamped} bytes | change | CPU s |")
    print("|---|---:|---|---:|---:|---:|---:|")
    for corpus, s, spec, before, after, cpu in changes:
        print(f"| {corpus} | {s} | `{spec}` | {before:,} | {after:,} | {after - before:+,} ({100 * (after - before) / before:+.4f}%) "
              f"| {cpu:.0f} |")


if __name__ == "__main__":
    main()
