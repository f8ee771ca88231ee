#!/usr/bin/env bash
# GPU benchmark of talkface on a bare machine: installs what its python lacks from a carried kit, then runs bench/gpu.py
# (end-to-end dub fps at 512x512 and 1080x1920, generator-only frames/s in fp32/fp16/bf16 at mouth 64/128/256; one table).
#
#   bench/gpu.sh --fetch-wheels [DIR]   # where pip works: build the kit DIR/kit.tar.xz (default bench/gpu_kit, git-ignored)
#   bench/gpu.sh [gpu.py args]          # install what is missing, then measure (default --device cuda)
#   bench/gpu.sh --device cpu           # the same on the CPU, small sizes (what was run without a GPU)
#   bench/gpu.sh --install-only         # install and check the imports, measure nothing
#
# The kit holds the wheels of what talkface's dub and generator import that a CUDA image with PyTorch usually lacks (PyAV,
# MediaPipe, soundfile, librosa and their small needs; never torch: the machine's own torch is used), for CPython 3.12
# on x86-64 manylinux, and the shared clip and speech files the benchmark dubs. It is one file, DIR/kit.tar.xz, 33 MiB:
# the wheels stored uncompressed inside one xz stream (46 MiB as wheel files). Carry the folder bench/gpu_kit.
# Env: PYTHON (default: the repo's .venv if present, else python3), TALKFACE_KIT (kit folder, default bench/gpu_kit; a
# folder with wheels/*.whl and data/ also does), KIT_PYTHON_VERSION (python of the target machine, default 3.12),
# TALKFACE_SHARED (shared data, default /work/shared/data), TMPDIR (the kit is unpacked and installed in
# $TMPDIR/talkface-gpu-kit, default /tmp).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd); REPO=$(dirname "$HERE")
KIT=${TALKFACE_KIT:-$HERE/gpu_kit}
if [ -n "${PYTHON:-}" ]; then PY=$PYTHON; elif [ -x "$REPO/.venv/bin/python" ]; then PY=$REPO/.venv/bin/python; else PY=python3; fi
SHARED=${TALKFACE_SHARED:-/work/shared/data}
# import name, then the wheel it comes from: what `talkface.dub.dub` and the generator import beyond numpy, torch, cv2,
# scipy, matplotlib, yaml, tqdm, numba, msgpack, joblib, lazy_loader, absl, flatbuffers (all in the GPU image).
# mediapipe 0.10.30 (talkface's lowest, 10 MB) rather than 1.2.3 (43 MB): the same Face Landmarker, the same landmarks.
DEPS='av av==18.1.0
mediapipe mediapipe==0.10.30
soundfile soundfile==0.14.0
_cffi_backend cffi==2.1.1
pycparser pycparser==3.12
librosa librosa==0.11.0
audioread audioread==3.1.0
soxr soxr==1.1.0
pooch pooch==1.9.0
platformdirs platformdirs==4.14.9
decorator decorator==5.3.1
fastcore fastcore==1.12.47'
MEDIA='video/news_may_5s.mp4 audio/en_obama_5s_16k.wav audio/en_talk_10s_48k.wav'   # the clip and 15 s of speech

fetch_wheels() {   # DIR: download the wheels and copy the media into a staging folder, pack them as DIR/kit.tar.xz
  local dir=${1:-$KIT} f n plat=()
  STAGE=$(mktemp -d); trap 'rm -rf "$STAGE"' EXIT
  mkdir -p "$dir" "$STAGE/wheels" "$STAGE/data/video" "$STAGE/data/audio"
  for n in 2_17 2_24 2_27 2_28 2_31 2_34 2_35; do plat+=(--platform "manylinux_${n}_x86_64"); done
  "$PY" -m pip download -q --no-deps --only-binary=:all: --python-version "${KIT_PYTHON_VERSION:-3.12}" --implementation cp \
      "${plat[@]}" --platform manylinux2014_x86_64 --platform manylinux1_x86_64 -d "$STAGE/wheels" $(cut -d' ' -f2 <<<"$DEPS") \
      2> >(grep -v 'is ignored: it is neither a file nor a directory' >&2)
  for f in $MEDIA; do
    [ -f "$SHARED/$f" ] || { echo "gpu.sh: $SHARED/$f: missing (set TALKFACE_SHARED to the shared data folder)" >&2; exit 2; }
    cp "$SHARED/$f" "$STAGE/data/$f"
  done
  echo "packing $dir/kit.tar.xz (xz -9: a few minutes on 2 cores)..."
  "$PY" - "$STAGE" "$dir/kit.tar.xz" <<'PYEOF'
import io, sys, tarfile, zipfile
from pathlib import Path
stage, out = Path(sys.argv[1]), Path(sys.argv[2]); tmp = out.with_name(out.name + '.tmp')
with tarfile.open(tmp, 'w:xz', preset=9) as tar:
    for whl in sorted((stage/'wheels').glob('*.whl')):          # stored, not deflated: xz then sees the bytes
        buf = io.BytesIO()
        with zipfile.ZipFile(whl) as zi, zipfile.ZipFile(buf, 'w', zipfile.ZIP_STORED) as zo:
            for info in zi.infolist(): zo.writestr(info, zi.read(info), compress_type=zipfile.ZIP_STORED)
        ti = tarfile.TarInfo(f'wheels/{whl.name}'); ti.size = buf.tell(); ti.mtime = int(whl.stat().st_mtime); buf.seek(0)
        tar.addfile(ti, buf)
    for f in sorted((stage/'data').rglob('*')):
        if f.is_file(): tar.add(f, f'data/{f.relative_to(stage/"data")}')
tmp.rename(out)
mib = lambda p: sum(f.stat().st_size for f in p.rglob('*') if f.is_file()) / 2**20
print(f"{out}: {out.stat().st_size / 2**20:.1f} MiB ({len(list((stage/'wheels').glob('*.whl')))} wheels, "
      f"{mib(stage/'wheels'):.1f} MiB as wheel files; media {mib(stage/'data'):.1f} MiB)")
PYEOF
  echo "carry ${dir#"$REPO"/} to the GPU machine and run bench/gpu.sh there"
}

