"""Generator throughput (run by hand): frames/s for each mouth size, parameters and GFLOPs/frame.

    python bench/generator.py [--device cpu|cuda] [--dtype fp32|bf16|fp16] [--batch 8] [--width 64] [--warp adaat|local]

Prints a table; inference only (torch.no_grad), after 2 warm-up batches."""
import argparse, time
import torch
from talkface.generator import GeneratorConfig, DeformationGenerator, model_stats

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--device', default='cpu'); ap.add_argument('--dtype', default='fp32', choices=['fp32', 'bf16', 'fp16'])
    ap.add_argument('--batch', type=int, default=8); ap.add_argument('--width', type=int, default=64)
    ap.add_argument('--res-blocks', type=int, default=4); ap.add_argument('--warp', default='adaat')
    ap.add_argument('--sizes', default='64,128,256,288'); ap.add_argument('--iters', type=int, default=5)
    a = ap.parse_args(); dev = torch.device(a.device)
    dt = {'fp32': None, 'bf16': torch.bfloat16, 'fp16': torch.float16}[a.dtype]
    print(f"device {dev} ({torch.cuda.get_device_name(dev) if dev.type == 'cuda' else f'{torch.get_num_threads()} CPU threads'}), {a.dtype}, batch {a.batch}, width {a.width}, warp {a.warp}")
    print(f"{'mouth':>5} {'crop':>8} {'params M':>9} {'GFLOPs':>8} {'frames/s':>9} {'ms/frame':>9}")
    for m in map(int, a.sizes.split(',')):
        cfg = GeneratorConfig(mouth_size=m, width=a.width, res_blocks=a.res_blocks, warp=a.warp)
        st = model_stats(cfg); G = DeformationGenerator(cfg).eval().to(dev); H, W = cfg.crop_hw
        x = torch.rand(a.batch, 3, H, W, device=dev); r = torch.rand(a.batch, 15, H, W, device=dev); au = torch.randn(a.batch, 80, 16, device=dev)
        with torch.no_grad(), torch.autocast(dev.type, dtype=dt or torch.float32, enabled=dt is not None):
            for _ in range(2): G(x, r, au)
            if dev.type == 'cuda': torch.cuda.synchronize()
            t = time.perf_counter()
            for _ in range(a.iters): G(x, r, au)
            if dev.type == 'cuda': torch.cuda.synchronize()
            dt_s = (time.perf_counter() - t) / (a.iters * a.batch)
        print(f"{m:>5} {H:>4}x{W:<3} {st['params_M']:>9.2f} {st['gflops']:>8.1f} {1/dt_s:>9.1f} {1000*dt_s:>9.1f}")

if __name__ == '__main__': main()
