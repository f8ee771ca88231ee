"""The generator's scaling figure: held-out figures of pixel64b.pt trained 1200 more steps on 19, 36 and 95 speakers.
python nbs/runs/scaling_s27/plot.py BENCH_JSON ... (bench/quality.py --json reports holding gen:p19, gen:pknown, gen:pall)"""
import json, sys
from pathlib import Path
import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
HERE = Path(__file__).parent
RUNS = {'p19': 19, 'pknown': 36, 'pall': 95}
val = {r: [json.loads(l) for l in (HERE/r/'metrics.jsonl').read_text().splitlines() if 'val/psnr' in l][-1] for r in RUNS}
bench = {}
for f in sys.argv[1:]:
    for s, m in json.loads(Path(f).read_text())['mean_by_set'].items():
        for k, v in m.items(): bench.setdefault(s, {})[k] = v
fig, axs = plt.subplots(1, 3, figsize=(13, 3.2))
n = list(RUNS.values())
axs[0].plot(n, [val[r]['val/psnr'] for r in RUNS], 'D-', label='generator'); axs[0].axhline(val['p19']['val/base_psnr'], color='grey', ls=':', label='nearest reference')
axs[0].set_title('trainer validation: mouth PSNR (dB)', fontsize=10); axs[0].legend(fontsize=8)
for ax, m, title in ((axs[1], 'psnr', 'generic dub: mouth PSNR (dB)'), (axs[2], 'lmd', 'generic dub: LMD')):
    for s, style in (('old', 'o--'), ('people', 's--'), ('all', 'D-')):
        ax.plot(n, [bench[s][f'gen:{r}/{m}'] for r in RUNS], style, label=f'{s} held-out')
        ax.axhline(bench[s][f'gen:pixel64b/{m}'], color={'old': 'C0', 'people': 'C1', 'all': 'C2'}[s], lw=0.6, ls=':')
    ax.set_title(title + ', dotted: pixel64b.pt', fontsize=10); ax.legend(fontsize=8)
for ax in axs: ax.set_xlabel('training speakers'); ax.grid(alpha=0.3)
plt.tight_layout(); plt.savefig(HERE/'curve.png', dpi=80); print(HERE/'curve.png')
