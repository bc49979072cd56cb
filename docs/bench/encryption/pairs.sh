#!/bin/bash
# The encryption comparisons here: off and on alternating, from this checkout (one nobody is editing).
# args: messages pairs queries
cd "$(dirname "$0")/../../.." || exit 1
bash scripts/bench-pairs.sh "bench-results/encryption/m$1" "$2" \
  off . "--messages $1 --queries $3 --encryption off" \
  on . "--messages $1 --queries $3 --encryption on"
