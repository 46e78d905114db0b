#!/usr/bin/env python3
"""rows-to-md.py [--no-speed] ROWS.tsv...: markdown tables from the rows of bench/peers-vs.sh.

Prints (1) per file: every system's bpb; (2) unless --no-speed, compress/decompress MB/s (wall
and CPU) and max RSS (leave them out when the run was not on a quiet machine); (3) totals over
sets; (4) per preset, the files where it is not below each peer it is compared with (fast vs
ppmd-o6, default vs lpaq1-9, strong vs kanzi-9 and zpaq-m5) and by how much.
Several row files (e.g. the peers' and bitscale's rows of one tuning-set run) are read as one.
"""
import csv
import os
import sys
from collections import OrderedDict, defaultdict

args = sys.argv[1:]
speed = '--no-speed' not in args
paths = [a for a in args if a != '--no-speed']
if not paths:
    sys.exit(__doc__)
rows = [r for p in paths for r in csv.DictReader(open(p), delimiter='\t')]
files = list(OrderedDict.fromkeys(r['file'] for r in rows))
systems = list(OrderedDict.fromkeys(r['system'] for r in rows))
by = {(r['file'], r['system']): r for r in rows}
# Rows with a valid size: round trip checked, or compressed only (peers-vs.sh -c).
GOOD = ('yes', 'compress-only')


def short(path):
    parts = path.split('/')
    return '/'.join(parts[-2:])


def name(system):
    return system.replace('bs:', '').replace('({size})', '')


print('| file | bytes | ' + ' | '.join(name(s) for s in systems) + ' |')
print('|---|---:|' + '---:|' * len(systems))
for f in files:
    cells = []
    best = min(float(by[(f, s)]['bpb']) for s in systems if (f, s) in by and by[(f, s)]['ok'] in GOOD)
    for s in systems:
        r = by.get((f, s))
        if r is None:
            cells.append('–')
            continue
        v = float(r['bpb'])
        text = f'{v:.4f}' if r['ok'] in GOOD else 'FAILED'
        cells.append(f'**{text}**' if v == best else text)
    print(f'| {short(f)} | {int(by[(f, systems[0])]["bytes"]):,} | ' + ' | '.join(cells) + ' |')

if speed:
  print()
  print('Speed, MB/s (10^6 bytes per second) of wall time / of CPU time (user + system, all threads), '
        'compress then decompress, and max RSS (MB):')
  print()
  print('| file | load | ' + ' | '.join(name(s) for s in systems) + ' |')
  print('|---|---:|' + '---|' * len(systems))
  for f in files:
      cells = []
      for s in systems:
          r = by.get((f, s))
          if r is None:
              cells.append('–')
              continue
          cells.append(f'{float(r["c_MBps"]):.2f}/{float(r["c_cpuMBps"]):.2f} c, '
                       f'{float(r["d_MBps"]):.2f}/{float(r["d_cpuMBps"]):.2f} d, '
                       f'{max(int(r["c_rss_kb"]), int(r["d_rss_kb"])) // 1024}M')
      loads = [float(by[(f, s)]['load1']) for s in systems if (f, s) in by]
      print(f'| {short(f)} | {min(loads):.1f}–{max(loads):.1f} | ' + ' | '.join(cells) + ' |')

# totals per set
print()
sets = OrderedDict()
for f in files:
    key = f.split('/')[-2] if '/' in f else '.'
    sets.setdefault(key, []).append(f)
print('| set (files) | bytes | ' + ' | '.join(name(s) for s in systems) + ' |')
print('|---|---:|' + '---:|' * len(systems))
for key, fs in list(sets.items()) + [('all', files)]:
    total = sum(int(by[(f, systems[0])]['bytes']) for f in fs)
    cells = []
    for s in systems:
        comp = sum(int(by[(f, s)]['compressed']) for f in fs if (f, s) in by)
        cells.append(f'{comp:,} B = {8 * comp / total:.4f}')
    print(f'| {key} ({len(fs)}) | {total:,} | ' + ' | '.join(cells) + ' |')

# targets
print()


def misses(preset, peer):
    out = []
    for f in files:
        a, b = by.get((f, preset)), by.get((f, peer))
        if a and b and float(a['bpb']) >= float(b['bpb']):
            out.append(f'{short(f)} ({float(a["bpb"]):.4f} vs {float(b["bpb"]):.4f}, '
                       f'+{float(a["bpb"]) - float(b["bpb"]):.4f})')
    return out


for wanted, peers in [('fast', ['ppmd-o6']), ('default', ['lpaq1-9']), ('strong', ['kanzi-9', 'zpaq-m5'])]:
    preset = next((s for s in systems if s.startswith('bs:') and name(s) == wanted), None)
    for peer in peers:
        if preset and (files[0], preset) in by and (files[0], peer) in by:
            m = misses(preset, peer)
            print(f'- {name(preset)} vs {peer}: below on {len(files) - len(m)} of {len(files)} files'
                  + (f'; not below on: {", ".join(m)}' if m else ''))
