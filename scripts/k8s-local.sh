#!/usr/bin/env bash
# The shop (stacks/k8s-local) on the local Kubernetes cluster, with nothing but local images:
#   scripts/k8s-local.sh up     make the offline images (scripts/offline-images.sh --local), build the
#                               web image from examples/shop/web on the local Debian image, import both
#                               images into the cluster (the kit's import-image.sh), `berth up
#                               stacks/k8s-local`, and check the shop answers on its node port
#   scripts/k8s-local.sh env    the BERTH_CONFIG_* exports other berth commands on the stack need:
#                               eval "$(scripts/k8s-local.sh env)"; npx berth plan stacks/k8s-local
#   scripts/k8s-local.sh down   `berth down stacks/k8s-local --volumes`
# Environment: KUBECONFIG (default: the kit's /tmp/berth-k8s/admin.kubeconfig), BERTH_K8S_KIT (the
# kit directory, default /work/shared/k8s), BERTH_LOCAL_IMAGES (image namespace, default
# berth-local), BERTH_CONFIG_WEBPORT (the node port, default 30880). Needs root for the image
# import (the cluster's containerd) and, once, for debootstrap.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
ns=${BERTH_LOCAL_IMAGES:-berth-local}
kit=${BERTH_K8S_KIT:-/work/shared/k8s}
export KUBECONFIG=${KUBECONFIG:-/tmp/berth-k8s/admin.kubeconfig}
port=${BERTH_CONFIG_WEBPORT:-30880}
say() { echo "k8s-local: $*"; }
berth() { node "$here/bin/berth.js" "$@"; }

# The web image's tag is the hash of its sources: a change rolls the Deployment, an unchanged tree reuses the image.
tag=$(cd "$here/examples/shop/web" && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12)
web="$ns/shop-web:$tag"
db="$ns/postgres:15"

case "${1:-up}" in
  env)
    printf 'export BERTH_CONFIG_DBIMAGE=%s BERTH_CONFIG_WEBIMAGE=%s BERTH_CONFIG_WEBPORT=%s\n' "$db" "$web" "$port"
    exit 0 ;;
  down)
    berth down "$here/stacks/k8s-local" --volumes
    exit 0 ;;
  up) ;;
  *) echo "k8s-local: unknown command '$1'. Usage: k8s-local.sh [up|env|down]" >&2; exit 2 ;;
esac

kubectl get --raw /readyz >/dev/null 2>&1 || { echo "k8s-local: the cluster of $KUBECONFIG does not answer" >&2; echo "  Fix: start it: export KUBECONFIG=\$($kit/up.sh | tail -n 1)" >&2; exit 3; }

bash "$here/scripts/offline-images.sh" --local
if ! docker image inspect "$web" >/dev/null 2>&1; then
  say "building $web on $ns/debian:bookworm"
  docker build -q --build-arg "BASE=$ns/debian:bookworm" -t "$web" "$here/examples/shop/web" >/dev/null
fi
# crictl of the kit (its env.sh), pointed at the cluster's containerd: an image the cluster has with the same ID is not imported again.
state=${BERTH_K8S_STATE:-/tmp/berth-k8s}
[ -f "$state/env.sh" ] && . "$state/env.sh"
for image in "$db" "$web"; do
  have=$(crictl inspecti -o go-template --template '{{.status.id}}' "$image" 2>/dev/null || true)
  if [ "$have" = "$(docker image inspect -f '{{.Id}}' "$image")" ]; then say "$image is in the cluster"; continue; fi
  say "importing $image into the cluster"
  "$kit/import-image.sh" "$image" >/dev/null
done

say "berth up stacks/k8s-local"
BERTH_CONFIG_DBIMAGE=$db BERTH_CONFIG_WEBIMAGE=$web BERTH_CONFIG_WEBPORT=$port berth up "$here/stacks/k8s-local" --timeout 300

url="http://127.0.0.1:$port"
for _ in $(seq 1 30); do
  if orders=$(curl -fsS --max-time 3 "$url/cgi-bin/orders" 2>/dev/null); then
    say "the shop is up: $url/ ($(echo "$orders" | head -n 1); orders: $url/cgi-bin/orders; remove it with scripts/k8s-local.sh down)"
    exit 0
  fi
  sleep 1
done
echo "k8s-local: $url/cgi-bin/orders did not answer" >&2
exit 1
