#!/usr/bin/env bash
# What the framework costs a directio check: `bench check` of this tree, of a commit before the SPI 1.0
# framework (default f62f44d, whose bench called directio's checkers directly), and the C floor, alternating
# on one loop device, in one run, so the machine's state is the same for all three.
# Usage: benchmarks/run-framework-vs-before.sh [--base COMMIT] [--runs 5]
# Writes benchmarks/results/framework-vs-before.jsonl: one line per measurement.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

base=f62f44d runs=5
while [[ $# -gt 0 ]]; do
  case "$1" in
    --base) base="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "usage: $0 [--base COMMIT] [--runs N]" >&2; exit 2 ;;
  esac
done

before="$(mktemp -d /var/tmp/pathcheck-before-XXXXXX)"
cleanup_before() { git -C "$root" worktree remove --force "$before" >/dev/null 2>&1 || rm -rf "$before"; cleanup_device; }
trap cleanup_before EXIT
trap 'exit 130' INT TERM
git -C "$root" worktree add --detach -f "$before" "$base" >/dev/null
(cd "$before" && ./mvnw -B -q -DskipTests -Dmaven.javadoc.skip=true -pl examples/cli -am package) >&2
"$bench/pathcheck-bench" --version >/dev/null # builds this tree's harness now, not inside a measurement
gcc -O2 -Wall -Wextra -o "$bench/target/aio-floor" "$bench/c/aio_floor.c"
setup_device ""

bench_of() { # tree mode n rounds: this tree's pathcheck-bench, or the before tree's CLI, which had the bench
  local args=(check --checker directio --paths "$3" --mode "$2" --rounds "$4" --wait-micros 1000 --wait await
    --device "$device" --json)
  if [[ "$1" == "$root" ]]; then
    "$bench/pathcheck-bench" "${args[@]}"
  else
    (cd "$1" && java -cp "examples/cli/target/pathcheck-cli.jar:examples/cli/target/lib/*" \
      io.github.pathcheck.examples.cli.PathcheckCommand bench "${args[@]}")
  fi
}

out="$results/framework-vs-before.jsonl"
machine_line >"$out"
echo "benchmarks: device $device, base $base, $runs runs; load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for run in $(seq 1 "$runs"); do
  for n in 1000 10000; do
    r=$(( (100000 + n - 1) / n > 5 ? (100000 + n - 1) / n : 5 ))
    for mode in sync async; do
      before_line="$(bench_of "$before" "$mode" "$n" "$r")"
      now_line="$(bench_of "$root" "$mode" "$n" "$r")"
      w="$(json_number warmupRounds "$now_line")"
      c_line="$("$bench/target/aio-floor" --device "$device" --paths "$n" --mode "$mode" --rounds "$r" --warmup "$w")"
      tagged "\"kind\": \"check\", \"impl\": \"before\", \"run\": $run" "$before_line" >>"$out"
      tagged "\"kind\": \"check\", \"impl\": \"java\", \"run\": $run" "$now_line" >>"$out"
      tagged "\"kind\": \"check\", \"impl\": \"c\", \"run\": $run" "$c_line" >>"$out"
      echo "run $run  paths $n  $mode  before $(json_number microsPerCheck "$before_line") us" \
        " now $(json_number microsPerCheck "$now_line") us  c $(json_number microsPerCheck "$c_line") us" >&2
    done
  done
done
machine_line machine-after >>"$out"
echo "benchmarks: wrote $out" >&2
