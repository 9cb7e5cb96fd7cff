#!/usr/bin/env bash
# Kakunin's scale-out shape on one machine, with Debian's own engines: 3 etcd members, 3
# PostgreSQL 15 members under Patroni (synchronous replication), kakunin-server replicas, and
# HAProxy in front of both (TCP: the database's leader port, and the replicas' gRPC port, where
# terminals and consoles keep end-to-end TLS to a replica). Every process runs unprivileged on
# loopback, with its own folder under --dir, and is stopped by the PID this script recorded.
# Nothing answers a stranger: etcd takes only TLS clients and peers holding a certificate of the
# cluster's own CA (DIR/tls), Patroni's REST API changes nothing without its password, HAProxy's
# stats page wants a login. deploy/cluster/README.md maps the same files to separate hosts.
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
                     HAProxy database N+40 and stats N+41 (login: DIR/secrets), HAProxy gRPC N+50,
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
tls="$dir/tls"

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
# etcd answers only a client certificate of the cluster's CA: this script has its own.
etcd_curl() {
  curl -fsS --max-time 1 --cacert "$tls/ca.pem" --cert "$tls/admin.pem" --key "$tls/admin.key" "$@"
}

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
  command -v openssl >/dev/null || missing+=(openssl)
  if [ ${#missing[@]} -gt 0 ]; then
    die "missing packages: ${missing[*]} (deploy/install-deps.sh installs them)"
  fi
}

secret() {
  local f="$dir/secrets/$1"
  [ -s "$f" ] || (umask 077 && openssl rand -hex 16 >"$f")
  cat "$f"
}

# ---- etcd's TLS: a CA of the cluster's own, made once per DIR (keys 0600 in DIR/tls) ----
# A P-256 key and a certificate for NAME, signed by the CA: tls_cert NAME EXTENDED-KEY-USAGE.
# The address only, no DNS name: python3-etcd checks names through pyOpenSSL, which needs
# python3-idna for a DNS name in a certificate (not installed with it).
tls_cert() {
  local name=$1 usage=$2
  [ -s "$tls/$name.pem" ] && [ -s "$tls/$name.key" ] && return 0
  (
    umask 077
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
      -keyout "$tls/$name.key" -subj "/O=kakunin-cluster/CN=$name" 2>/dev/null |
      openssl x509 -req -CA "$tls/ca.pem" -CAkey "$tls/ca.key" \
        -set_serial "0x$(openssl rand -hex 16)" -days 3650 -out "$tls/$name.pem.tmp" -extfile <(printf '%s\n' \
          "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
          "extendedKeyUsage=$usage" "subjectAltName=IP:127.0.0.1") 2>/dev/null
  ) || die "could not make the TLS certificate $tls/$name.pem"
  mv "$tls/$name.pem.tmp" "$tls/$name.pem"
}
make_tls() {
  mkdir -p "$tls"
  chmod 700 "$tls"
  if [ ! -s "$tls/ca.pem" ] || [ ! -s "$tls/ca.key" ]; then
    (
      umask 077
      openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$tls/ca.key" -out "$tls/ca.pem.tmp" -days 3650 \
        -subj "/O=kakunin-cluster/CN=kakunin-cluster etcd CA $(openssl rand -hex 4)" \
        -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    ) || die "could not make the cluster's CA in $tls"
    mv "$tls/ca.pem.tmp" "$tls/ca.pem"
  fi
  local i
  # An etcd member's certificate serves its clients and its peers and is its client to peers.
  for i in 1 2 3; do tls_cert "etcd$i" serverAuth,clientAuth; done
  # Clients of etcd: each Patroni, and this script (health, status).
  for i in 1 2 3; do tls_cert "patroni$i" clientAuth; done
  tls_cert admin clientAuth
}

# ---- configuration (written once; the same files serve separate hosts, see README) ----
configure() {
  mkdir -p "$dir"/{log,pid,secrets}
  # A folder made by an earlier run.sh has etcd on plain HTTP (its members keep their peer URLs)
  # and Patroni without a REST password: it is not converted in place.
  if [ -f "$dir/pg1/patroni.yml" ] && ! grep -q '^  protocol: https' "$dir/pg1/patroni.yml"; then
    die "$dir was made by an earlier run.sh (etcd without TLS): run down, remove it, run up again"
  fi
  printf 'base=%s\nreplicas=%s\nrun_user=%s\n' "$base" "$replicas" "$run_user" >"$dir/cluster.env"
  chmod 700 "$dir/secrets"
  make_tls
  local su_pw repl_pw rewind_pw app_pw rest_pw stats_pw i etcd_hosts="" initial=""
  su_pw=$(secret postgres)
  repl_pw=$(secret replicator)
  rewind_pw=$(secret rewinder)
  app_pw=$(secret kakunin)
  rest_pw=$(secret patroni-rest)
  stats_pw=$(secret haproxy-stats)
  for i in 1 2 3; do
    etcd_hosts+="${etcd_hosts:+,}127.0.0.1:$(etcd_port $i)"
    initial+="${initial:+,}etcd$i=https://127.0.0.1:$(peer_port $i)"
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
  # PATCH/PUT /config, POST /switchover, /failover, /restart, /reinitialize, /reload… want this
  # login (the members use it with each other, patronictl -c this file too); GET (HAProxy's
  # /primary checks, run.sh status) needs none.
  authentication:
    username: patroni
    password: "$rest_pw"
# etcd takes only TLS with a client certificate of the cluster's CA ($tls).
etcd:
  hosts: $etcd_hosts
  protocol: https
  cacert: $tls/ca.pem
  cert: $tls/patroni$i.pem
  key: $tls/patroni$i.key
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
    # nothing a terminal was told is stored can be lost by a failover. Strict: with no standby
    # left, commits wait (terminals keep their results) instead of going on with one copy.
    synchronous_mode: true
    synchronous_mode_strict: true
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
        # A member that stays down keeps its slot: the leader keeps WAL for it up to this, not
        # until its disk is full (then that member is rebuilt from the leader).
        max_slot_wal_keep_size: 16GB
        max_connections: 200
  initdb:
    - encoding: UTF8
    - locale: C
    - data-checksums
postgresql:
  listen: 127.0.0.1:$(pg_port $i)
  connect_address: 127.0.0.1:$(pg_port $i)
  data_dir: $dir/pg$i/data
  bin_dir: $pgbin
  pgpass: $dir/pg$i/pgpass
  # Pinned here, in this member's own file: Patroni writes exactly these lines to pg_hba.conf at
  # every start and reload, and a pg_hba (or hba_file) in the cluster's settings in etcd does
  # not override them. Nothing is trusted without a password.
  pg_hba:
    - local all all scram-sha-256
    - host replication replicator 127.0.0.1/32 scram-sha-256
    - host all all 127.0.0.1/32 scram-sha-256
  authentication:
    superuser: {username: postgres, password: "$su_pw"}
    replication: {username: replicator, password: "$repl_pw"}
    rewind: {username: rewinder, password: "$rewind_pw"}
  parameters:
    unix_socket_directories: $dir/pg$i
    shared_buffers: 64MB
    hba_file: $dir/pg$i/data/pg_hba.conf
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
    # Each connection takes two descriptors; raise with the host's open-file limit. The
    # listeners' own maxconn add up to less, so no listener can take the others' room: at its
    # limit a listener stops accepting, the others go on.
    maxconn 8000
defaults
    mode tcp
    timeout connect 2s
    timeout client 1h
    timeout server 1h
    timeout tunnel 1h
    timeout check 1s
# Loopback only, and a login (the password is DIR/secrets/haproxy-stats).
listen stats
    mode http
    bind 127.0.0.1:$stats_port
    maxconn 10
    stats enable
    stats uri /
    stats realm kakunin-cluster
    stats auth admin:$stats_pw
# The database: only the member Patroni says is the primary gets connections; when it stops
# being one, its sessions are cut at once (no write can reach a fenced old leader through here).
listen postgres_leader
    bind 127.0.0.1:$db_port
    # Above PostgreSQL's max_connections (200): PostgreSQL refuses first, with a clear error.
    maxconn 300
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
    # Below the global maxconn by the database's and the stats page's share: terminals can never
    # take the room the replicas need to reach the database.
    maxconn 7600
    balance leastconn
    option httpchk GET /readyz
    http-check expect status 200
    # Per client address, which only HAProxy sees (the replicas see HAProxy's, and limit each
    # connection's failed logins and enrollments: trusted_proxies): at most 100 connections open
    # at once and 600 new ones a minute, so one address cannot hold every connection. Each
    # terminal and console holds one; the failover test streams 50 terminals from 127.0.0.1.
    # A chain whose branches all arrive through one address (a VPN concentrator, a NAT) raises
    # both, or exempts that address before track-sc0:
    #   tcp-request connection accept if { src 10.1.2.3 }
    stick-table type ipv6 size 200k expire 2m store conn_cur,conn_rate(1m)
    tcp-request connection track-sc0 src
    tcp-request connection reject if { sc_conn_cur(0) gt 100 }
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
    # TLS both ways, clients and peers alike must show a certificate of the cluster's CA.
    start "etcd$i" etcd --name "etcd$i" --data-dir "$dir/etcd$i" \
      --listen-client-urls "https://127.0.0.1:$(etcd_port $i)" \
      --advertise-client-urls "https://127.0.0.1:$(etcd_port $i)" \
      --listen-peer-urls "https://127.0.0.1:$(peer_port $i)" \
      --initial-advertise-peer-urls "https://127.0.0.1:$(peer_port $i)" \
      --cert-file "$tls/etcd$i.pem" --key-file "$tls/etcd$i.key" \
      --client-cert-auth --trusted-ca-file "$tls/ca.pem" \
      --peer-cert-file "$tls/etcd$i.pem" --peer-key-file "$tls/etcd$i.key" \
      --peer-client-cert-auth --peer-trusted-ca-file "$tls/ca.pem" \
      --initial-cluster "$(cat "$dir/etcd.initial-cluster")" \
      --initial-cluster-state "$state" --initial-cluster-token "kakunin-$base" \
      --enable-v2=true --heartbeat-interval 100 --election-timeout 1000
  done
  wait_for 30 "etcd quorum" etcd_curl "https://127.0.0.1:$(etcd_port 1)/health"
  say "etcd: 3 members on 127.0.0.1:$(etcd_port 1)-$(etcd_port 3) (TLS, client certificates of $tls/ca.pem)"
  for i in 1 2 3; do start "patroni$i" patroni "$dir/pg$i/patroni.yml"; done
  start haproxy haproxy -f "$dir/haproxy.cfg" -db
  wait_for 90 "a PostgreSQL leader" leader_member
  wait_for 90 "a synchronous standby" has_sync_standby
  # HAProxy takes every server as up until its first checks: wait until it routes to the leader.
  wait_for 30 "the leader behind HAProxy" leader_behind_haproxy
  if [ "$(psql_su -At -c "SELECT count(*) FROM pg_roles WHERE rolname = 'kakunin'")" = 0 ]; then
    # On stdin, not as an argument: the password is not shown in ps. (printf is bash's own.)
    printf "CREATE ROLE kakunin LOGIN PASSWORD '%s';\n" "$(cat "$dir/secrets/kakunin")" | psql_su
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
  local bad=0 i role health
  for i in 1 2 3; do
    health=$(etcd_curl "https://127.0.0.1:$(etcd_port $i)/health" 2>/dev/null) || health=""
    if ! alive "etcd$i"; then
      say "etcd$i      DOWN"
      bad=1
    elif [[ "$health" == *'"health":"true"'* ]]; then
      say "etcd$i      running, healthy (pid $(pid_of "etcd$i"))"
    else
      say "etcd$i      running, NOT HEALTHY (pid $(pid_of "etcd$i"))"
      bad=1
    fi
  done
  for i in 1 2 3; do
    role=$(curl -fsS --max-time 1 "http://127.0.0.1:$(rest_port $i)/patroni" 2>/dev/null |
      /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("role","?"), d.get("state","?"), "sync" if d.get("sync_standby") else "")' 2>/dev/null) || role=""
    if [ -n "$role" ]; then say "pg$i        $role (patroni pid $(pid_of "patroni$i"))"; else say "pg$i        DOWN"; bad=1; fi
  done
  if alive haproxy; then
    say "haproxy     running (stats http://127.0.0.1:$stats_port/, login admin, password in $dir/secrets/haproxy-stats)"
  else
    say "haproxy     DOWN"
    bad=1
  fi
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
