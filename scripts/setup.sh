#!/usr/bin/env bash
# Makes sure this machine has what Shipshape's tests, demo and benchmarks use: a Docker engine that
# answers, Distribution's registry binary, a static busybox for the base image, zstd, htpasswd and
# buildah, plus what multi-platform builds are tested with: QEMU's user-mode emulators registered with
# binfmt_misc (arm64 containers run on the engine under them) and Debian's arm64 busybox-static for a
# second platform's base image. On Debian or Ubuntu as root it installs what is missing and starts
# dockerd; elsewhere it names what is missing. With everything present it does nothing.
set -euo pipefail

log() { printf 'setup: %s\n' "$*" >&2; }

# program to look for -> Debian package that provides it
declare -A packages=(
  [dockerd]=docker.io
  [docker-registry]=docker-registry
  [zstd]=zstd
  [htpasswd]=apache2-utils
  [buildah]=buildah
  [qemu-aarch64-static]=qemu-user-static
  [ssh-agent]=openssh-client
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

# Emulation: binfmt_misc mounted, and QEMU's handlers registered with the F flag (the kernel opens the
# emulator once, so it also runs inside containers). Debian's package registers them only through
# systemd or binfmt-support; neither runs here, so its binfmt.d files are written to the kernel.
if [ "$(id -u)" = 0 ]; then
  if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null ||
      log "could not mount binfmt_misc: arm64 containers will not run (emulated tests skip)"
  fi
  if [ -w /proc/sys/fs/binfmt_misc/register ]; then
    for conf in /usr/lib/binfmt.d/qemu-aarch64*.conf; do
      [ -f "$conf" ] || continue
      name=$(grep -v "^#" "$conf" | head -n 1 | cut -d: -f2)
      [ -e "/proc/sys/fs/binfmt_misc/$name" ] || grep -v '^#' "$conf" >/proc/sys/fs/binfmt_misc/register ||
        log "could not register $conf"
    done
  fi
fi

# The second platform's base image: Debian's arm64 busybox-static, unpacked beside the project's
# other machine-wide files (never pulled from a registry).
ARM64_BUSYBOX=/var/cache/shipshape/arm64/bin/busybox
if [ ! -x "$ARM64_BUSYBOX" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  log "fetching Debian's busybox-static:arm64"
  export DEBIAN_FRONTEND=noninteractive
  dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
  apt-get update -qq >/dev/null
  work=$(mktemp -d)
  chmod 755 "$work" # apt-get download runs as its _apt user
  (cd "$work" && apt-get download -qq busybox-static:arm64 >/dev/null)
  mkdir -p /var/cache/shipshape/arm64
  dpkg-deb -x "$work"/busybox-static_*_arm64.deb /var/cache/shipshape/arm64
  rm -rf "$work"
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
emulation=$( [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] && echo 'arm64 emulated' || echo 'no arm64 emulation')
log "ready: $(docker version --format 'engine {{.Server.Version}}'), $(command -v docker-registry), $(buildah --version), $emulation"
