#!/usr/bin/env bash
# The main job: bring up the engine, seed the base images, build every image of Dockerfiles/ (the
# microblog ladder in order, then the other images) and print the size report, also written to
# docs/size-report.md and docs/size-report.svg. Three build times per image: the build, a rebuild
# with nothing changed, and a rebuild after an edit to one microblog source file (made in a copy of
# the build context, never in the repository).
#
#   scripts/build-ladder.sh           # build (layer cache allowed), then the two rebuilds
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

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The same context with one microblog source file edited, as a student's edit would.
edited=$tmp/context
mkdir "$edited"
tar -C . --exclude=./target --exclude=./.git -cf - . | tar -C "$edited" -xf -
# The date makes each edit new, so that no earlier run's layer cache serves it.
printf '\n// An edit, to time the rebuild (%s).\n' "$(date +%s.%N)" >>"$edited/microblog/src/routes/main.rs"

# Where the sources live, for the images' org.opencontainers.image.source label.
source_url=$(git remote get-url origin 2>/dev/null || true)

# build SECONDS_VAR CONTEXT DOCKERFILE [docker build flags…]: builds, sets the variable to the time.
build() {
  local var=$1 context=$2 dockerfile=$3
  shift 3
  local t0
  t0=$(date +%s.%N)
  if ! docker build -q --build-arg "SOURCE_URL=$source_url" "$@" -f "$context/Dockerfiles/$dockerfile" "$context" \
      >"$tmp/id" 2>"$tmp/err"; then
    cat "$tmp/err" >&2
    die "building Dockerfiles/$dockerfile failed"
  fi
  printf -v "$var" '%s' "$(seconds_since "$t0")"
}

