"""Dubbing quality on speakers never trained on (run by hand; prints tables, writes JSON).

    python bench/quality.py OUT_DIR [--videos DIR ...] [--held-out configs/speaker_split.json] [--set old|people|all]
                            [--clips NAME ...] [--checkpoint NAME=PATH ...] [--adapt STEPS | --no-adapt] [--device cpu] [--json F]
                            [--follow TEMPLATE --speech WAV] [--references-by time|opening]
                            [--template-seconds T [--score-seconds S]]

Reconstruction on each held-out speaker's clip (the split in configs/speaker_split.json; none of these speakers is in
the data of any shipped model; `--set`: `old`, the 6 speakers of `held_out` (shared/data/video, video_more: the
default), `people`, the speakers of `held_out_people` (shared/data/video_people, all clips of each), or `all`; with
both, the means are printed for each set and for all clips together, and the JSON has `mean_by_set`): the clip is cut into its first 60 % (`C_train.mp4`: the reference frames, and the
only video adaptation may learn from) and its last 40 % (`C.mp4` with its exact speech `C.wav`), which is dubbed with
its own speech and scored against the original with `talkface.metrics.evaluate_video`: LMD, mouth PSNR / SSIM, mouth
sharpness ratio (variance of the Laplacian, output / original) and ΔE (CIE76 of the mouth box's mean colour), the teeth's ΔE (`teeth_delta_e`: the teeth found inside each video's own
inner-lip polygon, over the frames where both show teeth) and `teeth_shown` (the fraction of the original's
teeth-showing frames where the output shows teeth too). Methods:

- `copy_mean`: the copy-reference baseline (paste the mouth of reference frame j, j = 0…4), the mean over the 5;
- `copyhr_mean` (`--copy-hires`): the same at the face's own crop size (`talkface.dub.render_config`), the size a
  generator with the reference-pixel branch draws at — its fair baseline for sharpness;
- `gen:NAME`: each generator checkpoint, generic (default: the shipped demo.pt);
- `adapt:NAME`: the same checkpoint adapted with `talkface dub --adapt STEPS --adapt-on C_train.mp4` — never on the
  frames or the speech it is scored on.

`--template-seconds T` cuts differently, for short templates (a user's first dub of a 3 s clip): the first T s are
`C_train.mp4` and the next `--score-seconds` S (default 2) are scored; clips shorter than T + 1 s are skipped. Its
cuts and outputs go to OUT_DIR/template<T>s_score<S>s, apart from the 60/40 ones.

Equivalent commands for one clip C:

    talkface dub --video C.mp4 --audio C.wav --references C_train.mp4 --copy-reference 2 --out copy2/C.mp4
    talkface dub --video C.mp4 --audio C.wav --references C_train.mp4 --out gen_demo/C.mp4
    talkface dub --video C.mp4 --audio C.wav --references C_train.mp4 --adapt 300 --adapt-on C_train.mp4 --out adapt_default_demo/C.mp4
    talkface eval --video gen_demo/C.mp4 --reference C.mp4

`--follow TEMPLATE --speech WAV` adds the test that an adapted mouth follows *new* speech, not the template's: the
template is adapted on itself (as a user's dub would be), dubbed with WAV (another speaker) and with WAV with 2 s of
silence inserted; the mouth opening of the output (landmarks) is correlated frame by frame, at lag 0, with the
envelope of WAV and with the envelope of the template's own speech over the same frames, and the mouth opening during
the inserted silence is compared with the template's own pauses.

Outputs and reports that exist are reused (a killed run resumes). Adaptations are cached in OUT_DIR/cache."""
import argparse, json, os, sys, time
from pathlib import Path
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from heldout import cut_heldout

SETS = {'old': 'held_out', 'people': 'held_out_people'}   # --set name: key of the split file

KEYS = ('lmd', 'psnr', 'ssim', 'sharpness', 'delta_e', 'teeth_delta_e', 'teeth_shown')   # the teeth scores: None (nan here) when the original never shows teeth

def find_videos(dirs) -> dict:
    "{stem: path} of the videos in `dirs`, every container prep reads (video_people has .mpg and .flv)."
    from talkface.prep import VIDEO_EXTS
    return {p.stem: p for d in dirs if Path(d).is_dir() for p in sorted(Path(d).iterdir()) if p.suffix.lower() in VIDEO_EXTS}

def held_out_clips(split: dict, which: str) -> dict:
    "{clip stem: set name} of the held-out clips of `which` ('old', 'people' or 'all'), in the split file's order."
    names = list(SETS) if which == 'all' else [which]
    if any(SETS[n] not in split for n in names): raise KeyError(f"speaker split has no {[SETS[n] for n in names if SETS[n] not in split]} (--set {which})")
    return {c: n for n in names for c in split[SETS[n]]}

