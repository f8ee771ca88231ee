"""Benchmark `talkface dub` with a Wav2Lip checkpoint against a reference loop that does what Wav2Lip's official
`inference.py` does (`bench/wav2lip_reference.py`), same clip, same speech, same checkpoint file, in the same run.

    python bench/wav2lip.py                                  # hdtf_aoc_8s.mp4 + en_zozo_11s_16k.wav (272 frames)
    python bench/wav2lip.py --short 1.5                      # the same pair with the speech cut to 1.5 s (a quick check)
    python bench/wav2lip.py --long 120                       # also a 120 s 512x512 ping-ponged clip with 120 s of speech
    options: [--checkpoint wav2lip_gan.pth] [--clip V] [--speech A] [--device cpu] [--batch-size 8] [--threads N] [--workers N]
             [--ref-box fixed|landmarks] [--bf16 auto|on|off ...] [--keep DIR]

Each case runs two processes one after the other, and each is timed from outside from its start to its exit (imports,
model load, reading, writing and muxing included), its peak RSS being `ru_maxrss` of it and its children (`os.wait4`):
- reference: `python bench/wav2lip_reference.py` — every frame in memory, Wav2Lip's mel of the whole speech, batches of
  128, a DIVX .avi from `cv2.VideoWriter`, muxed with the speech by an `ffmpeg` subprocess; torch's default threads. Face
  boxes: `--ref-box fixed` (default) is one box for all frames, as the official `--box` option (the issue timed the
  official script so), picked before the runs from talkface's landmarks (per-side median of the padded boxes);
  `--ref-box landmarks` tracks every frame with talkface's MediaPipe landmarker instead (the official script runs S3FD
  on every frame: not in this project; see that file's text);
- talkface: `talkface.dub.dub` as `talkface dub --checkpoint wav2lip_gan.pth` calls it (its defaults: batch 8, no
  adaptation for a Wav2Lip file, bf16 auto), ending with `os._exit` after the output is written as the console script
  does; `--threads N` passes `threads=N` (default: not passed, dub's choice), `--batch-size` its batch size; `--bf16`
  its bfloat16 setting (default `auto`: bf16 where the CPU has AMX or AVX-512 BF16; `--bf16 auto off` runs talkface once for each,
  beside one reference run: there `off` is the stand-in for a CPU without native bf16).
The ratio is reference wall seconds / talkface wall seconds: the issue's target is ≥ 2 ("talkface dub ≥ 2× the
official script's speed"). Without `--checkpoint`, a random Wav2Lip in the official layout (DataParallel `module.`
keys; 36,298,035 parameters: the compute of wav2lip_gan.pth, noise for mouths). The reference makes one frame per
16-column mel window (the official count, e.g. 269 for 10.88 s), talkface ceil(25·seconds) (272).

The table gives per case the frames, wall seconds, peak RSS of each, the ratio, and each side's seconds per step;
the last line printed is one JSON object: {"ratio", "reference_s", "talkface_s", ...} of the first case, and "rows", each case and bf16 setting."""
import argparse, json, os, subprocess, sys, tempfile, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from dub import SHARED, make_video, make_speech       # bench/dub.py
from wav2lip_reference import fixed_box                # bench/wav2lip_reference.py

CLIP, SPEECH = SHARED/'video'/'hdtf_aoc_8s.mp4', SHARED/'audio'/'en_zozo_11s_16k.wav'

TALKFACE_CHILD = r"""
import json, os, resource, sys, time
t0 = time.perf_counter()
from talkface.dub import dub
res = dub(**json.loads(sys.argv[1]), progress=False)
res['maxrss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
res['process_s'] = time.perf_counter() - t0
print('RESULT', json.dumps(res, default=str), flush=True)
sys.stderr.flush()
os._exit(0)                      # as the `talkface` console script ends (talkface.cli.console)
"""

