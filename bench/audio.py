"""Measurements of talkface.audio / talkface.hubert (run by hand, prints tables).

    python bench/audio.py rtf    [--data ../shared/data] [--threads 1]   # mel and HuBERT-base real-time factors on CPU
    python bench/audio.py rows   [--data ../shared/data]                 # exactly N rows for every shared file
    python bench/audio.py langs  [--data ../shared/data]                 # zh/ja/fr/noisy/silence: finite features
    python bench/audio.py chunk  [--data ../shared/data]                 # chunked vs single-pass HuBERT-base on 60 s
    python bench/audio.py all

No weights can be downloaded on the test machine, so HuBERT runs use a *randomly initialised* HuBERT-base-sized
model (transformers' default `HubertConfig`: 768 wide, 12 layers, group-norm front-end; seed 0). Speed and memory
are those of the real base model; feature values are not. RTF = compute seconds / audio seconds (< 1 is faster than
real time). Peak memory is measured in a fresh subprocess per mode (VmHWM minus the RSS after the model is built)."""
import argparse, json, os, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np
import torch
from talkface.core import FPS, SAMPLE_RATE
from talkface.audio import load_audio, audio_features, n_frames_for, mel_spectrogram, mel_spectrogram_reference
from talkface.hubert import hubert_features, default_feature_extractor, make_tiny_hubert, load_hubert

LONG = 'audio/en_long_60s_16k.wav'


def hubert_base(seed: int = 0):
    from transformers import HubertConfig, HubertModel
    torch.manual_seed(seed)
    model = HubertModel(HubertConfig()).eval()
    return model, default_feature_extractor(model.config)


def _best(fn, repeat=3):
    ts = []
    for _ in range(repeat):
        t = time.perf_counter(); fn(); ts.append(time.perf_counter() - t)
    return min(ts)


def rtf(data: Path):
    wav = load_audio(data / LONG); dur = len(wav) / SAMPLE_RATE
    x = torch.from_numpy(wav)
    mel_spectrogram_reference(wav[:16000])                      # librosa's one-off compilation, not timed
    rows = [('mel_spectrogram (torch)', _best(lambda: mel_spectrogram(x))),
            ('mel_spectrogram_reference (librosa)', _best(lambda: mel_spectrogram_reference(wav))),
            ("audio_features 'mel' (N, 80, 16)", _best(lambda: audio_features(wav, None, 'mel')))]
    model, ext = hubert_base()
    with torch.inference_mode(): model(torch.zeros(1, 16000))   # warm-up
    rows.append(('HuBERT-base fp32, 20 s chunks', _best(lambda: hubert_features(wav, model, ext), repeat=1)))
    print(f'{dur:.1f} s of audio ({LONG}), CPU, torch threads = {torch.get_num_threads()}')
    print(f"{'extractor':40s} {'seconds':>8s} {'RTF':>8s} {'x real time':>11s}")
    for name, s in rows: print(f'{name:40s} {s:8.3f} {s / dur:8.4f} {dur / s:11.1f}')


def _video_frames(path: Path) -> int:
    from talkface.video import count_frames
    return count_frames(path)


def rows(data: Path):
    with tempfile.TemporaryDirectory() as d:
        model, ext = load_hubert(make_tiny_hubert(Path(d) / 'tiny'))
        files = sorted((data / 'audio').iterdir()) + sorted((data / 'video').iterdir())
        print(f"{'file':28s} {'audio s':>8s} {'N':>5s} {'N from':>12s} {'mel rows':>8s} {'hubert rows':>11s} {'ok':>3s}")
        bad = 0
        for p in files:
            wav = load_audio(p)
            video = p.parent.name == 'video'
            n = _video_frames(p) if video else n_frames_for(len(wav))
            m, h = audio_features(wav, n, 'mel'), audio_features(wav, n, 'hubert', model=model, extractor=ext)
            ok = len(m) == len(h) == n and np.isfinite(m).all() and np.isfinite(h).all()
            bad += not ok
            print(f"{p.name:28s} {len(wav) / SAMPLE_RATE:8.2f} {n:5d} {'count_frames' if video else 'ceil(d*25)':>12s} {len(m):8d} {len(h):11d} {'yes' if ok else 'NO':>3s}")
        print(f'{len(files) - bad}/{len(files)} files give exactly N rows (tiny random HuBERT; row counts do not depend on the model size)')


