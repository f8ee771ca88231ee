"""Issue 26's SyncNet bootstrap and its scaling points: train the lip-landmark expert on the clips whose sync is known,
read the other clips' offsets with it, keep the clips it is sure of, train again on all of them, and score every expert
on the held-out speakers (old 6 and new ones, apart and together).

    python tools/syncnet_bootstrap.py --old PREP_OLD --people PREP_PEOPLE --manifest nbs/runs/people_split_s27/manifest.json \\
        --work /work/boot --out nbs/runs/syncnet_people_s27 [--steps 1500] [--baseline OLD_EXPERT.pt]

- PREP_OLD: `talkface prep` of ../shared/data/video and video_more (25 clips, 19 training speakers and the 6 held out by
  configs/speaker_split.json); PREP_PEOPLE: `talkface prep --sync-correct` of ../shared/data/video_people; the manifest
  gives each people clip's role (train / held_out / excluded), group, speaker and shot cuts.
- Known in sync: the old training clips (as every earlier expert took them) and the curated corpora recorded or
  cut in sync — GRID (studio), CREMA-D (studio), LRS2/LRS3 (BBC broadcast, curated for lip reading). Their audio is the
  source's, unshifted (prep's training-free estimate moved two in-sync GRID clips by +8 and +13 frames). Held-out clips
  also keep their source audio: `shift_fraction` takes each clip's own offset out.
- Round 0 trains on the known clips; its expert reads every other training clip's offset (`clip_offset`); a clip is
  kept when at least CONFIDENT_AGREEMENT of its windows agree within ±1 frame of their median (and it has ≥ 2 windows),
  its audio then shifted by that offset (`set_clip_offset`); the rest are left out of training (counted). Round 1 trains
  on the known and the kept clips with the same recipe and budget.
- The people clips are used through a hard-link copy under WORK/prep, so PREP_PEOPLE is never changed
  (`set_clip_offset` replaces files, it does not write into them).
- Every stage is skipped when its output exists: a killed run is run again.

Writes OUT/offsets.json (per clip: role, how its offset was set, the expert's reading), OUT/scores.json (per expert:
training speakers, offset test and shift fraction on old / new / all held-out speakers) and OUT/summary.md."""
import argparse, json, os, shutil, sys
from pathlib import Path
import numpy as np

KNOWN_PREFIXES = ('grid_', 'cremad_', 'lrs2_', 'lrs3_')   # corpora recorded or cut in sync
CONFIDENT_AGREEMENT = 0.67
RECIPE = Path(__file__).parent.parent/'configs'/'syncnet_lips_aug.yaml'

def load_manifest(path) -> dict:
    "{clip: row} of the split manifest (`talkface.dataset.manifest_rows`: checked rows)."
    from talkface.dataset import manifest_rows
    return {r['clip']: r for r in manifest_rows(path)}

def link_farm(people: Path, dest: Path, names) -> None:
    "Hard-link copies of the people clips `names` under `dest` (files replaced later by `set_clip_offset` stop sharing)."
    for n in names:
        if (dest/n/'meta.json').exists(): continue
        tmp = dest/f'.{n}.tmp'; shutil.rmtree(tmp, ignore_errors=True); tmp.mkdir(parents=True)
        for f in (people/n).iterdir(): os.link(f, tmp/f.name)
        tmp.rename(dest/n)

def applied_offset(meta: dict) -> int:
    "The offset prep (or an earlier `set_clip_offset`) shifted the clip's audio by."
    return int((meta.get('av_offset') or {}).get('offset', 0))

def set_offset(clip: Path, offset: int, method: str) -> None:
    from talkface.prep import set_clip_offset
    meta = json.loads((clip/'meta.json').read_text())
    if applied_offset(meta) != offset or (meta.get('av_offset') or {}).get('method') != method: set_clip_offset(clip, offset, method)

