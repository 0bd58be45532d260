# Local stand-in for the official haproxy:2.6 image, built by scripts/seed-base-images.sh from the
# debian:bookworm-slim stand-in and Debian's HAProxy 2.6: the same configuration path
# (/usr/local/etc/haproxy/haproxy.cfg, to be mounted), the master-worker mode in the foreground
# with logs to stdout, the `haproxy` user, and SIGUSR1 as the stop signal (a soft stop: the
# requests under way are finished).
FROM debian:bookworm-slim
ARG STAND_IN_NOTE
ARG STAND_IN_RECIPE
LABEL course.stand-in="${STAND_IN_NOTE}" \
      course.stand-in.recipe="${STAND_IN_RECIPE}"
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends haproxy \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /usr/local/etc/haproxy /var/lib/haproxy \
    && chown haproxy:haproxy /var/lib/haproxy
# By name, as the official image does (its uid differs from Debian's).
# hadolint ignore=DL3066
USER haproxy
WORKDIR /var/lib/haproxy
STOPSIGNAL SIGUSR1
CMD ["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]
