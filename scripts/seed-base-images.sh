#!/usr/bin/env bash
# Seed the base images our Dockerfiles name, for machines (and classrooms) where nothing can be
# pulled. For each name: keep it if the engine has it, else try a pull, else build a local stand-in
# from Debian packages and the host's Rust toolchain. Every stand-in carries the label
# `course.stand-in`, so the size report can mark images built on them.
#
#   scripts/seed-base-images.sh            # seed what is missing (seconds when all are there)
#   SEED_NO_PULL=1 scripts/...             # never try a pull
#   SEED_CACHE=/some/dir scripts/...       # where rootfs tarballs are cached (default below)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${SEED_CACHE:-/var/cache/course-base-images}
stand_in_label=course.stand-in
# Bump when a stand-in's recipe changes: stand-ins made by an older recipe are then rebuilt.
recipe=2

prog=seed
# shellcheck source=lib/common.sh
. "$here/lib/common.sh"

docker info >/dev/null 2>&1 || die "no Docker engine answers: run scripts/engine.sh first"

have() { docker image inspect "$1" >/dev/null 2>&1; }

# Untag NAME when it is a stand-in made by an older recipe (real images and current stand-ins
# are kept), so that the step asking for it makes it again. Images built on it keep working.
retire_if_old() {
  local labels
  labels=$(docker image inspect -f "{{index .Config.Labels \"$stand_in_label\"}}|{{index .Config.Labels \"$stand_in_label.recipe\"}}" "$1" 2>/dev/null) || return 0
  case $labels in
    "|"* | *"|$recipe") ;; # not a stand-in, or the current recipe
    *)
      if docker image rm --no-prune "$1" >/dev/null; then
        log "$1: stand-in from an older recipe, rebuilding"
      else
        log "$1: stand-in from an older recipe, but it cannot be untagged (in use?): kept"
      fi ;;
  esac
}

# Pulls are tried until one fails: on a machine with no registry, the first failure tells.
pull_works=1
[ "${SEED_NO_PULL:-0}" = 1 ] && pull_works=0
try_pull() {
  [ "$pull_works" = 1 ] || return 1
  if timeout 60 docker pull -q "$1" >/dev/null 2>&1; then
    log "$1: pulled"
    return 0
  fi
  log "$1: cannot be pulled here; building stand-ins from now on"
  pull_works=0
  return 1
}

# needed NAME...: true when at least one of the names is neither present nor pullable.
needed() {
  local name missing=1
  for name in "$@"; do
    retire_if_old "$name"
    if have "$name"; then continue; fi
    if try_pull "$name"; then continue; fi
    missing=0
  done
  return $missing
}

# tag_all SOURCE NAME...: tag SOURCE as each NAME that is still missing.
tag_all() {
  local src=$1 name; shift
  for name in "$@"; do
    have "$name" || { docker tag "$src" "$name"; log "$name: tagged (stand-in)"; }
  done
}

root_tools() {
  [ "$(id -u)" -eq 0 ] || die "building stand-ins needs root (debootstrap, dpkg-deb ownership)"
  need debootstrap debootstrap
  need dpkg-deb dpkg
}

# apt_download DIR PACKAGE...: Debian's .deb files of the packages into DIR (the package lists
# are refreshed only when the first try fails, as apt_install does).
apt_download() {
  local dir=$1; shift
  (cd "$dir" && apt-get download "$@" >/dev/null 2>&1) \
    || { apt-get update -qq && (cd "$dir" && apt-get download "$@" >/dev/null); } \
    || die "cannot download Debian's $* (apt-get download $*)"
}

# The Debian mirror this host's apt already uses (never written into the repository).
debian_mirror() {
  local uri
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '$1 == "deb" && $3 ~ /^bookworm/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$uri" ] || die "cannot find this host's Debian mirror in /etc/apt"
  printf '%s\n' "$uri"
}

import_rootfs() { # DIR NAME NOTE [--change ...]
  local dir=$1 name=$2 note=$3; shift 3
  tar --numeric-owner -C "$dir" -c . \
    | docker import --change "LABEL $stand_in_label=\"$note\" $stand_in_label.recipe=$recipe" "$@" - "$name" >/dev/null
}

