"""Wav2Lip model alone, full face against `forward_from_row(…, 46)` (the rows dubbing pastes): multiply-adds, and ms a
frame alternating A/B (fused model, channels-last, batch 8, 2 threads; `--bf16 on` for bfloat16 autocast).

    python nbs/runs/wav2lip_rows_s36/ab.py [--rounds 6] [--batch 8] [--bf16 off]"""
import argparse, statistics, time
import torch
from torch.utils.flop_counter import FlopCounterMode
from talkface.wav2lip import Wav2Lip, fuse_for_inference, forward_from_row, seeded_weights

ap = argparse.ArgumentParser(); ap.add_argument('--rounds', type=int, default=6); ap.add_argument('--batch', type=int, default=8)
ap.add_argument('--bf16', default='off'); args = ap.parse_args()
torch.set_num_threads(2)
m = fuse_for_inference(seeded_weights(Wav2Lip().eval(), 0))
a = 4 * torch.rand(args.batch, 1, 80, 16) - 2
f = torch.rand(args.batch, 6, 96, 96).contiguous(memory_format=torch.channels_last)
runs = {'full': lambda: m(a, f), 'rows 46…95': lambda: forward_from_row(m, a, f, 46)}
with torch.no_grad():
    for k, fn in runs.items():
        with FlopCounterMode(display=False) as fc: fn()
        print(f"{k}: {fc.get_total_flops() / 2 / args.batch / 1e9:.2f} G multiply-adds a frame")
    times = {k: [] for k in runs}
    with torch.autocast('cpu', torch.bfloat16, enabled=args.bf16 == 'on'):
        for k, fn in runs.items(): fn(); fn()
        for _ in range(args.rounds):
            for k, fn in runs.items():
                t = time.perf_counter(); fn(); fn(); times[k].append((time.perf_counter() - t) / 2 / args.batch * 1e3)
for k, v in times.items(): print(f"{k:12s} ms a frame: median {statistics.median(v):.1f}  ({', '.join(f'{x:.1f}' for x in v)})")
