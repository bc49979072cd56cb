#!/bin/bash
# side-by-side pair: off and on started together. args: snapdir outdir messages queries
S=$1; OUT=$2; M=$3; Q=$4
mkdir -p $OUT
cd $S  # a checkout of the commit to measure (git archive), not a worktree being edited
echo "$(date -u +%H:%M:%S) start pair load: $(uptime | sed 's/.*load average: //')" >> $OUT/log.txt
for enc in off on; do
  ( npx tsx scripts/bench.ts --messages $M --queries $Q --encryption $enc --out $OUT/$enc > $OUT/$enc.stdout 2> $OUT/$enc.stderr; echo "$(date -u +%H:%M:%S) end $enc rc=$? load: $(uptime | sed 's/.*load average: //')" >> $OUT/log.txt ) &
done
wait
