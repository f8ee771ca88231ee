#!/usr/bin/env bash
# Train talkface on one GPU from a carried pack: unpack, SyncNet, generator 64 -> 128, held-out figures, in under
# 9 minutes of wall time (bench/gpu_train.py; resumable: rerun the same command after a kill).
#
#   bench/gpu_train.sh --fetch-wheels [DIR]   # where pip works: DIR/wheels.tar.xz (default bench/gpu_kit/train, git-ignored)
#   bench/gpu_train.sh --stage [PACK]         # link PACK (default /work/pack_people/pack.tar) and the wheels beside it into the kit; check
#                                             # that the tree plus bench/gpu_kit/train fit the 64 MiB a device call carries
#   bench/gpu_train.sh [gpu_train.py args]    # install what python lacks from the wheels, then train (default --device cuda)
#   bench/gpu_train.sh --device cpu --tiny --out /tmp/tiny   # CI-sized run on the CPU (a couple of minutes on 2 cores)
#
# On the GPU machine (device tool): carry ["bench/gpu_kit/train"], timeout_s 600, command
#   PYTHONUNBUFFERED=1 bash bench/gpu_train.sh --out /tmp/gpu_train --export $OUT 2>&1
# The wheels are what the trainers import that a CUDA image with PyTorch lacks: MediaPipe 0.10.30 (the held-out LMD:
# `talkface.train.validate` detects lip landmarks) and fastcore (talkface's CLI plumbing); stored uncompressed inside one
# xz stream, 6.9 MiB. The image's own torch, OpenCV (it decodes the pack's H.264: no PyAV needed), numpy, scipy, yaml,
# tensorboard and scikit-image are used.
# Env: PYTHON (default: the repo's .venv if present, else python3), TALKFACE_TRAIN_KIT (default bench/gpu_kit/train),
# TMPDIR (the wheels are installed in $TMPDIR/talkface-train-kit/site, default /tmp).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd); REPO=$(dirname "$HERE")
KIT=${TALKFACE_TRAIN_KIT:-$HERE/gpu_kit/train}
if [ -n "${PYTHON:-}" ]; then PY=$PYTHON; elif [ -x "$REPO/.venv/bin/python" ]; then PY=$REPO/.venv/bin/python; else PY=python3; fi
DEPS='fastcore fastcore==1.12.47
mediapipe mediapipe==0.10.30'     # import name, then its wheel (py3-none: one wheel for every CPython 3)

fetch_wheels() {   # DIR: download the wheels, pack them stored (not deflated) inside one xz stream: DIR/wheels.tar.xz
  local dir=${1:-$KIT} plat=()
  STAGE=$(mktemp -d); trap 'rm -rf "$STAGE"' EXIT; mkdir -p "$dir"
  for n in 2_17 2_24 2_27 2_28 2_31 2_34 2_35; do plat+=(--platform "manylinux_${n}_x86_64"); done
  "$PY" -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp "${plat[@]}" \
      -d "$STAGE" $(cut -d' ' -f2 <<<"$DEPS") 2> >(grep -v 'is ignored: it is neither a file nor a directory' >&2)
  "$PY" - "$STAGE" "$dir/wheels.tar.xz" <<'PYEOF'
import io, sys, tarfile, zipfile
from pathlib import Path
stage, out = Path(sys.argv[1]), Path(sys.argv[2]); tmp = out.with_name(out.name + '.tmp')
with tarfile.open(tmp, 'w:xz', preset=9) as tar:
    for whl in sorted(stage.glob('*.whl')):
        buf = io.BytesIO()
        with zipfile.ZipFile(whl) as zi, zipfile.ZipFile(buf, 'w', zipfile.ZIP_STORED) as zo:
            for info in zi.infolist(): zo.writestr(info, zi.read(info), compress_type=zipfile.ZIP_STORED)
        ti = tarfile.TarInfo(f'wheels/{whl.name}'); ti.size = buf.tell(); buf.seek(0); tar.addfile(ti, buf)
tmp.rename(out)
print(f"{out}: {out.stat().st_size / 2**20:.1f} MiB ({', '.join(w.name for w in sorted(stage.glob('*.whl')))})")
PYEOF
}

