"""Crop → paste-back round trip of talkface.crop on every video of a folder (run by hand, prints a table).

    python bench/roundtrip.py [FOLDER=/work/shared/data/video] [--mouth-size M] [--every N]

For each clip: decode at 25 fps, track landmarks, pick the smallest standard mouth size whose crops are at least as
large as the face (`mouth_size_for`: transform scale ≥ 1 on every frame) unless --mouth-size is given, then crop every
N-th frame and paste the unmodified crop back with the soft mask. Reports the PSNR over the pasted region (pixels
where the warped mask > 0; mean and worst frame), whether every pixel outside it is exactly the original, and the
crop + paste-back time per frame. `half-px` is the same PSNR when the paste-back is deliberately shifted by half a
frame pixel (the size of a pixel-centre convention error), to show what the metric sees. The acceptance bar: PSNR
≥ 38 dB on every frame when the scale is ≥ 1 on every frame (column `≥38 dB`; `n/a` when a forced --mouth-size makes
the crop smaller than the face)."""
import argparse, time
from pathlib import Path
import numpy as np
from talkface.video import iter_frames
from talkface.landmarks import detect_landmarks
from talkface.crop import (CropConfig, estimate_transforms, mouth_size_for, roundtrip_psnr, transform_scale, crop_face,
                           paste_back, paste_alpha)



def half_pixel_shift(M: np.ndarray) -> np.ndarray:
    "`M` (2, 3) composed with a shift of half a *frame* pixel along x and y."
    S = np.array(M, np.float64); S[:, 2] += S[:, :2] @ [0.5, 0.5]; return S

VIDEO_EXT = {'.mp4', '.mov', '.mkv', '.avi', '.webm'}


def roundtrip_clip(path: Path, mouth_size: int | None = None, every: int = 1) -> dict:
    track = detect_landmarks(iter_frames(path))                  # first pass: landmarks (smoothing needs the whole track)
    m = mouth_size or mouth_size_for(track.points, track.valid)
    cfg = CropConfig(m)
    Ms = estimate_transforms(track.points, cfg, track.valid)
    psnr, half, exact, secs = [], [], True, 0.0
    for t, frame in enumerate(iter_frames(path)):               # second pass: round trip, frames not kept
        if t % every: continue
        p, ok = roundtrip_psnr(frame, Ms[t], cfg)
        psnr.append(p); exact &= ok
        t0 = time.perf_counter(); crop = crop_face(frame, Ms[t], cfg); paste_back(frame, crop, Ms[t], cfg); secs += time.perf_counter() - t0
        shifted = half_pixel_shift(Ms[t])
        d = (paste_back(frame, crop, shifted, cfg).astype(np.float64) - frame)[paste_alpha(shifted, cfg, frame.shape[:2]) > 0]
        half.append(10 * np.log10(255 ** 2 / (d ** 2).mean()))
    psnr = np.array(psnr); s = transform_scale(Ms)
    return dict(clip=path.name, frames=track.n_frames, size='x'.join(map(str, track.frame_size[::-1])), m=m,
                scale=f'{s.min():.2f}-{s.max():.2f}', psnr_mean=psnr.mean(), psnr_min=psnr.min(), half=np.mean(half), outside_exact=exact,
                ms=1000 * secs / len(psnr), ok=('n/a' if s.min() < 1 else 'yes' if exact and psnr.min() >= 38 else 'NO'))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('folder', nargs='?', default='/work/shared/data/video', type=Path)
    ap.add_argument('--mouth-size', type=int, default=None, help='mouth size m (default: smallest with scale ≥ 1)')
    ap.add_argument('--every', type=int, default=1, help='test every N-th frame')
    a = ap.parse_args()
    paths = sorted(p for p in a.folder.iterdir() if p.suffix.lower() in VIDEO_EXT)
    if not paths: raise SystemExit(f"{a.folder}: no video files")
    print(f"{'clip':26s} {'frames':>6s} {'W x H':>9s} {'m':>4s} {'scale':>10s} {'PSNR mean':>9s} {'PSNR min':>8s} "
          f"{'outside exact':>13s} {'ms/frame':>8s}  {'≥38 dB':>6s} {'half-px':>7s}")
    for p in paths:
        r = roundtrip_clip(p, a.mouth_size, a.every)
        print(f"{r['clip']:26s} {r['frames']:6d} {r['size']:>9s} {r['m']:4d} {r['scale']:>10s} {r['psnr_mean']:9.2f} "
              f"{r['psnr_min']:8.2f} {str(r['outside_exact']):>13s} {r['ms']:8.1f}  {r['ok']:>6s} {r['half']:7.2f}", flush=True)


if __name__ == '__main__':
    main()
