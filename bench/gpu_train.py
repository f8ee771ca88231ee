"""Train talkface from a carried pack on one GPU in under 9 minutes of wall time: unpack, SyncNet, generator 64 -> 128,
held-out figures. Run through bench/gpu_train.sh on a bare GPU machine (it installs MediaPipe and fastcore from the
carried wheels first); resumable: rerun the same command after a kill and it carries on from the last checkpoint.

    bench/gpu_train.sh --out /tmp/gpu_train --export $OUT      # on the GPU machine (default --device cuda, --minutes 9)
    bench/gpu_train.sh --device cpu --tiny --out /tmp/tiny     # CI-sized: 3 training clips, a few steps of each stage

Stages (each in OUT/<stage>/, written as it goes; OUT/state.json says what is done):
1. unpack: tools/pack_train.py's `unpack` of `--pack` into `--data` (default OUT/data): prep folders, then
   `binarize` with the pack's held-out clips as the validation split (never trained on).
2. syncnet: `talkface.train_syncnet.train_syncnet` with configs/syncnet_lips_aug.yaml (lip landmarks, augmentation;
   the shipped `syncnet_lips.pt`'s recipe) at a GPU batch; then its held-out offset test (`offset_test`, the fraction
   of held-out windows x audio shifts whose offset it finds within 1 frame) beside the shipped syncnet_lips.pt's.
3. gen64, 4. gen128: `talkface.train.train` with nbs/runs/pixel64b/config.yaml's model and losses (width 16, 2 res
   blocks, the reference-pixel branch; L1 + mouth L1 + LSGAN 0.05 + rgb_l1 0.2, no VGG) at mouth 64, then
   nbs/runs/pix128/config.yaml's at mouth 128 starting from gen64's weights. From scratch by default (`--init-from`
   starts gen64 from a checkpoint instead). No 256 stage: the pack holds crops prepared at a 128-px mouth, and a
   256 stage trained on upscaled crops would learn the upscaler; it needs a pack prepared at `--mouth-size 256`.
5. eval: the trainer's own held-out validation (`talkface.train.validate`: mouth PSNR and LMD of the generator and of
   the nearest-reference baseline, on fixed samples of the held-out clips) for gen64 and the shipped pixel64b.pt at
   mouth 64, gen128 and the shipped pix128.pt at mouth 128, the same samples for each -> OUT/heldout.json. With
   `--quality` (where talkface's dub dependencies import: PyAV, librosa, soundfile; not the GPU image) also the video
   benchmark's generic rows (bench/quality.py: dub the last 40 % of each held-out video with its own speech, score
   with `talkface.metrics.evaluate_video`) for the new checkpoints and pixel64b.pt.

Time, not step counts, bounds each stage. What is left of `--minutes` after the unpack, less a reserve for the
evaluation, is shared out syncnet 20 %, gen64 40 %, gen128 40 %. A stage runs in chunks (each a call of the library's
trainer, which resumes from its last.pt): a probe chunk of `probe` steps, then one sized to half of the stage's time
left at the rate the probe measured (trainer start-up and the validation at the chunk's end included), then one for
the rest at the rate measured so far; the step counts it reaches are written to OUT/state.json. `--tiny` fixes the
steps instead (two chunks per stage) so that CI tests the same chunking and resuming.

The batch sizes and the expected step rates are estimates, not measurements on a GPU (none was lent when this was
written): nbs/runs/gpu_train_s27/README.md says how they were estimated (CPU timings here x an assumed GPU speed).
"""
from __future__ import annotations
import argparse, json, logging, os, shutil, sys, time
from pathlib import Path

HERE = Path(__file__).resolve().parent; REPO = HERE.parent
sys.path[:0] = [str(REPO), str(REPO/'tools')]
log = logging.getLogger('gpu_train')

# per device: batch size, probe chunk (steps), dataloader workers; tiny: fixed steps per chunk, chunks, batch
BATCH = {'cuda': {'syncnet': 128, 'gen64': 64, 'gen128': 32},
         'cpu': {'syncnet': 32, 'gen64': 8, 'gen128': 8}}
