#!/usr/bin/env bash
# Make the two secrets compose.yaml reads, once, outside git (secrets/ is ignored): the database
# password and microblog's SECRET_KEY, random, readable by the containers' users. Existing ones
# are kept: a new password would no longer open the database's volume.
#
#   scripts/stack-secrets.sh            # into ./secrets
#   scripts/stack-secrets.sh DIR        # into DIR (then MICROBLOG_SECRETS=DIR docker-compose ...)
set -euo pipefail
prog=stack-secrets
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"

dir=${1:-$_repo_root/secrets}
mkdir -p "$dir"
for name in db_password secret_key; do
  if [ -s "$dir/$name" ]; then
    log "$dir/$name: kept"
    continue
  fi
  # 32 random bytes as hex: safe in a URL and a shell. Readable by all: a compose bind mount
  # keeps the file's owner and mode, and the app runs as user 65532 (Swarm's secrets are 0444).
  od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >"$dir/$name"
  chmod 0644 "$dir/$name"
  log "$dir/$name: created"
done
