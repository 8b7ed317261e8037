#!/usr/bin/env bash
# A one-node Slurm on this machine for `cavlab sweep --executor slurm` tests: installs Debian's slurm-wlm and
# munge when missing, writes a minimal slurm.conf (this host as controller and only node, no accounting, no
# cgroups) and starts munged, slurmctld and slurmd. Idempotent: exits 0 at once when the node already answers.
#   scripts/slurm-local.sh          start (or check) the local cluster
#   scripts/slurm-local.sh stop     stop the daemons this script started
# Needs root (or sudo). Exit 0 = ready; otherwise the last line says why.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
say() { echo "slurm-local: $*" >&2; }
fail() { echo "slurm-local: cannot start Slurm: $*"; exit 1; }

CONF_DIR=/etc/slurm
STATE=/var/spool/slurm-local
LOGS=/var/log/slurm-local
HOST=$(hostname -s)

if [ "${1:-start}" = stop ]; then
  for d in slurmd slurmctld; do
    [ -f "/run/$d-local.pid" ] && as_root kill "$(cat "/run/$d-local.pid")" 2>/dev/null || true
  done
  exit 0
fi

ready() {
  pgrep -x slurmd >/dev/null 2>&1 && pgrep -x slurmctld >/dev/null 2>&1 && timeout 5 sinfo -h -N -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated|completing)'
}
if ready; then say "already running on $HOST"; exit 0; fi

if ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  say "installing slurm-wlm and munge with apt-get…"
  as_root apt-get update -qq || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq slurm-wlm munge >/dev/null || fail "apt-get install slurm-wlm munge failed"
fi

# munge: a key, then the daemon (it refuses to run as root unless forced; the key must be owned by munge).
if ! pgrep -x munged >/dev/null 2>&1; then
  as_root mkdir -p /etc/munge /var/lib/munge /var/log/munge /run/munge
  [ -s /etc/munge/munge.key ] || as_root mungekey --create --keyfile=/etc/munge/munge.key 2>/dev/null \
    || as_root dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
  as_root chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge /run/munge 2>/dev/null || true
  as_root chmod 0700 /etc/munge && as_root chmod 0400 /etc/munge/munge.key
  as_root runuser -u munge -- /usr/sbin/munged 2>/dev/null || as_root /usr/sbin/munged --force || fail "munged did not start"
fi
munge -n | unmunge >/dev/null 2>&1 || fail "munge does not work (munge -n | unmunge)"

CPUS=$(nproc)
# Leave 1 GiB to the system; tasks ask for --mem from the experiment's resources.
MEM=$(( $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo) - 1024 ))
as_root mkdir -p "$CONF_DIR" "$STATE/ctld" "$STATE/d" "$LOGS"
as_root tee "$CONF_DIR/slurm.conf" >/dev/null <<EOF
# Written by cavlab scripts/slurm-local.sh: a one-node cluster for tests.
ClusterName=cavlab-local
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/d
SlurmctldPidFile=/run/slurmctld-local.pid
SlurmdPidFile=/run/slurmd-local.pid
SlurmctldLogFile=$LOGS/slurmctld.log
SlurmdLogFile=$LOGS/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
MpiDefault=none
ReturnToService=2
SlurmdTimeout=300
InactiveLimit=0
KillWait=30
MinJobAge=300
NodeName=$HOST CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=local Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
# slurmd always initialises a cgroup plugin; without cgroup.conf it autodetects v1/v2 (22.05 has no "disabled").
if [ -f "$CONF_DIR/cgroup.conf" ] && grep -q '^CgroupPlugin=disabled' "$CONF_DIR/cgroup.conf"; then as_root rm -f "$CONF_DIR/cgroup.conf"; fi

pgrep -x slurmctld >/dev/null 2>&1 || as_root slurmctld -c || fail "slurmctld did not start (see $LOGS/slurmctld.log)"
pgrep -x slurmd >/dev/null 2>&1 || as_root slurmd || fail "slurmd did not start (see $LOGS/slurmd.log)"
for _ in $(seq 1 30); do
  if ready; then say "ready: node $HOST, $CPUS CPUs, ${MEM} MB, partition local"; exit 0; fi
  sleep 1
done
as_root scontrol update NodeName="$HOST" State=RESUME >/dev/null 2>&1 || true
sleep 2
ready && { say "ready after resume"; exit 0; }
fail "node $HOST did not become idle ($(sinfo -h -N -o '%T %E' 2>&1 | head -1); see $LOGS/)"
