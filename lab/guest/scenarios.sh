# shellcheck shell=bash
# Scenario helpers for lab guest scripts: real SCSI disks and device-mapper faults in the lab's guest.
# Source it in a script that lab/run runs:   . "${PATHCHECK_LAB_DIR}/guest/scenarios.sh"
#
# Each maker prints the /dev node it made on stdout (and nothing else there); progress and errors go to
# stderr; a failure returns non-zero. Names are free-form words ([A-Za-z0-9_-]).
#
# scsi_debug (one module, one disk per host; its knobs are global to every scsi_debug disk):
#   lab_scsi_debug_load [MS]        load scsi_debug; every disk it makes answers NOT READY 04/01 ("becoming
#                                   ready") to TEST UNIT READY for MS ms after it appears (default 3000)
#   lab_scsi_debug_disk             the first scsi_debug disk, once ready: /dev/sdX
#   lab_scsi_debug_becoming_ready   add a host; its disk is becoming ready for MS ms: /dev/sgN (sd makes the
#                                   /dev/sdX node only once the disk is ready)
#   lab_scsi_debug_add_disk         add a host; its disk once ready (after MS ms): /dev/sdX (to wait less,
#                                   make it early with lab_scsi_debug_becoming_ready, then lab_sd_of)
#   lab_scsi_debug_timeouts on|off  on: every command to every scsi_debug disk is ignored, so it times out
#                                   (DID_TIME_OUT after the caller's SG_IO timeout); off: restores them
#   lab_scsi_debug_remove_host [DEV]  remove the scsi_debug host of DEV (/dev/sdX or /dev/sgN), or the most
#                                   recently added one, with its disk
#   lab_sd_of /dev/sgN              the /dev/sdX of that disk, once sd has made it (up to 60 s)
# LIO (target_core_mod, tcm_loop: a SCSI target in the kernel seen through a loopback initiator):
#   lab_lio_lun NAME [STATE]        a ramdisk LUN on its own tcm_loop host, put in ALUA state STATE once sd
#                                   has attached it: /dev/sdX
#   lab_lio_alua_state NAME STATE   set NAME's ALUA state: 0 active/optimized, 1 active/non-optimized,
#                                   2 standby, 3 unavailable, 15 transitioning (or these words); the next
#                                   command gets UNIT ATTENTION 2a/06 once
#   lab_lio_second_path NAME        another path (initiator, tcm_loop host) to NAME's LUN: /dev/sdY
#   lab_scsi_reserve /dev/sdX       SPC-2 RESERVE(6) through that path: other initiators' TEST UNIT READY
#                                   then gets RESERVATION CONFLICT; lab_scsi_release /dev/sdX releases it
#   lab_lio_unmapped_lun NAME       a LUN 1 seen through an explicit ACL: /dev/sdX
# Scripted SCSI (target_core_user, tcm_loop: a LUN whose answers a script gives, see guest/tcmu-scripted.c):
#   lab_tcmu_lun NAME DIR           a LUN served by tcmu-scripted from the answer files in DIR (changed while
#                                   it runs: each command reads them again): /dev/sdX
#   lab_lio_unmap NAME              remove NAME's mapping from the ACL while its disk stays: commands then get
#                                   ILLEGAL REQUEST 25/00 (LOGICAL UNIT NOT SUPPORTED)
# device mapper (over a dm-zero device of LAB_DM_SECTORS 512-byte sectors, default 8192):
#   lab_dm_delay NAME MS            reads and writes delayed by MS ms: /dev/mapper/NAME
#   lab_dm_flakey NAME UP_S DOWN_S  every I/O fails with EIO for DOWN_S s after each UP_S s (UP_S 0: always
#                                   failing): /dev/mapper/NAME
#   lab_dm_error NAME               every I/O fails with EIO: /dev/mapper/NAME
#   lab_dm_remove NAME [--force]    remove the dm device (deferred while it is open); --force first replaces
#                                   its table with an error target, so I/O of openers fails at once
# helpers:
#   lab_sg_of /dev/sdX              the /dev/sgN of a SCSI disk
#   lab_uptime_ms                   milliseconds since boot

