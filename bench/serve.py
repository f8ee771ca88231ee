"""`talkface serve` under use (run by hand; prints a table, then one JSON line).

    python bench/serve.py [--adapt on|off] [--dubs 20] [--clients 10] [--repeat 3]

Starts `talkface serve` in its own process (a fresh data folder, one worker, loopback) and saves
`data/video/may_3s.mp4` as a template (adapted by default, as `talkface dub` does; the adaptation cache is a fresh one
shared with the CLI runs below). Then:

- speed: `--repeat` dubs of `data/audio/obama_3s.wav` (3 s) on the template through the API, one at a time (upload,
  wait, download: `talkface.client.Client`), against the CLI's cached dub of the same input (`talkface dub`, a new
  process each time, after one run that fills the cache): the issue's target is API ≤ 1.5 × CLI;
- load: `--dubs` dubs of the same speech from `--clients` concurrent clients; every output is checked (frames,
  duration, soundtrack); latency p50/p95 (submit → downloaded), throughput against one at a time, and the server's
  peak RSS (sampled every 0.2 s) are reported."""
import argparse, json, os, socket, statistics, subprocess, sys, tempfile, threading, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def rss_mb(pid: int) -> float:
    "Resident memory (MB) of process `pid` and its children (from /proc)."
    total = 0
    for p in [pid] + [int(c) for c in open(f'/proc/{pid}/task/{pid}/children').read().split()]:
        try: total += int(open(f'/proc/{p}/statm').read().split()[1]) * os.sysconf('SC_PAGE_SIZE')
        except OSError: pass
    return total / 2 ** 20

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--adapt', default='on', help="the template's adaptation: on (default, as talkface dub), off, or steps")
    ap.add_argument('--dubs', type=int, default=20)
    ap.add_argument('--clients', type=int, default=10)
    ap.add_argument('--repeat', type=int, default=3)
    a = ap.parse_args()
    import httpx
    from talkface.client import Client
    from talkface.video import count_frames, has_audio, probe_video
    tmp = Path(tempfile.mkdtemp()); env = {**os.environ, 'TALKFACE_CACHE': str(tmp/'cache')}
    video, speech = ROOT/'data'/'video'/'may_3s.mp4', ROOT/'data'/'audio'/'obama_3s.wav'
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]
    srv = subprocess.Popen([sys.executable, '-m', 'talkface.serve', '--data', str(tmp/'data'), '--port', str(port), '--max_queue', str(a.dubs + 5)],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f'http://127.0.0.1:{port}'
    for _ in range(300):
        try:
            if httpx.get(f'{url}/v1/templates', timeout=1).status_code == 200: break
        except httpx.HTTPError: time.sleep(0.1)
    peak, stop = [0.0], threading.Event()
    def sample():
        while not stop.is_set(): peak[0] = max(peak[0], rss_mb(srv.pid)); time.sleep(0.2)
    threading.Thread(target=sample, daemon=True).start()
    try:
        cl = Client(url)
        t = time.perf_counter(); tpl = cl.wait('templates', cl.create_template(video, 'May', adapt=a.adapt)['id'], poll=0.2)
        prep_s = time.perf_counter() - t
        api = []
        for i in range(a.repeat):
            t = time.perf_counter(); cl.dub(speech, template=tpl['id'], out=tmp/f'api_{i}.mp4'); api.append(time.perf_counter() - t)
        idle_peak = peak[0]
        cli_adapt = 'off' if a.adapt == 'off' else a.adapt
        cli = []
        for i in range(a.repeat + 1):                           # the first run fills the cache (when adapting): not counted
            t = time.perf_counter()
            subprocess.run([sys.executable, '-m', 'talkface.dub', '--video', str(video), '--audio', str(speech), '--out', str(tmp/f'cli_{i}.mp4'),
                            '--adapt', cli_adapt], env=env, check=True, capture_output=True)
            if i: cli.append(time.perf_counter() - t)
        def one(i):
            t = time.perf_counter(); out = Client(url).dub(speech, template=tpl['id'], out=tmp/f'load_{i}.mp4'); return time.perf_counter() - t, out
        t = time.perf_counter()
        with ThreadPoolExecutor(a.clients) as ex: results = list(ex.map(one, range(a.dubs)))
        load_s = time.perf_counter() - t
        lat = sorted(r[0] for r in results)
        ok = sum(count_frames(o) == 76 and has_audio(o) and abs(probe_video(o).duration - 3.04) < 0.05 for _, o in results)
    finally:
        stop.set(); srv.terminate(); srv.wait()
    one_at_a_time = statistics.median(api)
    p95 = lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))]
    rows = [('template prepared (s)', f'{prep_s:.1f} (adapt {a.adapt})'),
            ('API dub of 3 s, one at a time (s)', ' '.join(f'{x:.2f}' for x in api) + f'  median {one_at_a_time:.2f}'),
            ('CLI cached dub, new process (s)', ' '.join(f'{x:.2f}' for x in cli) + f'  median {statistics.median(cli):.2f}'),
            ('API / CLI', f'{one_at_a_time / statistics.median(cli):.2f}'),
            (f'load: {a.dubs} dubs, {a.clients} clients', f'{ok}/{a.dubs} correct in {load_s:.1f} s'),
            ('latency p50 / p95 (s)', f'{statistics.median(lat):.2f} / {p95:.2f}'),
            ('throughput (dubs/min) vs one at a time', f'{60 * a.dubs / load_s:.1f} vs {60 / one_at_a_time:.1f}'),
            ('server peak RSS (MB): idle after dubs / under load', f'{idle_peak:.0f} / {peak[0]:.0f}')]
    for k, v in rows: print(f'{k:52s} {v}')
    print(json.dumps({'api_s': round(one_at_a_time, 2), 'cli_s': round(statistics.median(cli), 2), 'ratio': round(one_at_a_time / statistics.median(cli), 2),
                      'load_ok': ok, 'dubs': a.dubs, 'clients': a.clients, 'latency_p50_s': round(statistics.median(lat), 2), 'latency_p95_s': round(p95, 2),
                      'throughput_per_min': round(60 * a.dubs / load_s, 1), 'peak_rss_mb': round(peak[0]), 'adapt': a.adapt}))

if __name__ == '__main__':
    main()
