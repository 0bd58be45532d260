# shellcheck shell=bash
# What every script of this repository shares: messages, stopping with an error, installing a
# missing Debian package, and temporary folders removed on exit. Set `prog` (the name messages
# start with), then source this file:
#
#   prog=ladder
#   . "$(dirname "$0")/lib/common.sh"

# log MESSAGE: a progress line on standard error.
log() { printf '%s: %s\n' "${prog:-script}" "$*" >&2; }
# warn MESSAGE: a warning on standard error; the script goes on.
warn() { printf '%s: warning: %s\n' "${prog:-script}" "$*" >&2; }
# die MESSAGE: stop with an error.
die() { printf '%s: error: %s\n' "${prog:-script}" "$*" >&2; exit 1; }

# apt_install PACKAGE...: install Debian packages without their recommends, as root. The package
# lists are refreshed only when the first try fails (a fresh machine has none, or old ones).
apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    die "$* missing: install Debian's $* as root (apt-get install $*)"
  fi
  log "installing Debian's $*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@" >/dev/null; } \
    || die "cannot install $* (apt-get install $*)"
}

# need COMMAND PACKAGE: install Debian's PACKAGE when COMMAND is missing, else stop with what to
# install.
need() {
  command -v "$1" >/dev/null && return 0
  apt_install "$2"
  hash -r
  command -v "$1" >/dev/null || die "$2 was installed but $1 is not on PATH"
}

# The repository's root, whatever the caller's directory.
_repo_root=$(cd "${BASH_SOURCE[0]%/*}/../.." && pwd)

# need_xtask: build the repository's xtask (xtask/: the scripts' data work in Rust) before the
# first `xtask` call. Release, as the servers the benchmarks build: dissect reads gigabytes there.
need_xtask() {
  (cd "$_repo_root" && cargo build --release --locked -q -p xtask) \
    || die "cannot build xtask (cargo build --release -p xtask)"
}
# xtask ARG...: run it (see `xtask --help`).
xtask() { "${CARGO_TARGET_DIR:-$_repo_root/target}/release/xtask" "$@"; }

# Cleanups run on exit, whatever the exit: the temporary folders, then the registered functions.
_exit_dirs=()
_exit_functions=()
_on_exit() {
  local f
  for f in "${_exit_functions[@]}"; do "$f" || true; done
  [ ${#_exit_dirs[@]} -eq 0 ] || rm -rf "${_exit_dirs[@]}"
}
trap _on_exit EXIT

# on_exit FUNCTION: run FUNCTION when the script exits (after the ones registered before it).
on_exit() { _exit_functions+=("$1"); }

# temp_dir VAR [PARENT]: a new temporary folder (in PARENT, default $TMPDIR or /tmp), its path in
# VAR, removed with everything in it when the script exits.
temp_dir() {
  local _temp_dir_path
  _temp_dir_path=$(mktemp -d "${2:-${TMPDIR:-/tmp}}/${prog:-script}.XXXXXX") \
    || die "cannot create a temporary folder in ${2:-${TMPDIR:-/tmp}}"
  _exit_dirs+=("$_temp_dir_path")
  printf -v "$1" '%s' "$_temp_dir_path"
}
