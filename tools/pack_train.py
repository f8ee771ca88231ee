"""Pack talkface's prepared training clips small enough to carry to a GPU machine, and unpack them there.

    python tools/pack_train.py pack --prep /work/prep_people /work/prep_old128 --unlisted train --out /work/pack_people/pack.tar
    python tools/pack_train.py unpack /work/pack_people/pack.tar DIR [--clips N] [--workers 16]   # DIR/prep, DIR/bin
    python tools/pack_train.py show /work/pack_people/pack.tar                                      # roles, sizes, fidelity

What is packed, per clip of a `talkface prep` folder (crops at one mouth size; meta.json, crops.npy, landmarks_crop.npy,
valid.npy, mel.npy), into one uncompressed tar (its members are compressed already):

- crops (T, H, W, 3) uint8 RGB -> `clips/<clip>.mp4`: H.264 (libx264 through PyAV), 4:4:4 chroma (yuv444p, High 4:4:4
  profile: the lips keep their colour resolution), constant quality `--crf` (default 27), `--preset` (default slow),
  25 fps, every frame kept. Temporal prediction is what makes this small: a 208 x 160 crop takes about 0.3 kB a frame
  against about 100 kB raw. The packer decodes each clip again (PyAV, rgb24) and records the PSNR against the original
  crops (whole crop and the mouth box) and the MD5 of the decoded frames; `unpack` checks that MD5, so a decoder that
  gives other pixels (another FFmpeg's colour conversion) is reported, not silently used.
- mel.npy (T, 80, 16) float32 in [-4, 4] -> `clips/<clip>.mel.xz`: the windows are slices of one continuous log-mel
  spectrogram (`talkface.audio.mel_windows`: frame t reads columns 16t/5 ... +16), so only that spectrogram (80, L)
  is stored, L = 16(T-1)/5 + 16 columns; each value quantised to `--mel-bits` bits (default 6: 64 levels over [-4, 4],
  step 0.127 = 1.6 dB, error at most 0.063 = 0.8 dB), differenced along time, xz. Unpacking rebuilds the windows with
  `mel_windows`; they equal the prep's exactly but for the quantisation (checked: the rebuild of the unquantised
  spectrogram is bit-exact on all 165 people clips).
- landmarks_crop.npy (T, 478, 2) -> `clips/<clip>.lips.xz`: only what training reads: the 40 `LIPS` points and the two
  eye centres (the mean of each eye contour: `inter_ocular`'s input), in 1/8 px (int16, NaN kept as a sentinel),
  differenced along time, xz. Unpacking writes a full (T, 478, 2) array: the lips, every point of each eye contour
  set to its centre (so `inter_ocular`, `lip_window` and `mouth_opening` give the prep's values to 1/16 px), and NaN
  in every other point, so that code reading another point fails loudly instead of reading zeros. (Binarized items
  hold landmarks as float16, 1/8 px steps at 128-256 px, so 1/8 px costs nothing the trainer ever saw.)
- valid.npy -> the list of invalid frames; meta.json -> as it is; the manifest's `shot_boundaries` -> `cuts` (all in
  `pack.json`, the table of contents); `unpack` hands the cuts to `binarize`, which splits segments there.

Which clips, and in which role. Held-out speakers never go into the training set:
- `--manifest` (default nbs/runs/people_split_s27/manifest.json, when it exists): each clip's `role`, one of train,
  held_out, excluded; and shot_boundaries. excluded clips are not packed; held_out ones are packed as `held_out` (the
  validation split the trainers and the evaluation read, never trained on); clips the manifest does not list are
  skipped (`--unlisted train` packs them as training clips: the older clips of shared/data/video and video_more, which
  the manifest does not cover) unless a held-out list names them.
- `--split` (default configs/speaker_split.json): its `held_out_people` and `held_out` lists (clip names, one clip per
  speaker) are held out whatever the manifest says; a clip the manifest calls train but a list holds out is an error.
- Without a manifest, every prepared clip not in those lists is a training clip.

`unpack` writes `DIR/prep/<clip>/` in `talkface prep`'s layout and then `talkface.dataset.binarize(DIR/prep, DIR/bin,
held_out=<the held-out clips>)`: `DIR/bin/{train,val}.*` are what `talkface train` and `train-syncnet` read, val being
the held-out speakers. Decoding uses PyAV when it imports, else OpenCV's FFmpeg (the GPU image has opencv but no PyAV).
"""
from __future__ import annotations
import argparse, hashlib, io, json, lzma, multiprocessing as mp, os, shutil, sys, tarfile, time
from pathlib import Path
import numpy as np

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path: sys.path.insert(0, str(REPO))
FORMAT = 1
MANIFEST = REPO/'nbs'/'runs'/'people_split_s27'/'manifest.json'
SPLIT = REPO/'configs'/'speaker_split.json'
LIP_SCALE = 8            # landmark units per pixel
NAN16 = -32768           # int16 sentinel for a NaN coordinate

