#!/usr/bin/env bash
# Installs a Docker engine and Compose v2 on Debian bookworm, as root, when missing: Debian trixie's docker.io
# (Engine 26.1), docker-compose (Compose 2.26, works as "docker compose") and docker-buildx, through a trixie source
# pinned at priority 100, so that nothing else on the machine is taken from trixie. They need only bookworm's libc.
# (Bookworm's own docker.io is Engine 20.10 and its docker-compose is Compose v1; docker-compose.yml works with
# Engine 20.10 too, but Compose v2 is needed either way.) Also debootstrap (deploy/base-image.sh) and the stack
# test's tools: curl, jq, openssl.
#   deploy/install-docker.sh
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
apt_install() {
    apt-get install -y -qq -o DPkg::Lock::Timeout=300 "$@" >/dev/null
}

missing=()
for tool in curl jq openssl debootstrap; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
need_docker=false
docker compose version >/dev/null 2>&1 && command -v dockerd >/dev/null 2>&1 || need_docker=true
if [ "${#missing[@]}" -eq 0 ] && [ "$need_docker" = false ]; then
    echo "install-docker: $(docker compose version) and an engine already installed"
    exit 0
fi
if [ "$need_docker" = true ] && [ ! -f /etc/apt/sources.list.d/cometgate-trixie.list ]; then
    echo 'deb http://deb.debian.org/debian trixie main' > /etc/apt/sources.list.d/cometgate-trixie.list
    printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/cometgate-trixie
fi
apt-get update -qq -o DPkg::Lock::Timeout=300
[ "${#missing[@]}" -eq 0 ] || apt_install "${missing[@]}"
if [ "$need_docker" = true ]; then
    apt_install docker.io/trixie docker-cli/trixie docker-buildx/trixie docker-compose/trixie
fi
echo "install-docker: $(docker compose version), engine $(dockerd --version)"
