"""The video_people split (issue 26, step 2), chosen before any training: which clips train the generator, which are
left out by a rule (music or silence, an old held-out speaker), and which speakers are held out for evaluation.

Music / silence rule, per clip, on the prepared 16 kHz `audio.wav` in 40 ms frames (one per 25 fps video frame):
the speech-band level L (dB, RMS of 200–4000 Hz: `talkface.avsync.speech_envelope`), the clip's noise floor F (10th
percentile of L) and peak P (99th percentile). A frame is speech-like when L ≥ F + RISE_DB and L ≥ P − SPAN_DB;
`speech_fraction` is the share of such frames. A clip is left out when `speech_fraction` < MIN_SPEECH (mostly silence,
or a continuous bed of music or noise so loud that the voice seldom rises above it), or when it is music-like: its
level never falls back to a floor (P − F < MUSIC_RANGE_DB: no pauses) and its envelope lacks the syllable rhythm of
speech (< MUSIC_MODULATION of the envelope's modulation power at 0.5–12.5 Hz lies at 2–8 Hz). The mouth is reported
beside it as a check (mean opening in speech-like frames and in the others; the prep's mouth–speech correlation).

A clip is also left out when it is byte-identical to a clip of the old held-out speakers (`held_out`).

Held-out speakers (`held_out_people` in configs/speaker_split.json, all clips of each speaker id): a speaker is
eligible when every one of their clips is usable (not left out, a face on ≥ 95 % of frames, no shot boundary (the
reconstruction benchmark cuts each clip 60/40), no confident non-zero audio–video offset (the original is the
reference)) and their clips last ≥ 5 s together (GRID clips last 3 s, so a GRID speaker needs both their clips).
Within each group, `random.Random(SEED).sample` over the sorted eligible speaker ids picks HOLD_OUT[group] speakers.

Writes OUT/manifest.json (one row per clip), OUT/summary.md (with OUT/observations.md appended, if present) and the
keys `held_out_people`, `note_people` of the split file (the others are kept).

    python tools/people_split.py PREP_DIR SHOTS_JSON OUT [--provenance F] [--split configs/speaker_split.json]"""
import argparse, collections, hashlib, json, random, sys
from pathlib import Path
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from people_prep_report import group

RISE_DB = 10.0          # a speech-like frame stands ≥ 10 dB above the clip's noise floor
SPAN_DB = 40.0          # ... and within 40 dB of its peak
MIN_SPEECH = 0.25       # left out when under a quarter of the frames are speech-like
MUSIC_RANGE_DB = 15.0   # music-like: peak − floor < 15 dB (the level never drops into pauses)
MUSIC_MODULATION = 0.5  # ... and < half of the envelope's modulation power at the 2–8 Hz syllable rate
MIN_FACE = 0.95         # held-out clips: a face on ≥ 95 % of frames
MIN_SECONDS = 5.0       # held-out speakers: ≥ 5 s of clips together
SEED = 27
HOLD_OUT = {'vlog (ChaLearn FI)': 4, 'TV, film, interview (Hallo3 test)': 3, 'GRID studio': 2, 'LRS2/LRS3': 1}

def speaker_ids(provenance: Path) -> dict:
    "{clip stem: speaker id} from the two tables of video_people/PROVENANCE.md ('speaker id' column, or 'spk' in part B)."
    ids, cols = {}, None
    for line in provenance.read_text().splitlines():
        if not line.startswith('|'): cols = None; continue
        cells = [c.strip() for c in line.strip('|').split('|')]
        if cols is None: cols = cells; continue
        if set(cells[0]) <= set('-: '): continue
        row = dict(zip(cols, cells))
        ids[Path(row['file']).stem] = row.get('speaker id') or row['spk']
    return ids

def speech_level(wav: np.ndarray, n_frames: int) -> np.ndarray:
    "(T,) float32 speech-band (200–4000 Hz) RMS level in dB full scale of each 40 ms frame of the 16 kHz `wav`."
    from talkface.avsync import speech_envelope
    return (20 * np.log10(speech_envelope(wav, n_frames) + 1e-5)).astype(np.float32)