def lip_points():
    "Indices of the landmarks that are packed: the 40 lip points; the two eye centres follow them."
    from talkface.landmarks import LIPS, LEFT_EYE, RIGHT_EYE
    return LIPS, LEFT_EYE, RIGHT_EYE

# ---------------------------------------------------------------------------------------------------------- roles
def read_roles(path) -> tuple[dict, dict]:
    """`({clip: role}, {clip: [shot-change frames]})` from a split manifest (`talkface.dataset.read_manifest`'s format and
    checks: rows `{'clip', 'role', 'shot_boundaries' (optional)}`, as tools/people_split.py writes)."""
    from talkface.dataset import manifest_rows, read_manifest
    return {r['clip']: r['role'] for r in manifest_rows(path)}, read_manifest(path)['cuts']

def held_out_names(path) -> set:
    "Clip names held out in `configs/speaker_split.json`: its `held_out_people` and `held_out` lists (whichever exist)."
    if not path or not Path(path).exists(): return set()
    d = json.loads(Path(path).read_text())
    return {str(n) for k in ('held_out_people', 'held_out') for n in d.get(k) or []}

def assign_roles(clips: list[Path], manifest=None, split=None, unlisted: str = 'skip') -> dict:
    "`{clip dir: 'train' | 'held_out'}` for the clips to pack (excluded and skipped ones left out), by the rules in the docstring."
    roles = read_roles(manifest)[0] if manifest and Path(manifest).exists() else None
    held = held_out_names(split)
    out = {}
    for c in clips:
        r = roles.get(c.name) if roles is not None else 'train'
        if c.name in held:
            if r == 'train' and roles is not None: raise ValueError(f"{c.name}: the manifest {manifest} says train, {split} holds it out")
            if r != 'excluded': out[c] = 'held_out'
            continue
        if r is None: r = 'train' if unlisted == 'train' else None
        if r in ('train', 'held_out'): out[c] = r
    return out

# ---------------------------------------------------------------------------------------------------------- crops
def encode_crops(frames: np.ndarray, crf: int, preset: str) -> bytes:
    "(T, H, W, 3) uint8 RGB -> H.264 4:4:4 mp4 bytes at 25 fps (one encoder thread: the packer runs beside benchmarks)."
    import av
    buf = io.BytesIO()
    with av.open(buf, 'w', format='mp4') as c:
        s = c.add_stream('libx264', rate=25); s.height, s.width = frames.shape[1:3]; s.pix_fmt = 'yuv444p'
        s.options = {'crf': str(crf), 'preset': preset}; s.thread_count = 1
        for f in frames:
            for p in s.encode(av.VideoFrame.from_ndarray(np.ascontiguousarray(f), format='rgb24')): c.mux(p)
        for p in s.encode(): c.mux(p)
    return buf.getvalue()

