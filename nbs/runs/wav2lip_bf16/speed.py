"""Wav2Lip (random weights, BatchNorm folded) per frame at batch 8, float32 against bfloat16 autocast: python nbs/runs/wav2lip_bf16/speed.py"""
import time, torch, numpy as np
from talkface.wav2lip import Wav2Lip, fuse_for_inference
torch.manual_seed(0)
m = fuse_for_inference(Wav2Lip().eval())
x = torch.rand(8, 6, 96, 96).contiguous(memory_format=torch.channels_last); a = torch.randn(8, 1, 80, 16)
def run(bf):
    with torch.no_grad(), torch.autocast('cpu', torch.bfloat16, enabled=bf): return m(a, x).float()
for bf in [False, True]*2:
    run(bf); ts = []
    for _ in range(8):
        t = time.perf_counter(); run(bf); ts.append(time.perf_counter() - t)
    print('bf16' if bf else 'fp32', f'{np.median(ts)/8*1e3:.1f} ms/frame')
o32, o16 = run(False), run(True)
d = (o32 - o16).abs() * 255
print('diff (0-255): mean', d.mean().item(), 'p99', d.flatten().quantile(0.99).item(), 'max', d.max().item(), 'out range', o32.min().item(), o32.max().item())
