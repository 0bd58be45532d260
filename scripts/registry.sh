#!/usr/bin/env bash
# TP 2b, "un Registry privé": run a private registry (registry:2) on a loopback port, push an
# image to it, remove the local copy, pull it back and run it. With --auth, the same through a
# registry that requires a password (htpasswd), showing that a push without `docker login` is
# refused. Every command is printed as a student would type it; the script checks each outcome,
# exits non-zero at the first one that is wrong, and removes what it created.
#
#   scripts/registry.sh                 # open registry on 127.0.0.1:5000, pushes `healthapp`
#   scripts/registry.sh --auth          # registry with a password
#   scripts/registry.sh --port 5050 --image hello-distroless
set -euo pipefail
prog=registry
cd "$(dirname "$0")/.."
# shellcheck source=lib/steps.sh
. scripts/lib/steps.sh

port=5000
image=healthapp
auth=0
user=student
password=course-password


while [ $# -gt 0 ]; do
  case $1 in
    --auth) auth=1 ;;
    --port) port=${2:?--port needs a number}; shift ;;
    --image) image=${2:?--image needs an image name}; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done
case $port in ''|*[!0-9]*) die "--port must be a number, not '$port'" ;; esac
(( port >= 1 && port <= 65535 )) || die "--port must be from 1 to 65535"

docker info >/dev/null 2>&1 || die "no Docker engine answers: run scripts/engine.sh first"
docker image inspect registry:2 >/dev/null 2>&1 || die "no registry:2 image: run scripts/seed-base-images.sh"
if ! docker image inspect "$image" >/dev/null 2>&1; then
  [ -f "Dockerfiles/$image" ] || die "no image '$image' and no Dockerfiles/$image to build it"
  run docker build -q -f "Dockerfiles/$image" -t "$image" . >/dev/null
fi

name=course-registry-$$
remote=localhost:$port/course/${image%%:*}:pushed
work=''
temp_dir work
# `docker login` writes credentials to the client's config: keep them in a throwaway one.
export DOCKER_CONFIG=$work/docker-config
mkdir -p "$DOCKER_CONFIG"
cleanup() {
  docker rm -f "$name" >/dev/null 2>&1 || true
  docker image rm "$remote" >/dev/null 2>&1 || true
}
on_exit cleanup

expect_status() { # URL STATUS [curl args...]
  local url=$1 want=$2 got; shift 2
  got=$(curl -s -o /dev/null -w '%{http_code}' "$@" "$url")
  [ "$got" = "$want" ] || die "$url answered $got, expected $want"
}

say "Run a private registry on 127.0.0.1:$port"
flags=(-d --name "$name" -p "127.0.0.1:$port:5000")
if [ "$auth" = 1 ]; then
  need htpasswd apache2-utils
  mkdir -p "$work/auth"
  # The registry only accepts bcrypt entries (-B).
  run htpasswd -Bbn "$user" "$password" >"$work/auth/htpasswd"
  flags+=(-v "$work/auth:/auth:ro"
    -e REGISTRY_AUTH=htpasswd
    -e "REGISTRY_AUTH_HTPASSWD_REALM=Course Registry"
    -e REGISTRY_AUTH_HTPASSWD_PATH=/auth/htpasswd)
fi
run docker run "${flags[@]}" registry:2 >/dev/null
for _ in $(seq 1 100); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/" || true)
  case $code in 200|401) break ;; esac
  sleep 0.1
done
if [ "$auth" = 1 ]; then
  expect_status "http://127.0.0.1:$port/v2/" 401
  ok "the registry answers /v2/ with 401: it wants a password"
else
  expect_status "http://127.0.0.1:$port/v2/" 200
  ok "the registry answers /v2/ with 200"
fi

say "Tag the image with the registry's address, and push it"
run docker tag "$image" "$remote"
if [ "$auth" = 1 ]; then
  if run_logged "$work/push.log" docker push "$remote"; then
    die "an unauthenticated push was accepted"
  fi
  grep -i -E 'no basic auth credentials|unauthorized|authentication required' "$work/push.log" | head -n 1 | sed 's/^/   /'
  ok "without docker login, the push is refused"
  printf '%s\n' "$password" | run docker login --username "$user" --password-stdin "localhost:$port" >/dev/null
  ok "logged in as $user"
fi
run_logged "$work/push.log" docker push "$remote" || { cat "$work/push.log" >&2; die "push failed"; }
digest=$(grep -o 'sha256:[0-9a-f]\{64\}' "$work/push.log" | tail -n 1)
ok "pushed, digest $digest"
curl_auth=()
[ "$auth" = 1 ] && curl_auth=(-u "$user:$password")
catalog=$(curl -s "${curl_auth[@]}" "http://127.0.0.1:$port/v2/_catalog")
printf '$ curl http://127.0.0.1:%s/v2/_catalog\n%s\n' "$port" "$catalog"
case $catalog in *"course/${image%%:*}"*) ok "the registry lists the repository" ;; *) die "the catalog does not list course/${image%%:*}" ;; esac

say "Remove the local copy"
run docker image rm "$remote" >/dev/null
if docker image inspect "$remote" >/dev/null 2>&1; then die "$remote is still there"; fi
ok "$remote is gone (its layers stay only while another tag, here '$image', uses them)"

if [ "$auth" = 1 ]; then
  say "Log out: a pull is refused too"
  run docker logout "localhost:$port" >/dev/null
  if run_logged "$work/pull.log" docker pull "$remote"; then die "an unauthenticated pull was accepted"; fi
  ok "without login, the pull is refused"
  printf '%s\n' "$password" | run docker login --username "$user" --password-stdin "localhost:$port" >/dev/null
fi

say "Pull it back from the registry, and run it"
run_logged "$work/pull.log" docker pull "$remote" || { cat "$work/pull.log" >&2; die "pull failed"; }
pulled=$(docker image inspect -f '{{range .RepoDigests}}{{println .}}{{end}}' "$remote")
case $pulled in *"$digest"*) ok "pulled $remote, same digest as pushed" ;; *) die "the pulled image has digests '$pulled', not $digest" ;; esac
[ "$(docker image inspect -f '{{.Id}}' "$remote")" = "$(docker image inspect -f '{{.Id}}' "$image")" ] \
  || die "the pulled image is not the pushed one"
run docker run --rm "$remote" --version
ok "the pulled image runs"
[ "$auth" = 1 ] && run docker logout "localhost:$port" >/dev/null

say "Done: the registry container, the tag and the credentials are removed on exit"
