"""Benchmark `talkface dub` (run by hand): end-to-end speed stage by stage, and peak memory against the speech's length.

    python bench/dub.py                          # the table: 512x512 and 1080x1920 templates, short and long speech
    python bench/dub.py --cases 512:11:11,1080:10:60 [--checkpoint C] [--serial] [--threads N] [--bf16 auto|on|off]
    python bench/dub.py --shared-check           # every shared video dubbed with another speaker's speech

Each case `SIZE:TEMPLATE_S:SPEECH_S` builds a template and speech of those lengths, then runs `talkface dub --adapt
off` as a user would, in its own process, and reports its wall time including start-up (imports, model load), the
time and fps inside `dub()`, its peak RSS (`/usr/bin/time`-style: `ru_maxrss` of the child) and the seconds per stage
in ms per output frame. Templates: SIZE 512 is a 512x512 H.264 25 fps video ping-ponged from a shared clip
(default news_may_5s.mp4); SIZE 1080 is a 1080x1920 HEVC 30 fps phone-style portrait video (a shared face clip
placed 1080 px wide on a blurred copy of itself, light sensor-like noise, keyframe every 2 s). Speech is shared speech
files concatenated. In the default pipelined dub the stages overlap on threads (decode ahead; generator on the
calling thread; compositing + encoding behind), so the stage columns are each stage's busy time and add up to more
than the total; `--serial` runs them one after the other (`dub(pipeline=False)`). Without `--checkpoint` it uses the
demo checkpoint if installed, else a random generator of the default `GeneratorConfig` size."""
import argparse, json, os, subprocess, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))                  # bench/encode.py's portrait frames
import numpy as np

SHARED = Path('/work/shared/data')
SPEECH = ['en_obama_5s_16k.wav', 'en_talk_10s_48k.wav', 'en_zozo_11s_16k.wav', 'fr_macron_12s_48k.wav', 'en_iplap_21s_44k.wav',
          'en_long_60s_16k.wav']

CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from talkface.dub import dub
kw = json.loads(sys.argv[1])
res = dub(**kw, progress=False)
res['maxrss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
res['process_s'] = time.perf_counter() - t0
print('RESULT', json.dumps(res))
"""

BASELINE = r"""
import json, resource, sys, numpy as np
from talkface.dub import load_dub_model
from talkface.landmarks import FaceLandmarker
load_dub_model(sys.argv[1], 'cpu')
with FaceLandmarker() as lm: lm.detect(np.zeros((512, 512, 3), np.uint8), 0)
print('RESULT', json.dumps({'maxrss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

def run_child(code: str, *args) -> dict:
    r = subprocess.run([sys.executable, '-c', code, *args], capture_output=True, text=True)
    if r.returncode: raise SystemExit(f"child failed:\n{r.stderr[-3000:]}")
    return json.loads(next(l for l in r.stdout.splitlines() if l.startswith('RESULT '))[7:])

def make_video(src, seconds: float, path: Path, size: int = 512) -> Path:
    "A `seconds`-long 25 fps video of `src` ping-ponged (streamed: never all frames in memory), resized to size x size."
    import cv2
    from talkface.dub import FrameSource, frame_schedule, scheduled_frames
    from talkface.video import VideoWriter
    fs = FrameSource(src); n = round(seconds * 25)
    with VideoWriter(path, preset='veryfast') as w:
        for f in scheduled_frames(fs, frame_schedule(n, len(fs))):
            w.write(f if f.shape[:2] == (size, size) else cv2.resize(f, (size, size), interpolation=cv2.INTER_AREA))
    return path

def make_phone_video(src, seconds: float, path: Path, fps: int = 30) -> Path:
    """A `seconds`-long 1080x1920 HEVC `fps` video like a phone's: `src` ping-ponged, placed 1080 px wide on a blurred
    copy of itself (`bench/encode.py`'s `portrait`), with ±4 levels of noise, x265 crf 14 (12.5 Mbit/s, a phone's bitrate)."""
    import av
    from encode import portrait
    from talkface.dub import FrameSource, frame_schedule, scheduled_frames
    rng, fs, n = np.random.default_rng(0), FrameSource(src, fps), round(seconds * fps)
    with av.open(str(path), 'w') as c:
        v = c.add_stream('libx265', rate=fps); v.width, v.height, v.pix_fmt = 1080, 1920, 'yuv420p'
        v.options = {'preset': 'ultrafast', 'crf': '14', 'x265-params': f'keyint={2 * fps}:log-level=error'}
        for i, f in enumerate(scheduled_frames(fs, frame_schedule(n, len(fs)))):
            g = portrait(f).astype(np.int16) + rng.integers(-4, 5, (1920, 1080, 1), dtype=np.int16)
            vf = av.VideoFrame.from_ndarray(np.clip(g, 0, 255).astype(np.uint8), format='rgb24'); vf.pts = i
            for p in v.encode(vf): c.mux(p)
        for p in v.encode(None): c.mux(p)
    return path

def make_speech(seconds: float, path: Path) -> Path:
    "`seconds` of 16 kHz speech: shared speech files concatenated (repeated if needed) and trimmed."
    import soundfile as sf
    from talkface.audio import load_audio
    parts, n, want = [], 0, round(seconds * 16000)
    while n < want:
        for name in SPEECH:
            w = load_audio(SHARED/'audio'/name); parts.append(w); n += len(w)
            if n >= want: break
    sf.write(path, np.concatenate(parts)[:want], 16000, subtype='PCM_16')
    return path

def checkpoint_for(a, tmp: Path) -> str:
    from talkface.dub import DEMO_CHECKPOINT, save_random_checkpoint
    if a.checkpoint: return a.checkpoint
    if DEMO_CHECKPOINT.exists(): return str(DEMO_CHECKPOINT)
    print(f"no demo checkpoint: random generator (mouth {a.random_mouth_size}, width {a.random_width}, other GeneratorConfig fields default)")
    return str(save_random_checkpoint(tmp/'random.pt', mouth_size=a.random_mouth_size, width=a.random_width))

STAGES = ['decode', 'landmarks', 'crop', 'audio', 'generator', 'paste', 'encode']

def template(a, tmp: Path, size: int, seconds: float) -> Path:
    path = tmp/f'template_{size}_{seconds:g}s.mp4'
    if not path.exists():
        t = time.perf_counter()
        if size == 1080: make_phone_video(a.phone_source, seconds, path)
        else: make_video(a.source, seconds, path, size)
        print(f"built {path.name} in {time.perf_counter() - t:.0f} s", flush=True)
    return path

def run_cli(video: Path, speech: Path, ckpt: str, out: Path, a) -> float:
    "Wall seconds of `talkface dub --adapt off` as a user runs it (start-up included)."
    cmd = [str(Path(sys.executable).parent/'talkface'), 'dub', '--video', str(video), '--audio', str(speech), '--checkpoint', ckpt,
           '--out', str(out), '--adapt', 'off', '--device', a.device, '--bf16', a.bf16]
    t = time.perf_counter(); r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode: raise SystemExit(f"talkface dub failed:\n{r.stderr[-3000:]}")
    return time.perf_counter() - t

def memory_and_speed(a, tmp: Path):
    ckpt = checkpoint_for(a, tmp)
    base = run_child(BASELINE, ckpt)['maxrss_mb']
    rows = []
    for case in a.cases.split(','):
        size, tsec, ssec = case.split(':'); size, tsec, ssec = int(size), float(tsec), float(ssec)
        vid, wav = template(a, tmp, size, tsec), make_speech(ssec, tmp/f'speech_{ssec:g}s.wav')
        kw = dict(video=str(vid), audio=str(wav), checkpoint=ckpt, out=str(tmp/'out.mp4'), device=a.device,
                  batch_size=a.batch_size, threads=a.threads, workers=a.workers, pipeline=not a.serial, bf16={'auto': None, 'on': True, 'off': False}[a.bf16], **({'buffer_bytes': a.buffer_mb << 20} if a.buffer_mb else {}))
        r = run_child(CHILD, json.dumps(kw))
        r['cli_s'] = run_cli(vid, wav, ckpt, tmp/'out_cli.mp4', a) if a.cli else float('nan')
        rows.append((f"{'512x512' if size == 512 else '1080x1920' if size == 1080 else f'{size}x{size}'} {tsec:g}s", ssec, r))
        print(f"  {rows[-1][0]} + {ssec:g} s speech: {r['fps']:.1f} fps", flush=True)
    import torch
    print(f"\nmachine: {os.cpu_count()} CPUs, torch {torch.__version__}, device {a.device}, batch {a.batch_size}, "
          f"{'serial' if a.serial else 'pipelined'} dub, generator threads {a.threads or 'default'}, bf16 {a.bf16} ({'on' if rows[0][2].get('bf16') else 'off'}); checkpoint {Path(ckpt).name}; "
          f"baseline RSS (imports + model + landmarker) {base:.0f} MB")
    print(f"{'template':<16}{'speech':>7}{'frames':>7}{'CLI wall s':>11}{'dub s':>7}{'fps':>6}{'peak MB':>8}  " + ''.join(f'{s:>10}' for s in STAGES))
    print(f"{'':<62}" + ''.join(f'{"ms/frame":>10}' for _ in STAGES))
    for name, ssec, r in rows:
        n = r['n_frames']
        print(f"{name:<16}{ssec:>6g}s{n:>7}{r['cli_s']:>11.1f}{r['seconds']['total']:>7.1f}{r['fps']:>6.1f}{r['maxrss_mb']:>8.0f}  "
              + ''.join(f"{1000 * r['seconds'].get(s, 0) / n:>10.1f}" for s in STAGES))

def shared_check(a, tmp: Path):
    import av
    from talkface.audio import load_audio, n_frames_for
    from talkface.video import count_frames, probe_video
    ckpt = checkpoint_for(a, tmp)
    vids = sorted((SHARED/'video').iterdir())
    auds = [SHARED/'audio'/n for n in ('en_obama_5s_16k.wav', 'zh_acknowledgement.m4a', 'fr_macron_12s_48k.wav', 'en_talk_10s_48k.wav',
                                       'ja_1.wav', 'hdtf_RD_Radio31_000.wav', 'en_noisy_meeting_snr0.wav', 'zh_guanyu.wav')]
    jobs = [(v, auds[i % len(auds)]) for i, v in enumerate(vids)]
    jobs.append((SHARED/'video'/'hdtf_katiehill_8s.mp4', SHARED/'audio'/'en_long_60s_16k.wav'))
    print(f"{'video':<24}{'fps':>7}  {'speech':<28}{'frames':>8}{'expected':>9}{'audio s':>9}{'speech s':>9}{'faceless':>9}{'fps':>6}  ok")
    bad = 0
    for v, s in jobs:
        out = tmp/f'{v.stem}__{s.stem}.mp4'
        r = run_child(CHILD, json.dumps(dict(video=str(v), audio=str(s), checkpoint=ckpt, out=str(out), device=a.device,
                                             batch_size=a.batch_size, threads=a.threads)))
        speech = len(load_audio(s)) / 16000; want = n_frames_for(round(speech * 16000))
        n = sum(1 for _ in __import__('talkface.video', fromlist=['iter_frames']).iter_frames(out, fps=None))
        with av.open(str(out)) as c: st = c.streams.audio[0]; asec = float(st.duration * st.time_base)
        ok = n == want == count_frames(out, None) and abs(probe_video(out).fps - 25) < 1e-6 and abs(asec - speech) <= 0.04
        bad += not ok
        print(f"{v.name:<24}{probe_video(v).fps:>7.2f}  {s.name:<28}{n:>8}{want:>9}{asec:>9.2f}{speech:>9.2f}"
              f"{r['faceless_frames']:>9}{r['fps']:>6.1f}  {'ok' if ok else 'FAIL'}", flush=True)
        out.unlink()
    print(f"{len(jobs) - bad}/{len(jobs)} ok")

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--checkpoint', help='generator checkpoint (default: demo, else random)')
    ap.add_argument('--cases', default='512:11:11,512:10:60,1080:10:10,1080:10:60', help='SIZE:TEMPLATE_S:SPEECH_S,... (SIZE 512 or 1080)')
    ap.add_argument('--source', default=str(SHARED/'video'/'news_may_5s.mp4'), help='clip ping-ponged into the 512 templates')
    ap.add_argument('--phone-source', default=str(SHARED/'video'/'vrt_face_2.mp4'), help='clip ping-ponged into the 1080x1920 templates')
    ap.add_argument('--device', default='cpu')
    ap.add_argument('--batch-size', type=int, default=8)
    ap.add_argument('--bf16', choices=['auto', 'on', 'off'], default='auto', help="dub's bfloat16 setting (off: on a CPU with native bf16, the stand-in for one without)")
    ap.add_argument('--threads', type=int, default=None, help="torch threads for the generator (default: dub's choice)")
    ap.add_argument('--workers', type=int, default=None, help="batches generated at once (default: dub's choice, generator_workers)")
    ap.add_argument('--buffer-mb', type=int, default=None, help="dub's buffer_bytes in MiB (default: dub's)")
    ap.add_argument('--serial', action='store_true', help='stages one after the other (dub(pipeline=False)): un-overlapped stage times')
    ap.add_argument('--no-cli', dest='cli', action='store_false', help='skip the timed `talkface dub` run of each case')
    ap.add_argument('--random-mouth-size', type=int, default=64, help='random generator: mouth size (GeneratorConfig default 64)')
    ap.add_argument('--random-width', type=int, default=64, help='random generator: width (GeneratorConfig default 64; 4 = tiny)')
    ap.add_argument('--shared-check', action='store_true', help='dub every shared video instead (playability / length checks)')
    ap.add_argument('--keep', help='folder to keep the built inputs and outputs in (default: a temporary folder)')
    a = ap.parse_args()
    if not SHARED.exists(): raise SystemExit(f"{SHARED}: shared media not found (this benchmark uses it)")
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(a.keep or d); tmp.mkdir(parents=True, exist_ok=True)
        shared_check(a, tmp) if a.shared_check else memory_and_speed(a, tmp)

if __name__ == '__main__': main()
