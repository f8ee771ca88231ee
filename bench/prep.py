"""Benchmark `talkface prep` (run by hand): decode fps, landmark fps, and whole-prep fps with a per-stage split.

    python bench/prep.py [VIDEO_FOLDER] [--workers 2] [--mouth-size 128]
    python bench/prep.py [VIDEO_FOLDER] --ray [ADDRESS] [--workers 2]   # clips/s: serial vs process pool vs Ray

Default folder: ../shared/data/video if present, else data/video. Prints a table per clip and the totals; with `--ray`,
one row per way of running (Ray: a local instance with --workers CPUs, or the cluster at ADDRESS), Ray's start-up
timed apart from the clips."""
import sys, time, argparse, tempfile, shutil, json, logging
from pathlib import Path
import torch
from talkface.video import iter_frames
from talkface.landmarks import detect_landmarks
from talkface.prep import list_videos, prepare_dataset

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('folder', nargs='?', default='../shared/data/video' if Path('../shared/data/video').exists() else 'data/video')
    ap.add_argument('--workers', type=int, default=2); ap.add_argument('--mouth-size', type=int, default=128)
    ap.add_argument('--ray', nargs='?', const='local', default=None, metavar='ADDRESS',
                    help='compare serial, process pool and Ray (a local instance when no ADDRESS)')
    a = ap.parse_args(); torch.set_num_threads(1)
    if a.ray is not None: return bench_ray(a)
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

def _timed_prep(folder, **kw):
    "Wall seconds and result of `prepare_dataset` into a fresh temporary folder (removed afterwards)."
    out = Path(tempfile.mkdtemp())
    try:
        t = time.perf_counter(); r = prepare_dataset(folder, out, progress=False, **kw); return time.perf_counter() - t, r
    finally: shutil.rmtree(out)

def bench_ray(a):
    "Clips per second: serial, a process pool of `a.workers`, and Ray (start-up timed apart), on the same clips."
    import ray
    kw = dict(mouth_size=a.mouth_size)
    rows = [('serial (1 process)', 1, *_timed_prep(a.folder, workers=1, **kw)),
            ('process pool', a.workers, *_timed_prep(a.folder, workers=a.workers, **kw))]
    t = time.perf_counter()      # started here so that its start-up is timed apart; prepare_dataset reuses it
    where = {'num_cpus': a.workers} if a.ray == 'local' else {'address': a.ray}
    ray.init(**where, log_to_driver=False, include_dashboard=False, logging_level=logging.ERROR)
    start = time.perf_counter() - t; cpus = int(ray.cluster_resources().get('CPU', 0))
    try: rows.append((f'Ray ({"local" if a.ray == "local" else a.ray})', cpus, *_timed_prep(a.folder, ray=a.ray, **kw)))
    finally: ray.shutdown()
    print(f"{len(list_videos(a.folder))} clips in {a.folder}, mouth size {a.mouth_size}")
    print(f"{'run':<22}{'CPUs':>5}{'clips':>7}{'failed':>7}{'frames':>8}{'wall s':>9}{'clips/s':>9}{'frames/s':>10}{'vs serial':>11}")
    base = len(rows[0][3]['done']) / rows[0][2]
    for name, n, wall, r in rows:
        c = len(r['done'])
        print(f"{name:<22}{n:>5}{c:>7}{len(r['failed']):>7}{r['frames']:>8}{wall:>9.1f}{c/wall:>9.3f}{r['frames']/wall:>10.1f}{c/wall/base:>10.2f}x")
    print(f"Ray start-up (ray.init, not in the Ray row): {start:.1f} s; "
          f"Ray incl. start-up: {len(rows[2][3]['done'])/(rows[2][2] + start):.3f} clips/s")

if __name__ == '__main__': main()
