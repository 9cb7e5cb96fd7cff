#!/usr/bin/env bash
# lintian on the built packages: any error or warning fails. Tags we keep on purpose are
# overridden inside the packages (/usr/share/lintian/overrides/<package>), each justified in
# deploy/debian/README.md; info tags are printed, not failed on.
set -euo pipefail
dir=${1:?usage: lintian.sh PACKAGE_DIR}
shopt -s nullglob
debs=("$dir"/kakunin-*.deb)
if [ ${#debs[@]} -ne 4 ]; then
  echo "lintian.sh: expected 4 packages in $dir, found ${#debs[@]}" >&2
  exit 1
fi
# lintian refuses to run as root unless told; it only reads the files here.
exec lintian --allow-root --fail-on error,warning --display-info --no-tag-display-limit \
  "${debs[@]}"
