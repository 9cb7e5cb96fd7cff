#!/usr/bin/env bash
# Proves the Windows agent under Wine (issue 23): the agent's and common's unit tests (.exe), and
# `kakunin-agent.exe card-info --json` reading the project's virtual card through WinSCard ->
# pcscd -> vpcd, compared with what the Linux agent says for the same card.
#
# Usage: tests/windows/run-wine-tests.sh [--unit-only | --card-only]
# Env:   KAKUNIN_WIN_BUILD_DIR   the Windows build (default <repo>/build-win; `windows_tests` built)
#        KAKUNIN_BUILD_DIR       the Linux build with kakunin-vcard and kakunin-agent (default
#                                <repo>/build), used by the card part
#        KAKUNIN_KEEP_TEST_DIRS  keep the run folder (prefix, logs) afterwards
# Needs (Debian 12): wine (8.0), pcscd with vsmartcard-vpcd, flock; the WinSCard pair of the shared
# kit (../shared/windows/wine-winscard beside the checkout, or KAKUNIN_WINE_WINSCARD), installed for the run and
# uninstalled afterwards when it was not installed before (it changes the system Wine).
# Everything started here (pcscd, the virtual card, the prefix's wineserver) is stopped by PID or
# by its prefix, also on failure. Exit status 0 only when every part passed.
set -Euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
win_build=${KAKUNIN_WIN_BUILD_DIR:-$root/build-win}
linux_build=${KAKUNIN_BUILD_DIR:-$root/build}
winscard_kit=${KAKUNIN_WINE_WINSCARD:-$root/../shared/windows/wine-winscard}
exclusions=$root/tests/windows/wine-exclusions.tsv
lock_file=/tmp/kakunin-pcscd.lock
vpcd_driver=/usr/lib/pcsc/drivers/serial/libifdvpcd.so

unit=1 card=1
case "${1:-}" in
  --unit-only) card=0 ;;
  --card-only) unit=0 ;;
  "") ;;
  -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
  *) echo "run-wine-tests.sh: unknown option $1" >&2; exit 2 ;;
esac

run=$(mktemp -d /tmp/kakunin-wine.XXXXXX)
t0=$(date +%s.%N)
pcscd_pid="" card_pid="" winscard_installed_here=0 failed=0
declare -a timings=()
# say, since, fail, stop_pid, wine_new_prefix, wine_stop_prefix
. "$root/tests/windows/wine-common.sh"

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  wine_stop_prefix
  [ -n "$card_pid" ] && stop_pid "$card_pid" "kakunin-vcard"
  [ -n "$pcscd_pid" ] && stop_pid "$pcscd_pid" "pcscd"
  if [ "$winscard_installed_here" = 1 ]; then
    "$winscard_kit/install.sh" --uninstall >"$run/winscard-uninstall.log" 2>&1 &&
      say "restored Debian's winscard.dll" || say "WARNING: install.sh --uninstall failed (see log)"
  fi
  wine_keep_or_remove_run "$rc"
  for line in "${timings[@]}"; do echo "time: $line"; done
  wine_verdict "$rc" "WINE TESTS"
  exit $?
}
wine_traps

wine_check_tools || exit 1
[ -f "$win_build/windows-tests.txt" ] || { fail "no $win_build/windows-tests.txt (build windows_tests)"; exit 1; }

# Debian's winscard.dll is a stub that fails every call: the kit's pair replaces it (before the
# prefix is made, as the kit's own check does).
if [ "$card" = 1 ]; then
  status=$("$winscard_kit/install.sh" --status 2>&1 || true)
  if [[ $status == *"winscard.dll: libwine's original"* ]]; then
    "$winscard_kit/install.sh" >"$run/winscard-install.log" 2>&1 ||
      { fail "installing the WinSCard pair failed"; tail -5 "$run/winscard-install.log"; exit 1; }
    winscard_installed_here=1
    say "installed the WinSCard pair into the system Wine (for this run)"
  fi
fi

# --- a fresh prefix -----------------------------------------------------------------------------
wine_new_prefix || exit 1
timings+=("wineboot $wine_boot_seconds s")

