#!/bin/bash
# $1 model name, $2 checkpoint, $3 gen dir root, $4 adapt dir root, rest: clips
cd /work/main && . .venv/bin/activate
m=$1; ck=$2; g=$3; a=$4; shift 4
for clip in "$@"; do
  O=/work/follow/${m}_$clip; [ -f $O/report.json ] && continue
  mkdir -p $O/cuts $O/gen_$m $O/adapt_default_$m
  for j in 0 1 2 3 4; do mkdir -p $O/copy$j; ln -f /work/qgen/copy$j/$clip.* $O/copy$j/ 2>/dev/null; done
  ln -f /work/qgen/cuts/${clip}* $O/cuts/ 2>/dev/null
  ln -f $g/gen_$m/$clip.* $O/gen_$m/ 2>/dev/null; ln -f $a/adapt_default_$m/$clip.* $O/adapt_default_$m/ 2>/dev/null
  python bench/quality.py $O --set people --clips $clip --checkpoint $m=$ck --threads 1 \
     --follow $(ls /work/shared/data/video_people/$clip.* | head -1) --speech /work/shared/data/audio/en_zozo_11s_16k.wav --json $O/report.tmp.json > $O/log.txt 2>&1 \
     && mv $O/report.tmp.json $O/report.json
done
