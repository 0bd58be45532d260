#!/usr/bin/env bash
# Every benchmark of docs/benchmarks.md, whose tables this rewrites in place (between its
# `<!-- bench-all:NAME -->` and `<!-- /bench-all:NAME -->` markers), with the date, the machine
# and the commands:
#   http     microblog (release build, CONTEXT=PROD, on this machine, not in Docker) under wrk on
#            loopback: the logged-in index (a full page of 25 posts from followed users), explore,
#            a profile, the pages' poll of /notifications and /health, at 1, 16 and 64 connections; the bare axum `hello` as the
#            ceiling, in the same run; with --flask DIR, the Flask original (a checkout of
#            miguelgrinberg/microblog v0.23, run by gunicorn with 4 workers as its deployment
#            does, on SQLite, seeded the same way) on the same pages at 1 and 16 connections.
#   startup  docker run → first 200 on /health, → healthy, docker stop and idle memory, for
#            healthapp and the ladder rungs 03, 06 and 07 (median of --runs runs).
#   cowsay   our cowsay against Debian's: cold start and a 1 MB message (scripts/bench-cowsay.sh,
#            --cowsay-runs runs, a tenth of them for 1 MB).
#
#   scripts/bench-all.sh                         # all three (about 3 minutes of wrk, 1 of
#                                                # start-ups, 1 of cowsay)
#   scripts/bench-all.sh http|startup|cowsay...  # some of them
#   options: --duration SECONDS (10, per wrk run)  --runs N (5, start-ups)  --cowsay-runs N (200)
#            --flask DIR (the original's checkout: `git clone … && git checkout v0.23`; its
#            virtualenv is made in DIR/.venv on first use; never part of this repository)
# The data work is xtask's (xtask/): seed-microblog, http-table, replace-section, free-port, wait-for.
set -euo pipefail
cd "$(dirname "$0")/.."
prog=bench-all
# shellcheck source=lib/steps.sh
. scripts/lib/steps.sh

duration=10 runs=5 cowsay_runs=200 flask='' only=()
while [ $# -gt 0 ]; do
  case $1 in
    --duration) duration=${2:?}; shift ;;
    --runs) runs=${2:?}; shift ;;
    --cowsay-runs) cowsay_runs=${2:?}; shift ;;
    --flask) flask=${2:?}; shift ;;
    http|startup|cowsay) only+=("$1") ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
  shift
