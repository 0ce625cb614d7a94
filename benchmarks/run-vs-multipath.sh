#!/usr/bin/env bash
# pathcheck's directio against multipath-tools' own (libcheckdirectio.so from Debian's multipath-tools package,
# loaded by benchmarks/c/mpath_directio.c as multipathd loads a checker), beside the C floor
# (benchmarks/c/aio_floor.c), side by side in one run on the same device. Each run, one after the other:
#   lifecycle  N checkers: cold init, the first round (one sync check each), free, unload, resident memory;
#              `pathcheck-bench lifecycle` (a fresh JVM) against `mpath-directio --mode lifecycle`; then the
#              same JVM started from a class-data archive of a shorter lifecycle run (2,000 checkers, made
#              once before the runs; ./pathcheck's own archive is a static one of the one-shot commands),
#              recorded as kind lifecycle-archived
#   first      the first async round over N checkers, in a fresh process: start every check, then passes over
#              the pending ones 1 ms apart (as multipathd waits); `bench check --rounds 1 --warmup 0 --wait
#              sleep` against `mpath-directio --mode check --async --rounds 1 --warmup 0`
#   check      per check, sync and async, at M paths, warm: bench check (its own warm-up, PathMonitor's wait)
#              against mpath-directio (as many warm-up rounds, the 1 ms sleep) and the C floor
#   startup    one whole command checking one path, wall time, median of K launches each, interleaved:
#              a Hello-world JVM, `./pathcheck check --checker directio DEVICE`, `mpath-directio --mode once`
#              (load, init, check, free, unload); and ./pathcheck list, --help, --version; and the smallest
#              one-shot read in C through aio and through io_uring (benchmarks/c/read_once.c: set-up, one
#              O_DIRECT read, teardown), what each interface's teardown costs a one-shot check (io_uring's
#              figure is left out, as -1, where the kernel refuses io_uring); and when `check` printed its
#              answer (its first line on standard output, before its teardown), what a terminal waits for
# Writes benchmarks/results/vs-multipath.jsonl (one JSON line per measurement, after a machine line), then
# prints the medians over the runs of each figure and of each run's ratio to the peer.
#
# Installs what it needs: multipath-tools (apt-get, as root) and gcc must be there or installable.
# Usage: benchmarks/run-vs-multipath.sh [--device PATH] [--paths 10000] [--check-paths 1000] [--runs 5]
#        [--launches 11]
# Default device: as root a loop device over a 16 MiB scratch file in /var/tmp (detached afterwards), else the
# file itself.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

given_device="" paths=10000 check_paths=1000 runs=5 launches=11
while [[ $# -gt 0 ]]; do
  case "$1" in
    --device) given_device="$2"; shift 2 ;;
    --paths) paths="$2"; shift 2 ;;
    --check-paths) check_paths="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --launches) launches="$2"; shift 2 ;;
    *) echo "usage: $0 [--device PATH] [--paths N] [--check-paths M] [--runs K] [--launches L]" >&2; exit 2 ;;
  esac
done

library=/lib/multipath/libcheckdirectio.so
if [[ ! -f "$library" ]]; then
  if [[ "$(id -u)" != 0 ]]; then
    echo "benchmarks: $library is missing; install Debian's multipath-tools package (as root: apt-get install" \
      "multipath-tools) and run again" >&2
    exit 1
  fi
  echo "benchmarks: installing multipath-tools for $library" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q multipath-tools >&2 ||
    { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q multipath-tools >&2; }
fi
peer_version="$(dpkg-query -W -f '${Version}' multipath-tools 2>/dev/null || echo unknown)"

gcc -O2 -Wall -Wextra -o "$bench/target/aio-floor" "$bench/c/aio_floor.c"
gcc -O2 -Wall -Wextra -o "$bench/target/mpath-directio" "$bench/c/mpath_directio.c" -ldl
gcc -O2 -Wall -Wextra -o "$bench/target/read-once" "$bench/c/read_once.c"
mkdir -p "$bench/target/hello"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' \
  >"$bench/target/hello/Hello.java"
javac -d "$bench/target/hello" "$bench/target/hello/Hello.java"

trap cleanup_device EXIT
trap 'exit 130' INT TERM
setup_device "$given_device"
"$root/pathcheck" --version >/dev/null # builds the CLI (and its class-data archive) now, not in a measurement
"$bench/pathcheck-bench" --version >/dev/null # and the harness
peer="$bench/target/mpath-directio"
read_once="$bench/target/read-once"
uring_works=true
uring_status=0
"$read_once" --engine io_uring --device "$device" >/dev/null 2>&1 || uring_status=$?
if [[ $uring_status == 3 ]]; then
  uring_works=false
  echo "benchmarks: io_uring is refused here, or cannot wait with a timeout (before Linux 5.11;" \
    "kernel.io_uring_disabled; a seccomp filter): its one-shot figure is left out" >&2
elif [[ $uring_status != 0 ]]; then
  echo "benchmarks: read-once --engine io_uring failed on $device (exit $uring_status)" >&2
  exit 1
fi

