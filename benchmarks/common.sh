# Shared by the benchmark scripts: paths, the machine line, and a scratch device (a loop device as root).
# shellcheck shell=bash

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/benchmarks"
results="$bench/results"
mkdir -p "$results" "$bench/target"

# Prints one JSON line describing the machine and its load now; KIND (default machine) names the line, as
# machine-after at the end of a run.
machine_line() {
  local kind="${1:-machine}" java_version
  java_version="$(java -version 2>&1 | head -1 | sed 's/"/\\"/g')"
  printf '{"kind": "%s", "date": "%s", "kernel": "%s", "cpus": %s, "cpuModel": "%s", "java": "%s", "loadavg": "%s"}\n' \
    "$kind" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(uname -r)" "$(nproc)" \
    "$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')" "$java_version" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
}

# Prints the number under KEY in the one-line JSON object LINE: json_number microsPerCheck "$line".
json_number() {
  grep -o "\"$1\": [0-9.]*" <<<"$2" | cut -d' ' -f2
}

# Prints the one-line JSON object LINE with the fields FIELDS (JSON text, no braces) put first:
# tagged '"kind": "check", "run": 1' "$line".
tagged() {
  echo "{$1, ${2#\{}"
}

scratch_dir=""
loop_device=""
loop_fd=""

# Sets $device: the given one, else a loop device over a scratch file (root), else the scratch file.
# The scratch file lives in /var/tmp (a disk file system: O_DIRECT needs one; tmpfs has none).
setup_device() {
  local given="$1"
  if [[ -n "$given" ]]; then
    device="$given"
    return
  fi
  scratch_dir="$(mktemp -d /var/tmp/pathcheck-bench-XXXXXX)"
  dd if=/dev/urandom of="$scratch_dir/disk.img" bs=1M count=16 status=none
  device="$scratch_dir/disk.img"
  if [[ "$(id -u)" == 0 ]] && loop_device="$(losetup --find --show "$device" 2>/dev/null)"; then
    # Hold the device open and mark it autoclear (losetup -d on an open device only sets the flag): the kernel
    # detaches it with the last descriptor, also when this script is killed.
    exec {loop_fd}<"$loop_device"
    losetup -d "$loop_device"
    device="$loop_device"
  else
    echo "benchmarks: not root (or no loop device): measuring on the file $device" >&2
  fi
}

cleanup_device() {
  if [[ -n "$loop_fd" ]]; then
    exec {loop_fd}<&- # the last descriptor: the kernel detaches $loop_device
    loop_fd=""
    loop_device=""
  fi
  if [[ -n "$scratch_dir" ]]; then
    rm -rf "$scratch_dir"
    scratch_dir=""
  fi
}
