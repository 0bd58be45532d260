#!/usr/bin/env bash
# Make sure a Docker engine answers. On Debian, as root, install Debian's docker.io (Engine 20.10)
# if needed and start dockerd in the background. Idempotent: safe to call twice, even at once.
set -euo pipefail
prog=engine
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"

engine_up() { docker info >/dev/null 2>&1; }

if engine_up; then
  log "engine answers (server $(docker version --format '{{.Server.Version}}' 2>/dev/null))"
  exit 0
fi

[ "$(id -u)" -eq 0 ] || die "no Docker engine answers and we are not root: start one, or run this script as root"
[ -r /etc/debian_version ] || die "no Docker engine answers and this is not Debian: install and start Docker yourself"

# One caller at a time from here on: a second caller waits, then finds the engine up.
exec 9>/run/course-docker-engine.lock
flock 9
if engine_up; then log "engine answers (started by another caller)"; exit 0; fi

command -v dockerd >/dev/null 2>&1 || apt_install docker.io iptables ca-certificates
command -v docker >/dev/null 2>&1 || die "dockerd is installed but no docker client is on PATH"

pidfile=/var/run/docker.pid
if [ -f "$pidfile" ]; then
  pid=$(cat "$pidfile" 2>/dev/null || true)
  if [ -n "$pid" ] && [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = dockerd ]; then
    log "dockerd (pid $pid) is running but not answering yet; waiting for it"
  else
    log "removing stale pid file $pidfile (pid '${pid}' is gone)"
    rm -f "$pidfile"
  fi
fi

if ! pgrep -x dockerd >/dev/null 2>&1; then
  logfile=/var/log/dockerd.log
  log "starting dockerd (log: $logfile)"
  # setsid: the daemon must outlive this script and the test run that called it.
  setsid dockerd --pidfile "$pidfile" >>"$logfile" 2>&1 < /dev/null &
fi

for _ in $(seq 1 120); do
  if engine_up; then
    log "engine answers (server $(docker version --format '{{.Server.Version}}'))"
    exit 0
  fi
  sleep 0.5
done
tail -n 20 /var/log/dockerd.log >&2 || true
die "dockerd did not answer within 60 s (see /var/log/dockerd.log)"
