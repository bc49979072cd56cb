#!/bin/bash
# Issue 16's bench target: context assembly at 100k before issue 16 (61dfefe, plaintext store, its own
# npm ci) vs now (--encryption off), each from a checkout nobody is editing. args: base-dir now-dir out pairs
cd "$(dirname "$0")/../../.." || exit 1
bash scripts/bench-pairs.sh "${3:-bench-results/assembly-issue16}" "${4:-3}" \
  base "$1" "--messages 100000 --queries 100" \
  now "$2" "--messages 100000 --queries 100 --encryption off"