def decode_crops(data: bytes) -> np.ndarray:
    "mp4 bytes -> (T, H, W, 3) uint8 RGB, with PyAV if it imports, else OpenCV's FFmpeg (`TALKFACE_PACK_DECODER=cv2`: OpenCV always)."
    try: import av
    except ImportError: av = None
    if os.environ.get('TALKFACE_PACK_DECODER') == 'cv2': av = None
    if av is not None:
        with av.open(io.BytesIO(data)) as c: return np.stack([f.to_ndarray(format='rgb24') for f in c.decode(video=0)])
    import cv2, tempfile
    with tempfile.NamedTemporaryFile(suffix='.mp4') as f:
        f.write(data); f.flush()
        cap = cv2.VideoCapture(f.name); out = []
        while True:
            ok, img = cap.read()
            if not ok: break
            out.append(img[..., ::-1])
        cap.release()
    if not out: raise RuntimeError("OpenCV decoded no frame (is its FFmpeg backend there?)")
    return np.ascontiguousarray(np.stack(out))

def decoder_name() -> str:
    import cv2
    if os.environ.get('TALKFACE_PACK_DECODER') == 'cv2': return f'OpenCV {cv2.__version__}'
    try: import av; return f'PyAV {av.__version__}'
    except ImportError: return f'OpenCV {cv2.__version__}'

def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(np.float32) - b.astype(np.float32)) ** 2))
    return 100.0 if mse == 0 else float(10 * np.log10(255 ** 2 / mse))

def md5(x: np.ndarray) -> str: return hashlib.md5(np.ascontiguousarray(x).tobytes()).hexdigest()

# ---------------------------------------------------------------------------------------------------------- mel
def mel_starts(T: int) -> np.ndarray:
    "First spectrogram column of each frame's window (`talkface.audio.mel_windows`)."
    from talkface.audio import MelConfig
    from talkface.core import FPS
    c = MelConfig(); return np.arange(T) * c.sample_rate // (c.hop_size * FPS)

def mel_columns(mel: np.ndarray) -> np.ndarray:
    "Per-frame windows (T, 80, 16) -> the spectrogram (80, L) they slice; raises if the windows disagree where they overlap."
    T, n, w = mel.shape; st = mel_starts(T)
    M = np.full((n, int(st[-1]) + w), np.nan, np.float32)
    for t in range(T):
        seen = M[:, st[t]:st[t] + w]; ok = ~np.isnan(seen)
        if not np.array_equal(seen[ok], mel[t][ok]): raise ValueError(f"mel windows {t - 1} and {t} disagree where they overlap")
        M[:, st[t]:st[t] + w] = mel[t]
    return M

def pack_mel(mel: np.ndarray, bits: int) -> tuple[bytes, dict]:
    M = mel_columns(mel); levels = 2 ** bits - 1
    q = np.clip(np.round((M + 4) / 8 * levels), 0, levels).astype(np.int16)
    err = np.abs(q / levels * 8 - 4 - M)
    d = np.diff(q, axis=1, prepend=0).astype(np.int8)                 # |delta| <= 255 wraps mod 256, undone by the cumsum
    blob = lzma.compress(np.ascontiguousarray(d.T).tobytes(), preset=9 | lzma.PRESET_EXTREME)
    return blob, {'mel_cols': int(M.shape[1]), 'mel_max_err': float(err.max()), 'mel_rms_err': float(np.sqrt((err ** 2).mean()))}

def unpack_mel(blob: bytes, n_frames: int, cols: int, bits: int) -> np.ndarray:
    from talkface.audio import mel_windows
    d = np.frombuffer(lzma.decompress(blob), np.int8).reshape(cols, 80).T
    q = (np.cumsum(d.astype(np.int64), axis=1) % 256).astype(np.float32)
    return np.ascontiguousarray(mel_windows(q / (2 ** bits - 1) * 8 - 4, n_frames), np.float32)

