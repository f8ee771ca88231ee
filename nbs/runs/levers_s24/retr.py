"""Probe (stop 24), run from the repository root: `TALKFACE_CACHE=Q/cache QOUT=Q python nbs/runs/levers_s24/retr.py MODE` where Q is
a `bench/quality.py` output folder (its cuts and cached adaptations). Experiment: per-frame reference frames retrieved from the pool (the references video) by the mouth of a first pass."""
import sys, os, json, numpy as np, torch, cv2
from pathlib import Path
import talkface.dub as D
from talkface.crop import estimate_transforms, crop_face, CropConfig
from talkface.landmarks import detect_landmarks
from talkface.video import iter_frames
from talkface.metrics import evaluate_video
from talkface.adapt import AdaptConfig
MODE = sys.argv[1]          # 'pass1', 'oracle', 'fixed'
clips = sys.argv[2].split(',') if len(sys.argv) > 2 else ['deepavsr_lrs2_00016','lipreading_interview_7s','liveportrait_d11_child','sadtalker_hdtf_rd_radio34_000','sadtalker_hdtf_wda_edmarkey0_000','w2lgfpgan_kim_7s']
K = int(os.environ.get('K', 5)); GAP = int(os.environ.get('GAP', 3))
orig = D.generate_crops
POOL = {}
def desc(crops, cfg):
    r0, r1, c0, c1 = cfg.mouth_box
    g = [cv2.resize(cv2.cvtColor(np.asarray(c[r0:r1, c0:c1]), cv2.COLOR_RGB2GRAY).astype(np.float32), (24, 24), interpolation=cv2.INTER_AREA) for c in crops]
    g = np.stack(g).reshape(len(g), -1); g = g - g.mean(1, keepdims=True); return g / (np.linalg.norm(g, axis=1, keepdims=True) + 1e-6)
def pool(cfg, model_cfg):
    key = cfg.mouth_size
    if key not in POOL:
        tr = detect_landmarks(iter_frames(POOL_VIDEO))
        Ms = estimate_transforms(tr.points, cfg, valid=tr.valid)
        fr = [f for f in iter_frames(POOL_VIDEO)]
        idx = np.flatnonzero(tr.valid[:len(fr)])
        hi = np.stack([crop_face(fr[i], Ms[i], cfg) for i in idx])
        lo = np.stack([D._resize(c, model_cfg.crop_hw) for c in hi])
        POOL[key] = (idx, hi, lo, desc(hi, cfg))
    return POOL[key]
def pick(d, pd, idx):
    s = d @ pd.T; out = []
    for row in s:
        order = np.argsort(-row); sel = []
        for j in order:
            if all(abs(idx[j] - idx[k]) >= GAP for k in sel): sel.append(j)
            if len(sel) == K: break
        out.append(sel)
    return np.array(out)
def gen_crops(gen, frames, Ms, audio, refs, cfg, model_cfg, fp16=False, timer=None, sources=None, refs_hires=None, bf16=False):
    out, crops = orig(gen, frames, Ms, audio, refs, cfg, model_cfg, fp16, timer, sources, refs_hires, bf16)
    if MODE == 'fixed' or MODE.startswith('asmooth'): return out, crops
    idx, hi, lo, pd = pool(cfg, model_cfg)
    key = crops if MODE == 'oracle' else [(o * 255).astype(np.uint8) for o in out]
    sel = pick(desc(key, cfg), pd, idx)
    dev = refs.device; B = len(frames)
    r_lo = D._to_batch(lo[sel.reshape(-1)], dev).reshape(B, -1, *model_cfg.crop_hw)
    r_hi = D._to_batch(hi[sel.reshape(-1)], dev).reshape(B, -1, *cfg.crop_hw) if refs_hires is not None else None
    return orig(gen, frames, Ms, audio, r_lo, cfg, model_cfg, fp16, timer, sources, r_hi, bf16)   # (B, 15, h, w) references: expand(B) keeps them per sample
D.generate_crops = gen_crops
if MODE.startswith('asmooth'):
    w = float(MODE[7:] or 0.25); oc = D.centred_features
    def cf(feats, frames, kind):
        t = np.asarray(frames); n = len(feats)
        return (1 - 2 * w) * oc(feats, t, kind) + w * oc(feats, np.clip(t - 1, 0, n - 1), kind) + w * oc(feats, np.clip(t + 1, 0, n - 1), kind)
    D.centred_features = cf
res = {}
for c in clips:
    cut = Path(os.environ['QOUT'])/'cuts'; POOL_VIDEO = cut/f'{c}_train.mp4'; POOL.clear()
    te, wav = cut/f'{c}.mp4', cut/f'{c}.wav'
    dst = Path(os.environ.get('PROBE_OUT', '.'))/f'{MODE}_K{K}'/f'{c}.mp4'; dst.parent.mkdir(parents=True, exist_ok=True)
    D.dub(te, wav, 'talkface/checkpoints/pixel64b.pt', dst, progress=False, adapt=AdaptConfig(), adapt_on=POOL_VIDEO, references=POOL_VIDEO)
    r = evaluate_video(dst, reference=te); res[c] = r
    print(c, {k: round(r[k], 4) if isinstance(r[k], float) else r[k] for k in ('lmd', 'psnr', 'ssim', 'sharpness', 'delta_e', 'teeth_delta_e')}, flush=True)
json.dump(res, open(Path(os.environ.get('PROBE_OUT', '.'))/f'{MODE}_K{K}.json', 'w'), indent=1)
