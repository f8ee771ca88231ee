#!/bin/bash
# The 512², 11 s, --adapt off dub from the CLI, this checkout against another one (OLD, e.g. `git worktree add /tmp/old <commit>`),
# alternating, float32 and bfloat16. Inputs from `python bench/dub.py --cases 512:11:11 --keep DIR`.
#   nbs/runs/zen4_s37/ab_cli.sh DIR OLD [ROUNDS]
set -e
DIR=$1; OLD=$2; NEW=$(cd "$(dirname "$0")/../../.." && pwd); ROUNDS=${3:-3}
for i in $(seq "$ROUNDS"); do for b in off auto; do for v in old new; do
  pp=$NEW; [ $v = old ] && pp=$OLD
  /usr/bin/time -f "$b $v wall %e s, peak %M KB" env PYTHONPATH=$pp talkface dub --video "$DIR/template_512_11s.mp4" \
    --audio "$DIR/speech_11s.wav" --out /tmp/ab_cli.mp4 --adapt off --bf16 $b 2>&1 | tail -n 1
done; done; done
