"""Decode and encode speed of talkface.video (run by hand, prints a table).

    python bench/video.py [FOLDER]        # default: data/video

For each clip: native decode fps (`iter_frames(fps=None)`), decode fps resampled to 25 fps (output frames per second),
and encode fps (`write_video` of the 25 fps frames, libx264 crf 18 preset medium, to a temporary file; frames are
decoded first so only encoding is timed). Wall-clock seconds with whatever CPU threads FFmpeg picks."""
import argparse, sys, tempfile, time
from pathlib import Path
from talkface.video import probe_video, iter_frames, write_video


def _rate(n, seconds): return n / seconds if seconds > 0 else float('inf')


def bench_clip(path: Path) -> dict:
    info = probe_video(path)
    t = time.perf_counter(); n_native = sum(1 for _ in iter_frames(path, fps=None)); t_native = time.perf_counter() - t
    t = time.perf_counter(); frames = list(iter_frames(path, fps=25)); t_25 = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as d:
        t = time.perf_counter(); write_video(Path(d) / 'out.mp4', frames, fps=25); t_enc = time.perf_counter() - t
    return dict(clip=path.name, size=f'{info.width}x{info.height}', fps=info.fps, n=n_native, n25=len(frames),
                dec=_rate(n_native, t_native), dec25=_rate(len(frames), t_25), enc=_rate(len(frames), t_enc))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('folder', nargs='?', default='data/video', help='folder of video clips (default: data/video)')
    folder = Path(p.parse_args(argv).folder)
    clips = sorted(f for f in folder.iterdir() if f.suffix.lower() in ('.mp4', '.mov', '.mkv', '.avi', '.webm'))
    if not clips: sys.exit(f'{folder}: no video clips')
    print(f"{'clip':24s} {'size':>9s} {'fps':>6s} {'frames':>6s} {'@25':>5s} {'decode fps':>10s} {'decode@25 fps':>13s} {'encode fps':>10s}")
    for c in clips:
        r = bench_clip(c)
        print(f"{r['clip']:24s} {r['size']:>9s} {r['fps']:6.2f} {r['n']:6d} {r['n25']:5d} {r['dec']:10.0f} {r['dec25']:13.0f} {r['enc']:10.1f}")


if __name__ == '__main__': main()
