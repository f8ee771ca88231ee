"""Probe (stop 24): LMD of a bench/quality.py output against the original with the output shifted by -3..+3 frames: `python nbs/runs/levers_s24/lmdshift.py Q adapt_default_pixb copy0`."""
import sys, numpy as np
from talkface.landmarks import detect_landmarks
from talkface.video import iter_frames
from talkface.metrics import lmd
from talkface.avsync import mouth_opening
from pathlib import Path
root = Path(sys.argv[1]); meths = sys.argv[2:]
clips = ['deepavsr_lrs2_00016','lipreading_interview_7s','liveportrait_d11_child','sadtalker_hdtf_rd_radio34_000','sadtalker_hdtf_wda_edmarkey0_000','w2lgfpgan_kim_7s']
for c in clips:
    ref = detect_landmarks(iter_frames(root/'cuts'/f'{c}.mp4'), smooth=False)
    for m in meths:
        g = detect_landmarks(iter_frames(root/m/f'{c}.mp4'), smooth=False)
        T = min(len(g.points), len(ref.points)); out = []
        for s in range(-3, 4):   # output frame t+s vs original t
            a0, a1 = max(0, -s), min(T, T - s)
            gp, rp = g.points[a0 + s:a1 + s], ref.points[a0:a1]
            v = g.valid[a0 + s:a1 + s] & ref.valid[a0:a1]
            out.append(lmd(gp, rp, v))
        print(f'{c[:28]:28s} {m:22s}', ' '.join(f'{x:.4f}' for x in out), 'best', np.argmin(out) - 3, flush=True)
