# Sourced by build-sdk.sh and sdk.sh: where the SDK's inputs are and where its cache lives.
# shellcheck shell=bash

SDK_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SDK_REPO=$(cd "$SDK_DIR/../.." && pwd)
SDK_MANIFEST=$SDK_DIR/sdk-versions.tsv
SDK_TOOLCHAIN=$SDK_REPO/cmake/mingw-w64.cmake
KAKUNIN_CACHE=${KAKUNIN_CACHE:-/var/cache/kakunin}

# The cache key: what decides the SDK's content (the build script, the toolchain, the versions).
sdk_hash() {
  cat "$SDK_DIR/build-sdk.sh" "$SDK_TOOLCHAIN" "$SDK_MANIFEST" | sha256sum | cut -c1-16
}

sdk_cache_root() {
  echo "$KAKUNIN_CACHE/win64-sdk-$(sdk_hash)"
}
