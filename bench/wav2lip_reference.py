"""A stand-in for Wav2Lip's official `inference.py` (Rudrabha/Wav2Lip), written for `bench/wav2lip.py`: the same work in
the same order and with the same data layout, so that its wall time and peak memory stand for the official script's
on this machine. The official script cannot live in this repository; this is not a copy of it, but a loop that does
what it does, with talkface's own pieces where they compute the same thing.

    python bench/wav2lip_reference.py '{"video": V, "audio": A, "checkpoint": C, "out": O, "box": [y1, y2, x1, x2]}'

prints one line `RESULT {json}` (frames, seconds per step, peak RSS). What `reference_dub` does, step by step:

1. reads every frame of the video into a list in memory (`cv2.VideoCapture`, BGR), frame rate from the container;
2. loads the speech at 16 kHz mono (`librosa.load`, as the official `audio.load_wav`) and takes Wav2Lip's mel of all of
   it with librosa/scipy in float64 (`talkface.audio.mel_spectrogram_reference`: preemphasis 0.97, n_fft 800, hop 200,
   window 800, 80 mels 55–7600 Hz, ref 20 dB, floor −100 dB, symmetric clip to [−4, 4] — the official `hparams.py`
   values; talkface's torch `mel_spectrogram` matches it to float32 rounding);
3. cuts it into 16-column windows starting at int(i·80/fps), while they fit, then one window of the last 16 columns
   (`talkface.wav2lip.mel_chunks`, the official chunking): one output frame per window; keeps only that many frames,
   and when the speech is longer than the video, output frame i uses frame i mod (number of frames) (the official
   wrap-around; talkface ping-pongs instead, same amount of work);
4. face boxes — the one real difference: the official script runs the S3FD face detector (batch 16) on every kept
   frame, pads the boxes by (top 0, bottom 10, left 0, right 0) and averages each box with the next 4. S3FD and its
   weights are not part of this project, so the reference uses either a fixed box `(y1, y2, x1, x2)` for all frames
   (the official `--box` option; the issue measured the official script that way) or, with `box='landmarks'`,
   talkface's MediaPipe track of every kept frame turned into Wav2Lip boxes (`talkface.wav2lip.face_boxes`: S3FD-like
   box, Savitzky–Golay smoothing over 9 frames, the same pads) — a detector cost of talkface's, not S3FD's;
5. in batches of 128 windows (`wav2lip_batch_size`): each face box cut from its frame and resized to 96×96
   (`cv2.resize`, bilinear), a copy with rows 48–95 set to 0, the two stacked along channels (masked first) and divided
   by 255 in float64 numpy, then float32 tensors (B, 6, 96, 96) and mel (B, 1, 80, 16);
6. loads the checkpoint when the first batch is ready (talkface's `Wav2Lip` class, `module.` prefixes stripped:
   `talkface.wav2lip.load_wav2lip`, the same weights and layers as the official model class), forward under
   `torch.no_grad()` with torch's default number of threads (all cores), outputs ×255 to uint8, resized back to the box
   and written over the box in a copy of the full frame (no blending);
7. writes the frames with `cv2.VideoWriter` (DIVX/MPEG-4 Part 2 in an .avi) to a temporary file, then muxes it with the
   speech into `out` by an `ffmpeg` subprocess with the official options (`-strict -2 -q:v 1`: for an .mp4 this is
   libx264 at its default quality and preset and AAC audio). ffmpeg is the system's (`apt-get install ffmpeg`).

Not done: the official script's prints, its tqdm bars and its writing of frame JPEGs on a missed detection."""
import json, os, resource, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np
import cv2
import torch

IMG_SIZE, MEL_STEP, BATCH, PADS = 96, 16, 128, (0, 10, 0, 0)   # the official defaults (pads: top, bottom, left, right)

def read_all_frames(video) -> tuple[list, float]:
    "Every frame of `video` as a list of (H, W, 3) uint8 BGR arrays, and its frame rate (the official script's way)."
    cap = cv2.VideoCapture(str(video))
    fps, frames = cap.get(cv2.CAP_PROP_FPS), []
    while True:
        ok, f = cap.read()
        if not ok: break
        frames.append(f)
    cap.release()
    if not frames: raise ValueError(f"{video}: no frames")
    return frames, fps

def speech_mel(audio) -> np.ndarray:
    "Wav2Lip's mel (80, T) of the speech file `audio`, float64 via librosa/scipy as the official `audio.py` computes it."
    import librosa
    from talkface.audio import mel_spectrogram_reference
    wav = librosa.load(str(audio), sr=16000)[0]
    mel = mel_spectrogram_reference(wav)
    if np.isnan(mel).any(): raise ValueError(f"{audio}: the mel spectrogram has NaNs")
    return mel

def landmark_boxes(frames: list) -> list:
    "Wav2Lip boxes (y1, y2, x1, x2) of BGR `frames` from talkface's landmark track (the stand-in for S3FD; see the module text)."
    from talkface.landmarks import detect_landmarks
    from talkface.wav2lip import face_boxes
    track = detect_landmarks(cv2.cvtColor(f, cv2.COLOR_BGR2RGB) for f in frames)
    b = face_boxes(track.points, frames[0].shape[:2], PADS, track.valid)           # (T, 4) x1, y1, x2, y2
    return [(int(y1), int(y2), int(x1), int(x2)) for x1, y1, x2, y2 in b]

