"""Decoding a short template once (pass 1 holds its frames for pass 2) against decoding it twice, and the generator's
threads, on bench/dub.py's 512x512 11 s template with 11 s of speech, `--adapt off`, alternating; each run a fresh
process timed from outside (start to exit), as `talkface dub` runs.
Run: python nbs/runs/decode_once_s30/ab.py [--rounds 3] [--bf16 auto|off]; prints a table (result.txt beside it)."""
import argparse, json, os, subprocess, sys, tempfile, time
from pathlib import Path
ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT/'bench'))
from dub import make_video, make_speech, SHARED                      # bench/dub.py

CHILD = r"""
import json, os, resource, sys, time
import talkface.dub as d
d.HOLD_TEMPLATE_BYTES = int(sys.argv[1])
kw = json.loads(sys.argv[2])
r = d.dub(**kw, progress=False)
print('RESULT', json.dumps({'seconds': r['seconds'], 'bf16': r['bf16'], 'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), flush=True)
os._exit(0)
"""

def main():
    ap = argparse.ArgumentParser(); ap.add_argument('--rounds', type=int, default=3); ap.add_argument('--bf16', default='auto')
    ap.add_argument('--threads', type=int, nargs='+', default=[1, 2]); a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    video = make_video(SHARED/'video'/'news_may_5s.mp4', 11, tmp/'t512.mp4'); speech = make_speech(11, tmp/'s11.wav')
    cases = [(hold, th) for th in a.threads for hold in (0, 256 << 20)]
    rows = {c: [] for c in cases}
    for _ in range(a.rounds):
        for hold, th in cases:
            kw = dict(video=str(video), audio=str(speech), out=str(tmp/'o.mp4'), adapt='off', threads=th,
                      bf16={'auto': None, 'on': True, 'off': False}[a.bf16])
            t = time.perf_counter(); p = subprocess.run([sys.executable, '-c', CHILD, str(hold), json.dumps(kw)], capture_output=True, text=True)
            wall = time.perf_counter() - t
            if p.returncode: sys.exit(p.stderr[-2000:])
            r = json.loads(next(l for l in p.stdout.splitlines() if l.startswith('RESULT '))[7:])
            rows[(hold, th)].append((wall, r)); print(hold, th, f"{wall:.2f}", r['seconds'], flush=True)
    cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), '?')
    print(f"\n{cpu}, {os.cpu_count()} CPUs, bf16 {a.bf16} ({rows[cases[0]][0][1]['bf16']}); 512x512 11 s template, 11 s speech, --adapt off")
    print(f"{'template frames':<22}{'threads':>8}  {'wall s (each run)':<26}{'dub s':<22}{'peak RSS MB':>12}")
    for (hold, th), rs in rows.items():
        walls, dubs = ', '.join(f'{w:.2f}' for w, _ in rs), ', '.join(f"{r['seconds']['total']:.2f}" for _, r in rs)
        name = 'held from pass 1' if hold else 'decoded twice'
        print(f"{name:<22}{th:>8}  {walls:<26}{dubs:<22}{max(r['rss_mb'] for _, r in rs):>12.0f}")

if __name__ == '__main__': main()
