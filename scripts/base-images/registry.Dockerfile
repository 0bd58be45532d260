# Local stand-in for the official registry:2 image: Debian's build of the same distribution
# registry (2.8), with a configuration like the official one (no auth by default, storage under
# /var/lib/registry, port 5000). Auth is switched on as with the official image, through
# REGISTRY_AUTH* environment variables.
# The untagged (root) variant on purpose: like the official image, the registry runs as root and
# owns its storage volume.
# hadolint ignore=DL3006
FROM gcr.io/distroless/cc-debian12
ARG STAND_IN_NOTE
ARG STAND_IN_RECIPE
LABEL course.stand-in="${STAND_IN_NOTE}" \
      course.stand-in.recipe="${STAND_IN_RECIPE}"
COPY docker-registry /bin/registry
COPY config.yml /etc/docker/registry/config.yml
VOLUME ["/var/lib/registry"]
EXPOSE 5000
ENTRYPOINT ["/bin/registry"]
CMD ["serve", "/etc/docker/registry/config.yml"]
