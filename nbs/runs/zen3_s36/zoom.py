"""Zoomed mouths of three held-out speakers, frame 25 of the scored 2 s: original | copy-reference (reference 0) |
generic | adapted 150 steps (float32, the time cap's floor) | adapted 200 steps, from `bench/quality.py`'s outputs
(`--adapt 150` in OUT150, `--adapt 200` in OUT200; both float32 on the same CPU).

    python nbs/runs/zen3_s36/zoom.py OUT150 OUT200"""
import sys, itertools
from pathlib import Path
import numpy as np, cv2
from talkface.video import iter_frames
from talkface.landmarks import detect_landmarks, LIPS_OUTER

root, root200 = Path(sys.argv[1])/'template3s_score2s', Path(sys.argv[2])/'template3s_score2s'
clips = ['sadtalker_hdtf_wda_edmarkey0_000', 'hallo3test_35_male35_0014c6', 'chalearnfi_ndbcrvvp0vg_003']
cols = [('cuts', 'original'), ('copy0', 'copy-reference'), ('gen_pixel64b', 'generic'), ('adapt_steps150_pixel64b', 'adapted 150'), ('adapt_steps200_pixel64b', 'adapted 200')]
frame = lambda p, k: next(itertools.islice(iter_frames(p), k, None))
rows = []
for c in clips:
    orig = frame(root/'cuts'/f'{c}.mp4', 25)
    p = detect_landmarks(iter([orig]), smooth=False).points[0][LIPS_OUTER]
    (x0, y0), (x1, y1) = p.min(0), p.max(0); cx, cy, s = (x0 + x1) / 2, (y0 + y1) / 2, 1.6 * max(x1 - x0, y1 - y0)
    box = lambda img: cv2.resize(img[int(cy - s / 2):int(cy + s / 2), int(cx - s / 2):int(cx + s / 2)], (192, 192), interpolation=cv2.INTER_CUBIC)
    tiles = [box(orig if d == 'cuts' else frame((root200 if '200' in d else root)/d/f'{c}.mp4', 25)) for d, _ in cols]
    rows.append(np.concatenate(tiles, 1))
img = np.concatenate(rows, 0)
head = np.full((24, img.shape[1], 3), 255, np.uint8)
for i, (_, name) in enumerate(cols): cv2.putText(head, name, (i * 192 + 6, 17), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (0, 0, 0), 1)
cv2.imwrite(str(Path(__file__).parent/'zoom.jpg'), np.concatenate([head, img], 0)[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, 90])
