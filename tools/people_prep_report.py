"""Summarise a `talkface prep --sync-correct` run over `../shared/data/video_people/` (issue 26, step 1): per source
group, how many clips were prepared or refused (and why), their length, faceless frames, and the audio-video offset
estimates with their confidence. Writes `summary.json` and `summary.md` to OUT.

    python tools/people_prep_report.py PREP_DIR SRC_DIR OUT"""
import json, re, sys, collections
from pathlib import Path

GROUPS = [('chalearnfi', 'vlog (ChaLearn FI)'), ('hallo3test', 'TV, film, interview (Hallo3 test)'), ('grid', 'GRID studio'),
          ('lrs', 'LRS2/LRS3'), ('cremad', 'CREMA-D'), ('', 'other talking-head inputs')]

def group(name: str) -> str:
    return next(label for prefix, label in GROUPS if name.startswith(prefix))

def main(prep, src, out):
    prep, src, out = Path(prep), Path(src), Path(out); out.mkdir(parents=True, exist_ok=True)
    videos = sorted(p for p in src.iterdir() if p.suffix.lower() in ('.mp4', '.mpg', '.flv'))
    rows = []
    for v in videos:
        m = prep/v.stem/'meta.json'
        if not m.exists(): rows.append({'clip': v.name, 'group': group(v.name), 'prepared': False}); continue
        d = json.loads(m.read_text()); o = d.get('av_offset') or {}
        rows.append({'clip': v.name, 'group': group(v.name), 'prepared': True, 'seconds': d['duration'], 'frames': d['n_frames'],
                     'faceless': len(d['faceless_frames']), 'has_audio': d['has_audio'], 'offset_frames': o.get('offset'),
                     'estimate_frames': o.get('estimate'), 'confident': o.get('confident'), 'correlation': o.get('correlation'), 'margin': o.get('margin')})
    by = collections.defaultdict(list)
    for r in rows: by[r['group']].append(r)
    lines = ['| group | clips | prepared | minutes | faceless frames | offset confident | confident offsets (frames) |', '|---|---|---|---|---|---|---|']
    for g, rs in by.items():
        ok = [r for r in rs if r['prepared']]; conf = [r for r in ok if r['confident']]
        offs = collections.Counter(r['offset_frames'] for r in conf)
        lines.append(f"| {g} | {len(rs)} | {len(ok)} | {sum(r['seconds'] for r in ok) / 60:.1f} | {sum(r['faceless'] for r in ok)} | {len(conf)} of {len(ok)} | "
                     + (', '.join(f'{k:+d}: {n}' for k, n in sorted(offs.items())) or '–') + ' |')
    ok = [r for r in rows if r['prepared']]
    lines.append(f"| all | {len(rows)} | {len(ok)} | {sum(r['seconds'] for r in ok) / 60:.1f} | {sum(r['faceless'] for r in ok)} | {sum(bool(r['confident']) for r in ok)} of {len(ok)} | |")
    (out/'summary.json').write_text(json.dumps(rows, indent=1))
    (out/'summary.md').write_text('\n'.join(lines) + '\n')
    print('\n'.join(lines))

if __name__ == '__main__': main(*sys.argv[1:4])
