"""Trim the small real samples in `data/` from the shared media (run by hand; the outputs are committed).

Usage: python data/make_samples.py ../shared/data [OUTPUT ...]   (only the named outputs, e.g. heldout/edmarkey_4s.mp4)
Keeps each source's own frame timestamps (so the 22.13 and 30 fps clips stay non-25 fps) and re-encodes
video as H.264 (yuv420p, crf 18) and audio as AAC (video) or 16-bit PCM wav / AAC m4a (audio-only)."""
import sys, fractions
from pathlib import Path
import av, numpy as np

VIDEOS = [  # (source, output, seconds)
    ('video/news_may_5s.mp4', 'video/may_3s.mp4', 3.0),
    ('video/hdtf_aoc_8s.mp4', 'video/aoc_3s.mp4', 3.0),
    ('video/vrt_face_1.mp4', 'video/vrt1_2s_22fps.mp4', 2.5),
    ('video/vrt_face_4.mp4', 'video/vrt4_2s_30fps.mp4', 2.5),
    ('video_more/sadtalker_hdtf_wda_edmarkey0_000.mp4', 'heldout/edmarkey_4s.mp4', 4.0),   # a held-out speaker (configs/speaker_split.json)
]
AUDIOS = [
    ('audio/en_obama_5s_16k.wav', 'audio/obama_3s.wav', 3.0),
    ('audio/zh_acknowledgement.m4a', 'audio/zh_3s.m4a', 3.0),
]

def trim_video(src, dst, secs):
    with av.open(str(src)) as ic, av.open(str(dst), 'w') as oc:
        iv, ia = ic.streams.video[0], ic.streams.audio[0]
        ov = oc.add_stream('libx264', rate=iv.average_rate)
        ov.width, ov.height, ov.pix_fmt = iv.width, iv.height, 'yuv420p'
        ov.time_base = iv.time_base
        ov.options = {'crf': '18', 'preset': 'medium'}
        oa = oc.add_stream('aac', rate=ia.rate, layout=ia.layout.name)
        for f in ic.decode(video=0):
            t = float(f.pts * f.time_base)
            if t >= secs: break
            nf = av.VideoFrame.from_ndarray(f.to_ndarray(format='rgb24'), format='rgb24').reformat(format='yuv420p')
            nf.pts, nf.time_base = f.pts, f.time_base
            for p in ov.encode(nf): oc.mux(p)
        for p in ov.encode(): oc.mux(p)
        ic.seek(0)
        for f in ic.decode(audio=0):
            if float(f.pts * f.time_base) >= secs: break
            f.pts = None
            for p in oa.encode(f): oc.mux(p)
        for p in oa.encode(): oc.mux(p)

def trim_audio(src, dst, secs):
    with av.open(str(src)) as ic, av.open(str(dst), 'w', format='wav' if dst.suffix == '.wav' else 'ipod') as oc:
        ia = ic.streams.audio[0]
        oa = oc.add_stream('pcm_s16le' if dst.suffix == '.wav' else 'aac', rate=ia.rate, layout=ia.layout.name)
        for f in ic.decode(audio=0):
            if float(f.pts * f.time_base) >= secs: break
            f.pts = None
            for p in oa.encode(f): oc.mux(p)
        for p in oa.encode(): oc.mux(p)

if __name__ == '__main__':
    root, out = Path(sys.argv[1]), Path(__file__).parent
    only = sys.argv[2:]                                    # optional: output names to (re)make, e.g. heldout/edmarkey_4s.mp4
    for s, d, secs in VIDEOS:
        if not only or d in only: trim_video(root/s, out/d, secs)
    for s, d, secs in AUDIOS:
        if not only or d in only: trim_audio(root/s, out/d, secs)
