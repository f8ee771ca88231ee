"""Benchmark talkface's pipeline around a Wav2Lip checkpoint (run by hand): end-to-end fps and peak RSS of `talkface dub`
with an official-layout Wav2Lip file (random weights, 36,298,035 parameters: the compute of wav2lip_gan.pth, noise for mouths).

    python bench/wav2lip.py [--checkpoint wav2lip_gan.pth] [--short 11] [--long 120] [--device cpu] [--batch-size 8] [--threads 1]

Builds a `--short`- and a `--long`-second 512x512 25 fps video by ping-ponging a shared clip and speech of the same lengths
from the shared speech files (`bench/dub.py`'s helpers), dubs each in its own subprocess, and prints per length: frames,
wall seconds, end-to-end fps, the child's peak RSS (`ru_maxrss`) and seconds per stage; beside it the figures issue 12
quotes for Wav2Lip's own `inference.py` on an 11 s and a 2 min 512² dub (peak RSS 2.25 GB and 4.4 GB: it holds every frame).
Needs `talkface dub` to accept Wav2Lip checkpoints (`talkface.wav2lip.is_wav2lip_checkpoint`); exits with status 2 if it does not."""
import argparse, json, sys, tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dub import SHARED, CHILD, make_video, make_speech, run_child, STAGES      # bench/dub.py

OFFICIAL_RSS_MB = {11: 2.25 * 1024, 120: 4.4 * 1024}       # issue 12: Wav2Lip inference.py, 512² clip, same speech

def wav2lip_checkpoint(a, tmp: Path) -> str:
    "The user's file, or a random Wav2Lip in the official layout (DataParallel `module.` keys, as released)."
    if a.checkpoint: return a.checkpoint
    import torch
    from talkface.wav2lip import Wav2Lip, save_wav2lip
    torch.manual_seed(0)
    return str(save_wav2lip(Wav2Lip().eval(), tmp/'wav2lip_gan.pth', prefix='module.'))

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--checkpoint'); p.add_argument('--short', type=float, default=11); p.add_argument('--long', type=float, default=120)
    p.add_argument('--clip', default=str(SHARED/'video'/'news_may_5s.mp4')); p.add_argument('--device', default='cpu')
    p.add_argument('--batch-size', type=int, default=8); p.add_argument('--threads', type=int, default=1)
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d); ck = wav2lip_checkpoint(a, tmp)
        from talkface.wav2lip import is_wav2lip_checkpoint
        import talkface.dub
        if not is_wav2lip_checkpoint(ck): sys.exit(f"{ck}: not a Wav2Lip-family checkpoint")
        if 'wav2lip' not in Path(talkface.dub.__file__).read_text():
            print("talkface dub does not accept Wav2Lip checkpoints yet (see issue 12: the dub integration); nothing to measure"); sys.exit(2)
        rows = []
        for secs in (a.short, a.long):
            video, speech = make_video(a.clip, secs, tmp/f'v{secs:g}.mp4'), make_speech(secs, tmp/f's{secs:g}.wav')
            kw = dict(video=str(video), audio=str(speech), checkpoint=ck, out=str(tmp/f'out{secs:g}.mp4'), device=a.device,
                      batch_size=a.batch_size, threads=a.threads)
            r = run_child(CHILD, json.dumps(kw))
            if r.get('method') != 'wav2lip': sys.exit(f"dub ran method {r.get('method')!r}, not the Wav2Lip generator")
            rows.append((secs, r)); print(f"{secs:g} s: {r['n_frames']} frames, {r['fps']:.2f} fps, peak RSS {r['maxrss_mb']:.0f} MB", flush=True)
    print(f"\ntalkface dub + Wav2Lip ({a.device}, {a.threads} thread(s), batch {a.batch_size}, clip {Path(a.clip).name} at 512x512)")
    print(f"{'speech':>8s} {'frames':>7s} {'wall s':>8s} {'fps':>6s} {'peak RSS MB':>12s} {'official RSS MB':>16s}  " + ' '.join(f'{s[:5]:>6s}' for s in STAGES) + '  (ms/frame)')
    for secs, r in rows:
        off = OFFICIAL_RSS_MB.get(round(secs)); st = r['seconds']
        print(f"{secs:>7g}s {r['n_frames']:>7d} {st['total']:>8.1f} {r['fps']:>6.2f} {r['maxrss_mb']:>12.0f} {off if off else float('nan'):>16.0f}  "
              + ' '.join(f"{1000 * st.get(s, 0) / r['n_frames']:>6.1f}" for s in STAGES))
    (s0, r0), (s1, r1) = rows
    print(f"peak RSS {s1:g} s / {s0:g} s: {r1['maxrss_mb'] / r0['maxrss_mb']:.2f}x (bounded memory: ~1x; the official script grows ~2x)")

if __name__ == '__main__': main()
