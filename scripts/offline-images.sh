#!/usr/bin/env bash
# Images for machines that reach no image registry (README "Offline images"). The one
# implementation: `.ci/run` calls it as is, `npm start` (scripts/start.ts) calls it with --local
# when Docker Hub is unreachable.
#   <ns>/debian:bookworm   rootfs from debootstrap (docker import)
#   <ns>/postgres:15       examples/images/postgres built on that rootfs
#   <ns>/busybox:1         rootfs from Debian's busybox-static (docker import); not with --local
#   <ns>/nginx:1.22        examples/images/nginx built on <ns>/debian:bookworm (the imported
#                          nginx-golang sample's proxy, examples/imported); not with --local
#   127.0.0.1:5000/berth/postgres:15   <ns>/postgres:15 pushed to the local registry; not with --local
# --local makes only what the shop dev stack needs and uses no registry.
# <ns> is $BERTH_LOCAL_IMAGES (default berth-local), so a test can make a set of its own without
# touching the images other runs use. Idempotent: what exists is kept (BERTH_REBUILD=1 rebuilds
# the postgres image). Needs the docker CLI and a running dockerd; debootstrap (as root) while the
# Debian image is missing; busybox-static while the busybox image is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
ns=${BERTH_LOCAL_IMAGES:-berth-local}
registry=${BERTH_LOCAL_REGISTRY:-127.0.0.1:5000}
local_only=""
case "${1:-}" in
  --local) local_only=1 ;;
  "") ;;
  *) echo "offline-images: unknown argument '$1'. Usage: offline-images.sh [--local]" >&2; exit 2 ;;
esac

say() { echo "offline-images: $*"; }
# Errors say what is missing and how to get it; exit 3 tells scripts/start.ts it is a setup problem.
need() { echo "offline-images: $1" >&2; echo "  Fix: $2" >&2; exit 3; }
have() { docker image inspect "$1" >/dev/null 2>&1; }
# Runs a long step (output to a log file) and says every 30 s that it is still going, so a
# first run that takes minutes never looks stuck. Returns the step's exit status.
step() {
  local what=$1 log=$2 start=$SECONDS next=30 pid
  shift 2
  "$@" >"$log" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if [ $((SECONDS - start)) -ge $next ]; then say "  $what: $next s"; next=$((next + 30)); fi
  done
  wait "$pid" || return $?
  say "  $what: done in $((SECONDS - start)) s"
}

command -v docker >/dev/null || need "the docker command is not installed" "apt-get install docker.io (or Docker's docker-ce-cli)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ -z "$local_only" ] && ! have "$ns/busybox:1"; then
  busybox=$(command -v busybox || true)
  [ -n "$busybox" ] || need "busybox is not installed (needed for $ns/busybox:1)" "apt-get install busybox-static"
  say "$ns/busybox:1 from busybox-static"
  mkdir -p "$tmp/bb/bin" "$tmp/bb/etc" "$tmp/bb/tmp" "$tmp/bb/www"
  cp "$busybox" "$tmp/bb/bin/busybox"
  for applet in $("$tmp/bb/bin/busybox" --list); do [ "$applet" = busybox ] || ln -sf busybox "$tmp/bb/bin/$applet"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$tmp/bb/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$tmp/bb/etc/group"
  chmod 1777 "$tmp/bb/tmp"
  tar -C "$tmp/bb" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' - "$ns/busybox:1" >/dev/null
fi

if ! have "$ns/debian:bookworm"; then
  # Root first: debootstrap lives in /usr/sbin, which only root's PATH is sure to have.
  [ "$(id -u)" = 0 ] || need "making $ns/debian:bookworm needs root (debootstrap makes device nodes and chroots)" "run this as root (sudo -E npm start, or sudo bash scripts/offline-images.sh --local once)"
  debootstrap=$(command -v debootstrap || true)
  [ -n "$debootstrap" ] || need "debootstrap is not installed (needed to make $ns/debian:bookworm without Docker Hub)" "sudo apt-get install debootstrap, then run this again"
  say "$ns/debian:bookworm from debootstrap (a few minutes)"
  step debootstrap "$tmp/debootstrap.log" "$debootstrap" --variant=minbase bookworm "$tmp/debian" http://deb.debian.org/debian \
    || { tail -20 "$tmp/debootstrap.log" >&2; echo "offline-images: debootstrap failed (log above); it needs http://deb.debian.org" >&2; exit 1; }
  tar -C "$tmp/debian" -c . | docker import -c 'CMD ["/bin/bash"]' - "$ns/debian:bookworm" >/dev/null
fi

built=""
if [ "${BERTH_REBUILD:-}" = 1 ] || ! have "$ns/postgres:15"; then
  say "$ns/postgres:15 built on $ns/debian:bookworm (apt-get install postgresql-15, a minute or two)"
  # The build's own output goes to a file (shown on failure): too chatty to relay.
  step "docker build" "$tmp/build.log" docker build --build-arg "BASE=$ns/debian:bookworm" -t "$ns/postgres:15" "$here/examples/images/postgres" \
    || { tail -30 "$tmp/build.log" >&2; echo "offline-images: building $ns/postgres:15 failed (log above)" >&2; exit 1; }
  built=1
fi

if [ -z "$local_only" ] && { [ "${BERTH_REBUILD:-}" = 1 ] || ! have "$ns/nginx:1.22"; }; then
  say "$ns/nginx:1.22 built on $ns/debian:bookworm (apt-get install nginx-light, under a minute)"
  step "docker build" "$tmp/nginx-build.log" docker build --build-arg "BASE=$ns/debian:bookworm" -t "$ns/nginx:1.22" "$here/examples/images/nginx" \
    || { tail -30 "$tmp/nginx-build.log" >&2; echo "offline-images: building $ns/nginx:1.22 failed (log above)" >&2; exit 1; }
fi

if [ -z "$local_only" ]; then
  if [ -n "$built" ] || ! curl -fsS "http://$registry/v2/berth/postgres/manifests/15" -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' -o /dev/null 2>/dev/null; then
    say "$registry/berth/postgres:15 (pushed to the local registry)"
    docker tag "$ns/postgres:15" "$registry/berth/postgres:15"
    docker push "$registry/berth/postgres:15" >/dev/null
  fi
fi
say "images ready"
