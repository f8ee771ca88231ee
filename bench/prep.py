"""Benchmark `talkface prep` (run by hand): decode fps, landmark fps, and whole-prep fps with a per-stage split.

    python bench/prep.py [VIDEO_FOLDER] [--workers 2] [--mouth-size 128]

Default folder: ../shared/data/video if present, else data/video. Prints a table per clip and the totals."""
import sys, time, argparse, tempfile, shutil, json
from pathlib import Path
import torch
from talkface.video import iter_frames
from talkface.landmarks import detect_landmarks
from talkface.prep import list_videos, prepare_dataset

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('folder', nargs='?', default='../shared/data/video' if Path('../shared/data/video').exists() else 'data/video')
    ap.add_argument('--workers', type=int, default=2); ap.add_argument('--mouth-size', type=int, default=128)
    a = ap.parse_args(); torch.set_num_threads(1)
    vids = list_videos(a.folder)
    print(f"{'clip':<24}{'frames':>7}{'decode fps':>12}{'landmark fps':>14}")
    tot_n = tot_dec = tot_lm = 0.0
    for v in vids:
        t = time.perf_counter(); n = sum(1 for _ in iter_frames(v)); td = time.perf_counter() - t
        t = time.perf_counter(); tr = detect_landmarks(iter_frames(v)); tl = time.perf_counter() - t
        print(f"{v.name:<24}{n:>7}{n/td:>12.1f}{n/tl:>14.1f}   (landmarks incl. decode; face on {tr.present.mean():.1%})")
        tot_n += n; tot_dec += td; tot_lm += tl
    print(f"{'ALL (1 process)':<24}{int(tot_n):>7}{tot_n/tot_dec:>12.1f}{tot_n/tot_lm:>14.1f}")
    out = Path(tempfile.mkdtemp())
    try:
        t = time.perf_counter(); r = prepare_dataset(a.folder, out, mouth_size=a.mouth_size, workers=a.workers, progress=False)
        wall = time.perf_counter() - t
        secs = {'landmarks': 0.0, 'crops': 0.0, 'audio': 0.0}
        for m in out.glob('*/meta.json'):
            for k, v in json.loads(m.read_text())['seconds'].items(): secs[k] += v
        busy = sum(secs.values())
        print(f"\nwhole prep, {a.workers} worker(s), mouth size {a.mouth_size}: {r['frames']} frames in {wall:.1f} s wall "
              f"= {r['frames']/wall:.1f} fps ({len(r['done'])} clips, {len(r['failed'])} failed)")
        print("where the worker time goes: " + ', '.join(f"{k} {v:.1f} s ({v/busy:.0%})" for k, v in secs.items()) +
              f"; process start-up and scheduling {max(0, wall*a.workers - busy):.1f} worker-s")
    finally: shutil.rmtree(out)

if __name__ == '__main__': main()
