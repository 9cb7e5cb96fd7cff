#!/usr/bin/env bash
# Proves the Windows agent's MSI under Wine (issue 23): `msiexec /i` installs kakunin-agent.exe
# under C:\Program Files\Kakunin, registers the service KakuninAgent (LocalService, automatic,
# `service run`) and starts it, writes the enrollment bundle given as BUNDLE=; a higher version
# installs over it (one product left, the new version) and a lower one is refused; `msiexec /x`
# removes the service and the program and keeps %ProgramData%\Kakunin, which PURGE=1 removes.
#
# Usage: tests/windows/msi-test.sh
# Env:   KAKUNIN_WIN_BUILD_DIR   the Windows build (default <repo>/build-win) with the target `msi`
#                                built: packages/kakunin-agent-<version>-x64.msi is what is tested
#        KAKUNIN_MSI             test this MSI instead
#        KAKUNIN_MSI_NO_START=1  do not require the service to reach RUNNING (an agent without
#                                `service run`); its registration is still asserted
#        KAKUNIN_KEEP_TEST_DIRS  keep the run folder (logs) afterwards
# Needs (Debian 12): wine (8.0), wixl + msitools (the upgrade MSI is built here from the same
# exe with deploy/windows/build-msi.sh); sources tests/windows/wine-common.sh. The prefix's
# wineserver (and the service process) is stopped at the end, also on failure. Exit status 0 only
# when every check passed.
set -Euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
win_build=${KAKUNIN_WIN_BUILD_DIR:-$root/build-win}

case "${1:-}" in
  "") ;;
  -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
  *) echo "msi-test.sh: unknown option $1" >&2; exit 2 ;;
esac

run=$(mktemp -d /tmp/kakunin-msi.XXXXXX)
t0=$(date +%s.%N)
failed=0 checks=0
# say, fail, wait_until, wine_check_tools, wine_new_prefix, wine_keep_server, wine_stop_prefix
. "$root/tests/windows/wine-common.sh"

pass() { checks=$((checks + 1)); say "ok: $*"; }
check() {  # check "<what>" <command...>: passes when the command succeeds
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  wine_stop_prefix
  wine_keep_or_remove_run "$rc"
  wine_verdict "$rc" "MSI TESTS" "$checks checks"
  exit $?
}
wine_traps

wine_check_tools || exit 1
for tool in wixl msibuild msiinfo; do
  command -v "$tool" >/dev/null || { fail "missing $tool (apt-get install wixl msitools)"; exit 1; }
done

# --- the MSI under test and a higher version of it ----------------------------------------------
msi=${KAKUNIN_MSI:-}
if [ -z "$msi" ]; then
  msi=$(ls -t "$win_build"/packages/kakunin-agent-*-x64.msi 2>/dev/null | head -1 || true)
