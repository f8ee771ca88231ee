"Colour-transfer variants of the compositor on the held-out reconstruction (adapted pixel64b, cached)."
import sys, json, os
from pathlib import Path
import numpy as np, cv2
sys.path.insert(0, '/work/main/bench')
os.environ.setdefault('TALKFACE_CACHE', '/work/q/cache')
import talkface.composite as C, talkface.dub as D
from talkface.dub import dub
from talkface.metrics import evaluate_video
from talkface.adapt import AdaptConfig

orig_transfer = C._transfer
def chroma_transfer(lab_g, lab_t, region, s):
    "L: mean/std as before; a*, b*: a gain about neutral (gain·x), so neutral colours (teeth, mouth interior) stay neutral."
    gain, offset = orig_transfer(lab_g, lab_t, region, s)
    if s.color == 'none' or region.sum() < 16: return gain, offset
    m = (np.asarray(region) > 0).astype(np.uint8)
    mg = np.ravel(cv2.meanStdDev(lab_g, mask=m)[0]); mt = np.ravel(cv2.meanStdDev(lab_t, mask=m)[0])
    g = gain.copy(); o = offset.copy()
    for c in (1, 2):
        if abs(mg[c]) > 2 and np.sign(mg[c]) == np.sign(mt[c]):
            g[c] = np.clip(mt[c] / mg[c], 0.5, 2.0); o[c] = mt[c] - g[c] * mg[c]   # ~0 unless clipped
    return g.astype(np.float32), o.astype(np.float32)

variant = sys.argv[1]; out = Path('/work/qc')/variant
if variant == 'chroma': C._transfer = chroma_transfer; D.__dict__.get('_transfer') and None
elif variant in ('mean', 'none'):
    Comp = C.Compositor
    D.Compositor = lambda cfg, settings=None: Comp(cfg, C.CompositeConfig(color=variant))
# composite() in talkface.composite calls the module-level _transfer, so patching C._transfer reaches dub
cuts = Path('/work/q/cuts'); clips = sorted(p.stem for p in cuts.glob('*.mp4') if not p.stem.endswith('_train'))
ck = '/work/main/talkface/checkpoints/pixel64b.pt'; rows = {}
for c in clips:
    te, wav, tr = cuts/f'{c}.mp4', cuts/f'{c}.wav', cuts/f'{c}_train.mp4'
    dst = out/f'{c}.mp4'; dst.parent.mkdir(parents=True, exist_ok=True)
    if not dst.exists(): dub(te, wav, ck, dst, device='cpu', progress=False, references=tr, adapt=AdaptConfig(), adapt_on=tr)
    r = evaluate_video(dst, reference=te); rows[c] = r
    print(variant, c, {k: round(r[k], 4) if r[k] is not None else None for k in ('lmd', 'psnr', 'ssim', 'sharpness', 'delta_e', 'teeth_delta_e', 'teeth_shown')}, flush=True)
json.dump(rows, open(out/'scores.json', 'w'), indent=1, default=float)
