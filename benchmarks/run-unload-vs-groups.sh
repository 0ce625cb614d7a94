#!/usr/bin/env bash
# directio's unload time against its number of aio groups, beside the kernel's floors, in one run: for each
# run and each G, `pathcheck-bench lifecycle --paths G*gs --group-size gs --cycles C` (init, free, unload: G
# groups destroyed in parallel; the first cycle in a fresh JVM, the median of the C-1 later ones as
# warmUnloadMillis, as a long-running host reconfigures), then `pathcheck-bench aio-destroy --contexts G --nr-events gs` (one io_destroy
# alone, G one after another, G from G threads at once; medians of its own rounds).
# Writes benchmarks/results/unload-vs-groups.jsonl; `java benchmarks/charts/Charts.java` charts it.
#
# Usage: benchmarks/run-unload-vs-groups.sh [--group-size 64] [--groups 1,2,4,8,12,16,20,24,28,32,36,40]
#        [--runs 5] [--cycles 6] [--device PATH]
# Default device: the CLI's 1 MiB scratch file (unload does not read; the device does not matter).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

group_size=64 groups="1,2,4,8,12,16,20,24,28,32,36,40" runs=5 cycles=6 device_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --group-size) group_size="$2"; shift 2 ;;
    --groups) groups="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --cycles) cycles="$2"; shift 2 ;;
    --device) device_args=(--device "$2"); shift 2 ;;
    *) echo "usage: $0 [--group-size GS] [--groups G,G,...] [--runs K] [--cycles C] [--device PATH]" >&2; exit 2 ;;
  esac
done

"$bench/pathcheck-bench" --version >/dev/null # builds the harness now, not inside a measurement
out="$results/unload-vs-groups.jsonl"
machine_line >"$out"
echo "benchmarks: group size $group_size, groups $groups, $runs runs; load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for run in $(seq 1 "$runs"); do
  for g in ${groups//,/ }; do
    life="$("$bench/pathcheck-bench" lifecycle --checker directio --paths $((g * group_size)) \
      --group-size "$group_size" --cycles "$cycles" "${device_args[@]}" --json)"
    floor="$("$bench/pathcheck-bench" aio-destroy --contexts "$g" --nr-events "$group_size" --rounds 3 --json)"
    tagged "\"kind\": \"lifecycle\", \"run\": $run" "$life" >>"$out"
    tagged "\"kind\": \"aio-destroy\", \"run\": $run" "$floor" >>"$out"
    echo "run $run  G $g  unload $(json_number unloadMillis "$life") ms" \
      " warm $(json_number warmUnloadMillis "$life") ms  one $(json_number oneMillis "$floor") ms" \
      " serial $(json_number serialMillis "$floor") ms  parallel $(json_number parallelMillis "$floor") ms" >&2
  done
done
machine_line machine-after >>"$out"
echo "benchmarks: wrote $out" >&2
