#!/usr/bin/env bash
# The offline path (README "Offline images"): this machine reaches no image registry, so we make
# our own base images and publish the shop's database image to the local registry.
#   berth-local/busybox:1         rootfs from Debian's busybox-static (docker import)
#   berth-local/debian:bookworm   rootfs from debootstrap (docker import)
#   127.0.0.1:5000/berth/postgres:15   built on the Debian rootfs, pushed to the local registry
# Idempotent: what exists is kept (BERTH_REBUILD=1 rebuilds the postgres image). Needs dockerd, busybox-static, debootstrap, and a registry
# on 127.0.0.1:5000 (`.ci/run` starts one; see README).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
registry=${BERTH_LOCAL_REGISTRY:-127.0.0.1:5000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

have() { docker image inspect "$1" >/dev/null 2>&1; }

if ! have berth-local/busybox:1; then
  echo "offline-images: berth-local/busybox:1 from busybox-static"
  mkdir -p "$tmp/bb/bin" "$tmp/bb/etc" "$tmp/bb/tmp" "$tmp/bb/www"
  cp /bin/busybox "$tmp/bb/bin/busybox"
  for applet in $("$tmp/bb/bin/busybox" --list); do [ "$applet" = busybox ] || ln -sf busybox "$tmp/bb/bin/$applet"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$tmp/bb/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$tmp/bb/etc/group"
  chmod 1777 "$tmp/bb/tmp"
  tar -C "$tmp/bb" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' - berth-local/busybox:1 >/dev/null
fi

if ! have berth-local/debian:bookworm; then
  echo "offline-images: berth-local/debian:bookworm from debootstrap (about a minute)"
  debootstrap --variant=minbase bookworm "$tmp/debian" http://deb.debian.org/debian >"$tmp/debootstrap.log" 2>&1 \
    || { tail -20 "$tmp/debootstrap.log"; exit 1; }
  tar -C "$tmp/debian" -c . | docker import -c 'CMD ["/bin/bash"]' - berth-local/debian:bookworm >/dev/null
fi

if [ "${BERTH_REBUILD:-}" = 1 ] || ! curl -fsS "http://$registry/v2/berth/postgres/manifests/15" -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' -o /dev/null 2>/dev/null; then
  echo "offline-images: $registry/berth/postgres:15 (built on the Debian rootfs)"
  docker build -q -t "$registry/berth/postgres:15" "$here/examples/images/postgres" >/dev/null
  docker push "$registry/berth/postgres:15" >/dev/null
fi
echo "offline-images: ready"
