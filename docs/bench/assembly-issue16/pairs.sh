#!/bin/bash
# Issue 16's bench target: context assembly p95 at 100k, before issue 16 (61dfefe, plaintext store) vs now
# (plaintext, --encryption off), one process at a time, order swapped each pair. args: pairs
P=${1:-3}
OUT=/work/notes/s13/p95
mkdir -p $OUT
for i in $(seq 1 $P); do
  order="base now"; [ $((i % 2)) -eq 0 ] && order="now base"
  for side in $order; do
    d=$OUT/run$i-$side
    echo "$(date -u +%H:%M:%S) start $d load: $(uptime | sed 's/.*load average: //')" >> $OUT/log.txt
    if [ $side = base ]; then
      (cd /tmp/base16 && npx tsx scripts/bench.ts --messages 100000 --queries 100 --out $d > $d.stdout 2> $d.stderr)
    else
      (cd /tmp/now16 && npx tsx scripts/bench.ts --messages 100000 --queries 100 --encryption off --out $d > $d.stdout 2> $d.stderr)
    fi
    echo "$(date -u +%H:%M:%S) end $d rc=$? load: $(uptime | sed 's/.*load average: //')" >> $OUT/log.txt
  done
done
