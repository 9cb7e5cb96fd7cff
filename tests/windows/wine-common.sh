# Sourced by the Wine test scripts of tests/windows (not run by itself): timing and messages, stopping
# what a script started, and a fresh WINEPREFIX per run.
#
# The sourcing script sets `run` (its folder) before sourcing: the prefix is $run/prefix. It
# defines `cleanup` (calling wine_stop_prefix, and wine_verdict last) and calls wine_traps.

t0=${t0:-$(date +%s.%N)}
failed=${failed:-0}
wine_started=0
# Programs run quietly, without Mono/Gecko prompts or a display.
export WINEPREFIX=$run/prefix WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY

say() { printf '[%6.1fs] %s\n' "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{print b-a}')" "$*"; }
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}'; }
fail() { say "FAIL: $*"; failed=1; }

stop_pid() {  # TERM, up to 5 s, then KILL: only the processes this script started
  local pid=$1 name=$2
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
  say "stopped $name (pid $pid)"
}

# Polls `command...` every 0.2 s until it succeeds or `seconds` pass; the command's status.
wait_until() {
  local seconds=$1
  shift
  local deadline=$(($(date +%s) + seconds))
  while :; do
    "$@" && return 0
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep 0.2
  done
}

wine_check_tools() {
  local tool
  for tool in wine wineserver wineboot; do
    command -v "$tool" >/dev/null || { fail "missing $tool (apt-get install wine)"; return 1; }
  done
}

# A fresh 64-bit prefix (wineboot -u, 10-25 s).
wine_new_prefix() {
  local t
  t=$(date +%s.%N)
  wine_started=1
  timeout 300 wineboot -u >"$run/wineboot.log" 2>&1 || {
    fail "wineboot failed"
    tail -5 "$run/wineboot.log"
    return 1
  }
  wine_boot_seconds=$(since "$t")
  say "fresh WINEPREFIX in $wine_boot_seconds s"
}

# Keeps the prefix's wineserver (and services.exe with its services) alive between commands until
# wine_stop_prefix. Without it the server exits a few seconds after the last program, killing a
# running service, and the next command boots the prefix again, which starts automatic services.
# The prefix's system processes (services.exe, winedevice, ...) start with the first program and
# keep its standard output: started here on /dev/null, so that a later `wine ... | tr` ends.
wine_keep_server() {
  timeout 60 wineserver -w 2>/dev/null  # the one wineboot left must go first
  wineserver -p >/dev/null 2>&1 || { fail "wineserver -p failed"; return 1; }
  timeout 120 wine cmd /c exit </dev/null >/dev/null 2>&1 || { fail "the prefix does not start"; return 1; }
}

# Ends every process of the prefix (services included) by its wineserver.
wine_stop_prefix() {
  [ "$wine_started" = 1 ] || return 0
  timeout 20 wineserver -k 2>/dev/null || true
  timeout 20 wineserver -w 2>/dev/null || true
  wine_started=0
  say "stopped the wineserver of $WINEPREFIX"
}

# After a failed run (exit status $1, or `failed` set) or with KAKUNIN_KEEP_TEST_DIRS, keeps the
# run folder's logs but not the prefix (hundreds of MB); else removes the run folder.
wine_keep_or_remove_run() {
  if [ -n "${KAKUNIN_KEEP_TEST_DIRS:-}" ] || [ "$failed" != 0 ] || [ "$1" != 0 ]; then
    rm -rf "$WINEPREFIX"
    say "logs kept in $run"
  else
    rm -rf "$run"
  fi
}

# cleanup runs on every exit; an interrupt or a TERM counts as a failure.
wine_traps() {
  trap cleanup EXIT
  trap 'failed=1; exit 130' INT
  trap 'failed=1; exit 143' TERM
}

# The script's last line and exit status: "<label>: PASS[ (detail)]" only when the script ended
# normally (status $1) with no failed check; else "<label>: FAIL". wine_verdict RC LABEL [DETAIL]
wine_verdict() {
  if [ "$1" = 0 ] && [ "$failed" = 0 ]; then
    echo "$2: PASS${3:+ ($3)}"
    return 0
  fi
  echo "$2: FAIL"
  return 1
}
