#!/bin/bash
# alternating bench runs, one at a time: off, on, on, off, off, on ... (the order swaps each pair, so
# neither side always runs first); args: messages pairs queries. Never run the two sides at once:
# the slower side's last minutes then share the machine with the faster side's indexing (issue 20).
cd "$(dirname "$0")/../../.."  # run from a checkout that is not being edited
M=$1; P=$2; Q=$3
OUT=bench-results/encryption/m$M
mkdir -p $OUT
for i in $(seq 1 $P); do
  order="off on"; [ $((i % 2)) -eq 0 ] && order="on off"
  for enc in $order; do
    d=$OUT/run$i-$enc
    echo "$(date -u +%H:%M:%S) start $d load: $(uptime | sed 's/.*load average: //')" >> $OUT/log.txt
    npx tsx scripts/bench.ts --messages $M --queries $Q --encryption $enc --out $d > $d.stdout 2> $d.stderr
    echo "$(date -u +%H:%M:%S) end $d rc=$? load: $(uptime | sed 's/.*load average: //')" >> $OUT/log.txt
  done
done