export DM_DISABLE_UDEV=1
LAB_SDEBUG_SYSFS=/sys/bus/pseudo/drivers/scsi_debug
LAB_TARGET=/sys/kernel/config/target

lab_fail() { printf 'lab: error: %s\n' "$*" >&2; return 1; }

lab_uptime_ms() {
  local up
  up="$(cut -d' ' -f1 /proc/uptime)"
  echo $(( ${up%.*} * 1000 + 10#${up#*.} * 10 ))
}

# Waits up to SECONDS (default 30) for a command to succeed, polling every 0.1 s.
lab_wait_for() {
  local seconds="$1"
  shift
  local deadline=$(( $(lab_uptime_ms) + seconds * 1000 ))
  until "$@"; do
    (( $(lab_uptime_ms) < deadline )) || return 1
    sleep 0.1
  done
}

lab_modprobe() {
  local m
  for m in "$@"; do
    modprobe "${m}" || lab_fail "cannot load module ${m}" || return 1
  done
}

# The node name of a SCSI device (given by its sysfs path) in its sysfs subdirectory $2, if there is one:
# block for sd's sdX, scsi_generic for sg's sgN.
lab_scsi_node_now() {
  local n
  for n in "$1/$2"/*; do
    [[ -e "${n}" ]] && { basename "${n}"; return 0; }
  done
  return 1
}

lab_sg_of() {
  local dev="${1#/dev/}"
  local sg
  sg="$(lab_scsi_node_now "/sys/block/${dev}/device" scsi_generic)" || lab_fail "${1} has no sg node" || return 1
  echo "/dev/${sg}"
}

# The SCSI devices (sysfs paths) of one SCSI host.
lab_scsi_devices_of_host() {
  local host="$1" d
  for d in /sys/class/scsi_host/"${host}"/device/target*/[0-9]*:*; do
    [[ -e "${d}" ]] && echo "${d}"
  done
}

# Waits for the /dev node of SCSI device $1 (sysfs path) in its sysfs subdirectory $2 (block or
# scsi_generic, as for lab_scsi_node_now), up to $3 s (default 30).
lab_wait_scsi_node() {
  local sysdev="$1" subdir="$2" timeout="${3:-30}" node
  lab_wait_for "${timeout}" lab_scsi_node_now "${sysdev}" "${subdir}" >/dev/null \
    || lab_fail "no ${subdir} node for ${sysdev} after ${timeout} s" || return 1
  node="$(lab_scsi_node_now "${sysdev}" "${subdir}")" || return 1
  lab_wait_for 5 test -e "/dev/${node}" || lab_fail "/dev/${node} did not appear" || return 1
  echo "/dev/${node}"
}

# --- scsi_debug -----------------------------------------------------------------------------------------

# shellcheck disable=SC2120  # MS is optional
lab_scsi_debug_load() {
  local ms="${1:-3000}"
  [[ -d /sys/module/scsi_debug ]] && return 0
  lab_modprobe sg sd_mod || return 1
  # In the background: sd's probe of a disk that is becoming ready spins until it is ready, and modprobe
  # would wait for it. Its output goes to a log, not to the caller's stdout: a caller reading that to its
  # end (as $(...) does) would wait for modprobe too.
  local log=/tmp/lab-modprobe-scsi_debug.log
  modprobe scsi_debug tur_ms_to_ready="${ms}" dev_size_mb=16 statistics=1 >"${log}" 2>&1 &
  lab_wait_for 30 test -d "${LAB_SDEBUG_SYSFS}" \
    || lab_fail "scsi_debug did not load: $(cat "${log}" 2>/dev/null)" || return 1
  lab_wait_for 30 lab_scsi_debug_first_host >/dev/null || lab_fail "scsi_debug made no host" || return 1
}

lab_scsi_debug_hosts() {
  local h
  for h in /sys/class/scsi_host/host*; do
    [[ "$(cat "${h}/proc_name" 2>/dev/null)" == "scsi_debug" ]] && basename "${h}"
  done | sort -V
}

lab_scsi_debug_first_host() {
  local first
  first="$(lab_scsi_debug_hosts | head -n 1)"
  [[ -n "${first}" ]] && echo "${first}"
}

lab_scsi_debug_disk() {
  lab_scsi_debug_load || return 1
  local host dev
  host="$(lab_scsi_debug_first_host)" || return 1
  lab_wait_for 30 eval 'dev=$(lab_scsi_devices_of_host "${host}" | head -n 1); [[ -n "${dev}" ]]' \
    || lab_fail "scsi_debug ${host} has no disk" || return 1
  lab_wait_scsi_node "${dev}" block 60
}

lab_scsi_debug_becoming_ready() {
  lab_scsi_debug_load || return 1
  local before after host dev
  before="$(lab_scsi_debug_hosts)"
  echo 1 >"${LAB_SDEBUG_SYSFS}/add_host" || lab_fail "scsi_debug add_host failed" || return 1
  after="$(lab_scsi_debug_hosts)"
  host="$(comm -13 <(echo "${before}" | sort) <(echo "${after}" | sort) | head -n 1)"
  [[ -n "${host}" ]] || lab_fail "scsi_debug add_host made no new host" || return 1
  lab_wait_for 10 eval 'dev=$(lab_scsi_devices_of_host "${host}" | head -n 1); [[ -n "${dev}" ]]' \
    || lab_fail "scsi_debug ${host} has no disk" || return 1
  lab_wait_scsi_node "${dev}" scsi_generic 10
}

lab_scsi_debug_add_disk() {
  local sg
  sg="$(lab_scsi_debug_becoming_ready)" || return 1
  lab_sd_of "${sg}"
}

# The /dev/sdX of the SCSI device of /dev/sgN, waiting (up to 60 s) for sd to make it.
lab_sd_of() {
  local sysdev
  sysdev="$(readlink -f "/sys/class/scsi_generic/${1#/dev/}/device")"
  [[ -d "${sysdev}" ]] || lab_fail "$1 is not an sg node" || return 1
  lab_wait_scsi_node "${sysdev}" block 60
}

lab_scsi_debug_timeouts() {
  case "$1" in
    on)
      { echo 1 >"${LAB_SDEBUG_SYSFS}/statistics" \
          && echo 4 >"${LAB_SDEBUG_SYSFS}/opts" \
          && echo 1 >"${LAB_SDEBUG_SYSFS}/every_nth"; } \
        || lab_fail "cannot make scsi_debug ignore commands (is it loaded?)" ;;  # opts 4: SDEBUG_OPT_TIMEOUT
    off)
      { echo 0 >"${LAB_SDEBUG_SYSFS}/every_nth" && echo 0 >"${LAB_SDEBUG_SYSFS}/opts"; } \
        || lab_fail "cannot restore scsi_debug's commands (is it loaded?)" ;;
    *) lab_fail "lab_scsi_debug_timeouts on|off, not '$1'" ;;
  esac
}

