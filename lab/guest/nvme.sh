# shellcheck shell=bash
# NVMe helpers for lab guest scripts: a real NVMe over TCP target (nvmet) on the guest's loopback interface,
# connected by the kernel's own NVMe host, so that each port is one controller, one path, of native NVMe
# multipath. Source it after scenarios.sh (it uses lab_modprobe, lab_wait_for, lab_fail and lab_dm_*):
#   . "${PATHCHECK_LAB_DIR}/guest/scenarios.sh"; . "${PATHCHECK_LAB_DIR}/guest/nvme.sh"
#
# Each maker prints what it made on stdout (and nothing else there); errors go to stderr; a failure returns
# non-zero. Debian's 6.1 kernel has no nvme-loop, hence TCP; nothing but the kernel is needed (no nvme-cli: the
# connect options are written to /dev/nvme-fabrics).
#
# target (configfs, /sys/kernel/config/nvmet):
#   lab_nvme_load                    lo up; nvmet, nvmet-tcp, nvme-tcp loaded, configfs mounted; native
#                                    multipath checked on
#   lab_nvmet_subsystem NQN          a subsystem any host may connect to: its configfs directory
#   lab_nvmet_namespace NQN NSID DEV namespace NSID backed by block device DEV, enabled (ANA group 1)
#   lab_nvmet_namespace_enable NQN NSID 0|1   disable (the hosts remove it) or enable a namespace again
#   lab_nvmet_port PORT SERVICE      TCP port id PORT listening on 127.0.0.1:SERVICE once a subsystem is linked
#   lab_nvmet_link NQN PORT          serve the subsystem on the port; lab_nvmet_unlink NQN PORT stops that
#                                    (the hosts' controllers through that port lose their connection)
#   lab_nvmet_ana_state PORT STATE [GROUP]  ANA group GROUP (default 1) of PORT to optimized, non-optimized,
#                                    inaccessible, persistent-loss or change; the host gets an ANA change event
# host (the kernel's NVMe/TCP initiator):
#   lab_nvme_connect NQN SERVICE     connect to the subsystem at 127.0.0.1:SERVICE (reconnect every second
#                                    while it fails): the controller's /dev/nvmeN, once live
#   lab_nvme_ctrl_state /dev/nvmeN   the controller's state (live, resetting, connecting, deleting, ...)
#   lab_nvme_wait_state /dev/nvmeN STATE [SECONDS]   until the controller is in STATE (default 30 s)
#   lab_nvme_path_ana /dev/nvmeN NSID   the kernel's ana_state of namespace NSID through that controller
#   lab_nvme_wait_ana /dev/nvmeN NSID STATE [SECONDS]  until it is STATE
#   lab_nvme_reset /dev/nvmeN        reset the controller (it reconnects); lab_nvme_delete /dev/nvmeN deletes it
#   lab_nvme_head NQN NSID           the multipath head's block device of the namespace: /dev/nvmeXnY
# device mapper:
#   lab_dm_set_delay NAME MS         reload dm-delay device NAME (lab_dm_delay) with a delay of MS ms
# network (tc on lo: sch_prio, sch_netem, cls_u32):
#   lab_nvmet_delay_port SERVICE MS  delay what the target sends from 127.0.0.1:SERVICE by MS ms (admin commands
#                                    through that port's controllers stall; other ports keep their pace);
#                                    lab_nvmet_delay_clear removes every such delay

LAB_NVMET=/sys/kernel/config/nvmet

lab_nvme_load() {
  # The guest's lo starts down. iproute2's ip where the host has it, else busybox's (both work here).
  if command -v ip >/dev/null; then ip link set lo up; else busybox ip link set lo up; fi \
    || lab_fail "cannot bring lo up" || return 1
  lab_modprobe nvmet nvmet-tcp nvme-tcp || return 1
  mountpoint -q /sys/kernel/config || mount -t configfs configfs /sys/kernel/config || return 1
  [[ -d "${LAB_NVMET}" ]] || lab_fail "no ${LAB_NVMET} in configfs" || return 1
  [[ "$(cat /sys/module/nvme_core/parameters/multipath 2>/dev/null)" == Y ]] \
    || lab_fail "nvme_core has native multipath off: the paths would not be paths of one head" || return 1
}

lab_nvmet_subsystem() {
  local subsys="${LAB_NVMET}/subsystems/$1"
  mkdir -p "${subsys}" || lab_fail "cannot make subsystem $1" || return 1
  echo 1 >"${subsys}/attr_allow_any_host" || lab_fail "cannot open subsystem $1 to any host" || return 1
  echo "${subsys}"
}

lab_nvmet_namespace() {
  local ns="${LAB_NVMET}/subsystems/$1/namespaces/$2"
  mkdir -p "${ns}" || lab_fail "cannot make namespace $2 of $1" || return 1
  echo -n "$3" >"${ns}/device_path" || lab_fail "cannot back namespace $2 of $1 with $3" || return 1
  echo 1 >"${ns}/enable" || lab_fail "cannot enable namespace $2 of $1" || return 1
  echo "${ns}"
}

lab_nvmet_namespace_enable() {
  echo "$3" >"${LAB_NVMET}/subsystems/$1/namespaces/$2/enable" \
    || lab_fail "cannot set enable of namespace $2 of $1 to $3"
}