def scored(dst: Path, reference: Path, make) -> dict:
    "Make `dst` with `make()` unless it exists, score it against `reference` unless its report exists; the report."
    from talkface.metrics import evaluate_video
    from talkface.core import save_json
    if not dst.exists(): dst.parent.mkdir(parents=True, exist_ok=True); make()
    rep = dst.with_suffix('.json')
    r = json.loads(rep.read_text()) if rep.exists() else {}
    if not set(KEYS) <= set(r):                          # none yet, or a report of an older talkface without the newer scores
        r = evaluate_video(dst, reference=reference); save_json(r, rep)
    return {k: (np.nan if v is None else v) for k, v in r.items()}

def _nanmean(v) -> float:
    "Mean of the values that are not NaN (a copied mouth may show no teeth); NaN if none are."
    v = np.asarray(v, float); return float(v[~np.isnan(v)].mean()) if (~np.isnan(v)).any() else np.nan

def render_size(video) -> int:
    "The mouth size `dub` gives a reference-pixel generator on `video` (`talkface.dub.render_config`)."
    from talkface.dub import render_config
    from talkface.landmarks import detect_landmarks
    from talkface.video import iter_frames
    from talkface.crop import CropConfig
    tr = detect_landmarks(iter_frames(video))
    return render_config(tr.points, tr.valid, CropConfig(mouth_size=64)).mouth_size

def reconstruction(a, videos: dict, held_out: dict, checkpoints: dict) -> list[dict]:
    from talkface.dub import dub
    from talkface.video import count_frames
    out = Path(a.out_dir); rows = []
    if a.template_seconds: out = out/f'template{a.template_seconds:g}s_score{a.score_seconds:g}s'   # other cuts: never mixed with the 60/40 ones
    for c in held_out:
        if c not in videos: print(f"skip {c}: not found under {a.videos}", file=sys.stderr); continue
        n = count_frames(videos[c]); k = int(round(0.6 * n))
        if a.template_seconds:                             # a short template: its first T s, then S s scored
            k = round(25 * a.template_seconds); n = min(n, k + round(25 * a.score_seconds))
            if n < k + 25: print(f"skip {c}: shorter than {a.template_seconds:g} s + 1 s", file=sys.stderr); continue
        cut = out/'cuts'
        tr = cut_heldout(videos[c], 0, k, cut/f'{c}_train.mp4')[0]
        te, te_wav = cut_heldout(videos[c], k, n, cut/f'{c}.mp4')
        row = {'clip': c, 'set': held_out[c], 'frames': n - k}
        common = dict(device=a.device, progress=False, references=tr, bf16=a.bf16)
        for j in range(5):
            r = scored(out/f'copy{j}'/f'{c}.mp4', te, lambda j=j: dub(te, te_wav, out=out/f'copy{j}'/f'{c}.mp4', copy_reference=j, **common))
            row.update({f'copy{j}/{m}': r[m] for m in KEYS})
        row.update({f'copy_mean/{m}': _nanmean([row[f'copy{j}/{m}'] for j in range(5)]) for m in KEYS})
        if a.copy_hires:                                   # the same baseline at the size a reference-pixel generator draws at
            R = render_size(te); row['render_mouth_size'] = R
            for j in range(5):
                r = scored(out/f'copyhr{j}'/f'{c}.mp4', te, lambda j=j: dub(te, te_wav, out=out/f'copyhr{j}'/f'{c}.mp4', copy_reference=j, mouth_size=R, **common))
                row.update({f'copyhr{j}/{m}': r[m] for m in KEYS})
            row.update({f'copyhr_mean/{m}': _nanmean([row[f'copyhr{j}/{m}'] for j in range(5)]) for m in KEYS})
        for name, ck in checkpoints.items():
            r = scored(out/f'gen_{name}'/f'{c}.mp4', te, lambda: dub(te, te_wav, ck, out/f'gen_{name}'/f'{c}.mp4', **common))
            row.update({f'gen:{name}/{m}': r[m] for m in KEYS})
            if a.no_adapt: continue
            dst = out/f'adapt_{a.tag}_{name}'/f'{c}.mp4'
            r = scored(dst, te, lambda: dub(te, te_wav, ck, dst, adapt=a.adapt_cfg, adapt_on=tr, **common))
            row.update({f'adapt:{name}/{m}': r[m] for m in KEYS})
        rows.append(row); print(json.dumps(row), flush=True)
    return rows

def frame_mean(rows: list[dict]) -> dict:
    "Frame-weighted mean of every score ('method/metric') over `rows`, NaNs skipped."
    w = np.array([r['frames'] for r in rows], float)
    def wmean(k):
        v = np.array([r[k] for r in rows], float); ok = ~np.isnan(v)
        return float(np.average(v[ok], weights=w[ok])) if ok.any() else np.nan
    return {k: wmean(k) for k in rows[0] if '/' in k}

