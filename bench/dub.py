"""Benchmark `talkface dub` (run by hand): peak memory does not grow with the video's length, and where the time goes.

    python bench/dub.py [--checkpoint C] [--long 120] [--short 10] [--device cpu] [--batch-size 8]
    python bench/dub.py --shared-check          # every shared video dubbed with another speaker's speech

Memory/speed mode: builds a `--short`-second and a `--long`-second 512x512 25 fps video by ping-ponging a shared clip
(default /work/shared/data/video/news_may_5s.mp4) with `talkface.video.VideoWriter`, and speech of the same lengths by
concatenating shared speech files, then dubs each in its own subprocess and reports the child's peak RSS
(`resource.getrusage(RUSAGE_SELF).ru_maxrss`, read by the child at its end), the end-to-end fps and the seconds per
stage (ms per output frame). Without `--checkpoint` it uses the demo checkpoint if installed, else a generator of the
default `GeneratorConfig` size with random weights (`--random-mouth-size`, `--random-width`): the same compute as a
trained model of that size, noise for mouths.

Shared-check mode: dubs each video in /work/shared/data/video with a speech file of another speaker (round robin) and a
60 s speech file on an 8 s video (ping-pong), and checks each output: it decodes, 25 fps, n_frames_for(speech) frames,
audio stream duration = speech duration +- 1 frame."""
import argparse, json, os, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np

SHARED = Path('/work/shared/data')
SPEECH = ['en_obama_5s_16k.wav', 'en_talk_10s_48k.wav', 'en_zozo_11s_16k.wav', 'fr_macron_12s_48k.wav', 'en_iplap_21s_44k.wav',
          'en_long_60s_16k.wav']

CHILD = r"""
import json, resource, sys, torch
from talkface.dub import dub
kw = json.loads(sys.argv[1])
torch.set_num_threads(kw.pop('threads'))
res = dub(**kw, progress=False)
res['maxrss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
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

def memory_and_speed(a, tmp: Path):
    ckpt = checkpoint_for(a, tmp)
    base = run_child(BASELINE, ckpt)['maxrss_mb']
    rows = []
    for secs in (a.short, a.long):
        t = time.perf_counter()
        vid, wav = make_video(a.source, secs, tmp/f'video_{secs:g}s.mp4'), make_speech(secs, tmp/f'speech_{secs:g}s.wav')
        print(f"built {secs:g} s inputs in {time.perf_counter() - t:.0f} s; dubbing...", flush=True)
        kw = dict(video=str(vid), audio=str(wav), checkpoint=ckpt, out=str(tmp/f'out_{secs:g}s.mp4'), device=a.device,
                  batch_size=a.batch_size, threads=a.threads)
        rows.append((secs, run_child(CHILD, json.dumps(kw))))
    print(f"\nmachine: {os.cpu_count()} CPUs, device {a.device}, torch threads {a.threads}, batch {a.batch_size}; "
          f"baseline RSS (imports + model + landmarker) {base:.0f} MB")
    print(f"{'video':>7}{'frames':>8}{'peak RSS MB':>13}{'total s':>9}{'fps':>7}  " + ''.join(f'{s:>10}' for s in STAGES))
    print(f"{'':>44}  " + ''.join(f'{"ms/frame":>10}' for _ in STAGES))
    for secs, r in rows:
        n = r['n_frames']
        print(f"{secs:>6g}s{n:>8}{r['maxrss_mb']:>13.0f}{r['seconds']['total']:>9.1f}{r['fps']:>7.1f}  "
              + ''.join(f"{1000 * r['seconds'].get(s, 0) / n:>10.1f}" for s in STAGES))
    (s0, r0), (s1, r1) = rows
    print(f"peak RSS {s1:g} s / {s0:g} s: {r1['maxrss_mb'] / r0['maxrss_mb']:.3f} (growth {r1['maxrss_mb'] - r0['maxrss_mb']:+.0f} MB "
          f"for {r1['n_frames'] - r0['n_frames']} more frames)")

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
    ap.add_argument('--source', default=str(SHARED/'video'/'news_may_5s.mp4'), help='clip ping-ponged into the test videos')
    ap.add_argument('--short', type=float, default=10.0, help='seconds')
    ap.add_argument('--long', type=float, default=120.0, help='seconds')
    ap.add_argument('--device', default='cpu')
    ap.add_argument('--batch-size', type=int, default=8)
    ap.add_argument('--threads', type=int, default=1, help='torch CPU threads in the dubbing process (1: steadier on a shared box)')
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
