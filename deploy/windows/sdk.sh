#!/usr/bin/env bash
# Prints the prefix of a Windows SDK (static mingw-w64 libraries) that matches the versions this
# checkout expects (deploy/windows/sdk-versions.tsv), making one first when none is at hand:
#   1. $KAKUNIN_WIN_SDK_PREFIX, when its SDK-VERSIONS.tsv matches (a developer's own unpack);
#   2. the source build's cache, $KAKUNIN_CACHE/win64-sdk-<hash>/prefix, when complete;
#   3. a prebuilt tarball ($KAKUNIN_WIN_SDK_TARBALL, default the shared kit's), when the manifest
#      inside it matches: unpacked once into $KAKUNIN_CACHE/win64-sdk-prebuilt-<tarball sha>/;
#   4. else deploy/windows/build-sdk.sh (about 42 minutes on 2 cores; --no-build refuses instead).
# Only the prefix goes to stdout; what was chosen and why goes to stderr.
#
#   cmake -S . -B build-win -G Ninja --preset windows ... -DWIN_SDK_PREFIX="$(deploy/windows/sdk.sh)"
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/sdk-common.sh"

build=1
case "${1:-}" in
  --no-build) build=0 ;;
  "") ;;
  -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
  *) echo "sdk.sh: unknown option $1" >&2; exit 2 ;;
esac

say() { echo "sdk.sh: $*" >&2; }

# A prefix is usable when its manifest is, byte for byte, the one this checkout expects.
matches() { [ -f "$1/SDK-VERSIONS.tsv" ] && cmp -s "$1/SDK-VERSIONS.tsv" "$SDK_MANIFEST"; }

if [ -n "${KAKUNIN_WIN_SDK_PREFIX:-}" ]; then
  if matches "$KAKUNIN_WIN_SDK_PREFIX"; then
    say "using KAKUNIN_WIN_SDK_PREFIX=$KAKUNIN_WIN_SDK_PREFIX"
    echo "$KAKUNIN_WIN_SDK_PREFIX"
    exit 0
  fi
  say "ignoring KAKUNIN_WIN_SDK_PREFIX=$KAKUNIN_WIN_SDK_PREFIX: its SDK-VERSIONS.tsv differs from $SDK_MANIFEST"
fi

built=$(sdk_cache_root)/prefix
if [ -f "$built/.complete" ] && matches "$built"; then
  say "using the source build $built"
  echo "$built"
  exit 0
fi

# The shared kit sits beside the checkout (../shared/windows).
shared_kit=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/../shared/windows
tarball=${KAKUNIN_WIN_SDK_TARBALL:-$shared_kit/kakunin-win64-sdk.tar.xz}
if [ -f "$tarball" ]; then
  sum=$(sha256sum "$tarball" | cut -c1-16)
  dest=$KAKUNIN_CACHE/win64-sdk-prebuilt-$sum
  if [ -f "$dest/prefix/.complete" ] && matches "$dest/prefix"; then
    say "using the prebuilt SDK $dest/prefix (from $tarball)"
    echo "$dest/prefix"
    exit 0
  fi
  # Read the manifest out of the tarball before unpacking anything.
  if tar -xJOf "$tarball" prefix/SDK-VERSIONS.tsv 2>/dev/null | cmp -s - "$SDK_MANIFEST"; then
    say "unpacking $tarball into $dest"
    mkdir -p "$KAKUNIN_CACHE"
    tmp=$(mktemp -d "$KAKUNIN_CACHE/.unpack.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    tar -xJf "$tarball" -C "$tmp"
    date -u +%FT%TZ >"$tmp/prefix/.complete"
    rm -rf "$dest"
    mv "$tmp" "$dest"  # atomic: a concurrent run sees no prefix or a whole one
    trap - EXIT
    echo "$dest/prefix"
    exit 0
  fi
  say "$tarball does not hold the versions in $SDK_MANIFEST:"
  tar -xJOf "$tarball" prefix/SDK-VERSIONS.tsv 2>/dev/null | diff "$SDK_MANIFEST" - >&2 || true
fi

if [ "$build" -eq 0 ]; then
  say "no matching SDK and --no-build given; run deploy/windows/build-sdk.sh (about 42 minutes)"
  exit 1
fi
say "building the SDK from Debian sources into $(sdk_cache_root) (about 42 minutes on 2 cores)"
"$SDK_DIR/build-sdk.sh" build >&2
if ! { [ -f "$built/.complete" ] && matches "$built"; }; then
  say "the source build did not complete"
  exit 1
fi
echo "$built"
