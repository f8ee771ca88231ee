"""Generator throughput, run by hand: frames/s of `DeformationGenerator` for each mouth size, with its parameter count
and forward GFLOPs per frame, printed as a table. Inference only (`torch.inference_mode`, eval mode), random inputs
of the right shapes (speed does not depend on the values), after `--warmup` batches.

    python bench/generator.py                                    # CPU, fp32 and bf16 autocast, DINet width, both warps
    python bench/generator.py --device cuda --dtype fp32,bf16 --batch 8
    python bench/generator.py --sizes 64,128 --warps adaat --dtype fp32 --batch 8 --threads 2

`--width 64 --res-blocks 4` is DINet's size (64/128/256 channels, 4 ResBlocks on each side of the warp).
bf16/fp16 run the model under `torch.autocast` (the warp's geometry and sampling stay in float32)."""
import argparse, time, platform
import torch
from talkface.generator import GeneratorConfig, DeformationGenerator, model_stats, MOUTH_SIZES

DTYPES = {'fp32': None, 'bf16': torch.bfloat16, 'fp16': torch.float16}

def bench_one(cfg: GeneratorConfig, dev: torch.device, dtype, batch: int, warmup: int, iters: int) -> float:
    "Seconds per frame for `cfg` at `batch` on `dev` under autocast `dtype` (None: fp32)."
    G = DeformationGenerator(cfg).eval().to(dev); H, W = cfg.crop_size
    x = torch.rand(batch, 3, H, W, device=dev); r = torch.rand(batch, 3 * cfg.n_refs, H, W, device=dev)
    a = torch.randn(batch, *cfg.audio_shape, device=dev)
    sync = torch.cuda.synchronize if dev.type == 'cuda' else (lambda: None)
    with torch.inference_mode(), torch.autocast(dev.type, dtype=dtype or torch.float32, enabled=dtype is not None):
        for _ in range(warmup): G(x, r, a)
        sync(); t = time.perf_counter()
        for _ in range(iters): G(x, r, a)
        sync()
    return (time.perf_counter() - t) / (iters * batch)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--device', default='cpu', help="cpu, cuda or cuda:N")
    ap.add_argument('--dtype', default='fp32,bf16', help="comma-separated: fp32, bf16, fp16 (autocast)")
    ap.add_argument('--batch', type=int, default=8, help="frames per forward pass")
    ap.add_argument('--sizes', default=','.join(map(str, MOUTH_SIZES)), help="mouth sizes")
    ap.add_argument('--warps', default='adaat,local')
    ap.add_argument('--width', type=int, default=64); ap.add_argument('--res-blocks', type=int, default=4)
    ap.add_argument('--warmup', type=int, default=1); ap.add_argument('--iters', type=int, default=3)
    ap.add_argument('--threads', type=int, default=None, help="torch CPU threads (default: torch's choice)")
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    dev = torch.device(a.device)
    if dev.type == 'cuda' and not torch.cuda.is_available(): raise SystemExit("--device cuda: CUDA is not available")
    where = torch.cuda.get_device_name(dev) if dev.type == 'cuda' else f'{platform.processor() or platform.machine()}, {torch.get_num_threads()} threads'
    print(f"torch {torch.__version__}, {dev} ({where}), batch {a.batch}, width {a.width}, res_blocks {a.res_blocks}, "
          f"warmup {a.warmup}, iters {a.iters}")
    print(f"{'mouth':>5} {'crop':>8} {'warp':>6} {'params M':>9} {'GFLOP/fr':>9} {'dtype':>5} {'frames/s':>9} {'ms/frame':>9} {'GFLOP/s':>8}")
    for m in map(int, a.sizes.split(',')):
        for warp in a.warps.split(','):
            cfg = GeneratorConfig(mouth_size=m, warp=warp, width=a.width, res_blocks=a.res_blocks)
            st = model_stats(cfg); H, W = cfg.crop_size
            for name in a.dtype.split(','):
                s = bench_one(cfg, dev, DTYPES[name], a.batch, a.warmup, a.iters)
                print(f"{m:>5} {f'{H}x{W}':>8} {warp:>6} {st['params'] / 1e6:>9.2f} {st['gflops']:>9.1f} {name:>5} "
                      f"{1 / s:>9.2f} {1000 * s:>9.1f} {st['gflops'] / s:>8.1f}", flush=True)

if __name__ == '__main__': main()
