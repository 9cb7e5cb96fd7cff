#!/usr/bin/env bash
# Kakunin's scale-out shape on one machine, with Debian's own engines: 3 etcd members, 3
# PostgreSQL 15 members under Patroni (synchronous replication), kakunin-server replicas, and
# HAProxy in front of both (TCP: the database's leader port, and the replicas' gRPC port, where
# terminals and consoles keep end-to-end TLS to a replica). Every process runs unprivileged on
# loopback, with its own folder under --dir, and is stopped by the PID this script recorded.
# deploy/cluster/README.md maps the same files to separate hosts.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: deploy/cluster/run.sh up|down|status [options]

  up       generate the configuration (first time), start etcd, Patroni, HAProxy and the
           kakunin-server replicas, wait until the database has a leader and a synchronous
           standby and every replica is ready, then print the addresses
  down     stop every process this script started (by PID), in reverse order
  status   the members, their roles and the addresses (exit 1 when something is down)

Options (also from the environment):
  --dir DIR          where everything lives (KAKUNIN_CLUSTER_DIR, default ./kakunin-cluster)
  --base-port N      first of the loopback ports used (KAKUNIN_CLUSTER_PORT, default 25400):
                     etcd N+1..3 (peers N+11..13), PostgreSQL N+21..23, Patroni REST N+31..33,
                     HAProxy database N+40 and stats N+41, HAProxy gRPC N+50,
                     replicas' gRPC N+51.. and /metrics N+61..
  --replicas N       kakunin-server replicas, 1 to 3 (default 2)
  --bin DIR          where kakunin-server is (default: the build tree, else PATH)
  --user USER        unprivileged user when run as root (default nobody)
  --help             this text

Exit status: 0 on success, 1 when something failed or is down, 2 on a usage error.
USAGE
}

cmd=${1:-}
[ $# -gt 0 ] && shift
dir=${KAKUNIN_CLUSTER_DIR:-$PWD/kakunin-cluster}
base=${KAKUNIN_CLUSTER_PORT:-25400}
replicas=2
bin=""
run_user=nobody
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=${2:?--dir needs a folder}; shift 2 ;;
    --base-port) base=${2:?--base-port needs a number}; shift 2 ;;
    --replicas) replicas=${2:?--replicas needs a number}; shift 2 ;;
    --bin) bin=${2:?--bin needs a folder}; shift 2 ;;
    --user) run_user=${2:?--user needs a name}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "cluster: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$cmd" in
  up|down|status) ;;
  -h|--help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac
if ! [[ "$base" =~ ^[0-9]+$ ]] || [ "$base" -lt 1024 ] || [ "$base" -gt 65000 ]; then
  echo "cluster: --base-port must be a number from 1024 to 65000" >&2
  exit 2
fi
if ! [[ "$replicas" =~ ^[1-3]$ ]]; then
  echo "cluster: --replicas must be 1, 2 or 3" >&2
  exit 2
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
# down and status use what up used.
if [ "$cmd" != up ] && [ -f "$dir/cluster.env" ]; then
  # shellcheck disable=SC1091
  . "$dir/cluster.env"
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
pgbin=/usr/lib/postgresql/15/bin

# Ports (see --help).
etcd_port() { echo $((base + $1)); }
peer_port() { echo $((base + 10 + $1)); }
pg_port() { echo $((base + 20 + $1)); }
rest_port() { echo $((base + 30 + $1)); }
db_port=$((base + 40))
stats_port=$((base + 41))
grpc_port=$((base + 50))
replica_port() { echo $((base + 50 + $1)); }
metrics_port() { echo $((base + 60 + $1)); }

say() { printf 'cluster: %s\n' "$*"; }
die() { printf 'cluster: %s\n' "$*" >&2; exit 1; }

# Root runs everything as an unprivileged user (PostgreSQL refuses root); setpriv execs, so the
# PID recorded is the program's own.
as_user() {
  if [ "$(id -u)" -eq 0 ]; then
    setpriv --reuid="$run_user" --regid="$(id -g "$run_user")" --clear-groups -- "$@"
  else
    "$@"
  fi
}

# start NAME PROGRAM ARGS…: in the background, output in log/NAME.log, PID in pid/NAME.
start() {
  local name=$1
  shift
  if alive "$name"; then return 0; fi
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$dir" && export HOME="$dir" && exec setpriv --reuid="$run_user" --regid="$(id -g "$run_user")" \
      --clear-groups -- "$@" >>"$dir/log/$name.log" 2>&1 </dev/null) &
  else
    (cd "$dir" && export HOME="$dir" && exec "$@" >>"$dir/log/$name.log" 2>&1 </dev/null) &
  fi
  echo $! >"$dir/pid/$name"
}