def langs(data: Path):
    model, ext = hubert_base()
    items = [(f, load_audio(data / 'audio' / f)) for f in
             ('zh_acknowledgement.m4a', 'zh_guanyu.wav', 'zh_haierlizhi.wav', 'ja_1.wav', 'fr_macron_12s_48k.wav', 'en_noisy_meeting_snr0.wav')]
    items += [('silence (5 s of zeros)', np.zeros(5 * SAMPLE_RATE, np.float32))]
    print(f"{'audio':28s} {'seconds':>7s} {'N':>5s} {'mel min..max':>14s} {'hubert std':>10s} {'finite':>6s}")
    for name, wav in items:
        m, h = audio_features(wav, None, 'mel'), audio_features(wav, None, 'hubert', model=model, extractor=ext)
        fin = np.isfinite(m).all() and np.isfinite(h).all()
        print(f'{name:28s} {len(wav) / SAMPLE_RATE:7.2f} {len(h):5d} {m.min():6.2f}..{m.max():5.2f} {h.std():10.3f} {"yes" if fin else "NO":>6s}')


def _rss_mb(field: str) -> float:
    for line in Path('/proc/self/status').read_text().splitlines():
        if line.startswith(field): return int(line.split()[1]) / 1024
    return float('nan')


def _child(data: Path, mode: str, out: str, seconds: float):
    "One HuBERT-base pass in a fresh process on `seconds` of the 60 s file (tiled); prints peak memory as JSON, saves the features."
    wav = load_audio(data / LONG)
    wav = np.tile(wav, int(np.ceil(seconds * SAMPLE_RATE / len(wav))))[:round(seconds * SAMPLE_RATE)]
    model, ext = hubert_base()
    base = _rss_mb('VmRSS')
    t = time.perf_counter()
    feats = hubert_features(wav, model, ext, chunk_seconds=20.0 if mode == 'chunked' else None)   # default 2 s overlap
    dt = time.perf_counter() - t
    np.save(out, feats)
    print(json.dumps({'mode': mode, 'seconds': dt, 'base_mb': base, 'peak_mb': _rss_mb('VmHWM')}))


def chunk(data: Path):
    res = {}
    with tempfile.TemporaryDirectory() as d:
        for mode, secs in (('single', 60), ('chunked', 60), ('chunked', 120), ('chunked', 240)):
            out = f'{d}/{mode}{secs}.npy'
            r = subprocess.run([sys.executable, __file__, '_child', '--data', str(data), '--mode', mode, '--out', out,
                                '--seconds', str(secs), '--threads', str(torch.get_num_threads())],
                               capture_output=True, text=True, check=True)
            res[mode, secs] = json.loads(r.stdout.strip().splitlines()[-1]) | {'feats': np.load(out)}
    s, c = res['single', 60]['feats'], res['chunked', 60]['feats']
    diff = np.abs(c - s)
    print(f'{LONG} (tiled for 120/240 s), HuBERT-base size, random init (seed 0), fp32 CPU, '
          f'torch threads = {torch.get_num_threads()}; chunked = defaults: 20 s chunks, >= 2 s context each side')
    print(f"{'pass':8s} {'audio s':>7s} {'seconds':>8s} {'peak RSS MB':>11s} {'inference MB':>12s}")
    for (k, secs), r in res.items():
        print(f"{k:8s} {secs:7d} {r['seconds']:8.1f} {r['peak_mb']:11.0f} {r['peak_mb'] - r['base_mb']:12.0f}")
    print(f'60 s: max |chunked - single| = {diff.max():.4f} ({diff.max() / s.std():.2%} of the features\' std {s.std():.3f}); '
          f'mean {diff.mean():.4f} ({diff.mean() / s.std():.2%}); min row cosine similarity '
          f'{((c * s).sum(1) / np.linalg.norm(c, axis=1) / np.linalg.norm(s, axis=1)).min():.4f}')


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('what', choices=['rtf', 'rows', 'langs', 'chunk', 'all', '_child'])
    p.add_argument('--data', default=str(Path(__file__).resolve().parents[1].parent / 'shared' / 'data'), help='shared media folder')
    p.add_argument('--threads', type=int, default=1, help='torch CPU threads (default 1)')
    p.add_argument('--mode'); p.add_argument('--out'); p.add_argument('--seconds', type=float, default=60)
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    data = Path(a.data)
    if a.what == '_child': return _child(data, a.mode, a.out, a.seconds)
    for name, fn in [('rows', rows), ('langs', langs), ('chunk', chunk), ('rtf', rtf)]:
        if a.what in (name, 'all'):
            print(f'\n== {name} =='); fn(data)


if __name__ == '__main__': main()