# ---------------------------------------------------------------------------------------------------------- landmarks
def pack_lips(lm: np.ndarray) -> tuple[bytes, dict]:
    LIPS, LE, RE = lip_points()
    pts = np.concatenate([lm[:, LIPS], lm[:, LE].mean(1, keepdims=True), lm[:, RE].mean(1, keepdims=True)], 1)   # (T, 42, 2)
    q = np.where(np.isnan(pts), NAN16, np.round(np.nan_to_num(pts) * LIP_SCALE)).astype(np.int16)
    back = np.where(q == NAN16, np.nan, q / LIP_SCALE)
    d = np.diff(q.astype(np.int32), axis=0, prepend=0).astype(np.int16)   # wraps mod 2^16, undone by the cumsum
    blob = lzma.compress(d.tobytes(), preset=9 | lzma.PRESET_EXTREME)
    return blob, {'lips_max_err_px': float(np.nanmax(np.abs(back - pts))) if np.isfinite(pts).any() else 0.0}

def unpack_lips(blob: bytes, n_frames: int) -> np.ndarray:
    LIPS, LE, RE = lip_points()
    d = np.frombuffer(lzma.decompress(blob), np.int16).reshape(n_frames, 42, 2)
    q = np.cumsum(d.astype(np.int64), axis=0).astype(np.int64)
    q = ((q + 32768) % 65536 - 32768).astype(np.int16)
    pts = np.where(q == NAN16, np.nan, q / LIP_SCALE).astype(np.float32)
    out = np.full((n_frames, 478, 2), np.nan, np.float32)
    out[:, LIPS] = pts[:, :40]; out[:, LE] = pts[:, 40:41]; out[:, RE] = pts[:, 41:42]
    return out

# ---------------------------------------------------------------------------------------------------------- pack
def pack_clip(clip: Path, role: str, crf: int, preset: str, mel_bits: int, cuts=()) -> tuple[dict, dict]:
    "The table-of-contents row and the member files `{name: bytes}` of one clip."
    meta = json.loads((clip/'meta.json').read_text())
    crops = np.load(clip/'crops.npy'); T = len(crops)
    if T != meta['n_frames']: raise ValueError(f"{clip}: crops.npy has {T} frames, meta.json says {meta['n_frames']}")
    video = encode_crops(crops, crf, preset)
    dec = decode_crops(video)
    if dec.shape != crops.shape: raise RuntimeError(f"{clip}: decoded {dec.shape}, packed {crops.shape}")
    from talkface.crop import CropConfig
    r0, r1, c0, c1 = CropConfig(mouth_size=meta['mouth_size']).mouth_box
    mel_blob, mel_info = pack_mel(np.load(clip/'mel.npy'), mel_bits)
    lips_blob, lips_info = pack_lips(np.load(clip/'landmarks_crop.npy'))
    valid = np.load(clip/'valid.npy')
    row = {'clip': clip.name, 'role': role, 'n_frames': T, 'invalid': np.flatnonzero(~valid).tolist(), 'cuts': list(cuts), 'meta': meta,
           'md5': md5(dec), 'psnr': psnr(crops, dec), 'psnr_mouth': psnr(crops[:, r0:r1, c0:c1], dec[:, r0:r1, c0:c1]),
           'bytes': {'crops': len(video), 'mel': len(mel_blob), 'lips': len(lips_blob)}, **mel_info, **lips_info}
    return row, {f'clips/{clip.name}.mp4': video, f'clips/{clip.name}.mel.xz': mel_blob, f'clips/{clip.name}.lips.xz': lips_blob}

def _add(tar: tarfile.TarFile, name: str, data: bytes):
    ti = tarfile.TarInfo(name); ti.size = len(data); ti.mtime = int(time.time()); tar.addfile(ti, io.BytesIO(data))

