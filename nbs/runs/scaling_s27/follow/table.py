import json, glob, numpy as np
rows = {}
for f in sorted(glob.glob('nbs/runs/scaling_s27/follow/*.json')):
    name = f.split("/")[-1][:-5]; m, clip = name.split("_", 1)
    d = json.load(open(f))
    rows.setdefault(clip, {})[m] = (d['adapted_default_speech']['corr_new_speech'], d['adapted_default_speech']['corr_template_speech'],
                                    d['generic_speech']['corr_new_speech'])
print(f"{'clip':40s} {'pixel64b adapted new/tpl':>26s} {'pall adapted new/tpl':>24s} {'generic new p64b/pall':>24s}")
for clip, r in rows.items():
    p, q = r.get('pixel64b'), r.get('pall')
    f = lambda x: f'{x[0]:.3f} / {x[1]:.3f}' if x else '-'
    print(f"{clip:40s} {f(p):>26s} {f(q):>24s} {(f'{p[2]:.3f}' if p else '-'):>11s} / {(f'{q[2]:.3f}' if q else '-')}")
for m in ('pixel64b', 'pall'):
    v = [r[m][0] for r in rows.values() if m in r]
    print(m, 'adapted new-speech corr: median', round(float(np.median(v)), 3), 'n', len(v), '>=0.17:', sum(x >= 0.17 for x in v))
