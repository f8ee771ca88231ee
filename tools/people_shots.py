"""Shot boundaries of the prepared video_people clips (issue 26, step 2): vlogs have jump cuts and TV clips camera
cuts, and a training window must not join two shots. For every clip prepared by `talkface prep` under PREP_DIR:

- on the source video's own frames (PyAV through `talkface.video.iter_frames(fps=None)`, as 64-pixel-wide thumbnails),
  `pixel`: the mean absolute difference of consecutive greyscale thumbnails (0–255), and `histogram`: the Bhattacharyya
  distance (0–1) of their hue–saturation histograms (16 × 8 bins). Native frames, not prep's 25 fps ones: resampling
  30 fps to 25 skips every sixth source frame and doubles the motion there, a spike every 5 frames that looks like a cut;
- on prep's 25 fps frames, `landmarks`: the median displacement of the 478 landmarks (`landmarks.npy`) from frame k−1
  to k over the inter-ocular distance.

A source frame i starts a new shot when its `pixel` change is the largest within ±2 frames, at least PIXEL_RATIO × the
clip's median change and at least PIXEL_LOCAL × the median of the 6 changes around it (fast motion raises them all, a
cut only one), and either the face jumps at the 25 fps frame k that first shows source frame i (`landmarks` ≥
LANDMARK_JUMP and ≥ LANDMARK_LOCAL × the larger jump at k−2 and k+2: motion is continuous, a cut is not; the smoothed
track spreads a jump over k±1) or the colours change (`histogram` ≥ HISTOGRAM_CUT and `pixel` ≥ SCENE_LOCAL × its
neighbours: a cut to another scene, or to no face). Boundaries are reported as k, in the prepared clip's 25 fps
numbering (the plan `iter_frames` resamples by). The thresholds are the constants below, set by looking at contact
sheets (nbs/runs/people_split_s27/summary.md). Writes OUT/shots.json ({clip: {'n_frames', 'boundaries': [k, ...]
(frame k starts a new shot), 'cues': the cues at each}}), caches the cues in OUT/cues/<clip>.npz (or `--cache DIR`), and with `--sheets
DIR` one contact sheet JPEG per boundary (frame k−1 | frame k, every 6th landmark drawn).

    python tools/people_shots.py PREP_DIR OUT [--cache DIR] [--sheets DIR] [--clips NAME ...]"""
import argparse, json, sys
from pathlib import Path
import numpy as np, cv2

PIXEL_RATIO = 4.0       # a cut changes the picture ≥ 4× more than the clip's median frame-to-frame change
PIXEL_LOCAL = 2.0       # ... and ≥ 2× more than the 6 source frames around it,
LANDMARK_JUMP = 0.08    # ... and the face moves ≥ 0.08 inter-ocular distances in one 25 fps frame
LANDMARK_LOCAL = 3.0    #     and ≥ 3× more than 2 frames before and after;
HISTOGRAM_CUT = 0.25    # ... or the colours change (Bhattacharyya distance of hue–saturation histograms ≥ 0.25)
SCENE_LOCAL = 3.0       #     and the picture ≥ 3× more than the frames around it
THUMB_W = 64            # thumbnail width, pixels

def thumbnails(video) -> np.ndarray:
    "(N, h, 64, 3) uint8 RGB thumbnails of every source frame of `video` (native rate), aspect kept."
    from talkface.video import iter_frames
    out = []
    for f in iter_frames(video, fps=None):
        h = max(1, round(f.shape[0] * THUMB_W / f.shape[1]))
        out.append(cv2.resize(f, (THUMB_W, h), interpolation=cv2.INTER_AREA))
    return np.stack(out)

def frame_plan(video) -> np.ndarray:
    "(T,) int64: the source frame shown at each 25 fps frame: the plan `talkface.video.iter_frames` (and so prep) resamples by."
    from talkface.video import _scan, _plan          # the decoder's own plan, so that the numbering is prep's
    return _plan(_scan(video), 25)

