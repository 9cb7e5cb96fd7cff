#!/usr/bin/env bash
# Installs exactly the Debian 12 packages that Kakunin's build, tests and demo need.
# Idempotent: when everything is present it only checks and exits (no apt-get update).
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache git clang-format
  # libraries
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libpqxx-dev libpq-dev libpcsclite-dev libssl-dev openssl
  libspdlog-dev libfmt-dev nlohmann-json3-dev libgtest-dev libgmock-dev
  libsqlite3-dev libpugixml-dev libqrencode-dev libargon2-dev libcivetweb-dev
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-tools-dev qt6-tools-dev-tools
  qt6-l10n-tools qt6-translations-l10n libgl-dev libtomlplusplus-dev
  # real components the tests and the demo run
  postgresql-15 pcscd vsmartcard-vpcd opensc
  # fuzzing (separate clang build)
  clang-14 libclang-rt-14-dev
  # rendering the Qt windows offscreen with Japanese text
  fonts-noto-cjk xauth xvfb
  # reading back the console's exported claim PDFs in tests (pdftotext)
  poppler-utils
  # process tools used by the scripts (pgrep, ss)
  procps iproute2 util-linux
  # the scale-out cluster (deploy/cluster, tests/cluster): Patroni on etcd, HAProxy in front
  patroni etcd-server python3-etcd haproxy curl
  # Debian packages: building (dpkg-shlibdeps, fakeroot), checking (lintian), unit checks
  dpkg-dev fakeroot lintian adduser systemd
  # CPU load for checking that tests hold under load (tests/run.sh --load)
  stress-ng
  # a terminal's clock moved ahead in the purge test (libfaketime)
  faketime
  # the Windows agent (issue 23): cross-build, MSI, and its tests under Wine
  g++-mingw-w64-x86-64-posix wine wine64 wixl msitools
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages (${missing[*]}); run as root" >&2
  exit 1
fi

echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y --no-install-recommends "${missing[@]}"
# The Debian pcscd package may start a system daemon (where systemd runs); Kakunin's scripts
# run their own pcscd, so a system one would hold /run/pcscd/pcscd.comm. Leave systems with
# systemd alone (the operator decides) and only report.
if pgrep -x pcscd >/dev/null 2>&1; then
  echo "install-deps: note: a pcscd is running (pid $(pgrep -x pcscd | tr '\n' ' '))" >&2
fi
echo "install-deps: done"
