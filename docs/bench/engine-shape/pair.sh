#!/bin/bash
# usage: pair.sh N SIZE — runs main (666998e) and shape4 side by side, started together
n=$1; size=$2
cd "${MAIN_CHECKOUT:?a checkout of main}" && nice -n 19 npx tsx scripts/bench.ts --messages $size --out ${OUT:-/tmp/engine-shape-bench}/m$size/main-$n > ${OUT:-/tmp/engine-shape-bench}/main-$size-$n.log 2>&1 &
a=$!
cd "${BRANCH_CHECKOUT:?a checkout of the branch}" && nice -n 19 npx tsx scripts/bench.ts --messages $size --out ${OUT:-/tmp/engine-shape-bench}/m$size/shape4-$n > ${OUT:-/tmp/engine-shape-bench}/shape4-$size-$n.log 2>&1 &
b=$!
wait $a; echo "main exit $?" >> ${OUT:-/tmp/engine-shape-bench}/pairs.log
wait $b; echo "shape4 exit $?" >> ${OUT:-/tmp/engine-shape-bench}/pairs.log
echo "pair $n size $size done $(date)" >> ${OUT:-/tmp/engine-shape-bench}/pairs.log