def set_means(rows: list[dict]) -> dict:
    "{'old', 'people' (those present), 'all'}: `frame_mean` of each set's rows and of all rows."
    sets = list(dict.fromkeys(r['set'] for r in rows))
    return {**{s: frame_mean([r for r in rows if r['set'] == s]) for s in sets}, 'all': frame_mean(rows)}

def table(rows: list[dict], methods: list[str]) -> dict:
    "Print the per-clip scores, the frame-weighted means (per set and all clips when both sets are present) and each method against copy-reference; the means."
    means = set_means(rows); shown = means if len(means) > 2 else {'all': means['all']}
    print(f"\n{'clip':36s} {'frames':>6s} {'method':>14s} " + ' '.join(f'{m:>9s}' for m in KEYS))
    label = lambda s: 'mean (frame-weighted)' if len(shown) == 1 else f'mean {s} (frame-weighted)'
    totals = [{'clip': label(s), 'frames': sum(r['frames'] for r in rows if s in ('all', r['set'])), **m} for s, m in shown.items()]
    for r in rows + totals:
        for i, meth in enumerate(methods):
            head = f"{r['clip'][:36]:36s} {r['frames']:6d}" if i == 0 else ' ' * 43
            print(f"{head} {meth:>14s} " + ' '.join(f"{r[f'{meth}/{m}']:9.4f}" for m in KEYS))
    for s, mean in shown.items():
        base = mean['copy_mean/lmd'], mean['copy_mean/psnr']
        for meth in methods[1:]:
            print(f"{'' if len(shown) == 1 else s + ' '}{meth}: LMD {100 * (1 - mean[meth + '/lmd'] / base[0]):+.1f} % below copy-reference, PSNR {mean[meth + '/psnr'] - base[1]:+.2f} dB, "
                  f"sharpness {mean[meth + '/sharpness']:.3f}, ΔE {mean[meth + '/delta_e']:.2f}, teeth ΔE {mean[meth + '/teeth_delta_e']:.2f} (teeth shown {mean[meth + '/teeth_shown']:.2f})")
    return means