def pixel_change(thumbs: np.ndarray) -> np.ndarray:
    "(N,) float32 mean |grey[i] − grey[i−1]| (0–255) of thumbnails (N, h, w, 3) uint8; entry 0 is 0."
    g = np.stack([cv2.cvtColor(t, cv2.COLOR_RGB2GRAY) for t in thumbs]).astype(np.float32)
    return np.concatenate([[0.], np.abs(np.diff(g, axis=0)).mean((1, 2))]).astype(np.float32)

def histogram_change(thumbs: np.ndarray) -> np.ndarray:
    "(N,) float32 Bhattacharyya distance (0–1) of the hue–saturation histograms (16 × 8 bins) of frames i−1 and i; entry 0 is 0."
    hs = [cv2.calcHist([cv2.cvtColor(t, cv2.COLOR_RGB2HSV)], [0, 1], None, [16, 8], [0, 180, 0, 256]) for t in thumbs]
    return np.array([0.] + [cv2.compareHist(a, b, cv2.HISTCMP_BHATTACHARYYA) for a, b in zip(hs, hs[1:])], np.float32)

def landmark_jump(points: np.ndarray) -> np.ndarray:
    "(T,) float32 median landmark displacement from frame k−1 to k over the inter-ocular distance, from landmarks (T, 478, 2) pixels; entry 0 is 0."
    from talkface.landmarks import inter_ocular
    p = np.asarray(points, np.float32)
    d = np.median(np.linalg.norm(np.diff(p, axis=0), axis=-1), axis=1) / np.maximum(inter_ocular(p[:-1]), 1.0)
    return np.concatenate([[0.], d]).astype(np.float32)

def clip_cues(clip_dir: Path, cache: Path) -> dict:
    """Cues of the prepared clip in `clip_dir`: `pixel`, `histogram` (N,) per source frame, `plan` (T,) and `landmarks`
    (T,) per 25 fps frame; cached in `cache`."""
    if cache.exists(): return dict(np.load(cache))
    meta = json.loads((clip_dir/'meta.json').read_text())
    th, plan, pts = thumbnails(meta['source']), frame_plan(meta['source']), np.load(clip_dir/'landmarks.npy')
    if len(plan) != len(pts): raise ValueError(f"{clip_dir.name}: {len(plan)} frames planned but {len(pts)} landmark frames")
    c = {'pixel': pixel_change(th), 'histogram': histogram_change(th), 'plan': plan, 'landmarks': landmark_jump(pts)}
    cache.parent.mkdir(parents=True, exist_ok=True); np.savez(cache, **c)
    return c

def local_ratio(x: np.ndarray, i: int, half: int = 3) -> float:
    "How many times `x[i]` exceeds the median of its neighbours within ±`half` (i excluded; repeated frames, ≤ 0.1, skipped; 999 if none move)."
    nb = np.concatenate([x[max(1, i - half):i], x[i + 1:i + half + 1]]); nb = nb[nb > 0.1]
    return min(float(x[i] / max(np.median(nb), 0.1)), 999.) if len(nb) else 999.

def face_jump(lmk: np.ndarray, k: int) -> float:
    "The landmark jump at k over the larger of the jumps at k−2 and k+2 (the smoothed track spreads a one-frame jump over k±1)."
    nb = [lmk[j] for j in (k - 2, k + 2) if 1 <= j < len(lmk)]
    return float(lmk[k] / max(max(nb, default=0.), 0.005))

def boundary_cues(c: dict, i: int) -> dict:
    "The cues of a cut before source frame `i`: `frame` k (the 25 fps frame that first shows it) and the values the rule reads."
    pix, lmk = c['pixel'], c['landmarks']; k = int(np.searchsorted(c['plan'], i))
    moving = pix[1:][pix[1:] > 0.1]; typical = max(float(np.median(moving)) if len(moving) else 1., 0.1)
    return {'frame': k, 'source_frame': int(i), 'pixel': float(pix[i] / typical), 'pixel_local': local_ratio(pix, i),
            'histogram': float(c['histogram'][i]), 'landmarks': float(lmk[k]) if k < len(lmk) else 0.,
            'landmarks_local': face_jump(lmk, k) if k < len(lmk) else 0.}