done
[ ${#only[@]} -gt 0 ] || only=(http startup cowsay)
wants() { case " ${only[*]} " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

tmp=''
temp_dir tmp
pids=()
stop_servers() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
on_exit stop_servers

need_xtask

machine="$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), Linux $(uname -r)"

# replace_section NAME FILE: the text between the markers of NAME in docs/benchmarks.md becomes FILE.
replace_section() {
  xtask replace-section --doc docs/benchmarks.md --name "$1" --content "$2" || die "cannot rewrite docs/benchmarks.md"
}

free_port() { xtask free-port; }
wait_for() { xtask wait-for "$1" --within 30 || die "$1 did not answer"; }

run_http() {
  need wrk wrk
  say "building microblog and hello (release)"
  run cargo build --release --locked -p microblog -p hello

  local port hello_port microblog_pid
  port=$(free_port)
  base=http://127.0.0.1:$port
  start_microblog() {
    CONTEXT=PROD SECRET_KEY=bench-secret DATA_DIR="$tmp/data" HOST=127.0.0.1 PORT=$port \
      target/release/microblog --no-banner >>"$tmp/microblog.log" 2>&1 &
    microblog_pid=$!
    pids+=("$microblog_pid")
  }
  start_microblog
  hello_port=$(free_port)
  HOST=127.0.0.1 PORT=$hello_port target/release/hello >"$tmp/hello.log" 2>&1 &
  local hello_pid=$!
  pids+=("$hello_pid")
  wait_for "$base/health"
  wait_for "http://127.0.0.1:$hello_port/"

  say "seeding: five users write 60 posts and follow each other"
  # Through microblog's own forms (CSRF tokens included); prints alice's session cookie once her
  # index shows a full page of 25 posts.
  local cookie
  cookie=$(xtask seed-microblog --base "$base") || die "seeding microblog failed"
  ok "alice's index: 25 posts from the users she follows"
  # Measured as a site with data runs: SQLite's planner statistics gathered. A running server
  # gathers them within a minute (its task worker); a start gathers them at once.
  say "restarting microblog on its data (the planner's statistics are gathered at start)"
  kill "$microblog_pid"
  wait "$microblog_pid" || true
  start_microblog
  wait_for "$base/health"

  local rows=$tmp/http-rows
  : >"$rows"
  bench() { # bench NAME URL PID [HEADER [CONNECTIONS]]
    local args=(--name "$1" --url "$2" --pid "$3" --duration "$duration")
    [ $# -gt 3 ] && [ -n "$4" ] && args+=(--header "$4")
    [ $# -gt 4 ] && args+=(--connections "$5")
    say "wrk: $1"
    scripts/bench-http.sh "${args[@]}" | tee -a "$rows"
  }
  bench "hello (bare axum, the ceiling)" "http://127.0.0.1:$hello_port/" "$hello_pid"
  bench "microblog /index, logged in, 25 posts" "$base/index" "$microblog_pid" "Cookie: session=$cookie"
  bench "microblog /explore, logged in" "$base/explore" "$microblog_pid" "Cookie: session=$cookie"
  bench "microblog /user/bob, logged in" "$base/user/bob" "$microblog_pid" "Cookie: session=$cookie"
  bench "microblog /notifications, the pages' poll" "$base/notifications?since=0" "$microblog_pid" "Cookie: session=$cookie"
  bench "microblog /health" "$base/health" "$microblog_pid"
  grep -E ' (ERROR|WARN) ' "$tmp/microblog.log" && die "microblog logged errors under load"
  kill "$microblog_pid" "$hello_pid" 2>/dev/null || true
  if [ -n "$flask" ]; then bench_flask; fi

  # The share of hello's throughput at the same connection count.
  xtask http-table --rows "$rows" >"$tmp/http-table" || die "cannot make the HTTP table"
  {
    echo
    echo "Measured $(date -u +%Y-%m-%d) on $machine, with \`scripts/bench-all.sh http\` (wrk $duration s per"
    echo "row, 1 thread for 1 connection, else 2; the server and wrk share the machine's cores)."
    echo
    cat "$tmp/http-table"
    echo
  } >"$tmp/http-section"
  replace_section http "$tmp/http-section"
}

# The Flask original on the same pages and data: its own deployment (gunicorn, 4 sync workers),
# its default SQLite database, seeded through its forms like ours. Its RSS is the gunicorn master
# process' only (the four workers hold more each).
bench_flask() {
  if [ ! -f "$flask/microblog.py" ] || [ ! -f "$flask/requirements.txt" ]; then
    die "--flask $flask: not a checkout of miguelgrinberg/microblog (no microblog.py, requirements.txt)"
  fi
  local venv=$flask/.venv port pid cookie
  if [ ! -x "$venv/bin/gunicorn" ]; then
    say "the Flask original's virtualenv, in $venv"
    python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv && python3 -m venv "$venv"; } \
      || die "cannot make a virtualenv in $venv"
    run "$venv/bin/pip" install -q -r "$flask/requirements.txt" || die "cannot install the Flask original's requirements"
  fi
  port=$(free_port)
  local env=(FLASK_APP=microblog.py SECRET_KEY=bench-secret "DATABASE_URL=sqlite:///$tmp/flask.db")
  (cd "$flask" && env "${env[@]}" "$venv/bin/flask" db upgrade) >"$tmp/flask-migrate.log" 2>&1 \
    || { cat "$tmp/flask-migrate.log" >&2; die "the Flask original's migrations failed"; }
  (cd "$flask" && exec env "${env[@]}" "$venv/bin/gunicorn" -w 4 -b "127.0.0.1:$port" microblog:app) \
    >"$tmp/flask.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  wait_for "http://127.0.0.1:$port/auth/login"
  say "seeding the Flask original the same way"
  cookie=$(xtask seed-microblog --base "http://127.0.0.1:$port") || die "seeding the Flask original failed"
  bench "Flask original /index, logged in, 25 posts" "http://127.0.0.1:$port/index" "$pid" "Cookie: session=$cookie" "1 16"
  bench "Flask original /explore, logged in" "http://127.0.0.1:$port/explore" "$pid" "Cookie: session=$cookie" "1 16"
  bench "Flask original /user/bob, logged in" "http://127.0.0.1:$port/user/bob" "$pid" "Cookie: session=$cookie" "1 16"
  bench "Flask original /notifications, the pages' poll" "http://127.0.0.1:$port/notifications?since=0" "$pid" "Cookie: session=$cookie" "1 16"
  kill "$pid" 2>/dev/null || true
}

run_startup() {
  scripts/engine.sh >/dev/null
  local rows=$tmp/startup-rows image file
  : >"$rows"
  for image in healthapp microblog:03-slim microblog:06-distroless microblog:07-static; do
    file=${image#microblog:}
    if ! docker image inspect "$image" >/dev/null 2>&1; then
      say "building $image"
      run docker build -q -f "Dockerfiles/$file" -t "$image" . >/dev/null
    fi
    say "start-up of $image, $runs runs"
    scripts/bench-startup.sh "$image" "$runs" | tee -a "$rows"
  done
  {
    echo
    echo "Measured $(date -u +%Y-%m-%d) on $machine, Docker Engine $(docker version -f '{{.Server.Version}}'),"
    echo "with \`scripts/bench-all.sh startup\` (\`scripts/bench-startup.sh IMAGE $runs\` for each image):"
    echo "median (min–max) of $runs runs. \"healthy\" comes with the first probe, one HEALTHCHECK interval"
    echo "after the start (Engine 20.10 has no start interval); idle memory is \`docker stats\`' figure 2 s"
    echo "after the first answer."
    echo
    echo "| image | runs | run → first 200 | run → healthy | docker stop | idle memory |"
    echo "|---|---:|---:|---:|---:|---:|"
    cat "$rows"
    echo
  } >"$tmp/startup-section"
  replace_section startup "$tmp/startup-section"
}

run_cowsay() {
  need hyperfine hyperfine
  say "cowsay against Debian's, $cowsay_runs runs"
  scripts/bench-cowsay.sh "$cowsay_runs" >"$tmp/cowsay-table"
  {
    echo
    echo "Measured $(date -u +%Y-%m-%d) on $machine, with \`scripts/bench-all.sh cowsay\` (\`scripts/bench-cowsay.sh $cowsay_runs\`):"
    echo "$(hyperfine --version), Debian's cowsay $(dpkg-query -W -f '${Version}' cowsay) on Perl $(perl -e 'printf "%vd", $^V')."
    echo "Median (min–max) of $cowsay_runs runs, $(( cowsay_runs / 10 )) for the 1 MB message."
    echo
    cat "$tmp/cowsay-table"
    echo
  } >"$tmp/cowsay-section"
  replace_section cowsay "$tmp/cowsay-section"
}

wants http && run_http
wants startup && run_startup
wants cowsay && run_cowsay
say "docs/benchmarks.md rewritten"