def binarize_round(dirs, out: Path, held_out, train) -> dict:
    from talkface.dataset import binarize, list_prepared
    if (out/'stats.json').exists(): return json.loads((out/'stats.json').read_text())
    names = [c.name for c in list_prepared(dirs)]
    exclude = [n for n in names if n not in set(train) | set(held_out)]
    cuts = {n: r['shot_boundaries'] for n, r in MANIFEST.items() if r.get('shot_boundaries')}
    tmp = out.with_name(out.name + '.tmp'); shutil.rmtree(tmp, ignore_errors=True)
    binarize(dirs, tmp, held_out=held_out, exclude=exclude, cuts=cuts, workers=1, progress=False)
    tmp.rename(out)
    return json.loads((out/'stats.json').read_text())

def train_round(bin_dir: Path, run: Path, steps: int) -> Path:
    from talkface.train_syncnet import SyncTrainConfig, train_syncnet
    import yaml
    if (run/'done').exists(): return run/'last.pt'
    cfg = SyncTrainConfig.from_dict({**yaml.safe_load(RECIPE.read_text()), 'data': str(bin_dir), 'steps': steps})
    train_syncnet(cfg, run, device='cpu', progress=False)        # resumes from run/last.pt when killed
    (run/'done').write_text('')
    return run/'last.pt'

def score(ckpt: Path, bin_dir: Path, old_held: set) -> dict:
    "Offset test and shift fraction of `ckpt` on the held-out speakers of `bin_dir`, old / new / all."
    from talkface.train_syncnet import load_syncnet, offset_test, shift_fraction
    rows = offset_test(load_syncnet(ckpt), bin_dir, 'val')['rows']
    out = {}
    for part, keep in (('old', lambda c: c in old_held), ('new', lambda c: c not in old_held), ('all', lambda c: True)):
        rs = [r for r in rows if keep(r['clip'])]
        sf = shift_fraction(rs)
        out[part] = {'offset_test': float(np.mean([abs(r['offset'] - r['shift']) <= 1 for r in rs])) if rs else float('nan'),
                     'shift_fraction': sf['fraction'], 'n': len(rs), 'clips': len({r['clip'] for r in rs}), 'clip_offset': sf['clip_offset']}
    return out