lab_scsi_debug_remove_host() {
  if [[ $# -eq 0 ]]; then
    echo -1 >"${LAB_SDEBUG_SYSFS}/add_host" || lab_fail "cannot remove a scsi_debug host"
    return
  fi
  # The host of that disk: unbind its pseudo adapter from scsi_debug, which removes the SCSI host.
  local node="${1#/dev/}" sysdev adapter
  if [[ -e "/sys/class/scsi_generic/${node}" ]]; then
    sysdev="$(readlink -f "/sys/class/scsi_generic/${node}/device")"
  else
    sysdev="$(readlink -f "/sys/block/${node}/device")"
  fi
  adapter="$(grep -o 'adapter[0-9]*' <<<"${sysdev}" | head -n 1)"
  [[ -n "${adapter}" ]] || lab_fail "$1 is not a scsi_debug disk" || return 1
  echo "${adapter}" >"${LAB_SDEBUG_SYSFS}/unbind" || lab_fail "cannot remove ${adapter} (host of $1)"
}

# --- LIO ------------------------------------------------------------------------------------------------

lab_lio_load() {
  [[ -d "${LAB_TARGET}/loopback" ]] && return 0
  lab_modprobe sg sd_mod target_core_mod tcm_loop || return 1
  mountpoint -q /sys/kernel/config || mount -t configfs configfs /sys/kernel/config || return 1
  mkdir -p "${LAB_TARGET}/loopback" 2>/dev/null
  [[ -d "${LAB_TARGET}/loopback" ]] || lab_fail "tcm_loop is not in configfs" || return 1
}

lab_alua_code() {
  case "$1" in
    0|active|active/optimized) echo 0 ;;
    1|active/non-optimized|non-optimized) echo 1 ;;
    2|standby) echo 2 ;;
    3|unavailable) echo 3 ;;
    15|transitioning) echo 15 ;;
    *) lab_fail "unknown ALUA state '$1'" ;;
  esac
}

