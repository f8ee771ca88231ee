"""The live page in a real browser, measured (run by hand, alone on the machine; prints a table, then one JSON line).

    python bench/live_page.py [--template data/video/may_3s.mp4] [--size 320|512] [--seconds 20] [--bf16 auto|on|off]

Starts `talkface live` on the template (`talkface.live.start_live`) (resized to `--size`²) in its own process on 127.0.0.1, opens its page in headless
Chromium (`talkface.live.probe_page`: Debian's `chromium` through Playwright, `fake_microphone`: the bundled speech with
2-s pauses) and reads what the page measured per received frame (`talkface.live.speech_follow`): frames received
per second (target ≥ 24 of the 25 sent), the lips' motion while speech plays against pauses, and the delay between them;
the page's own latency and dropped-frame readouts. Chromium decodes and measures every frame on the same 2 cores as the
server, so this is the whole chain a user on this machine would see; `bench/stream.py` measures the server alone."""
import argparse, json, socket, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--template', default=str(ROOT/'data'/'video'/'may_3s.mp4'))
    ap.add_argument('--size', type=int, default=320, help='the template resized to size² (320: what the test streams)')
    ap.add_argument('--seconds', type=float, default=20.0)
    ap.add_argument('--bf16', choices=('auto', 'on', 'off'), default='off')
    a = ap.parse_args()
    import cv2
    from talkface.live import start_live, fake_microphone, probe_page, speech_follow
    from talkface.video import VideoWriter, iter_frames
    tmp = Path(tempfile.mkdtemp()); template = tmp/f'template_{a.size}.mp4'
    with VideoWriter(template) as w:
        for f in iter_frames(a.template): w.write(cv2.resize(f, (a.size, a.size), interpolation=cv2.INTER_AREA))
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]
    t = time.perf_counter(); server = start_live(template, port, a.bf16); start_s = time.perf_counter() - t
    try:
        got = probe_page(f'http://127.0.0.1:{port}', fake_microphone(tmp/'mic.wav'), a.seconds + 1)
        r = speech_follow(got['frames'], seconds=a.seconds)
    finally:
        server.terminate(); server.wait()
    rows = [('template', f'{Path(a.template).name} at {a.size}x{a.size} (--bf16 {a.bf16})'), ('server start-up (s)', f'{start_s:.1f}'),
            (f'frames received in {a.seconds:g} s', f"{r['frames']}"), ('fps received (target >= 24)', f"{r['fps']:.1f}"),
            ('lip motion speaking / pause', f"{r['speaking']:.2f} / {r['pause']:.2f} (x{r['ratio']:.2f})"),
            ('delay microphone -> lips (ms)', f"{r['lag_s'] * 1000:.0f}"), ("page's latency readout", got['latency']),
            ("page's dropped readout", got['dropped'])]
    for k, v in rows: print(f'{k:34s} {v}')
    print(json.dumps({'size': a.size, 'bf16': a.bf16, 'fps': round(r['fps'], 2), 'frames': r['frames'], 'ratio': round(r['ratio'], 2),
                      'lag_ms': round(r['lag_s'] * 1000), 'latency': got['latency'], 'dropped': got['dropped']}))

if __name__ == '__main__':
    main()
