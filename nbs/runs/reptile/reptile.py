"""Reptile meta-training of a generator for fast adaptation (Nichol et al. 2018, "On First-Order Meta-Learning
Algorithms", §3), run from the repository root:
`python nbs/runs/reptile/reptile.py WORK 400 30 0.5` (WORK: a folder for the prepared clips and meta.pt). Each outer step adapts a copy to one training speaker's clip with the dub-time adaptation
(`adapt_generator`, K steps) and moves the base weights a fraction eps toward the adapted ones. Resumable."""
import sys, json, time, shutil, numpy as np, torch
from pathlib import Path
from talkface.adapt import AdaptConfig, prepare_template, adapt_generator
from talkface.training import read_checkpoint
REPO = Path(__file__).resolve().parents[3]; BASE = REPO/'talkface'/'checkpoints'/'pixel64b.pt'
W, N, K, EPS = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]); W.mkdir(parents=True, exist_ok=True)
held = set(json.load(open(REPO/'configs'/'speaker_split.json'))['held_out'])
clips = sorted(p for d in ('video', 'video_more') for p in (REPO.parent/'shared'/'data'/d).glob('*.mp4') if p.stem not in held)
print(len(clips), 'training clips', flush=True)
tpls = {}
for p in clips:
    try: tpls[p.stem] = prepare_template(p, W/'tpl'/p.stem, 64, 5, sync_correct=True)
    except ValueError as e: print('skip', e, flush=True)
print('prepared', len(tpls), flush=True)
ck = read_checkpoint(W/'meta.pt' if (W/'meta.pt').exists() else BASE)
start = ck.get('extra', {}).get('reptile', {}).get('iteration', 0)
meta = {k: v.float() if v.is_floating_point() else v.clone() for k, v in ck['models']['generator'].items()}   # float32 master weights: an fp16 file's steps of 1e-4 would round away
names = sorted(tpls); rng = np.random.default_rng(1234 + start); t0 = time.time()
def save(path, it):
    c = dict(ck); c['models'] = {**ck['models'], 'generator': meta}
    c['extra'] = {**ck.get('extra', {}), 'reptile': {'iteration': it, 'inner_steps': K, 'eps': EPS, 'outer': N, 'from': str(BASE)}}
    tmp = path.with_suffix('.tmp'); torch.save(c, tmp); tmp.rename(path)
for it in range(start, N):
    name = names[rng.integers(len(names))]
    save(W/'cur.pt', it); inner = W/'inner'; shutil.rmtree(inner, ignore_errors=True)
    out = adapt_generator(tpls[name], W/'cur.pt', inner, AdaptConfig(steps=K, seed=it, ckpt_every=10**9), progress=False)
    ad = read_checkpoint(out)['models']['generator']; eps = EPS * (1 - it / N)
    with torch.no_grad():
        for k, v in meta.items():
            if v.is_floating_point(): v.add_(eps * (ad[k] - v))
            else: v.copy_(ad[k])
    if (it + 1) % 20 == 0 or it + 1 == N:
        save(W/'meta.pt', it + 1); print(f'it {it + 1}/{N} {time.time() - t0:.0f}s last {name}', flush=True)
