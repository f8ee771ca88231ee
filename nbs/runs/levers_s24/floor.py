"""Probe (stop 24): `TALKFACE_CACHE=C python nbs/runs/levers_s24/floor.py TEMPLATE OUT` — the follow test with the speech's mel raised to the template's noise floor."""
import sys, os, json, numpy as np, torch, argparse
sys.path.insert(0, str(__import__('pathlib').Path(__file__).resolve().parents[3]/'bench'))
import talkface.dub as D
from talkface.audio import load_audio, mel_spectrogram
from talkface.adapt import AdaptConfig
import quality
tpl = sys.argv[1]; out = sys.argv[2]; q = float(sys.argv[3]) if len(sys.argv) > 3 else 0.1
w = load_audio(tpl); m = mel_spectrogram(torch.from_numpy(w)[None])[0].numpy()    # (80, T)
e = m.mean(0); quiet = e <= np.quantile(e, q); floor = np.median(m[:, quiet], 1)
print('floor mean', floor.mean())
orig = D.MelStream._chunk
def _chunk(self, c):
    r = orig(self, c); return np.maximum(r, floor[None, :, None])
D.MelStream._chunk = _chunk
a = argparse.Namespace(out_dir=out, follow=tpl, speech=str(__import__('pathlib').Path(__file__).resolve().parents[4]/'shared/data/audio/en_zozo_11s_16k.wav'), adapt_cfg=AdaptConfig(), tag='default', device='cpu')
r = quality.follow_test(a, 'pixel64b')
json.dump(r, open(out + '.json', 'w'), indent=1)