pid_of() { [ -f "$dir/pid/$1" ] && cat "$dir/pid/$1"; }
# Running and not a zombie: where PID 1 reaps late, a dead child lingers as one for seconds.
running() {
  local state=""
  [ -r "/proc/$1/stat" ] && read -r _ _ state _ <"/proc/$1/stat" 2>/dev/null
  [ -n "$state" ] && [ "$state" != Z ]
}
alive() {
  local p
  p=$(pid_of "$1" 2>/dev/null) || return 1
  [ -n "$p" ] && running "$p"
}

# wait_for SECONDS DESCRIPTION COMMAND…: polls every 0.2 s.
wait_for() {
  local limit=$1 what=$2
  shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $deadline ] && die "$what did not happen within ${limit} s (logs: $dir/log)"
    sleep 0.2
  done
}

http_ok() { curl -fsS -o /dev/null --max-time 1 "$1" 2>/dev/null; }

find_server() {
  if [ -n "$bin" ]; then
    [ -x "$bin/kakunin-server" ] || die "no kakunin-server in $bin"
    echo "$bin/kakunin-server"
  elif [ -x "$root/build/bin/kakunin-server" ]; then
    echo "$root/build/bin/kakunin-server"
  elif command -v kakunin-server >/dev/null; then
    command -v kakunin-server
  else
    die "kakunin-server not found: build it (cmake --build build) or pass --bin"
  fi
}

need_packages() {
  local missing=()
  command -v etcd >/dev/null || missing+=(etcd-server)
  command -v patroni >/dev/null || missing+=(patroni)
  /usr/bin/python3 -c 'import etcd' 2>/dev/null || missing+=(python3-etcd)
  command -v haproxy >/dev/null || missing+=(haproxy)
  [ -x "$pgbin/postgres" ] || missing+=(postgresql-15)
  command -v curl >/dev/null || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    die "missing packages: ${missing[*]} (deploy/install-deps.sh installs them)"
  fi
}

secret() {
  local f="$dir/secrets/$1"
  [ -s "$f" ] || (umask 077 && openssl rand -hex 16 >"$f")
  cat "$f"
}

