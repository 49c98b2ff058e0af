#!/usr/bin/env bash
# Install the Debian packages the test suite needs, when they are missing:
# Chromium and its driver for the browser tests, PostgreSQL for the second run,
# CJK fonts so screenshots show Chinese; wrk, the HTTP load tool of `make bench`.
set -euo pipefail
need=()
for package in chromium chromium-driver postgresql fonts-noto-cjk wrk; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${need[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${need[@]}"