# A per-name WWN for tcm_loop (naa.5001405 + 9 hex digits from the name).
lab_lio_wwn() {
  printf 'naa.5001405%s' "$(printf '%s' "$1" | sha1sum | cut -c1-9)"
}

lab_lio_backstore() {
  local bs="${LAB_TARGET}/core/rd_mcp_0/$1"
  if [[ ! -d "${bs}" ]]; then
    mkdir -p "${bs}" || return 1
    echo "rd_pages=2048" >"${bs}/control" || return 1      # 8 MiB
    echo 1 >"${bs}/enable" || return 1
  fi
  echo "${bs}"
}

lab_tcm_loop_hosts() {
  local h
  for h in /sys/class/scsi_host/host*; do
    [[ "$(cat "${h}/proc_name" 2>/dev/null)" == "tcm_loopback" ]] && basename "${h}"
  done | sort
}

# Makes the tcm_loop target port WWN $1 (tcm_loop gives each one a SCSI host of its own) and prints its
# TPG's configfs path; LAB_LIO_HOST is set to the SCSI host.
lab_lio_target() {
  local wwn="$1" before after
  before="$(lab_tcm_loop_hosts)"
  mkdir -p "${LAB_TARGET}/loopback/${wwn}/tpgt_1" || lab_fail "cannot make tcm_loop target ${wwn}" || return 1
  after="$(lab_tcm_loop_hosts)"
  LAB_LIO_HOST="$(comm -13 <(echo "${before}") <(echo "${after}") | head -n 1)"
  [[ -n "${LAB_LIO_HOST}" ]] || lab_fail "tcm_loop made no SCSI host for ${wwn}" || return 1
}

# A path to backstore $2 (configfs path) of LUN NAME $1 through a new tcm_loop target port WWN $3: its LUN 0
# is the backstore, with a nexus (an initiator, and a SCSI host of its own). Prints the path's /dev/sdX.
lab_lio_path() {
  local name="$1" bs="$2" wwn="$3" tpg
  lab_lio_target "${wwn}" || return 1
  tpg="${LAB_TARGET}/loopback/${wwn}/tpgt_1"
  mkdir -p "${tpg}/lun/lun_0" || return 1
  echo "${wwn}" >"${tpg}/nexus" || lab_fail "cannot make the tcm_loop nexus ${wwn} for ${name}" || return 1
  ln -s "${bs}" "${tpg}/lun/lun_0/${name}" || lab_fail "cannot map ${name} to LUN 0 of ${wwn}" || return 1
  lab_lio_disk "${LAB_LIO_HOST}" 0
}

# The /dev/sdX of LUN $2 on SCSI host $1 (tcm_loop puts every LUN at target id 1, the TPG tag).
lab_lio_disk() {
  local host="$1" lun="$2" dev
  lab_wait_for 10 eval 'dev=$(ls -d /sys/class/scsi_host/${host}/device/target*/*:0:1:${lun} 2>/dev/null | head -n 1); [[ -n "${dev}" ]]' \
    || lab_fail "no SCSI device at ${host} LUN ${lun}" || return 1
  lab_wait_scsi_node "${dev}" block 30
}

lab_lio_lun() {
  local name="$1" state
  state="$(lab_alua_code "${2:-0}")" || return 1
  lab_lio_load || return 1
  local bs disk
  bs="$(lab_lio_backstore "${name}")" || lab_fail "cannot make the LIO backstore ${name}" || return 1
  disk="$(lab_lio_path "${name}" "${bs}" "$(lab_lio_wwn "${name}")")" || return 1
  # Only now: sd's probe would spin for 100 s on a transitioning LUN.
  if [[ "${state}" != 0 ]]; then
    lab_lio_alua_state "${name}" "${state}" || return 1
  fi
  echo "${disk}"
}