def fixed_box(video, every: int = 5) -> list[int]:
    """A constant face box `[y1, y2, x1, x2]` (the official `--box` order) for `video`: the per-side median of the padded
    landmark boxes of every `every`-th frame. Computed once before the timed runs, as a user would pick a box."""
    from talkface.landmarks import detect_landmarks
    from talkface.video import iter_frames
    from talkface.wav2lip import face_boxes, FaceBoxConfig
    frames = [f for i, f in enumerate(iter_frames(video, fps=None)) if i % every == 0]
    track = detect_landmarks(frames, fps=25 / every)
    b = face_boxes(track.points[track.valid], frames[0].shape[:2], PADS, cfg=FaceBoxConfig(smooth_window=1))
    x1, y1, x2, y2 = np.median(b, 0).round().astype(int)
    return [int(y1), int(y2), int(x1), int(x2)]

def model_inputs(faces: list, mels: list) -> tuple[torch.Tensor, torch.Tensor]:
    "Batch tensors as the official script builds them: faces (B, 6, 96, 96) float32 (masked copy first, /255 in float64), mel (B, 1, 80, 16)."
    x = np.asarray(faces)                                          # (B, 96, 96, 3) uint8 BGR
    masked = x.copy(); masked[:, IMG_SIZE // 2:] = 0
    x = np.concatenate((masked, x), axis=3) / 255.                 # (B, 96, 96, 6) float64
    m = np.asarray(mels)[..., None]                                # (B, 80, 16, 1)
    return torch.FloatTensor(x.transpose(0, 3, 1, 2)), torch.FloatTensor(m.transpose(0, 3, 1, 2))

def reference_dub(video, audio, checkpoint, out, box='landmarks', device: str | None = None, batch_size: int = BATCH,
                  tmpdir=None) -> dict:
    """Dub `video` with `audio` through the Wav2Lip `checkpoint` as Wav2Lip's `inference.py` does (module text), writing
    `out`. `box`: `[y1, y2, x1, x2]` for a fixed face box, or 'landmarks'. Returns {'n_frames', 'seconds' per step}."""
    from talkface.wav2lip import mel_chunks, load_wav2lip
    dev = torch.device(device or ('cuda' if torch.cuda.is_available() else 'cpu'))
    secs, t = {}, time.perf_counter()
    def lap(name):
        nonlocal t
        now = time.perf_counter(); secs[name] = secs.get(name, 0.) + now - t; t = now
    frames, fps = read_all_frames(video); lap('read')
    chunks = list(mel_chunks(speech_mel(audio), fps, MEL_STEP)); lap('audio')
    frames = frames[:len(chunks)]
    if box == 'landmarks': boxes = landmark_boxes(frames)
    else:
        y1, y2, x1, x2 = (int(v) for v in box)
        boxes = [(y1, y2, x1, x2)] * len(frames)
    lap('boxes')
    model, writer, H, W = None, None, *frames[0].shape[:2]
    with tempfile.TemporaryDirectory(dir=tmpdir) as d:
        avi = Path(d)/'result.avi'
        for s in range(0, len(chunks), batch_size):
            idx = [i % len(frames) for i in range(s, min(s + batch_size, len(chunks)))]
            faces = [cv2.resize(frames[i][y1:y2, x1:x2], (IMG_SIZE, IMG_SIZE)) for i in idx for (y1, y2, x1, x2) in [boxes[i]]]
            batch_frames = [frames[i].copy() for i in idx]
            x, m = model_inputs(faces, chunks[s:s + len(idx)]); lap('prepare')
            if model is None:
                model = load_wav2lip(checkpoint, dev, family='wav2lip')[0]
                writer = cv2.VideoWriter(str(avi), cv2.VideoWriter_fourcc(*'DIVX'), fps, (W, H)); lap('load')
            with torch.no_grad(): pred = model(m.to(dev), x.to(dev))
            pred = pred.cpu().numpy().transpose(0, 2, 3, 1) * 255.; lap('generator')
            for p, f, i in zip(pred, batch_frames, idx):
                y1, y2, x1, x2 = boxes[i]
                f[y1:y2, x1:x2] = cv2.resize(p.astype(np.uint8), (x2 - x1, y2 - y1))
                writer.write(f)
            lap('paste+write')
        writer.release(); lap('paste+write')
        r = subprocess.run(['ffmpeg', '-y', '-i', str(audio), '-i', str(avi), '-strict', '-2', '-q:v', '1', str(out)],
                           capture_output=True, text=True)
        if r.returncode: raise RuntimeError(f"ffmpeg failed:\n{r.stderr[-2000:]}")
        lap('mux')
    secs['total'] = sum(secs.values())
    return {'out': str(out), 'n_frames': len(chunks), 'fps_video': fps, 'seconds': secs, 'device': str(dev),
            'threads': torch.get_num_threads()}

if __name__ == '__main__':
    t0 = time.perf_counter()
    res = reference_dub(**json.loads(sys.argv[1]))
    res['maxrss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    res['process_s'] = time.perf_counter() - t0
    print('RESULT', json.dumps(res), flush=True)
