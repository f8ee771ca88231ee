"Zoomed mouths: rows = clips, columns = [original | method...] at one frame each (3 frames per clip)."
import sys, numpy as np, cv2
from pathlib import Path
from talkface.video import iter_frames
from talkface.landmarks import detect_landmarks
Q = Path('/tmp/q')
clips = ['deepavsr_lrs2_00016', 'sadtalker_hdtf_rd_radio34_000', 'liveportrait_d11_child', 'sadtalker_hdtf_wda_edmarkey0_000']
methods = [('original', Q/'cuts'), ('generic', Q/'gen_pixb'), ('batch 4 (default)', Q/'adapt_batch_size4_pixb'),
           ('150 st, 3e-4', Q/'adapt_steps150_lr0.0003_pixb')]
rows = []
for c in clips:
    orig = list(iter_frames(Q/'cuts'/f'{c}.mp4'))
    ks = np.linspace(0.2, 0.8, 3).astype(float) * len(orig); ks = ks.astype(int)
    tr = detect_landmarks(iter(orig[k] for k in ks)); lips = tr.points[:, [61, 291, 0, 17]]
    for j, k in enumerate(ks):
        (x0, y0), (x1, y1) = lips[j].min(0), lips[j].max(0); cx, cy = (x0 + x1) / 2, (y0 + y1) / 2; s = 1.6 * (x1 - x0)
        box = lambda f: cv2.resize(f[int(cy - s / 2):int(cy + s / 2), int(cx - s / 2):int(cx + s / 2)], (160, 160), interpolation=cv2.INTER_CUBIC)
        tiles = []
        for name, d in methods:
            p = d/f'{c}.mp4'
            f = orig[k] if name == 'original' else (next(x for i, x in enumerate(iter_frames(p)) if i == k) if p.exists() else np.zeros_like(orig[k]))
            t = box(f).copy()
            if j == 0: cv2.putText(t, name, (4, 14), cv2.FONT_HERSHEY_SIMPLEX, 0.42, (255, 255, 255), 1, cv2.LINE_AA)
            tiles.append(t)
        rows.append(np.concatenate(tiles, 1))
img = np.concatenate(rows, 0)
cv2.imwrite(sys.argv[1], cv2.cvtColor(img, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 85]); cv2.imwrite('/tmp/zoom.png', cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
print(img.shape)
