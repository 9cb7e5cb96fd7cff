#!/usr/bin/env bash
# Installs what is missing, builds, runs every test (unit, integration on real PostgreSQL and
# pcscd, end-to-end, fuzz smoke), and leaves no process behind. Exit status: 0 only if all pass.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: tests/run.sh [--repeat N] [--test REGEX] [--label REGEX] [--load] [--no-fuzz] [--no-windows]
                    [--help]

Installs what is missing, builds, runs the fuzz targets briefly and then the tests: all of
them, or those --test and --label select.
  --repeat N     run the selected tests up to N times each, stopping a test at its first
                 failure (ctest --repeat until-fail:N): check a new test before it lands,
                 with --test naming it
  --test REGEX   only the tests whose CTest names match (ctest -R), e.g. server_backup_test
  --label REGEX  only the tests whose CTest labels match (e.g. postgres, e2e, pcscd, unit)
  --load         keep every core busy (stress-ng --cpu) while the tests run, as CI's
                 neighbours or a parallel build would
  --no-fuzz      skip the fuzz build and runs (default with --repeat, --test or --label)
  --no-windows   skip the Windows agent's stage (default with --repeat, --test or --label)
Exit status: 0 only when every selected test (and fuzz target) passed.
USAGE
}

repeat=1
label=""
test=""
load=0
fuzz=1
windows=1
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) repeat=${2:?--repeat needs a number}; shift 2 ;;
    --test) test=${2:?--test needs a regex}; shift 2 ;;
    --label) label=${2:?--label needs a regex}; shift 2 ;;
    --load) load=1; shift ;;
    --no-fuzz) fuzz=0; shift ;;
    --no-windows) windows=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
# The tests read what the programs print by default (Japanese); a developer's KAKUNIN_LANG=en
# must not change that.
unset KAKUNIN_LANG
if ! [[ "$repeat" =~ ^[1-9][0-9]*$ ]]; then
  echo "run.sh: --repeat takes a whole number from 1" >&2
  exit 2
fi
# A focused run (some tests, one label, repeats) is for checking tests, not for fuzzing.
if [ "$repeat" -gt 1 ] || [ -n "$test" ] || [ -n "$label" ]; then fuzz=0; windows=0; fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${KAKUNIN_BUILD_DIR:-$root/build}
fuzz_build=${KAKUNIN_FUZZ_BUILD_DIR:-$root/build-fuzz}
fuzz_seconds=${KAKUNIN_FUZZ_SECONDS:-20}
jobs=$(nproc)
# ccache hits across checkouts (CI builds a fresh clone in another directory).
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1

log() { printf '\n== %s\n' "$*"; }

