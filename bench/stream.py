"""Live lip-sync in real time (`talkface.stream.Live`), measured as a voice agent would use it (run by hand; prints a table,
then one JSON line).

    python bench/stream.py [--template data/video/may_3s.mp4] [--seconds 60] [--size 512|1080] [--bf16 auto|on|off]
                           [--adapt off|on] [--batch N] [--psnr-frames 250]

A feeder thread pushes speech in 20 ms chunks at real time (the bundled speech files, each followed by 1 s of silence,
repeated to `--seconds`: the silences are the markers where the mouth must close and open); the main thread takes the
frames as they come. Per frame k (showing samples k·640 … (k+1)·640):

- latency = the time frame k came out − the time its first sample was spoken (t0 + k·40 ms; each 20 ms chunk is pushed
  when it is complete, as a microphone delivers it); the model's look-ahead (`lookahead_ms`, 160 ms for a talkface
  generator) is part of it: the issue's target is p95 ≤ look-ahead + 250 ms;
- fps = frames out / (last frame out − first frame out); dropped (skipped to keep up), late (after their due time) and
  silent (rendered with padded silence because speech had not come in time) frames are counted;
- drift = median latency of the last 50 frames − that of the first 50: how far video slides from audio over the run;
- psnr_vs_offline_db = the lowest mouth-crop PSNR of the first `--psnr-frames` frames against `talkface dub` of the
  same speech (its H.264 file).

`--size 1080` builds a 1080×1920 HEVC template from `--template` (bench/dub.py's phone-style clip); `--bf16 off` is the
stand-in for a CPU without AMX on one that has it. Peak RSS is the process's."""
import argparse, json, resource, sys, tempfile, threading, time
from pathlib import Path
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT/'bench'))

def speech_for(seconds: float) -> np.ndarray:
    "`seconds` of 16 kHz speech from the bundled files, each followed by 1 s of silence, repeated and trimmed."
    from talkface.audio import load_audio
    parts = [np.concatenate([load_audio(ROOT/'data'/'audio'/n), np.zeros(16000, np.float32)]) for n in ('obama_3s.wav', 'zh_3s.m4a')]
    one = np.concatenate(parts); reps = int(np.ceil(seconds * 16000 / len(one)))
    return np.tile(one, reps)[:round(seconds * 16000)]

