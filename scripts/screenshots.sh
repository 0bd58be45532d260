#!/usr/bin/env bash
# The pictures of microblog in docs/microblog.md, taken by the browser tests themselves:
# they run on the real binary with MICROBLOG_SCREENSHOTS set, and each `picture` step of a
# scenario (tests/tests/browser.rs) writes docs/screenshots/<page>-<width>.png, at a laptop's
# width (1280 px) and a phone's (390 px). Run it after a change to how the pages look, look at
# the pictures, commit them. The test runs of CI take none.
#
#   scripts/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
prog=screenshots
# shellcheck source=lib/common.sh
. scripts/lib/common.sh

command -v cargo >/dev/null || die "cargo is not on PATH: install a Rust toolchain first"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

out=docs/screenshots
mkdir -p "$out"
# Pictures of pages no scenario shows any more go too.
rm -f "$out"/*.png
log "running the browser scenarios on the binary, pictures into $out/"
MICROBLOG_SCREENSHOTS="$PWD/$out" cargo test -q --locked -p container-tests --test browser -- binary_at \
  || die "a browser scenario failed (see above): the pictures are incomplete, fix it and run again"
count=$(find "$out" -name '*.png' | wc -l)
[ "$count" -gt 0 ] || die "the scenarios took no picture"
log "$count pictures in $out/ ($(du -sh "$out" | cut -f1)): look at them before committing"
