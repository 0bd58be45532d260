#!/usr/bin/env bash
# Throughput and latency of one URL with wrk, at several connection counts: one Markdown row per
# count with req/s, p50, p99, and the server's resident memory (RSS now and peak). Loopback only;
# each run is bounded by its duration.
#
#   scripts/bench-http.sh --name hello --url http://127.0.0.1:3000/ --pid 1234
#   options: --duration SECONDS (10)  --connections "1 16 64"  --header "Cookie: session=…"
set -euo pipefail
prog=bench-http
. "$(dirname "$0")/lib/steps.sh"

name='' url='' pid='' duration=10 connections='1 16 64' header=''
while [ $# -gt 0 ]; do
  case $1 in
    --name) name=${2:?}; shift ;;
    --url) url=${2:?}; shift ;;
    --pid) pid=${2:?}; shift ;;
    --duration) duration=${2:?}; shift ;;
    --connections) connections=${2:?}; shift ;;
    --header) header=${2:?}; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done
if [ -z "$name" ] || [ -z "$url" ] || [ -z "$pid" ]; then die "--name, --url and --pid are required"; fi
case $url in
  http://127.*|http://localhost[:/]*|http://\[::1\]*) ;;
  *) die "only loopback URLs may be load-tested, not '$url'" ;;
esac
case $duration in ''|*[!0-9]*) die "--duration must be whole seconds" ;; esac
(( duration >= 1 && duration <= 60 )) || die "--duration must be from 1 to 60 seconds"
[ -r "/proc/$pid/status" ] || die "no process $pid to measure"
need wrk wrk
need_xtask

for c in $connections; do
  threads=$(( c < 2 ? 1 : 2 ))
  args=(-t "$threads" -c "$c" -d "${duration}s" --latency --timeout 5s)
  [ -n "$header" ] && args+=(-H "$header")
  # The row: req/s, p50, p99 and the server's memory; refused on errors or non-2xx answers.
  wrk "${args[@]}" "$url" | xtask wrk-row --name "$name" --connections "$c" --pid "$pid" \
    || die "$name at $c connections: no row (see above)"
done
