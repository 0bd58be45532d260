#!/bin/sh
# Used inside Dockerfiles (POSIX sh, no bash in every builder): copy the workspace's manifests and
# lock file from the current directory to DEST, each crate with stub sources, all dated 1970.
# Building dependencies against DEST gives a layer that changes only when a manifest or the lock
# does, however often our code changes: Docker's cache sees identical files.
#
#   sh scripts/cargo-plan.sh /plan
set -eu
dest=${1:?usage: cargo-plan.sh DEST}
find . -name target -prune -o \( -name Cargo.toml -o -name Cargo.lock \) -print | while read -r file; do
  dir=${file%/*}
  mkdir -p "$dest/$dir"
  cp "$file" "$dest/$file"
  if [ "${file##*/}" = Cargo.toml ] && [ "$dir" != . ]; then
    mkdir -p "$dest/$dir/src"
    : >"$dest/$dir/src/lib.rs"
    echo 'fn main() {}' >"$dest/$dir/src/main.rs"
  fi
done
find "$dest" -exec touch -d @0 {} +