# ---- configuration (written once; the same files serve separate hosts, see README) ----
configure() {
  mkdir -p "$dir"/{log,pid,secrets}
  printf 'base=%s\nreplicas=%s\nrun_user=%s\n' "$base" "$replicas" "$run_user" >"$dir/cluster.env"
  chmod 700 "$dir/secrets"
  local su_pw repl_pw rewind_pw app_pw i etcd_hosts="" initial=""
  su_pw=$(secret postgres)
  repl_pw=$(secret replicator)
  rewind_pw=$(secret rewinder)
  app_pw=$(secret kakunin)
  for i in 1 2 3; do
    etcd_hosts+="${etcd_hosts:+,}127.0.0.1:$(etcd_port $i)"
    initial+="${initial:+,}etcd$i=http://127.0.0.1:$(peer_port $i)"
  done
  echo "$initial" >"$dir/etcd.initial-cluster"
  for i in 1 2 3; do
    mkdir -p "$dir/etcd$i" "$dir/pg$i"
    chmod 700 "$dir/etcd$i" "$dir/pg$i"
    [ -f "$dir/pg$i/patroni.yml" ] && continue
    cat >"$dir/pg$i/patroni.yml" <<EOF
# Patroni member pg$i of scope "kakunin". On separate hosts: change the 127.0.0.1 addresses to
# this host's, the etcd hosts to the etcd members', and keep the rest.
scope: kakunin
namespace: /kakunin-cluster/
name: pg$i
restapi:
  listen: 127.0.0.1:$(rest_port $i)
  connect_address: 127.0.0.1:$(rest_port $i)
etcd:
  hosts: $etcd_hosts
bootstrap:
  dcs:
    # A dead leader is replaced within ttl seconds; loop_wait + 2 * retry_timeout <= ttl.
    ttl: 10
    loop_wait: 1
    retry_timeout: 4
    maximum_lag_on_failover: 1048576
    # A crashed leader is not waited for: its synchronous standby takes over at once.
    primary_start_timeout: 0
    # Commits wait for a synchronous standby, and only a synchronous standby is promoted:
    # nothing a terminal was told is stored can be lost by a failover.
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        synchronous_commit: "on"
        wal_level: replica
        hot_standby: "on"
        wal_log_hints: "on"
        max_wal_senders: 10
        max_replication_slots: 10
        wal_keep_size: 256MB
        max_connections: 200
  initdb:
    - encoding: UTF8
    - locale: C
    - data-checksums
  pg_hba:
    - local all all scram-sha-256
    - host replication replicator 127.0.0.1/32 scram-sha-256
    - host all all 127.0.0.1/32 scram-sha-256
postgresql:
  listen: 127.0.0.1:$(pg_port $i)
  connect_address: 127.0.0.1:$(pg_port $i)
  data_dir: $dir/pg$i/data
  bin_dir: $pgbin
  pgpass: $dir/pg$i/pgpass
  authentication:
    superuser: {username: postgres, password: "$su_pw"}
    replication: {username: replicator, password: "$repl_pw"}
    rewind: {username: rewinder, password: "$rewind_pw"}
  parameters:
    unix_socket_directories: $dir/pg$i
    shared_buffers: 64MB
tags:
  nofailover: false
  noloadbalance: false
  clonefrom: false
  nosync: false
EOF
    chmod 600 "$dir/pg$i/patroni.yml"
  done

  if [ ! -f "$dir/haproxy.cfg" ]; then
    {
      cat <<EOF
# HAProxy in TCP mode. On separate hosts it runs on (or in front of) every server host, and
# its addresses change to the members' and replicas' own.
global
    # Each connection takes two descriptors; raise with the host's open-file limit.
    maxconn 8000
defaults
    mode tcp
    timeout connect 2s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h
    timeout check 1s
listen stats
    mode http
    bind 127.0.0.1:$stats_port
    stats enable
    stats uri /
# The database: only the member Patroni says is the primary gets connections; when it stops
# being one, its sessions are cut at once (no write can reach a fenced old leader through here).
listen postgres_leader
    bind 127.0.0.1:$db_port
    option httpchk GET /primary
    http-check expect status 200
    default-server inter 500ms fastinter 250ms fall 2 rise 2 on-marked-down shutdown-sessions
EOF
      for i in 1 2 3; do
        echo "    server pg$i 127.0.0.1:$(pg_port $i) check port $(rest_port $i)"
      done
      cat <<EOF
# Terminals and consoles: TLS passes through to a ready replica (/readyz: a writable database,
# the current schema, the device CA). A replica that stops being ready gets no new connections
# but keeps its streams: during a leader change it holds their batches and stores them on the
# new leader (db_retry_seconds); only then, or when it dies, do its terminals move.
listen kakunin_grpc
    bind 127.0.0.1:$grpc_port
    balance leastconn
    option httpchk GET /readyz
    http-check expect status 200
    # Per client address, which only HAProxy sees (the replicas see HAProxy's, and limit each
    # connection's failed logins and enrollments: trusted_proxies): at most 600 new connections
    # a minute. A chain whose branches all arrive through one VPN concentrator raises it.
    stick-table type ipv6 size 200k expire 2m store conn_rate(1m)
    tcp-request connection track-sc0 src
    tcp-request connection reject if { sc_conn_rate(0) gt 600 }
    # A connection refused by a replica that just died goes to another one.
    option redispatch
    retries 2
    default-server inter 1s fastinter 250ms fall 2 rise 1
EOF
      for i in $(seq 1 "$replicas"); do
        echo "    server kakunin$i 127.0.0.1:$(replica_port $i) check port $(metrics_port $i)"
      done
    } >"$dir/haproxy.cfg"
  fi

  for i in $(seq 1 "$replicas"); do
    mkdir -p "$dir/kakunin$i"
    chmod 700 "$dir/kakunin$i"
    [ -f "$dir/kakunin$i/server.toml" ] && continue
    (
      umask 077
      cat >"$dir/kakunin$i/server.toml" <<EOF
# kakunin-server replica $i. The database is reached through HAProxy's leader port; the
# alternative without HAProxy is libpq's own: several hosts and target_session_attrs, e.g.
#   host=pg1,pg2,pg3 port=5432 target_session_attrs=read-write
data_dir = "$dir/kakunin$i"
listen = "127.0.0.1:$(replica_port $i)"
advertise = ["127.0.0.1:$grpc_port"]
# Terminals and consoles arrive through HAProxy: each of its connections is limited on its own
# (every client's address is HAProxy's here); HAProxy limits connections per client address.
trusted_proxies = ["127.0.0.1"]

[database]
db = "host=127.0.0.1 port=$db_port dbname=kakunin user=kakunin password=$app_pw connect_timeout=3 keepalives_idle=5 keepalives_interval=2 keepalives_count=2"
# Replicas share the database: only "kakunin-server migrate" changes its schema (an upgraded
# replica waits for it), never a replica's start under the others.
migrate = "manual"

[metrics]
metrics_listen = "127.0.0.1:$(metrics_port $i)"
EOF
    )
  done
  if [ "$(id -u)" -eq 0 ]; then chown -R "$run_user:$(id -g "$run_user")" "$dir"; fi
}