PROBE = {'syncnet': 100, 'gen64': 100, 'gen128': 60}
TINY = {'syncnet': dict(steps=3, chunks=2, batch=16), 'gen64': dict(steps=3, chunks=2, batch=4), 'gen128': dict(steps=2, chunks=2, batch=2)}
MAX_STEPS = {'syncnet': 5000, 'gen64': 10**6, 'gen128': 10**6}   # the expert stops early; its time left goes to the generator
SHARES = {'syncnet': 0.2, 'gen64': 0.4, 'gen128': 0.4}
EVAL_RESERVE_S = 60          # kept back from the training stages for the evaluation (cuda; a CPU run is not timed)
VAL_SAMPLES = {'cuda': 120, 'cpu': 40, 'tiny': 4}         # held-out samples of the final evaluation, per model and size
CHUNK_VAL_SAMPLES = {'cuda': 24, 'cpu': 8, 'tiny': 4}     # of the validation the trainer runs at the end of every chunk

# ------------------------------------------------------------------------------------------------------ state
class State:
    "OUT/state.json: per stage, what is done, its time budget, the chunks run (steps from/to, seconds)."
    def __init__(self, path: Path):
        self.path = path; self.d = json.loads(path.read_text()) if path.exists() else {'stages': {}, 'runs': []}
    def stage(self, name) -> dict: return self.d['stages'].setdefault(name, {'done': False, 'chunks': [], 'train_s': 0.0})
    def save(self):
        tmp = self.path.with_suffix('.tmp'); tmp.write_text(json.dumps(self.d, indent=1)); tmp.replace(self.path)

def ckpt_step(path: Path) -> int:
    if not path.exists(): return 0
    import torch
    return int(torch.load(path, map_location='cpu', weights_only=False)['step'])

def run_chunks(name: str, state: State, run_dir: Path, train_to, budget_s: float, a) -> dict:
    """Call `train_to(steps)` (the library trainer, resuming from run_dir/last.pt) chunk by chunk until the stage's time
    budget (or, with --tiny, its fixed steps) is spent; records every chunk in `state`."""
    st = state.stage(name)
    if st['done']: log.info(f'{name}: done before ({ckpt_step(run_dir/"last.pt")} steps)'); return st
    st.setdefault('budget_s', budget_s); state.save()
    while True:
        have = ckpt_step(run_dir/'last.pt')
        if st.get('target', 0) > have: n = st['target'] - have                          # a chunk a kill interrupted
        elif a.tiny:
            if len(st['chunks']) >= TINY[name]['chunks']: break
            n = TINY[name]['steps']
        else:
            left = st['budget_s'] - st['train_s']
            if not st['chunks']: n = PROBE[name]
            else:
                rate = sum(c['to'] - c['from'] for c in st['chunks']) / sum(c['s'] for c in st['chunks'])
                n = int(left * rate * (0.5 if len(st['chunks']) == 1 else 0.95))
            n = min(n, MAX_STEPS[name] - have)
            if left < 15 or n < PROBE[name] // 4: break
        st['target'] = have + n; state.save()
        log.info(f'{name}: steps {have} -> {st["target"]}' + ('' if a.tiny else f' ({st["budget_s"] - st["train_s"]:.0f} s of {st["budget_s"]:.0f} left)'))
        t = time.time(); train_to(st['target']); dt = time.time() - t
        st['chunks'].append({'from': have, 'to': st['target'], 's': round(dt, 2)}); st['train_s'] += dt; state.save()
    st['done'] = True; st['steps'] = ckpt_step(run_dir/'last.pt'); state.save()
    return st