# --- debian:bookworm-slim (+ bookworm, latest) ------------------------------------------------
seed_debian() {
  needed debian:bookworm-slim debian:bookworm debian:latest || return 0
  if ! have debian:bookworm-slim; then
    root_tools
    local tarball=$cache/debian-bookworm-slim.r$recipe.tar old
    for old in "$cache"/debian-bookworm-slim*.tar; do [ "$old" = "$tarball" ] || rm -f "$old"; done
    if [ ! -s "$tarball" ]; then
      local root=''
      temp_dir root "$cache"
      log "debian:bookworm-slim: debootstrap --variant=minbase (a minute or two)"
      debootstrap --variant=minbase bookworm "$root" "$(debian_mirror)" >"$cache/debootstrap.log" 2>&1 \
        || { tail -n 20 "$cache/debootstrap.log" >&2; die "debootstrap failed (log: $cache/debootstrap.log)"; }
      # Same apt sources as this host (mirror and security suites), then trim like the official
      # slim image: no docs, man pages, locales or apt lists, and keep it so for later installs.
      [ -f /etc/apt/sources.list.d/debian.sources ] && cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/" \
        && rm -f "$root/etc/apt/sources.list"
      cat >"$root/etc/dpkg/dpkg.cfg.d/docker-slim" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
CFG
      printf 'APT::Install-Recommends "false";\n' >"$root/etc/apt/apt.conf.d/docker-no-recommends"
      printf 'Acquire::Languages "none";\n' >"$root/etc/apt/apt.conf.d/docker-no-languages"
      # As in the official image: apt keeps no package caches and no downloaded .debs, so a
      # layer that installs packages does not also carry (or rewrite) tens of megabytes of cache.
      cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'CFG'
// Layers of a container image should not carry apt's caches.
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb || true"; };
CFG
      find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
      find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
      rm -rf "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* \
        "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
        "$root"/var/log/* "$root"/tmp/* "$root"/root/.bash_history
      : >"$root/etc/machine-id"
      tar --numeric-owner -C "$root" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
      rm -rf "$root"
    fi
    docker import --change "LABEL $stand_in_label=\"debootstrap --variant=minbase bookworm, trimmed\" $stand_in_label.recipe=$recipe" \
      --change 'CMD ["bash"]' "$tarball" debian:bookworm-slim >/dev/null
    log "debian:bookworm-slim: built (stand-in)"
  fi
  tag_all debian:bookworm-slim debian:bookworm debian:latest
}

# --- gcr.io/distroless/{static,cc}-debian12 (+ :nonroot) ---------------------------------------
distroless_rootfs() { # DIR PACKAGE...
  local root=$1; shift
  local debs=''
  temp_dir debs "$cache"
  apt_download "$debs" "$@"
  local deb
  for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$root"; done
  rm -rf "$debs"
  # What the real images carry besides packages: users, a world-writable /tmp, the CA bundle.
  mkdir -p "$root/etc/ssl/certs" "$root/tmp" "$root/root" "$root/home/nonroot"
  chmod 1777 "$root/tmp"; chmod 700 "$root/root"
  chown 65532:65532 "$root/home/nonroot"; chmod 700 "$root/home/nonroot"
  cat >"$root/etc/passwd" <<'PW'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
PW
  cat >"$root/etc/group" <<'GR'
root:x:0:
nobody:x:65534:
tty:x:5:
staff:x:50:
nonroot:x:65532:
GR
  if [ -d "$root/usr/share/ca-certificates" ]; then
    find "$root/usr/share/ca-certificates" -name '*.crt' -print0 | sort -z | xargs -0 cat >"$root/etc/ssl/certs/ca-certificates.crt"
  fi
  rm -rf "$root"/usr/share/doc "$root"/usr/share/man "$root"/usr/share/info "$root"/usr/share/lintian \
    "$root"/usr/share/locale "$root"/etc/init.d "$root"/usr/share/bug "$root"/usr/share/ca-certificates
}

seed_distroless() { # FLAVOUR PACKAGE...
  local flavour=$1; shift
  local name=gcr.io/distroless/$flavour-debian12
  needed "$name" "$name:nonroot" || return 0
  if ! have "$name" || ! have "$name:nonroot"; then
    root_tools
    local root=''
    temp_dir root "$cache"
    distroless_rootfs "$root" "$@"
    local note="from Debian packages: $*"
    have "$name" || import_rootfs "$root" "$name" "$note" --change 'USER 0' --change 'WORKDIR /'
    have "$name:nonroot" || import_rootfs "$root" "$name:nonroot" "$note" \
      --change 'USER 65532' --change 'WORKDIR /home/nonroot'
    rm -rf "$root"
    log "$name and :nonroot: built (stand-in)"
  fi
}

# --- rust:<version>-slim-bookworm and rust:<version>-bookworm ----------------------------------
seed_rust() {
  command -v rustc >/dev/null || die "the host has no Rust toolchain to put in the rust stand-in"
  local full minor
  full=$(rustc --version | awk '{print $2}')
  minor=${full%.*}
  local slim=(rust:"$full"-slim-bookworm rust:"$minor"-slim-bookworm rust:1-slim-bookworm)
  local big=(rust:"$full"-bookworm rust:"$minor"-bookworm rust:1-bookworm)
  needed "${slim[@]}" "${big[@]}" || return 0
  local sysroot toolchain=$full-x86_64-unknown-linux-gnu
  sysroot=$(rustc --print sysroot)
  if ! have "${slim[0]}"; then
    if ! rustup target list --installed 2>/dev/null | grep -qx x86_64-unknown-linux-musl; then
      log "adding the musl target to the host toolchain"
      rustup target add x86_64-unknown-linux-musl >/dev/null
    fi
    local ctx=''
    temp_dir ctx "$cache"
    mkdir -p "$ctx/rustup/toolchains" "$ctx/cargo/bin"
    # Hard links where possible: the toolchain is most of a gigabyte.
    cp -al "$sysroot" "$ctx/rustup/toolchains/$toolchain" 2>/dev/null || cp -a "$sysroot" "$ctx/rustup/toolchains/$toolchain"
    rm -rf "$ctx/rustup/toolchains/$toolchain/share/doc"
    printf 'version = "12"\ndefault_toolchain = "%s"\nprofile = "minimal"\n\n[overrides]\n' "$toolchain" >"$ctx/rustup/settings.toml"
    cp "$(command -v rustup)" "$ctx/cargo/bin/rustup"
    local tool
    for tool in cargo cargo-clippy cargo-fmt clippy-driver rustc rustdoc rustfmt rust-gdb rust-lldb; do
      ln -s rustup "$ctx/cargo/bin/$tool"
    done
    cp /etc/ssl/certs/ca-certificates.crt "$ctx/host-ca-bundle.crt"
    cp "$here/base-images/rust.Dockerfile" "$ctx/Dockerfile"
    log "${slim[0]}: building from the host toolchain $full"
    # The context goes as a tar stream whose modes are already a+w (the hard links in $ctx are
    # the host's own files and keep their modes).
    tar --numeric-owner --owner=0 --group=0 --mode=a+w -C "$ctx" -c . \
      | docker build -q -t "${slim[0]}" \
          --build-arg RUST_VERSION="$full" --build-arg STAND_IN_RECIPE="$recipe" \
          --build-arg STAND_IN_NOTE="host toolchain $full on the debian:bookworm-slim stand-in" \
          - >/dev/null
    rm -rf "$ctx"
    log "${slim[0]}: built (stand-in)"
  fi
  tag_all "${slim[0]}" "${slim[@]}"
  if ! have "${big[0]}"; then
    log "${big[0]}: building"
    docker build -q -f "$here/base-images/rust-full.Dockerfile" -t "${big[0]}" \
      --build-arg SLIM_IMAGE="${slim[0]}" --build-arg STAND_IN_RECIPE="$recipe" \
      --build-arg STAND_IN_NOTE="the rust slim stand-in plus build tools" \
      "$here/base-images" >/dev/null
    log "${big[0]}: built (stand-in)"
  fi
  tag_all "${big[0]}" "${big[@]}"
}

# --- registry:2 ----------------------------------------------------------------------------------
seed_registry() {
  needed registry:2 || return 0
  root_tools
  local ctx=''
  temp_dir ctx "$cache"
  apt_download "$ctx" docker-registry
  dpkg-deb --fsys-tarfile "$ctx"/docker-registry_*.deb | tar -x -C "$ctx" ./usr/bin/docker-registry
  mv "$ctx/usr/bin/docker-registry" "$ctx/docker-registry"
  cp "$here/base-images/registry-config.yml" "$ctx/config.yml"
  docker build -q -f "$here/base-images/registry.Dockerfile" -t registry:2 --build-arg STAND_IN_RECIPE="$recipe" \
    --build-arg STAND_IN_NOTE="Debian's docker-registry package on the distroless/cc stand-in" \
    "$ctx" >/dev/null
  rm -rf "$ctx"
  log "registry:2: built (stand-in)"
}

# --- postgres:15 and haproxy:2.6: Debian's packages on the debian stand-in ----------------------
# seed_from_debian DOCKERFILE NOTE NAME...: build scripts/base-images/DOCKERFILE (on the debian
# stand-in, with apt inside the build) as the first NAME, and tag it as the others.
seed_from_debian() {
  local dockerfile=$1 note=$2; shift 2
  needed "$@" || return 0
  if ! have "$1"; then
    log "$1: building from Debian's packages"
    DOCKER_BUILDKIT=0 docker build -q -f "$here/base-images/$dockerfile" -t "$1" \
      --build-arg STAND_IN_RECIPE="$recipe" --build-arg STAND_IN_NOTE="$note" \
      "$here/base-images" >/dev/null
    log "$1: built (stand-in)"
  fi
  tag_all "$@"
}

mkdir -p "$cache"
start=$(date +%s)
seed_debian
seed_distroless static base-files netbase tzdata ca-certificates
seed_distroless cc base-files netbase tzdata ca-certificates libc6 libssl3 libgcc-s1 libgomp1 libstdc++6
seed_rust
seed_registry
seed_from_debian postgres.Dockerfile "Debian's postgresql-15 on the debian:bookworm-slim stand-in" \
  postgres:15 postgres:15-bookworm
seed_from_debian haproxy.Dockerfile "Debian's haproxy 2.6 on the debian:bookworm-slim stand-in" \
  haproxy:2.6 haproxy:2.6-bookworm
log "base images ready in $(( $(date +%s) - start )) s"
