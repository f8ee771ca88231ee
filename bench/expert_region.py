"""Where Wav2Lip's expert looks, in talkface's crop (run by hand; prints a table). Issue 12, part 5.

    python bench/expert_region.py [PATH ...] [--every 5]

PATH: folders written by `talkface prep` (their clips' landmarks.npy / valid.npy / meta.json are read) or videos /
folders of videos (tracked here with `detect_landmarks`); default: the shared clips in /work/shared/data/video and
video_more (data/video if neither exists). For every frame the Wav2Lip face box is built as `talkface eval --expert`
and the Wav2Lip dub build it (`talkface.wav2lip.face_boxes`: from the landmarks, pads 0 10 0 0; and with `--pads
0,0,0,0` the raw box of Wav2Lip's preprocessing), its lower half (`crop_box` rows 48...95) is mapped into the frame's
aligned crop by the crop's own transform (`estimate_transforms`, as `talkface prep` makes the crops), and its edges are
expressed in units of the mouth size m. Per clip: the median top / bottom / left / right edges and the IoU of the
clip's lower halves with the fixed rectangle `talkface.losses.EXPERT_LOWER_HALF` (mean, min), plus the talkface
SyncNet's mouth box for comparison; then the medians over clips (what EXPERT_LOWER_HALF was set from) and the
rectangle (centred on the crop's axis u = 5/8) with the best mean per-clip IoU on a 0.02 m grid.
Threads: torch 1, OpenCV 1 (a shared 2-core machine)."""
import argparse, json, sys
from pathlib import Path
import numpy as np
import cv2

def tracks(paths):
    "(name, points (T, 478, 2), valid (T,), frame_hw) of every clip under `paths`."
    from talkface.prep import list_videos
    for p in map(Path, paths):
        preps = sorted(m.parent for m in p.glob('*/meta.json')) if p.is_dir() else []
        if (p/'meta.json').exists(): preps = [p]
        for d in preps:
            meta = json.loads((d/'meta.json').read_text())
            yield d.name, np.load(d/'landmarks.npy'), np.load(d/'valid.npy'), tuple(meta['frame_size'])
        if preps: continue
        from talkface.landmarks import detect_landmarks
        from talkface.video import iter_frames
        for v in list_videos(p):
            tr = detect_landmarks(iter_frames(v)); yield v.stem, tr.points, tr.valid, tuple(tr.frame_size)

def lower_halves(points, valid, frame_hw, pads, m: int = 256):
    "Corners (T, 4, 2), units of m (crop pixel edges), of each valid frame's Wav2Lip lower half in its crop."
    from talkface.crop import CropConfig, estimate_transforms
    from talkface.wav2lip import face_boxes
    Ms = estimate_transforms(points, CropConfig(mouth_size=m), valid=valid)
    b = face_boxes(points, frame_hw, pads, valid).astype(np.float64); ym = (b[:, 1] + b[:, 3]) / 2
    c = np.stack([np.stack([b[:, 0], ym], 1), np.stack([b[:, 2], ym], 1), np.stack([b[:, 2], b[:, 3]], 1), np.stack([b[:, 0], b[:, 3]], 1)], 1) - 0.5
    return ((np.einsum('tij,tkj->tki', Ms[:, :, :2], c) + Ms[:, None, :, 2] + 0.5) / m)[valid]

RES, OFF = 64, 1.0                       # rasterisation: px per m; canvas covers [-1, 3) m
def fill(poly) -> np.ndarray:
    return cv2.fillPoly(np.zeros((4 * RES, 4 * RES), np.uint8), [np.round((np.asarray(poly) + OFF) * RES * 16).astype(np.int32)], 1, shift=4).astype(bool).ravel()
def rect(t, b, l, r): return fill([[l, t], [r, t], [r, b], [l, b]])
def ious(masks: np.ndarray, R: np.ndarray) -> np.ndarray:
    inter = masks[:, R].sum(1); return inter / (masks.sum(1) + R.sum() - inter)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('paths', nargs='*'); ap.add_argument('--every', type=int, default=5, help='IoU on every N-th frame')
    ap.add_argument('--pads', default='0,10,0,0', help='face_boxes pads top,bottom,left,right (frame pixels)')
    a = ap.parse_args()
    import torch; torch.set_num_threads(1); cv2.setNumThreads(1)
    from talkface.losses import EXPERT_LOWER_HALF
    pads = tuple(int(x) for x in a.pads.split(','))
    paths = a.paths or [p for p in ('/work/shared/data/video', '/work/shared/data/video_more') if Path(p).exists()] or ['data/video']
    ours, mouth = rect(*EXPERT_LOWER_HALF), rect(0.5, 1.5, 0.125, 1.125)
    edges, per_clip, allm = [], [], []
    print(f"pads {pads}; EXPERT_LOWER_HALF (top, bottom, left, right) = {EXPERT_LOWER_HALF} m")
    print(f"{'clip':36s}{'frames':>7s}{'top':>7s}{'bottom':>7s}{'left':>7s}{'right':>7s}{'IoU mean':>9s}{'min':>6s}{'mouth box':>10s}")
    for name, P, v, hw in tracks(paths):
        c = lower_halves(P, v, hw, pads)
        e = [np.median(c[:, :2, 1].mean(1)), np.median(c[:, 2:, 1].mean(1)), np.median(c[:, [0, 3], 0].mean(1)), np.median(c[:, [1, 2], 0].mean(1))]
        masks = np.stack([fill(q) for q in c[::a.every]]); iu = ious(masks, ours)
        edges.append(e); per_clip.append((masks, iu)); allm.append(masks)
        print(f"{name[:35]:36s}{len(c):7d}" + ''.join(f'{x:7.3f}' for x in e) + f"{iu.mean():9.3f}{iu.min():6.3f}{ious(masks, mouth).mean():10.3f}")
    E = np.array(edges); all_iou = np.concatenate([iu for _, iu in per_clip])
    print(f"{'median over clips':36s}{'':7s}" + ''.join(f'{x:7.3f}' for x in np.median(E, 0)) + f"  (std {np.round(E.std(0), 3).tolist()})")
    print(f"IoU with EXPERT_LOWER_HALF: frames mean {all_iou.mean():.3f}, 5th percentile {np.percentile(all_iou, 5):.3f}, min {all_iou.min():.3f}; "
          f"clip means {min(iu.mean() for _, iu in per_clip):.3f}-{max(iu.mean() for _, iu in per_clip):.3f}")
    best = (-1,)
    for t in np.arange(0.44, 0.66, 0.02):
        for b in np.arange(1.30, 1.56, 0.02):
            for hw in np.arange(0.56, 0.84, 0.02):
                R = rect(t, b, 0.625 - hw, 0.625 + hw); s = np.mean([ious(m_, R).mean() for m_, _ in per_clip])
                if s > best[0]: best = (s, t, b, hw)
    print(f"best centred rectangle on the grid: top {best[1]:.2f}, bottom {best[2]:.2f}, left {0.625 - best[3]:.3f}, right {0.625 + best[3]:.3f} (mean per-clip IoU {best[0]:.3f})")

if __name__ == '__main__': main()
