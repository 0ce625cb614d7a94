#!/usr/bin/env bash
# The lifecycle of 10,000 directio checkers (init, one sync check each, free, unload), several runs: free time
# and io_destroy calls during free, unload time, and memory per checker (heap after GC, and resident set).
# Writes benchmarks/results/lifecycle.jsonl; `java benchmarks/charts/Charts.java` summarises it.
#
# The JVM runs with a fixed, pre-touched heap (-Xms256m -Xmx256m -XX:+AlwaysPreTouch): otherwise the resident
# set moves with the heap (pages of garbage touched, or a heap shrunk by the collections before each
# reading), and its delta says nothing about the checkers. Then the resident delta is the native memory the
# checkers touched (their 4 KiB buffers, iocbs, aio rings), plus little else.
#
# Usage: benchmarks/run-lifecycle.sh [--paths 10000] [--runs 5] [--device PATH]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

paths=10000 runs=5 device_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --paths) paths="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --device) device_args=(--device "$2"); shift 2 ;;
    *) echo "usage: $0 [--paths N] [--runs K] [--device PATH]" >&2; exit 2 ;;
  esac
done

"$bench/pathcheck-bench" --version >/dev/null # builds the harness now, not inside a measurement
out="$results/lifecycle.jsonl"
machine_line >"$out"
for run in $(seq 1 "$runs"); do
  line="$(PATHCHECK_JAVA_OPTS="-Xms256m -Xmx256m -XX:+AlwaysPreTouch" \
    "$bench/pathcheck-bench" lifecycle --checker directio --paths "$paths" "${device_args[@]}" --json)"
  tagged "\"kind\": \"lifecycle\", \"run\": $run" "$line" >>"$out"
  echo "run $run  $line" >&2
done
machine_line machine-after >>"$out"
echo "benchmarks: wrote $out" >&2
