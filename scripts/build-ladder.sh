#!/usr/bin/env bash
# The main job: bring up the engine, seed the base images, build every image of Dockerfiles/ (the
# microblog ladder in order, then the other images) and print the size report, also written to
# docs/size-report.md.
#
#   scripts/build-ladder.sh           # build (layer cache allowed), then rebuild warm
#   scripts/build-ladder.sh --cold    # first build without the layer cache (slow: minutes a rung)
#   scripts/build-ladder.sh IMAGE...  # only these Dockerfiles (e.g. healthapp 07-static)
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'ladder: %s\n' "$*" >&2; }
die() { printf 'ladder: error: %s\n' "$*" >&2; exit 1; }

cold=0
only=()
for arg; do
  case $arg in
    --cold) cold=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    -*) die "unknown option '$arg' (see --help)" ;;
    *) [ -f "Dockerfiles/$arg" ] || die "no Dockerfiles/$arg"; only+=("$arg") ;;
  esac
done

scripts/engine.sh
scripts/seed-base-images.sh

# Tag of each Dockerfile: rungs are microblog:NN-name, the others are named after themselves.
tag_of() { case $1 in [0-9][0-9]-*) echo "microblog:$1" ;; *) echo "$1" ;; esac; }

if [ ${#only[@]} -gt 0 ]; then
  files=("${only[@]}")
else
  files=()
  for f in Dockerfiles/[0-9][0-9]-* Dockerfiles/*; do
    name=${f#Dockerfiles/}
    [ -f "$f" ] || continue
    case " ${files[*]-} " in *" $name "*) continue ;; esac
    files+=("$name")
  done
fi
[ ${#files[@]} -gt 0 ] || die "nothing to build in Dockerfiles/"

seconds_since() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

# The images a Dockerfile builds FROM (not scratch, not its own stages), ARG defaults applied.
bases_of() {
  awk '
    toupper($1) == "ARG" && index($2, "=") { split($2, kv, "="); arg[kv[1]] = kv[2] }
    toupper($1) == "FROM" {
      image = $2
      for (a in arg) { gsub("\\$\\{" a "\\}", arg[a], image); gsub("\\$" a, arg[a], image) }
      if (toupper($3) == "AS") stage[tolower($4)] = 1
      if (image != "scratch" && !(tolower(image) in stage)) print image
      last = image
    }
    END { print "final=" last }' "Dockerfiles/$1"
}

label_of() { docker image inspect -f '{{index .Config.Labels "course.stand-in"}}' "$1" 2>/dev/null || true; }

rows=()
for name in "${files[@]}"; do
  tag=$(tag_of "$name")
  flags=()
  [ "$cold" = 1 ] && flags+=(--no-cache)
  log "building $tag from Dockerfiles/$name"
  t0=$(date +%s.%N)
  docker build "${flags[@]}" -q -f "Dockerfiles/$name" -t "$tag" . >/dev/null 2>build.err \
    || { cat build.err >&2; rm -f build.err; die "building $tag failed"; }
  first=$(seconds_since "$t0")
  t0=$(date +%s.%N)
  docker build -q -f "Dockerfiles/$name" -t "$tag" . >/dev/null 2>build.err \
    || { cat build.err >&2; rm -f build.err; die "rebuilding $tag failed"; }
  warm=$(seconds_since "$t0")
  rm -f build.err

  final=scratch
  stand_ins=()
  while read -r base; do
    case $base in
      final=*) final=${base#final=} ;;
      *) [ -n "$(label_of "$base")" ] && stand_ins+=("$base") ;;
    esac
  done < <(bases_of "$name")
  base=$final
  [ ${#stand_ins[@]} -gt 0 ] && base="$final (built on stand-in: ${stand_ins[*]})"

  size=$(docker image inspect -f '{{.Size}}' "$tag")
  layers=$(docker image inspect -f '{{len .RootFS.Layers}}' "$tag")
  user=$(docker image inspect -f '{{.Config.User}}' "$tag")
  health=$(docker image inspect -f '{{if .Config.Healthcheck}}{{join .Config.Healthcheck.Test " "}}{{end}}' "$tag")
  rows+=("$tag|$base|$(awk -v b="$size" 'BEGIN { printf "%.2f MB", b / 1e6 }')|$layers|${user:-root}|${health:-none}|$first s|$warm s")
done

mkdir -p docs
first_label=$([ "$cold" = 1 ] && echo "cold build" || echo "build")
{
  echo "# Image size report"
  echo
  echo "Made by \`scripts/build-ladder.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, Docker Engine $(docker version -f '{{.Server.Version}}')."
  echo "Sizes are uncompressed, as \`docker images\` shows them. \"built on stand-in\" marks images whose"
  echo "base images were built locally by \`scripts/seed-base-images.sh\` because none could be pulled."
  echo
  echo "| image | base | size | layers | user | healthcheck | $first_label | warm rebuild |"
  echo "|---|---|---:|---:|---|---|---:|---:|"
  for row in "${rows[@]}"; do echo "| ${row//|/ | } |"; done
} >docs/size-report.md

printf '\n'
column -t -s '|' < <(printf 'IMAGE|BASE|SIZE|LAYERS|USER|HEALTHCHECK|%s|WARM\n' "${first_label^^}"; printf '%s\n' "${rows[@]}")
printf '\nladder: report written to docs/size-report.md\n'