lab_lio_second_path() {
  local name="$1" bs
  bs="${LAB_TARGET}/core/rd_mcp_0/${name}"
  [[ -d "${bs}" ]] || lab_fail "no LIO LUN ${name}" || return 1
  lab_lio_path "${name}" "${bs}" "$(lab_lio_wwn "${name}-path2")"
}

# SPC-2 RESERVE(6) / RELEASE(6) through /dev/sdX: the other initiators' commands but INQUIRY, REPORT LUNS and
# RELEASE then get RESERVATION CONFLICT.
lab_scsi_reserve() { sg_raw -b "$1" 16 00 00 00 00 00 >/dev/null 2>&1 || lab_fail "RESERVE(6) on $1 failed"; }
lab_scsi_release() { sg_raw -b "$1" 17 00 00 00 00 00 >/dev/null 2>&1 || lab_fail "RELEASE(6) on $1 failed"; }

lab_lio_alua_state() {
  local name="$1" state
  state="$(lab_alua_code "$2")" || return 1
  local f="${LAB_TARGET}/core/rd_mcp_0/${name}/alua/default_tg_pt_gp/alua_access_state"
  [[ -e "${f}" ]] || lab_fail "no LIO LUN ${name}" || return 1
  echo "${state}" >"${f}" || lab_fail "cannot set ${name}'s ALUA state to ${state}"
}

lab_lio_unmapped_lun() {
  local name="$1"
  lab_lio_load || return 1
  local bs port wwn tpg ini
  bs="$(lab_lio_backstore "${name}")" || lab_fail "cannot make the LIO backstore ${name}" || return 1
  port="$(lab_lio_backstore "${name}-port")" || lab_fail "cannot make the LIO backstore ${name}-port" || return 1
  wwn="$(lab_lio_wwn "${name}")"
  ini="$(lab_lio_wwn "${name}-initiator")"
  lab_lio_target "${wwn}" || return 1
  tpg="${LAB_TARGET}/loopback/${wwn}/tpgt_1"
  # tcm_loop makes a Linux disk for LUN L when the TPG's LUN L is linked, and removes it when that link goes;
  # what the initiator sees at L is what its ACL maps there. So: an explicit ACL (made before the nexus, so
  # the session uses it) maps the initiator's LUN 1 to the TPG's LUN 9 (NAME's backstore); then the TPG's
  # LUN 1 is linked, which makes the disk (it answers as LUN 9). Removing the ACL's mapping (lab_lio_unmap)
  # leaves the disk with no LUN behind it.
  mkdir -p "${tpg}/lun/lun_9" "${tpg}/lun/lun_1" "${tpg}/acls/${ini}/lun_1" \
    || lab_fail "cannot make the ACL for ${name}" || return 1
  ln -s "${bs}" "${tpg}/lun/lun_9/${name}" || lab_fail "cannot make ${name}'s LUN 9" || return 1
  ln -s "${tpg}/lun/lun_9" "${tpg}/acls/${ini}/lun_1/mapped" || lab_fail "cannot map LUN 1 in the ACL" || return 1
  echo "${ini}" >"${tpg}/nexus" || lab_fail "cannot make the tcm_loop nexus for ${name}" || return 1
  ln -s "${port}" "${tpg}/lun/lun_1/${name}-port" || lab_fail "cannot make ${name}'s LUN 1" || return 1
  lab_lio_disk "${LAB_LIO_HOST}" 1
}

lab_lio_unmap() {
  local name="$1" wwn ini
  wwn="$(lab_lio_wwn "${name}")"
  ini="$(lab_lio_wwn "${name}-initiator")"
  rm "${LAB_TARGET}/loopback/${wwn}/tpgt_1/acls/${ini}/lun_1/mapped" || lab_fail "cannot unmap ${name}'s LUN 1"
}

# --- device mapper ----------------------------------------------------------------------------------------

LAB_DM_SECTORS="${LAB_DM_SECTORS:-8192}"

