#!/usr/bin/env bash
# Proves the Windows service of the agent under Wine (issue 23): in a fresh WINEPREFIX,
# kakunin-agent.exe in "C:\Program Files\Kakunin" registers the service KakuninAgent
# (`service install`), which the service manager starts and stops (`service start|stop`, seen by
# `sc query` too); the service writes its rolling log under %ProgramData%\Kakunin\logs, takes an
# enrollment bundle from the registry as the MSI leaves it (HQ unreachable here: it retries with
# backoff while RUNNING, and enrolls once HQ — kakunin-server on Linux — answers); with an enrolled state it runs the daemon, which `kakunin-agent status`
# reaches and the stop control stops (and an older plain PEM key is sealed with DPAPI); `service
# uninstall` removes it.
#
# Usage: tests/windows/service-test.sh
# Env:   KAKUNIN_WIN_BUILD_DIR   the Windows build (default <repo>/build-win; kakunin-agent built)
#        KAKUNIN_BUILD_DIR       the Linux build whose kakunin-server (embedded PostgreSQL) plays HQ
#                                for the enrollment from the bundle (default <repo>/build; that
#                                part is skipped, and said so, when it is not built)
#        KAKUNIN_KEEP_TEST_DIRS  keep the run folder (logs) afterwards
# Needs: wine (8.0). What Wine 8 does not do (said in the output, checked on Windows only): the
# state folder's ACL is not stored (Wine maps it to Unix mode bits), delayed automatic start and
# SERVICE_CONFIG_FAILURE_ACTIONS_FLAG are refused (ERROR_INVALID_LEVEL), its sc.exe has no
# qc/qfailure, and the Event Log is a stub (ReportEventW succeeds, nothing is kept).
# The prefix's wineserver (and with it the service) is stopped also on failure.
set -Euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
win_build=${KAKUNIN_WIN_BUILD_DIR:-$root/build-win}
exe=$win_build/bin/kakunin-agent.exe
server_bin=${KAKUNIN_BUILD_DIR:-$root/build}/bin/kakunin-server
server_pid=""

run=$(mktemp -d /tmp/kakunin-service.XXXXXX)
t0=$(date +%s.%N)
failed=0
# say, fail, wait_until, wine_new_prefix, wine_stop_prefix
. "$root/tests/windows/wine-common.sh"

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  wine_stop_prefix
  [ -n "$server_pid" ] && stop_pid "$server_pid" "kakunin-server"
  [ -n "$log" ] && [ -f "$log" ] && cp "$log" "$run/agent.log"  # the prefix goes, the log stays
  wine_keep_or_remove_run "$rc"
  wine_verdict "$rc" "SERVICE TEST"
  exit $?
}
log=""
wine_traps

wine_check_tools || exit 1
[ -f "$exe" ] || { fail "no $exe (ninja -C build-win kakunin-agent)"; exit 1; }
wine_new_prefix || exit 1
wine_keep_server || exit 1

install_dir="$WINEPREFIX/drive_c/Program Files/Kakunin"
win_exe='C:\Program Files\Kakunin\kakunin-agent.exe'
state="$WINEPREFIX/drive_c/ProgramData/Kakunin"
log="$state/logs/agent.log"
mkdir -p "$install_dir"
cp "$exe" "$install_dir/"

agent() { timeout 90 wine "$win_exe" "$@" 2>&1 | tr -d '\r'; }
sc_state() { timeout 30 wine sc query KakuninAgent 2>&1 | tr -d '\r' | sed -n 's/^ *STATE *: *[0-9]* *//p'; }
reg_value() {  # the data of one registry value
  timeout 30 wine reg query "$1" /v "$2" 2>/dev/null | tr -d '\r' |
    sed -n "s/^ *$2 *REG_[A-Z_]* *//p"
}
check() {  # check WHAT COMMAND...: PASS/FAIL line
  local what=$1
  shift
  if "$@"; then say "PASS $what"; else fail "$what"; fi
}
log_has() { [ -f "$log" ] && grep -q -- "$1" "$log"; }
status_is() { agent service status | grep -q "KakuninAgent: $1"; }

# --- service run outside the SCM --------------------------------------------------------------
out=$(agent service run; echo "exit=${PIPESTATUS[0]}")
check "service run from a console refuses (exit 2, says to use run)" \
  grep -q 'exit=2' <<<"$out"

# --- install ----------------------------------------------------------------------------------
out=$(agent service install; echo "exit=${PIPESTATUS[0]}")
echo "$out" | sed 's/^/    /'
check "service install" grep -q 'exit=0' <<<"$out"
key='HKLM\SYSTEM\CurrentControlSet\Services\KakuninAgent'
image=$(reg_value "$key" ImagePath)
check "ImagePath is exactly \"$win_exe\" service run (got: $image)" \
  [ "$image" = "\"$win_exe\" service run" ]
