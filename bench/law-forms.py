#!/usr/bin/env python3
"""law-forms.py RESULTS.csv [FROM]: which law form forecasts the 10^8 cell from D <= 10^7 (exploratory).

For every series of a sweep's results.csv (online protocol) that has cells at D = 10^8, fits three
forms on the cells with FROM <= D <= 10^7 (FROM defaults to 1e4), pooled over seeds, each cell
weighted by 1 / (standard deviation over seeds at its D):

  std     L(D) = E + B·D^-β                  (the library's DATA law)
  offset  L(D) = E + B·(D + D0)^-β           (a data offset for the regime of the first units)
  two     L(D) = E + B·D^-β + C·D^-γ         (two decays)

and prints each form's error at 10^8 against the mean measured there. Least squares from scipy,
bounds E, B, C >= 0, exponents in [1e-4, 5], log10 D0 in [0, 7], three starting points. This is a
quick screen of law forms for a pre-registered test, not the library's fit: its weights and its
optimizer differ from `bitscale fit`, so the `std` column differs from the published forecasts by
up to a few tenths of a percent. Needs numpy and scipy.
"""
import csv
import sys
from collections import defaultdict

import numpy as np
from scipy.optimize import least_squares

FORMS = {
    'std': (lambda p, d: p[0] + p[1] * d ** (-p[2]), [0.8, 10, 0.3], [0, 0, 1e-4], [10, 1e6, 5]),
    'offset': (lambda p, d: p[0] + p[1] * (d + 10 ** p[3]) ** (-p[2]), [0.8, 10, 0.3, 4], [0, 0, 1e-4, 0],
               [10, 1e9, 5, 7]),
    'two': (lambda p, d: p[0] + p[1] * d ** (-p[2]) + p[3] * d ** (-p[4]), [0.8, 10, 0.2, 100, 1.0],
            [0, 0, 1e-4, 0, 1e-4], [10, 1e9, 5, 1e9, 5]),
}


def fit(form, d, y, w):
    f, start, lower, upper = FORMS[form]
    best = None
    for scale in (1, 0.5, 2):
        p0 = np.array(start, float)
        p0[0] *= y.min()
        p0[1] *= scale
        r = least_squares(lambda p: (f(p, d) - y) * w, p0, bounds=(lower, upper))
        if best is None or r.cost < best.cost:
            best = r
    return lambda x: f(best.x, x)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    start = float(sys.argv[2]) if len(sys.argv) > 2 else 1e4
    series = defaultdict(lambda: defaultdict(list))
    for r in csv.DictReader(open(sys.argv[1])):
        if r['protocol'] == 'online':
            series[r['series']][int(r['trainBytes'])].append(float(r['bpb']))
    print(f"# {sys.argv[1]}, fitted on {start:g} <= D <= 1e7; error of the forecast at 1e8")
    for name, by_d in sorted(series.items()):
        if 10 ** 8 not in by_d:
            continue
        sizes = [s for s in sorted(by_d) if start <= s <= 1e7]
        d = np.array([s for s in sizes for _ in by_d[s]], float)
        y = np.array([v for s in sizes for v in by_d[s]])
        w = np.array([1 / max(np.std(by_d[s], ddof=1), 1e-4) for s in sizes for _ in by_d[s]])
        measured = np.mean(by_d[10 ** 8])
        errors = "  ".join(f"{form} {100 * (fit(form, d, y, w)(1e8) - measured) / measured:+.2f}%" for form in FORMS)
        print(f"{name:60s} 1e8 measured {measured:.4f}  {errors}")


if __name__ == '__main__':
    main()
