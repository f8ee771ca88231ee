"""The README's picture: a speaker held out of all training (configs/speaker_split.json) dubbed by `talkface dub` with
its defaults (adapted to the clip) to another speaker's speech in another language; a few of the original frames above
the same frames dubbed, each cut to the face.

    python tools/readme_picture.py [--video V] [--audio A] [--seconds 4] [--n 4] [--out nbs/runs/readme_picture.jpg]

Defaults need ../shared (an HDTF clip of a held-out speaker, Apache-2.0; French speech). Writes the JPEG (atomically)
and prints the dub's own timing line."""
import argparse, subprocess, sys, tempfile
from pathlib import Path
import numpy as np
import cv2

HERE = Path(__file__).resolve().parents[1]
SHARED = HERE.parent/'shared'/'data'

def face_box(points: np.ndarray, frame_hw: tuple, margin: float = 0.15) -> tuple[int, int, int, int]:
    "A square `(y0, y1, x0, x1)` around the landmarks `points` (N, 478, 2) of several frames, `margin` of its side added, inside the frame."
    p = points.reshape(-1, 2); (x0, y0), (x1, y1) = p.min(0), p.max(0)
    side = (1 + 2 * margin) * max(x1 - x0, y1 - y0); cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    side = min(side, *frame_hw); H, W = frame_hw
    top, left = int(np.clip(cy - side / 2, 0, H - side)), int(np.clip(cx - side / 2, 0, W - side))
    return top, top + int(side), left, left + int(side)

def labelled(row: list[np.ndarray], text: str) -> np.ndarray:
    "The images of `row` side by side, with `text` written on the first."
    img = np.concatenate(row, 1).copy()
    cv2.putText(img, text, (12, 36), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 5, cv2.LINE_AA)
    cv2.putText(img, text, (12, 36), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (255, 255, 255), 2, cv2.LINE_AA)
    return img

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--video', default=str(SHARED/'video_more'/'sadtalker_hdtf_wda_edmarkey0_000.mp4'))
    ap.add_argument('--audio', default=str(SHARED/'audio'/'fr_macron_12s_48k.wav'))
    ap.add_argument('--seconds', type=float, default=4.0, help='seconds of the speech to dub')
    ap.add_argument('--n', type=int, default=4, help='frames shown'); ap.add_argument('--size', type=int, default=256, help='px of each face')
    ap.add_argument('--out', default=str(HERE/'nbs'/'runs'/'readme_picture.jpg'))
    a = ap.parse_args()
    from talkface.audio import load_audio
    from talkface.core import SAMPLE_RATE, atomic_path
    from talkface.video import iter_frames
    from talkface.landmarks import detect_landmarks
    import soundfile as sf
    with tempfile.TemporaryDirectory() as d:
        speech, dubbed = Path(d)/'speech.wav', Path(d)/'dubbed.mp4'
        sf.write(speech, load_audio(a.audio)[:int(a.seconds * SAMPLE_RATE)], SAMPLE_RATE)
        r = subprocess.run(['talkface', 'dub', '--video', a.video, '--audio', str(speech), '--out', str(dubbed)], capture_output=True, text=True)
        if r.returncode: sys.exit(f"talkface dub failed: {r.stderr.strip().splitlines()[-1]}")
        print(r.stdout.strip().splitlines()[-1])
        out = list(iter_frames(dubbed)); n_out = len(out)
        ks = np.linspace(0.15, 0.85, a.n) * n_out
        ks = ks.astype(int)
        orig = [f for k, f in enumerate(iter_frames(a.video)) if k < n_out]     # the speech is shorter than the clip: frame k is frame k
    tr = detect_landmarks(iter(orig[k] for k in ks))
    y0, y1, x0, x1 = face_box(tr.points[tr.valid], orig[0].shape[:2])
    cut = lambda f: cv2.resize(f[y0:y1, x0:x1], (a.size, a.size), interpolation=cv2.INTER_AREA)
    img = np.concatenate([labelled([cut(orig[k]) for k in ks], 'original'),
                          labelled([cut(out[k]) for k in ks], 'dubbed (French speech)')], 0)
    with atomic_path(a.out) as tmp: cv2.imwrite(str(tmp), cv2.cvtColor(img, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 85])
    print(f"wrote {a.out}: frames {ks.tolist()} of {n_out}")

if __name__ == '__main__': main()