fi
[ -n "$msi" ] && [ -f "$msi" ] || { fail "no MSI in $win_build/packages (build the target msi)"; exit 1; }
version=$(msiinfo export "$msi" Property | awk -F'\t' '$1 == "ProductVersion" {print $2}' | tr -d '\r')
[[ $version =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] || { fail "cannot read ProductVersion of $msi"; exit 1; }
next_version=${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.$((BASH_REMATCH[3] + 1))
exe=$win_build/bin/kakunin-agent.exe
next_msi=$run/kakunin-agent-$next_version-x64.msi
"$root/deploy/windows/build-msi.sh" "$exe" "$next_version" "$next_msi" >"$run/build-next.log" 2>&1 ||
  { fail "building the upgrade MSI failed"; tail -5 "$run/build-next.log"; exit 1; }
say "testing $(basename "$msi") ($version), upgrade to $next_version"

# --- a fresh prefix, its server kept up (the service must not die between two commands) --------
wine_new_prefix || exit 1
wine_keep_server || exit 1

c_drive=$WINEPREFIX/drive_c
install_dir="$c_drive/Program Files/Kakunin"
data_dir=$c_drive/ProgramData/Kakunin
service_key='HKLM\System\CurrentControlSet\Services\KakuninAgent'
agent_key='HKLM\Software\Kakunin\Agent'
event_key='HKLM\System\CurrentControlSet\Services\EventLog\Application\KakuninAgent'
bundle_text="kakunin-enroll:v1:msi-test-$(date +%s)"

msiexec() {  # msiexec <log name> <args...>: exit status of msiexec, verbose log kept
  local log=$1
  shift
  timeout 300 wine msiexec "$@" /qn /l*v "$(winepath -w "$run/$log.log")" >"$run/$log.out" 2>&1
}
reg_value() {  # reg_value <key> <name>: the value's data, empty when absent
  wine reg query "$1" /v "$2" 2>/dev/null | tr -d '\r' |
    awk -v n="$2" '$1 == n { sub(/^[ \t]*[^ \t]+[ \t]+[^ \t]+[ \t]+/, ""); print; exit }'
}
key_exists() { wine reg query "$1" >/dev/null 2>&1; }
key_absent() { ! key_exists "$1"; }
service_state() {  # RUNNING, STOPPED, ... or empty when the service does not exist
  wine sc query KakuninAgent 2>/dev/null | tr -d '\r' | awk '$1 == "STATE" {print $4; exit}'
}
state_is() { [ "$(service_state)" = "$1" ]; }
wait_state() { wait_until "$2" state_is "$1"; }  # wait_state <state> <seconds>
# The products Windows Installer knows under our UpgradeCode, as "name version" lines.
installed_products() {
  wine reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null |
    tr -d '\r' | awk '
      /^HKEY_/ { if (name == "Kakunin Agent") print name " " ver; name = ""; ver = "" }
      $1 == "DisplayName" { $1 = ""; $2 = ""; sub(/^ +/, ""); name = $0 }
      $1 == "DisplayVersion" { ver = $3 }
      END { if (name == "Kakunin Agent") print name " " ver }'
}

# --- install ------------------------------------------------------------------------------------
msiexec install /i "$(winepath -w "$msi")" BUNDLE="$bundle_text"
rc=$?
check "msiexec /i exits 0 (got $rc)" test "$rc" = 0
check "kakunin-agent.exe is under C:\\Program Files\\Kakunin" test -f "$install_dir/kakunin-agent.exe"
check "the service KakuninAgent is registered" key_exists "$service_key"
image=$(reg_value "$service_key" ImagePath)
check "its ImagePath runs kakunin-agent.exe service run ($image)" \
  bash -c '[[ $1 == *"Kakunin\\kakunin-agent.exe"*"service run" ]]' _ "$image"
account=$(reg_value "$service_key" ObjectName)
check "it runs as NT AUTHORITY\\LocalService ($account)" test "$account" = 'NT AUTHORITY\LocalService'
start=$(reg_value "$service_key" Start)
check "it starts automatically (Start=$start)" test "$start" = 0x2
# `kakunin-agent.exe service install`, run by the MSI, gives the service its Japanese display name
# and description (wixl can store neither).
# Read until they show (at most 20 s). Once, on a loaded machine, the read right after msiexec
# returned still found the MSI's name and no description, though `service install` had reported
# success; the cause was not found (docs/decisions.md). A wait does not hide an action that
# never ran: that still fails here.
display_is_agents() {
  local d
  d=$(reg_value "$service_key" DisplayName)
  [ -n "$d" ] && [ "$d" != "Kakunin Agent" ]
}
has_description() { [ -n "$(reg_value "$service_key" Description)" ]; }
wait_until 20 display_is_agents
display=$(reg_value "$service_key" DisplayName)
check "the service's display name is the agent's own, not the MSI's ($display)" display_is_agents
check "the service has a description" wait_until 20 has_description
check "EnrollBundle holds the BUNDLE given" test "$(reg_value "$agent_key" EnrollBundle)" = "$bundle_text"
check "the Event Log source is registered" key_exists "$event_key"
if [ "${KAKUNIN_MSI_NO_START:-0}" = 1 ]; then
  say "skipped: the service reaching RUNNING (KAKUNIN_MSI_NO_START=1; state now: $(service_state))"
else
  check "the service is RUNNING within 30 s" wait_state RUNNING 30
fi
check "one product installed, version $version" test "$(installed_products)" = "Kakunin Agent $version"

# The outbox: what the service keeps there must outlive upgrades and an ordinary uninstall.
mkdir -p "$data_dir/outbox"
echo "not yet delivered" >"$data_dir/outbox/msi-test.marker"

# --- upgrade in place, no downgrade ------------------------------------------------------------
msiexec upgrade /i "$(winepath -w "$next_msi")" BUNDLE="$bundle_text-2"
rc=$?
check "msiexec /i of $next_version over $version exits 0 (got $rc)" test "$rc" = 0
check "one product installed, version $next_version" \
  test "$(installed_products)" = "Kakunin Agent $next_version"
check "the service is still registered" key_exists "$service_key"
check "kakunin-agent.exe is still installed" test -f "$install_dir/kakunin-agent.exe"
check "the outbox survived the upgrade" test -f "$data_dir/outbox/msi-test.marker"
check "the upgrade kept the Event Log source (no clean-up while upgrading)" key_exists "$event_key"
check "an upgrade with a new BUNDLE replaces EnrollBundle" \
  test "$(reg_value "$agent_key" EnrollBundle)" = "$bundle_text-2"
if [ "${KAKUNIN_MSI_NO_START:-0}" != 1 ]; then
  check "the upgraded service is RUNNING within 30 s" wait_state RUNNING 30
fi
msiexec downgrade /i "$(winepath -w "$msi")"
rc=$?
check "installing $version over $next_version is refused (exit $rc)" test "$rc" != 0
check "still one product, version $next_version" \
  test "$(installed_products)" = "Kakunin Agent $next_version"

# --- uninstall keeps the data, PURGE=1 removes it ------------------------------------------------
msiexec uninstall /x "$(winepath -w "$next_msi")"
rc=$?
check "msiexec /x exits 0 (got $rc)" test "$rc" = 0
check "the service is gone" key_absent "$service_key"
check "kakunin-agent.exe is gone" test ! -e "$install_dir/kakunin-agent.exe"
check "no product left" test -z "$(installed_products)"
check "the EnrollBundle value is gone" test -z "$(reg_value "$agent_key" EnrollBundle)"
check "HKLM\\SOFTWARE\\Kakunin\\Agent is gone" key_absent "$agent_key"
check "the Event Log source is gone" key_absent "$event_key"
check "%ProgramData%\\Kakunin (the outbox) is kept" test -f "$data_dir/outbox/msi-test.marker"

msiexec reinstall /i "$(winepath -w "$msi")"
rc=$?
check "installing again without BUNDLE exits 0 (got $rc)" test "$rc" = 0
check "without BUNDLE no EnrollBundle value is written" \
  test -z "$(reg_value "$agent_key" EnrollBundle)"
msiexec purge /x "$(winepath -w "$msi")" PURGE=1
rc=$?
check "msiexec /x PURGE=1 exits 0 (got $rc)" test "$rc" = 0
check "PURGE=1 removed %ProgramData%\\Kakunin" test ! -e "$data_dir"
check "the service is gone" key_absent "$service_key"
say "$checks checks passed, $([ "$failed" = 0 ] && echo none || echo some) failed"
exit 0