# ------------------------------------------------------------------------------------------------------ stages
def stage_unpack(a, state: State) -> dict:
    st = state.stage('unpack')
    if st['done']: return st
    from pack_train import unpack
    t = time.time()
    rep = unpack(a.pack, a.data, clips=3 if a.tiny else a.clips, workers=a.unpack_workers, log=log.warning)
    st.update(rep, done=True, seconds=round(time.time() - t, 1)); state.save()
    log.info(f"unpack: {rep['clips']} clips, {rep['frames']} frames in {st['seconds']} s (decoder {rep['decoder']}); splits {rep.get('splits')}")
    return st

def stage_syncnet(a, state: State, budget_s: float) -> dict:
    from talkface.train_syncnet import SyncTrainConfig, train_syncnet
    run_dir = a.out/'syncnet'
    base = SyncTrainConfig.from_yaml(REPO/'configs'/'syncnet_lips_aug.yaml').to_dict()
    bs = TINY['syncnet']['batch'] if a.tiny else BATCH[a.dev_type]['syncnet']
    d = {**base, 'data': str(a.data/'bin'), 'batch_size': bs, 'workers': a.workers, 'log_every': 10 if not a.tiny else 1,
         'val_every': 10**9, 'val_batches': 2 if a.tiny else 8, 'ckpt_every': 10**9}
    cfg0 = SyncTrainConfig.from_dict(d)
    to = lambda steps: train_syncnet(SyncTrainConfig.from_dict({**d, 'steps': steps}), run_dir, a.device, progress=False)
    st = run_chunks('syncnet', state, run_dir, to, budget_s, a)
    if 'offset_test' not in st:                                  # the held-out offset test, beside the shipped expert's
        from talkface.train_syncnet import load_syncnet, offset_test
        t = time.time(); res = {}
        for tag, path in (('new', run_dir/'last.pt'), ('shipped syncnet_lips.pt', REPO/'talkface'/'checkpoints'/'syncnet_lips.pt')):
            r = offset_test(load_syncnet(path, a.device), a.data/'bin', 'val')
            res[tag] = {'fraction': r['fraction'], 'n': r['n']}
        st['offset_test'] = res; st['offset_test_s'] = round(time.time() - t, 1); state.save()
        log.info(f"syncnet: held-out offset test {json.dumps(res)} (batch {cfg0.batch_size})")
    return st

def gen_config(a, stage: str, steps: int):
    "The TrainConfig of gen64 / gen128: pixel64b's / pix128's recipe, this run's data, batch, workers and validation."
    import yaml
    from talkface.train import TrainConfig
    src = {'gen64': 'pixel64b', 'gen128': 'pix128'}[stage]
    d = yaml.safe_load((REPO/'nbs'/'runs'/src/'config.yaml').read_text())
    bs = TINY[stage]['batch'] if a.tiny else BATCH[a.dev_type][stage]
    init = (str(a.init_from) if a.init_from else None) if stage == 'gen64' else str(a.out/'gen64'/'last.pt')
    d.update(stage=stage, steps=steps, batch_size=bs, init_from=init, log_every=1 if a.tiny else 20, image_every=10**9,
             val_every=10**9, val_samples=CHUNK_VAL_SAMPLES['tiny' if a.tiny else a.dev_type], ckpt_every=10**9)
    d['data'].update(root=str(a.data/'bin'), workers=a.workers)
    return TrainConfig.from_dict(d)

def stage_gen(a, state: State, stage: str, budget_s: float) -> dict:
    from talkface.train import train
    run_dir = a.out/stage
    st = run_chunks(stage, state, run_dir, lambda steps: train(gen_config(a, stage, steps), run_dir, a.device, progress=False), budget_s, a)
    from talkface.training import read_metrics
    m = read_metrics(run_dir)
    st['val'] = {k.split('/', 1)[1]: [[int(s), round(float(v), 4)] for s, v in zip(*m[k])] for k in m if k.startswith('val/')}
    state.save()
    return st

