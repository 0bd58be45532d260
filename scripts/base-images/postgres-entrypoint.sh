#!/bin/sh
# The postgres stand-in's entrypoint (see postgres.Dockerfile), written for this repository after
# the official image's documented behaviour:
# - `postgres [ARGS]` (the default command) runs the server as the `postgres` user, after
#   creating the cluster in $PGDATA on the first start only (an existing one is left as it is);
# - POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE, a Docker secret) is the superuser's password,
#   required unless POSTGRES_HOST_AUTH_METHOD=trust; POSTGRES_USER (default postgres) is the
#   superuser; POSTGRES_DB (default: the user's name) is created; POSTGRES_INITDB_ARGS go to
#   initdb; *.sql and *.sh files of /docker-entrypoint-initdb.d run once, on that first start;
# - connections from other containers need the password (scram-sha-256); local ones do not;
# - any other command is run as it is.
set -eu

fail() { printf 'postgres-entrypoint: error: %s\n' "$*" >&2; exit 1; }
say() { printf 'postgres-entrypoint: %s\n' "$*"; }

# VAR_FILE holds the value of VAR (Docker secrets); both at once is a mistake.
from_file() {
  var=$1
  eval "value=\${$var:-}" "file=\${${var}_FILE:-}"
  # shellcheck disable=SC2154 # set by the eval above
  if [ -n "$file" ]; then
    [ -z "$value" ] || fail "both $var and ${var}_FILE are set: choose one"
    [ -r "$file" ] || fail "${var}_FILE: cannot read $file"
    value=$(cat "$file")
    export "$var=$value"
  fi
  unset "${var}_FILE"
}

if [ "${1:-}" != postgres ]; then
  exec "$@"
fi

# As root (the default): own the data and socket directories, then start again as postgres.
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

from_file POSTGRES_PASSWORD
from_file POSTGRES_USER
from_file POSTGRES_DB
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$auth" != trust ]; then
    fail "the database has no cluster yet and no superuser password was given: set POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE), or POSTGRES_HOST_AUTH_METHOD=trust to allow connections without one"
  fi
  say "first start: creating the cluster in $PGDATA"
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of arguments
  printf '%s\n' "${POSTGRES_PASSWORD:-}" \
    | initdb --username="$POSTGRES_USER" --pwfile=/dev/stdin --auth-local=trust \
        --auth-host="$auth" ${POSTGRES_INITDB_ARGS:-} >/dev/null
  printf 'host all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"
  printf "listen_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  # A server for this set-up only, on the socket: nothing outside sees a half-made database.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  if [ "$POSTGRES_DB" != postgres ]; then
    # psql quotes the name itself (:"name"), in what it reads, not in -c.
    printf 'CREATE DATABASE :"name";\n' \
      | psql -v ON_ERROR_STOP=1 -q --username="$POSTGRES_USER" --dbname=postgres --set=name="$POSTGRES_DB"
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case $f in
      *.sql) say "running $f"; psql -v ON_ERROR_STOP=1 -q --username="$POSTGRES_USER" --dbname="$POSTGRES_DB" -f "$f" ;;
      *.sh)
        say "running $f"
        # shellcheck disable=SC1090 # the image's user provides them
        . "$f" ;;
      *) if [ -e "$f" ]; then say "ignoring $f"; fi ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  say "the cluster is ready"
fi

unset POSTGRES_PASSWORD
exec "$@"
