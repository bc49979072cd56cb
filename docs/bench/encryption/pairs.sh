#!/bin/bash
# alternating bench runs: off, on, off, on ... ; args: messages pairs queries
cd "$(dirname "$0")/../../.."  # run from a checkout that is not being edited
M=$1; P=$2; Q=$3
OUT=bench-results/encryption/m$M
mkdir -p $OUT
for i in $(seq 1 $P); do
  for enc in off on; do
    d=$OUT/run$i-$enc
    echo "$(date -u +%H:%M:%S) start $d load: $(uptime | sed 's/.*load average: //')" >> $OUT/log.txt
    npx tsx scripts/bench.ts --messages $M --queries $Q --encryption $enc --out $d > $d.stdout 2> $d.stderr
    echo "$(date -u +%H:%M:%S) end $d rc=$? load: $(uptime | sed 's/.*load average: //')" >> $OUT/log.txt
  done
done
