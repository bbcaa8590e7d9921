#!/usr/bin/env bash
# Installs the Debian packages Carrel builds and tests with, only those missing, so that
# `make run` and `make test` work on a fresh Debian 12 machine. Safe to run repeatedly.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev openssl libcli11-dev
  libgtest-dev libgmock-dev librapidcheck-dev libbenchmark-dev
  clang lld libclang-rt-14-dev
  libsqlite3-dev libpq-dev postgresql libsodium-dev libspdlog-dev
  libsrtp2-dev
  chromium
  libhiredis-dev redis-server
)
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