check "runs as NT AUTHORITY\\LocalService" [ "$(reg_value "$key" ObjectName)" = 'NT AUTHORITY\LocalService' ]
check "starts automatically (Start=2)" [ "$(reg_value "$key" Start)" = 0x2 ]
check "Event Log source registered with kakunin-agent.exe's message table" \
  [ "$(reg_value 'HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\KakuninAgent' EventMessageFile)" = "$win_exe" ]
check "state folder %ProgramData%\\Kakunin made" [ -d "$state/logs" ]
if grep -q '回復動作（失敗時の再起動）: このサービス管理は未対応' <<<"$out"; then
  fail "recovery actions refused"
fi
say "NOTE Wine 8 refuses (install warns, Windows accepts): $(grep -o '警告: [^:]*' <<<"$out" | sed 's/警告: //' | paste -sd, -)"
qfailure=$(timeout 30 wine sc qfailure KakuninAgent 2>&1 | tr -d '\r' | head -3 | paste -sd' ' -)
say "NOTE sc qfailure under Wine 8: ${qfailure:-(no output)} — Wine's sc.exe has no qfailure; the recovery settings are proven on Windows only"

# --- start, with an enrollment bundle waiting and HQ unreachable ------------------------------
closed_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
bundle="kakunin-enroll:v1?server=127.0.0.1:$closed_port&ca=sha256:$(printf '0%.0s' $(seq 64))&site=wine&token=service-test"
timeout 30 wine reg add 'HKLM\SOFTWARE\Kakunin\Agent' /v EnrollBundle /t REG_SZ /d "$bundle" /f >/dev/null 2>&1
check "the MSI's EnrollBundle value is in the registry" \
  [ "$(reg_value 'HKLM\SOFTWARE\Kakunin\Agent' EnrollBundle)" = "$bundle" ]

out=$(agent service start; echo "exit=${PIPESTATUS[0]}")
echo "$out" | sed 's/^/    /'
check "service start returns once RUNNING" grep -q 'exit=0' <<<"$out"
check "service status says RUNNING" wait_until 20 status_is RUNNING
check "sc query says RUNNING" wait_until 20 bash -c '[ "$('"$(declare -f sc_state)"'; sc_state)" = RUNNING ]'
check "log file %ProgramData%\\Kakunin\\logs\\agent.log written" wait_until 20 log_has 'サービス KakuninAgent を開始しました'
check "the service enrolls with the registry's bundle" wait_until 20 log_has '登録用バンドルで本部に登録します'
check "HQ unreachable: retried with backoff, service still RUNNING" \
  wait_until 30 log_has '本部に接続できないか、本部が混み合っています（5 秒後に再試行）'
check "second attempt after the backoff (10 s next)" wait_until 30 log_has '本部に接続できないか、本部が混み合っています（10 秒後に再試行）'
status_is RUNNING && say "PASS still RUNNING while retrying" || fail "not RUNNING while retrying"

# --- stop ---------------------------------------------------------------------------------------
t=$(date +%s.%N)
out=$(agent service stop; echo "exit=${PIPESTATUS[0]}")
echo "$out" | sed 's/^/    /'
check "service stop returns once STOPPED ($(since "$t") s, the backoff wait is interrupted)" \
  grep -q 'exit=0' <<<"$out"
check "sc query says STOPPED" wait_until 20 bash -c '[ "$('"$(declare -f sc_state)"'; sc_state)" = STOPPED ]'
check "log says the service stopped" wait_until 10 log_has 'サービス KakuninAgent を停止しました'

# --- an enrolled terminal: the service runs the daemon --------------------------------------------
# The state `enroll` leaves (a self-signed pair stands in for HQ's certificate; HQ stays
# unreachable), with the key in plain PEM as an older agent wrote it: the service seals it.
timeout 30 wine reg delete 'HKLM\SOFTWARE\Kakunin\Agent' /v EnrollBundle /f >/dev/null 2>&1
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -subj /CN=wine-service-test -keyout "$state/device.key" -out "$state/device.pem" \
  >"$run/openssl.log" 2>&1 || { fail "openssl could not make a key pair"; exit 1; }
cp "$state/device.pem" "$state/ca.pem"
printf '{"device_id":"wine-service-dev","site_id":"wine","servers":["127.0.0.1:%s"]}\n' \
  "$closed_port" >"$state/device.json"
out=$(agent service start; echo "exit=${PIPESTATUS[0]}")
check "service start (enrolled)" grep -q 'exit=0' <<<"$out"
daemon_answers() { agent status --json | grep -q '"device_id":"wine-service-dev"'; }
check "kakunin-agent status reaches the service's daemon (%ProgramData%\\Kakunin\\agent.endpoint)" \
  wait_until 30 daemon_answers