def pack(prep_dirs, out, manifest=MANIFEST, split=SPLIT, unlisted='skip', crf=25, preset='slow', mel_bits=6,
         budget_mib: float | None = None, limit: int | None = None, log=print) -> dict:
    """Pack the prepared clips under `prep_dirs` into the tar `out` (written atomically); returns the table of contents.
    `limit`: at most that many training clips and one held-out clip (a small pack for tests)."""
    from talkface.dataset import list_prepared
    clips = [c for d in prep_dirs for c in list_prepared(d)]
    names = [c.name for c in clips]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup: raise ValueError(f"clips prepared twice under {prep_dirs}: {dup[:5]}")
    roles = assign_roles(clips, manifest, split, unlisted)
    cuts = read_roles(manifest)[1] if manifest and Path(manifest).exists() else {}
    if limit:
        tr = [c for c in roles if roles[c] == 'train'][:limit]; ho = [c for c in roles if roles[c] == 'held_out'][:1]
        roles = {c: roles[c] for c in tr + ho}
    sizes = {tuple(json.loads((c/'meta.json').read_text())['crop_size']) for c in roles}
    if len(sizes) > 1: raise ValueError(f"clips at different crop sizes {sorted(sizes)}: prep them at one --mouth-size")
    n_train = sum(r == 'train' for r in roles.values()); n_held = len(roles) - n_train
    log(f"packing {n_train} training and {n_held} held-out clips of {len(clips)} prepared ({len(clips) - len(roles)} left out); "
        f"manifest {'read' if manifest and Path(manifest).exists() else 'absent'}, held-out lists from {split}")
    out = Path(out); out.parent.mkdir(parents=True, exist_ok=True); tmp = out.with_name(out.name + '.tmp')
    rows, t0 = [], time.time()
    with tarfile.open(tmp, 'w', format=tarfile.PAX_FORMAT) as tar:
        for i, (c, role) in enumerate(sorted(roles.items(), key=lambda kv: kv[0].name)):
            row, files = pack_clip(c, role, crf, preset, mel_bits, cuts.get(c.name, ()))
            for k, v in files.items(): _add(tar, k, v)
            rows.append(row)
            if (i + 1) % 10 == 0 or i + 1 == len(roles):
                log(f"  {i + 1}/{len(roles)} clips, {sum(r['n_frames'] for r in rows)} frames, {tmp.stat().st_size / 2**20:.1f} MiB, {time.time() - t0:.0f} s")
        toc = {'format': FORMAT, 'made': time.strftime('%Y-%m-%d %H:%M:%S'), 'decoder': decoder_name(),
               'settings': {'codec': 'libx264', 'pix_fmt': 'yuv444p', 'crf': crf, 'preset': preset, 'mel_bits': mel_bits,
                            'lip_scale': LIP_SCALE, 'prep_dirs': [str(d) for d in prep_dirs],
                            'manifest': str(manifest) if manifest and Path(manifest).exists() else None, 'split': str(split) if split else None},
               'held_out': sorted(r['clip'] for r in rows if r['role'] == 'held_out'), 'clips': rows}
        toc['summary'] = summary(toc)
        _add(tar, 'pack.json', json.dumps(toc).encode())
    size = tmp.stat().st_size / 2**20
    if budget_mib and size > budget_mib:
        tmp.replace(out.with_name(out.name + '.over_budget'))
        raise SystemExit(f"pack_train: the pack is {size:.1f} MiB, over --budget-mib {budget_mib:g} (kept as {out.name}.over_budget; "
                         f"{json.dumps(toc['summary']['mib'])} MiB): raise --crf or lower --mel-bits")
    tmp.replace(out)
    return toc

