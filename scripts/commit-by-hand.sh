#!/usr/bin/env bash
# TP 2b, "construire une image à la main": run a container that changes files, look at the
# changes with `docker diff`, turn the container into an image with `docker commit`, and see the
# new layer on top of the base with `docker image history`.
#
#   scripts/commit-by-hand.sh                      # debian:bookworm-slim -> debian:updated
#   scripts/commit-by-hand.sh --tag my/debian:hand
#   scripts/commit-by-hand.sh --apt                # the course's own change: apt-get update (needs the network)
set -euo pipefail
prog=commit-by-hand
. "$(dirname "$0")/lib/steps.sh"

base=debian:bookworm-slim
tag=debian:updated
apt=0

while [ $# -gt 0 ]; do
  case $1 in
    --base) base=${2:?--base needs an image}; shift ;;
    --tag) tag=${2:?--tag needs a name}; shift ;;
    --apt) apt=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done
docker info >/dev/null 2>&1 || die "no Docker engine answers: run scripts/engine.sh first"
docker image inspect "$base" >/dev/null 2>&1 || die "no image $base: run scripts/seed-base-images.sh"

name=debian-updated-$$
remove_container() { docker rm -f "$name" >/dev/null 2>&1; }
on_exit remove_container

say "Run a container that changes its files"
if [ "$apt" = 1 ]; then
  change='apt-get update'
else
  # One file added, one changed, one deleted: the three letters of docker diff, offline.
  change='mkdir -p /srv/course && echo "built by hand" > /srv/course/made-by-hand.txt && echo "Bienvenue" >> /etc/motd && rm /etc/issue.net'
fi
run docker run --name "$name" "$base" sh -c "$change" >/dev/null

say "What changed in the container's writable layer (A added, C changed, D deleted)"
run docker diff "$name"

say "Commit the container as a new image"
run docker commit -m "by hand: $change" "$name" "$tag" >/dev/null
before=$(docker image inspect -f '{{len .RootFS.Layers}}' "$base")
after=$(docker image inspect -f '{{len .RootFS.Layers}}' "$tag")
[ "$after" -eq $((before + 1)) ] || die "$tag has $after layers, expected $before + 1"
ok "$tag has $after layers: the $before of $base, plus the container's"

say "The new layer sits on top of the base's history"
run docker image history "$tag"