# The class-data archive a host would start from: a dynamic one, dumped at the exit of a lifecycle run
lifecycle_archive="$bench/target/lifecycle.jsa"
rm -f "$lifecycle_archive"
PATHCHECK_JAVA_OPTS="-XX:ArchiveClassesAtExit=$lifecycle_archive -Xlog:cds=off -Xlog:cds+dynamic=off" \
  "$bench/pathcheck-bench" lifecycle --checker directio --paths 2000 --device "$device" --json >/dev/null

out="$results/vs-multipath.jsonl"
{ machine_line | sed "s/}\$/, \"multipathTools\": \"$peer_version\"}/"; } >"$out"
echo "benchmarks: device $device, $paths and $check_paths paths, $runs runs; multipath-tools $peer_version;" \
  "load $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# Prints the median wall time, in ms, of L launches of the command; its output is discarded.
launch_ms() {
  local times=() i start end
  for ((i = 0; i < launches; i++)); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(((end - start) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f", t[int((NR + 1) / 2)] / 1000 }'
}

# Prints the median time, in ms, from the start of each of L launches of the command to its first line on
# standard output, or to the end of its output if it prints none (what someone at a terminal waits for; the
# command may go on tearing down after it). The same clock as launch_ms, date, for the same overhead.
first_line_ms() {
  local times=() i start end
  for ((i = 0; i < launches; i++)); do
    start=$(date +%s%N)
    end="$("$@" 2>/dev/null | { IFS= read -r _ || true; date +%s%N; cat >/dev/null; })"
    times+=($(((end - start) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f", t[int((NR + 1) / 2)] / 1000 }'
}

record() { # KIND IMPL RUN LINE
  tagged "\"kind\": \"$1\", \"impl\": \"$2\", \"run\": $3" "$4" >>"$out"
}

for run in $(seq 1 "$runs"); do
  java_line="$(PATHCHECK_JAVA_OPTS="-Xms256m -Xmx256m -XX:+AlwaysPreTouch" \
    "$bench/pathcheck-bench" lifecycle --checker directio --paths "$paths" --device "$device" --json)"
  c_line="$("$peer" --device "$device" --mode lifecycle --paths "$paths")"
  record lifecycle java "$run" "$java_line"
  record lifecycle multipath "$run" "$c_line"
  echo "run $run  lifecycle  init java $(json_number initMillis "$java_line") mpath $(json_number initMillis "$c_line") ms" \
    " free java $(json_number freeMillis "$java_line") mpath $(json_number freeMillis "$c_line") ms" >&2
  java_line="$(PATHCHECK_JAVA_OPTS="-Xms256m -Xmx256m -XX:+AlwaysPreTouch -Xshare:on -XX:SharedArchiveFile=$lifecycle_archive" \
    "$bench/pathcheck-bench" lifecycle --checker directio --paths "$paths" --device "$device" --json)"
  record lifecycle-archived java "$run" "$java_line"
  record lifecycle-archived multipath "$run" "$c_line"
  echo "run $run  lifecycle from an archive  init java $(json_number initMillis "$java_line")" \
    " free java $(json_number freeMillis "$java_line") ms" >&2

  java_line="$("$bench/pathcheck-bench" check --checker directio --paths "$paths" --mode async --rounds 1 \
    --warmup 0 --wait sleep --wait-micros 1000 --device "$device" --json)"
  c_line="$("$peer" --device "$device" --mode check --async --paths "$paths" --rounds 1 --warmup 0 --wait-micros 1000)"
  record first java "$run" "$java_line"
  record first multipath "$run" "$c_line"
  echo "run $run  first async round  java $(json_number microsPerCheck "$java_line")" \
    " mpath $(json_number microsPerCheck "$c_line") us a check" >&2

  r=$(((100000 + check_paths - 1) / check_paths > 5 ? (100000 + check_paths - 1) / check_paths : 5))
  for mode in sync async; do
    java_line="$("$bench/pathcheck-bench" check --checker directio --paths "$check_paths" --mode "$mode" \
      --rounds "$r" --device "$device" --json)"
    w="$(json_number warmupRounds "$java_line")"
    c_line="$("$peer" --device "$device" --mode check "--$mode" --paths "$check_paths" --rounds "$r" --warmup "$w")"
    floor_line="$("$bench/target/aio-floor" --device "$device" --paths "$check_paths" --mode "$mode" \
      --rounds "$r" --warmup "$w")"
    record "check-$mode" java "$run" "$java_line"
    record "check-$mode" multipath "$run" "$c_line"
    record "check-$mode" floor "$run" "$floor_line"
    echo "run $run  $mode  java $(json_number microsPerCheck "$java_line") mpath $(json_number microsPerCheck "$c_line")" \
      " floor $(json_number microsPerCheck "$floor_line") us a check" >&2
  done

  hello="$(launch_ms java -cp "$bench/target/hello" Hello)"
  check="$(launch_ms "$root/pathcheck" check --checker directio "$device")"
  answer="$(first_line_ms "$root/pathcheck" check --checker directio "$device")"
  once="$(launch_ms "$peer" --device "$device" --mode once)"
  list="$(launch_ms "$root/pathcheck" list)"
  help="$(launch_ms "$root/pathcheck" --help)"
  version="$(launch_ms "$root/pathcheck" --version)"
  aio_once="$(launch_ms "$read_once" --engine aio --device "$device")"
  uring_once=-1
  if $uring_works; then uring_once="$(launch_ms "$read_once" --engine io_uring --device "$device")"; fi
  record startup all "$run" "{\"launches\": $launches, \"helloMillis\": $hello, \"checkMillis\": $check, \"mpathOnceMillis\": $once, \"listMillis\": $list, \"helpMillis\": $help, \"versionMillis\": $version, \"aioOnceMillis\": $aio_once, \"uringOnceMillis\": $uring_once, \"checkAnswerMillis\": $answer}"
  echo "run $run  start-up ms  hello $hello  check $check (its answer at $answer)  mpath once $once  list $list  --help $help  --version $version" \
    " read once: aio $aio_once io_uring $uring_once" >&2
done
machine_line machine-after >>"$out"
echo "benchmarks: wrote $out" >&2

# Medians over the runs: each figure, and each run's ratio (pathcheck / peer), from the results file.
summary() { # KIND FIELD: medians of FIELD for each side, and of each run's ratios
  local kind="$1" field="$2"
  awk -v kind="$kind" -v field="$field" '
    function num(line, key,   m) { if (match(line, "\"" key "\": [0-9.]+")) { m = substr(line, RSTART, RLENGTH); sub(/.*: /, "", m); return m + 0 } return -1 }
    function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t } return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    index($0, "\"kind\": \"" kind "\"") {
      run = num($0, "run")
      if (index($0, "\"impl\": \"java\"")) j[run] = num($0, field)
      else if (index($0, "\"impl\": \"multipath\"")) c[run] = num($0, field)
      else if (index($0, "\"impl\": \"floor\"")) f[run] = num($0, field)
    }
    END {
      for (r in j) if (r in c && c[r] > 0) {
        n++; jv[n] = j[r]; cv[n] = c[r]; rv[n] = j[r] / c[r]
        if (r in f && f[r] > 0) { m++; fv[m] = f[r]; jf[m] = j[r] / f[r]; cf[m] = c[r] / f[r] }
      }
      if (n) printf "%-14s %-20s pathcheck %10.3f  multipath %10.3f  pathcheck/multipath %.2fx", kind, field, median(jv, n), median(cv, n), median(rv, n)
      if (m) printf "  floor %.3f  pathcheck/floor %.2fx  multipath/floor %.2fx", median(fv, m), median(jf, m), median(cf, m)
      if (n) printf "  (%d runs)\n", n
    }' "$out"
}
startup_summary() {
  awk '
    function num(line, key,   m) { if (match(line, "\"" key "\": [0-9.]+")) { m = substr(line, RSTART, RLENGTH); sub(/.*: /, "", m); return m + 0 } return -1 }
    function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t } return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    index($0, "\"kind\": \"startup\"") {
      n++; h = num($0, "helloMillis"); hello[n] = h; once[n] = num($0, "mpathOnceMillis")
      check[n] = num($0, "checkMillis") / h; list[n] = num($0, "listMillis") / h
      help[n] = num($0, "helpMillis") / h; version[n] = num($0, "versionMillis") / h
      vsPeer[n] = num($0, "checkMillis") / num($0, "mpathOnceMillis")
      a = num($0, "aioOnceMillis"); if (a >= 0) { na++; aio[na] = a }
      q = num($0, "checkAnswerMillis"); if (q >= 0) { nq++; answer[nq] = q / h }
      u = num($0, "uringOnceMillis"); if (u >= 0) { nu++; uring[nu] = u }
    }
    END {
      if (!n) exit
      printf "startup        hello %.1f ms, mpath once %.1f ms; against hello: check %.2fx, list %.2fx, --help %.2fx, --version %.2fx; check against mpath once %.2fx (%d runs)\n", median(hello, n), median(once, n), median(check, n), median(list, n), median(help, n), median(version, n), median(vsPeer, n), n
      if (na) printf "startup        one read, C: aio %.1f ms", median(aio, na)
      if (na && nu) printf ", io_uring %.1f ms", median(uring, nu)
      if (na) printf " (%d runs)\n", na
      if (nq) printf "startup        check printed its answer at %.2fx hello, before its teardown (%d runs)\n", median(answer, nq), nq
    }' "$out"
}
{
  summary lifecycle initMillis
  summary lifecycle checkMillis
  summary lifecycle freeMillis
  summary lifecycle unloadMillis
  summary lifecycle rssBytesPerChecker
  summary lifecycle-archived initMillis
  summary lifecycle-archived freeMillis
  summary lifecycle-archived unloadMillis
  summary first microsPerCheck
  summary first cpuMicrosPerCheck
  summary check-sync microsPerCheck
  summary check-sync cpuMicrosPerCheck
  summary check-async microsPerCheck
  summary check-async cpuMicrosPerCheck
  startup_summary
} | tee "$results/vs-multipath-summary.txt"