rows=()
first='' warm='' edit=''
for name in "${files[@]}"; do
  tag=$(tag_of "$name")
  flags=(-t "$tag")
  [ "$cold" = 1 ] && flags+=(--no-cache)
  log "building $tag from Dockerfiles/$name"
  build first . "$name" "${flags[@]}"
  build warm . "$name" -t "$tag"
  log "rebuilding $tag after an edit to microblog/src/routes/main.rs"
  build edit "$edited" "$name"
  # The edited image is only for the timing; an image the edit does not touch is the tagged one.
  edited_id=$(cat "$tmp/id")
  if [ "$edited_id" != "$(docker image inspect -f '{{.Id}}' "$tag")" ]; then
    docker image rm "$edited_id" >/dev/null 2>&1 || true
  fi
  log "$tag: build $first s, rebuild $warm s, rebuild after the edit $edit s"

  final=scratch
  stand_ins=()
  while read -r base; do
    case $base in
      final=*) final=${base#final=} ;;
      *) case " ${stand_ins[*]-} " in *" $base "*) ;; *) [ -n "$(label_of "$base")" ] && stand_ins+=("$base") ;; esac ;;
    esac
  done < <(bases_of "$name")
  base=$final
  [ ${#stand_ins[@]} -gt 0 ] && base="$final (built on stand-in: ${stand_ins[*]})"

  size=$(docker image inspect -f '{{.Size}}' "$tag")
  layers=$(docker image inspect -f '{{len .RootFS.Layers}}' "$tag")
  user=$(docker image inspect -f '{{.Config.User}}' "$tag")
  health=$(docker image inspect -f '{{if .Config.Healthcheck}}{{join .Config.Healthcheck.Test " "}}{{end}}' "$tag")
  rows+=("$tag|$base|$(awk -v b="$size" 'BEGIN { printf "%.2f MB", b / 1e6 }')|$layers|${user:-root}|${health:-none}|$first s|$warm s|$edit s")
done

mkdir -p docs
first_label=$([ "$cold" = 1 ] && echo "cold build" || echo "build, cache allowed")
{
  echo "# Image size report"
  echo
  echo "Made by \`scripts/build-ladder.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, Docker Engine $(docker version -f '{{.Server.Version}}')."
  echo "Sizes are uncompressed, as \`docker images\` shows them. \"built on stand-in\" marks images whose"
  echo "base images were built locally by \`scripts/seed-base-images.sh\` because none could be pulled."
  echo
  echo "![Image sizes](size-report.svg)"
  echo
  if [ "$cold" = 1 ]; then
    echo "Cold build: \`docker build --no-cache\`, each image on its own (the rungs that share a build stage"
    echo "each compile it again; in a normal build 04–06 reuse 03's layers and take under a second)."
  else
    echo "Build: \`docker build\` with the layer cache allowed, so it depends on what was built before"
    echo "(\`scripts/build-ladder.sh --cold\` measures cold builds)."
  fi
  echo "Rebuild after a microblog edit: the same build with a line added to \`microblog/src/routes/main.rs\`"
  echo "(in a copy of the context): the images that do not contain microblog do not recompile."
  echo
  echo "| image | base | size | layers | user | healthcheck | $first_label | rebuild, no change | rebuild after a microblog edit |"
  echo "|---|---|---:|---:|---|---|---:|---:|---:|"
  for row in "${rows[@]}"; do echo "| ${row//|/ | } |"; done
} >docs/size-report.md

# What is inside: our layer analyzer on every image, one table (it reads `docker save`).
log "dissecting the images (dissect compare)"
cargo build --release --locked -q -p dissect
images=()
for name in "${files[@]}"; do images+=(--image "$(tag_of "$name")"); done
target/release/dissect compare "${images[@]}" >"$tmp/dissect" || die "dissect compare failed"
{
  echo
  echo "## Layers, files and wasted space"
  echo
  echo "\`dissect compare\` (this repository's layer analyzer, \`dissect/\`) on the same images: files in"
  echo "all layers, bytes that a later layer overwrites or deletes (wasted), and efficiency, as dive counts it."
  echo
  echo '```'
  cat "$tmp/dissect"
  echo '```'
} >>docs/size-report.md

# The same sizes as a bar chart. A log scale: the images range from about a megabyte to gigabytes.
awk -F'|' -v date="$(date -u +%Y-%m-%d)" '
  function esc(t) { gsub(/&/, "\\&amp;", t); gsub(/</, "\\&lt;", t); gsub(/>/, "\\&gt;", t); return t }
  {
    n++; name[n] = $1; mb[n] = $3 + 0; stand[n] = ($2 ~ /stand-in/)
    if (mb[n] > max) max = mb[n]
  }
  END {
    left = 230; width = 520; row = 26; top = 50
    lo = 0.1; hi = 10; while (hi < max) hi *= 10
    h = top + n * row + 50
    printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"13\">\n", left + width + 110, h
    printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
    printf "<text x=\"10\" y=\"24\" font-size=\"16\" font-weight=\"bold\">Image sizes (MB, log scale), %s</text>\n", date
    for (t = lo; t <= hi; t *= 10) {
      x = left + width * log(t / lo) / log(hi / lo)
      printf "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>\n", x, top - 8, x, top + n * row
      printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">%g</text>\n", x, top + n * row + 16, t
    }
    for (i = 1; i <= n; i++) {
      y = top + (i - 1) * row
      v = mb[i] < lo ? lo : mb[i]
      w = width * log(v / lo) / log(hi / lo)
      printf "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n", left - 8, y + 14, esc(name[i])
      printf "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"%s\"/>\n", left, y, w, stand[i] ? "#e8a33d" : "#3d7ee8"
      printf "<text x=\"%.1f\" y=\"%d\">%.2f MB</text>\n", left + w + 6, y + 14, mb[i]
    }
    printf "<rect x=\"10\" y=\"%d\" width=\"12\" height=\"12\" fill=\"#e8a33d\"/><text x=\"28\" y=\"%d\">built on a local stand-in base image</text>\n", h - 22, h - 12
    printf "</svg>\n"
  }' < <(printf '%s\n' "${rows[@]}") >docs/size-report.svg

printf '\n'
column -t -s '|' < <(printf 'IMAGE|BASE|SIZE|LAYERS|USER|HEALTHCHECK|%s|NO CHANGE|EDIT\n' "${first_label^^}"; printf '%s\n' "${rows[@]}")
printf '\n'
cat "$tmp/dissect"
printf '\nladder: report written to docs/size-report.md and docs/size-report.svg\n'
