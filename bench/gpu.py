"""talkface on a GPU, run by hand (through bench/gpu.sh on a bare machine): end-to-end dub fps and generator-only
throughput, printed as one table and written as JSON.

    bench/gpu.sh                           # --device cuda: 10 s clips, dub in fp32 and fp16, generator batch 32
    bench/gpu.sh --device cpu              # the same on the CPU, small: 5 s clips, generator batch 2
    python bench/gpu.py --device cpu       # without the installer, where talkface's dependencies are installed

End to end: `talkface.dub.dub` in a child process (bench/dub.py's `run_child` and `CHILD`) on a 512x512 clip that
ping-pongs a shared clip (bench/dub.py's `make_video`) and on a 1080x1920 HEVC 30 fps phone-style clip (bench/dub.py's
`make_phone_video`: the same frames 1080 px wide on a blurred, enlarged copy of themselves), with speech of the same length
(bench/dub.py's `make_speech`). fps = output frames / dub's total seconds, which include loading the model, starting
CUDA and tracking the face (what a user waits for); then ms per frame of each stage, and the child's peak RSS.
Generator only: bench/generator.py's `bench_one` (random weights, eval + inference mode, fp16/bf16 under autocast,
`--warmup` batches then `--iters` timed ones, torch.cuda.synchronize around them) for `GeneratorConfig(mouth_size=m)`
(the default model: width 64, 2 res blocks, ADAAT warp) at m = 64, 128, 256. On the CPU fp16 is n/a and bf16 is run
if it works."""
import argparse, importlib.util, json, os, platform, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np

HERE = Path(__file__).resolve().parent; REPO = HERE.parent
CLIP = 'video/news_may_5s.mp4'
DEFAULTS = {  # per device: clip seconds (512, 1080x1920), dub batch, generator batch, warm-up and timed batches, torch threads
    'cuda': dict(seconds=10.0, hd_seconds=10.0, batch_size=32, gen_batch=32, warmup=3, iters=10, threads=os.cpu_count()),
    'cpu': dict(seconds=5.0, hd_seconds=5.0, batch_size=8, gen_batch=2, warmup=1, iters=2, threads=1)}

def bench_module(name: str):
    "bench/<name>.py imported as `bench_<name>` (bench/ is no package), to reuse its functions."
    spec = importlib.util.spec_from_file_location(f'bench_{name}', HERE/f'{name}.py')
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
    return m

def default_data() -> Path | None:
    "The shared data folder: ./shared/data (how shared/ travels with a checkout), /work/shared/data, ../shared/data, or the kit's copy."
    for p in (REPO/'shared'/'data', Path('/work/shared/data'), REPO.parent/'shared'/'data', os.environ.get('TALKFACE_KIT_DATA')):
        if p and (Path(p)/CLIP).is_file(): return Path(p)
    return None

def speech_available(bdub, data: Path) -> float:
    "Seconds of speech that bench/dub.py's `make_speech` can draw from `data`/audio (its files in order, up to the first absent)."
    import soundfile as sf
    total = 0.0
    for name in bdub.SPEECH:
        p = data/'audio'/name
        if not p.is_file(): break
        total += sf.info(str(p)).duration
    return total

def machine(dev) -> dict:
    import torch
    info = {'python': platform.python_version(), 'torch': torch.__version__, 'cpus': os.cpu_count(),
            'cpu': next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.processor()),
            'load_avg': [round(x, 2) for x in os.getloadavg()], 'date': time.strftime('%Y-%m-%d %H:%M:%S')}
    if dev.type == 'cuda':
        p = torch.cuda.get_device_properties(dev)
        info.update(device=torch.cuda.get_device_name(dev), cuda=torch.version.cuda, capability=f'{p.major}.{p.minor}',
                    gpu_mem_gib=round(p.total_memory / 2**30, 1))
    else: info.update(device=f"CPU: {info['cpu']}", cuda=None)
    git = lambda *c: subprocess.run(['git', '-C', str(REPO), *c], capture_output=True, text=True, check=True).stdout.strip()
    try: info['commit'] = git('rev-parse', '--short', 'HEAD') + (' + uncommitted talkface/ changes' if git('status', '--porcelain', '--', 'talkface') else '')
    except Exception: info['commit'] = None   # no git or no .git (a copied tree)
    return info