def main():
    global MANIFEST
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--old', type=Path, required=True); ap.add_argument('--people', type=Path, required=True)
    ap.add_argument('--manifest', type=Path, required=True); ap.add_argument('--split', type=Path, default=Path('configs/speaker_split.json'))
    ap.add_argument('--work', type=Path, required=True); ap.add_argument('--out', type=Path, required=True)
    ap.add_argument('--steps', type=int, default=1500)
    ap.add_argument('--baseline', type=Path, default=None, help="the 19-speaker expert to score beside the rounds (syncnet_lips.pt until stop 26: git show 2dd4c33:talkface/checkpoints/syncnet_lips.pt)")
    a = ap.parse_args()
    import torch; torch.set_num_threads(1)
    from talkface.train_syncnet import load_syncnet, clip_offset
    from talkface.dataset import list_prepared
    MANIFEST = load_manifest(a.manifest)
    old_held = set(json.loads(a.split.read_text())['held_out'])
    old = [c.name for c in list_prepared(a.old)]
    missing = [n for n in MANIFEST if not (a.people/n/'meta.json').exists()]
    if missing: sys.exit(f"{a.people}: {len(missing)} clips of the manifest are not prepared, e.g. {missing[0]}")
    people_held = [n for n, r in MANIFEST.items() if r['role'] == 'held_out']
    people_train = [n for n, r in MANIFEST.items() if r['role'] == 'train']
    known = [n for n in people_train if n.startswith(KNOWN_PREFIXES)]
    held = sorted(old_held | set(people_held))
    a.work.mkdir(parents=True, exist_ok=True); a.out.mkdir(parents=True, exist_ok=True)
    farm = a.work/'prep'; farm.mkdir(exist_ok=True)
    link_farm(a.people, farm, people_held + people_train)
    for n in known: set_offset(farm/n, 0, 'known in sync: curated corpus, source audio')
    for n in people_held: set_offset(farm/n, 0, 'held out: source audio')
    dirs = [a.old, farm]
    record = {n: {'role': 'held_out', 'offset': 0, 'how': 'source audio'} for n in held}
    record.update({n: {'role': 'train', 'offset': 0, 'how': 'known in sync (old training clip)'} for n in old if n not in old_held})
    record.update({n: {'role': 'train', 'offset': 0, 'how': 'known in sync (curated corpus)'} for n in known})
    record.update({n: {'role': 'excluded', 'why': r.get('reason') or 'manifest'} for n, r in MANIFEST.items() if r['role'] == 'excluded'})

    r0_train = [n for n in old if n not in old_held] + known
    b0 = binarize_round(dirs, a.work/'bin_r0', held, r0_train)
    ck0 = train_round(a.work/'bin_r0', a.work/'r0', a.steps)

    net0 = load_syncnet(ck0)                              # round 0 reads the other training clips' offsets
    kept = []
    for n in sorted(set(people_train) - set(known)):
        clip = farm/n
        r = clip_offset(net0, clip)
        total = applied_offset(json.loads((clip/'meta.json').read_text())) + r['offset']
        sure = len(r['windows']) >= 2 and r['agreement'] >= CONFIDENT_AGREEMENT
        record[n] = {'role': 'train' if sure else 'excluded', 'offset': total if sure else None,
                     'how': 'syncnet round 0' if sure else None, 'why': None if sure else 'offset not confident (syncnet round 0)',
                     'reading': {k: r[k] for k in ('offset', 'agreement', 'confidence', 'windows')}}
        if sure: set_offset(clip, total, 'syncnet round 0'); kept.append(n)
    for n in known: record[n]['reading'] = {k: v for k, v in clip_offset(net0, farm/n).items() if k in ('offset', 'agreement', 'confidence')}

    b1 = binarize_round(dirs, a.work/'bin_r1', held, r0_train + kept)
    ck1 = train_round(a.work/'bin_r1', a.work/'r1', a.steps)

    speakers = lambda names: len({MANIFEST.get(n, {}).get('speaker') or n for n in names})
    scores = {'19 speakers (syncnet_lips.pt until stop 26)': {'train_clips': 19, 'train_speakers': 19, **score(a.baseline, a.work/'bin_r1', old_held)}} if a.baseline else {}
    scores |= {'round 0 (known in sync)': {'train_clips': len(r0_train), 'train_speakers': speakers(r0_train), 'train_frames': b0['splits']['train']['frames'], **score(ck0, a.work/'bin_r1', old_held)},
               'round 1 (known + bootstrapped)': {'train_clips': len(r0_train) + len(kept), 'train_speakers': speakers(r0_train + kept), 'train_frames': b1['splits']['train']['frames'], **score(ck1, a.work/'bin_r1', old_held)}}
    from talkface.core import save_json
    save_json(record, a.out/'offsets.json'); save_json(scores, a.out/'scores.json')
    lines = ['| expert | training clips | training speakers | offset test old / new / all | shift fraction old / new / all |', '|---|---|---|---|---|']
    for k, s in scores.items():
        f = lambda m: ' / '.join(f"{s[p][m]:.3f}" for p in ('old', 'new', 'all'))
        lines.append(f"| {k} | {s['train_clips']} | {s['train_speakers']} | {f('offset_test')} | {f('shift_fraction')} |")
    n_ex = sum(1 for n in people_train if record[n]['role'] == 'excluded')
    lines += ['', f"Round 0 read {len(set(people_train) - set(known))} training clips of unknown sync: kept {len(kept)}, left out {n_ex} (fewer than "
              f"{CONFIDENT_AGREEMENT:.0%} of windows within ±1 frame of their median). Held-out cases: old {scores['round 1 (known + bootstrapped)']['old']['n']}, "
              f"new {scores['round 1 (known + bootstrapped)']['new']['n']} ({scores['round 1 (known + bootstrapped)']['new']['clips']} clips)."]
    (a.out/'summary.md').write_text('\n'.join(lines) + '\n')
    print('\n'.join(lines))

if __name__ == '__main__': main()
