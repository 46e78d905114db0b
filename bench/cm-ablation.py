#!/usr/bin/env python3
"""cm-ablation.py SPEC FILE...: leave-one-out ablation of a cm(...) spec, one row per variant.

Variants: the spec itself (base); each order removed (-orderK); each word, sparse, column,
record and direct knob lowered by one (-word3 means words=3 -> 2), and set to 0 when it is above 2
(-word(all 3)); the match model removed (-match); each weight-set selector removed (-mixerK);
fewer SSE stages (apm=1, apm=0). Every variant gets the size hint of each file ({size}).

Each row is printed as soon as it is measured: variant, spec, bpb = total ideal code length
(sum of -log2 p over the coded bits, no container) / total bytes over all FILEs, CPU ns per byte of
the model thread, and the 1-minute load average before the variant started (the ns figure is only
indicative when the load is high).

Needs the model's test classes (the driver io.bitscale.model.cm.CmDrive):
    mvn -q -pl model -am test-compile
    python3 bench/cm-ablation.py \
        'cm(orders=1234567,words=3,sparse=2,record=2,direct=2,match=8,bits=27,mbits=24,mixers=413,apm=2)' FILE...
(the expansion of the default preset; docs/cm-results.md names the files of the broad set).
"""
import os
import re
import subprocess
import sys

if len(sys.argv) < 3:
    sys.exit(__doc__)
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
base = sys.argv[1]
files = sys.argv[2:]
m = re.match(r'cm\((.*)\)$', base)
if not m:
    sys.exit('SPEC must be cm(key=value,...), e.g. the expansion of a preset in docs/specs.md')
kv = dict(x.split('=') for x in m.group(1).split(','))


def spec(d):
    return 'cm(' + ','.join(f'{k}={v}' for k, v in d.items()) + ')'


variants = [('base', dict(kv))]
for digit in kv.get('orders', ''):
    d = dict(kv)
    d['orders'] = kv['orders'].replace(digit, '') or '0'
    variants.append((f'-order{digit}', d))
for key, label in [('words', 'word'), ('sparse', 'sparse'), ('column', 'column'), ('record', 'record'),
                   ('direct', 'direct')]:
    v = int(kv.get(key, '0'))
    if v > 0:
        d = dict(kv)
        d[key] = str(v - 1)
        variants.append((f'-{label}{v}', d))
        if v > 2:
            d = dict(kv)
            d[key] = '0'
            variants.append((f'-{label}(all {v})', d))
if int(kv.get('match', '0')) > 0:
    d = dict(kv)
    d['match'] = '0'
    variants.append(('-match', d))
mixers = kv.get('mixers', '1')
if len(mixers) > 1:
    for digit in mixers:
        d = dict(kv)
        d['mixers'] = mixers.replace(digit, '')
        variants.append((f'-mixer{digit}', d))
for k in range(int(kv.get('apm', '2')) - 1, -1, -1):
    d = dict(kv)
    d['apm'] = str(k)
    variants.append((f'apm={k}', d))

cp = os.pathsep.join(os.path.join(root, p) for p in
                     ['core/target/classes', 'model/target/classes', 'model/target/test-classes'])
print('variant\tspec\tbpb\tns_per_byte\tload1', flush=True)
for label, d in variants:
    s = spec(d)[:-1] + ',size={size})'
    load = open('/proc/loadavg').read().split()[0]
    out = subprocess.run(['java', '-Xmx3g', '-cp', cp, 'io.bitscale.model.cm.CmDrive', s] + files,
                         capture_output=True, text=True, check=True).stdout
    mm = re.search(r'TOTAL ([0-9.]+) bpb\s+(\d+) ns/B', out)
    print(f'{label}\t{s}\t{mm.group(1)}\t{mm.group(2)}\t{load}', flush=True)