def stage_eval(a, state: State) -> dict:
    "Held-out crop-level figures of the new generators and the shipped ones, on the same samples (talkface.train.validate)."
    st = state.stage('eval')
    if st['done']: return st
    import torch
    from talkface.train import load_generator, validate
    from talkface.dataset import GeneratorDataset
    n = VAL_SAMPLES['tiny' if a.tiny else a.dev_type]; rows = []; t = time.time()
    ck = REPO/'talkface'/'checkpoints'
    for m, pairs in ((64, [('gen64', a.out/'gen64'/'last.pt'), ('pixel64b.pt', ck/'pixel64b.pt')]),
                     (128, [('gen128', a.out/'gen128'/'last.pt'), ('pix128.pt', ck/'pix128.pt'), ('pixel64b.pt', ck/'pixel64b.pt')])):
        ds = GeneratorDataset(a.data/'bin', 'val', 'mel', mouth_size=m, seed=1)       # the trainer's validation samples (seed + 1)
        for name, path in pairs:
            G, _ = load_generator(path, a.device)
            with torch.no_grad(): r = validate(G, ds, n, a.device)
            rows.append({'mouth': m, 'model': name, 'samples': min(n, len(ds)), **{k: round(v, 4) for k, v in r.items()}})
            log.info(f"eval mouth {m} {name}: " + ', '.join(f'{k} {v:.4f}' for k, v in r.items()))
    st.update(rows=rows, seconds=round(time.time() - t, 1), done=True); state.save()
    return st

def stage_quality(a, state: State) -> dict:
    "bench/quality.py's generic rows (no adaptation) for the new checkpoints and pixel64b.pt on its held-out videos."
    st = state.stage('quality')
    if st['done']: return st
    import importlib.util
    sys.path.insert(0, str(HERE))
    spec = importlib.util.spec_from_file_location('bench_quality', HERE/'quality.py'); q = importlib.util.module_from_spec(spec); spec.loader.exec_module(q)
    from heldout import cut_heldout
    from talkface.dub import dub
    from talkface.video import count_frames
    from pack_train import held_out_names, SPLIT
    held = sorted(held_out_names(SPLIT))[:a.quality_clips]        # held_out_people and held_out of configs/speaker_split.json
    vids = q.find_videos([d/'data'/sub for d in (REPO/'shared', REPO.parent/'shared', Path('/work/shared'))
                          for sub in ('video', 'video_more', 'video_people')])
    cks = {'gen64': a.out/'gen64.pt', 'gen128': a.out/'gen128.pt', 'pixel64b': REPO/'talkface'/'checkpoints'/'pixel64b.pt'}
    out = a.out/'quality'; rows = []
    for c in held:
        if c not in vids: log.warning(f'quality: {c} not found'); continue
        nf = count_frames(vids[c]); k = int(round(0.6 * nf))
        tr = cut_heldout(vids[c], 0, k, out/'cuts'/f'{c}_train.mp4')[0]
        te, wav = cut_heldout(vids[c], k, nf, out/'cuts'/f'{c}.mp4')
        row = {'clip': c, 'frames': nf - k}
        for name, ck in cks.items():
            r = q.scored(out/f'gen_{name}'/f'{c}.mp4', te, lambda: dub(te, wav, str(ck), out/f'gen_{name}'/f'{c}.mp4', device=a.device, progress=False, references=tr))
            row.update({f'gen:{name}/{k2}': (None if r[k2] != r[k2] else round(float(r[k2]), 4)) for k2 in ('lmd', 'psnr', 'ssim', 'sharpness')})
        rows.append(row); log.info(f'quality {json.dumps(row)}')
    st.update(clips=rows, done=True); state.save()
    return st

def export(a, state: State):
    "Slim fp16 copies of the final checkpoints (OUT/*.pt) and summary.json; copied into --export if given (<= 8 small files)."
    from talkface.training import export_weights
    files = []
    for name in ('syncnet', 'gen64', 'gen128'):
        src = a.out/name/'last.pt'
        if src.exists(): files.append(export_weights(src, a.out/f'{name}.pt', half=True))
    (a.out/'summary.json').write_text(json.dumps(state.d, indent=1)); files.append(a.out/'summary.json')
    if a.export:
        a.export.mkdir(parents=True, exist_ok=True)
        for f in files + [a.out/'gpu_train.log']: shutil.copy2(f, a.export/f.name)
    return files