check "the daemon logs to the service's file" log_has 'serving on'
check "the plain PEM key is sealed with DPAPI on the service's first load" \
  bash -c 'head -c 24 "$1" | grep -q "^KAKUNIN-DPAPI-MACHINE-1" && ! grep -q "PRIVATE KEY" "$1"' _ \
  "$state/device.key"
out=$(agent service stop; echo "exit=${PIPESTATUS[0]}")
check "service stop reaches the daemon's shutdown seam" grep -q 'exit=0' <<<"$out"
check "the daemon stopped on the stop control" wait_until 10 log_has 'stopping on stop request'
exit_code=$(timeout 30 wine sc query KakuninAgent 2>&1 | tr -d '\r' | sed -n 's/^ *WIN32_EXIT_CODE *: *\([0-9]*\).*/\1/p')
check "stopped cleanly (WIN32_EXIT_CODE 0, got ${exit_code:-none})" [ "$exit_code" = 0 ]

# --- the MSI's bundle with HQ reachable: the service enrolls, then runs the daemon -------------
if [ -x "$server_bin" ]; then
  rm -f "$state"/device.* "$state"/ca.pem "$state"/outbox.db* "$state"/config.json
  chmod 711 "$run"  # the embedded PostgreSQL runs as nobody under $run/hq
  mkdir -p "$run/hq" && chmod 755 "$run/hq"
  "$server_bin" serve --data-dir "$run/hq/server" --listen 127.0.0.1:0 \
    --ready-file "$run/hq/server.port" >"$run/hq/server.log" 2>&1 &
  server_pid=$!
  if wait_until 120 test -s "$run/hq/server.port"; then
    hq="127.0.0.1:$(cat "$run/hq/server.port")"
    say "HQ (kakunin-server, pid $server_pid) on $hq"
    "$server_bin" site add --data-dir "$run/hq/server" --id wine --name "ワイン薬局" \
      --code 1341234566 --auto-approve >>"$run/hq/setup.log" 2>&1
    bundle=$("$server_bin" token issue --data-dir "$run/hq/server" --site wine \
      --bundle-server "$hq" 2>>"$run/hq/setup.log" | grep -o 'kakunin-enroll:v1?[^ ]*' | head -1)
    [ -n "$bundle" ] || fail "no bundle from kakunin-server token issue (see $run/hq/setup.log)"
    timeout 30 wine reg add 'HKLM\SOFTWARE\Kakunin\Agent' /v EnrollBundle /t REG_SZ /d "$bundle" /f \
      >/dev/null 2>&1
    out=$(agent service start; echo "exit=${PIPESTATUS[0]}")
    check "service start (a bundle waiting, HQ up)" grep -q 'exit=0' <<<"$out"
    check "the service enrolled with the MSI's bundle" wait_until 60 log_has '本部への登録が完了しました'
    enrolled_and_connected() {
      agent status --json | grep -q '"connected":true' &&
        agent status --json | grep -qE '"device_id":"[^"]+"'
    }
    check "the daemon runs and is connected to HQ" wait_until 60 enrolled_and_connected
    check "the spent bundle is gone from the registry" \
      [ -z "$(reg_value 'HKLM\SOFTWARE\Kakunin\Agent' EnrollBundle)" ]
    check "the new device key is sealed with DPAPI" \
      bash -c 'head -c 24 "$1" | grep -q "^KAKUNIN-DPAPI-MACHINE-1"' _ "$state/device.key"
    out=$(agent service stop; echo "exit=${PIPESTATUS[0]}")
    check "service stop (enrolled, connected)" grep -q 'exit=0' <<<"$out"
  else
    fail "kakunin-server did not start (see $run/hq/server.log)"
  fi
  stop_pid "$server_pid" "kakunin-server"
  server_pid=""
else
  say "NOTE no $server_bin: the enrollment against HQ is not run"
fi

# --- uninstall ----------------------------------------------------------------------------------
out=$(agent service uninstall; echo "exit=${PIPESTATUS[0]}")
echo "$out" | sed 's/^/    /'
check "service uninstall" grep -q 'exit=0' <<<"$out"
out=$(agent service status; echo "exit=${PIPESTATUS[0]}")
check "service status after uninstall: not installed (exit 1)" \
  bash -c 'grep -q "service.not_installed" <<<"$1" && grep -q "exit=1" <<<"$1"' _ "$out"
check "sc query: gone" bash -c '! timeout 30 wine sc query KakuninAgent 2>&1 | grep -q STATE'
check "state folder kept" [ -f "$log" ]
echo "--- the service's log ---"
sed 's/^/    /' "$log"
exit 0