def timed_child(argv: list) -> dict:
    "Run `argv`, return its RESULT json with 'wall_s' (start to exit, seen from here) and 'tree_maxrss_mb' (it and its children)."
    with tempfile.TemporaryFile('w+') as fo, tempfile.TemporaryFile('w+') as fe:
        t = time.perf_counter()
        p = subprocess.Popen(argv, stdout=fo, stderr=fe, text=True)
        _, status, ru = os.wait4(p.pid, 0)             # exit status and rusage of the child (and its reaped children)
        wall = time.perf_counter() - t
        p.returncode = os.waitstatus_to_exitcode(status)
        fo.seek(0); fe.seek(0); out, err = fo.read(), fe.read()
    if p.returncode: raise SystemExit(f"{argv[:3]} failed ({p.returncode}):\n{err[-3000:]}")
    r = json.loads(next(l for l in out.splitlines() if l.startswith('RESULT '))[7:])
    r['wall_s'], r['tree_maxrss_mb'] = wall, ru.ru_maxrss / 1024
    return r

def wav2lip_checkpoint(a, tmp: Path) -> str:
    "The user's file, or a random Wav2Lip in the official layout (DataParallel `module.` keys, as released)."
    if a.checkpoint: return a.checkpoint
    import torch
    from talkface.wav2lip import Wav2Lip, save_wav2lip
    torch.manual_seed(0)
    return str(save_wav2lip(Wav2Lip().eval(), tmp/'wav2lip_gan.pth', prefix='module.'))

def cut_speech(src, seconds: float, path: Path) -> Path:
    "The first `seconds` of `src` as a 16 kHz mono wav."
    import soundfile as sf
    from talkface.audio import load_audio
    sf.write(path, load_audio(src)[:round(seconds * 16000)], 16000, subtype='PCM_16')
    return path

