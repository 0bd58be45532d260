# shellcheck shell=bash
# Helpers for the exercise scripts, which show each command the way a student would type it.
# Source it after setting `prog` (the name used in messages); it brings scripts/lib/common.sh too
# (log, die, need, temporary folders).

# shellcheck source=common.sh
. "${BASH_SOURCE[0]%/*}/common.sh"

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