def is_cut(b: dict) -> bool:
    "The rule of the module docstring on the cues of `boundary_cues`."
    if b['pixel'] < PIXEL_RATIO or b['pixel_local'] < PIXEL_LOCAL: return False
    face = b['landmarks'] >= LANDMARK_JUMP and b['landmarks_local'] >= LANDMARK_LOCAL
    scene = b['histogram'] >= HISTOGRAM_CUT and b['pixel_local'] >= SCENE_LOCAL
    return face or scene

def shot_boundaries(c: dict) -> list[dict]:
    "The cues (`boundary_cues`) of every cut of a clip, in order; their `frame` k starts a new shot (1 ≤ k < T)."
    pix, T = c['pixel'], len(c['landmarks']); out = []
    for i in range(1, len(pix)):
        if pix[i] < pix[max(1, i - 2):i + 3].max(): continue          # only the peak of a burst of change
        b = boundary_cues(c, i)
        if 1 <= b['frame'] < T and is_cut(b) and all(b['frame'] != o['frame'] for o in out): out.append(b)
    return out

def contact_sheet(video, points: np.ndarray, k: int, dst: Path, height: int = 240):
    "JPEG `dst`: 25 fps frames k−1 and k of `video` side by side at `height` pixels, every 6th landmark (green) drawn."
    from talkface.video import iter_frames
    import itertools
    pair = list(itertools.islice(iter_frames(video), k - 1, k + 1)); tiles = []
    for f, p in zip(pair, points[k - 1:k + 1]):
        s = height / f.shape[0]; t = cv2.resize(f, (round(f.shape[1] * s), height), interpolation=cv2.INTER_AREA)
        for x, y in (p[::6] * s).astype(int): cv2.circle(t, (int(x), int(y)), 1, (0, 255, 0), -1)
        tiles.append(t)
    sheet = np.concatenate([tiles[0], np.full((height, 4, 3), 255, np.uint8), tiles[1]], 1)
    cv2.imwrite(str(dst), cv2.cvtColor(sheet, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 80])

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('prep_dir'); ap.add_argument('out')
    ap.add_argument('--sheets', default=None, help='write a contact sheet JPEG per boundary here')
    ap.add_argument('--cache', default=None, help='where the cues are cached (default: OUT/cues)')
    ap.add_argument('--clips', nargs='*', default=None, help='only these clip stems (default: every prepared clip)')
    a = ap.parse_args()
    prep, out = Path(a.prep_dir), Path(a.out); out.mkdir(parents=True, exist_ok=True)
    clips = sorted(d for d in prep.iterdir() if (d/'meta.json').exists() and (a.clips is None or d.name in a.clips))
    res = {}
    for n, d in enumerate(clips):
        c = clip_cues(d, Path(a.cache or out/'cues')/f'{d.name}.npz'); cuts = shot_boundaries(c)
        res[d.name] = {'n_frames': len(c['landmarks']), 'boundaries': [b['frame'] for b in cuts],
                       'cues': [{k: round(v, 3) if isinstance(v, float) else v for k, v in b.items()} for b in cuts]}
        print(f"{n + 1}/{len(clips)} {d.name}: {len(c['landmarks'])} frames, boundaries {res[d.name]['boundaries']}", file=sys.stderr, flush=True)
        if a.sheets and cuts:
            Path(a.sheets).mkdir(parents=True, exist_ok=True)
            pts, src = np.load(d/'landmarks.npy'), json.loads((d/'meta.json').read_text())['source']
            for k in res[d.name]['boundaries']: contact_sheet(src, pts, k, Path(a.sheets)/f'{d.name}_{k:04d}.jpg')
    (out/'shots.json').write_text(json.dumps(res, indent=1))
    n = sum(bool(r['boundaries']) for r in res.values())
    print(f"{n} of {len(res)} clips have shot boundaries ({sum(len(r['boundaries']) for r in res.values())} in all)")

if __name__ == '__main__': main()
