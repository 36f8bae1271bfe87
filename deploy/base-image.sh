#!/usr/bin/env bash
# Makes sure the Docker engine has debian:bookworm-slim, the base of every image of docker-compose.yml.
# Where an image registry is reachable, that is a pull. Where none is (a build machine that reaches only Debian's
# package mirror), the image is built from Debian itself: debootstrap's minimal variant, imported as
# debian:bookworm-slim (about 40 s; needs root and the debootstrap package). Idempotent: does nothing when the image
# is already there.
#   deploy/base-image.sh            (DEBIAN_MIRROR=http://deb.debian.org/debian by default)
set -euo pipefail

image=debian:bookworm-slim
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if docker image inspect "$image" >/dev/null 2>&1; then
    echo "base image: $image already present"
    exit 0
fi
# A registry that cannot be reached can make a pull hang for minutes: bounded.
if timeout 60 docker pull -q "$image" >/dev/null 2>&1; then
    echo "base image: $image pulled"
    exit 0
fi
command -v debootstrap >/dev/null 2>&1 || {
    echo "base image: $image cannot be pulled and debootstrap is missing (apt-get install debootstrap)" >&2
    exit 1
}
echo "base image: $image cannot be pulled; building it with debootstrap from $mirror"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
# What the -slim image leaves out and the images here never need: package lists, caches, documentation.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/usr/share/doc/* "$root"/usr/share/man/*
tar -C "$root" -c . | docker import --change 'CMD ["bash"]' - "$image" >/dev/null
echo "base image: $image built from Debian packages ($(docker image inspect -f '{{.Size}}' "$image" | numfmt --to=iec))"
