#!/bin/bash
# bf16 on a CPU with AVX-512 BF16 and no AMX (AMD EPYC, Zen 4): the short-template protocol of stop 29 (3 s adapted on,
# the next 2 s scored, 14 held-out speakers), 200 steps (the default for 3 s templates) under bf16, the new default
# there; then the same in float32 (`--bf16 off`), for the same-machine comparison (its own folder: bench/quality.py reuses
# outputs that exist, and bf16 is not part of its folder names).
# Run: bash nbs/runs/bf16_zen4_s30/run.sh [OUT_DIR]; about 20 min a run on a 2-core EPYC.
cd "$(dirname "$0")/../../.." && . .venv/bin/activate
OUT=${1:-/tmp/short_template}
CK="pixel64b=talkface/checkpoints/pixel64b.pt"
D=nbs/runs/bf16_zen4_s30
python bench/quality.py $OUT --set all --checkpoint $CK --template-seconds 3 --adapt 200 --bf16 auto --json $D/s200_bf16.json > $D/s200_bf16.log 2>&1
python bench/quality.py $OUT/fp32 --set all --checkpoint $CK --template-seconds 3 --adapt 200 --bf16 off --json $D/s200_fp32.json > $D/s200_fp32.log 2>&1
