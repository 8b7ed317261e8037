#!/usr/bin/env bash
# A private one-node Slurm for `cavlab sweep --executor slurm` tests. Everything it needs lives in one directory:
# slurm.conf, a munge key and socket, state, logs and pid files, on TCP ports of its own, so the system's Slurm
# (its /etc/slurm, its munged, its daemons on 6817/6818) is neither read nor touched, and `stop` ends exactly the
# daemons `start` began.
#   scripts/slurm-local.sh start DIR   start the cluster in DIR (created, mode 0700); prints SLURM_CONF=DIR/slurm.conf
#   scripts/slurm-local.sh stop DIR    stop the daemons started for DIR (munged, slurmctld, slurmd)
# Clients (sbatch, squeue, cavlab sweep) find the cluster through SLURM_CONF. Installs Debian's slurm-wlm and munge
# when they are missing (not with SLURM_LOCAL_NO_INSTALL=1). Needs root (or sudo). Exit 0 = ready; otherwise the
# last line says why.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
say() { echo "slurm-local: $*" >&2; }
fail() { echo "slurm-local: cannot start Slurm: $*"; exit 1; }

ACTION=${1:-}
DIR=${2:-}
[ -n "$ACTION" ] && [ -n "$DIR" ] || { echo "usage: $0 start|stop DIR"; exit 2; }
case "$DIR" in /*) ;; *) DIR="$(pwd)/$DIR" ;; esac
CONF="$DIR/slurm.conf"
export SLURM_CONF="$CONF"
export PATH="$PATH:/usr/sbin:/sbin"
DAEMONS="slurmd slurmctld munged"

stop_all() {
  for d in $DAEMONS; do
    pidfile="$DIR/$d.pid"
    [ -s "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    as_root kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do as_root kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    as_root kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

if [ "$ACTION" = stop ]; then stop_all; exit 0; fi
[ "$ACTION" = start ] || { echo "usage: $0 start|stop DIR"; exit 2; }

if ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  [ "${SLURM_LOCAL_NO_INSTALL:-0}" = 1 ] && fail "slurm-wlm or munge is not installed"
  say "installing slurm-wlm and munge with apt-get…"
  as_root apt-get update -qq || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq slurm-wlm munge >/dev/null || fail "apt-get install slurm-wlm munge failed"
fi

mkdir -p "$DIR/ctld" "$DIR/d" "$DIR/munge"
chmod 0700 "$DIR" "$DIR/munge"
# If anything below fails, what was started goes again.
trap 'stop_all' ERR

# munge on a private socket with a private key (munged refuses to run as root unless forced).
[ -s "$DIR/munge/munge.key" ] || dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1 count=1024 status=none
chmod 0400 "$DIR/munge/munge.key"
SOCKET="$DIR/munge/munge.socket"
as_root munged --force --socket="$SOCKET" --key-file="$DIR/munge/munge.key" --pid-file="$DIR/munged.pid" \
  --log-file="$DIR/munge/munged.log" --seed-file="$DIR/munge/munged.seed" || fail "munged did not start (see $DIR/munge/munged.log)"
munge --socket="$SOCKET" -n | unmunge --socket="$SOCKET" >/dev/null 2>&1 || fail "munge does not work on $SOCKET"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
HOST=$(hostname -s)
CPUS=$(nproc)
# Leave 1 GiB to the system; tasks ask for --mem from the experiment's resources.
MEM=$(( $(awk '/MemTotal/ {print int($2/1024)}' /proc/meminfo) - 1024 ))
cat > "$CONF" <<CONF
# Written by cavlab scripts/slurm-local.sh: a private one-node cluster for tests ($DIR).
ClusterName=cavlab-private
SlurmctldHost=$HOST
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCKET
StateSaveLocation=$DIR/ctld
SlurmdSpoolDir=$DIR/d
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
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
CONF

as_root env SLURM_CONF="$CONF" slurmctld -c -f "$CONF" || fail "slurmctld did not start (see $DIR/slurmctld.log)"
as_root env SLURM_CONF="$CONF" slurmd -f "$CONF" || fail "slurmd did not start (see $DIR/slurmd.log)"
ready() { timeout 5 sinfo -h -N -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated|completing)'; }
for _ in $(seq 1 30); do
  if ready; then trap - ERR; say "ready: node $HOST, $CPUS CPUs, ${MEM} MB, partition local, $CONF"; echo "SLURM_CONF=$CONF"; exit 0; fi
  sleep 1
done
scontrol update NodeName="$HOST" State=RESUME >/dev/null 2>&1 || true
sleep 2
if ready; then trap - ERR; say "ready after resume"; echo "SLURM_CONF=$CONF"; exit 0; fi
stop_all
fail "node $HOST did not become idle ($(sinfo -h -N -o '%T %E' 2>&1 | head -1); see $DIR/)"
