#!/usr/bin/env bash
# The Windows stage of CI (issue 23), one script so tests/run.sh can call it: gets the SDK,
# cross-builds kakunin-agent.exe and the Windows unit tests, builds the MSI, and runs under Wine
# the unit tests + card-info (run-wine-tests.sh), the service test (service-test.sh, when present)
# and the MSI test (msi-test.sh). Prints the time of every step; exit status 0 only when every
# step passed. A failed build skips what needs it; the tests run on after a failed test.
#
# Usage: tests/windows/ci-stage.sh
# Env:   KAKUNIN_WIN_CI_BUILD_DIR  the Windows build (default <repo>/build-win-ci)
#        KAKUNIN_WIN_STAGE_REPORT  also write the summary there, with the last lines of every
#                                  failed step (tests/run.sh prints it again at the very end)
#        KAKUNIN_BUILD_DIR         the Linux build (default <repo>/build) whose kakunin-vcard and
#                                  kakunin-agent the card test uses; built here if out of date
# Needs (Debian 12): g++-mingw-w64-x86-64-posix, wine, wixl, msitools, and what the Linux build
# and its card tests need (tests/run.sh installs those).
set -Euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
win_build=${KAKUNIN_WIN_CI_BUILD_DIR:-$root/build-win-ci}
linux_build=${KAKUNIN_BUILD_DIR:-$root/build}
jobs=$(nproc)
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root} CCACHE_NOHASHDIR=1

case "${1:-}" in
  "") ;;
  -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
  *) echo "ci-stage.sh: unknown option $1" >&2; exit 2 ;;
esac

stage_start=$(date +%s)
declare -a report=()
failed=0
step_logs=$(mktemp -d /tmp/kakunin-win-stage.XXXXXX)
trap 'rm -rf "$step_logs"' EXIT

# step <name> <command...>: runs and times one step; its output goes to the console.
step() {
  local name=$1 t rc log
  shift
  printf '\n== windows: %s\n' "$name"
  log="$step_logs/${#report[@]}.log"
  t=$(date +%s)
  # Not a pipe: the step runs in this shell (get_sdk sets sdk_prefix), its output also kept.
  "$@" > >(tee "$log") 2>&1
  rc=$?
  local took=$(( $(date +%s) - t ))
  if [ "$rc" = 0 ]; then
    report+=("$(printf '%-34s %5d s  ok' "$name" "$took")")
  else
    report+=("$(printf '%-34s %5d s  FAILED (exit %d)' "$name" "$took" "$rc")")
    failures+=("$name" "$log")
    failed=1
  fi
  return "$rc"
}
declare -a failures=()
summary() {
  printf '\n== windows stage: %d s in all\n' "$(( $(date +%s) - stage_start ))"
  local line i
  for line in "${report[@]}"; do echo "  $line"; done
  # What a failed step printed last, so that the report alone says why.
  for ((i = 0; i < ${#failures[@]}; i += 2)); do
    printf -- '-- the last lines of "%s":\n' "${failures[i]}"
    tail -n 40 "${failures[i + 1]}" | sed 's/^/   | /'
  done
  if [ "$failed" = 0 ]; then echo "WINDOWS STAGE: PASS"; else echo "WINDOWS STAGE: FAIL"; fi
}

sdk_prefix=""
get_sdk() { sdk_prefix=$("$root/deploy/windows/sdk.sh") && [ -n "$sdk_prefix" ]; }
# The preset windows-ci (CMakePresets.json): -O1, no debug information.
configure() {
  (cd "$root" && WIN_SDK_PREFIX=$sdk_prefix cmake --preset windows-ci -B "$win_build" >/dev/null)
}
build() { cmake --build "$win_build" -j"$jobs" --target kakunin-agent windows_tests; }
build_msi() { cmake --build "$win_build" --target msi; }
# The card test reads the same card with the Linux agent: its programs, no-ops when up to date.
linux_tools() {
  [ -f "$linux_build/build.ninja" ] || { echo "no Linux build in $linux_build (tests/run.sh makes it)" >&2; return 1; }
  cmake --build "$linux_build" -j"$jobs" --target kakunin-vcard kakunin-agent
}
wine_tests() { KAKUNIN_WIN_BUILD_DIR=$win_build KAKUNIN_BUILD_DIR=$linux_build "$root/tests/windows/run-wine-tests.sh"; }
service_test() { KAKUNIN_WIN_BUILD_DIR=$win_build KAKUNIN_BUILD_DIR=$linux_build "$root/tests/windows/service-test.sh"; }
msi_test() { KAKUNIN_WIN_BUILD_DIR=$win_build "$root/tests/windows/msi-test.sh"; }

if step "SDK (deploy/windows/sdk.sh)" get_sdk &&
  step "configure (preset windows-ci)" configure &&
  step "build kakunin-agent + windows_tests" build; then
  step "MSI (wixl)" build_msi
  msi_ok=$?
  if step "Linux kakunin-vcard + kakunin-agent" linux_tools; then
    step "unit tests + card-info under Wine" wine_tests
  fi
  if [ -x "$root/tests/windows/service-test.sh" ]; then
    step "service under Wine" service_test
  fi
  if [ "$msi_ok" = 0 ]; then
    step "MSI under Wine" msi_test
  fi
fi
if [ -n "${KAKUNIN_WIN_STAGE_REPORT:-}" ]; then
  summary | tee "$KAKUNIN_WIN_STAGE_REPORT"
else
  summary
fi
[ "$failed" = 0 ]