# --- unit tests ---------------------------------------------------------------------------------
# wine-exclusions.tsv: program <TAB> gtest pattern <TAB> why it does not run under Wine.
filter_for() {
  local program=$1 patterns=""
  [ -f "$exclusions" ] || return 0
  while IFS=$'\t' read -r prog pattern _; do
    [ -z "$prog" ] || [ "${prog:0:1}" = "#" ] && continue
    [ "$prog" = "$program" ] && patterns+="${patterns:+:}$pattern"
  done <"$exclusions"
  [ -n "$patterns" ] && echo "--gtest_filter=-$patterns"
  return 0
}

if [ "$unit" = 1 ]; then
  t=$(date +%s.%N)
  total_pass=0 total_fail=0 total_skip=0
  while read -r exe; do
    [ -z "$exe" ] && continue
    name=${exe%.exe}
    if [ ! -f "$win_build/bin/$exe" ]; then
      fail "$exe was not built"
      continue
    fi
    filter=$(filter_for "$name")
    # From the repo root, so the tests' absolute Unix paths (fixtures) resolve on drive Z:.
    (cd "$root" && timeout 600 wine "$win_build/bin/$exe" --gtest_brief=1 $filter) \
      >"$run/$name.log" 2>&1
    rc=$?
    passed=$(grep -oE '\[  PASSED  \] [0-9]+' "$run/$name.log" | grep -oE '[0-9]+$' || echo 0)
    failed_n=$(grep -cE '^\[  FAILED  \] .*\([0-9]+ ms\)' "$run/$name.log")
    skipped=$(grep -oE '\[  SKIPPED \] [0-9]+' "$run/$name.log" | grep -oE '[0-9]+$' || echo 0)
    total_pass=$((total_pass + ${passed:-0})) total_fail=$((total_fail + ${failed_n:-0}))
    total_skip=$((total_skip + ${skipped:-0}))
    if [ "$rc" = 0 ]; then
      say "PASS $name: ${passed:-0} passed${filter:+ (excluded: ${filter#--gtest_filter=-})}"
    else
      fail "$name (exit $rc): ${passed:-0} passed, ${failed_n:-0} failed"
      grep -E '^\[  FAILED  \]|Failure|error:' "$run/$name.log" | head -20 | sed 's/^/    /'
      [ "$rc" = 124 ] && echo "    (timed out)"
    fi
  done <"$win_build/windows-tests.txt"
  timings+=("unit tests $(since "$t") s")
  say "unit tests under Wine: $total_pass passed, $total_fail failed, $total_skip skipped"
fi

# --- card-info through WinSCard -> pcscd -> vpcd -> kakunin-vcard --------------------------------
free_port_pair() {  # two consecutive free TCP ports on loopback (vpcd listens on both)
  python3 - <<'PY'
import socket
for _ in range(100):
    a = socket.socket(); a.bind(("127.0.0.1", 0)); p = a.getsockname()[1]
    b = socket.socket()
    try:
        b.bind(("127.0.0.1", p + 1)); print(p); break
    except OSError:
        pass
    finally:
        a.close(); b.close()
PY
}

