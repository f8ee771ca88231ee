"""Run: python nbs/runs/wav2lip_bf16/compare.py [TAG] (7 min of training on 2 CPU cores; printed line in result.txt;
the picture is faces.jpg, or faces_TAG.jpg with a TAG, e.g. `epyc` for the run on a CPU whose bf16 is avx512_bf16).
Train a Wav2Lip generator briefly (L1 reconstruction of real face crops) so its activations look like a trained
model's, then compare fp32 and bf16 autocast faces on held-back crops."""
import sys, time, itertools, torch, numpy as np, torch.nn.functional as F
from talkface.wav2lip import Wav2Lip, fuse_for_inference, face_input, FaceBoxConfig, face_boxes, crop_box
from talkface.video import iter_frames
from talkface.landmarks import detect_landmarks
torch.manual_seed(0); torch.set_num_threads(2)
crops = []
for clip in ['/work/shared/data/video/hdtf_aoc_8s.mp4', '/work/shared/data/video/hdtf_katiehill_8s.mp4']:
    fr = list(itertools.islice(iter_frames(clip), 200))
    t = detect_landmarks(fr)
    bx = face_boxes(t.points, fr[0].shape[:2], (0, 10, 0, 0), t.valid, FaceBoxConfig())
    crops.append(np.stack([crop_box(f, b, 96) for f, b in zip(fr, bx)]))
print('crops', [c.shape for c in crops])
train, test = np.concatenate([crops[0][:150], crops[1][:150]]), np.concatenate([crops[0][150:], crops[1][150:]])
G = Wav2Lip().train(); opt = torch.optim.Adam(G.parameters(), 2e-4)
rng = np.random.default_rng(0); t0 = time.time(); step = 0
while time.time() - t0 < 420:
    i = rng.choice(len(train), 8); j = rng.choice(len(train), 8)
    x = face_input(train[i], train[j]); tgt = face_input(train[i])[:, 3:]          # the whole crop, BGR
    a = torch.randn(8, 1, 80, 16)
    out = G(a, x); loss = F.l1_loss(out, tgt)
    opt.zero_grad(); loss.backward(); opt.step(); step += 1
    if step % 20 == 0: print(step, f'{loss.item():.4f}', flush=True)
G.eval(); torch.save(G.state_dict(), '/tmp/w2l_trained.pt')
m = fuse_for_inference(G)
x = face_input(test[:48], test[::-1][:48]).contiguous(memory_format=torch.channels_last); a = torch.randn(48, 1, 80, 16)
with torch.no_grad():
    o32 = m(a, x).float()
    with torch.autocast('cpu', torch.bfloat16): o16 = m(a, x).float()
tgt = face_input(test[:48])[:, 3:]
d = (o32 - o16).abs() * 255; mse = ((o32 - o16) ** 2).mean().item()
print(f'steps {step}, test L1 to target {F.l1_loss(o32, tgt).item()*255:.2f}/255; fp32 vs bf16: mean {d.mean().item():.3f}, p99 {d.flatten().quantile(0.99).item():.3f}, max {d.max().item():.3f} (0-255), PSNR {10*np.log10(1/mse):.1f} dB')
np.save('/tmp/w2l_faces.npy', np.stack([o32.numpy(), o16.numpy(), tgt.numpy()]))
import cv2                                      # faces.jpg: per row target | float32 | bfloat16 | |difference| × 20
rows = [np.concatenate([cv2.resize((np.clip(a, 0, 1) * 255).astype(np.uint8), (288, 288), interpolation=cv2.INTER_NEAREST)
                        for a in [x[i].numpy().transpose(1, 2, 0) for x in (tgt, o32, o16)] + [(o32[i] - o16[i]).abs().numpy().transpose(1, 2, 0) * 20]], 1)
        for i in (0, 20, 40)]
cv2.imwrite(str(__import__('pathlib').Path(__file__).parent/f"faces{'_' + sys.argv[1] if len(sys.argv) > 1 else ''}.jpg"), np.concatenate(rows, 0), [cv2.IMWRITE_JPEG_QUALITY, 85])