def syllable_modulation(level_db: np.ndarray) -> float:
    "Share (0–1) of the speech envelope's modulation power at 0.5–12.5 Hz that lies at 2–8 Hz (syllables), from levels (T,) dB at 25 fps."
    env = 10 ** (level_db / 20); env = (env - env.mean()) * np.hanning(len(env))
    p, f = np.abs(np.fft.rfft(env)) ** 2, np.fft.rfftfreq(len(env), 1 / 25)
    return float(p[(f >= 2) & (f <= 8)].sum() / max(p[f >= 0.5].sum(), 1e-20))

def audio_check(wav: np.ndarray, n_frames: int) -> dict:
    "The music / silence rule of the module docstring on the 16 kHz `wav` of a clip of `n_frames` frames; `speech` (T,) bool."
    L = speech_level(wav, n_frames); floor, peak = np.percentile(L, 10), np.percentile(L, 99)
    speech = (L >= floor + RISE_DB) & (L >= peak - SPAN_DB)
    mod = syllable_modulation(L); frac = float(speech.mean())
    music = bool(peak - floor < MUSIC_RANGE_DB and mod < MUSIC_MODULATION)
    why = ([f'speech-like on {frac:.0%} of frames (< {MIN_SPEECH:.0%})'] if frac < MIN_SPEECH else []) + \
          ([f'music-like: level range {peak - floor:.1f} dB (< {MUSIC_RANGE_DB:g}), syllable modulation {mod:.2f} (< {MUSIC_MODULATION})'] if music else [])
    return {'speech': speech, 'speech_fraction': round(frac, 3), 'noise_floor_db': round(float(floor), 1), 'level_range_db': round(float(peak - floor), 1),
            'syllable_modulation': round(mod, 3), 'music': music, 'music_or_silence': '; '.join(why) or None}

def mouth_check(points: np.ndarray, speech: np.ndarray) -> dict:
    "Mean mouth opening (inner-lip gap / inter-ocular distance) in the speech-like frames and in the others, from landmarks (T, 478, 2)."
    from talkface.avsync import mouth_opening
    op = mouth_opening(points)
    m = lambda s: round(float(op[s].mean()), 3) if s.any() else None
    return {'mouth_open_speech': m(speech), 'mouth_open_other': m(~speech)}

def sha256(path: Path) -> str: return hashlib.sha256(path.read_bytes()).hexdigest()

def clip_row(d: Path, spk: dict, shots: dict, old_hashes: dict) -> dict:
    "One manifest row for the prepared clip in `d` (role decided later)."
    import soundfile as sf
    meta = json.loads((d/'meta.json').read_text()); T = meta['n_frames']; o = meta.get('av_offset') or {}
    wav, sr = sf.read(d/'audio.wav', dtype='float32')
    if sr != 16000: raise ValueError(f"{d/'audio.wav'}: {sr} Hz, expected 16000")
    a = audio_check(wav if wav.ndim == 1 else wav.mean(1), T)
    row = {'clip': d.name, 'source': Path(meta['source']).name, 'group': group(Path(meta['source']).name), 'speaker': spk.get(d.name),
           'n_frames': T, 'seconds': round(T / 25, 2), 'faceless_frames': len(meta['faceless_frames']),
           'av_offset': o.get('offset'), 'av_estimate': o.get('estimate'), 'av_confident': o.get('confident'), 'av_correlation': o.get('correlation'),
           'shot_boundaries': shots[d.name]['boundaries'], **{k: v for k, v in a.items() if k != 'speech'},
           **mouth_check(np.load(d/'landmarks.npy'), a['speech'])}
    same = old_hashes.get(sha256(Path(meta['source'])))
    row['excluded'] = '; '.join(([f"music or silence: {a['music_or_silence']}"] if a['music_or_silence'] else []) +
                                ([f'same file as old held-out clip {same}'] if same else [])) or None
    if row['speaker'] is None: raise ValueError(f"{d.name}: no speaker id in PROVENANCE.md")
    return row

def usable(r: dict) -> bool:
    "Fit to be a held-out clip: see the module docstring."
    return (not r['excluded'] and r['faceless_frames'] <= (1 - MIN_FACE) * r['n_frames'] and not r['shot_boundaries']
            and not (r['av_confident'] and r['av_offset']))

