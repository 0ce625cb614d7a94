#!/usr/bin/env bash
# The agent's cost at a 5 s polling interval: resident memory and CPU of the whole process (JVM and all) with
# N directio paths, each a 4 KiB file in /var/tmp (O_DIRECT needs a disk file system). For each N: start the
# agent, wait until every path answered up, let it settle WARM seconds, then read utime+stime from
# /proc/PID/stat over MEASURE seconds and VmRSS / VmHWM at the end. One JSON line per N into
# results/agent.jsonl.
# MODE=watch runs `pathcheck watch --checker directio --interval 5` on the same files instead: the same
# PathMonitor without the agent's metrics and HTTP server, to tell their cost from the monitor's.
# Each line also splits the CPU by thread (`threads`: % of one core per thread name as the kernel keeps it,
# 15 characters, so the agent's monitor, HTTP and uevent threads all read "pathcheck-agent"; only the monitor's
# runs while nothing scrapes), each as user+system, and gives the share spent in the kernel
# (`systemPercentOfOneCore`). INTERVAL (default 5) sets the polling interval, for profiles with more samples.
# Usage: benchmarks/run-agent.sh [N ...]   (default: 1000 10000; in the environment WARM=30 MEASURE=120, OUT (the
# file the lines are added to, default results/agent.jsonl), and PATHCHECK_JAVA_OPTS for the agent's JVM,
# recorded in each line)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

warm="${WARM:-30}"
interval="${INTERVAL:-5}"
measure="${MEASURE:-120}"
counts=("$@")
[[ ${#counts[@]} -gt 0 ]] || counts=(1000 10000)
out="${OUT:-$results/agent.jsonl}"
ulimit -n 65536 2>/dev/null || true
hz="$(getconf CLK_TCK)"

dir=""
pid=""
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
  if [[ -n "$dir" ]]; then rm -rf "$dir"; fi
}
trap cleanup EXIT

machine_line | tee -a "$out"
# build once, outside the measured process
"$root/pathcheck-agent/pathcheck-agent" --help >/dev/null 2>&1 || true
for n in "${counts[@]}"; do
  dir="$(mktemp -d /var/tmp/pathcheck-bench-agent-XXXXXX)"
  port=$((20000 + RANDOM % 20000))
  {
    printf 'defaults {\n path_checker directio\n polling_interval %s\n}\npathcheck {\n discover no\n listen_port %s\n' "$interval" "$port"
    for ((i = 0; i < n; i++)); do
      head -c 4096 /dev/zero >"$dir/p$i.img"
      printf ' path %s/p%s.img\n' "$dir" "$i"
    done
    printf '}\n'
  } >"$dir/agent.conf"
  if [[ "${MODE:-agent}" == watch ]]; then
    "$root/pathcheck" watch --checker directio --interval "$interval" "$dir"/p*.img >"$dir/agent.log" 2>&1 &
  else
    "$root/pathcheck-agent/pathcheck-agent" --config "$dir/agent.conf" >"$dir/agent.log" 2>&1 &
  fi
  pid=$!
  started=$(date +%s)
  up() {
    if [[ "${MODE:-agent}" == watch ]]; then grep -c -- '-> up' "$dir/agent.log" 2>/dev/null || true
    else curl -sf "localhost:$port/paths" | grep -o '"state":"up"' | wc -l; fi
  }
  until [[ "$(up)" -eq "$n" ]]; do
    kill -0 "$pid" || { cat "$dir/agent.log"; exit 1; }
    (( $(date +%s) - started < 300 )) || { echo "not all $n paths up after 300 s" >&2; exit 1; }
    sleep 1
  done
  jpid="$(pgrep -P "$pid" java || echo "$pid")"
  sleep "$warm"
  ticks() { awk '{print $14 + $15}' "/proc/$jpid/stat"; }
  # one line per thread: tid, utime, stime, name (the name last: it may hold blanks)
  thread_ticks() {
    local stat line name rest
    for stat in "/proc/$jpid/task/"*/stat; do
      line="$(cat "$stat" 2>/dev/null)" || continue
      name="${line#*(}"; name="${name%)*}"; rest="${line##*) }"
      # shellcheck disable=SC2086  # the fields after the name, from the state (field 3) on
      set -- $rest
      printf '%s\t%s\t%s\t%s\n' "${line%% *}" "${12}" "${13}" "$name"
    done
  }
  thread_ticks >"$dir/threads0"
  t0="$(ticks)"; s0="$(date +%s.%N)"
  sleep "$measure"
  t1="$(ticks)"; s1="$(date +%s.%N)"
  thread_ticks >"$dir/threads1"
  seconds="$(awk -v a="$s0" -v b="$s1" 'BEGIN {print b - a}')"
  threads="$(awk -F'\t' -v hz="$hz" -v s="$seconds" '
    NR == FNR { u[$1] = $2; k[$1] = $3; next }
    { us[$4] += $2 - u[$1]; sy[$4] += $3 - k[$1] }
    END { for (n in us) if (us[n] + sy[n] > 0) printf "%.3f %.3f %s\n", 100 * us[n] / hz / s, 100 * sy[n] / hz / s, n }' \
      "$dir/threads0" "$dir/threads1" \
    | sort -k1,1rn | awk '{ a = $1; b = $2; $1 = ""; $2 = ""; printf "%s%s:%s+%s", (NR > 1 ? ", " : ""), substr($0, 3), a, b }')"
  system="$(awk -F'\t' -v hz="$hz" -v s="$seconds" 'NR == FNR { k[$1] = $3; next } { t += $3 - k[$1] }
    END { printf "%.3f", 100 * t / hz / s }' "$dir/threads0" "$dir/threads1")"
  rss="$(awk '/VmRSS/ {print $2}' "/proc/$jpid/status")"
  hwm="$(awk '/VmHWM/ {print $2}' "/proc/$jpid/status")"
  checks="$(curl -sf "localhost:$port/metrics" | awk '/^pathcheck_checks_total/ {print $2}' || true)"
  cpu="$(awk -v t="$((t1 - t0))" -v hz="$hz" -v a="$s0" -v b="$s1" 'BEGIN {printf "%.3f", 100 * t / hz / (b - a)}')"
  printf '{"kind": "%s", "paths": %s, "interval_s": %s, "cpuPercentOfOneCore": %s, "systemPercentOfOneCore": %s, "threads": "%s", "rssKiB": %s, "hwmKiB": %s, "measuredSeconds": %s, "checksTotal": %s, "javaOpts": "%s", "loadavg": "%s"}\n' \
    "${MODE:-agent}" "$n" "$interval" "$cpu" "$system" "$threads" "$rss" "$hwm" "$measure" "${checks:-0}" "${PATHCHECK_JAVA_OPTS-(the launcher default)}" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  rm -rf "$dir"; dir=""
done
machine_line machine-after | tee -a "$out"