if [ "$card" = 1 ]; then
  t=$(date +%s.%N)
  vcard=$linux_build/bin/kakunin-vcard
  linux_agent=$linux_build/bin/kakunin-agent
  for f in "$vcard" "$linux_agent" "$win_build/bin/kakunin-agent.exe" "$vpcd_driver"; do
    [ -e "$f" ] || { fail "missing $f"; exit 1; }
  done
  command -v pcscd >/dev/null || { fail "missing pcscd"; exit 1; }

  # pcscd is machine-wide: the same lock as the harness (tests/harness/card/pcscd_instance).
  exec 9>"$lock_file"
  chmod 666 "$lock_file" 2>/dev/null || true
  flock -w 900 9 || { fail "$lock_file still held after 900 s"; exit 1; }
  say "holding $lock_file"
  if pgrep -x pcscd >/dev/null; then
    fail "a pcscd is already running (pid $(pgrep -x pcscd | tr '\n' ' ')); stop it first"
    exit 1
  fi
  port=$(free_port_pair)
  conf=$run/reader.conf.d
  mkdir -p "$conf" /run/pcscd
  port_hex=$(printf '0x%04X' "$port")
  printf 'FRIENDLYNAME "Virtual PCD"\nDEVICENAME   /dev/null:%s\nLIBPATH      %s\nCHANNELID    %s\n' \
    "$port_hex" "$vpcd_driver" "$port_hex" >"$conf/vpcd"
  pcscd -f -c "$conf" >"$run/pcscd.log" 2>&1 &
  pcscd_pid=$!
  for _ in $(seq 100); do
    [ -S /run/pcscd/pcscd.comm ] && ss -ltn 2>/dev/null | grep -q ":$port " && break
    kill -0 "$pcscd_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pcscd_pid" 2>/dev/null || { fail "pcscd exited"; tail -5 "$run/pcscd.log"; exit 1; }
  say "pcscd (pid $pcscd_pid) with vpcd on port $port"

  # A test card, issued by a test CA, plugged into the first virtual reader.
  "$vcard" init-ca --dir "$run/ca" >"$run/vcard-init.log" 2>&1 &&
    "$vcard" issue --ca-dir "$run/ca" --seed wine-test --out "$run/card.json" >>"$run/vcard-init.log" 2>&1 ||
    { fail "kakunin-vcard could not issue a card"; cat "$run/vcard-init.log"; exit 1; }
  "$vcard" run --card "$run/card.json" --port "$port" --control "$run/vcard.sock" \
    --apdu-log "$run/apdu.jsonl" --connect-timeout 20 >"$run/vcard.log" 2>&1 &
  card_pid=$!
  for _ in $(seq 200); do
    grep -q 'vcard: connected to vpcd' "$run/vcard.log" && break
    kill -0 "$card_pid" 2>/dev/null || break
    sleep 0.1
  done
  grep -q 'vcard: connected to vpcd' "$run/vcard.log" || { fail "the virtual card did not connect"; tail -5 "$run/vcard.log"; exit 1; }
  say "virtual card connected (pid $card_pid)"

  # The same card read by the Linux agent and by the Windows agent under Wine.
  # pcscd sees the card on its next presence poll after vpcd's connection: the first reads may
  # find the reader empty.
  for _ in $(seq 40); do
    KAKUNIN_CONFIG=/dev/null KAKUNIN_AGENT_CONFIG=/dev/null \
      timeout 60 "$linux_agent" card-info --json >"$run/card-info.linux.json" 2>"$run/card-info.linux.err"
    linux_rc=$?
    grep -q 'card.no_card' "$run/card-info.linux.err" || break
    sleep 0.25
  done
  timeout 120 wine "$win_build/bin/kakunin-agent.exe" card-info --json \
    >"$run/card-info.windows.json" 2>"$run/card-info.windows.err"
  windows_rc=$?
  tr -d '\r' <"$run/card-info.windows.json" >"$run/card-info.windows.clean.json"
  echo "card-info (Windows, under Wine), exit $windows_rc:"
  sed 's/^/    /' "$run/card-info.windows.clean.json"
  if [ "$linux_rc" != 0 ]; then
    fail "the Linux agent's card-info failed (exit $linux_rc): $(head -3 "$run/card-info.linux.err")"
  elif [ "$windows_rc" != 0 ]; then
    fail "kakunin-agent.exe card-info failed (exit $windows_rc): $(head -3 "$run/card-info.windows.err")"
  elif python3 - "$run/card-info.linux.json" "$run/card-info.windows.clean.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
if a != b:
    for k in sorted(set(a) | set(b)):
        if a.get(k) != b.get(k):
            print(f"    differs: {k}: linux={a.get(k)!r} windows={b.get(k)!r}")
    sys.exit(1)
PY
  then
    say "PASS card-info: the Windows agent says what the Linux agent says"
  else
    fail "card-info differs between the Linux and the Windows agent"
  fi
  timings+=("card-info (pcscd, card, both agents) $(since "$t") s")
fi
exit 0