def table(state: State) -> str:
    s = state.d['stages']; L = []
    u = s.get('unpack', {})
    L.append(f"unpack: {u.get('clips')} clips, {u.get('frames')} frames, {u.get('seconds')} s; splits {u.get('splits')}")
    for k in ('syncnet', 'gen64', 'gen128'):
        if k in s: L.append(f"{k}: {s[k].get('steps')} steps in {s[k]['train_s']:.0f} s, chunks {[(c['to'], c['s']) for c in s[k]['chunks']]}")
    if 'offset_test' in s.get('syncnet', {}): L.append(f"syncnet held-out offset test: {s['syncnet']['offset_test']}")
    for r in s.get('eval', {}).get('rows', []):
        L.append(f"  mouth {r['mouth']:>3} {r['model']:<12} psnr {r['psnr']:.2f} dB  lmd {r['lmd']:.4f}   baseline psnr {r['base_psnr']:.2f}  lmd {r['base_lmd']:.4f}  ({r['samples']} held-out samples)")
    for r in s.get('quality', {}).get('clips', []):
        L.append(f"  video {r['clip']} ({r['frames']} frames): " + '; '.join(f"{k.split('/')[0][4:]} {k.split('/')[1]} {v}" for k, v in r.items() if '/' in k and k.split('/')[1] in ('lmd', 'psnr')))
    return '\n'.join(L)

# ------------------------------------------------------------------------------------------------------ bundled pack
BUNDLED = {'video/may_3s.mp4': 'train', 'video/aoc_3s.mp4': 'train', 'video/vrt4_2s_30fps.mp4': 'train', 'heldout/edmarkey_4s.mp4': 'held_out'}

def bundled_pack(dest: Path) -> Path:
    """A pack of the repository's own clips (`data/`: three to train on, the held-out edmarkey_4s to validate on),
    prepared at a 128-px mouth with mel features and packed as tools/pack_train.py packs people's clips: what `--tiny`
    runs on where no pack was carried (a fresh clone, CI). Cached in `dest`."""
    from talkface.prep import prepare_video
    from talkface.core import data_path, save_json
    from pack_train import pack
    out = dest/'pack.tar'
    if out.exists(): return out
    prep = dest/'prep'
    for rel in BUNDLED: prepare_video(data_path(rel), prep/Path(rel).stem, mouth_size=128, audio_features=('mel',))
    save_json([{'clip': Path(rel).stem, 'role': role} for rel, role in BUNDLED.items()], dest/'manifest.json')
    save_json({'held_out': [Path(r).stem for r, role in BUNDLED.items() if role == 'held_out']}, dest/'split.json')
    pack([prep], out, dest/'manifest.json', dest/'split.json')
    return out

