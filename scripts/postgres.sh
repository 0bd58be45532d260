#!/usr/bin/env bash
# A throwaway PostgreSQL server for microblog's PostgreSQL tests: Debian's server binaries, a
# cluster of its own under /var/tmp (never the system's), listening on 127.0.0.1 only, with a
# password. Installs Debian's postgresql when missing (as root). Idempotent: when the server
# already answers, it only prints the URL.
#
#   scripts/postgres.sh           # start it; prints the admin URL on stdout
#   scripts/postgres.sh --stop    # stop it (the cluster stays on disk for the next start)
#
#   MICROBLOG_PG_PORT (default 55432), MICROBLOG_PG_DIR (default /var/tmp/microblog-test-postgres)
set -euo pipefail

port=${MICROBLOG_PG_PORT:-55432}
dir=${MICROBLOG_PG_DIR:-/var/tmp/microblog-test-postgres}
# Test credentials of a server that only listens on loopback and holds only test databases.
role=microblog
password=microblog-test
url="postgres://$role:$password@127.0.0.1:$port/postgres"

prog=postgres
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"

server_bin() {
  [ -d /usr/lib/postgresql ] || return 0
  find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d | sort -V | tail -n 1
}

bin=$(server_bin)
if [ -z "$bin" ]; then
  apt_install postgresql
  bin=$(server_bin)
  [ -n "$bin" ] || die "postgresql was installed but no server binaries are under /usr/lib/postgresql"
fi

# The server refuses to run as root: as root, the cluster belongs to the postgres user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = --stop ]; then
  if [ -f "$dir/PG_VERSION" ]; then
    as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
  fi
  log "stopped"
  exit 0
fi
[ $# -eq 0 ] || die "unknown argument '$1' (see the header of $0)"

if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  printf '%s\n' "$url"
  exit 0
fi

if [ ! -f "$dir/PG_VERSION" ]; then
  log "creating a cluster in $dir"
  rm -rf "$dir"
  mkdir -p "$dir"
  pwdir=''
  temp_dir pwdir
  pwfile=$pwdir/password
  printf '%s\n' "$password" >"$pwfile"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir" "$pwdir" "$pwfile"; fi
  chmod 700 "$dir"
  as_owner "$bin/initdb" -D "$dir" -U "$role" --pwfile="$pwfile" --auth=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 \
    || { cat "$dir.initdb.log" >&2; die "initdb failed"; }
fi

# A server killed with its machine leaves its pid file behind; a live process of that pid that is
# not a postgres (a reused pid) would stop the new server from starting.
if [ -f "$dir/postmaster.pid" ]; then
  pid=$(head -n 1 "$dir/postmaster.pid")
  if ! ps -p "$pid" -o comm= 2>/dev/null | grep -q postgres; then
    log "removing a stale pid file (pid $pid is not a running postgres)"
    rm -f "$dir/postmaster.pid"
  fi
fi

# Loopback only, the socket inside the cluster's directory; no fsync: it holds test data only.
log "starting on 127.0.0.1:$port"
as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c max_connections=200" \
  start >/dev/null \
  || { tail -n 20 "$dir/server.log" >&2; die "the server did not start (log: $dir/server.log)"; }
"$bin/pg_isready" -q -h 127.0.0.1 -p "$port" || die "the server started but does not answer on 127.0.0.1:$port"
printf '%s\n' "$url"
