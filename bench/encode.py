"""The H.264 encoder's speed / size / quality trade-off for dubbed output (run by hand; prints a table).

    python bench/encode.py [--frames 125] [--presets medium,fast,veryfast,superfast] [--crf 18,20,23] [--threads 0]

For a 512x512 clip and a 1080x1920 portrait clip built from a shared clip (the face placed 1080 px wide on a
blurred copy of itself, as a phone vlog frames it), each setting encodes the same `--frames` frames with
`talkface.video.VideoWriter` and reports the encoder's wall time per frame, the process CPU time per frame (all
threads), the bitrate, and the PSNR (dB, all pixels, RGB) and the mouth-region PSNR of the decoded frames against
the frames before encoding. Wall figures depend on the machine's load; the CPU figures much less."""
import argparse, os, tempfile, time
from pathlib import Path
import numpy as np
import cv2

SHARED = Path('/work/shared/data')

def portrait(frame: np.ndarray, size=(1920, 1080)) -> np.ndarray:
    "A `size` (H, W) portrait frame: `frame` resized to W×W in the middle of a blurred, enlarged copy of itself."
    h, w = size
    bg = cv2.resize(cv2.blur(frame, (31, 31)), (h, h))[:, (h - w) // 2:(h - w) // 2 + w]
    bg[(h - w) // 2:(h - w) // 2 + w] = cv2.resize(frame, (w, w), interpolation=cv2.INTER_LINEAR)
    return np.ascontiguousarray(bg)

def clips(n: int) -> dict[str, list[np.ndarray]]:
    from talkface.video import iter_frames
    src = [f for _, f in zip(range(n), iter_frames(SHARED/'video'/'vrt_face_2.mp4'))]
    return {'512x512': [cv2.resize(f, (512, 512), interpolation=cv2.INTER_AREA) for f in src],
            '1080x1920': [portrait(f) for f in src]}

def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = np.mean((a.astype(np.float32) - b.astype(np.float32)) ** 2)
    return float(10 * np.log10(255 ** 2 / max(mse, 1e-10)))

def encode(frames, path: Path, preset: str, crf: int, threads: int, tune: str | None) -> tuple[float, float]:
    from talkface.video import VideoWriter
    t, c = time.perf_counter(), time.process_time()
    with VideoWriter(path, preset=preset, crf=crf, threads=threads, tune=tune) as w:
        for f in frames: w.write(f)
    return time.perf_counter() - t, time.process_time() - c

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--frames', type=int, default=125)
    ap.add_argument('--presets', default='medium,fast,veryfast,superfast,ultrafast')
    ap.add_argument('--crf', default='18')
    ap.add_argument('--tune', default='', help="x264 tune (e.g. 'film', 'fastdecode'); empty: none")
    ap.add_argument('--threads', type=int, default=0, help='x264 threads (0: libx264 auto)')
    a = ap.parse_args()
    from talkface.video import iter_frames
    data = clips(a.frames)
    print(f"{os.cpu_count()} CPUs, {a.frames} frames per clip, x264 threads {a.threads or 'auto'}, tune {a.tune or 'none'}")
    print(f"{'clip':<11}{'preset':<11}{'crf':>4}{'wall ms/f':>11}{'cpu ms/f':>10}{'Mbit/s':>8}{'PSNR dB':>9}{'mouth dB':>9}")
    with tempfile.TemporaryDirectory() as d:
        for name, frames in data.items():
            h, w = frames[0].shape[:2]; side = w // 2
            y0, x0 = (h - w) // 2 + int(0.55 * w), w // 4                  # the lower middle of the face square
            for preset in a.presets.split(','):
                for crf in map(int, a.crf.split(',')):
                    p = Path(d)/f'{name}_{preset}_{crf}.mp4'
                    wall, cpu = encode(frames, p, preset, crf, a.threads, a.tune or None)
                    dec = list(iter_frames(p, fps=None))
                    q = np.mean([psnr(x, y) for x, y in zip(frames, dec)])
                    qm = np.mean([psnr(x[y0:y0 + side // 2, x0:x0 + side], y[y0:y0 + side // 2, x0:x0 + side]) for x, y in zip(frames, dec)])
                    mbps = p.stat().st_size * 8 / (len(frames) / 25) / 1e6
                    print(f"{name:<11}{preset:<11}{crf:>4}{1e3 * wall / len(frames):>11.1f}{1e3 * cpu / len(frames):>10.1f}"
                          f"{mbps:>8.2f}{q:>9.2f}{qm:>9.2f}", flush=True)

if __name__ == '__main__': main()
