#!/bin/sh
# The course's boot.sh, for the Rust binary: say which server runs (CONTEXT=DEV or PROD, PROD
# by default), then become the app with exec, so that it stays PID 1 and gets docker stop's
# SIGTERM. The binary finds everything else in the environment (see the README).
set -e

if [ -z "${MICROBLOG_BIN:-}" ]; then
    if [ -x "$(dirname "$0")/microblog" ]; then
        MICROBLOG_BIN="$(dirname "$0")/microblog"
    else
        MICROBLOG_BIN=microblog
    fi
fi

case "${CONTEXT:-PROD}" in
    [Dd][Ee][Vv]) echo "Running Development Server" ;;
    *) echo "Running Production Server" ;;
esac

# The line is printed: the binary need not print it again.
exec "$MICROBLOG_BIN" --no-banner "$@"
