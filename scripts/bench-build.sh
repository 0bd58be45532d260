#!/usr/bin/env bash
# The classroom loop, per release profile: how long the static microblog (07-static's build:
# `cargo build --release --target x86_64-unknown-linux-musl -p microblog`) takes cold
# (dependencies and app) and after one edit to a microblog source file (the course's "observe
# the cache" step: in the images only the app is rebuilt then), and how big its binary is. Each
# profile is the workspace's release profile with the `CARGO_PROFILE_RELEASE_*` overrides shown,
# built in a copy of the committed tree with a target directory of its own, emptied between
# profiles. Prints one Markdown row a profile. Bounded: three builds a profile.
#
#   scripts/bench-build.sh [PROFILE ...]      PROFILE: fat-1 thin-16 off-16 (all three by default)
set -euo pipefail
prog=bench-build
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"

target=x86_64-unknown-linux-musl
command -v cargo >/dev/null || die "cargo is not on PATH: install a Rust toolchain first"
need bc bc
need musl-gcc musl-tools
rustup target list --installed | grep -qx "$target" || rustup target add "$target" >&2

# name → LTO setting and codegen units.
profile_env() {
  case $1 in
    fat-1) echo "fat 1" ;;
    thin-16) echo "thin 16" ;;
    off-16) echo "off 16" ;;
    *) die "unknown profile '$1' (fat-1, thin-16 or off-16)" ;;
  esac
}

profiles=("$@")
[ ${#profiles[@]} -gt 0 ] || profiles=(fat-1 thin-16 off-16)
for p in "${profiles[@]}"; do profile_env "$p" >/dev/null; done

work=''
temp_dir work
git -C "$_repo_root" archive HEAD | tar -x -C "$work"
seconds_since() { echo "scale=1; ($(date +%s%N) - $1) / 1000000000" | bc; }

echo "| profile | cold: dependencies and app | after one edit | binary |"
echo "|---|---:|---:|---:|"
for p in "${profiles[@]}"; do
  read -r lto units < <(profile_env "$p")
  export CARGO_PROFILE_RELEASE_LTO=$lto CARGO_PROFILE_RELEASE_CODEGEN_UNITS=$units
  export CARGO_TARGET_DIR=$work/target
  rm -rf "$CARGO_TARGET_DIR"
  build() { (cd "$work" && cargo build -q --release --locked --target "$target" -p microblog); }
  log "$p: cold build"
  t0=$(date +%s%N); build; cold=$(seconds_since "$t0")
  log "$p: cold ${cold} s; rebuilding after an edit to microblog/src/routes/main.rs"
  echo "// an edit" >> "$work/microblog/src/routes/main.rs"
  t0=$(date +%s%N); build; edit=$(seconds_since "$t0")
  # The second edit's time: the first may still warm the disk cache.
  echo "// another edit" >> "$work/microblog/src/routes/main.rs"
  t0=$(date +%s%N); build; edit2=$(seconds_since "$t0")
  bytes=$(stat -c %s "$CARGO_TARGET_DIR/$target/release/microblog")
  log "$p: edit ${edit} s, ${edit2} s; binary ${bytes} bytes"
  settings="\`lto = \"$lto\"\`, \`codegen-units = $units\`"
  printf '| %s | %s s | %s s (then %s s) | %s MB |\n' \
    "$settings" "$cold" "$edit" "$edit2" "$(echo "scale=2; $bytes / 1000000" | bc)"
done
