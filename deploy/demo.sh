#!/usr/bin/env bash
# Kakunin on one machine: installs what is missing, builds, and runs the whole system on an
# embedded default — a private PostgreSQL (owned by kakunin-server), a private pcscd with two
# virtual readers, two virtual My Number Cards, the eligibility emulator, the server, and agents
# for two sites — then performs real checks and shows the results (as the console lists them).
#   deploy/demo.sh          keep running until Ctrl-C
#   deploy/demo.sh --once   run the scripted checks, stop everything, exit 0 on success
# Every process started here is stopped by its PID on exit.
set -euo pipefail

once=0
for arg in "$@"; do
  case "$arg" in
    --once) once=1 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${KAKUNIN_BUILD_DIR:-$root/build}
demo=${KAKUNIN_DEMO_DIR:-/tmp/kakunin-demo}
bin=$build/bin
pids=()
# ccache hits across checkouts (CI builds a fresh clone in another directory).
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
# The windows are drawn off screen for their screenshots: a runtime directory of their own, and
# no warnings about a window manager that is not there.
export QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$demo/xdg" QT_LOGGING_RULES="default.warning=false"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
stop_all() {
  local i
  for (( i=${#pids[@]}-1; i>=0; i-- )); do kill "${pids[$i]}" 2>/dev/null || true; done
  for (( i=${#pids[@]}-1; i>=0; i-- )); do
    for _ in $(seq 100); do kill -0 "${pids[$i]}" 2>/dev/null || break; sleep 0.1; done
    kill -9 "${pids[$i]}" 2>/dev/null || true
  done
  pids=()
}
trap stop_all EXIT
trap 'echo; echo "stopping…"; exit 0' INT TERM

# Waits (polling, with a deadline) until a command succeeds.
wait_until() {
  local what=$1 tries=$2; shift 2
  for _ in $(seq "$tries"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "demo.sh: timed out waiting for $what" >&2
  return 1
}

# What HQ stored, in words: store, terminal, how the check was made, the outcome, Japan time.
hq_checks() {
  psql -X -h "$pg_run" -p "$pg_port" -U kakunin -d kakunin -c \
    "SELECT s.name AS 店舗, d.terminal_name AS 端末, c.sequence AS 番号,
            CASE c.source WHEN 1 THEN 'カード' WHEN 2 THEN '再照会' WHEN 3 THEN '書類'
                          WHEN 4 THEN '顔認証付きカードリーダー' ELSE '' END AS 方法,
            CASE c.mode WHEN 1 THEN '目視確認' WHEN 2 THEN '暗証番号'
                        WHEN 3 THEN '顔認証リーダー' ELSE '' END AS 本人確認,
            CASE c.outcome WHEN 1 THEN '資格有効' WHEN 2 THEN '資格喪失' WHEN 3 THEN '該当資格なし'
                           WHEN 4 THEN 'マイナ保険証の利用登録なし' WHEN 5 THEN '電子証明書の有効期限切れ'
                           WHEN 6 THEN '電子証明書の失効' WHEN 7 THEN '書類で確認済み'
                           WHEN 8 THEN '書類が有効ではありません' WHEN 10 THEN '複数の資格あり'
                           ELSE '確認できませんでした' END AS 結果,
            CASE WHEN c.name_unrepresentable THEN '外字あり（券面で確認）' ELSE '' END AS 氏名,
            to_char(c.checked_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI') AS 日時_JST
       FROM check_results c JOIN sites s USING (site_id) JOIN devices d USING (device_id)
      ORDER BY c.checked_at, c.site_id"
}

# The demo's programs take their settings from their command lines only, never from an
# installed /etc/kakunin/*.toml (an empty file sets nothing).
export KAKUNIN_CONFIG=/dev/null KAKUNIN_AGENT_CONFIG=/dev/null

say "dependencies and build"
"$root/deploy/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target kakunin-server kakunin-agent kakunin-vcard \
  kakunin-oqs-sim kakunin-console kakunin-station

if pgrep -x pcscd >/dev/null; then
  echo "demo.sh: a pcscd is already running; the demo needs its own (stop the system one first)" >&2
  exit 1
fi

rm -rf "$demo"
mkdir -p "$demo" && mkdir -m 700 "$demo/xdg"
chmod 755 "$demo"   # the embedded PostgreSQL runs as an unprivileged user below it

say "pcscd with two virtual readers"
port=$(python3 -c 'import socket
for _ in range(100):
    a=socket.socket(); a.bind(("127.0.0.1",0)); p=a.getsockname()[1]
    try:
        b=socket.socket(); b.bind(("127.0.0.1",p+1)); b.close(); a.close(); print(p); break
    except OSError: a.close()')
mkdir -p "$demo/reader.conf.d"
printf 'FRIENDLYNAME "Virtual PCD"\nDEVICENAME   /dev/null:0x%X\nLIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so\nCHANNELID    0x%X\n' \
  "$port" "$port" > "$demo/reader.conf.d/vpcd"
pcscd -f -c "$demo/reader.conf.d" > "$demo/pcscd.log" 2>&1 &
pids+=($!)
wait_until "pcscd" 100 test -S /run/pcscd/pcscd.comm

say "two virtual My Number Cards (test JPKI CA)"
mkdir -p "$demo/cards"
"$bin/kakunin-vcard" init-ca --dir "$demo/jpki" --seed demo-ca
"$bin/kakunin-vcard" issue --ca-dir "$demo/jpki" --seed yamada-taro --out "$demo/cards/yamada-taro.json" --pin 1234
"$bin/kakunin-vcard" issue --ca-dir "$demo/jpki" --seed sato-hanako --out "$demo/cards/sato-hanako.json" --pin 5678
"$bin/kakunin-vcard" run --card "$demo/cards/yamada-taro.json" --port "$port" --apdu-log "$demo/apdu-0.log" > "$demo/vcard-0.log" 2>&1 &
pids+=($!)
"$bin/kakunin-vcard" run --card "$demo/cards/sato-hanako.json" --port "$((port + 1))" --apdu-log "$demo/apdu-1.log" > "$demo/vcard-1.log" 2>&1 &
pids+=($!)
wait_until "card 0" 100 grep -q "connected to vpcd" "$demo/vcard-0.log"
wait_until "card 1" 100 grep -q "connected to vpcd" "$demo/vcard-1.log"

say "eligibility emulator"
# It also plays 駅前薬局's on-site 資格確認端末: requests in ekimae-terminal/req are answered
# into ekimae-terminal/res, where its face-recognition reader drops its answer files too.
"$bin/kakunin-oqs-sim" --listen 127.0.0.1:0 --data-dir "$demo/oqs" --jpki-ca "$demo/jpki/jpki-ca.pem" \
  --crl "$demo/jpki/jpki-crl.pem" --cards-dir "$demo/cards" --ready-file "$demo/oqs.port" \
  --xml-dir "$demo/ekimae-terminal" > "$demo/oqs.log" 2>&1 &
pids+=($!)
wait_until "emulator" 100 test -s "$demo/oqs.port"
echo "emulator on port $(cat "$demo/oqs.port")"
oqs=(--oqs "127.0.0.1:$(cat "$demo/oqs.port")" --oqs-ca "$demo/oqs/oqs.pem")

say "central server (embedded PostgreSQL under $demo/server)"
"$bin/kakunin-server" serve --data-dir "$demo/server" --listen 127.0.0.1:0 \
  --ready-file "$demo/server.port" > "$demo/server.log" 2>&1 &
pids+=($!)
wait_until "server" 300 test -s "$demo/server.port"
server="127.0.0.1:$(cat "$demo/server.port")"
echo "server on $server"

say "HQ set-up: two sites, an administrator, one-time enrollment tokens"
S=("$bin/kakunin-server")
"${S[@]}" site add --data-dir "$demo/server" --id honcho --name "本町薬局" --code 1341234566 --auto-approve
"${S[@]}" site add --data-dir "$demo/server" --id ekimae --name "駅前薬局" --code 2741234567 --auto-approve
echo "Kakunin2026" | "${S[@]}" admin create --data-dir "$demo/server" --login admin --display-name "本部 管理者" --password-stdin
token1=$("${S[@]}" token issue --data-dir "$demo/server" --site honcho)
token2=$("${S[@]}" token issue --data-dir "$demo/server" --site ekimae)

say "terminals enroll (key pairs made on the terminal)"
"$bin/kakunin-agent" enroll --server "$server" --token "$token1" --ca "$demo/server/pki/ca.pem" \
  --state-dir "$demo/agent-honcho" --terminal-name "本町薬局1号機"
"$bin/kakunin-agent" enroll --server "$server" --token "$token2" --ca "$demo/server/pki/ca.pem" \
  --state-dir "$demo/agent-ekimae" --terminal-name "駅前薬局1号機"

say "checks at the counter (目視確認), one per site"
"$bin/kakunin-agent" check --mode visual --reader "Virtual PCD 00 00" --state-dir "$demo/agent-honcho" \
  "${oqs[@]}" --institution-code 1341234566
"$bin/kakunin-agent" check --mode visual --reader "Virtual PCD 00 01" --state-dir "$demo/agent-ekimae" \
  "${oqs[@]}" --institution-code 2741234567

say "what HQ sees"
echo "Kakunin2026" | "$bin/kakunin-console" --server "$server" \
  --ca "$demo/server/pki/ca.pem" --login admin --password-stdin --screenshot "$demo/console.png"
pg_run="$demo/server/postgres/run"
pg_port=$(sed -n 4p "$demo/server/postgres/pgdata/postmaster.pid")
hq_checks
forbidden=$(cat "$demo"/apdu-*.log | grep -c 'D3 92 10 00 31' || true)
echo "APDU logs: $(cat "$demo"/apdu-*.log | grep -c '"dir":"in"') commands, $forbidden selections of card-face/individual-number applications"
echo "console screenshot: $demo/console.png"
[ "$forbidden" = "0" ]

say "audit trail: hash chain, signed heads, and the heads the terminals keep as witnesses"
# A second check at each counter: on connecting, each terminal receives the head the server
# signed over the first checks and keeps it as a witness.
sleep 11  # the server signs a grown chain every 10 s (--head-interval); a demo pause, not a sync
"$bin/kakunin-agent" check --mode visual --reader "Virtual PCD 00 00" --state-dir "$demo/agent-honcho" \
  "${oqs[@]}" --institution-code 1341234566
"$bin/kakunin-agent" check --mode visual --reader "Virtual PCD 00 01" --state-dir "$demo/agent-ekimae" \
  "${oqs[@]}" --institution-code 2741234567
witnesses=$(ls "$demo"/agent-*/audit_heads.jsonl 2>/dev/null | paste -sd, -)
"${S[@]}" audit verify --data-dir "$demo/server" ${witnesses:+--witness "$witnesses"}

say "terminal daemons (kakunin-agent run) and the staff counter window"
declare -A readers=([honcho]="Virtual PCD 00 00" [ekimae]="Virtual PCD 00 01")
for site in honcho ekimae; do
  "$bin/kakunin-agent" run --state-dir "$demo/agent-$site" --reader "${readers[$site]}" "${oqs[@]}" \
    > "$demo/agent-$site.log" 2>&1 &
  pids+=($!)
done
for site in honcho ekimae; do
  # Connected to HQ (status exits 0 once the daemon answers; its JSON says "connected":true).
  wait_until "daemon $site" 150 sh -c "'$bin/kakunin-agent' status --state-dir '$demo/agent-$site' --json | grep -q '\"connected\":true'"
  "$bin/kakunin-agent" status --state-dir "$demo/agent-$site"
  "$bin/kakunin-station" --socket "$demo/agent-$site/agent.sock" \
    --screenshot "$demo/station-$site.png"
  echo "staff window screenshot: $demo/station-$site.png"
done

say "routes: 本町薬局 on the service API (results handed to its receipt computer), 駅前薬局 on its 資格確認端末's folders"
mkdir -p "$demo/honcho-recepta"
"${S[@]}" site route --data-dir "$demo/server" --id honcho --route service-api \
  --handoff-dir "$demo/honcho-recepta" --handoff-encoding sjis
"${S[@]}" site route --data-dir "$demo/server" --id ekimae --route terminal-files \
  --req-dir "$demo/ekimae-terminal/req" --res-dir "$demo/ekimae-terminal/res" --request-encoding sjis
# The running daemons follow at once (HQ pushes the settings); status shows the route in use.
wait_until "ekimae on terminal-files" 150 sh -c "'$bin/kakunin-agent' status --state-dir '$demo/agent-ekimae' --json | grep -q '\"route\":\"terminal-files\"'"
wait_until "honcho hand-off" 150 sh -c "'$bin/kakunin-agent' status --state-dir '$demo/agent-honcho' --json | grep -q '\"handoff_dir\"'"
"$bin/kakunin-agent" status --state-dir "$demo/agent-ekimae"

say "本町薬局: a card check through the daemon; its result is also a face-reader file for the receipt computer"
"$bin/kakunin-agent" check --mode visual --reader "Virtual PCD 00 00" --state-dir "$demo/agent-honcho"
wait_until "hand-off file" 100 sh -c "ls '$demo/honcho-recepta' | grep -q '^OQSsiquc01res_face_'"
ls "$demo/honcho-recepta"

say "駅前薬局: the face-recognition reader checks three patients (one name with 外字)"
"$bin/kakunin-oqs-sim" face --res "$demo/ekimae-terminal/res" --count 3 --gaiji some --encoding mixed
today=$(TZ=Asia/Tokyo date +%F)
say "駅前薬局: 再照会 of 山田 太郎 through the terminal's folders (online consultation today)"
"$bin/kakunin-agent" recheck --state-dir "$demo/agent-ekimae" --insurer 06139992 --symbol TEST1 \
  --number 1001 --branch 00 --birth 1985-04-12 --route online --consent-at "${today}T00:00" \
  --consultation-date "$today" --json
for site in honcho ekimae; do
  wait_until "$site delivered" 150 sh -c "'$bin/kakunin-agent' status --state-dir '$demo/agent-$site' --json | grep -q '\"outbox_depth\":0'"
done
wait_until "face-reader results at HQ" 150 sh -c "psql -X -At -h '$pg_run' -p '$pg_port' -U kakunin -d kakunin -c \"SELECT count(*) FROM check_results WHERE site_id = 'ekimae' AND source = 4\" | grep -qx 3"
echo "face-reader results at HQ from 駅前薬局: 3"
"$bin/kakunin-agent" status --state-dir "$demo/agent-ekimae"
hq_checks
for site in honcho ekimae; do
  echo "what $site's terminal shows again (patient fields stay on the terminal and, sealed, at HQ):"
  "$bin/kakunin-agent" recent --state-dir "$demo/agent-$site"
done

say "what ran, and where to look"
cat <<SUMMARY
- HQ: kakunin-server on its own PostgreSQL ($demo/server), log $demo/server.log
- 本町薬局: PC/SC card checks through the service API; each result also handed to the receipt
  computer as a face-reader file in $demo/honcho-recepta
- 駅前薬局: the on-site 資格確認端末's folders ($demo/ekimae-terminal): face-reader results picked
  up, 再照会 answered through req/res
- terminals' logs: $demo/agent-honcho.log, $demo/agent-ekimae.log; emulator: $demo/oqs.log
- screenshots: console $demo/console.png, staff windows $demo/station-honcho.png and
  $demo/station-ekimae.png
SUMMARY

if [ "$once" -eq 1 ]; then
  say "done (--once): stopping everything"
  exit 0
fi
say "running; console: $bin/kakunin-console --server $server --ca $demo/server/pki/ca.pem (user admin / Kakunin2026). Ctrl-C stops."
tail -f /dev/null &
pids+=($!)
wait "$!"
