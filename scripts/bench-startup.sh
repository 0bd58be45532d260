#!/usr/bin/env bash
# Start-up benchmark of an image: time from `docker run` to the first 200 on /health, to the
# `healthy` status (images with a HEALTHCHECK), and of `docker stop`, and the idle memory of the
# container (`docker stats`, 2 s after its first answer); median (and min–max) of N runs.
# Loopback only, bounded. Prints one Markdown row.
#
#   scripts/bench-startup.sh IMAGE [RUNS] [CONTAINER_PORT]     e.g. scripts/bench-startup.sh healthapp 5
set -euo pipefail
prog=bench
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"

image=${1:?usage: bench-startup.sh IMAGE [RUNS] [CONTAINER_PORT]}
runs=${2:-5}
port=${3:-5000}
case $runs in ''|*[!0-9]*) die "RUNS must be a whole number, not '$runs'" ;; esac
(( runs >= 1 && runs <= 50 )) || die "RUNS must be from 1 to 50"
docker image inspect "$image" >/dev/null 2>&1 || die "no image $image: build it first"
need curl curl
need_xtask

now() { date +%s%N; }
ms_since() { echo $(( ($(now) - $1) / 1000000 )); }
name=bench-startup-$$
remove_container() { docker rm -f "$name" >/dev/null 2>&1; }
on_exit remove_container

has_health=$(docker image inspect -f '{{if .Config.Healthcheck}}yes{{end}}' "$image")

# MiB in use, from docker stats' "3.5MiB / 23.4GiB".
memory_mib() { xtask docker-mib "$(docker stats --no-stream --format '{{.MemUsage}}' "$1")"; }

first_200=() healthy=() stop=() idle=()
for i in $(seq 1 "$runs"); do
  t0=$(now)
  docker run -d --name "$name" -p "127.0.0.1::$port" "$image" >/dev/null
  host_port=$(docker port "$name" "$port/tcp" | head -n 1 | sed 's/.*://')
  deadline=$(( $(date +%s) + 30 ))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$host_port/health")" = 200 ]; do
    [ "$(date +%s)" -lt "$deadline" ] || die "no 200 on /health within 30 s"
    sleep 0.01
  done
  first_200+=("$(ms_since "$t0")")
  if [ -n "$has_health" ]; then
    until [ "$(docker inspect -f '{{.State.Health.Status}}' "$name")" = healthy ]; do
      [ "$(date +%s)" -lt "$deadline" ] || die "not healthy within 30 s"
      sleep 0.05
    done
    healthy+=("$(ms_since "$t0")")
  fi
  sleep 2
  idle+=("$(memory_mib "$name")")
  t0=$(now)
  docker stop "$name" >/dev/null
  stop+=("$(ms_since "$t0")")
  docker rm "$name" >/dev/null
  printf 'run %d: first 200 %s ms, healthy %s ms, stop %s ms, idle %s MiB\n' "$i" "${first_200[-1]}" "$([ -n "$has_health" ] && echo "${healthy[-1]}" || echo n/a)" "${stop[-1]}" "${idle[-1]}" >&2
done

# median (min–max) of numbers, with a unit
summary() { local unit=$1; shift; xtask summary --unit "$unit" "$@"; }
health_cell="n/a (no HEALTHCHECK)"
[ -n "$has_health" ] && health_cell=$(summary ms "${healthy[@]}")
printf '| %s | %s | %s | %s | %s | %s |\n' "$image" "$runs" "$(summary ms "${first_200[@]}")" "$health_cell" "$(summary ms "${stop[@]}")" "$(summary MiB "${idle[@]}")"