def mouth_psnr(live_frames: dict, offline: Path, person, n: int) -> float:
    "Lowest PSNR (dB) over the mouth crop's footprint of the first `n` live frames against the offline dub's."
    from talkface.crop import paste_alpha
    from talkface.stream import schedule_at
    from talkface.video import iter_frames
    worst = np.inf
    for k, g in enumerate(iter_frames(offline)):
        if k >= n: break
        if k not in live_frames: continue
        M = person.Ms[schedule_at([k], person.n_frames)[0]]
        inside = paste_alpha(M, person.cfg, g.shape[:2]) > 0
        mse = ((live_frames[k][inside].astype(np.float64) - g[inside]) ** 2).mean()
        worst = min(worst, 10 * np.log10(255 ** 2 / max(mse, 1e-10)))
    return float(worst)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--template', default=str(ROOT/'data'/'video'/'may_3s.mp4'))
    ap.add_argument('--size', type=int, choices=(512, 1080), default=512, help='1080: a 1080x1920 HEVC template built from --template')
    ap.add_argument('--seconds', type=float, default=60.0)
    ap.add_argument('--checkpoint', default=None)
    ap.add_argument('--bf16', choices=('auto', 'on', 'off'), default='auto')
    ap.add_argument('--adapt', choices=('off', 'on'), default='off', help='on: the adapted generator (cached; the first run adapts)')
    ap.add_argument('--batch', type=int, default=None, help="frames per generator call (default: Live's choice, timed at its start)")
    ap.add_argument('--serial-paste', action='store_true', help="paste on the rendering thread (Live(pipeline=False)), as before stop 37")
    ap.add_argument('--threads', type=int, default=None, help='torch threads for the generator (default: torch\'s)')
    ap.add_argument('--psnr-frames', type=int, default=250, help='frames compared with the offline dub (0: none)')
    a = ap.parse_args()
    import soundfile as sf
    from talkface.dub import prepare_person, dub
    from talkface.stream import Live
    tmp = Path(tempfile.mkdtemp())
    template = Path(a.template)
    if a.size == 1080:
        from dub import make_phone_video
        template = make_phone_video(a.template, 4.0, tmp/'phone_1080.mp4')
    bf16 = {'auto': None, 'on': True, 'off': False}[a.bf16]
    t = time.perf_counter()
    person = prepare_person(template, a.checkpoint, adapt='on' if a.adapt == 'on' else None, bf16=bf16, progress=False)
    prep_s = time.perf_counter() - t
    speech = speech_for(a.seconds); n_frames = len(speech) // 640
    out_t, images = {}, {}
    with Live(person, batch_size=a.batch, threads=a.threads, pipeline=not a.serial_paste) as live:
        t0 = time.perf_counter()
        def feed():                                       # a microphone: each 20 ms chunk arrives once it is recorded
            for s in range(0, len(speech), 320):
                time.sleep(max(0.0, t0 + (s + 320) / 16000 - time.perf_counter()))
                live.push(speech[s:s + 320])
        feeder = threading.Thread(target=feed, daemon=True); feeder.start()
        while True:
            f = live.get(timeout=5)
            if f is None: break
            out_t[f.index] = time.perf_counter()
            if f.index < a.psnr_frames: images[f.index] = f.image
            if f.index >= n_frames - 1: break
        feeder.join()
        stats = live.stats()
    if live.error: raise SystemExit(f"the live stream failed: {live.error}")
    ks = np.array(sorted(k for k in out_t if k < n_frames))
    lat = np.array([out_t[k] - (t0 + k / 25) for k in ks]) * 1000   # frame k's first sample was spoken at t0 + k·40 ms
    times = np.array([out_t[k] for k in ks])
    fps = (len(ks) - 1) / (times[-1] - times[0])
    drift = float(np.median(lat[-50:]) - np.median(lat[:50]))
    psnr = None
    if a.psnr_frames:
        n = min(a.psnr_frames, n_frames)
        sf.write(tmp/'speech.wav', speech[:(n + 10) * 640], 16000)
        ref = dub(template, tmp/'speech.wav', out=tmp/'offline.mp4', checkpoint=a.checkpoint, adapt='on' if a.adapt == 'on' else None, bf16=bf16, progress=False)
        psnr = mouth_psnr(images, Path(ref['out']), person, n)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    h, w = person.frame_size
    rows = [('template', f'{template.name} {w}x{h}, {person.n_frames} frames'), ('generator', f"{person.method} ({'bf16' if person.bf16 else 'float32'}), mouth {person.cfg.mouth_size} px, batch {stats['batch']}"),
            ('prepare (s)', f'{prep_s:.1f}'), ('speech (s)', f'{len(speech) / 16000:.1f} ({n_frames} frames)'),
            ('frames out / dropped / late', f"{len(ks)} / {stats['dropped']} / {stats['late']}"),
            ('fps (sustained)', f'{fps:.2f}'), ('render ms/frame p50 / p95', f"{stats['render_ms_p50']:.1f} / {stats['render_ms_p95']:.1f}"),
            ('latency ms p50 / p95', f'{np.percentile(lat, 50):.0f} / {np.percentile(lat, 95):.0f}'),
            ('look-ahead ms', f"{stats['lookahead_ms']:.0f}"), ('drift over the run (ms)', f'{drift:.0f}'),
            ('mouth PSNR vs offline dub (dB, min)', 'not measured' if psnr is None else f'{psnr:.1f}'), ('peak RSS (MB)', f'{rss:.0f}')]
    for k, v in rows: print(f'{k:38s} {v}')
    print(json.dumps({'fps': round(fps, 2), 'latency_p50_ms': round(float(np.percentile(lat, 50)), 1), 'latency_p95_ms': round(float(np.percentile(lat, 95)), 1),
                      'lookahead_ms': stats['lookahead_ms'], 'psnr_vs_offline_db': None if psnr is None else round(psnr, 2),
                      'frames': int(len(ks)), 'dropped': stats['dropped'], 'late': stats['late'], 'drift_ms': round(drift, 1),
                      'render_ms_p50': round(stats['render_ms_p50'], 1), 'peak_rss_mb': round(rss), 'size': f'{w}x{h}', 'bf16': person.bf16, 'batch': stats['batch']}))

if __name__ == '__main__':
    main()