def summary(toc: dict) -> dict:
    "Sizes and fidelity over all clips (frame-weighted PSNR from the summed squared errors)."
    rows = toc['clips']; n = np.array([r['n_frames'] for r in rows], float)
    mse = lambda k: np.array([10 ** (-r[k] / 10) for r in rows])          # mean squared error / 255^2 of each clip
    agg = lambda k: float(-10 * np.log10((mse(k) * n).sum() / n.sum()))
    by = {k: sum(r['bytes'][k] for r in rows) for k in ('crops', 'mel', 'lips')}
    return {'clips': len(rows), 'frames': int(n.sum()), 'train_clips': sum(r['role'] == 'train' for r in rows),
            'train_frames': int(sum(r['n_frames'] for r in rows if r['role'] == 'train')),
            'held_out_clips': sum(r['role'] == 'held_out' for r in rows),
            'held_out_frames': int(sum(r['n_frames'] for r in rows if r['role'] == 'held_out')),
            'mib': {k: round(v / 2**20, 2) for k, v in by.items()}, 'crops_kb_per_frame': round(by['crops'] / n.sum() / 1024, 3),
            'psnr_db': round(agg('psnr'), 2), 'psnr_mouth_db': round(agg('psnr_mouth'), 2),
            'psnr_db_worst_clip': round(min(r['psnr'] for r in rows), 2),
            'mel_max_err': round(max(r['mel_max_err'] for r in rows), 4),
            'mel_rms_err': round(float(np.sqrt(sum(r['mel_rms_err'] ** 2 * r['mel_cols'] for r in rows) / sum(r['mel_cols'] for r in rows))), 4),
            'lips_max_err_px': round(max(r['lips_max_err_px'] for r in rows), 4)}

# ---------------------------------------------------------------------------------------------------------- unpack
def read_toc(pack_path) -> dict:
    with tarfile.open(pack_path) as tar: return json.loads(tar.extractfile('pack.json').read())

def _unpack_clip(args):
    "Worker: write one clip's prep folder; returns (clip, decoded MD5 matches the packer's)."
    pack_path, row, bits, dst = args
    from talkface.core import atomic_path, save_json
    name, T = row['clip'], row['n_frames']
    with tarfile.open(pack_path) as tar:
        video, mel_b, lips_b = (tar.extractfile(f'clips/{name}{s}').read() for s in ('.mp4', '.mel.xz', '.lips.xz'))
    crops = decode_crops(video)
    if len(crops) != T: raise RuntimeError(f"{name}: decoded {len(crops)} frames, packed {T}")
    with atomic_path(Path(dst)/name) as tmp:
        tmp.mkdir(parents=True)
        np.save(tmp/'crops.npy', crops)
        np.save(tmp/'mel.npy', unpack_mel(mel_b, T, row['mel_cols'], bits))
        np.save(tmp/'landmarks_crop.npy', unpack_lips(lips_b, T))
        valid = np.ones(T, bool); valid[row['invalid']] = False; np.save(tmp/'valid.npy', valid)
        save_json({**row['meta'], 'unpacked_from': str(pack_path)}, tmp/'meta.json')
    return name, md5(crops) == row['md5']