leader_member() {
  local i
  for i in 1 2 3; do
    if http_ok "http://127.0.0.1:$(rest_port $i)/primary"; then
      echo "pg$i"
      return 0
    fi
  done
  return 1
}
has_sync_standby() {
  local i
  for i in 1 2 3; do http_ok "http://127.0.0.1:$(rest_port $i)/sync" && return 0; done
  return 1
}

psql_su() {
  PGPASSWORD=$(cat "$dir/secrets/postgres") "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 \
    "host=127.0.0.1 port=$db_port dbname=postgres user=postgres connect_timeout=3" "$@"
}

leader_behind_haproxy() { [ "$(psql_su -At -c "SELECT NOT pg_is_in_recovery()")" = t ]; }

replica_args() {
  echo --config "$dir/kakunin$1/server.toml"
}

up() {
  need_packages
  local server i
  server=$(find_server)
  configure
  for i in 1 2 3; do
    local state=new
    [ -d "$dir/etcd$i/member" ] && state=existing
    start "etcd$i" etcd --name "etcd$i" --data-dir "$dir/etcd$i" \
      --listen-client-urls "http://127.0.0.1:$(etcd_port $i)" \
      --advertise-client-urls "http://127.0.0.1:$(etcd_port $i)" \
      --listen-peer-urls "http://127.0.0.1:$(peer_port $i)" \
      --initial-advertise-peer-urls "http://127.0.0.1:$(peer_port $i)" \
      --initial-cluster "$(cat "$dir/etcd.initial-cluster")" \
      --initial-cluster-state "$state" --initial-cluster-token "kakunin-$base" \
      --enable-v2=true --heartbeat-interval 100 --election-timeout 1000
  done
  wait_for 30 "etcd quorum" curl -fsS --max-time 1 "http://127.0.0.1:$(etcd_port 1)/health"
  say "etcd: 3 members on 127.0.0.1:$(etcd_port 1)-$(etcd_port 3)"
  for i in 1 2 3; do start "patroni$i" patroni "$dir/pg$i/patroni.yml"; done
  start haproxy haproxy -f "$dir/haproxy.cfg" -db
  wait_for 90 "a PostgreSQL leader" leader_member
  wait_for 90 "a synchronous standby" has_sync_standby
  # HAProxy takes every server as up until its first checks: wait until it routes to the leader.
  wait_for 30 "the leader behind HAProxy" leader_behind_haproxy
  if [ "$(psql_su -At -c "SELECT count(*) FROM pg_roles WHERE rolname = 'kakunin'")" = 0 ]; then
    psql_su -c "CREATE ROLE kakunin LOGIN PASSWORD '$(cat "$dir/secrets/kakunin")'"
    psql_su -c "CREATE DATABASE kakunin OWNER kakunin"
  fi
  say "PostgreSQL: leader $(leader_member) (synchronous standby ready), via HAProxy on 127.0.0.1:$db_port"

  # migrate = manual: the schema is brought to this version once, before any replica starts.
  local migrated
  migrated=$(as_user "$server" migrate $(replica_args 1)) || die "kakunin-server migrate failed"
  say "$migrated"
  # The first replica makes the shared keys (device CA, patient-data keys, audit head key);
  # the others get copies before their first start (deploy/cluster/README.md: distribution).
  start kakunin1 "$server" serve $(replica_args 1)
  wait_for 60 "replica 1 ready" http_ok "http://127.0.0.1:$(metrics_port 1)/readyz"
  for i in $(seq 2 "$replicas"); do
    if [ ! -f "$dir/kakunin$i/pki/ca.key" ]; then
      mkdir -p "$dir/kakunin$i/pki" "$dir/kakunin$i/audit"
      cp -p "$dir/kakunin1/pki/ca.pem" "$dir/kakunin1/pki/ca.key" "$dir/kakunin$i/pki/"
      cp -p "$dir/kakunin1/patient.keys" "$dir/kakunin$i/"
      cp -p "$dir/kakunin1/audit/head.key" "$dir/kakunin$i/audit/"
      if [ "$(id -u)" -eq 0 ]; then chown -R "$run_user:$(id -g "$run_user")" "$dir/kakunin$i"; fi
    fi
    start "kakunin$i" "$server" serve $(replica_args "$i")
  done
  for i in $(seq 1 "$replicas"); do
    wait_for 60 "replica $i ready" http_ok "http://127.0.0.1:$(metrics_port "$i")/readyz"
  done
  if [ ! -s "$dir/secrets/admin-password" ]; then
    # The password rules want an upper-case letter, a lower-case letter and a digit.
    (umask 077 && echo "Hq$(openssl rand -hex 8)7" >"$dir/secrets/admin-password")
    as_user "$server" admin create --login admin --password-stdin $(replica_args 1) \
      <"$dir/secrets/admin-password" >/dev/null
  fi
  say "kakunin-server: $replicas replica(s) on 127.0.0.1:$(replica_port 1)-$(replica_port "$replicas"), via HAProxy on 127.0.0.1:$grpc_port"
  say "up. Terminals and consoles: 127.0.0.1:$grpc_port (CA: $dir/kakunin1/pki/ca.pem);"
  say "console login admin, password in $dir/secrets/admin-password; stop with: $0 down --dir $dir"
}

