# Local stand-in for the official postgres:15 image, built by scripts/seed-base-images.sh from the
# debian:bookworm-slim stand-in and Debian's PostgreSQL 15. It keeps what a compose file relies
# on: the POSTGRES_USER, POSTGRES_PASSWORD(_FILE), POSTGRES_DB and POSTGRES_INITDB_ARGS variables,
# PGDATA=/var/lib/postgresql/data (a volume), a database created on the first start only, scripts
# of /docker-entrypoint-initdb.d, port 5432, pg_isready on PATH, and a server that runs as the
# `postgres` user and stops cleanly on SIGTERM (its "smart" shutdown, as the official image's
# STOPSIGNAL SIGINT makes it "fast").
FROM debian:bookworm-slim
ARG STAND_IN_NOTE
ARG STAND_IN_RECIPE
LABEL course.stand-in="${STAND_IN_NOTE}" \
      course.stand-in.recipe="${STAND_IN_RECIPE}"

# Debian's package would make a cluster of its own at install time: the entrypoint makes one
# in PGDATA on the first start instead.
# hadolint ignore=DL3008
RUN mkdir -p /etc/postgresql-common/createcluster.d \
    && printf 'create_main_cluster = false\n' >/etc/postgresql-common/createcluster.d/no-main-cluster.conf \
    && apt-get update \
    && apt-get install -y --no-install-recommends postgresql-15 \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /docker-entrypoint-initdb.d /var/run/postgresql /var/lib/postgresql/data \
    && chown postgres:postgres /var/run/postgresql /var/lib/postgresql/data \
    && chmod 2777 /var/run/postgresql && chmod 700 /var/lib/postgresql/data

ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data \
    LANG=C.UTF-8
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME ["/var/lib/postgresql/data"]
STOPSIGNAL SIGINT
EXPOSE 5432
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
