#!/usr/bin/env bash
# Per-check cost of directio beside the C floor (benchmarks/c/aio_floor.c), side by side in one run:
# for each run, each path count and each mode, `pathcheck-bench check` then the C program, on the same device.
# Writes benchmarks/results/check-vs-floor.jsonl (one JSON line per measurement, after a machine line); then
# `java benchmarks/charts/Charts.java` turns the results into medians and charts.
#
# Usage: benchmarks/run-check-vs-floor.sh [--device PATH] [--paths 1000,10000] [--modes sync,async] [--runs 5]
#        [--rounds R] [--warmup W] [--wait-micros 1000] [--wait await|sleep] [--floor-timeout-ms MS]
#        [--label NAME]
# --label NAME writes check-vs-floor-NAME.jsonl instead (for a variant, such as another --wait-micros).
# --wait: how bench check waits between passes of pending(): await (the class awaits its answers within the
# wait, as PathMonitor does; the default) or sleep (the whole wait, as multipathd does).
# --floor-timeout-ms MS: the C floor's sync io_getevents waits at most MS ms, as directio's does (its check
# timeout, 30 s here); by default the floor waits with no timeout, which no checker can.
# Warm-up rounds (not measured, for the JIT; the C program runs as many): W, by default bench check's own
# choice, enough rounds for 20,000 sync or 300,000 async checks and at least 3 (sync: 20 at 1,000 paths, 3 at 10,000; async: 300 and
# 30), about a second either way. Measured rounds: R, by default enough for
# 100,000 checks and at least 5 (100 at 1,000 paths, 10 at 10,000): a round of 1,000 async checks takes a
# few ms, and shorter measurements are at the mercy of whatever else the machine runs.
# Default device: as root a loop device over a 16 MiB scratch file in /var/tmp (detached afterwards), else the
# file itself.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

given_device="" paths="1000,10000" modes="sync,async" floor_timeout_ms=0 runs=5 rounds="" warmup="" wait_micros=1000 wait=await label=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --device) given_device="$2"; shift 2 ;;
    --paths) paths="$2"; shift 2 ;;
    --modes) modes="$2"; shift 2 ;;
    --floor-timeout-ms) floor_timeout_ms="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --wait-micros) wait_micros="$2"; shift 2 ;;
    --wait) wait="$2"; shift 2 ;;
    --label) label="-$2"; shift 2 ;;
    *) echo "usage: $0 [--device PATH] [--paths N,N] [--modes sync,async] [--runs K] [--rounds R] [--warmup W]" \
         "[--wait-micros US] [--wait await|sleep] [--floor-timeout-ms MS] [--label NAME]" >&2
       exit 2 ;;
  esac
done

gcc -O2 -Wall -Wextra -o "$bench/target/aio-floor" "$bench/c/aio_floor.c"
trap cleanup_device EXIT
trap 'exit 130' INT TERM
setup_device "$given_device"
"$bench/pathcheck-bench" --version >/dev/null # builds the harness now, not inside a measurement

out="$results/check-vs-floor$label.jsonl"
machine_line >"$out"
echo "benchmarks: device $device, paths $paths, $runs runs of ${warmup:-auto} warm-up + ${rounds:-auto} rounds; load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for run in $(seq 1 "$runs"); do
  for n in ${paths//,/ }; do
    r="${rounds:-$(( (100000 + n - 1) / n > 5 ? (100000 + n - 1) / n : 5 ))}"
    for mode in ${modes//,/ }; do
      # bench check chooses the warm-up unless --warmup is given (see BenchCheckCommand); the C program runs
      # as many rounds
      java_line="$("$bench/pathcheck-bench" check --checker directio --paths "$n" --mode "$mode" --rounds "$r" \
        ${warmup:+--warmup "$warmup"} --wait-micros "$wait_micros" --wait "$wait" --device "$device" --json)"
      w="$(json_number warmupRounds "$java_line")"
      c_line="$("$bench/target/aio-floor" --device "$device" --paths "$n" --mode "$mode" --rounds "$r" \
        --warmup "$w" --timeout-ms "$floor_timeout_ms")"
      tagged "\"kind\": \"check\", \"impl\": \"java\", \"run\": $run" "$java_line" >>"$out"
      tagged "\"kind\": \"check\", \"impl\": \"c\", \"run\": $run" "$c_line" >>"$out"
      echo "run $run  paths $n  $mode  java $(json_number microsPerCheck "$java_line") us" \
        " c $(json_number microsPerCheck "$c_line") us" >&2
    done
  done
done
machine_line machine-after >>"$out"
echo "benchmarks: wrote $out" >&2
