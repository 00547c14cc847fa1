#!/usr/bin/env bash
# Provides the runner's base image, tagged $BASE_TAG. The official Python image when a registry
# answers; otherwise a Debian bookworm rootfs made with debootstrap and `docker import`ed (offline
# from any registry: only Debian's package mirror is used). Done once per machine.
set -euo pipefail
BASE_TAG="${CRUCIBLE_BASE_IMAGE:-crucible-base:bookworm}"
STATE="${CRUCIBLE_STATE:-/var/lib/crucible}"

if docker image inspect "$BASE_TAG" >/dev/null 2>&1; then
    exit 0
fi

if timeout 60 docker pull -q python:3.11-slim-bookworm >/dev/null 2>&1; then
    docker tag python:3.11-slim-bookworm "$BASE_TAG"
    echo "setup: base image $BASE_TAG from python:3.11-slim-bookworm"
    exit 0
fi

echo "setup: no registry answers; building $BASE_TAG with debootstrap (about a minute, once)"
if ! command -v debootstrap >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi
MIRROR="${CRUCIBLE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
ROOTFS="$STATE/rootfs-bookworm"
rm -rf "$ROOTFS"
debootstrap --variant=minbase --include=python3,python3-venv bookworm "$ROOTFS" "$MIRROR" \
    >"$STATE/debootstrap.log" 2>&1 || { tail -n 20 "$STATE/debootstrap.log" >&2; exit 1; }
# Keep the image small: package caches and docs are not needed at run time.
rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* \
       "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/*
tar -C "$ROOTFS" -c . | docker import - "$BASE_TAG" >/dev/null
rm -rf "$ROOTFS"
echo "setup: base image $BASE_TAG imported"
