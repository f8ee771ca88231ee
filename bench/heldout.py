"""Held-out evaluation of a generator checkpoint against the copy-the-reference baseline (run by hand).

    python bench/heldout.py BIN_DIR VIDEO_DIR OUT_DIR [--checkpoint C] [--device cpu] [--json F]

For every validation segment of a `talkface binarize --split time` folder (BIN_DIR/val.json, train.json: clip, start,
stop in 25 fps frames) it cuts VIDEO_DIR/<clip>.* into OUT_DIR/heldout/<clip>.mp4 (the held-out frames), <clip>.wav
(their speech, exact: AAC would pad it) and <clip>_train.mp4 (the clip's training frames), then dubs the held-out
frames with their own speech through `talkface.dub.dub` and scores each result with `talkface.metrics.evaluate_video`
against the held-out cut. Two protocols:

- A, references from the training part (the situation of dubbing new speech: the reference frames are never
  neighbours of the frame being made): `gen_A` = the generator with `references=<clip>_train.mp4`; baselines
  `copy_j` = paste the mouth of reference frame j (j = 0…4) — reported as their mean (`baseA_mean`) and, per clip,
  the best of the five (`baseA_best`, an oracle choice).
- The audio ablation `gen_other_speech`: protocol A with the next clip's held-out speech instead of the clip's own:
  if the generator's mouths follow the audio, its LMD against the original must get worse.
- B, the template's own references (spread over the held-out cut, so a reference is at most ~T/10 frames from any
  frame): `gen_B` = the generator; `baseB` = paste the mouth of the reference nearest in time.

Equivalent commands for one clip C:

    talkface dub --video heldout/C.mp4 --audio heldout/C.wav --references heldout/C_train.mp4 --out A/gen/C.mp4
    talkface dub --video heldout/C.mp4 --audio heldout/C.wav --references heldout/C_train.mp4 --copy-reference 2 --out A/copy2/C.mp4
    talkface dub --video heldout/C.mp4 --audio heldout/C.wav --out B/gen/C.mp4
    talkface dub --video heldout/C.mp4 --audio heldout/C.wav --copy-reference nearest --out B/base/C.mp4
    talkface eval --video A/gen/C.mp4 --reference heldout/C.mp4          (and every other output)

Prints per-clip LMD (MediaPipe lip landmarks / inter-ocular distance) and mouth-box PSNR and the frame-weighted means.
Generator outputs go to OUT_DIR/<checkpoint stem>/{A,B}/gen, baselines (the same for every checkpoint of one mouth
size) to OUT_DIR/A/copy<j> and OUT_DIR/B/base. Outputs and their `talkface eval` reports (.json beside each .mp4) that exist are reused, so a killed run resumes
and two processes (one with `--reverse`) can share the work."""
import argparse, itertools, json, sys
from pathlib import Path
import numpy as np

def cut_heldout(video: Path, start: int, stop: int, out: Path) -> tuple[Path, Path]:
    """Frames [start, stop) of `video` at 25 fps with their 640 samples per frame of its 16 kHz speech: `out` (.mp4,
    H.264 + AAC) and the speech alone as a .wav beside it (AAC pads to whole 1024-sample packets; the wav is exact)."""
    import soundfile as sf
    from talkface.core import SAMPLES_PER_FRAME, SAMPLE_RATE, atomic_path
    from talkface.video import iter_frames, write_video
    from talkface.audio import load_audio
    wav_out = out.with_suffix('.wav')
    if out.exists() and wav_out.exists(): return out, wav_out
    wav = load_audio(video)[start * SAMPLES_PER_FRAME:stop * SAMPLES_PER_FRAME]
    with atomic_path(wav_out) as tmp: sf.write(tmp, wav, SAMPLE_RATE, format='WAV')
    return write_video(out, itertools.islice(iter_frames(video), start, stop), audio=wav), wav_out

RUNS = {'A/gen': {'refs': True}, **{f'A/copy{j}': {'refs': True, 'copy_reference': j} for j in range(5)},
        'B/gen': {}, 'B/base': {'copy_reference': 'nearest'}, 'A/gen_other_speech': {'refs': True, 'other_speech': True}}
