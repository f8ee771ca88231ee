"""Benchmark face landmarks (run by hand): landmark fps per clip and the fraction of frames with a face.

    python bench/landmarks.py [VIDEO_FOLDER] [--fps 25] [--no-redetect] [--compare]

Default folder: /work/shared/data/video if present, else data/video. Frames are decoded at `--fps` (talkface's
25 fps contract) with `talkface.video.iter_frames`; decoding time is measured separately and excluded from
"landmark fps" (MediaPipe Face Landmarker, VIDEO mode, plus track selection, gap filling and smoothing).
"face" = fraction of frames where the face was detected (`present`), "valid" = after filling gaps of <= 5 frames.
`--no-redetect`: the full-frame landmarker only (no re-detection around the last face or in frame tiles, as before
issue 11); `--compare`: also run it that way and print its "face" fraction as "face (no redetect)". Small-face test
clips (a face in a 1080x1920 canvas, blanked frames, 20 degree rotation) are in bench/composite.py."""
import time, argparse
from pathlib import Path
from talkface.video import iter_frames
from talkface.landmarks import FaceLandmarker, detect_landmarks

SHARED = Path('/work/shared/data/video')
EXTS = {'.mp4', '.mov', '.mkv', '.avi', '.webm'}

class _Timed:
    "Wrap a frame iterator, accumulating the seconds spent producing (decoding) frames."
    def __init__(self, it): self.it, self.seconds = iter(it), 0.0
    def __iter__(self): return self
    def __next__(self):
        t = time.perf_counter()
        try: return next(self.it)
        finally: self.seconds += time.perf_counter() - t

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('folder', nargs='?', default=str(SHARED if SHARED.exists() else Path('data/video')))
    ap.add_argument('--fps', type=float, default=25.0, help='decode rate (frames/s)')
    ap.add_argument('--no-redetect', action='store_true', help='full-frame landmarker only')
    ap.add_argument('--compare', action='store_true', help='also run without re-detection')
    a = ap.parse_args()
    vids = sorted(p for p in Path(a.folder).iterdir() if p.suffix.lower() in EXTS)
    if not vids: raise SystemExit(f"{a.folder}: no videos")
    print(f"{'clip':<26}{'size':>10}{'frames':>8}{'landmark fps':>14}{'face':>8}{'valid':>8}" + (f"{'face (no redetect)':>20}" if a.compare else ''))
    tot_n = tot_t = 0.0; low = []
    with FaceLandmarker() as lm:
        for v in vids:
            frames = _Timed(iter_frames(v, fps=a.fps))
            t = time.perf_counter(); tr = detect_landmarks(frames, fps=a.fps, landmarker=lm, redetect=not a.no_redetect); t = time.perf_counter() - t
            n, tl = tr.n_frames, t - frames.seconds
            h, w = tr.frame_size
            extra = ''
            if a.compare:
                try: extra = f"{detect_landmarks(iter_frames(v, fps=a.fps), fps=a.fps, landmarker=lm, redetect=False).present.mean():>20.1%}"
                except ValueError: extra = f"{0:>20.1%}"
            print(f"{v.name:<26}{f'{w}x{h}':>10}{n:>8}{n / tl:>14.1f}{tr.present.mean():>8.1%}{tr.valid.mean():>8.1%}{extra}")
            tot_n += n; tot_t += tl
            if tr.present.mean() < 0.98: low.append(v.name)
    print(f"{'ALL':<26}{'':>10}{int(tot_n):>8}{tot_n / tot_t:>14.1f}")
    print('face found on >= 98% of frames of every clip' if not low else f"face found on < 98% of frames: {', '.join(low)}")

if __name__ == '__main__': main()
