#!/bin/bash
# Two bench commands timed side by side: alternating runs, one process at a time, the order swapped
# each pair (A B, B A, A B, ...) so that neither side always runs first. Never run the two sides at
# once: the slower side's last minutes then share the machine with the faster side's indexing.
# usage: bash scripts/bench-pairs.sh OUT PAIRS NAME_A DIR_A "ARGS_A" NAME_B DIR_B "ARGS_B"
#   DIR_x: a checkout nobody is editing (with its own node_modules); ARGS_x: what `npm run bench --`
#   is given there, less --out. Each run's report goes to OUT/run<i>-<name>/, its start and end
#   (with the load average) to OUT/log.txt.
set -u
if [ $# -ne 8 ]; then
  sed -n '5,8p' "$0" >&2
  exit 2
fi
OUT=$(realpath -m "$1")
PAIRS=$2
declare -A DIR=([$3]=$4 [$6]=$7) ARGS=([$3]=$5 [$6]=$8)
mkdir -p "$OUT"
for i in $(seq 1 "$PAIRS"); do
  order="$3 $6"
  [ $((i % 2)) -eq 0 ] && order="$6 $3"
  for side in $order; do
    d=$OUT/run$i-$side
    echo "$(date -u +%H:%M:%S) start $d load: $(uptime | sed 's/.*load average: //')" >> "$OUT/log.txt"
    # shellcheck disable=SC2086 # ARGS are words for the bench
    (cd "${DIR[$side]}" && npx tsx scripts/bench.ts ${ARGS[$side]} --out "$d" > "$d.stdout" 2> "$d.stderr")
    echo "$(date -u +%H:%M:%S) end $d rc=$? load: $(uptime | sed 's/.*load average: //')" >> "$OUT/log.txt"
  done
done
