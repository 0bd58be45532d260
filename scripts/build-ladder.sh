#!/usr/bin/env bash
# The main job: bring up the engine, seed the base images, build every image of Dockerfiles/ (the
# microblog ladder in order, then the other images) and print the size report, also written to
# docs/size-report.md and docs/size-report.svg. Build times per image: the build and a rebuild with
# nothing changed; with --full also a rebuild after an edit to one microblog source file (made in
# a copy of the build context, never in the repository), which recompiles microblog for every
# rung and takes most of a full run. It says which image it builds and for how long so far.
#
#   scripts/build-ladder.sh           # quick: build (layer cache allowed), rebuild unchanged
#   scripts/build-ladder.sh --full    # and time a rebuild after an edit, as a student would
#   scripts/build-ladder.sh --cold    # first build without the layer cache (slow: minutes a rung)
#   scripts/build-ladder.sh IMAGE...  # only these Dockerfiles (e.g. healthapp 07-static)
# The report itself (Dockerfile bases, image details, dissect's table, the SVG chart) is written by
# `xtask size-report` (xtask/), from the times measured here.
set -euo pipefail
cd "$(dirname "$0")/.."
prog=ladder
# shellcheck source=lib/common.sh
. scripts/lib/common.sh

cold=0
full=0
only=()
for arg; do
  case $arg in
    --cold) cold=1 ;;
    --full) full=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
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

# The report's tool, built before the timings start.
need_xtask

# Seconds since a `date +%s%N` time, rounded to the tenth.
seconds_since() {
  local tenths=$(( ($(date +%s%N) - $1 + 50000000) / 100000000 ))
  printf '%d.%d' $(( tenths / 10 )) $(( tenths % 10 ))
}

tmp=''
temp_dir tmp

# The same context with one microblog source file edited, as a student's edit would.
edited=$tmp/context
if [ "$full" = 1 ]; then
  mkdir "$edited"
  tar -C . --exclude=./target --exclude=./.git -cf - . | tar -C "$edited" -xf -
  # The date makes each edit new, so that no earlier run's layer cache serves it.
  printf '\n// An edit, to time the rebuild (%s).\n' "$(date +%s.%N)" >>"$edited/microblog/src/routes/main.rs"
fi

# Where the sources live, for the images' org.opencontainers.image.source label.
source_url=$(git remote get-url origin 2>/dev/null || true)

# build SECONDS_VAR CONTEXT DOCKERFILE [docker build flags…]: builds, sets the variable to the
# time; says every 15 s that it is still at it, so that a long compile does not look like a hang.
build() {
  local var=$1 context=$2 dockerfile=$3
  shift 3
  local t0 pid status=0
  t0=$(date +%s%N)
  docker build -q --build-arg "SOURCE_URL=$source_url" "$@" -f "$context/Dockerfiles/$dockerfile" "$context" \
    >"$tmp/id" 2>"$tmp/err" &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    local elapsed=$(( ($(date +%s%N) - t0) / 1000000000 ))
    if [ $(( elapsed % 15 )) = 0 ] && kill -0 "$pid" 2>/dev/null; then
      log "  … still building Dockerfiles/$dockerfile, ${elapsed} s so far (step $step of $total, whole run $(( $(date +%s) - started )) s)"
    fi
  done
  wait "$pid" || status=$?
  if [ "$status" != 0 ]; then
    cat "$tmp/err" >&2
    die "building Dockerfiles/$dockerfile failed"
  fi
  printf -v "$var" '%s' "$(seconds_since "$t0")"
}

first='' warm='' edit=''
started=$(date +%s) step=0 total=${#files[@]}
: >"$tmp/measurements"
for name in "${files[@]}"; do
  step=$(( step + 1 ))
  tag=$(tag_of "$name")
  flags=(-t "$tag")
  [ "$cold" = 1 ] && flags+=(--no-cache)
  log "[$step/$total] building $tag from Dockerfiles/$name"
  build first . "$name" "${flags[@]}"
  build warm . "$name" -t "$tag"
  edit=-
  if [ "$full" = 1 ]; then
    log "[$step/$total] rebuilding $tag after an edit to microblog/src/routes/main.rs"
    build edit "$edited" "$name"
    # The edited image is only for the timing; an image the edit does not touch is the tagged one.
    edited_id=$(cat "$tmp/id")
    if [ "$edited_id" != "$(docker image inspect -f '{{.Id}}' "$tag")" ]; then
      docker image rm "$edited_id" >/dev/null 2>&1 || true
    fi
  fi
  log "[$step/$total] $tag: build $first s, rebuild $warm s, rebuild after the edit ${edit/#-/not timed (--full)}$([ "$edit" = - ] || echo ' s')"

  printf '%s|%s|%s|%s|%s\n' "$name" "$tag" "$first" "$warm" "$edit" >>"$tmp/measurements"
done

log "dissecting the images (dissect compare) and writing the report"
cold_flag=()
[ "$cold" = 1 ] && cold_flag=(--cold)
xtask size-report --measurements "$tmp/measurements" "${cold_flag[@]}"
printf '\nladder: report written to docs/size-report.md and docs/size-report.svg\n'