def dub_rows(a, tmp: Path, bdub) -> tuple[dict, list[dict]]:
    "End-to-end rows: each clip dubbed in a child process, fp32 (and fp16 on CUDA)."
    from talkface.models import load_dub_model
    bdub.SHARED = a.data                         # make_speech reads SHARED/'audio'/<its speech files>
    ckpt = bdub.checkpoint_for(argparse.Namespace(checkpoint=a.checkpoint, random_mouth_size=64, random_width=64), tmp)
    _, gcfg, _ = load_dub_model(ckpt, 'cpu')
    model = {'checkpoint': Path(ckpt).name, 'mouth_size': gcfg.mouth_size, 'width': gcfg.width}
    rows = []
    for clip, secs in (('512x512', a.seconds), ('1080x1920', a.hd_seconds)):
        t = time.perf_counter(); vid = tmp/f'{clip}_{secs:g}s.mp4'
        bdub.make_video(a.source, secs, vid, 512) if clip == '512x512' else bdub.make_phone_video(a.source, secs, vid)
        wav = bdub.make_speech(secs, tmp/f'speech_{secs:g}s.wav')
        print(f"built the {clip} {secs:g} s clip and speech in {time.perf_counter() - t:.0f} s; dubbing...", flush=True)
        for fp16 in ([False, True] if a.device.startswith('cuda') and not a.no_fp16_dub else [False]):
            kw = dict(video=str(vid), audio=str(wav), checkpoint=ckpt, out=str(tmp/f'out_{clip}.mp4'), device=a.device,
                      batch_size=a.batch_size, threads=a.threads, fp16=fp16)
            r = bdub.run_child(bdub.CHILD, json.dumps(kw)); n = r['n_frames']
            rows.append({'clip': clip, 'seconds': secs, 'fp16': fp16, 'frames': n, 'faceless': r['faceless_frames'],
                         'total_s': round(r['seconds']['total'], 2), 'fps': round(r['fps'], 2), 'peak_rss_mb': round(r['maxrss_mb']),
                         'ms_per_frame': {s: round(1000 * r['seconds'].get(s, 0) / n, 2) for s in bdub.STAGES}})
            print(f"  {clip} fp16={fp16}: {n} frames in {rows[-1]['total_s']:.1f} s, {fmt(rows[-1]['fps'])} fps", flush=True)
    return model, rows

def generator_rows(a, dev, bgen) -> list[dict]:
    "Generator-only rows: frames/s per mouth size for fp32, fp16, bf16 (None where skipped or failed, with the reason)."
    import torch
    from talkface.generator import GeneratorConfig, model_stats
    rows = []
    for m in a.sizes:
        cfg = GeneratorConfig(mouth_size=m); st = model_stats(cfg); H, W = cfg.crop_size
        row = {'mouth': m, 'crop': f'{H}x{W}', 'params_m': round(st['params'] / 1e6, 2), 'gflop_per_frame': round(st['gflops'], 1)}
        for name in ('fp32', 'fp16', 'bf16'):
            if dev.type == 'cpu' and name == 'fp16': row[name], row[f'{name}_note'] = None, 'not run on the CPU'; continue
            if dev.type == 'cuda': torch.cuda.empty_cache(); torch.cuda.reset_peak_memory_stats(dev)
            try:
                s = bgen.bench_one(cfg, dev, bgen.DTYPES[name], a.gen_batch, a.warmup, a.iters)
                row[name] = round(1 / s, 3)
                if dev.type == 'cuda': row[f'{name}_peak_gib'] = round(torch.cuda.max_memory_allocated(dev) / 2**30, 2)
            except Exception as e:
                row[name], row[f'{name}_note'] = None, f'{type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ""}'
            print(f"  generator mouth {m} {name}: " + (f"{row[name]:.2f} frames/s" if row[name] else f"n/a ({row[f'{name}_note']})"), flush=True)
        rows.append(row)
    return rows

