# Local stand-in for the official rust:<version>-slim-bookworm image, built by
# scripts/seed-base-images.sh from the debian:bookworm-slim stand-in and the host's own toolchain.
# Same layout as the official image, so our Dockerfiles work unchanged on either.
FROM debian:bookworm-slim

ARG RUST_VERSION
ARG STAND_IN_NOTE
ARG STAND_IN_RECIPE
LABEL course.stand-in="${STAND_IN_NOTE}" \
      course.stand-in.recipe="${STAND_IN_RECIPE}"

ENV RUSTUP_HOME=/usr/local/rustup \
    CARGO_HOME=/usr/local/cargo \
    PATH=/usr/local/cargo/bin:$PATH \
    RUST_VERSION=${RUST_VERSION}

# The host's CA bundle: TLS to the package registries goes through an inspecting proxy here.
COPY host-ca-bundle.crt /usr/local/share/ca-certificates/host-ca-bundle.crt

# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates gcc libc6-dev \
    && update-ca-certificates \
    && rm -rf /var/lib/apt/lists/*

# The context arrives with every file writable by all (as the official image's chmod a+w),
# so no second layer copies the toolchain just to change its modes.
COPY rustup/ /usr/local/rustup/
COPY cargo/ /usr/local/cargo/
RUN rustup --version && cargo --version && rustc --version \
    && test -d "$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-musl"