def choose_held_out(rows: list[dict]) -> list[str]:
    "Speaker ids held out: a seeded sample of the eligible speakers of each group in HOLD_OUT."
    by = collections.defaultdict(list)
    for r in rows: by[(r['group'], r['speaker'])].append(r)
    rng, out = random.Random(SEED), []
    for g, n in HOLD_OUT.items():
        ok = sorted(s for (gg, s), rs in by.items() if gg == g and all(usable(r) for r in rs) and sum(r['seconds'] for r in rs) >= MIN_SECONDS)
        if len(ok) < n: raise ValueError(f"{g}: {len(ok)} eligible speakers, {n} wanted")
        out += rng.sample(ok, n)
    return out

def summary(rows: list[dict], held: list[str]) -> str:
    "Markdown: counts per group and role, the held-out speakers, the rules, the left-out clips."
    roles = ('train', 'held_out', 'excluded'); lines = ['# video_people split (issue 26, step 2)', '', '## Clips per group and role', '',
             '| group | clips | speakers | ' + ' | '.join(roles) + ' | clips with shot boundaries | boundaries | held-out minutes |', '|---' * 9 + '|']
    groups = list(dict.fromkeys(r['group'] for r in rows)) + ['all']
    for g in groups:
        rs = [r for r in rows if g in ('all', r['group'])]; c = collections.Counter(r['role'] for r in rs)
        lines.append(f"| {g} | {len(rs)} | {len({r['speaker'] for r in rs})} | " + ' | '.join(str(c[k]) for k in roles) +
                     f" | {sum(bool(r['shot_boundaries']) for r in rs)} | {sum(len(r['shot_boundaries']) for r in rs)} | "
                     f"{sum(r['seconds'] for r in rs if r['role'] == 'held_out') / 60:.2f} |")
    lines += ['', '## Held-out speakers (`held_out_people`)', '', '| group | speaker id | clips | seconds | speech-like | shot boundaries |', '|---|---|---|---|---|---|']
    for s in held:
        rs = [r for r in rows if r['speaker'] == s]
        lines.append(f"| {rs[0]['group']} | {s} | {', '.join(r['clip'] for r in rs)} | {sum(r['seconds'] for r in rs):.1f} | "
                     f"{', '.join(format(r['speech_fraction'], '.2f') for r in rs)} | {sum(len(r['shot_boundaries']) for r in rs)} |")
    lines += ['', '## Left out', '', '| clip | group | speaker id | reason | speech-like | level range dB | syllable modulation | mouth open: speech / other | mouth–speech correlation |', '|---|---|---|---|---|---|---|---|---|']
    for r in rows:
        if r['role'] == 'excluded':
            lines.append(f"| {r['clip']} | {r['group']} | {r['speaker']} | {r['reason']} | {r['speech_fraction']:.2f} | {r['level_range_db']} | "
                         f"{r['syllable_modulation']} | {r['mouth_open_speech']} / {r['mouth_open_other']} | {r['av_correlation']} |")
    lowest = sorted((r for r in rows if r['role'] != 'excluded'), key=lambda r: r['speech_fraction'])[:5]
    lines += ['', 'Kept clips with the least speech-like audio: ' + ', '.join(f"{r['clip']} {r['speech_fraction']:.2f}" for r in lowest) + '.',
              '', '## Rules', '', f"- Music / silence: a 40 ms frame is speech-like when its speech-band level stands ≥ {RISE_DB:g} dB above the clip's noise floor "
              f"(10th percentile) and within {SPAN_DB:g} dB of its peak (99th percentile); a clip is left out under {MIN_SPEECH:.0%} speech-like frames, "
              f"or when music-like (peak − floor < {MUSIC_RANGE_DB:g} dB and < {MUSIC_MODULATION} of the envelope's modulation power at 2–8 Hz).",
              '- Old held-out speakers: a clip byte-identical to one of `held_out` is left out.',
              f"- Held out: all clips of a speaker id, when every clip is kept, has a face on ≥ {MIN_FACE:.0%} of frames, no shot boundary and no confident "
              f"non-zero audio–video offset, and the speaker's clips last ≥ {MIN_SECONDS:g} s together; random.Random({SEED}).sample over the sorted eligible ids, "
              'per group: ' + ', '.join(f'{n} {g}' for g, n in HOLD_OUT.items()) + '.',
              '- Shot boundaries: tools/people_shots.py (its docstring states the rule); a training window must not cross one.']
    return '\n'.join(lines) + '\n'