lab_dm_load() {
  lab_modprobe dm-mod dm-zero dm-delay dm-flakey || return 1
  if [[ ! -e /dev/mapper/lab-zero ]]; then
    dmsetup create lab-zero --table "0 ${LAB_DM_SECTORS} zero" || lab_fail "cannot make dm-zero" || return 1
  fi
}

lab_dm_create() {
  local name="$1" table="$2"
  lab_dm_load || return 1
  dmsetup create "${name}" --table "${table}" || lab_fail "dmsetup create ${name} '${table}' failed" || return 1
  lab_wait_for 5 test -b "/dev/mapper/${name}" || lab_fail "/dev/mapper/${name} did not appear" || return 1
  echo "/dev/mapper/${name}"
}

lab_dm_delay() {
  lab_dm_create "$1" "0 ${LAB_DM_SECTORS} delay /dev/mapper/lab-zero 0 $2"
}

lab_dm_flakey() {
  lab_dm_create "$1" "0 ${LAB_DM_SECTORS} flakey /dev/mapper/lab-zero 0 $2 $3"
}

lab_dm_error() {
  lab_dm_create "$1" "0 ${LAB_DM_SECTORS} error"
}

lab_dm_remove() {
  dmsetup info "$1" >/dev/null 2>&1 || lab_fail "no dm device $1 to remove" || return 1
  if [[ "${2:-}" == "--force" ]]; then
    dmsetup remove --force "$1" 2>/dev/null
    # Still open: --force replaced the table with an error target; remove the node when the last opener
    # closes.
    [[ -e "/dev/mapper/$1" ]] && { dmsetup remove --deferred "$1" || lab_fail "dmsetup remove $1 failed"; }
    return 0
  fi
  dmsetup remove --deferred "$1" || lab_fail "dmsetup remove $1 failed"
}

# --- Scripted SCSI: target_core_user ---------------------------------------------------------------------

# Builds guest/tcmu-scripted.c once per boot and prints the binary's path.
lab_tcmu_handler() {
  local bin=/run/pathcheck-lab/tcmu-scripted
  if [[ ! -x "${bin}" ]]; then
    mkdir -p /run/pathcheck-lab
    gcc -O2 -o "${bin}" "${PATHCHECK_LAB_DIR}/guest/tcmu-scripted.c" >&2 \
      || lab_fail "cannot build tcmu-scripted (needs gcc and linux/target_core_user.h)" || return 1
  fi
  echo "${bin}"
}

lab_tcmu_lun() {
  local name="$1" script="$2" handler bs uio
  [[ -d "${script}" ]] || lab_fail "no answer directory ${script}" || return 1
  lab_lio_load || return 1
  lab_modprobe uio target_core_user || return 1
  handler="$(lab_tcmu_handler)" || return 1
  bs="${LAB_TARGET}/core/user_1/${name}"
  mkdir -p "${bs}" || lab_fail "cannot make the TCMU backstore ${name}" || return 1
  # No tcmu-runner listens on netlink: the kernel must not wait for its replies.
  echo "nl_reply_supported=-1" >"${bs}/control" 2>/dev/null || true
  echo "dev_size=8388608" >"${bs}/control" || lab_fail "cannot size ${name}" || return 1
  echo "dev_config=pathcheck/${name}" >"${bs}/control" || lab_fail "cannot configure ${name}" || return 1
  echo 1 >"${bs}/enable" || lab_fail "cannot enable the TCMU backstore ${name}" || return 1
  lab_wait_for 10 eval 'uio=$(grep -l "/${name}/pathcheck/${name}\$" /sys/class/uio/uio*/name 2>/dev/null | head -n 1); [[ -n "${uio}" ]]' \
    || lab_fail "no uio device for ${name}" || return 1
  uio="$(basename "$(dirname "${uio}")")"
  [[ -e "/dev/${uio}" ]] || mknod "/dev/${uio}" c "$(cut -d: -f1 "/sys/class/uio/${uio}/dev")" \
    "$(cut -d: -f2 "/sys/class/uio/${uio}/dev")" || return 1
  "${handler}" "/dev/${uio}" "${script}" </dev/null >&2 &
  lab_lio_path "${name}" "${bs}" "$(lab_lio_wwn "${name}")"
}
