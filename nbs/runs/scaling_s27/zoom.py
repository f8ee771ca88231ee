"""Zoomed mouths of held-out speakers: rows = clips × 3 frames (20, 50, 80 % of the scored part), columns = the
original and each method's dub. python nbs/runs/scaling_s27/zoom.py OUT_DIR_OF_bench_quality OUT.jpg NAME=SUBDIR ...
(CLIPS=a,b,... picks other held-out clips.)"""
import os, sys, numpy as np, cv2
from pathlib import Path
from talkface.video import iter_frames
from talkface.landmarks import detect_landmarks
Q, dst, methods = Path(sys.argv[1]), sys.argv[2], [a.split('=', 1) for a in sys.argv[3:]]
clips = ['chalearnfi_ei_7simpnnq_001', 'chalearnfi_ndbcrvvp0vg_003', 'hallo3test_51_female65_002253',
         'lrs3_c8zy0oadqrs_00018_facecrop', 'sadtalker_hdtf_wda_edmarkey0_000']
clips = os.environ['CLIPS'].split(',') if os.environ.get('CLIPS') else clips
rows = []
for c in clips:
    orig = list(iter_frames(Q/'cuts'/f'{c}.mp4'))
    ks = (np.array([0.2, 0.5, 0.8]) * len(orig)).astype(int)
    lips = detect_landmarks(iter(orig[k] for k in ks)).points[:, [61, 291, 0, 17]]
    outs = {name: list(iter_frames(Q/d/f'{c}.mp4')) for name, d in methods}
    for j, k in enumerate(ks):
        (x0, y0), (x1, y1) = lips[j].min(0), lips[j].max(0); cx, cy, s = (x0 + x1) / 2, (y0 + y1) / 2, 1.6 * (x1 - x0)
        box = lambda f: cv2.resize(f[max(0, int(cy - s / 2)):int(cy + s / 2), max(0, int(cx - s / 2)):int(cx + s / 2)], (160, 160), interpolation=cv2.INTER_CUBIC)
        tiles = []
        for name, f in [('original', orig[k])] + [(n, outs[n][k]) for n, _ in methods]:
            t = box(f).copy()
            if j == 0: cv2.putText(t, name, (4, 14), cv2.FONT_HERSHEY_SIMPLEX, 0.42, (255, 255, 255), 1, cv2.LINE_AA)
            tiles.append(t)
        rows.append(np.concatenate(tiles, 1))
img = np.concatenate(rows, 0)
cv2.imwrite(dst, cv2.cvtColor(img, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 85])
cv2.imwrite(str(Path('/tmp')/(Path(dst).stem + '.png')), cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
print(img.shape)