lab_nvmet_port() {
  local port="${LAB_NVMET}/ports/$1"
  mkdir -p "${port}" || lab_fail "cannot make port $1" || return 1
  if [[ "$(cat "${port}/addr_trtype")" != tcp ]]; then
    echo tcp >"${port}/addr_trtype" && echo ipv4 >"${port}/addr_adrfam" \
      && echo 127.0.0.1 >"${port}/addr_traddr" && echo "$2" >"${port}/addr_trsvcid" \
      || lab_fail "cannot set port $1 to tcp 127.0.0.1:$2" || return 1
  fi
  echo "${port}"
}

lab_nvmet_link() {
  ln -s "${LAB_NVMET}/subsystems/$1" "${LAB_NVMET}/ports/$2/subsystems/$1" \
    || lab_fail "cannot serve $1 on port $2"
}

lab_nvmet_unlink() {
  rm "${LAB_NVMET}/ports/$2/subsystems/$1" || lab_fail "cannot stop serving $1 on port $2"
}

lab_nvmet_ana_state() {
  local group="${LAB_NVMET}/ports/$1/ana_groups/${3:-1}"
  [[ -d "${group}" ]] || mkdir "${group}" || lab_fail "cannot make ANA group ${3:-1} of port $1" || return 1
  echo "$2" >"${group}/ana_state" || lab_fail "cannot set ANA group ${3:-1} of port $1 to $2"
}

lab_nvme_connect() {
  local nqn="$1" service="$2" fd reply instance
  exec {fd}<>/dev/nvme-fabrics || { lab_fail "cannot open /dev/nvme-fabrics"; return 1; }
  if ! printf 'transport=tcp,traddr=127.0.0.1,trsvcid=%s,nqn=%s,reconnect_delay=1,ctrl_loss_tmo=3600' \
      "${service}" "${nqn}" >&"${fd}"; then
    exec {fd}>&-
    lab_fail "cannot connect to ${nqn} at 127.0.0.1:${service}"
    return 1
  fi
  IFS= read -r reply <&"${fd}"
  exec {fd}>&-
  instance="$(sed -n 's/^instance=\([0-9]*\),.*/\1/p' <<<"${reply}")"
  [[ -n "${instance}" ]] || lab_fail "connecting to ${nqn}: /dev/nvme-fabrics answered '${reply}'" || return 1
  lab_wait_for 10 test -c "/dev/nvme${instance}" || lab_fail "/dev/nvme${instance} did not appear" || return 1
  lab_nvme_wait_state "/dev/nvme${instance}" live 30 || return 1
  echo "/dev/nvme${instance}"
}

lab_nvme_ctrl_state() {
  cat "/sys/class/nvme/${1#/dev/}/state" 2>/dev/null
}

lab_nvme_is_state() { [[ "$(lab_nvme_ctrl_state "$1")" == "$2" ]]; }

lab_nvme_wait_state() {
  lab_wait_for "${3:-30}" lab_nvme_is_state "$1" "$2" \
    || lab_fail "$1 is $(lab_nvme_ctrl_state "$1"), not $2, after ${3:-30} s"
}

# The sysfs directory of namespace NSID's path device through controller /dev/nvmeN.
lab_nvme_path_dir() {
  local dir
  for dir in /sys/class/nvme/"${1#/dev/}"/nvme*c*n*; do
    [[ "$(cat "${dir}/nsid" 2>/dev/null)" == "$2" ]] && { echo "${dir}"; return 0; }
  done
  return 1
}

lab_nvme_path_ana() {
  local dir
  dir="$(lab_nvme_path_dir "$1" "$2")" && cat "${dir}/ana_state"
}

lab_nvme_is_ana() { [[ "$(lab_nvme_path_ana "$1" "$2")" == "$3" ]]; }

lab_nvme_wait_ana() {
  lab_wait_for "${4:-30}" lab_nvme_is_ana "$1" "$2" "$3" \
    || lab_fail "namespace $2 through $1 is '$(lab_nvme_path_ana "$1" "$2")', not $3, after ${4:-30} s"
}

lab_nvme_reset() {
  echo 1 >"/sys/class/nvme/${1#/dev/}/reset_controller" || lab_fail "cannot reset $1"
}

lab_nvme_delete() {
  echo 1 >"/sys/class/nvme/${1#/dev/}/delete_controller" || lab_fail "cannot delete $1"
}

lab_nvme_head() {
  local subsys head
  for subsys in /sys/class/nvme-subsystem/nvme-subsys*; do
    [[ "$(cat "${subsys}/subsysnqn" 2>/dev/null)" == "$1" ]] || continue
    for head in "${subsys}"/nvme*n*; do
      [[ -e "${head}/nsid" && "$(cat "${head}/nsid")" == "$2" ]] && { echo "/dev/$(basename "${head}")"; return 0; }
    done
  done
  lab_fail "no head of namespace $2 of $1"
}

lab_dm_set_delay() {
  dmsetup suspend "$1" \
    && dmsetup reload "$1" --table "0 ${LAB_DM_SECTORS} delay /dev/mapper/lab-zero 0 $2" \
    && dmsetup resume "$1" || lab_fail "cannot set the delay of $1 to $2 ms"
}

lab_nvmet_delay_port() {
  lab_nvmet_delay_clear
  tc qdisc add dev lo root handle 1: prio \
    && tc qdisc add dev lo parent 1:3 handle 30: netem delay "$2ms" \
    && tc filter add dev lo parent 1:0 protocol ip prio 1 u32 match ip sport "$1" 0xffff flowid 1:3 \
    || lab_fail "cannot delay what 127.0.0.1:$1 sends by $2 ms (tc, sch_prio, sch_netem, cls_u32)"
}

lab_nvmet_delay_clear() {
  tc qdisc del dev lo root 2>/dev/null
  return 0
}
