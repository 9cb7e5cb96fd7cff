#!/usr/bin/env bash
# Builds the Windows agent's MSI from a cross-built kakunin-agent.exe with wixl (issue 23).
#
# Usage: deploy/windows/build-msi.sh <kakunin-agent.exe> <version> <output.msi>
#   version  the MSI ProductVersion, major.minor.build (each field < 256, < 256, < 65536): a
#            higher one upgrades an installed agent in place (MajorUpgrade in kakunin-agent.wxs).
# Env: STRIP         the strip program (default x86_64-w64-mingw32-strip)
#      KAKUNIN_WXS   another descriptor instead of deploy/windows/kakunin-agent.wxs
# Needs (Debian 12): wixl and msitools (msibuild). The CMake target `msi` calls this script.
set -euo pipefail

if [ $# -ne 3 ]; then
  sed -n '4,10p' "$0" >&2
  exit 2
fi
exe=$1 version=$2 out=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
strip=${STRIP:-x86_64-w64-mingw32-strip}

if ! [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "build-msi.sh: version must be major.minor.build, not $version" >&2
  exit 2
fi
for tool in wixl msibuild "$strip"; do
  command -v "$tool" >/dev/null || { echo "build-msi.sh: missing $tool (apt-get install wixl msitools binutils-mingw-w64-x86-64)" >&2; exit 1; }
done
[ -f "$exe" ] || { echo "build-msi.sh: no $exe" >&2; exit 1; }

out_dir=$(cd "$(dirname "$out")" && pwd)
stage=$(mktemp -d "$out_dir/.msi-stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# The symbols are not shipped (a tenth of the size); wixl takes only paths relative to where it
# runs.
"$strip" -o "$stage/kakunin-agent.exe" "$exe"
(cd "$stage" && wixl -a x64 -D Version="$version" -D AgentExe=kakunin-agent.exe \
  -o "$stage/out.msi" "${KAKUNIN_WXS:-$here/kakunin-agent.wxs}")
# wixl 0.101 has no Condition under a Component: the enrollment bundle's registry value is
# written only when BUNDLE is given, and removed with the product (a component whose condition is
# false during the uninstall would be left behind).
msibuild "$stage/out.msi" \
  -q "UPDATE Component SET Condition='BUNDLE OR REMOVE=\"ALL\"' WHERE Component='EnrollBundle'"
mv "$stage/out.msi" "$out"
echo "build-msi.sh: $out ($version, $(du -h "$out" | cut -f1))"