# stop NAME…: SIGTERM to each, then up to 30 s for all, then SIGKILL; by recorded PIDs only.
stop() {
  local name p pids=()
  for name in "$@"; do
    p=$(pid_of "$name" 2>/dev/null) || continue
    if [ -n "$p" ] && running "$p"; then
      kill -TERM "$p" 2>/dev/null || true
      pids+=("$p")
    fi
  done
  local deadline=$((SECONDS + 30))
  for p in "${pids[@]}"; do
    while running "$p" && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    if running "$p"; then kill -KILL "$p" 2>/dev/null || true; fi
  done
  for name in "$@"; do rm -f "$dir/pid/$name"; done
  [ -n "${KAKUNIN_CLUSTER_TRACE:-}" ] && say "stopped $* at $SECONDS s"
  return 0
}

# A postmaster outlives a Patroni that was killed: stop it by its own PID file.
stop_postmaster() {
  local f="$dir/pg$1/data/postmaster.pid" p
  [ -f "$f" ] || return 0
  p=$(head -1 "$f")
  { [ -n "$p" ] && running "$p"; } || return 0
  kill -CONT "$p" 2>/dev/null || true  # a test may have frozen it
  kill -QUIT "$p" 2>/dev/null || true  # immediate shutdown
  local deadline=$((SECONDS + 15))
  while running "$p" && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
  if running "$p"; then kill -KILL "$p" 2>/dev/null || true; fi
}

down() {
  local i
  stop kakunin1 kakunin2 kakunin3
  stop haproxy
  stop patroni1 patroni2 patroni3
  for i in 1 2 3; do stop_postmaster "$i"; done
  stop etcd1 etcd2 etcd3
  say "down"
}

status() {
  local bad=0 i role
  for i in 1 2 3; do
    if alive "etcd$i"; then say "etcd$i      running (pid $(pid_of "etcd$i"))"; else say "etcd$i      DOWN"; bad=1; fi
  done
  for i in 1 2 3; do
    role=$(curl -fsS --max-time 1 "http://127.0.0.1:$(rest_port $i)/patroni" 2>/dev/null |
      /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("role","?"), d.get("state","?"), "sync" if d.get("sync_standby") else "")' 2>/dev/null) || role=""
    if [ -n "$role" ]; then say "pg$i        $role (patroni pid $(pid_of "patroni$i"))"; else say "pg$i        DOWN"; bad=1; fi
  done
  if alive haproxy; then say "haproxy     running (stats http://127.0.0.1:$stats_port/)"; else say "haproxy     DOWN"; bad=1; fi
  for i in 1 2 3; do
    [ -f "$dir/kakunin$i/server.toml" ] || continue
    if http_ok "http://127.0.0.1:$(metrics_port $i)/readyz"; then
      say "kakunin$i   ready on 127.0.0.1:$(replica_port $i)"
    else
      say "kakunin$i   NOT READY"
      bad=1
    fi
  done
  return $bad
}

case "$cmd" in
  up) up ;;
  down) down ;;
  status) status ;;
esac