def unpack(pack_path, out, clips: int | None = None, workers: int | None = None, binarize: bool = True, log=print) -> dict:
    """Unpack `pack_path` into `out/prep` (talkface prep layout) and binarize it into `out/bin` (val = the held-out clips).
    `clips`: only the first `clips` training clips and the first held-out clip. Clips already unpacked are kept (a killed
    unpack resumes). Returns a report: clips, frames, seconds, decoder, MD5 mismatches."""
    out = Path(out); toc = read_toc(pack_path); t0 = time.time()
    rows = toc['clips']
    if clips:
        rows = [r for r in rows if r['role'] == 'train'][:clips] + [r for r in rows if r['role'] == 'held_out'][:1]
    prep = out/'prep'; prep.mkdir(parents=True, exist_ok=True)
    todo = [r for r in rows if not (prep/r['clip']/'meta.json').exists()]
    workers = workers or min(len(todo) or 1, os.cpu_count() or 1)
    jobs = [(str(pack_path), r, toc['settings']['mel_bits'], str(prep)) for r in todo]
    if workers > 1 and len(jobs) > 1:
        with mp.get_context('spawn').Pool(workers) as pool: res = pool.map(_unpack_clip, jobs, chunksize=1)
    else: res = [_unpack_clip(j) for j in jobs]
    bad = [n for n, ok in res if not ok]
    held = [r['clip'] for r in rows if r['role'] == 'held_out']
    report = {'pack': str(pack_path), 'clips': len(rows), 'frames': sum(r['n_frames'] for r in rows), 'unpacked_now': len(todo),
              'decoder': decoder_name(), 'packer_decoder': toc.get('decoder'), 'md5_mismatch': bad, 'held_out': held,
              'unpack_s': round(time.time() - t0, 1)}
    if bad: log(f"warning: {len(bad)} clips decode to other pixels than the packer's ({toc.get('decoder')}) with {decoder_name()}: {bad[:5]}")
    if binarize:
        from talkface.dataset import binarize as bz
        t1 = time.time(); keep = {r['clip'] for r in rows}
        extra = [p.name for p in prep.glob('*/meta.json') if p.parent.name not in keep]
        if extra: raise ValueError(f"{prep}: holds clips not in this unpack ({extra[:3]}): unpack into a fresh folder")
        cuts = {r['clip']: r['cuts'] for r in rows if r.get('cuts')}
        stats = bz(prep, out/'bin', held_out=held, workers=min(workers, 8), progress=False, cuts=cuts)
        report.update(binarize_s=round(time.time() - t1, 1), splits=stats['splits'])
    return report

# ---------------------------------------------------------------------------------------------------------- CLI
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    sub = ap.add_subparsers(dest='cmd', required=True)
    p = sub.add_parser('pack', help='pack prepared clips into one tar')
    p.add_argument('--prep', nargs='+', default=['/work/prep_people'], help='talkface prep folders (default /work/prep_people)')
    p.add_argument('--out', default='/work/pack_people/pack.tar')
    p.add_argument('--manifest', default=str(MANIFEST), help='split manifest with per-clip roles (used when it exists)')
    p.add_argument('--split', default=str(SPLIT), help='speaker split JSON: held_out_people / held_out clip lists')
    p.add_argument('--unlisted', choices=['skip', 'train'], default='skip', help='clips the manifest does not list (default skip)')
    p.add_argument('--crf', type=int, default=27); p.add_argument('--preset', default='slow')
    p.add_argument('--mel-bits', type=int, default=6, choices=range(4, 9))
    p.add_argument('--budget-mib', type=float, default=19.0, help='fail if the pack is larger (default 19: the repo tree is ~34 MiB '
                   'and the wheels ~7 MiB of the 64 MiB a GPU call carries)')
    p.add_argument('--limit', type=int, default=None, help='at most this many training clips (and one held-out clip)')
    u = sub.add_parser('unpack', help='unpack a pack into DIR/prep and binarize it into DIR/bin')
    u.add_argument('pack'); u.add_argument('dir')
    u.add_argument('--clips', type=int, default=None, help='only the first N training clips and one held-out clip')
    u.add_argument('--workers', type=int, default=None); u.add_argument('--no-binarize', action='store_true')
    s = sub.add_parser('show', help="print a pack's summary and held-out clips")
    s.add_argument('pack')
    a = ap.parse_args(argv)
    if a.cmd == 'pack':
        t = time.time()
        toc = pack(a.prep, a.out, a.manifest, a.split, a.unlisted, a.crf, a.preset, a.mel_bits, a.budget_mib, a.limit)
        print(json.dumps({**toc['summary'], 'pack_mib': round(Path(a.out).stat().st_size / 2**20, 2), 'seconds': round(time.time() - t)}))
    elif a.cmd == 'unpack':
        print(json.dumps(unpack(a.pack, a.dir, a.clips, a.workers, not a.no_binarize)))
    else:
        toc = read_toc(a.pack)
        print(json.dumps({'settings': toc['settings'], 'summary': toc['summary'], 'held_out': toc['held_out'],
                          'pack_mib': round(Path(a.pack).stat().st_size / 2**20, 2)}, indent=1))

if __name__ == '__main__': main()
