# Writes a section-1 man page from a program's --help (so the page cannot drift from the
# program), gzip -9n as Debian wants. Run as: cmake -DBIN=… -DNAME=… -DSUMMARY=… -DPACKAGE=…
# -DLANG=en|ja -DOUT=… -P
execute_process(COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen KAKUNIN_LANG=${LANG}
                        ${BIN} --help
                OUTPUT_VARIABLE help ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${BIN} --help failed (${rc}): ${err}")
endif()
# groff: a leading dot or quote would be a request; backslashes are escapes.
string(REPLACE "\\" "\\e" help "${help}")
string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
string(REPLACE "-" "\\-" help "${help}")
string(TIMESTAMP year "%Y" UTC)

# FILES: what this program reads; SEE ALSO: only what its own package ships beside it
# (cmake/packaging.cmake: the READMEs come with the server and the agent), in the page's language.
set(doc /usr/share/doc/kakunin-${PACKAGE})
if(LANG STREQUAL "ja")
  set(ja TRUE)
else()
  set(ja FALSE)
endif()
set(beside_en ".TP
${doc}/README.md
Operations: backups, upgrades, health.
.TP
${doc}/GUIDE.md
Installing a chain from the packages.
.TP
${doc}/PACKAGES.md
What the packages install, their users and units.")
set(beside_ja ".TP
${doc}/README.md
運用（バックアップ、更新、監視）。
.TP
${doc}/GUIDE.md
パッケージからチェーン全体に導入する手順。
.TP
${doc}/PACKAGES.md
パッケージが入れるもの、そのユーザーとユニット。")
if(NAME STREQUAL "kakunin-server")
  if(ja)
    set(files ".TP
/etc/kakunin/server.toml
設定ファイル。すべての設定を、既定値と意味を添えて
.br
書いてあります。serve が読み、ほかのコマンドも
.br
[database] と data_dir を読みます。
.TP
/var/lib/kakunin
データフォルダー。端末証明書の CA（pki/ca.pem）、
.br
患者情報の鍵、監査ログの署名鍵、
.br
組み込みの PostgreSQL があります。
.TP
/usr/share/kakunin/programmes.json
補助事業ファイル。サーバーは起動時にこれを読みます。
.TP
/etc/kakunin/backup.pass
夜間のバックアップ（kakunin\\-backup.service）を
.br
封印するパスフレーズ。管理者が作ります。
.br
ないあいだ、夜間のバックアップは失敗します。")
    set(see_also "${beside_ja}")
  else()
    set(files ".TP
/etc/kakunin/server.toml
Settings: every option with its default and its meaning. serve reads it; the other commands read its [database] and data_dir.
.TP
/var/lib/kakunin
The data folder: the device CA (pki/ca.pem), the patient-data keys, the audit head key, the embedded PostgreSQL.
.TP
/usr/share/kakunin/programmes.json
The subsidy programmes, read when the server starts.
.TP
/etc/kakunin/backup.pass
The passphrase that seals the nightly backups (kakunin\\-backup.service); the administrator makes it. Until it exists, each nightly backup fails.")
    set(see_also "${beside_en}")
  endif()
elseif(NAME STREQUAL "kakunin-agent")
  if(ja)
    set(files ".TP
/etc/kakunin/agent.toml
設定ファイル。すべての設定を、既定値と意味を添えて
.br
書いてあります。run が読みます。
.TP
/var/lib/kakunin-agent
端末の証明書と鍵、送信待ちの結果（outbox.db）。
.TP
/run/kakunin-agent/agent.sock
常駐サービスのソケット。
.br
職員画面とコマンドがここにつなぎます。")
    set(see_also "${beside_ja}")
  else()
    set(files ".TP
/etc/kakunin/agent.toml
Settings: every option with its default and its meaning, read by run.
.TP
/var/lib/kakunin-agent
The terminal's certificate and key, and the results waiting for HQ (outbox.db).
.TP
/run/kakunin-agent/agent.sock
The daemon's socket, where the staff window and the commands connect.")
    set(see_also "${beside_en}")
  endif()
elseif(NAME STREQUAL "kakunin-station")
  if(ja)
    set(files ".TP
/run/kakunin-agent/agent.sock
端末の常駐サービス（kakunin-agent run）のソケット。
.br
職員画面はここにつなぎます。")
    set(see_also "kakunin-agent(1)（パッケージ kakunin-agent）")
  else()
    set(files ".TP
/run/kakunin-agent/agent.sock
The socket of the terminal's daemon (kakunin-agent run), where the staff window connects.")
    set(see_also "kakunin-agent(1) (package kakunin-agent)")
  endif()
elseif(NAME STREQUAL "kakunin-console")
  if(ja)
    set(files ".TP
/etc/kakunin/ca.pem
本部のサーバーの CA 証明書。サーバーの
.br
/var/lib/kakunin/pki/ca.pem をそのまま写したものです。
.br
--ca の指定がなければ、これを読みます。
.TP
~/.config/Kakunin/console.conf
この PC で最後にログインできたサーバーのアドレス。")
  else()
    set(files ".TP
/etc/kakunin/ca.pem
HQ's server CA (a copy of the server's /var/lib/kakunin/pki/ca.pem), read unless --ca names another.
.TP
~/.config/Kakunin/console.conf
The server address of this desk's last successful login.")
  endif()
  set(see_also "")
else()
  message(FATAL_ERROR "no FILES for ${NAME}")
endif()
# Left-aligned and unhyphenated: justifying Japanese stretches a line's few spaces wide. groff
# cannot break a run of Japanese, so the Japanese lines are short and end in .br.
set(sections ".ad l
.nh
.SH FILES
${files}
")
if(NOT see_also STREQUAL "")
  string(APPEND sections ".SH SEE ALSO
${see_also}
")
endif()
file(WRITE ${OUT}.tmp ".TH ${NAME} 1 \"\" \"Kakunin\" \"Kakunin manual\"
.SH NAME
${NAME} \\- ${SUMMARY}
.SH DESCRIPTION
.nf
${help}
.fi
${sections}")
file(REMOVE ${OUT})
execute_process(COMMAND gzip -9n ${OUT}.tmp RESULT_VARIABLE rc)
file(RENAME ${OUT}.tmp.gz ${OUT})
