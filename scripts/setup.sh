#!/usr/bin/env bash
# Makes sure this machine has what Shipshape's tests, demo and benchmarks use: a Docker engine that
# answers, Distribution's registry binary, a static busybox for the base image, zstd, htpasswd and
# buildah. On Debian or Ubuntu as root it installs what is missing and starts dockerd; elsewhere it
# names what is missing. With everything present it does nothing.
set -euo pipefail

log() { printf 'setup: %s\n' "$*" >&2; }

# program to look for -> Debian package that provides it
declare -A packages=(
  [dockerd]=docker.io
  [docker-registry]=docker-registry
  [zstd]=zstd
  [htpasswd]=apache2-utils
  [buildah]=buildah
)

missing=()
for program in "${!packages[@]}"; do
  command -v "$program" >/dev/null 2>&1 || missing+=("${packages[$program]}")
done
# The base image needs a statically linked busybox: Debian's busybox-static (not busybox).
if ! { [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1; }; then
  missing+=(busybox-static)
fi
# Debian's docker.io client is the one that drives the engine's built-in BuildKit when the first
# docker on PATH is a newer client without buildx.
if [ ! -x /usr/bin/docker ] && ! docker buildx version >/dev/null 2>&1; then
  missing+=(docker.io)
fi
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u | sed '/^$/d')

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    log "missing: ${missing[*]}"
    log "install them with: sudo apt-get install ${missing[*]} (Debian or Ubuntu), or your system's equivalents"
    exit 1
  fi
fi

daemon_answers() { timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if ! daemon_answers; then
  if [ "$(id -u)" != 0 ]; then
    log "no Docker daemon answers and this user cannot start one: start dockerd (sudo systemctl start docker)"
    exit 1
  fi
  log "starting dockerd"
  # A daemon killed earlier leaves its pid file behind, and dockerd refuses to start over it.
  if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
    rm -f /var/run/docker.pid
  fi
  mkdir -p /var/log
  nohup dockerd >/var/log/shipshape-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    daemon_answers && break
    sleep 1
  done
  if ! daemon_answers; then
    log "dockerd did not answer within 60 s; its log:"
    tail -n 30 /var/log/shipshape-dockerd.log >&2 || true
    exit 1
  fi
fi
log "ready: $(docker version --format 'engine {{.Server.Version}}'), $(command -v docker-registry), $(buildah --version)"
