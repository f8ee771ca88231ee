"""The README's first command with an empty adaptation cache, timed (run by hand; prints a table).

    python bench/first_dub.py [--batch 4 8] [--repeat 1] [--bf16 auto|on|off]

Each run dubs `data/video/may_3s.mp4` with `data/audio/obama_3s.wav` as `talkface dub` does by default (adapted to
the template first), in its own process with a fresh `TALKFACE_CACHE`, and reports the process's wall time and the
seconds spent adapting. `--batch` lists adaptation batch sizes to compare in the same run: 4 is this release's
default, 8 the previous release's. Runs alternate, so a machine whose speed drifts affects both alike."""
import argparse, json, os, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHILD = r"""
import json, sys
from talkface.dub import dub
from talkface.adapt import AdaptConfig
bf16 = {'auto': None, 'on': True, 'off': False}[sys.argv[3]]
r = dub(sys.argv[4], sys.argv[5], out=sys.argv[2], adapt=AdaptConfig(batch_size=int(sys.argv[1])), bf16=bf16, progress=False)
print('RESULT', json.dumps({'adapt': r['seconds']['adapt'], 'total': r['seconds']['total']}))
"""

def first_dub(batch: int, bf16: str) -> dict:
    "Wall seconds of one first dub (process start to exit) and its adaptation seconds."
    with tempfile.TemporaryDirectory() as d:
        args = [sys.executable, '-c', CHILD, str(batch), f'{d}/out.mp4', bf16,
                str(ROOT/'data'/'video'/'may_3s.mp4'), str(ROOT/'data'/'audio'/'obama_3s.wav')]
        t = time.perf_counter(); p = subprocess.run(args, capture_output=True, text=True, env={**os.environ, 'TALKFACE_CACHE': d})
        wall = time.perf_counter() - t
    lines = [l for l in p.stdout.splitlines() if l.startswith('RESULT ')]
    if p.returncode or not lines: sys.exit(f"first dub (batch {batch}) failed: {(p.stderr.strip().splitlines() or ['?'])[-1]}")
    return {'batch': batch, 'wall': wall, **json.loads(lines[0][7:])}

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--batch', type=int, nargs='+', default=[4, 8]); ap.add_argument('--repeat', type=int, default=1)
    ap.add_argument('--bf16', choices=['auto', 'on', 'off'], default='auto')
    a = ap.parse_args()
    import platform
    rows = [first_dub(b, a.bf16) for _ in range(a.repeat) for b in a.batch]
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, bf16 {a.bf16}")
    print(f"{'batch':>5s} {'wall s':>7s} {'adapt s':>8s}")
    for r in rows: print(f"{r['batch']:>5d} {r['wall']:>7.1f} {r['adapt']:>8.1f}")

if __name__ == '__main__': main()