# Processes the tests start are stopped by the tests themselves (by PID). As a last line of
# defence, anything still alive afterwards that carries this run's id in its environment (every
# child inherits it) is stopped by PID — never another run's or a developer's processes.
export KAKUNIN_RUN_ID="run-$$-$(date +%s%N)"
ours() {
  local pid vars
  for pid in $(ps -eo pid=); do
    [ "$pid" = "$$" ] || [ "$pid" = "$BASHPID" ] && continue
    # Builtins only, so that the scan itself starts no process that carries the id.
    { mapfile -d '' vars < "/proc/$pid/environ"; } 2>/dev/null || continue
    [[ " ${vars[*]} " == *" KAKUNIN_RUN_ID=$KAKUNIN_RUN_ID "* ]] && echo "$pid"
  done
  return 0
}
load_pid=""
windows_report=""
cleanup() {
  local left
  [ -n "$windows_report" ] && rm -f "$windows_report"
  if [ -n "$load_pid" ]; then kill "$load_pid" 2>/dev/null || true; wait "$load_pid" 2>/dev/null || true; fi
  left=$(ours)
  left=${left//$'\n'/ }
  if [ -n "${left// /}" ]; then
    echo "run.sh: stopping leftover processes: $left" >&2
    kill $left 2>/dev/null || true
    sleep 1
    kill -9 $left 2>/dev/null || true
  fi
}
trap cleanup EXIT

if pgrep -x pcscd >/dev/null; then
  echo "run.sh: a pcscd is already running (pid $(pgrep -x pcscd | tr '\n' ' ')); the card tests" \
       "need their own. Stop it first (e.g. systemctl stop pcscd.socket pcscd)." >&2
  exit 1
fi

log "dependencies"
"$root/deploy/install-deps.sh"

log "configure + build ($build)"
start=$(date +%s)
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$jobs"
echo "build took $(( $(date +%s) - start )) s"

# The Windows agent (issue 23): cross-built with mingw-w64 (-O1, the prebuilt SDK when its
# manifest matches), its MSI, and under Wine its unit tests, card-info, the service and the MSI.
# The CTest tests labelled `wine` then run the Windows agent against the Linux rig; without the
# stage's agent they are skipped. A focused run (--test, --label, --repeat) leaves the stage out.
windows_failed=0
if [ "$windows" -eq 1 ]; then
  log "Windows agent (tests/windows/ci-stage.sh)"
  windows_report=$(mktemp /tmp/kakunin-win-report.XXXXXX)
  if KAKUNIN_BUILD_DIR="$build" KAKUNIN_WIN_STAGE_REPORT="$windows_report" \
    "$root/tests/windows/ci-stage.sh"; then
    export KAKUNIN_WIN_AGENT="${KAKUNIN_WIN_CI_BUILD_DIR:-$root/build-win-ci}/bin/kakunin-agent.exe"
  else
    windows_failed=1
  fi
fi

fuzz_failed=0
if [ "$fuzz" -eq 1 ]; then
  log "fuzz targets (clang-14, libFuzzer + ASan), ${fuzz_seconds}s each"
  CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$fuzz_build" -G Ninja -DKAKUNIN_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$fuzz_build" -j"$jobs"
  for target in $(find "$fuzz_build/bin" -maxdepth 1 -type f -name '*_fuzz' | sort); do
    corpus=$(mktemp -d)
    echo "-- $(basename "$target")"
    if ! "$target" -max_total_time="$fuzz_seconds" -print_final_stats=0 "$corpus" \
         >"$corpus.log" 2>&1; then
      tail -40 "$corpus.log"
      fuzz_failed=1
    else
      grep -E '^#[0-9]+.*DONE' "$corpus.log" | tail -1 || true
    fi
    rm -rf "$corpus" "$corpus.log"
  done
fi

log "tests"
start=$(date +%s)
# The programs under test never read the machine's /etc/kakunin/*.toml: the package test installs
# and edits those files while other tests run (an empty file sets nothing). The package test
# unsets these where it means to read the installed files.
export KAKUNIN_CONFIG=/dev/null KAKUNIN_AGENT_CONFIG=/dev/null
set +e
ctest_args=(--test-dir "$build" --output-on-failure -j"$jobs" --timeout 600)
[ "$repeat" -gt 1 ] && ctest_args+=(--repeat "until-fail:$repeat")
[ -n "$test" ] && ctest_args+=(-R "$test")
[ -n "$label" ] && ctest_args+=(-L "$label")
if [ "$load" -eq 1 ]; then
  # stress-ng is one of ours: it carries KAKUNIN_RUN_ID and is stopped by PID in cleanup.
  stress-ng --cpu "$jobs" --cpu-method matrixprod --quiet &
  load_pid=$!
  echo "load: stress-ng --cpu $jobs (pid $load_pid)"
fi
ctest "${ctest_args[@]}"
rc=$?
set -e
if [ -n "$load_pid" ]; then
  kill "$load_pid" 2>/dev/null || true
  wait "$load_pid" 2>/dev/null || true
  load_pid=""
fi
echo "tests took $(( $(date +%s) - start )) s"
if [ "$windows_failed" -ne 0 ]; then
  # Again here: the tests' output pushes the stage's report far up.
  cat "$windows_report" >&2
  echo "run.sh: the Windows stage failed (its report above)" >&2
  rc=1
fi
if [ "$fuzz_failed" -ne 0 ]; then
  echo "run.sh: a fuzz target found a crash" >&2
  rc=1
fi
exit $rc