def fmt(v) -> str:
    if v is None: return 'n/a'
    return f'{v:.0f}' if v >= 100 else f'{v:.1f}' if v >= 10 else f'{v:.2f}'

def table(res: dict) -> str:
    m, a = res['machine'], res['args']
    L = [f"bench/gpu.py ({m['date']}, commit {m['commit']}): {m['device']}" + (f", CUDA {m['cuda']}, capability {m['capability']}, {m['gpu_mem_gib']} GiB" if m['cuda'] else ''),
         f"torch {m['torch']}, python {m['python']}, {m['cpus']} CPUs ({m['cpu']}), load average at start {' '.join(map(str, m['load_avg']))}"]
    if res['dub']:
        d = res['dub_model']
        L += ['', f"end to end: talkface.dub.dub, {d['checkpoint']} (mouth {d['mouth_size']}, width {d['width']}), batch {a['batch_size']}, "
                  f"torch threads {a['threads']}, one child process per dub; ms per output frame by stage",
              f"{'clip':<10}{'s':>4}{'fp16':>5}{'frames':>7}{'faceless':>9}{'total s':>8}{'fps':>7}" + ''.join(f'{s:>10}' for s in res['stages']) + f"{'peak RSS MB':>12}"]
        for r in res['dub']:
            L.append(f"{r['clip']:<10}{r['seconds']:>4g}{'yes' if r['fp16'] else 'no':>5}{r['frames']:>7}{r['faceless']:>9}{r['total_s']:>8.1f}{fmt(r['fps']):>7}"
                     + ''.join(f"{r['ms_per_frame'][s]:>10.1f}" for s in res['stages']) + f"{r['peak_rss_mb']:>12}")
    if res['generator']:
        L += ['', f"generator only: random weights, GeneratorConfig(mouth_size=m) (width 64, 2 res blocks, adaat), batch {a['gen_batch']}, "
                  f"{a['warmup']} warm-up + {a['iters']} timed batches, inference mode; fp16/bf16 = autocast",
              f"{'mouth':>5}{'crop':>9}{'params M':>9}{'GFLOP/fr':>9}{'fp32 fr/s':>11}{'fp16 fr/s':>11}{'bf16 fr/s':>11}{'best TFLOP/s':>13}"]
        for r in res['generator']:
            best = max((r[k] for k in ('fp32', 'fp16', 'bf16') if r[k]), default=None)
            L.append(f"{r['mouth']:>5}{r['crop']:>9}{r['params_m']:>9.2f}{r['gflop_per_frame']:>9.1f}" + ''.join(f"{fmt(r[k]):>11}" for k in ('fp32', 'fp16', 'bf16'))
                     + f"{fmt(best * r['gflop_per_frame'] / 1000) if best else 'n/a':>13}")
        notes = sorted({f"{k[:-5]}: {v}" for r in res['generator'] for k, v in r.items() if k.endswith('_note')})
        L += [f"  n/a {n}" for n in notes]
    return '\n'.join(L)

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--device', default='cuda', help='cuda (default), cuda:N or cpu')
    ap.add_argument('--data', type=Path, default=None, help='shared data folder (default: ./shared/data, /work/shared/data, ../shared/data, the kit\'s copy)')
    ap.add_argument('--source', type=Path, default=None, help=f'clip the test videos are built from (default DATA/{CLIP})')
    ap.add_argument('--checkpoint', help="generator checkpoint for the dubs (default: the demo, else random weights)")
    ap.add_argument('--seconds', type=float, help='length of the 512x512 clip (default 10 on CUDA, 5 on the CPU)')
    ap.add_argument('--hd-seconds', type=float, help='length of the 1080x1920 clip (default 10 on CUDA, 5 on the CPU)')
    ap.add_argument('--batch-size', type=int, help='dub batch (default 32 on CUDA, 8 on the CPU)')
    ap.add_argument('--no-fp16-dub', action='store_true', help='on CUDA, dub in fp32 only (default: fp32 and fp16)')
    ap.add_argument('--sizes', default='64,128,256', help='generator mouth sizes')
    ap.add_argument('--gen-batch', type=int, help='generator batch (default 32 on CUDA, 2 on the CPU)')
    ap.add_argument('--warmup', type=int, help='generator warm-up batches (default 3 on CUDA, 1 on the CPU)')
    ap.add_argument('--iters', type=int, help='generator timed batches (default 10 on CUDA, 2 on the CPU)')
    ap.add_argument('--threads', type=int, help='torch CPU threads (default: all CPUs on CUDA, 1 on the CPU)')
    ap.add_argument('--skip-dub', action='store_true'); ap.add_argument('--skip-generator', action='store_true')
    ap.add_argument('--json', type=Path, help='where the JSON goes (default $OUT/gpu_bench.json if OUT is set, else runs/gpu_bench_<device>.json); the table beside it as .txt')
    ap.add_argument('--keep', type=Path, help='folder to keep the built clips and dubs in (default: a temporary folder)')
    a = ap.parse_args()
    kind = 'cuda' if a.device.startswith('cuda') else a.device
    if kind not in DEFAULTS: raise SystemExit(f"--device {a.device}: expected cuda, cuda:N or cpu")
    for k, v in DEFAULTS[kind].items():
        if getattr(a, k) is None: setattr(a, k, v)
    a.sizes = [int(s) for s in a.sizes.split(',')]
    import torch
    dev = torch.device(a.device)
    if dev.type == 'cuda' and not torch.cuda.is_available():
        raise SystemExit(f"--device {a.device}: torch {torch.__version__} sees no CUDA device (built for CUDA {torch.version.cuda}); use --device cpu")
    torch.set_num_threads(a.threads)
    bdub, bgen = bench_module('dub'), bench_module('generator')
    if not a.skip_dub:
        a.data = a.data or default_data()
        if a.data is None: raise SystemExit(f"no shared data (looked for {CLIP} in ./shared/data, /work/shared/data, ../shared/data and the kit): give --data")
        a.source = a.source or a.data/CLIP
        if not a.source.is_file(): raise SystemExit(f"{a.source}: no such clip (give --source or --data)")
        have = speech_available(bdub, a.data)
        if max(a.seconds, a.hd_seconds) > have:
            raise SystemExit(f"{a.data}/audio: {have:.0f} s of speech for bench/dub.py's make_speech, {max(a.seconds, a.hd_seconds):g} s asked: lower --seconds/--hd-seconds or give --data /work/shared/data")
    out = a.json or (Path(os.environ['OUT'])/'gpu_bench.json' if os.environ.get('OUT') else REPO/'runs'/f'gpu_bench_{kind}.json')
    res = {'machine': machine(dev), 'args': {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(a).items()},
           'stages': bdub.STAGES, 'dub_model': None, 'dub': [], 'generator': []}
    print(f"{res['machine']['device']}, torch {torch.__version__}; results to {out}", flush=True)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(a.keep or d); tmp.mkdir(parents=True, exist_ok=True)
        if not a.skip_dub: res['dub_model'], res['dub'] = dub_rows(a, tmp, bdub)
    if not a.skip_generator: res['generator'] = generator_rows(a, dev, bgen)
    text = table(res)
    print('\n' + text)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=1) + '\n'); out.with_suffix('.txt').write_text(text + '\n')
    print(f"\nwrote {out} and {out.with_suffix('.txt')}")

if __name__ == '__main__': main()