install_kit() {   # sets PYTHONPATH so that talkface (from this checkout) and every module in DEPS import
  local tmpkit=${TMPDIR:-/tmp}/talkface-gpu-kit wheels="" data="" need
  if [ -d "$KIT/wheels" ]; then wheels=$KIT/wheels; fi            # a plain folder of wheels (and data/) also does
  if [ -d "$KIT/data" ]; then data=$KIT/data; fi
  if [ -z "$wheels" ] && [ -f "$KIT/kit.tar.xz" ]; then             # the carried kit: unpacked once per machine
    if [ ! -f "$tmpkit/.unpacked" ] || [ "$KIT/kit.tar.xz" -nt "$tmpkit/.unpacked" ]; then
      rm -rf "$tmpkit" && mkdir -p "$tmpkit"
      "$PY" -c "import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2], filter='data')" "$KIT/kit.tar.xz" "$tmpkit"
      touch "$tmpkit/.unpacked"
    fi
    wheels=$tmpkit/wheels; data=$tmpkit/data
  fi
  local site=$tmpkit/site
  export PYTHONPATH=$site:$REPO${PYTHONPATH:+:$PYTHONPATH}
  if [ -n "$data" ] && [ -d "$data" ]; then export TALKFACE_KIT_DATA=$data; fi
  need=$("$PY" - "$wheels" "$KIT" "$DEPS" <<'PYEOF'
import importlib.util, re, sys
from pathlib import Path
wheels, kit, deps = sys.argv[1], sys.argv[2], [l.split() for l in sys.argv[3].splitlines()]
if importlib.util.find_spec('torch') is None:
    sys.exit(f"gpu.sh: {sys.executable} has no torch (the kit carries none): use the machine's python with PyTorch (PYTHON=...)")
need = [spec for mod, spec in deps if importlib.util.find_spec(mod) is None]
norm = lambda s: re.sub(r'[-_.]+', '-', s).lower()
have = {(norm(w.name.split('-')[0]), w.name.split('-')[1]) for w in Path(wheels).glob('*.whl')} if wheels else set()
absent = [s for s in need if (norm(s.split('==')[0]), s.split('==')[1]) not in have]
if absent:
    sys.exit(f"gpu.sh: missing {' '.join(absent)}: no such wheel in {wheels or kit + ' (no kit.tar.xz or wheels/ there)'}; "
             "build the kit where pip works with `bench/gpu.sh --fetch-wheels` and carry bench/gpu_kit")
print(' '.join(need))
PYEOF
)
  if [ -n "$need" ]; then
    echo "installing into $site: $need"
    "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --disable-pip-version-check \
        --find-links "$wheels" --target "$site" $need
  else echo "nothing to install: $PY has every module the benchmark needs"; fi
  "$PY" -c "import sys, torch, av, mediapipe, librosa, talkface.dub
print(f'python {sys.version.split()[0]}, torch {torch.__version__} (CUDA {torch.version.cuda}, available: {torch.cuda.is_available()}), '
      f'av {av.__version__}, mediapipe {mediapipe.__version__}, librosa {librosa.__version__}, talkface {talkface.__version__} from {talkface.__path__[0]}')"
}

case "${1:-}" in
  --fetch-wheels) fetch_wheels "${2:-}" ;;
  --install-only) install_kit ;;
  -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; echo; PYTHONPATH=$REPO "$PY" "$HERE/gpu.py" --help ;;
  *) install_kit; exec "$PY" "$HERE/gpu.py" "$@" ;;
esac
