"Offline test of a teeth colour transfer: the adapted outputs' teeth-like pixels inside the template frame's outer-lip region shifted toward the person's teeth colour (from the adaptation clip)."
import sys, json, numpy as np, cv2
from pathlib import Path
from skimage.color import rgb2lab, lab2rgb
from talkface.video import iter_frames, write_video
from talkface.landmarks import detect_landmarks, LIPS_OUTER, LIPS_INNER
from talkface.audio import load_audio
from talkface.metrics import evaluate_video, interior_mask, teeth_colour, TEETH_L, TEETH_C
from talkface.crop import CropConfig, estimate_transforms
Q = Path('/tmp/q'); OUT = Path('/tmp/teeth'); OUT.mkdir(exist_ok=True)
STRENGTH = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
def person_teeth(video):
    tr = detect_landmarks(iter_frames(video), smooth=False); cfg = CropConfig(mouth_size=128)
    Ms = estimate_transforms(tr.points, cfg, valid=tr.valid); r0, r1, c0, c1 = cfg.mouth_box
    from talkface.crop import crop_face
    cols = [c for f, M, p, ok in zip(iter_frames(video), Ms, tr.points, tr.valid) if ok
            and (c := teeth_colour(crop_face(f, M, cfg)[r0:r1, c0:c1], interior_mask(p, M, cfg))) is not None]
    return np.mean(cols, 0) if len(cols) >= 3 else None, len(cols)
def correct(frame, pts, target):
    poly = pts[LIPS_OUTER]; w = np.ptp(poly[:, 0]); c = poly.mean(0)
    poly = c + (poly - c) * 1.15
    x0, y0 = np.floor(poly.min(0)).astype(int); x1, y1 = np.ceil(poly.max(0)).astype(int) + 1
    x0, y0 = max(x0, 0), max(y0, 0); x1, y1 = min(x1, frame.shape[1]), min(y1, frame.shape[0])
    region = np.zeros((y1 - y0, x1 - x0), np.uint8); cv2.fillPoly(region, [np.round(poly - [x0, y0]).astype(np.int32)], 1)
    patch = frame[y0:y1, x0:x1]; lab = rgb2lab(patch)
    L, C = lab[..., 0], np.hypot(lab[..., 1], lab[..., 2])
    wgt = region * np.clip((L - (TEETH_L - 10)) / 10, 0, 1) * np.clip((TEETH_C + 10 - C) / 10, 0, 1)   # soft: teeth-like pixels
    if wgt.sum() < 20: return frame
    mean = (lab * wgt[..., None]).sum((0, 1)) / wgt.sum()
    shift = (target - mean) * STRENGTH
    lab = lab + wgt[..., None] * shift
    out = frame.copy(); out[y0:y1, x0:x1] = np.clip(np.rint(lab2rgb(lab) * 255), 0, 255).astype(np.uint8)
    return out
res = {}
for c in ['sadtalker_hdtf_wda_edmarkey0_000', 'sadtalker_hdtf_rd_radio34_000', 'liveportrait_d11_child']:
    target, n = person_teeth(Q/'cuts'/f'{c}_train.mp4')
    tpl = detect_landmarks(iter_frames(Q/'cuts'/f'{c}.mp4'))           # the template's own landmarks, as dub has them
    src = Q/'adapt_batch_size4_pixb'/f'{c}.mp4'
    frames = [correct(f, p, target) if ok and target is not None else f for f, p, ok in zip(iter_frames(src), tpl.points, tpl.valid)]
    dst = OUT/f'{c}.mp4'; write_video(dst, frames, audio=load_audio(src))
    before = json.loads((Q/'adapt_batch_size4_pixb'/f'{c}.json').read_text()); after = evaluate_video(dst, reference=Q/'cuts'/f'{c}.mp4')
    res[c] = {k: (round(before[k], 4), round(after[k], 4) if after[k] is not None else None) for k in ('lmd', 'psnr', 'ssim', 'delta_e', 'teeth_delta_e', 'teeth_shown')}
    print(c[:20], 'teeth frames in train', n, 'target', np.round(target, 1) if target is not None else None, res[c], flush=True)
