# Local stand-in for the official rust:<version>-bookworm image (the big one, on buildpack-deps):
# the slim stand-in plus the build tools and headers the full image carries.
ARG SLIM_IMAGE
FROM ${SLIM_IMAGE}
ARG STAND_IN_NOTE
ARG STAND_IN_RECIPE
LABEL course.stand-in="${STAND_IN_NOTE}" \
      course.stand-in.recipe="${STAND_IN_RECIPE}"
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        curl git make pkg-config libssl-dev libsqlite3-dev procps file xz-utils \
    && rm -rf /var/lib/apt/lists/*
