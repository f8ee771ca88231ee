"""Short templates (3 s adapted on, the next 2 s scored): the held-out means of each run, and per clip LMD / PSNR.
python table.py  (in the folder holding s300.json, s200.json, s300seed1.json)"""
import json
from pathlib import Path
here = Path(__file__).parent
runs = {n: json.loads((here/f'{n}.json').read_text()) for n in ('s300', 's300seed1', 's200') if (here/f'{n}.json').exists()}
K = ('lmd', 'psnr', 'ssim', 'sharpness', 'delta_e', 'teeth_delta_e', 'teeth_shown')
for s in ('old', 'people', 'all'):
    print(f"\n{s}: method | " + ' | '.join(K))
    first = next(iter(runs.values()))['mean_by_set'][s]
    for m in ('copy_mean', 'gen:pixel64b'): print(f"{m:24s} " + ' '.join(f"{first[f'{m}/{k}']:8.4f}" for k in K))
    for n, r in runs.items(): print(f"{'adapt ' + n:24s} " + ' '.join(f"{r['mean_by_set'][s][f'adapt:pixel64b/{k}']:8.4f}" for k in K))
print('\nper clip: LMD / PSNR adapted')
rows = {n: {x['clip']: x for x in r['rows']} for n, r in runs.items()}
for c in rows['s300']:
    print(f"{c[:34]:34s} " + '  '.join(f"{n}: {rows[n][c]['adapt:pixel64b/lmd']:.4f} / {rows[n][c]['adapt:pixel64b/psnr']:.2f}" for n in rows if c in rows[n]))