stage_pack() {     # PACK: hard-link (else copy) it into the kit folder; check what a device call would carry
  local pack=${1:-/work/pack_people/pack.tar}
  [ -f "$pack" ] || { echo "gpu_train.sh: $pack: no such pack (tools/pack_train.py pack)" >&2; exit 2; }
  mkdir -p "$KIT"; ln -f "$pack" "$KIT/pack.tar" 2>/dev/null || cp "$pack" "$KIT/pack.tar"
  local w; w=$(dirname "$pack")/wheels.tar.xz                       # wheels fetched beside the pack are taken along
  if [ ! -f "$KIT/wheels.tar.xz" ] && [ -f "$w" ]; then ln -f "$w" "$KIT/wheels.tar.xz" 2>/dev/null || cp "$w" "$KIT/wheels.tar.xz"; fi
  [ -f "$KIT/wheels.tar.xz" ] || { echo "gpu_train.sh: $KIT/wheels.tar.xz missing: run bench/gpu_train.sh --fetch-wheels first" >&2; exit 2; }
  (cd "$REPO" && git ls-files -z -co --exclude-standard | xargs -0 -r du -cb 2>/dev/null | tail -1 | cut -f1) | "$PY" -c "
import sys, pathlib
tree = int(sys.stdin.read() or 0); kit = sum(f.stat().st_size for f in pathlib.Path('$KIT').rglob('*') if f.is_file())
tot = (tree + kit) / 2**20
print(f'working tree {tree / 2**20:.1f} MiB + bench/gpu_kit/train {kit / 2**20:.1f} MiB = {tot:.1f} MiB of the 64 MiB a device call carries')
sys.exit(0 if tot < 64 else 'gpu_train.sh: over 64 MiB: pack with a higher --crf (tools/pack_train.py pack --crf 28)')"
  echo "device call: carry [\"bench/gpu_kit/train\"], command: PYTHONUNBUFFERED=1 bash bench/gpu_train.sh --out /tmp/gpu_train --export \$OUT 2>&1"
}

install_kit() {    # sets PYTHONPATH so that talkface (this checkout) and the modules in DEPS import
  local tmpkit=${TMPDIR:-/tmp}/talkface-train-kit need
  export PYTHONPATH=$tmpkit/site:$REPO${PYTHONPATH:+:$PYTHONPATH}
  need=$("$PY" - "$DEPS" <<'PYEOF'
import importlib.util, sys
if importlib.util.find_spec('torch') is None: sys.exit(f"gpu_train.sh: {sys.executable} has no torch: use the machine's python with PyTorch (PYTHON=...)")
missing = [m for m in ('cv2', 'yaml', 'tensorboard', 'skimage', 'scipy') if importlib.util.find_spec(m) is None]
if missing: sys.exit(f"gpu_train.sh: {sys.executable} lacks {' '.join(missing)} (the kit carries only fastcore and mediapipe)")
print(' '.join(spec for mod, spec in (l.split() for l in sys.argv[1].splitlines()) if importlib.util.find_spec(mod) is None))
PYEOF
)
  if [ -n "$need" ]; then
    [ -f "$KIT/wheels.tar.xz" ] || { echo "gpu_train.sh: missing $need and no $KIT/wheels.tar.xz (bench/gpu_train.sh --fetch-wheels where pip works)" >&2; exit 2; }
    if [ ! -f "$tmpkit/.unpacked" ] || [ "$KIT/wheels.tar.xz" -nt "$tmpkit/.unpacked" ]; then
      rm -rf "$tmpkit" && mkdir -p "$tmpkit"
      "$PY" -c "import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2], filter='data')" "$KIT/wheels.tar.xz" "$tmpkit"
      touch "$tmpkit/.unpacked"
    fi
    echo "installing into $tmpkit/site: $need"
    "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --disable-pip-version-check \
        --find-links "$tmpkit/wheels" --target "$tmpkit/site" $need
  fi
  "$PY" -c "import torch, cv2, mediapipe, fastcore, talkface
print(f'torch {torch.__version__} (CUDA available: {torch.cuda.is_available()}), opencv {cv2.__version__}, mediapipe {mediapipe.__version__}, talkface {talkface.__version__} from {talkface.__path__[0]}')"
}

case "${1:-}" in
  --fetch-wheels) fetch_wheels "${2:-}" ;;
  --stage) stage_pack "${2:-}" ;;
  --install-only) install_kit ;;
  -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; echo; PYTHONPATH=$REPO "$PY" "$HERE/gpu_train.py" --help ;;
  *) install_kit; exec "$PY" "$HERE/gpu_train.py" "$@" ;;
esac