def follow_test(a, checkpoint) -> dict:
    "Does the adapted mouth follow new speech? Correlations at lag 0 with the new and with the template's own speech; silence."
    from talkface.dub import dub, frame_schedule
    from talkface.audio import load_audio
    from talkface.video import iter_frames
    from talkface.landmarks import detect_landmarks
    from talkface.avsync import mouth_opening, speech_envelope, lagged_correlation
    from talkface.core import SAMPLE_RATE, SAMPLES_PER_FRAME
    import soundfile as sf
    out = Path(a.out_dir)/'follow'; out.mkdir(parents=True, exist_ok=True)
    tpl, speech = Path(a.follow), load_audio(a.speech)
    own = load_audio(tpl)
    gap = np.zeros(2 * SAMPLE_RATE, np.float32); mid = len(speech) // 2 // SAMPLES_PER_FRAME * SAMPLES_PER_FRAME
    silent = np.concatenate([speech[:mid], gap, speech[mid:]])
    sf.write(out/'speech.wav', speech, SAMPLE_RATE); sf.write(out/'speech_silence.wav', silent, SAMPLE_RATE)
    res = {'template': str(tpl), 'speech': str(a.speech), 'adapt': a.adapt_cfg.to_dict()}
    tr_t = detect_landmarks(iter_frames(tpl), smooth=False); op_t = mouth_opening(tr_t.points)
    env_own_t = speech_envelope(own, tr_t.n_frames)
    quiet = env_own_t < np.quantile(env_own_t, 0.15)                                      # the template's own pauses
    res['template_pause_opening'] = {'mean': float(op_t[quiet].mean()), 'std': float(op_t[quiet].std())}
    for tag, adapt in (('generic', None), (f'adapted_{a.tag}', a.adapt_cfg)):
        for kind, wav_path, wav in (('speech', out/'speech.wav', speech), ('silence', out/'speech_silence.wav', silent)):
            dst = out/f'{tag}_{kind}.mp4'
            if not dst.exists(): dub(tpl, wav_path, checkpoint, dst, device=a.device, progress=False, adapt=adapt)
            tr = detect_landmarks(iter_frames(dst), smooth=False); op = mouth_opening(tr.points); T = tr.n_frames
            env_new = speech_envelope(wav, T)
            sched = frame_schedule(T, tr_t.n_frames)                                        # template frame of each output frame
            env_own = env_own_t[sched]
            d = {'frames': T, 'corr_new_speech': lagged_correlation(op, env_new, 0, tr.valid),
                 'corr_template_speech': lagged_correlation(op, env_own, 0, tr.valid)}
            if kind == 'silence':
                f0, f1 = mid // SAMPLES_PER_FRAME + 5, mid // SAMPLES_PER_FRAME + 2 * 25 - 5            # inside the gap, 0.2 s in from its edges
                d['silence_opening'] = {'mean': float(op[f0:f1].mean()), 'std': float(op[f0:f1].std())}
            res[f'{tag}_{kind}'] = d
    print(json.dumps(res, indent=1))
    return res

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('out_dir')
    here = Path(__file__).resolve().parent.parent
    data = here.parent/'shared'/'data'
    ap.add_argument('--videos', nargs='+', default=[str(data/'video'), str(data/'video_more'), str(data/'video_people')])
    ap.add_argument('--held-out', default=str(here/'configs'/'speaker_split.json'))
    ap.add_argument('--set', choices=['old', 'people', 'all'], default='old', help="held-out speakers: the 6 of `held_out` (old), those of `held_out_people` (people), or both (all)")
    ap.add_argument('--clips', nargs='+', default=None, help='only these held-out clips (stems), e.g. a quick check')
    ap.add_argument('--checkpoint', nargs='+', default=[f"demo={here/'talkface'/'checkpoints'/'demo.pt'}"], help='NAME=PATH ...')
    ap.add_argument('--adapt', type=int, default=None, help='adaptation steps (default: by the template\'s length, talkface.adapt.budget_steps)')
    ap.add_argument('--no-adapt', action='store_true', help='generic generators only (no adapted dubs)')
    ap.add_argument('--adapt-config', default='{}', help='other AdaptConfig fields as JSON, e.g. {"gan": 0.05}')
    ap.add_argument('--device', default='cpu'); ap.add_argument('--json', default=None)
    ap.add_argument('--follow', default=None, help='a template video for the follows-new-speech test'); ap.add_argument('--speech', default=None)
    ap.add_argument('--threads', type=int, default=None)
    ap.add_argument('--bf16', choices=['auto', 'on', 'off'], default='auto', help="the generators' bfloat16 inference on the CPU (dub's bf16: auto = where the CPU has native bf16: AMX or AVX-512 BF16)")
    ap.add_argument('--references-by', choices=['time', 'opening'], default=None, help="how the reference frames are chosen (talkface.models.REFERENCES_BY; default: talkface's)")
    ap.add_argument('--template-seconds', type=float, default=None, help='adapt on the first T s of each clip and score the next --score-seconds (default: 60 %% / 40 %%)')
    ap.add_argument('--score-seconds', type=float, default=2.0)
    ap.add_argument('--copy-hires', action='store_true', help="also the copy-reference baseline at the face's own size (what a reference-pixel generator draws at)")
    a = ap.parse_args()
    import torch
    if a.threads: torch.set_num_threads(a.threads)
    from talkface.adapt import AdaptConfig
    a.adapt_cfg = AdaptConfig(**{**json.loads(a.adapt_config), **({'steps': a.adapt} if a.adapt else {})})
    a.adapt = a.adapt_cfg.steps
    changed = {k: v for k, v in a.adapt_cfg.to_dict().items() if v != getattr(AdaptConfig(), k)}
    a.tag = '_'.join(f'{k}{v}' for k, v in changed.items()) or 'default'          # output folders per adaptation setting
    a.bf16 = {'auto': None, 'on': True, 'off': False}[a.bf16]
    import talkface.models
    if a.references_by: talkface.models.REFERENCES_BY = a.references_by
    os.environ.setdefault('TALKFACE_CACHE', str(Path(a.out_dir)/'cache'))
    checkpoints = dict(s.split('=', 1) for s in a.checkpoint)
    from talkface.core import use_bf16
    report = {'adapt': a.adapt_cfg.to_dict(), 'checkpoints': checkpoints, 'bf16': use_bf16(a.device, a.bf16), 'references_by': talkface.models.REFERENCES_BY}
    held_out = held_out_clips(json.loads(Path(a.held_out).read_text()), a.set)
    if a.clips:
        if missing := [c for c in a.clips if c not in held_out]: raise SystemExit(f"--clips {missing}: not held-out clips of --set {a.set}")
        held_out = {c: s for c, s in held_out.items() if c in a.clips}
    report['set'] = a.set; report['template_seconds'] = a.template_seconds; report['score_seconds'] = a.score_seconds if a.template_seconds else None
    rows = reconstruction(a, find_videos(a.videos), held_out, checkpoints)
    if rows:
        methods = ['copy_mean'] + (['copyhr_mean'] if a.copy_hires else []) + [f'{p}:{n}' for n in checkpoints for p in ('gen',) + (() if a.no_adapt else ('adapt',))]
        means = table(rows, methods)
        report.update(rows=rows, mean=means['all'], mean_by_set=means)
    if a.follow: report['follow'] = follow_test(a, next(iter(checkpoints.values())))
    if a.json: Path(a.json).write_text(json.dumps(report, indent=1))

if __name__ == '__main__': main()
