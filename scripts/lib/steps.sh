# Helpers for the exercise scripts, which show each command the way a student would type it.
# Source it after setting `prog` (the name used in error messages).

# die MESSAGE: stop with an error.
die() { printf '%s: error: %s\n' "${prog:-script}" "$*" >&2; exit 1; }
# say TITLE: a step's heading.
say() { printf '\n== %s\n' "$*"; }
# ok TEXT: an outcome the script has checked.
ok() { printf '   ok: %s\n' "$*"; }

# show ARG...: print a command as typed, quoting the arguments that need it.
show() {
  local line='$' arg
  for arg in "$@"; do
    case $arg in
      *[[:space:]\"\'\&\>\<\|\;\$\*]* | '') line+=" '${arg//\'/\'\\\'\'}'" ;;
      *) line+=" $arg" ;;
    esac
  done
  printf '%s\n' "$line" >&2
}
# run ARG...: show the command, then run it.
run() { show "$@"; "$@"; }
# run_logged LOG ARG...: the same, with the command's own output kept in LOG.
run_logged() { local log=$1; shift; show "$@"; "$@" >"$log" 2>&1; }

# need COMMAND PACKAGE: install Debian's PACKAGE when COMMAND is missing (as root; the package
# lists are refreshed only when the first try fails), else stop with what to install.
need() {
  command -v "$1" >/dev/null && return 0
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null \
    || die "$1 is missing: install Debian's $2 (apt-get install $2)"
  printf '   installing Debian'\''s %s (for %s)\n' "$2" "$1" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "$2" >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "$2" >/dev/null; } \
    || die "cannot install $2"
  command -v "$1" >/dev/null || die "$2 was installed but $1 is not on PATH"
}