# ------------------------------------------------------------------------------------------------------ main
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument('--device', default='cuda', help='cuda (default), cuda:N or cpu')
    ap.add_argument('--tiny', action='store_true', help='3 training clips + 1 held-out, a few steps per stage (CI on the CPU)')
    ap.add_argument('--out', type=Path, default=REPO/'runs'/'gpu_train', help='output folder (default runs/gpu_train)')
    ap.add_argument('--pack', type=Path, default=None, help='the pack (default bench/gpu_kit/train/pack.tar, else /work/pack_people/pack.tar)')
    ap.add_argument('--data', type=Path, default=None, help='where the pack is unpacked and binarized (default OUT/data)')
    ap.add_argument('--minutes', type=float, default=8.5, help='wall-time budget of this script, unpack and evaluation included '
                    '(default 8.5: with gpu_train.sh installing the wheels first, under 9 minutes in all)')
    ap.add_argument('--clips', type=int, default=None, help='only the first N training clips (and one held-out clip)')
    ap.add_argument('--workers', type=int, default=None, help='dataloader workers (default: CPUs - 2 on CUDA, 0 on the CPU)')
    ap.add_argument('--unpack-workers', type=int, default=None)
    ap.add_argument('--init-from', type=Path, default=None, help='start gen64 from this checkpoint (default: from scratch)')
    ap.add_argument('--quality', action='store_true', help="also bench/quality.py's generic rows (needs PyAV, librosa, soundfile)")
    ap.add_argument('--quality-clips', type=int, default=6)
    ap.add_argument('--export', type=Path, default=None, help='copy the slim checkpoints, summary.json and the log here (e.g. $OUT)')
    a = ap.parse_args(argv)
    import torch
    a.dev_type = 'cuda' if a.device.startswith('cuda') else 'cpu'
    if a.dev_type == 'cuda' and not torch.cuda.is_available(): sys.exit('gpu_train: --device cuda but torch sees no GPU (use --device cpu)')
    a.out = a.out.resolve(); a.out.mkdir(parents=True, exist_ok=True)
    a.data = (a.data or a.out/'data').resolve()
    if a.pack is None: a.pack = next((p for p in (HERE/'gpu_kit'/'train'/'pack.tar', Path('/work/pack_people/pack.tar')) if p.exists()), None)
    if a.pack is None and a.tiny: a.pack = bundled_pack(a.out/'bundled')     # a fresh clone (CI): the repository's own clips
    if a.pack is None or not Path(a.pack).exists(): sys.exit(f'gpu_train: no pack (--pack): build one with tools/pack_train.py pack')
    a.pack = Path(a.pack).resolve()
    if a.workers is None: a.workers = max(0, min(14, (os.cpu_count() or 2) - 2)) if a.dev_type == 'cuda' else 0
    logging.basicConfig(level=logging.INFO, format='%(asctime)s %(name)s %(message)s', datefmt='%H:%M:%S',
                        handlers=[logging.StreamHandler(), logging.FileHandler(a.out/'gpu_train.log')])
    if a.dev_type == 'cuda':
        torch.backends.cudnn.benchmark = True; torch.backends.cuda.matmul.allow_tf32 = True; torch.backends.cudnn.allow_tf32 = True
        import cv2; cv2.setNumThreads(1)                          # the dataloader workers' resizes: one thread each, 14 workers
    else: torch.set_num_threads(1)                             # a CPU run shares its cores (CI, benchmarks): one thread, no OpenMP spinning
    t0 = time.time(); deadline = t0 + a.minutes * 60
    state = State(a.out/'state.json')
    state.d['runs'].append({'start': time.strftime('%Y-%m-%d %H:%M:%S'), 'device': torch.cuda.get_device_name() if a.dev_type == 'cuda' else 'cpu',
                            'torch': torch.__version__, 'argv': sys.argv[1:], 'tiny': a.tiny}); state.save()
    log.info(f'gpu_train: {a.device}, out {a.out}, pack {a.pack}, budget {a.minutes:g} min, workers {a.workers}')
    stage_unpack(a, state)
    left = lambda: deadline - time.time() - (0 if a.dev_type == 'cpu' else EVAL_RESERVE_S)
    def budget(name):                                            # this stage's share of the time left to the stages not done
        todo = [k for k in SHARES if not state.stage(k)['done']]
        return max(0.0, left()) * SHARES[name] / sum(SHARES[k] for k in todo) if name in todo else 0.0
    stage_syncnet(a, state, budget('syncnet'))
    stage_gen(a, state, 'gen64', budget('gen64'))
    stage_gen(a, state, 'gen128', budget('gen128'))
    export(a, state)                                             # the slim checkpoints first: --quality dubs with them
    stage_eval(a, state)
    if a.quality: stage_quality(a, state)
    state.d['runs'][-1]['wall_s'] = round(time.time() - t0, 1); state.save()
    export(a, state)
    print(table(state)); print(f'wall time of this run: {time.time() - t0:.0f} s; results in {a.out}')

if __name__ == '__main__': main()
