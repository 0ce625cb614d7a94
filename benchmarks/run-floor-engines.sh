#!/usr/bin/env bash
# The C floor's per-check cost through aio and through io_uring, side by side in one run on the same device
# (benchmarks/c/aio_floor.c --engine aio|io_uring): what directio's checks would cost through either kernel
# interface, apart from any checker. For each run, path count and mode, aio then io_uring. sync waits for each
# read with the 30 s timeout a checker's wait has; async submits every read with a call of its own and reaps
# them in batches.
# Writes benchmarks/results/floor-engines.jsonl (one JSON line per measurement, after a machine line), then
# prints the medians over the runs of each figure and of each run's ratio io_uring / aio.
#
# Usage: benchmarks/run-floor-engines.sh [--device PATH] [--paths 1000,10000] [--runs 5]
# Default device: as root a loop device over a 16 MiB scratch file in /var/tmp (detached afterwards), else the
# file itself. Exits 1 where the kernel refuses io_uring or cannot wait on it with a timeout (Linux 5.11).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

given_device="" paths="1000,10000" runs=5
while [[ $# -gt 0 ]]; do
  case "$1" in
    --device) given_device="$2"; shift 2 ;;
    --paths) paths="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "usage: $0 [--device PATH] [--paths N,M] [--runs K]" >&2; exit 2 ;;
  esac
done

gcc -O2 -Wall -Wextra -o "$bench/target/aio-floor" "$bench/c/aio_floor.c"
floor="$bench/target/aio-floor"
trap cleanup_device EXIT
trap 'exit 130' INT TERM
setup_device "$given_device"

status=0
"$floor" --device "$device" --paths 1 --mode sync --rounds 1 --warmup 0 --engine io_uring >/dev/null || status=$?
if [[ $status != 0 ]]; then
  echo "benchmarks: the io_uring floor cannot run here (exit $status; 3: io_uring refused or without a timed wait)" >&2
  exit 1
fi

out="$results/floor-engines.jsonl"
machine_line >"$out"
echo "benchmarks: device $device, paths $paths, $runs runs; load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for run in $(seq 1 "$runs"); do
  for n in ${paths//,/ }; do
    # as many checks per measurement as run-check-vs-floor.sh's defaults: 100,000, at least 5 rounds
    rounds=$(((100000 + n - 1) / n > 5 ? (100000 + n - 1) / n : 5))
    for mode in sync async; do
      timeout=()
      [[ $mode == sync ]] && timeout=(--timeout-ms 30000)
      for engine in aio io_uring; do
        line="$("$floor" --device "$device" --paths "$n" --mode "$mode" --rounds "$rounds" --warmup 3 \
          --engine "$engine" "${timeout[@]}")"
        tagged "\"kind\": \"floor-$mode\", \"run\": $run" "$line" >>"$out"
        echo "run $run  paths $n  $mode  $engine $(json_number microsPerCheck "$line") us" \
          " (cpu $(json_number cpuMicrosPerCheck "$line"))" >&2
      done
    done
  done
done
machine_line machine-after >>"$out"
echo "benchmarks: wrote $out" >&2

awk '
  function num(line, key,   m) { if (match(line, "\"" key "\": [0-9.]+")) { m = substr(line, RSTART, RLENGTH); sub(/.*: /, "", m); return m + 0 } return -1 }
  function str(line, key,   m) { if (match(line, "\"" key "\": \"[^\"]*\"")) { m = substr(line, RSTART, RLENGTH); sub(/^[^:]*: "/, "", m); sub(/"$/, "", m); return m } return "" }
  function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t } return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  /"kind": "floor-/ {
    key = str($0, "mode") " " num($0, "paths"); run = num($0, "run")
    if (str($0, "engine") == "aio") { aio[key, run] = num($0, "microsPerCheck"); aioCpu[key, run] = num($0, "cpuMicrosPerCheck") }
    else { uring[key, run] = num($0, "microsPerCheck"); uringCpu[key, run] = num($0, "cpuMicrosPerCheck") }
    keys[key] = 1; runs[run] = 1
  }
  END {
    for (key in keys) {
      n = 0
      for (run in runs) if ((key, run) in aio && (key, run) in uring) {
        n++; a[n] = aio[key, run]; u[n] = uring[key, run]; r[n] = uring[key, run] / aio[key, run]
        ac[n] = aioCpu[key, run]; uc[n] = uringCpu[key, run]; rc[n] = uringCpu[key, run] / aioCpu[key, run]
      }
      if (n) printf "%-12s aio %8.3f us  io_uring %8.3f us  io_uring/aio %.2fx;  cpu %7.3f and %7.3f us, %.2fx  (%d runs)\n", key, median(a, n), median(u, n), median(r, n), median(ac, n), median(uc, n), median(rc, n), n
    }
  }' "$out" | sort | tee "$results/floor-engines-summary.txt"
