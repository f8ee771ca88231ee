#!/bin/bash
# Short templates (3 s adapted on, the next 2 s scored): 300 steps (the default) against 200, then seed 1 of 300 for the spread.
# Run from anywhere: bash nbs/runs/short_template_s29/run.sh [OUT_DIR]; about 55 min on a 2-core Xeon with AMX (bf16 auto).
cd "$(dirname "$0")/../../.." && . .venv/bin/activate
OUT=${1:-/tmp/short_template}
CK="pixel64b=talkface/checkpoints/pixel64b.pt"
python bench/quality.py $OUT --set all --checkpoint $CK --template-seconds 3 --adapt 300 --json nbs/runs/short_template_s29/s300.json > nbs/runs/short_template_s29/s300.log 2>&1
python bench/quality.py $OUT --set all --checkpoint $CK --template-seconds 3 --adapt 200 --json nbs/runs/short_template_s29/s200.json > nbs/runs/short_template_s29/s200.log 2>&1
python bench/quality.py $OUT --set all --checkpoint $CK --template-seconds 3 --adapt 300 --adapt-config '{"seed": 1}' --json nbs/runs/short_template_s29/s300seed1.json > nbs/runs/short_template_s29/s300seed1.log 2>&1
python nbs/runs/short_template_s29/table.py