GENERATED = ('A/gen', 'B/gen', 'A/gen_other_speech')   # outputs that depend on the checkpoint

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('bin_dir'); ap.add_argument('video_dir'); ap.add_argument('out_dir')
    ap.add_argument('--checkpoint', default=None); ap.add_argument('--device', default='cpu'); ap.add_argument('--json', default=None)
    ap.add_argument('--reverse', action='store_true', help='clips in reverse order (a second process shares the baselines)')
    a = ap.parse_args()
    from talkface.dub import dub
    from talkface.metrics import evaluate_video
    from talkface.core import save_json
    out, bins = Path(a.out_dir), Path(a.bin_dir)
    tag = Path(a.checkpoint).stem if a.checkpoint else 'demo'
    val, train = (json.loads((bins/f'{s}.json').read_text()) for s in ('val', 'train'))
    train = {s['clip']: s for s in train}
    videos = {p.stem: p for p in Path(a.video_dir).iterdir() if p.suffix.lower() in ('.mp4', '.mov', '.mkv', '.avi', '.webm')}
    clips = [s['clip'] for s in val]                        # another clip's held-out speech, for the audio ablation
    other_speech = {c: out/'heldout'/f'{clips[(i + 1) % len(clips)]}.wav' for i, c in enumerate(clips)}
    cuts = {}                                               # every cut first: the ablation needs the other clips' speech
    for s in val:
        c = s['clip']
        if c not in videos or c not in train: sys.exit(f"{a.video_dir}: no video or no training part for held-out clip {c!r}")
        cuts[c] = (*cut_heldout(videos[c], s['start'], s['stop'], out/'heldout'/f'{c}.mp4'),
                   cut_heldout(videos[c], train[c]['start'], train[c]['stop'], out/'heldout'/f'{c}_train.mp4')[0])
    rows = []
    for s in (val[::-1] if a.reverse else val):
        c = s['clip']; ho, ho_wav, tr = cuts[c]
        row = {'clip': c, 'frames': s['stop'] - s['start']}
        for name, kw in RUNS.items():
            dst = (out/tag/name if name in GENERATED else out/name)/f'{c}.mp4'   # baselines do not depend on the checkpoint
            if not dst.exists():
                kw = dict(kw); refs = kw.pop('refs', False)
                speech = other_speech[c] if kw.pop('other_speech', False) else ho_wav
                dub(ho, speech, a.checkpoint, dst, device=a.device, progress=False, references=tr if refs else None, **kw)
            if not dst.with_suffix('.json').exists(): save_json(evaluate_video(dst, reference=ho), dst.with_suffix('.json'))
            rep = json.loads(dst.with_suffix('.json').read_text())
            row.update({f'{name}/{k}': rep[k] for k in ('lmd', 'psnr', 'ssim', 'offset', 'confidence')})
        for k in ('lmd', 'psnr'):
            copies = [row[f'A/copy{j}/{k}'] for j in range(5)]
            row[f'A/base_mean/{k}'] = float(np.mean(copies))
            row[f'A/base_best/{k}'] = float(min(copies) if k == 'lmd' else max(copies))
        rows.append(row); print(json.dumps(row), flush=True)
    w = np.array([r['frames'] for r in rows], float)
    mean = {k: float(np.average([r[k] for r in rows], weights=w)) for k in rows[0] if k not in ('clip', 'frames')}
    cols = [('A/gen', 'gen A'), ('A/gen_other_speech', 'gen A other speech'), ('A/base_mean', 'copy A mean'), ('A/base_best', 'copy A best'),
            ('B/gen', 'gen B'), ('B/base', 'copy B near')]
    print(f"\n{'LMD (PSNR dB)':22s} {'frames':>6s} | " + ' | '.join(f'{t:>18s}' for _, t in cols))
    for r in rows + [{'clip': 'mean (frame-weighted)', 'frames': int(w.sum()), **mean}]:
        print(f"{r['clip']:22s} {r['frames']:6d} | " + ' | '.join(f"{r[k + '/lmd']:>10.4f} ({r[k + '/psnr']:5.2f})" for k, _ in cols))
    for gen, base in (('A/gen', 'A/base_mean'), ('A/gen', 'A/base_best'), ('A/gen', 'A/gen_other_speech'), ('B/gen', 'B/base')):
        wins = sum(r[f'{gen}/lmd'] < r[f'{base}/lmd'] for r in rows)
        print(f"{gen} LMD lower than {base}'s on {wins} of {len(rows)} clips")
    if a.json: Path(a.json).write_text(json.dumps({'checkpoint': a.checkpoint or 'demo', 'rows': rows, 'mean': mean}, indent=1))

if __name__ == '__main__': main()