def write_split(path: Path, new: dict, per_line: int = 4):
    """Add the keys of `new` at the end of the split file, the text of its other keys untouched (a rerun replaces the
    keys it added before: they are the file's last); lists of clip stems `per_line` to a line, as the file lays them out."""
    text = path.read_text(); first = next(iter(new))
    cut = text.find(f',\n  {json.dumps(first)}:')
    head = (text[:cut] if cut >= 0 else text.rstrip()[:-1].rstrip())
    def value(v):
        if not isinstance(v, list): return json.dumps(v, ensure_ascii=False)
        rows = [', '.join(json.dumps(x) for x in v[i:i + per_line]) for i in range(0, len(v), per_line)]
        return '[' + ',\n               '.join(rows) + ']'
    path.write_text(head + ''.join(f',\n  {json.dumps(k)}: {value(v)}' for k, v in new.items()) + '\n}\n')
    json.loads(path.read_text())                                   # still valid JSON

def main():
    here = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('prep_dir'); ap.add_argument('shots'); ap.add_argument('out')
    ap.add_argument('--provenance', default=str(here.parent/'shared'/'data'/'video_people'/'PROVENANCE.md'))
    ap.add_argument('--split', default=str(here/'configs'/'speaker_split.json'))
    ap.add_argument('--old-videos', nargs='+', default=[str(here.parent/'shared'/'data'/'video'), str(here.parent/'shared'/'data'/'video_more')])
    a = ap.parse_args()
    out, split = Path(a.out), json.loads(Path(a.split).read_text()); out.mkdir(parents=True, exist_ok=True)
    old = {sha256(p): p.stem for d in a.old_videos for p in sorted(Path(d).iterdir()) if p.stem in split['held_out']}
    spk, shots = speaker_ids(Path(a.provenance)), json.loads(Path(a.shots).read_text())
    rows = []
    for d in sorted(p for p in Path(a.prep_dir).iterdir() if (p/'meta.json').exists()):
        rows.append(clip_row(d, spk, shots, old)); print(f"{len(rows)} {d.name}: speech {rows[-1]['speech_fraction']:.2f} {rows[-1]['excluded'] or ''}", file=sys.stderr)
    held = choose_held_out(rows)
    for r in rows:
        r['role'] = 'excluded' if r['excluded'] else 'held_out' if r['speaker'] in held else 'train'
        r['reason'] = r.pop('excluded') or ('held-out speaker' if r['role'] == 'held_out' else None)
    (out/'manifest.json').write_text(json.dumps(rows, indent=1, ensure_ascii=False))
    notes = out/'observations.md'
    (out/'summary.md').write_text(summary(rows, held) + ('\n' + notes.read_text() if notes.exists() else ''))
    new = {'held_out_people': [r['clip'] for s in held for r in rows if r['speaker'] == s]}
    new['note_people'] = (f"Speakers of shared/data/video_people held out of every training run, all clips of each speaker id ({len(held)} speakers: "
                            + ', '.join(held) + '), names are clip stems (prepared under /work/prep_people). Picked before any training by tools/people_split.py: '
                            f"among speakers whose clips all pass the music/silence rule, show a face on ≥ {MIN_FACE:.0%} of frames, have no shot boundary and no confident "
                            f"non-zero AV offset, and last ≥ {MIN_SECONDS:g} s together, random.Random({SEED}).sample per group: "
                            + ', '.join(f'{n} {g}' for g, n in HOLD_OUT.items()) + '. See nbs/runs/people_split_s27.')
    write_split(Path(a.split), new)
    print((out/'summary.md').read_text())

if __name__ == '__main__': main()