def cases(a, tmp: Path) -> list:
    "(name, video, speech) of each case: the pair (speech cut to `--short` s if given), then the `--long` one if asked."
    speech = cut_speech(a.speech, a.short, tmp/f'speech_{a.short:g}s.wav') if a.short else Path(a.speech)
    out = [(f"{Path(a.clip).stem} + {speech.stem}", Path(a.clip), speech)]
    if a.long:
        out.append((f"{Path(a.clip).stem} ping-pong {a.long:g}s + {a.long:g}s speech",
                    make_video(a.clip, a.long, tmp/f'clip_{a.long:g}s.mp4'), make_speech(a.long, tmp/f'speech_{a.long:g}s.wav')))
    return out

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--checkpoint', help='official-layout Wav2Lip file (default: random weights in that layout)')
    p.add_argument('--clip', default=str(CLIP)); p.add_argument('--speech', default=str(SPEECH))
    p.add_argument('--short', type=float, default=0, help='cut the speech to this many seconds (default 0: all of it)')
    p.add_argument('--long', type=float, default=0, help='also a LONG-second case (a ping-ponged 512x512 clip; default 0: none)')
    p.add_argument('--device', default='cpu')
    p.add_argument('--batch-size', type=int, default=8, help="talkface dub's batch size (default 8, the CLI's)")
    p.add_argument('--threads', type=int, default=None, help="talkface dub's torch threads (default: not passed, dub's choice)")
    p.add_argument('--workers', type=int, default=None, help="talkface dub's batches generated at once (default: not passed, dub's choice)")
    p.add_argument('--ref-box', choices=['fixed', 'landmarks'], default='fixed', help='face boxes of the reference loop')
    p.add_argument('--bf16', nargs='+', choices=['auto', 'on', 'off'], default=['auto'], help="talkface dub's bf16 setting(s), each run beside the same reference")
    p.add_argument('--keep', help='folder for the inputs and outputs (default: a temporary folder)')
    a = p.parse_args()
    if not SHARED.exists(): raise SystemExit(f"{SHARED}: shared media not found (this benchmark uses it)")
    if subprocess.run(['which', 'ffmpeg'], capture_output=True).returncode:
        raise SystemExit("the reference loop muxes with the ffmpeg command, as the official script: install it (apt-get install ffmpeg)")
    from talkface.wav2lip import is_wav2lip_checkpoint
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(a.keep or d); tmp.mkdir(parents=True, exist_ok=True)
        ck = wav2lip_checkpoint(a, tmp)
        if not is_wav2lip_checkpoint(ck): sys.exit(f"{ck}: not a Wav2Lip-family checkpoint")
        rows = []
        for i, (name, video, speech) in enumerate(cases(a, tmp)):
            box = fixed_box(video) if a.ref_box == 'fixed' else 'landmarks'
            ref = timed_child([sys.executable, str(HERE/'wav2lip_reference.py'), json.dumps(dict(
                video=str(video), audio=str(speech), checkpoint=ck, out=str(tmp/f'reference_{i}.mp4'), box=box, device=a.device))])
            for b in a.bf16:
                kw = dict(video=str(video), audio=str(speech), checkpoint=ck, out=str(tmp/f'talkface_{i}_{b}.mp4'), device=a.device,
                          batch_size=a.batch_size, bf16={'auto': None, 'on': True, 'off': False}[b], **({'threads': a.threads} if a.threads else {}), **({'workers': a.workers} if a.workers else {}))
                tf = timed_child([sys.executable, '-c', TALKFACE_CHILD, json.dumps(kw)])
                if tf.get('method') != 'wav2lip': sys.exit(f"dub ran method {tf.get('method')!r}, not the Wav2Lip generator")
                label = name if len(a.bf16) == 1 else f"{name} [bf16 {b}: {'on' if tf.get('bf16') else 'off'}]"
                rows.append((label, box, ref, tf))
                print(f"{label}: reference {ref['wall_s']:.1f} s, talkface {tf['wall_s']:.1f} s, ratio {ref['wall_s'] / tf['wall_s']:.2f}", flush=True)
    import platform, torch
    cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.processor())
    print(f"\nmachine: {cpu}, {os.cpu_count()} CPUs, torch {torch.__version__}, device {a.device}; checkpoint "
          f"{Path(a.checkpoint).name if a.checkpoint else 'random Wav2Lip (official layout)'}")
    print(f"reference: batch {128}, torch threads {rows[0][2]['threads']} (default); talkface dub: batch {a.batch_size}, "
          f"threads {a.threads or 'dub default'}, workers {a.workers or 'dub default'}; reference face box: {a.ref_box}")
    print(f"\n{'case':<62}{'ref frames':>11}{'tf frames':>10}{'ref wall s':>11}{'tf wall s':>10}{'ref/tf':>7}{'ref RSS MB':>11}{'tf RSS MB':>10}")
    for name, box, ref, tf in rows:
        print(f"{name:<62}{ref['n_frames']:>11d}{tf['n_frames']:>10d}{ref['wall_s']:>11.1f}{tf['wall_s']:>10.1f}"
              f"{ref['wall_s'] / tf['wall_s']:>7.2f}{ref['tree_maxrss_mb']:>11.0f}{tf['tree_maxrss_mb']:>10.0f}")
    for name, box, ref, tf in rows:
        print(f"\n{name}\n  reference (box {box if a.ref_box == 'fixed' else 'landmarks'}), s: "
              + ', '.join(f"{k} {v:.2f}" for k, v in ref['seconds'].items()) + f"; outside the loop (start-up): {ref['wall_s'] - ref['seconds']['total']:.2f}"
              + "\n  talkface dub (stages overlap on threads), s: " + ', '.join(f"{k} {v:.2f}" for k, v in tf['seconds'].items())
              + f"; outside dub() (start-up): {tf['wall_s'] - tf['seconds']['total']:.2f}")
    name, box, ref, tf = rows[0]
    print(json.dumps({'case': name, 'ratio': round(ref['wall_s'] / tf['wall_s'], 3), 'reference_s': round(ref['wall_s'], 2),
                      'talkface_s': round(tf['wall_s'], 2), 'reference_frames': ref['n_frames'], 'talkface_frames': tf['n_frames'],
                      'reference_rss_mb': round(ref['tree_maxrss_mb']), 'talkface_rss_mb': round(tf['tree_maxrss_mb']),
                      'rows': [{'case': n, 'ratio': round(r['wall_s'] / t['wall_s'], 3), 'reference_s': round(r['wall_s'], 2),
                                'talkface_s': round(t['wall_s'], 2), 'bf16': bool(t.get('bf16'))} for n, _, r, t in rows]}))

if __name__ == '__main__': main()
