<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
    <context>
        <name>kakunin::console::ApproveDeviceDialog</name>
        <message>
            <source>Approve terminal</source>
            <translation>端末の承認</translation>
        </message>
        <message>
            <source>Ask the branch to read the verification code on the terminal&apos;s screen. Approve only if it is exactly the code below.</source>
            <translation>店舗の担当者に、端末の画面に表示されている確認コードを読み上げてもらってください。下のコードと完全に一致する場合だけ承認してください。</translation>
        </message>
        <message>
            <source>Verification code</source>
            <translation>確認コード</translation>
        </message>
        <message>
            <source>The terminal shows this same &amp;code</source>
            <translation>端末の画面に同じ確認コードが表示されていることを確認しました(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Approve</source>
            <translation>承認する(&amp;A)</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>キャンセル</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::DevicesModel</name>
        <message>
            <source>Cut off</source>
            <translation>切断（失効）</translation>
        </message>
        <message>
            <source>Online</source>
            <translation>オンライン</translation>
        </message>
        <message>
            <source>Offline</source>
            <translation>オフライン</translation>
        </message>
        <message>
            <source>Never</source>
            <translation>未接続</translation>
        </message>
        <message>
            <source>No reader</source>
            <translation>リーダー未接続</translation>
        </message>
        <message>
            <source>Supported</source>
            <translation>対応</translation>
        </message>
        <message>
            <source>Not supported</source>
            <translation>非対応</translation>
        </message>
        <message>
            <source>Reason: %1</source>
            <translation>理由: %1</translation>
        </message>
        <message>
            <source>Terminal ID</source>
            <translation>端末ID</translation>
        </message>
        <message>
            <source>Terminal name</source>
            <translation>端末名</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>店舗</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状態</translation>
        </message>
        <message>
            <source>Connection</source>
            <translation>接続</translation>
        </message>
        <message>
            <source>Last seen</source>
            <translation>最終接続</translation>
        </message>
        <message>
            <source>Card reader</source>
            <translation>カードリーダー</translation>
        </message>
        <message>
            <source>Extended APDU</source>
            <translation>マイナンバーカード対応（拡張APDU）</translation>
        </message>
        <message>
            <source>Agent version</source>
            <translation>エージェント版</translation>
        </message>
        <message>
            <source>Certificate expires</source>
            <translation>証明書の有効期限</translation>
        </message>
        <message>
            <source>Unsent results</source>
            <translation>送信待ち件数</translation>
        </message>
        <message>
            <source>Eligibility route</source>
            <translation>資格確認の経路</translation>
        </message>
        <message>
            <source>Reader and results</source>
            <translation>リーダーと結果</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::EnrollmentTokenDialog</name>
        <message>
            <source>Issue enrollment token</source>
            <translation>登録トークンの発行</translation>
        </message>
        <message>
            <source>A token lets one terminal join the chosen site. It can be used once and is shown only now.</source>
            <translation>登録トークンを使うと、端末を1台だけ選んだ店舗に登録できます。使えるのは1回限りで、表示されるのは今回だけです。</translation>
        </message>
        <message>
            <source>1 hour</source>
            <translation>1時間</translation>
        </message>
        <message>
            <source>24 hours</source>
            <translation>24時間</translation>
        </message>
        <message>
            <source>7 days</source>
            <translation>7日間</translation>
        </message>
        <message>
            <source>&amp;Site</source>
            <translation>店舗(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Valid for</source>
            <translation>有効期間(&amp;V)</translation>
        </message>
        <message>
            <source>&amp;Issue</source>
            <translation>発行する(&amp;I)</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>キャンセル</translation>
        </message>
        <message>
            <source>Enrollment token</source>
            <translation>登録トークン</translation>
        </message>
        <message>
            <source>&amp;Copy</source>
            <translation>コピー(&amp;C)</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>閉じる</translation>
        </message>
        <message>
            <source>Valid until %1</source>
            <translation>有効期限: %1</translation>
        </message>
        <message>
            <source>Enrollment bundle (the same as the QR code)</source>
            <translation>登録用の文字列（QRコードと同じ内容）</translation>
        </message>
        <message>
            <source>Copy &amp;bundle</source>
            <translation>登録用の文字列をコピー(&amp;B)</translation>
        </message>
        <message>
            <source>On the terminal, scan the QR code, or paste the bundle:
kakunin-agent enroll --bundle &apos;&lt;bundle&gt;&apos;

This token is shown only once and works for one terminal. Then compare the verification code the terminal shows before approving it.</source>
            <translation>端末でQRコードを読み取るか、登録用の文字列を貼り付けて次を実行してください:
kakunin-agent enroll --bundle &apos;&lt;登録用の文字列&gt;&apos;

このトークンは一度だけ表示され、1台の端末にだけ使えます。承認する前に、端末に表示される確認コードを照合してください。</translation>
        </message>
        <message>
            <source>The QR code could not be drawn. Copy the enrollment bundle below and paste it on the terminal.</source>
            <translation>QRコードを表示できませんでした。下の登録用の文字列をコピーして、端末に貼り付けてください。</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::ErrorText</name>
        <message>
            <source>Too many failed logins from this computer or for this user. Wait a minute and try again.</source>
            <translation>このパソコンまたはこのユーザーからのログイン失敗が続いています。1分ほど待ってから再度お試しください。</translation>
        </message>
        <message>
            <source>Many logins are being checked right now. Try again in a moment.</source>
            <translation>ただいまログインが集中しています。少し待ってから再度お試しください。</translation>
        </message>
        <message>
            <source>The user name or password cannot be right (too long, or with characters no account has).</source>
            <translation>ユーザー名またはパスワードの形式が正しくありません（長すぎるか、使えない文字が含まれています）。</translation>
        </message>
        <message>
            <source>The period is not valid: check that it starts before it ends.</source>
            <translation>期間が正しくありません。開始日が終了日より前になっているか確認してください。</translation>
        </message>
        <message>
            <source>The list could not be continued. Search again from the first page.</source>
            <translation>一覧の続きを表示できませんでした。最初のページから検索し直してください。</translation>
        </message>
        <message>
            <source>The search conditions are not valid. Change them and search again.</source>
            <translation>検索条件が正しくありません。条件を変えて再度検索してください。</translation>
        </message>
        <message>
            <source>The patient details of this check cannot be opened: they were moved or damaged in the database. Tell the system administrator.</source>
            <translation>この確認結果の患者情報を開けません（データベース内で移動または破損しています）。システム管理者に連絡してください。</translation>
        </message>
        <message>
            <source>Enter the telephone number in half-width digits only, without hyphens (10 or 11 digits).</source>
            <translation>電話番号は半角数字のみ、ハイフンなしで入力してください（10桁または11桁）。</translation>
        </message>
        <message>
            <source>A site field is too long or contains characters that cannot be stored. Check the entries.</source>
            <translation>施設の入力項目が長すぎるか、保存できない文字が含まれています。入力内容を確認してください。</translation>
        </message>
        <message>
            <source>Wrong user name or password.</source>
            <translation>ユーザー名またはパスワードが違います。</translation>
        </message>
        <message>
            <source>This account is locked after repeated failures. Try again later.</source>
            <translation>ログインの失敗が続いたため、このアカウントはロックされています。しばらくしてから再度お試しください。</translation>
        </message>
        <message>
            <source>This account is disabled. Ask an HQ administrator.</source>
            <translation>このアカウントは無効になっています。本部管理者にお問い合わせください。</translation>
        </message>
        <message>
            <source>Your session has expired. Please log in again.</source>
            <translation>セッションの有効期限が切れました。もう一度ログインしてください。</translation>
        </message>
        <message>
            <source>The verification code does not match the terminal&apos;s. Do not approve: the terminal may have enrolled again. Refresh the list and compare the code with the branch.</source>
            <translation>確認コードが端末の表示と一致しません。承認しないでください。端末が登録をやり直した可能性があります。一覧を更新し、店舗と確認コードを照合し直してください。</translation>
        </message>
        <message>
            <source>This terminal is revoked and cannot be approved. Issue a new enrollment token and enroll it again.</source>
            <translation>この端末は失効済みのため承認できません。新しい登録トークンを発行して、端末を登録し直してください。</translation>
        </message>
        <message>
            <source>Enter the reason for revoking the terminal.</source>
            <translation>失効の理由を入力してください。</translation>
        </message>
        <message>
            <source>This terminal no longer exists on the server. Refresh the list.</source>
            <translation>この端末はサーバーに登録されていません。一覧を更新してください。</translation>
        </message>
        <message>
            <source>The site does not exist on the server. Refresh the site list and try again.</source>
            <translation>店舗がサーバーに登録されていません。店舗一覧を更新してから、もう一度お試しください。</translation>
        </message>
        <message>
            <source>Enter the site ID and the institution name.</source>
            <translation>店舗IDと医療機関等名を入力してください。</translation>
        </message>
        <message>
            <source>The server cannot reach its database. Try again in a few minutes; if it goes on, contact the system administrator.</source>
            <translation>サーバーがデータベースに接続できません。数分後に再度お試しください。解決しない場合はシステム管理者に連絡してください。</translation>
        </message>
        <message>
            <source>Cannot reach the server. Check the address and the network.</source>
            <translation>サーバーに接続できません。アドレスとネットワークを確認してください。</translation>
        </message>
        <message>
            <source>The server did not answer in time. Check the network and try again.</source>
            <translation>サーバーから応答がありません。ネットワークを確認して、もう一度お試しください。</translation>
        </message>
        <message>
            <source>The re-view window (until the end of the month after the check) has passed: patient details can no longer be shown.</source>
            <translation>再閲覧期間（確認月の翌月末まで）を過ぎたため、患者情報は表示できません。</translation>
        </message>
        <message>
            <source>This check belongs to a site outside your scope.</source>
            <translation>この確認結果は担当外の店舗のものです。</translation>
        </message>
        <message>
            <source>Auditors see the audit log, not check results.</source>
            <translation>監査担当は監査ログのみ閲覧でき、確認結果は閲覧できません。</translation>
        </message>
        <message>
            <source>The folder route needs both the request folder (req) and the answer folder (res) of the eligibility terminal.</source>
            <translation>資格確認端末のフォルダー連携には、要求フォルダー（req）と応答フォルダー（res）の両方が必要です。</translation>
        </message>
        <message>
            <source>Enter each folder as a full path: %1, %2 or %3 (at most 260 bytes, without ".." or control characters).</source>
            <translation>フォルダーは絶対パス（%1、%2、%3 など）で入力してください（260バイトまで。「..」や制御文字は使えません）。</translation>
        </message>
        <message>
            <source>The request folder and the answer folder must be two different folders.</source>
            <translation>要求フォルダーと応答フォルダーには、別々のフォルダーを指定してください。</translation>
        </message>
        <message>
            <source>The answer timeout must be 1 to 120 seconds.</source>
            <translation>応答の待ち時間は1〜120秒で指定してください。</translation>
        </message>
        <message>
            <source>The institution code in the header has 10 half-width digits (leave it blank to use the site&apos;s code).</source>
            <translation>ヘッダーの医療機関等コードは半角数字10桁です（空欄の場合は店舗のコードを使います）。</translation>
        </message>
        <message>
            <source>A hand-off folder is used only with the online eligibility service (API): with the terminal&apos;s folders, the receipt computer already reads the terminal&apos;s answers.</source>
            <translation>受け渡しフォルダーはオンライン資格確認（API）の場合だけ使います。資格確認端末のフォルダー連携では、レセコンが端末の応答をそのまま読み取ります。</translation>
        </message>
        <message>
            <source>These route settings do not fit together (for example folders with the API route, or other settings on a terminal that follows its site). Check the entries.</source>
            <translation>経路の設定の組み合わせが正しくありません（例: APIの経路にフォルダーを設定している、店舗の設定に従う端末にほかの設定がある）。入力内容を確認してください。</translation>
        </message>
        <message>
            <source>Enter a user name.</source>
            <translation>ユーザー名を入力してください。</translation>
        </message>
        <message>
            <source>A user name has at most 64 bytes (about 21 full-width characters) and no control characters.</source>
            <translation>ユーザー名は64バイト（全角で約21文字）以内で、制御文字は使えません。</translation>
        </message>
        <message>
            <source>The programme does not accept claims yet on that filing date. Check the filing date and the programme&apos;s opening date.</source>
            <translation>申請日の時点では、この補助事業の受付はまだ始まっていません。申請日と補助事業の受付開始日を確認してください。</translation>
        </message>
        <message>
            <source>The filing date is after today.</source>
            <translation>申請日が今日より後の日付になっています。</translation>
        </message>
        <message>
            <source>The day&apos;s summary has not been made yet. Look again after the summary time.</source>
            <translation>この日の集計はまだ作成されていません。集計時刻を過ぎてから再度表示してください。</translation>
        </message>
        <message>
            <source>Could not save the export file: the destination is not writable, or the disk is full. Choose another folder.</source>
            <translation>書き出しファイルを保存できませんでした。保存先に書き込む権限がないか、空き容量が足りません。別のフォルダーを選んでください。</translation>
        </message>
        <message>
            <source>The server could not complete the operation. Try again later; if it goes on, contact the system administrator.</source>
            <translation>サーバーで処理を完了できませんでした。時間をおいて再度お試しください。続く場合はシステム管理者に連絡してください。</translation>
        </message>
        <message>
            <source>The server did not accept a value (out of range or in the wrong form). Check the entries.</source>
            <translation>サーバーが入力された値を受け付けませんでした（範囲外か形式の誤り）。入力内容を確認してください。</translation>
        </message>
        <message>
            <source>The server does not support this function. Update the server.</source>
            <translation>サーバーがこの機能に対応していません。サーバーを更新してください。</translation>
        </message>
        <message>
            <source>The data is too large, or the server is busy. Narrow the search or use a smaller file, and try again later; if it goes on, contact the system administrator.</source>
            <translation>データが大きすぎるか、サーバーが混み合っています。検索条件を絞るか小さいファイルにして、時間をおいて再度お試しください。続く場合はシステム管理者に連絡してください。</translation>
        </message>
        <message>
            <source>The server did not accept this operation. Check the entries; if it goes on, contact the system administrator.</source>
            <translation>サーバーがこの操作を受け付けませんでした。入力内容を確認し、続く場合はシステム管理者に連絡してください。</translation>
        </message>
        <message>
            <source>You may not do this: your role, or the stores you are responsible for, do not allow it. Ask an HQ administrator.</source>
            <translation>この操作を行う権限がありません（役割または担当店舗の範囲外です）。本部管理者に確認してください。</translation>
        </message>
        <message>
            <source>This store or terminal is outside the stores you are responsible for. Refresh the list, or ask an HQ administrator.</source>
            <translation>この店舗・端末は担当範囲外のため操作できません。一覧を更新するか、本部管理者に確認してください。</translation>
        </message>
        <message>
            <source>The server&apos;s certificate cannot be verified. Give the console HQ&apos;s CA certificate (ca.pem): place it at /etc/kakunin/ca.pem, or start the console with --ca FILE.</source>
            <translation>サーバーの証明書を確認できません。本部のCA証明書（ca.pem）を /etc/kakunin/ca.pem に置くか、--ca で指定してコンソールを起動してください。</translation>
        </message>
        <message>
            <source>The server&apos;s database did not answer in time, so the operation was cancelled. Try again in a few minutes; for a search, narrow the period or the conditions.</source>
            <translation>サーバーのデータベースが時間内に応答しなかったため、処理を取り消しました。数分後に再度お試しください。検索の場合は期間や条件を絞ってください。</translation>
        </message>
        <message>
            <source>This check is no longer on the server (its retention period may have ended). Refresh the list.</source>
            <translation>この確認結果はサーバーにありません（保存期間が終わった可能性があります）。一覧を更新してください。</translation>
        </message>
        <message>
            <source>This user no longer exists on the server. Refresh the list.</source>
            <translation>このユーザーはサーバーにありません。一覧を更新してください。</translation>
        </message>
        <message>
            <source>Someone else is verifying the audit log right now. Try again when it has finished.</source>
            <translation>ほかの方が監査ログを検査しています。終わってからもう一度お試しください。</translation>
        </message>
        <message>
            <source>Too many changes in a short time. Wait a minute, then try again.</source>
            <translation>短い時間に変更が多すぎます。1分ほど待ってからもう一度お試しください。</translation>
        </message>
        <message>
            <source>A display name has at most 200 bytes (about 66 full-width characters), on one line without control characters.</source>
            <translation>表示名は200バイト（全角で約66文字）以内で、改行や制御文字を入れずに入力してください。</translation>
        </message>
        <message>
            <source>The reason for revoking has at most 1,000 bytes (about 330 full-width characters), on one line without control characters.</source>
            <translation>失効の理由は1,000バイト（全角で約330文字）以内で、改行や制御文字を入れずに入力してください。</translation>
        </message>
        <message>
            <source>Too many of your requests are running at once. Wait for them to finish, then try again.</source>
            <translation>実行中の操作が多すぎます。終わるのを待ってから、もう一度お試しください。</translation>
        </message>
        <message>
            <source>Your other requests that are still running are using all the database connections one user may use at once, so this one was cancelled after waiting. Wait for them to finish, then try again.</source>
            <translation>実行中のほかの操作が、1人が同時に使えるデータベース接続をすべて使っているため、この操作は待ったあと取り消しました。先の操作が終わってから、もう一度お試しください。</translation>
        </message>
        <message>
            <source>The server did not accept the request: an entry is too long, a list has too many items, or an ID contains characters it cannot have. Check the entries and try again.</source>
            <translation>サーバーが要求を受け付けませんでした。入力が長すぎるか、一覧の項目が多すぎるか、IDに使えない文字が含まれています。入力内容を確認して、もう一度お試しください。</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::Labels</name>
        <message>
            <source>Pharmacy</source>
            <translation>薬局</translation>
        </message>
        <message>
            <source>Large chain pharmacy</source>
            <translation>大型チェーン薬局</translation>
        </message>
        <message>
            <source>Clinic</source>
            <translation>診療所</translation>
        </message>
        <message>
            <source>Hospital</source>
            <translation>病院</translation>
        </message>
        <message>
            <source>Health-check institution</source>
            <translation>健診実施機関</translation>
        </message>
        <message>
            <source>Midwife clinic</source>
            <translation>助産所</translation>
        </message>
        <message>
            <source>Exempt (paper claims)</source>
            <translation>義務化対象外（紙レセプト）</translation>
        </message>
        <message>
            <source>Awaiting approval</source>
            <translation>承認待ち</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>有効</translation>
        </message>
        <message>
            <source>Revoked</source>
            <translation>失効</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>不明</translation>
        </message>
        <message>
            <source>(1) System vendor not ready</source>
            <translation>(1) システム整備中（ベンダー未対応）</translation>
        </message>
        <message>
            <source>(2) No fibre line</source>
            <translation>(2) 光回線の未整備</translation>
        </message>
        <message>
            <source>(3) Home visits only</source>
            <translation>(3) 訪問診療のみ</translation>
        </message>
        <message>
            <source>(4) Rebuilding / temporary facility</source>
            <translation>(4) 改築工事中・臨時施設</translation>
        </message>
        <message>
            <source>(5) Closing or suspending</source>
            <translation>(5) 廃止・休止の予定</translation>
        </message>
        <message>
            <source>(6) Other special difficulty</source>
            <translation>(6) その他特に困難な事情</translation>
        </message>
        <message>
            <source>None</source>
            <translation>なし</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>暗証番号</translation>
        </message>
        <message>
            <source>Visual check</source>
            <translation>目視確認</translation>
        </message>
        <message>
            <source>Not set</source>
            <translation>未設定</translation>
        </message>
        <message>
            <source>yyyy-MM-dd HH:mm</source>
            <extracomment>Date-and-time format for QDateTime::toString; Japanese style in the ja translation.</extracomment>
            <translation>yyyy年M月d日 H:mm</translation>
        </message>
        <message>
            <source>yyyy-MM-dd</source>
            <extracomment>Date format for QDate::toString; Japanese style in the ja translation.</extracomment>
            <translation>yyyy年M月d日</translation>
        </message>
        <message>
            <source>Check recorded</source>
            <translation>確認結果の記録</translation>
        </message>
        <message>
            <source>Check refused</source>
            <translation>確認結果の受付拒否</translation>
        </message>
        <message>
            <source>Terminal enrolled</source>
            <translation>端末の登録</translation>
        </message>
        <message>
            <source>Terminal approved</source>
            <translation>端末の承認</translation>
        </message>
        <message>
            <source>Terminal revoked</source>
            <translation>端末の失効</translation>
        </message>
        <message>
            <source>Terminal status changed</source>
            <translation>端末の状態変更</translation>
        </message>
        <message>
            <source>Terminal certificate renewed</source>
            <translation>端末証明書の更新</translation>
        </message>
        <message>
            <source>Login</source>
            <translation>ログイン</translation>
        </message>
        <message>
            <source>Failed login</source>
            <translation>ログイン失敗</translation>
        </message>
        <message>
            <source>Account locked</source>
            <translation>アカウントのロック</translation>
        </message>
        <message>
            <source>User created</source>
            <translation>ユーザーの作成</translation>
        </message>
        <message>
            <source>Site saved</source>
            <translation>店舗情報の保存</translation>
        </message>
        <message>
            <source>Patient data deleted (retention)</source>
            <translation>患者情報の削除（保存期間経過）</translation>
        </message>
        <message>
            <source>Audit log exported</source>
            <translation>監査ログの出力</translation>
        </message>
        <message>
            <source>The content of this record was changed after it was written.</source>
            <translation>この記録は書き込まれた後に内容が変更されています。</translation>
        </message>
        <message>
            <source>The record does not follow on from the one before: records were deleted, inserted or moved.</source>
            <translation>この記録は直前の記録とつながっていません。記録が削除・挿入・移動されています。</translation>
        </message>
        <message>
            <source>Records are missing from here on.</source>
            <translation>ここから先の記録が欠落しています。</translation>
        </message>
        <message>
            <source>A record with this number appears twice: a record was added or copied.</source>
            <translation>同じ番号の記録が2件あります。記録が追加または複製されています。</translation>
        </message>
        <message>
            <source>A signed checkpoint has a signature that does not verify.</source>
            <translation>署名済みチェックポイントの署名が正しくありません。</translation>
        </message>
        <message>
            <source>A signed checkpoint was signed with a key the server does not trust.</source>
            <translation>署名済みチェックポイントが、サーバーが信頼していない鍵で署名されています。</translation>
        </message>
        <message>
            <source>A signed checkpoint is dated in the future.</source>
            <translation>署名済みチェックポイントの日時が未来になっています。</translation>
        </message>
        <message>
            <source>A signed checkpoint covers records that no longer exist: the newest records were deleted.</source>
            <translation>署名済みチェックポイントが、存在しない記録まで含んでいます。最新の記録が削除されています。</translation>
        </message>
        <message>
            <source>History up to this record was rewritten after a checkpoint was signed.</source>
            <translation>チェックポイントの署名後に、この記録までの履歴が書き換えられています。</translation>
        </message>
        <message>
            <source>A record&apos;s time is well before the previous record&apos;s (warning).</source>
            <translation>記録の日時が直前の記録より大きくさかのぼっています（警告）。</translation>
        </message>
        <message>
            <source>yyyy-MM-dd HH:mm:ss</source>
            <extracomment>Date-and-time format with seconds for QDateTime::toString; Japanese style in ja.</extracomment>
            <translation>yyyy年M月d日 H:mm:ss</translation>
        </message>
        <message>
            <source>Enrollment token issued</source>
            <translation>登録トークンの発行</translation>
        </message>
        <message>
            <source>User changed</source>
            <translation>ユーザー情報の変更</translation>
        </message>
        <message>
            <source>Face-recognition card reader</source>
            <translation>顔認証付きカードリーダー</translation>
        </message>
        <message>
            <source>Terminal folders (%1 → %2)</source>
            <translation>端末フォルダー (%1 → %2)</translation>
        </message>
        <message>
            <source>API, hand-off to %1</source>
            <translation>API（受け渡し先: %1）</translation>
        </message>
        <message>
            <source>API</source>
            <translation>API</translation>
        </message>
        <message>
            <source>Follows the site (%1)</source>
            <translation>店舗に従う（%1）</translation>
        </message>
        <message>
            <source>The card&apos;s PIN could not be confirmed.</source>
            <translation>カードの暗証番号を確認できませんでした。</translation>
        </message>
        <message>
            <source>The card&apos;s PIN is locked.</source>
            <translation>カードの暗証番号がロックされていました。</translation>
        </message>
        <message>
            <source>The card reader does not support extended APDUs.</source>
            <translation>このカードリーダーはマイナンバーカードに対応していません（拡張APDU非対応）。</translation>
        </message>
        <message>
            <source>The card reader was not connected.</source>
            <translation>カードリーダーが接続されていませんでした。</translation>
        </message>
        <message>
            <source>No card on the reader, or it was taken off too early.</source>
            <translation>カードが置かれていないか、読み取りの途中で離されました。</translation>
        </message>
        <message>
            <source>The card is not a My Number Card.</source>
            <translation>マイナンバーカードではありませんでした。</translation>
        </message>
        <message>
            <source>The card or the card reader could not be read.</source>
            <translation>カードまたはカードリーダーを読み取れませんでした。</translation>
        </message>
        <message>
            <source>The online eligibility service did not give an answer.</source>
            <translation>オンライン資格確認から回答を得られませんでした。</translation>
        </message>
        <message>
            <source>The document shown was not accepted.</source>
            <translation>提示された書類では確認できませんでした。</translation>
        </message>
        <message>
            <source>HQ did not accept the terminal&apos;s record.</source>
            <translation>本部が端末の記録を受け付けませんでした。</translation>
        </message>
        <message>
            <source>The check did not complete.</source>
            <translation>確認を完了できませんでした。</translation>
        </message>
        <message>
            <source>Check refused (unusable sequence number)</source>
            <translation>確認結果の受付拒否（通し番号が不正）</translation>
        </message>
        <message>
            <source>One visual check allowed</source>
            <translation>目視確認を1回許可</translation>
        </message>
        <message>
            <source>Visual check permission not accepted</source>
            <translation>目視確認の許可が無効（期限切れ・使用済みなど）</translation>
        </message>
        <message>
            <source>Terminal route changed</source>
            <translation>端末の資格確認経路の変更</translation>
        </message>
        <message>
            <source>Terminal enrollment refused</source>
            <translation>端末登録の拒否</translation>
        </message>
        <message>
            <source>Login attempts held back</source>
            <translation>ログイン試行の一時制限</translation>
        </message>
        <message>
            <source>Login to a locked account</source>
            <translation>ロック中のアカウントへのログイン</translation>
        </message>
        <message>
            <source>Site imported (CSV)</source>
            <translation>店舗の一括登録（CSV）</translation>
        </message>
        <message>
            <source>Eligibility terminal&apos;s certificate recorded</source>
            <translation>資格確認端末の証明書期限の登録</translation>
        </message>
        <message>
            <source>Onboarding stage saved</source>
            <translation>導入状況の更新</translation>
        </message>
        <message>
            <source>Subsidy claim created</source>
            <translation>補助金申請の作成</translation>
        </message>
        <message>
            <source>Subsidy claim changed</source>
            <translation>補助金申請の変更</translation>
        </message>
        <message>
            <source>Subsidy claim state changed</source>
            <translation>補助金申請の状態変更</translation>
        </message>
        <message>
            <source>Receipt uploaded</source>
            <translation>領収書のアップロード</translation>
        </message>
        <message>
            <source>Subsidy programme saved</source>
            <translation>補助事業の保存</translation>
        </message>
        <message>
            <source>Subsidy programmes loaded from file</source>
            <translation>補助事業のファイルからの読み込み</translation>
        </message>
        <message>
            <source>Missing sequence numbers closed (results no longer on the terminal)</source>
            <translation>欠番の確定（端末に残っていない結果）</translation>
        </message>
        <message>
            <source>Receipt deleted</source>
            <translation>領収書の削除</translation>
        </message>
        <message>
            <source>Restored from a backup (later records lost)</source>
            <translation>バックアップから復元（それ以降の記録は失われました）</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <comment>date of birth, its Japanese-era form</comment>
            <extracomment>A date of birth, then the same date in the Japanese era: 1985年4月12日（昭和60年4月12日）.</extracomment>
            <translation>%1（%2）</translation>
        </message>
        <message>
            <source>Patient details viewed</source>
            <translation>患者情報の閲覧</translation>
        </message>
        <message>
            <source>Logout</source>
            <translation>ログアウト</translation>
        </message>
        <message>
            <source>Terminal&apos;s newer certificate taken (HQ&apos;s data was older, e.g. restored)</source>
            <translation>端末の新しい証明書を採用（本部のデータが古かったため。復元の後など）</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::MainWindow</name>
        <message>
            <source>Onboarding</source>
            <translation>導入状況</translation>
        </message>
        <message>
            <source>Log in</source>
            <translation>ログイン</translation>
        </message>
        <message>
            <source>Server</source>
            <translation>サーバー</translation>
        </message>
        <message>
            <source>User</source>
            <translation>ユーザー</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>パスワード</translation>
        </message>
        <message>
            <source>Logging in…</source>
            <translation>ログインしています…</translation>
        </message>
        <message>
            <source>Logged in as %1</source>
            <translation>%1 としてログイン中</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>読み込んでいます…</translation>
        </message>
        <message>
            <source>&amp;1 Dashboard</source>
            <translation>ダッシュボード(&amp;1)</translation>
        </message>
        <message>
            <source>&amp;2 Checks</source>
            <translation>確認結果(&amp;2)</translation>
        </message>
        <message>
            <source>&amp;3 Terminals</source>
            <translation>端末(&amp;3)</translation>
        </message>
        <message>
            <source>&amp;4 Sites</source>
            <translation>店舗(&amp;4)</translation>
        </message>
        <message>
            <source>&amp;5 Audit log</source>
            <translation>監査ログ(&amp;5)</translation>
        </message>
        <message>
            <source>Subsidies</source>
            <translation>補助金</translation>
        </message>
        <message>
            <source>Card failures</source>
            <translation>読み取り失敗</translation>
        </message>
        <message>
            <source>Users and roles</source>
            <translation>ユーザーと権限</translation>
        </message>
        <message>
            <source>Kakunin HQ console</source>
            <translation>Kakunin 本部コンソール</translation>
        </message>
        <message>
            <source>Terminals, eligibility checks, the audit log and subsidies of the whole chain.</source>
            <translation>全店舗の端末、資格確認の結果、監査ログ、補助金をまとめて管理します。</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::ResultsModel</name>
        <message>
            <source>Visual check</source>
            <translation>目視確認</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>暗証番号</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>不明</translation>
        </message>
        <message>
            <source>Counter</source>
            <translation>窓口</translation>
        </message>
        <message>
            <source>Home visit</source>
            <translation>訪問診療・訪問服薬指導</translation>
        </message>
        <message>
            <source>House call</source>
            <translation>往診</translation>
        </message>
        <message>
            <source>Online</source>
            <translation>オンライン診療・服薬指導</translation>
        </message>
        <message>
            <source>Ward</source>
            <translation>病棟</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>その他</translation>
        </message>
        <message>
            <source>Eligible</source>
            <translation>資格有効</translation>
        </message>
        <message>
            <source>Not eligible</source>
            <translation>資格喪失</translation>
        </message>
        <message>
            <source>Not found</source>
            <translation>該当資格なし</translation>
        </message>
        <message>
            <source>Not registered as insurance card</source>
            <translation>マイナ保険証未登録</translation>
        </message>
        <message>
            <source>Certificate expired</source>
            <translation>電子証明書期限切れ</translation>
        </message>
        <message>
            <source>Certificate revoked</source>
            <translation>電子証明書失効</translation>
        </message>
        <message>
            <source>Document accepted</source>
            <translation>書類で確認</translation>
        </message>
        <message>
            <source>Document not valid</source>
            <translation>書類が有効ではありません</translation>
        </message>
        <message>
            <source>Not completed</source>
            <translation>確認未完了</translation>
        </message>
        <message>
            <source>Checked at</source>
            <translation>確認日時</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>店舗</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>端末</translation>
        </message>
        <message>
            <source>Identity</source>
            <translation>本人確認</translation>
        </message>
        <message>
            <source>Route</source>
            <translation>動線</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>結果</translation>
        </message>
        <message>
            <source>Reader</source>
            <translation>リーダー</translation>
        </message>
        <message>
            <source>Fever clinic</source>
            <translation>発熱外来</translation>
        </message>
        <message>
            <source>Drive-through</source>
            <translation>ドライブスルー</translation>
        </message>
        <message>
            <source>Reader out of order</source>
            <translation>カードリーダー故障時</translation>
        </message>
        <message>
            <source>Several qualifications</source>
            <translation>複数資格</translation>
        </message>
        <message>
            <source>My Number Card</source>
            <translation>マイナンバーカード</translation>
        </message>
        <message>
            <source>Re-query by insured number</source>
            <translation>被保険者番号による再照会</translation>
        </message>
        <message>
            <source>Document shown by the patient</source>
            <translation>患者が提示した書類</translation>
        </message>
        <message>
            <source>Face-recognition card reader</source>
            <translation>顔認証付きカードリーダー</translation>
        </message>
        <message>
            <source>Face-recognition card reader (on-site eligibility terminal)</source>
            <translation>顔認証付きカードリーダー（資格確認端末）</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::RevokeDeviceDialog</name>
        <message>
            <source>Revoke terminal</source>
            <translation>端末の失効</translation>
        </message>
        <message>
            <source>A revoked terminal is disconnected at once and can no longer send results to HQ. This cannot be undone: to use the terminal again, enroll it with a new token.</source>
            <translation>失効した端末はただちに切断され、本部へ結果を送れなくなります。元に戻すことはできません。再び使うには、新しい登録トークンで登録し直してください。</translation>
        </message>
        <message>
            <source>Terminal lost or stolen</source>
            <translation>端末の紛失・盗難</translation>
        </message>
        <message>
            <source>Terminal replaced</source>
            <translation>端末の入れ替え</translation>
        </message>
        <message>
            <source>Site closed or moved</source>
            <translation>店舗の閉店・移転</translation>
        </message>
        <message>
            <source>Suspected key compromise</source>
            <translation>鍵の漏えいの疑い</translation>
        </message>
        <message>
            <source>Choose or type a reason (required)</source>
            <translation>理由を選ぶか入力してください（必須）</translation>
        </message>
        <message>
            <source>&amp;Reason</source>
            <translation>理由(&amp;R)</translation>
        </message>
        <message>
            <source>Re&amp;voke</source>
            <translation>失効させる(&amp;V)</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>キャンセル</translation>
        </message>
        <message numerus="yes">
            <source>This terminal last reported %n result(s) not yet sent to HQ (%1). Once it is revoked they can never be sent. If the PC still works, connect it and let it send them first (kakunin-agent status shows what waits).</source>
            <translation>
                <numerusform>この端末は、本部にまだ送っていない結果が%n件あると最後に報告しました（%1）。失効すると、これらは二度と送れません。パソコンがまだ使えるなら、先に本部につないで送らせてください（待っている結果は kakunin-agent status で確認できます）。</numerusform>
            </translation>
        </message>
        <message>
            <source>time unknown</source>
            <translation>時刻不明</translation>
        </message>
        <message>
            <source>Revoke anyway: its unsent results will not reach HQ</source>
            <translation>それでも失効する（未送信の結果は本部に届きません）</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::SiteDialog</name>
        <message>
            <source>The telephone number has full-width characters; use half-width digits.</source>
            <translation>電話番号に全角文字があります。半角数字で入力してください。</translation>
        </message>
        <message>
            <source>A telephone number is 10 or 11 half-width digits without hyphens.</source>
            <translation>電話番号はハイフンなしの半角数字10桁か11桁です。</translation>
        </message>
        <message>
            <source>The e-mail address is not valid.</source>
            <translation>メールアドレスの形式が正しくありません。</translation>
        </message>
        <message>
            <source>Site ID: use lower-case letters, digits, &apos;-&apos; or &apos;_&apos; (up to 32).</source>
            <translation>店舗ID: 半角の英小文字・数字・「-」「_」で32文字以内にしてください。</translation>
        </message>
        <message>
            <source>Enter the institution name.</source>
            <translation>医療機関等名を入力してください。</translation>
        </message>
        <message>
            <source>Choose the facility kind.</source>
            <translation>施設種別を選んでください。</translation>
        </message>
        <message>
            <source>The institution code has 10 digits: prefecture (2), score table (1), code (7).</source>
            <translation>医療機関等コードは10桁です（都道府県2桁・点数表1桁・コード7桁）。</translation>
        </message>
        <message>
            <source>The first two digits of the institution code must be a prefecture (01–47).</source>
            <translation>医療機関等コードの先頭2桁は都道府県番号（01〜47）です。</translation>
        </message>
        <message>
            <source>The third digit of the institution code must be 1 (medical), 3 (dental), 4 (pharmacy) or 6 (visiting nurse).</source>
            <translation>医療機関等コードの3桁目（点数表）は 1（医科）・3（歯科）・4（調剤）・6（訪問看護）のいずれかです。</translation>
        </message>
        <message>
            <source>The check digit of the institution code does not match (expected %1). Check the code on the notice from the Regional Bureau.</source>
            <translation>医療機関等コードの検証番号が一致しません（正しくは %1）。地方厚生局からの通知書でコードを確認してください。</translation>
        </message>
        <message>
            <source>The check digit does not match (expected %1). If the code is right as written, record why in "Reason for keeping the code".</source>
            <translation>検証番号が一致しません（計算上は %1）。通知書どおりのコードであれば、「コードを変更しない理由」に理由を記入してください。</translation>
        </message>
        <message>
            <source>The score-table digit does not fit the facility kind (pharmacies: 4; hospitals and clinics: 1 or 3).</source>
            <translation>点数表の番号が施設種別と合いません（薬局は 4、病院・診療所は 1 または 3）。</translation>
        </message>
        <message>
            <source>Transitional measures apply only to insurance pharmacies and medical institutions.</source>
            <translation>経過措置の対象は保険薬局と保険医療機関だけです。</translation>
        </message>
        <message>
            <source>The event date is not a valid date.</source>
            <translation>期日が正しい日付ではありません。</translation>
        </message>
        <message>
            <source>Edit site</source>
            <translation>店舗の編集</translation>
        </message>
        <message>
            <source>New site</source>
            <translation>店舗の新規登録</translation>
        </message>
        <message>
            <source>e.g. ekimae</source>
            <translation>例: ekimae</translation>
        </message>
        <message>
            <source>e.g. Kakunin Pharmacy Ekimae</source>
            <translation>例: かくにん薬局 駅前店</translation>
        </message>
        <message>
            <source>&amp;Date known</source>
            <translation>期日が決まっている(&amp;D)</translation>
        </message>
        <message>
            <source>yyyy-MM-dd</source>
            <extracomment>Date format of the date field; Japanese style in the ja translation.</extracomment>
            <translation>yyyy年M月d日</translation>
        </message>
        <message>
            <source>Approve new terminals &amp;automatically</source>
            <translation>新しい端末を自動で承認する(&amp;A)</translation>
        </message>
        <message>
            <source>Staff may switch the identity check at the counter</source>
            <translation>窓口で目視確認と暗証番号を切り替えられるようにする</translation>
        </message>
        <message>
            <source>Site &amp;ID</source>
            <translation>店舗ID(&amp;I)</translation>
        </message>
        <message>
            <source>Institution &amp;name</source>
            <translation>医療機関等名(&amp;N)</translation>
        </message>
        <message>
            <source>Institution &amp;code</source>
            <translation>医療機関等コード(&amp;C)</translation>
        </message>
        <message>
            <source>Reason for keeping the code</source>
            <translation>コードを変更しない理由</translation>
        </message>
        <message>
            <source>Facility &amp;kind</source>
            <translation>施設種別(&amp;K)</translation>
        </message>
        <message>
            <source>&amp;Transitional measure</source>
            <translation>経過措置(&amp;T)</translation>
        </message>
        <message>
            <source>Default identity check</source>
            <translation>本人確認の既定</translation>
        </message>
        <message>
            <source>&amp;Phone</source>
            <translation>電話番号(&amp;P)</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>保存(&amp;S)</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>キャンセル</translation>
        </message>
        <message>
            <source>✓ Valid code (%1, score table %2)</source>
            <translation>✓ 正しいコードです（%1・点数表 %2）</translation>
        </message>
        <message>
            <source>%1 of 10 digits</source>
            <translation>10桁中 %1桁</translation>
        </message>
        <message>
            <source>System ready on</source>
            <translation>システム整備完了日</translation>
        </message>
        <message>
            <source>Fibre available from</source>
            <translation>光回線の開通日</translation>
        </message>
        <message>
            <source>Works end on</source>
            <translation>工事終了日</translation>
        </message>
        <message>
            <source>Closing on</source>
            <translation>廃止・休止日</translation>
        </message>
        <message>
            <source>Resolved on</source>
            <translation>事情の解消日</translation>
        </message>
        <message>
            <source>Event date</source>
            <translation>期日</translation>
        </message>
        <message>
            <source>No deferral: the full online check is required.</source>
            <translation>猶予なし: オンライン資格確認の導入が必要です。</translation>
        </message>
        <message>
            <source>Deferred until %1</source>
            <translation>猶予期限: %1まで</translation>
        </message>
        <message>
            <source>The deadline depends on this date; enter it once it is known.</source>
            <translation>期日が決まるまで猶予期限は確定しません。わかり次第入力してください。</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::SitesModel</name>
        <message>
            <source>Not yet known</source>
            <translation>未定</translation>
        </message>
        <message>
            <source>Depends on the date</source>
            <translation>期日の入力待ち</translation>
        </message>
        <message>
            <source>Until %1</source>
            <translation>%1まで</translation>
        </message>
        <message>
            <source>Automatic</source>
            <translation>自動</translation>
        </message>
        <message>
            <source>By HQ</source>
            <translation>本部で承認</translation>
        </message>
        <message>
            <source>Check digit overridden: %1</source>
            <translation>検証番号の不一致を理由付きで登録: %1</translation>
        </message>
        <message>
            <source>The check digit does not match (expected %1).</source>
            <translation>検証番号が一致しません（計算上は %1）。</translation>
        </message>
        <message>
            <source>Not a valid 10-digit institution code.</source>
            <translation>10桁の医療機関等コードとして正しくありません。</translation>
        </message>
        <message>
            <source>Site ID</source>
            <translation>店舗ID</translation>
        </message>
        <message>
            <source>Institution name</source>
            <translation>医療機関等名</translation>
        </message>
        <message>
            <source>Institution code</source>
            <translation>医療機関等コード</translation>
        </message>
        <message>
            <source>Prefecture</source>
            <translation>都道府県</translation>
        </message>
        <message>
            <source>Facility kind</source>
            <translation>施設種別</translation>
        </message>
        <message>
            <source>Transitional measure</source>
            <translation>経過措置</translation>
        </message>
        <message>
            <source>Event date</source>
            <translation>期日</translation>
        </message>
        <message>
            <source>Deferred until</source>
            <translation>猶予期限</translation>
        </message>
        <message>
            <source>Default identity check</source>
            <translation>本人確認の既定</translation>
        </message>
        <message>
            <source>Terminal approval</source>
            <translation>端末の承認</translation>
        </message>
        <message>
            <source>Eligibility route</source>
            <translation>資格確認の経路</translation>
        </message>
        <message>
            <source>Ended on %1</source>
            <translation>%1に終了</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::SiteImportDialog</name>
        <message>
            <source>Close</source>
            <translation>閉じる</translation>
        </message>
        <message>
            <source>Site ID</source>
            <translation>店舗ID</translation>
        </message>
        <message>
            <source>Institution name</source>
            <translation>医療機関等名</translation>
        </message>
        <message>
            <source>Institution code</source>
            <translation>医療機関等コード</translation>
        </message>
        <message>
            <source>Facility kind</source>
            <translation>施設種別</translation>
        </message>
        <message>
            <source>Transitional measure</source>
            <translation>経過措置</translation>
        </message>
        <message>
            <source>Measure date</source>
            <translation>経過措置の期日</translation>
        </message>
        <message>
            <source>Reason for keeping the code</source>
            <translation>コード確認理由</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>住所</translation>
        </message>
        <message>
            <source>Telephone</source>
            <translation>電話番号</translation>
        </message>
        <message>
            <source>E-mail</source>
            <translation>メールアドレス</translation>
        </message>
        <message>
            <source>Opening hours</source>
            <translation>営業時間</translation>
        </message>
        <message>
            <source>Import sites from a CSV file</source>
            <translation>店舗をCSVファイルから一括登録</translation>
        </message>
        <message>
            <source>A CSV file from a spreadsheet (UTF-8 or Shift_JIS) with a header row. Required columns: institution name, institution code, facility kind.</source>
            <translation>表計算ソフトで保存したCSVファイル（UTF-8またはShift_JIS、1行目は見出し）。必須の列: 医療機関等名・医療機関等コード・施設種別。</translation>
        </message>
        <message>
            <source>Choose &amp;file…</source>
            <translation>ファイルを選ぶ(&amp;F)…</translation>
        </message>
        <message>
            <source>No file chosen.</source>
            <translation>ファイルが選ばれていません。</translation>
        </message>
        <message>
            <source>&amp;Import</source>
            <translation>取り込む(&amp;I)</translation>
        </message>
        <message>
            <source>Import the &amp;correct rows only</source>
            <translation>正しい行だけ取り込む(&amp;C)</translation>
        </message>
        <message>
            <source>Choose a CSV file</source>
            <translation>CSVファイルを選ぶ</translation>
        </message>
        <message>
            <source>CSV files (*.csv *.txt);;All files (*)</source>
            <translation>CSVファイル (*.csv *.txt);;すべてのファイル (*)</translation>
        </message>
        <message>
            <source>Cannot open %1.</source>
            <translation>%1 を開けません。</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>確認しています…</translation>
        </message>
        <message>
            <source>This file cannot be imported: %1</source>
            <translation>このファイルは取り込めません: %1</translation>
        </message>
        <message>
            <source>Row</source>
            <translation>行</translation>
        </message>
        <message>
            <source>Problems</source>
            <translation>エラー</translation>
        </message>
        <message numerus="yes">
            <source>%n site(s), no errors. Nothing is saved until you import.</source>
            <translation>
                <numerusform>%n 店舗、エラーはありません。「取り込む」を押すまで何も登録されません。</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n site(s): </source>
            <translation>
                <numerusform>%n 店舗: </numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n row(s) with errors, </source>
            <translation>
                <numerusform>エラーのある行 %n、</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n correct. Fix the file and choose it again, or import the correct rows only.</source>
            <translation>
                <numerusform>正しい行 %n。ファイルを直して選び直すか、正しい行だけを取り込んでください。</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n site(s) imported.</source>
            <translation>
                <numerusform>%n 店舗を取り込みました。</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::SitesPage</name>
        <message>
            <source>&amp;Import from CSV…</source>
            <translation>CSVから一括登録(&amp;I)…</translation>
        </message>
        <message>
            <source>Ctrl+I</source>
            <translation>Ctrl+I</translation>
        </message>
        <message numerus="yes">
            <source>%n site(s) imported.</source>
            <translation>
                <numerusform>%n 店舗を取り込みました。</numerusform>
            </translation>
        </message>
        <message>
            <source>Sites</source>
            <translation>店舗</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>更新(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;New site…</source>
            <translation>新規登録(&amp;N)…</translation>
        </message>
        <message>
            <source>&amp;Edit…</source>
            <translation>編集(&amp;E)…</translation>
        </message>
        <message>
            <source>F2</source>
            <translation>F2</translation>
        </message>
        <message>
            <source>Search name, ID or code (Ctrl+F)</source>
            <translation>名前・ID・コードで検索 (Ctrl+F)</translation>
        </message>
        <message numerus="yes">
            <source>%n site(s)</source>
            <translation>
                <numerusform>店舗 %n 件</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n under a transitional measure</source>
            <translation>
                <numerusform>経過措置中 %n 件</numerusform>
            </translation>
        </message>
        <message>
            <source>Site %1 saved.</source>
            <translation>「%1」を保存しました。</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::TerminalsPage</name>
        <message>
            <source>Ctrl+Shift+H</source>
            <translation>Ctrl+Shift+H</translation>
        </message>
        <message>
            <source>Visual check &amp;history…</source>
            <translation>目視確認の許可履歴(&amp;H)…</translation>
        </message>
        <message>
            <source>Allow one &amp;visual check…</source>
            <translation>目視確認を1回許可(&amp;V)…</translation>
        </message>
        <message>
            <source>Ctrl+Shift+V</source>
            <translation>Ctrl+Shift+V</translation>
        </message>
        <message>
            <source>One visual check allowed on terminal %1 until %2; the counter shows it now.</source>
            <translation>端末 %1 で目視確認を1回許可しました（%2 まで有効）。窓口の画面にすぐ表示されます。</translation>
        </message>
        <message>
            <source>Terminals</source>
            <translation>端末</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>更新(&amp;R)</translation>
        </message>
        <message>
            <source>Issue &amp;token…</source>
            <translation>登録トークン発行(&amp;T)…</translation>
        </message>
        <message>
            <source>Ctrl+T</source>
            <translation>Ctrl+T</translation>
        </message>
        <message>
            <source>&amp;Approve…</source>
            <translation>承認(&amp;A)…</translation>
        </message>
        <message>
            <source>Ctrl+Return</source>
            <translation>Ctrl+Return</translation>
        </message>
        <message>
            <source>Re&amp;voke…</source>
            <translation>失効(&amp;V)…</translation>
        </message>
        <message>
            <source>&amp;Export CSV…</source>
            <translation>CSV出力(&amp;E)…</translation>
        </message>
        <message>
            <source>Ctrl+E</source>
            <translation>Ctrl+E</translation>
        </message>
        <message>
            <source>All statuses</source>
            <translation>すべての状態</translation>
        </message>
        <message>
            <source>Search ID, name, site, reader (Ctrl+F)</source>
            <translation>端末ID・端末名・店舗・リーダーで検索 (Ctrl+F)</translation>
        </message>
        <message>
            <source>&amp;Status</source>
            <translation>状態(&amp;S)</translation>
        </message>
        <message numerus="yes">
            <source>%n terminal(s)</source>
            <translation>
                <numerusform>端末 %n 台</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n awaiting approval</source>
            <translation>
                <numerusform>承認待ち %n 台</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n online</source>
            <translation>
                <numerusform>オンライン %n 台</numerusform>
            </translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>読み込んでいます…</translation>
        </message>
        <message>
            <source>Enrollment token issued for %1.</source>
            <translation>「%1」の登録トークンを発行しました。</translation>
        </message>
        <message>
            <source>Terminal %1 approved.</source>
            <translation>端末 %1 を承認しました。</translation>
        </message>
        <message>
            <source>Terminal %1 revoked.</source>
            <translation>端末 %1 を失効させました。</translation>
        </message>
        <message>
            <source>Export terminals</source>
            <translation>端末一覧の出力</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSVファイル (*.csv)</translation>
        </message>
        <message>
            <source>Could not write %1. Choose another folder.</source>
            <translation>%1 に書き込めませんでした。別のフォルダーを選んでください。</translation>
        </message>
        <message>
            <source>Exported to %1.</source>
            <translation>%1 に出力しました。</translation>
        </message>
        <message>
            <source>Eligibility r&amp;oute…</source>
            <translation>資格確認の経路(&amp;O)…</translation>
        </message>
        <message>
            <source>Ctrl+Shift+R</source>
            <translation>Ctrl+Shift+R</translation>
        </message>
        <message>
            <source>Eligibility route of terminal %1 saved.</source>
            <translation>端末 %1 の資格確認の経路を保存しました。</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::DeviceDialogs</name>
        <message>
            <source>Terminal ID</source>
            <translation>端末ID</translation>
        </message>
        <message>
            <source>Terminal name</source>
            <translation>端末名</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>店舗</translation>
        </message>
        <message>
            <source>Host</source>
            <translation>ホスト名</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::AuditModel</name>
        <message>
            <source>No.</source>
            <translation>番号</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>日時</translation>
        </message>
        <message>
            <source>Event</source>
            <translation>イベント</translation>
        </message>
        <message>
            <source>By</source>
            <translation>実行者</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>店舗</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>端末</translation>
        </message>
        <message>
            <source>Subject</source>
            <translation>対象</translation>
        </message>
        <message>
            <source>No.: %1</source>
            <translation>番号: %1</translation>
        </message>
        <message>
            <source>Time: %1</source>
            <translation>日時: %1</translation>
        </message>
        <message>
            <source>Event: %1 (%2)</source>
            <translation>イベント: %1 (%2)</translation>
        </message>
        <message>
            <source>By: %1</source>
            <translation>実行者: %1</translation>
        </message>
        <message>
            <source>Site: %1</source>
            <translation>店舗: %1</translation>
        </message>
        <message>
            <source>Terminal: %1</source>
            <translation>端末: %1</translation>
        </message>
        <message>
            <source>Subject: %1</source>
            <translation>対象: %1</translation>
        </message>
        <message>
            <source>Details:</source>
            <translation>詳細:</translation>
        </message>
        <message>
            <source>Previous hash: %1</source>
            <translation>直前のハッシュ: %1</translation>
        </message>
        <message>
            <source>Hash: %1</source>
            <translation>ハッシュ: %1</translation>
        </message>
        <message>
            <source>User %1</source>
            <translation>ユーザー %1</translation>
        </message>
        <message>
            <source>Login attempt (%1)</source>
            <translation>ログインの試み（%1）</translation>
        </message>
        <message>
            <source>Terminal %1</source>
            <translation>端末 %1</translation>
        </message>
        <message>
            <source>Terminal enrollment attempt (%1)</source>
            <translation>端末登録の試み（%1）</translation>
        </message>
        <message>
            <source>System (automatic)</source>
            <translation>システム（自動処理）</translation>
        </message>
        <message>
            <source>System (subsidy programme file)</source>
            <translation>システム（補助事業ファイル）</translation>
        </message>
        <message>
            <source>System (%1)</source>
            <translation>システム（%1）</translation>
        </message>
        <message>
            <source>Server command line</source>
            <translation>サーバーのコマンド</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::AuditPage</name>
        <message>
            <source>Audit log</source>
            <translation>監査ログ</translation>
        </message>
        <message>
            <source>Select an event to see all of its fields.</source>
            <translation>イベントを選ぶと、すべての項目がここに表示されます。</translation>
        </message>
        <message>
            <source>All events</source>
            <translation>すべてのイベント</translation>
        </message>
        <message>
            <source>Checks (all)</source>
            <translation>資格確認（すべて）</translation>
        </message>
        <message>
            <source>Terminals (all)</source>
            <translation>端末（すべて）</translation>
        </message>
        <message>
            <source>Users (all)</source>
            <translation>ユーザー（すべて）</translation>
        </message>
        <message>
            <source>Sites (all)</source>
            <translation>店舗（すべて）</translation>
        </message>
        <message>
            <source>Audit log (all)</source>
            <translation>監査ログ（すべて）</translation>
        </message>
        <message>
            <source>Retention (all)</source>
            <translation>保存期間（すべて）</translation>
        </message>
        <message>
            <source>&amp;Event</source>
            <translation>イベント(&amp;E)</translation>
        </message>
        <message>
            <source>All sites</source>
            <translation>すべての店舗</translation>
        </message>
        <message>
            <source>&amp;Site</source>
            <translation>店舗(&amp;S)</translation>
        </message>
        <message>
            <source>Terminal ID</source>
            <translation>端末ID</translation>
        </message>
        <message>
            <source>&amp;By</source>
            <translation>実行者(&amp;B)</translation>
        </message>
        <message>
            <source>&amp;Terminal</source>
            <translation>端末(&amp;T)</translation>
        </message>
        <message>
            <source>&amp;Search</source>
            <translation>検索(&amp;S)</translation>
        </message>
        <message>
            <source>Export search as &amp;CSV…</source>
            <translation>検索結果をCSV出力(&amp;C)…</translation>
        </message>
        <message>
            <source>Export signed &amp;heads…</source>
            <translation>署名済みチェックポイントを出力(&amp;H)…</translation>
        </message>
        <message>
            <source>&amp;More</source>
            <translation>さらに表示(&amp;M)</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>読み込んでいます…</translation>
        </message>
        <message numerus="yes">
            <source>%n event(s) shown</source>
            <translation>
                <numerusform>%n 件のイベントを表示中</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>✔ The audit log is intact: %n record(s) checked, none altered.</source>
            <translation>
                <numerusform>✔ 監査ログは正常です。%n 件の記録を検証し、改ざんはありませんでした。</numerusform>
            </translation>
        </message>
        <message>
            <source>✖ The audit log has been tampered with or damaged. From record %1 on it cannot be trusted.</source>
            <translation>✖ 監査ログが改ざんされているか、壊れています。記録 %1 以降は信頼できません。</translation>
        </message>
        <message>
            <source>Problem: %1</source>
            <translation>問題: %1</translation>
        </message>
        <message numerus="yes">
            <source>%n record(s) checked.</source>
            <translation>
                <numerusform>%n 件の記録を検証しました。</numerusform>
            </translation>
        </message>
        <message>
            <source>Export audit events</source>
            <translation>監査イベントの出力</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSVファイル (*.csv)</translation>
        </message>
        <message>
            <source>Export signed heads</source>
            <translation>署名済みチェックポイントの出力</translation>
        </message>
        <message>
            <source>JSON lines (*.jsonl)</source>
            <translation>JSON Lines (*.jsonl)</translation>
        </message>
        <message>
            <source>Exporting…</source>
            <translation>出力しています…</translation>
        </message>
        <message numerus="yes">
            <source>%n event(s) exported to %1.</source>
            <translation>
                <numerusform>%n 件のイベントを %1 に出力しました。</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n signed head(s) exported to %1. Keep this file as a witness.</source>
            <translation>
                <numerusform>%n 件の署名済みチェックポイントを %1 に出力しました。改ざん検知の証拠として、このファイルを保管してください。</numerusform>
            </translation>
        </message>
        <message>
            <source>Export search as &amp;JSON…</source>
            <translation>検索結果をJSON出力(&amp;J)…</translation>
        </message>
        <message>
            <source>Details for support</source>
            <translation>サポート用の詳細</translation>
        </message>
        <message>
            <source>Visual check permissions (all)</source>
            <translation>目視確認の許可（すべて）</translation>
        </message>
        <message>
            <source>Onboarding (all)</source>
            <translation>導入状況（すべて）</translation>
        </message>
        <message>
            <source>Subsidies (all)</source>
            <translation>補助金（すべて）</translation>
        </message>
        <message>
            <source>&amp;Verify the audit log for tampering</source>
            <translation>監査ログの改ざんを検査(&amp;V)</translation>
        </message>
        <message>
            <source>Checking the whole audit log on the server for tampering…</source>
            <translation>サーバーで監査ログ全体を検査しています…</translation>
        </message>
        <message>
            <source>User name (e.g. admin)</source>
            <translation>ユーザー名（例: admin）</translation>
        </message>
        <message>
            <source>Patient details (all)</source>
            <translation>患者情報の閲覧（すべて）</translation>
        </message>
        <message>
            <source>In Terminal, enter the terminal&apos;s ID (dev- followed by letters and digits; shown when you point at a terminal&apos;s name), not its name.</source>
            <translation>「端末」には端末の名前ではなく端末ID（dev- で始まる英数字。一覧で端末名にポインターを置くと表示されます）を入力してください。</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::ResultDetailDialog</name>
        <message>
            <source>Check details</source>
            <translation>確認結果の詳細</translation>
        </message>
        <message>
            <source>Check</source>
            <translation>確認内容</translation>
        </message>
        <message>
            <source>Checked at</source>
            <translation>確認日時</translation>
        </message>
        <message>
            <source>Received by HQ</source>
            <translation>本部での受信日時</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>店舗</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>端末</translation>
        </message>
        <message>
            <source>Check ID</source>
            <translation>確認ID</translation>
        </message>
        <message>
            <source>Sequence on the terminal</source>
            <translation>端末での連番</translation>
        </message>
        <message>
            <source>Identity</source>
            <translation>本人確認</translation>
        </message>
        <message>
            <source>Route</source>
            <translation>動線</translation>
        </message>
        <message>
            <source>Based on</source>
            <translation>確認の根拠</translation>
        </message>
        <message>
            <source>Outcome</source>
            <translation>結果</translation>
        </message>
        <message>
            <source>Error</source>
            <translation>エラー</translation>
        </message>
        <message>
            <source>Reader</source>
            <translation>カードリーダー</translation>
        </message>
        <message>
            <source>Extended APDU</source>
            <translation>マイナンバーカード対応（拡張APDU）</translation>
        </message>
        <message>
            <source>Supported</source>
            <translation>対応</translation>
        </message>
        <message>
            <source>Not supported</source>
            <translation>非対応</translation>
        </message>
        <message>
            <source>Duration</source>
            <translation>所要時間</translation>
        </message>
        <message>
            <source>%1 ms</source>
            <translation>%1 ミリ秒</translation>
        </message>
        <message>
            <source>Patient (shown within the re-view window only)</source>
            <translation>患者情報（再閲覧期間内のみ表示）</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>氏名</translation>
        </message>
        <message>
            <source>Name (kana)</source>
            <translation>氏名（カナ）</translation>
        </message>
        <message>
            <source>Date of birth</source>
            <translation>生年月日</translation>
        </message>
        <message>
            <source>Insurer</source>
            <translation>保険者</translation>
        </message>
        <message>
            <source>Symbol / number / branch</source>
            <translation>記号 / 番号 / 枝番</translation>
        </message>
        <message>
            <source>Co-payment</source>
            <translation>負担割合</translation>
        </message>
        <message>
            <source>Valid</source>
            <translation>有効期間</translation>
        </message>
        <message>
            <source>%1 to %2</source>
            <translation>%1 〜 %2</translation>
        </message>
        <message>
            <source>Document expires</source>
            <translation>書類の有効期限</translation>
        </message>
        <message>
            <source>Insured number</source>
            <translation>被保険者番号</translation>
        </message>
        <message>
            <source>Staff note</source>
            <translation>スタッフのメモ</translation>
        </message>
        <message>
            <source>No patient details are kept for this check (none recorded, or the re-view window has ended).</source>
            <translation>この確認の患者情報は保存されていません（記録されていないか、再閲覧期間が終了しています）。</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>閉じる</translation>
        </message>
        <message>
            <source>Patient details are kept on the server but your role may not see them (HQ administrators see operational fields only).</source>
            <translation>患者情報はサーバーに保管されていますが、この権限では閲覧できません（本部管理者には運用情報のみ表示されます）。</translation>
        </message>
        <message>
            <source>Answer that arrived late</source>
            <translation>遅れて届いた回答</translation>
        </message>
        <message>
            <source>Answer that arrived late (for check %1, which had timed out)</source>
            <translation>遅れて届いた回答（時間切れになった確認 %1 への回答）</translation>
        </message>
        <message>
            <source>Answer</source>
            <translation>回答</translation>
        </message>
        <message>
            <source>Details for support</source>
            <translation>サポート用の詳細</translation>
        </message>
        <message>
            <source>Site ID</source>
            <translation>店舗ID</translation>
        </message>
        <message>
            <source>Terminal ID</source>
            <translation>端末ID</translation>
        </message>
        <message>
            <source>Error reason</source>
            <translation>エラー理由コード</translation>
        </message>
        <message>
            <source>Card classification</source>
            <translation>被保険者証区分</translation>
        </message>
        <message>
            <source>Class %1</source>
            <translation>区分 %1</translation>
        </message>
        <message>
            <source>%1 %2, %3 / %4 / %5, valid %6 to %7</source>
            <translation>%1 %2、%3 / %4 / %5、有効期間 %6 〜 %7</translation>
        </message>
        <message>
            <source>, lost on %1</source>
            <translation>、%1 資格喪失</translation>
        </message>
        <message>
            <source>Other record %1</source>
            <translation>ほかの資格 %1</translation>
        </message>
        <message>
            <source>Check record (shown within the re-view window only)</source>
            <translation>確認の記録（再閲覧期間内のみ表示）</translation>
        </message>
        <message>
            <source>Staff at the counter</source>
            <translation>窓口の担当者</translation>
        </message>
        <message>
            <source>Expired, within the grace period</source>
            <translation>期限切れ（猶予期間中）</translation>
        </message>
        <message>
            <source>%1 (expired, within the grace period)</source>
            <translation>%1（期限切れ・猶予期間中）</translation>
        </message>
        <message>
            <source>Certificate valid until</source>
            <translation>電子証明書の有効期限</translation>
        </message>
        <message>
            <source>SHA-256 of the card&apos;s user certificate: %1</source>
            <translation>カードの利用者証明用電子証明書のSHA-256: %1</translation>
        </message>
        <message>
            <source>Certificate (SHA-256)</source>
            <translation>電子証明書（SHA-256）</translation>
        </message>
        <message>
            <source>Insurer on the checkup ticket</source>
            <translation>受診券の保険者番号</translation>
        </message>
        <message>
            <source>Matches the patient&apos;s insurer</source>
            <translation>患者さんの保険者と一致しました</translation>
        </message>
        <message>
            <source>Does not match the patient&apos;s insurer</source>
            <translation>患者さんの保険者と一致しませんでした</translation>
        </message>
        <message>
            <source>Checkup ticket&apos;s insurer</source>
            <translation>受診券の保険者</translation>
        </message>
        <message>
            <source>%1… (the first %2 of %3 characters)</source>
            <translation>%1…（全%3文字のうち最初の%2文字）</translation>
        </message>
        <message>
            <source>Eligibility service&apos;s error</source>
            <translation>資格確認サービスのエラー内容</translation>
        </message>
        <message>
            <source>Certificate SHA-256 (whole)</source>
            <translation>電子証明書のSHA-256（全体）</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::ResultsPage</name>
        <message>
            <source>Live updates: not connected</source>
            <translation>ライブ更新: 未接続</translation>
        </message>
        <message>
            <source>All sites</source>
            <translation>すべての店舗</translation>
        </message>
        <message>
            <source>All terminals</source>
            <translation>すべての端末</translation>
        </message>
        <message>
            <source>&amp;Site</source>
            <translation>店舗(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Terminal</source>
            <translation>端末(&amp;T)</translation>
        </message>
        <message>
            <source>All</source>
            <translation>すべて</translation>
        </message>
        <message>
            <source>&amp;Identity</source>
            <translation>本人確認(&amp;I)</translation>
        </message>
        <message>
            <source>&amp;Route</source>
            <translation>動線(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Outcome</source>
            <translation>結果(&amp;O)</translation>
        </message>
        <message>
            <source>&amp;Search</source>
            <translation>検索(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Details…</source>
            <translation>詳細(&amp;E)…</translation>
        </message>
        <message>
            <source>&amp;More</source>
            <translation>さらに表示(&amp;M)</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>読み込んでいます…</translation>
        </message>
        <message>
            <source>● Live updates on</source>
            <translation>● ライブ更新中</translation>
        </message>
        <message>
            <source>Live updates interrupted: reconnecting in %1 s…</source>
            <translation>ライブ更新が中断しました。%1 秒後に再接続します…</translation>
        </message>
        <message>
            <source>Live updates stopped</source>
            <translation>ライブ更新は停止しました</translation>
        </message>
        <message>
            <source>The server did not apply the date range: checks outside it are listed too.</source>
            <translation>サーバーが期間の指定に対応していないため、期間外の確認結果も表示されています。</translation>
        </message>
        <message numerus="yes">
            <source>%n check(s) shown</source>
            <translation>
                <numerusform>%n 件を表示中</numerusform>
            </translation>
        </message>
        <message>
            <source>more on the server</source>
            <translation>サーバーに続きあり</translation>
        </message>
        <message>
            <source>Eligibility checks</source>
            <translation>資格確認の結果</translation>
        </message>
        <message>
            <source>The re-view window for this check ended on %1 (the end of the month after the check): patient details can no longer be shown.</source>
            <translation>この確認結果の再閲覧期間は%1に終了しました（確認月の翌月末まで）。患者情報は表示できません。</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::DashboardModel</name>
        <message>
            <source>MM-dd HH:00</source>
            <extracomment>Chart/table label of one hour, QDateTime::toString format (Japan time).</extracomment>
            <translation>M/d H時</translation>
        </message>
        <message>
            <source>Mon</source>
            <translation>月</translation>
        </message>
        <message>
            <source>Tue</source>
            <translation>火</translation>
        </message>
        <message>
            <source>Wed</source>
            <translation>水</translation>
        </message>
        <message>
            <source>Thu</source>
            <translation>木</translation>
        </message>
        <message>
            <source>Fri</source>
            <translation>金</translation>
        </message>
        <message>
            <source>Sat</source>
            <translation>土</translation>
        </message>
        <message>
            <source>Sun</source>
            <translation>日</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <extracomment>Chart/table label of one day: %1 the date (format MM-dd below), %2 the weekday.</extracomment>
            <translation>%1(%2)</translation>
        </message>
        <message>
            <source>MM-dd</source>
            <translation>M/d</translation>
        </message>
        <message>
            <source>Hour</source>
            <translation>時間帯</translation>
        </message>
        <message>
            <source>Day</source>
            <translation>日付</translation>
        </message>
        <message>
            <source>Checks</source>
            <translation>確認件数</translation>
        </message>
        <message>
            <source>Failures</source>
            <translation>失敗</translation>
        </message>
        <message>
            <source>Failure rate</source>
            <translation>失敗率</translation>
        </message>
        <message>
            <source>Fallbacks</source>
            <translation>代替確認</translation>
        </message>
        <message>
            <source>Fallback rate</source>
            <translation>代替確認率</translation>
        </message>
        <message>
            <source>Names with unshowable characters</source>
            <extracomment>Column: names containing characters the system cannot show (外字, shown as ● or 〓).</extracomment>
            <translation>外字を含む氏名</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::DashboardPage</name>
        <message>
            <source>Dashboard</source>
            <translation>ダッシュボード</translation>
        </message>
        <message>
            <source>Last 24 hours, by hour</source>
            <translation>直近24時間（1時間ごと）</translation>
        </message>
        <message>
            <source>Last 14 days, by day</source>
            <translation>直近14日間（1日ごと）</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>更新(&amp;R)</translation>
        </message>
        <message>
            <source>Checks</source>
            <translation>資格確認件数</translation>
        </message>
        <message>
            <source>Failure rate</source>
            <translation>失敗率</translation>
        </message>
        <message>
            <source>Fallback rate</source>
            <translation>代替確認率（再照会・資格確認書等）</translation>
        </message>
        <message>
            <source>Terminals online</source>
            <translation>オンライン端末</translation>
        </message>
        <message>
            <source>Terminals offline</source>
            <translation>オフライン端末</translation>
        </message>
        <message>
            <source>Readers without extended APDU</source>
            <translation>マイナンバーカード非対応のリーダー</translation>
        </message>
        <message>
            <source>Unsent results</source>
            <translation>未送信の確認結果</translation>
        </message>
        <message>
            <source>Charts</source>
            <translation>グラフ</translation>
        </message>
        <message>
            <source>Table</source>
            <translation>表</translation>
        </message>
        <message>
            <source>By site</source>
            <extracomment>Tab: one row per site with its checks, rates and 外字 names over the period.</extracomment>
            <translation>店舗別</translation>
        </message>
        <message>
            <source>Checks by site (busiest %1 of %2)</source>
            <translation>店舗別の確認件数（上位%1店舗／全%2店舗）</translation>
        </message>
        <message>
            <source>Nearest subsidy deadlines</source>
            <translation>間近の補助金申請期限</translation>
        </message>
        <message>
            <source>Updated %1</source>
            <translation>%1 更新</translation>
        </message>
        <message>
            <source>Checks by site</source>
            <translation>店舗別の確認件数</translation>
        </message>
        <message>
            <source>Checks by identity mode</source>
            <translation>本人確認方法別の確認件数</translation>
        </message>
        <message>
            <source>Failure and fallback rates (%)</source>
            <translation>失敗率・代替確認率(%)</translation>
        </message>
        <message>
            <source>%1h</source>
            <extracomment>Hour label on the chart&apos;s time axis (%1 = 0–23).</extracomment>
            <translation>%1時</translation>
        </message>
        <message>
            <source>Names with characters the system cannot show (● or 〓): %1 in this period. Check each against the name on the card.</source>
            <translation>外字を含む氏名: %1件（カード券面で確認）</translation>
        </message>
        <message>
            <source>Face reader</source>
            <comment>chart legend</comment>
            <extracomment>Chart legend: checks made at a face-recognition card reader (keep it short).</extracomment>
            <translation>顔認証</translation>
        </message>
        <message>
            <source>Fallback rate</source>
            <comment>chart legend</comment>
            <extracomment>Chart legend; the tile above spells out what counts as a fallback.</extracomment>
            <translation>代替確認率</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::SiteTotalsModel</name>
        <message>
            <source>Site</source>
            <translation>店舗</translation>
        </message>
        <message>
            <source>Checks</source>
            <translation>確認件数</translation>
        </message>
        <message>
            <source>Failures</source>
            <translation>失敗</translation>
        </message>
        <message>
            <source>Failure rate</source>
            <translation>失敗率</translation>
        </message>
        <message>
            <source>Fallbacks</source>
            <translation>代替確認</translation>
        </message>
        <message>
            <source>Fallback rate</source>
            <translation>代替確認率</translation>
        </message>
        <message>
            <source>Names with unshowable characters</source>
            <extracomment>Column: names containing characters the system cannot show (外字, shown as ● or 〓).</extracomment>
            <translation>外字を含む氏名</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::DeadlinesModel</name>
        <message>
            <source>today</source>
            <translation>本日</translation>
        </message>
        <message numerus="yes">
            <source>%n day(s)</source>
            <translation>
                <numerusform>あと%n日</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 yen</source>
            <translation>%1円</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>店舗</translation>
        </message>
        <message>
            <source>Subsidy</source>
            <translation>補助金</translation>
        </message>
        <message>
            <source>Deadline</source>
            <translation>申請期限</translation>
        </message>
        <message>
            <source>Left</source>
            <translation>残り</translation>
        </message>
        <message>
            <source>Claimable</source>
            <translation>申請可能額</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::DateRange</name>
        <message>
            <source>&amp;Dates</source>
            <translation>期間(&amp;D)</translation>
        </message>
        <message>
            <source>to</source>
            <translation>〜</translation>
        </message>
        <message>
            <source>en</source>
            <extracomment>Locale of the date fields&apos; calendars (ja in the Japanese UI).</extracomment>
            <translation>ja</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::ClaimExport</name>
        <message>
            <source>Section</source>
            <translation>区分</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>項目</translation>
        </message>
        <message>
            <source>Value</source>
            <translation>値</translation>
        </message>
        <message>
            <source>Amount (yen)</source>
            <translation>金額（円）</translation>
        </message>
        <message>
            <source>Cap (yen)</source>
            <translation>上限（円）</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>備考</translation>
        </message>
        <message>
            <source>Claim</source>
            <translation>申請</translation>
        </message>
        <message>
            <source>Claim ID</source>
            <translation>申請ID</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状態</translation>
        </message>
        <message>
            <source>Created</source>
            <translation>作成</translation>
        </message>
        <message>
            <source>Submitted</source>
            <translation>提出日</translation>
        </message>
        <message>
            <source>Decided</source>
            <translation>決定日</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>店舗</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Institution code</source>
            <translation>医療機関等コード</translation>
        </message>
        <message>
            <source>Facility kind</source>
            <translation>施設種別</translation>
        </message>
        <message>
            <source>Programme</source>
            <translation>補助事業</translation>
        </message>
        <message>
            <source>Legal basis</source>
            <translation>補助金名</translation>
        </message>
        <message>
            <source>Deadline</source>
            <translation>締切</translation>
        </message>
        <message>
            <source>Closed</source>
            <translation>受付終了</translation>
        </message>
        <message>
            <source>Item</source>
            <translation>明細</translation>
        </message>
        <message>
            <source>Computation</source>
            <translation>計算</translation>
        </message>
        <message>
            <source>claimed %1</source>
            <translation>申請額 %1</translation>
        </message>
        <message>
            <source>Project cap</source>
            <translation>事業額上限</translation>
        </message>
        <message>
            <source>applied</source>
            <translation>適用</translation>
        </message>
        <message>
            <source>Rate</source>
            <translation>補助率</translation>
        </message>
        <message>
            <source>Subsidy (computed, yen exact)</source>
            <translation>補助額（計算値・1円単位）</translation>
        </message>
        <message>
            <source>Granted</source>
            <translation>交付決定額</translation>
        </message>
        <message>
            <source>Receipt</source>
            <translation>領収書</translation>
        </message>
        <message>
            <source>History</source>
            <translation>履歴</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>出力</translation>
        </message>
        <message>
            <source>Generated</source>
            <translation>作成日時</translation>
        </message>
        <message>
            <source>Subsidy claim record</source>
            <translation>補助金申請記録</translation>
        </message>
        <message>
            <source>(closed)</source>
            <translation>（受付終了）</translation>
        </message>
        <message>
            <source>Items</source>
            <translation>明細</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>費目</translation>
        </message>
        <message>
            <source>Description</source>
            <translation>内容</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>端末</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>金額</translation>
        </message>
        <message>
            <source>Item cap</source>
            <translation>区分上限</translation>
        </message>
        <message>
            <source>Claimed</source>
            <translation>申請額</translation>
        </message>
        <message>
            <source>Eligible</source>
            <translation>対象額</translation>
        </message>
        <message>
            <source> (applied)</source>
            <translation>（適用）</translation>
        </message>
        <message>
            <source> (leaflet&apos;s maximum: %1)</source>
            <translation>（リーフレット記載の上限：%1）</translation>
        </message>
        <message>
            <source>Subsidy (computed, exact to the yen)</source>
            <translation>補助額（計算値・1円単位）</translation>
        </message>
        <message>
            <source>Most this site can be paid</source>
            <translation>この店舗の補助上限額</translation>
        </message>
        <message>
            <source>Receipts</source>
            <translation>領収書</translation>
        </message>
        <message>
            <source>No receipt uploaded yet.</source>
            <translation>領収書はまだアップロードされていません。</translation>
        </message>
        <message>
            <source>File</source>
            <translation>ファイル</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>種類</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>サイズ</translation>
        </message>
        <message>
            <source>SHA-256</source>
            <translation>SHA-256</translation>
        </message>
        <message>
            <source> (also on another claim)</source>
            <translation>（他の申請にも添付）</translation>
        </message>
        <message>
            <source>%1 bytes</source>
            <translation>%1 バイト</translation>
        </message>
        <message>
            <source>State history</source>
            <translation>状態の履歴</translation>
        </message>
        <message>
            <source>When</source>
            <translation>日時</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>変更</translation>
        </message>
        <message>
            <source>By</source>
            <translation>操作者</translation>
        </message>
        <message>
            <source>Effective</source>
            <translation>効力日</translation>
        </message>
        <message>
            <source>Generated %1 by the Kakunin console.</source>
            <translation>%1 にKakunin 本部コンソールで作成。</translation>
        </message>
        <message>
            <source>Portal</source>
            <translation>ポータル</translation>
        </message>
        <message>
            <source>Post</source>
            <translation>郵送</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1（%2）</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::SubsidiesPage</name>
        <message>
            <source>Subsidies</source>
            <translation>補助金</translation>
        </message>
        <message>
            <source>Claims</source>
            <translation>申請</translation>
        </message>
        <message>
            <source>Programmes</source>
            <translation>補助事業</translation>
        </message>
        <message>
            <source>Deadlines</source>
            <translation>締切</translation>
        </message>
        <message>
            <source>Transitional measures (経過措置)</source>
            <translation>経過措置</translation>
        </message>
        <message>
            <source>Daily summary</source>
            <translation>日次サマリー</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>更新(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Upload receipt…</source>
            <translation>領収書アップロード(&amp;U)…</translation>
        </message>
        <message>
            <source>Ctrl+U</source>
            <translation>Ctrl+U</translation>
        </message>
        <message>
            <source>Back to draft</source>
            <translation>下書きに戻す</translation>
        </message>
        <message>
            <source>Mark ready</source>
            <translation>申請準備完了にする</translation>
        </message>
        <message>
            <source>Record filing…</source>
            <translation>提出を記録…</translation>
        </message>
        <message>
            <source>Record grant</source>
            <translation>交付決定を記録</translation>
        </message>
        <message>
            <source>Record refusal</source>
            <translation>不交付を記録</translation>
        </message>
        <message>
            <source>Export &amp;CSV…</source>
            <translation>CSV出力(&amp;C)…</translation>
        </message>
        <message>
            <source>Export &amp;PDF…</source>
            <translation>PDF出力(&amp;P)…</translation>
        </message>
        <message>
            <source>Programmes: %1 open, %2 closed. Deadline warnings: %3.</source>
            <translation>補助事業：受付中 %1 件、受付終了 %2 件。締切の警告：%3 件。</translation>
        </message>
        <message>
            <source>Every programme is past its deadline: nothing can be claimed now.</source>
            <translation>すべての補助事業が締切を過ぎています。現在申請できるものはありません。</translation>
        </message>
        <message numerus="yes">
            <source>%n claim(s) loaded.</source>
            <translation>
                <numerusform>申請 %n 件を読み込みました。</numerusform>
            </translation>
        </message>
        <message>
            <source>Select a claim to see its items and receipts.</source>
            <translation>申請を選択すると明細と領収書が表示されます。</translation>
        </message>
        <message>
            <source>%1 — %2: %3, subsidy %4 (most %5)</source>
            <translation>%1 — %2：%3、補助額 %4（上限 %5）</translation>
        </message>
        <message>
            <source>(leaflet: %1)</source>
            <translation>（リーフレット：%1）</translation>
        </message>
        <message>
            <source>Daily summary for %1</source>
            <translation>%1 の日次サマリー</translation>
        </message>
        <message>
            <source>Warnings at %1 days before a deadline.</source>
            <translation>締切の %1 日前に警告します。</translation>
        </message>
        <message>
            <source>Programmes: %1 open, %2 closed</source>
            <translation>補助事業：受付中 %1 件、受付終了 %2 件</translation>
        </message>
        <message>
            <source>Claim deadlines needing attention</source>
            <translation>注意が必要な申請締切</translation>
        </message>
        <message>
            <source>still claimable %1</source>
            <translation>申請可能額 %1</translation>
        </message>
        <message>
            <source>None.</source>
            <translation>なし。</translation>
        </message>
        <message>
            <source>Transitional measures needing attention</source>
            <translation>注意が必要な経過措置</translation>
        </message>
        <message>
            <source>Claims: %1 in progress (draft or ready), %2 submitted and awaiting a decision.</source>
            <translation>申請：作成中（下書き・準備完了）%1 件、提出済みで決定待ち %2 件。</translation>
        </message>
        <message>
            <source>Made %1</source>
            <translation>作成 %1</translation>
        </message>
        <message>
            <source>Upload receipt</source>
            <translation>領収書のアップロード</translation>
        </message>
        <message>
            <source>Receipts (*.pdf *.jpg *.jpeg *.png);;All files (*)</source>
            <translation>領収書 (*.pdf *.jpg *.jpeg *.png);;すべてのファイル (*)</translation>
        </message>
        <message>
            <source>Cannot read %1.</source>
            <translation>%1 を読み込めません。</translation>
        </message>
        <message>
            <source>Uploading %1…</source>
            <translation>%1 をアップロードしています…</translation>
        </message>
        <message>
            <source>%1 was refused: %2</source>
            <translation>%1 は受け付けられませんでした：%2</translation>
        </message>
        <message>
            <source>%1 uploaded, but the same file is on another claim: check it is not claimed twice.</source>
            <translation>%1 をアップロードしましたが、同じファイルが他の申請にも添付されています。二重申請でないか確認してください。</translation>
        </message>
        <message>
            <source>%1 uploaded (SHA-256 %2).</source>
            <translation>%1 をアップロードしました（SHA-256 %2）。</translation>
        </message>
        <message>
            <source>Portal</source>
            <translation>ポータル</translation>
        </message>
        <message>
            <source>Post</source>
            <translation>郵送</translation>
        </message>
        <message>
            <source>Record filing</source>
            <translation>提出の記録</translation>
        </message>
        <message>
            <source>How was the claim filed?</source>
            <translation>提出方法を選んでください。</translation>
        </message>
        <message>
            <source>The claim is now: %1.</source>
            <translation>申請の状態：%1。</translation>
        </message>
        <message>
            <source>Export claim as PDF</source>
            <translation>申請をPDFで出力</translation>
        </message>
        <message>
            <source>Export claim as CSV</source>
            <translation>申請をCSVで出力</translation>
        </message>
        <message>
            <source>PDF (*.pdf)</source>
            <translation>PDF (*.pdf)</translation>
        </message>
        <message>
            <source>CSV (*.csv)</source>
            <translation>CSV (*.csv)</translation>
        </message>
        <message>
            <source>Saved %1.</source>
            <translation>%1 を保存しました。</translation>
        </message>
        <message>
            <source>en</source>
            <extracomment>Locale of the deadline calendar&apos;s month and weekday names (ja in the Japanese UI).</extracomment>
            <translation>ja</translation>
        </message>
        <message>
            <source>Double-click or Enter: view the receipt</source>
            <translation>ダブルクリックまたはEnterで領収書を表示</translation>
        </message>
        <message>
            <source>Fetching the receipt…</source>
            <translation>領収書を取得しています…</translation>
        </message>
        <message>
            <source>%1 does not match the SHA-256 stored at upload; it is not shown. Report this to the auditor.</source>
            <translation>%1 はアップロード時に保存したSHA-256と一致しないため表示しません。監査担当者に報告してください。</translation>
        </message>
        <message>
            <source>Receipt %1</source>
            <translation>領収書 %1</translation>
        </message>
        <message numerus="yes">
            <source>SHA-256 %1 (verified), %n byte(s)</source>
            <translation>
                <numerusform>SHA-256 %1(検証済み)、%nバイト</numerusform>
            </translation>
        </message>
        <message>
            <source>Cannot write a copy of %1 to view it.</source>
            <translation>%1 を表示するための一時コピーを書き込めません。</translation>
        </message>
        <message>
            <source>%1: SHA-256 verified.</source>
            <translation>%1: SHA-256を検証しました。</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>閉じる</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>記録する</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>キャンセル</translation>
        </message>
        <message>
            <source>&amp;Delete receipt…</source>
            <translation>領収書を削除(&amp;D)…</translation>
        </message>
        <message>
            <source>Delete receipt</source>
            <translation>領収書の削除</translation>
        </message>
        <message>
            <source>Delete %1 from this claim?</source>
            <translation>%1 をこの申請から削除しますか？</translation>
        </message>
        <message>
            <source>The file is removed from the server. The audit trail keeps its name and SHA-256.</source>
            <translation>ファイルはサーバーから削除されます。監査ログにはファイル名とSHA-256が残ります。</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>削除する</translation>
        </message>
        <message>
            <source>Deleting %1…</source>
            <translation>%1 を削除しています…</translation>
        </message>
        <message>
            <source>%1 was not deleted: %2</source>
            <translation>%1 は削除できませんでした：%2</translation>
        </message>
        <message>
            <source>%1 was deleted from the claim.</source>
            <translation>%1 を申請から削除しました。</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::SubsidyLabels</name>
        <message>
            <source>Draft</source>
            <translation>下書き</translation>
        </message>
        <message>
            <source>Ready to file</source>
            <translation>申請準備完了</translation>
        </message>
        <message>
            <source>Submitted</source>
            <translation>提出済み</translation>
        </message>
        <message>
            <source>Granted</source>
            <translation>交付決定</translation>
        </message>
        <message>
            <source>Refused</source>
            <translation>不交付</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>不明</translation>
        </message>
        <message numerus="yes">
            <source>Closed (deadline passed %n day(s) ago)</source>
            <translation>
                <numerusform>受付終了（締切から%n日経過）</numerusform>
            </translation>
        </message>
        <message>
            <source>Not yet open</source>
            <translation>受付開始前</translation>
        </message>
        <message>
            <source>Open — closes today</source>
            <translation>受付中（本日締切）</translation>
        </message>
        <message numerus="yes">
            <source>Open — %n day(s) left</source>
            <translation>
                <numerusform>受付中（残り%n日）</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Closed %n day(s) ago</source>
            <translation>
                <numerusform>締切から%n日経過</numerusform>
            </translation>
        </message>
        <message>
            <source>Closes today</source>
            <translation>本日締切</translation>
        </message>
        <message numerus="yes">
            <source>%n day(s) left</source>
            <translation>
                <numerusform>残り%n日</numerusform>
            </translation>
        </message>
        <message>
            <source>Full online check required</source>
            <translation>オンライン資格確認（通常）が必要</translation>
        </message>
        <message>
            <source>Deferred: may use the limited type (資格確認限定型)</source>
            <translation>猶予中：資格確認限定型を利用可</translation>
        </message>
        <message>
            <source>Deferred (limited type not allowed)</source>
            <translation>猶予中（資格確認限定型は利用不可）</translation>
        </message>
        <message>
            <source>Not obliged: may use the limited type</source>
            <translation>義務対象外：資格確認限定型を利用可</translation>
        </message>
        <message>
            <source>Not obliged: limited type not yet available</source>
            <translation>義務対象外：資格確認限定型はまだ利用不可</translation>
        </message>
        <message>
            <source>Site data invalid: %1</source>
            <translation>店舗データに誤り：%1</translation>
        </message>
        <message>
            <source>End date unknown — enter the date it depends on</source>
            <translation>終了日未定：根拠となる日付を入力してください</translation>
        </message>
        <message numerus="yes">
            <source>Ends %1 (%n day(s) left)</source>
            <translation>
                <numerusform>%1まで（残り%n日）</numerusform>
            </translation>
        </message>
        <message>
            <source>Ended %1; full check since %2</source>
            <translation>%1に終了。%2から通常の資格確認が必要</translation>
        </message>
        <message>
            <source>HQ administrator</source>
            <translation>本部管理者</translation>
        </message>
        <message>
            <source>Branch manager</source>
            <translation>店舗責任者</translation>
        </message>
        <message>
            <source>Auditor</source>
            <translation>監査担当</translation>
        </message>
        <message>
            <source>Branch staff</source>
            <translation>店舗スタッフ</translation>
        </message>
        <message>
            <source>Payable</source>
            <translation>補助対象</translation>
        </message>
        <message>
            <source>Item cap applied</source>
            <translation>区分上限を適用</translation>
        </message>
        <message>
            <source>Not covered by this programme</source>
            <translation>この補助事業の対象外</translation>
        </message>
        <message>
            <source>Already subsidised under a sibling programme</source>
            <translation>関連する補助事業で補助済み</translation>
        </message>
        <message>
            <source>The same receipt is on another claim</source>
            <translation>同じ領収書が他の申請に添付されています</translation>
        </message>
        <message>
            <source>The file is empty.</source>
            <translation>ファイルが空です。</translation>
        </message>
        <message>
            <source>The file is larger than 10 MB.</source>
            <translation>ファイルが10MBを超えています。</translation>
        </message>
        <message>
            <source>The file is not a PDF, JPEG or PNG (its content was checked, not its name).</source>
            <translation>ファイルがPDF、JPEG、PNGのいずれでもありません（ファイル名ではなく中身で判定しました）。</translation>
        </message>
        <message>
            <source>The file&apos;s name does not match its content (e.g. a PNG named .pdf).</source>
            <translation>ファイル名と中身が一致しません（例：拡張子が.pdfのPNG）。</translation>
        </message>
        <message>
            <source>The file is damaged and cannot be read.</source>
            <translation>ファイルが壊れていて読み込めません。</translation>
        </message>
        <message>
            <source>The claim cannot move to that state now.</source>
            <translation>現在の状態からはその状態に変更できません。</translation>
        </message>
        <message>
            <source>The programme&apos;s deadline has passed.</source>
            <translation>補助事業の締切を過ぎています。</translation>
        </message>
        <message>
            <source>The claim is not complete yet: it needs its items, the receipt (領収書の写し) and the itemisation (領収書内訳書).</source>
            <translation>申請がまだ揃っていません。明細、領収書の写し、領収書内訳書が必要です。</translation>
        </message>
        <message>
            <source>Only draft claims can be edited.</source>
            <translation>編集できるのは下書きの申請だけです。</translation>
        </message>
        <message>
            <source>The password must be 8–100 characters with an upper-case letter, a lower-case letter and a digit.</source>
            <translation>パスワードは8〜100文字で、英大文字・英小文字・数字をそれぞれ1文字以上含めてください。</translation>
        </message>
        <message>
            <source>That user name is already taken.</source>
            <translation>このユーザー名は既に使われています。</translation>
        </message>
        <message>
            <source>The last HQ administrator cannot be removed or locked.</source>
            <translation>最後の本部管理者は削除・停止できません。</translation>
        </message>
        <message>
            <source>Choose a role; branch roles need at least one site.</source>
            <translation>権限を選んでください。店舗の権限には1つ以上の店舗が必要です。</translation>
        </message>
        <message>
            <source>Check the site&apos;s data.</source>
            <translation>店舗のデータを確認してください。</translation>
        </message>
        <message>
            <source>¥%1</source>
            <extracomment>An amount of yen; %1 is the number with thousands separators.</extracomment>
            <translation>%1円</translation>
        </message>
        <message>
            <source>Itemisation (領収書内訳書)</source>
            <translation>領収書内訳書</translation>
        </message>
        <message>
            <source>Receipt (領収書の写し)</source>
            <translation>領収書の写し</translation>
        </message>
        <message>
            <source>The programme is closed</source>
            <translation>補助事業は受付終了</translation>
        </message>
        <message>
            <source>A required document is missing</source>
            <translation>必要書類が不足しています</translation>
        </message>
        <message>
            <source>No items yet</source>
            <translation>明細がまだありません</translation>
        </message>
        <message>
            <source>Nothing in it is payable</source>
            <translation>補助対象となる明細がありません</translation>
        </message>
        <message>
            <source>The programme no longer exists</source>
            <translation>補助事業が存在しません</translation>
        </message>
        <message>
            <source>PDF document</source>
            <translation>PDF文書</translation>
        </message>
        <message>
            <source>PNG image</source>
            <translation>PNG画像</translation>
        </message>
        <message>
            <source>JPEG image</source>
            <translation>JPEG画像</translation>
        </message>
        <message>
            <source>Other file</source>
            <translation>その他のファイル</translation>
        </message>
        <message>
            <source>This programme does not cover the site&apos;s kind of facility.</source>
            <translation>この補助事業は、この店舗の施設種別を対象としていません。</translation>
        </message>
        <message>
            <source>An item has an amount below zero.</source>
            <translation>金額がマイナスの明細があります。</translation>
        </message>
        <message>
            <source>The programme&apos;s terms cannot be applied. Tell the system administrator.</source>
            <translation>補助事業の条件を適用できません。システム管理者に連絡してください。</translation>
        </message>
        <message>
            <source>This needs checking. Tell the system administrator (%1).</source>
            <extracomment>%1 is an internal reason code, shown for the system administrator.</extracomment>
            <translation>確認が必要です。システム管理者に連絡してください（%1）。</translation>
        </message>
        <message>
            <source>This claim already holds as many receipt files as it may. Delete a file that is not needed, then upload again.</source>
            <translation>この申請に添付できる領収書ファイルの上限に達しています。不要なファイルを削除してから、もう一度アップロードしてください。</translation>
        </message>
        <message>
            <source>The receipt is no longer on the claim. Refresh the list.</source>
            <translation>この領収書は申請にありません。一覧を更新してください。</translation>
        </message>
        <message>
            <source>This site already has a claim under this programme. Open that claim from the list instead.</source>
            <translation>この店舗には、この補助事業の申請がすでにあります。一覧からその申請を開いてください。</translation>
        </message>
        <message>
            <source>The claim no longer exists. Refresh the list.</source>
            <translation>この申請は見つかりません。一覧を更新してください。</translation>
        </message>
        <message>
            <source>A claim stays with its site. Make a new claim for the other site.</source>
            <translation>申請の店舗は変更できません。別の店舗の分は新しい申請として作成してください。</translation>
        </message>
        <message>
            <source>A claim has at most 100 items.</source>
            <translation>1件の申請に登録できる明細は100件までです。</translation>
        </message>
        <message>
            <source>An item&apos;s category is not one of the programme&apos;s. Choose it again from the list.</source>
            <translation>この補助事業の対象にない区分の明細があります。一覧から区分を選び直してください。</translation>
        </message>
        <message>
            <source>Each item&apos;s amount is a whole number of yen above zero.</source>
            <translation>明細の金額は1円以上の整数（円単位）で入力してください。</translation>
        </message>
        <message>
            <source>A description, note or file name is too long (descriptions and notes at most 1,000 bytes, about 330 full-width characters).</source>
            <translation>内容・備考・ファイル名が長すぎます（内容と備考は1,000バイト、全角で約330文字まで）。</translation>
        </message>
        <message>
            <source>An item names a terminal that is not registered at this site. Choose it again.</source>
            <translation>この店舗に登録されていない端末を指定した明細があります。端末を選び直してください。</translation>
        </message>
        <message>
            <source>The decision date is before the filing date. Check both dates.</source>
            <translation>決定日が申請日より前になっています。両方の日付を確認してください。</translation>
        </message>
        <message>
            <source>The granted amount must be between 0 yen and the most this claim can receive.</source>
            <translation>交付額は0円からこの申請の上限額までの範囲で入力してください。</translation>
        </message>
        <message>
            <source>A description, note or file name holds a character that cannot be shown (a control character or a direction mark). Type it again without copying it from elsewhere.</source>
            <translation>内容・備考・ファイル名に表示できない文字（制御文字や文字の向きを変える記号）が含まれています。ほかの場所から貼り付けずに入力し直してください。</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::SubsidyTables</name>
        <message>
            <source>Programme</source>
            <translation>補助事業</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状況</translation>
        </message>
        <message>
            <source>Deadline</source>
            <translation>締切</translation>
        </message>
        <message>
            <source>Legal basis</source>
            <translation>補助金名</translation>
        </message>
        <message>
            <source>ID</source>
            <translation>ID</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>出典</translation>
        </message>
        <message>
            <source>Edited by HQ</source>
            <translation>本部で編集</translation>
        </message>
        <message>
            <source>Programme file</source>
            <translation>補助事業ファイル</translation>
        </message>
        <message>
            <source>Site</source>
            <translation>店舗</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状態</translation>
        </message>
        <message>
            <source>Subsidy (computed)</source>
            <translation>補助額（計算）</translation>
        </message>
        <message>
            <source>Official figure</source>
            <translation>公表値</translation>
        </message>
        <message>
            <source>Items</source>
            <translation>明細</translation>
        </message>
        <message>
            <source>Receipts</source>
            <translation>領収書</translation>
        </message>
        <message>
            <source>Warnings</source>
            <translation>警告</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>費目</translation>
        </message>
        <message>
            <source>Amount</source>
            <translation>金額</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>端末</translation>
        </message>
        <message>
            <source>Description</source>
            <translation>内容</translation>
        </message>
        <message>
            <source>File</source>
            <translation>ファイル</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>種類</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>形式</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>サイズ</translation>
        </message>
        <message>
            <source>SHA-256</source>
            <translation>SHA-256</translation>
        </message>
        <message>
            <source>Duplicate</source>
            <translation>重複</translation>
        </message>
        <message>
            <source>Also on another claim</source>
            <translation>他の申請にも添付</translation>
        </message>
        <message>
            <source>Still claimable</source>
            <translation>申請可能額</translation>
        </message>
        <message>
            <source>Maximum</source>
            <translation>上限</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <comment>exact yen, leaflet figure</comment>
            <translation>%1（%2）</translation>
        </message>
        <message>
            <source>Facility kind</source>
            <translation>施設種別</translation>
        </message>
        <message>
            <source>Transitional measure</source>
            <translation>経過措置</translation>
        </message>
        <message>
            <source>Obligation today</source>
            <translation>本日の義務</translation>
        </message>
        <message>
            <source>Measure ends</source>
            <translation>経過措置の終了</translation>
        </message>
        <message>
            <source>User</source>
            <translation>ユーザー</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>権限</translation>
        </message>
        <message>
            <source>Sites</source>
            <translation>店舗</translation>
        </message>
        <message>
            <source>All (HQ)</source>
            <extracomment>Separates site names in a list.</extracomment>
            <translation>全店舗（本部）</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>アカウント</translation>
        </message>
        <message>
            <source>Disabled</source>
            <translation>停止中</translation>
        </message>
        <message>
            <source>Locked</source>
            <translation>ロック中</translation>
        </message>
        <message>
            <source>Active</source>
            <translation>有効</translation>
        </message>
        <message>
            <source>Last login</source>
            <translation>最終ログイン</translation>
        </message>
        <message>
            <source> (%1)</source>
            <translation>（%1）</translation>
        </message>
        <message>
            <source>, </source>
            <translation>、</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::UserDialog</name>
        <message>
            <source>Change role and sites</source>
            <translation>権限と店舗の変更</translation>
        </message>
        <message>
            <source>New user</source>
            <translation>新規ユーザー</translation>
        </message>
        <message>
            <source>User name</source>
            <translation>ユーザー名</translation>
        </message>
        <message>
            <source>Display name</source>
            <translation>表示名</translation>
        </message>
        <message>
            <source>Password</source>
            <translation>パスワード</translation>
        </message>
        <message>
            <source>Role</source>
            <translation>権限</translation>
        </message>
        <message>
            <source>Sites (branch roles)</source>
            <translation>店舗（店舗の権限）</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>保存(&amp;S)</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>キャンセル</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::UsersPage</name>
        <message>
            <source>Passwords: 8–100 characters, with at least one upper-case letter, one lower-case letter and one digit.</source>
            <translation>パスワード：8〜100文字、英大文字・英小文字・数字をそれぞれ1文字以上。</translation>
        </message>
        <message>
            <source>Users and roles</source>
            <translation>ユーザーと権限</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>更新(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;New user…</source>
            <translation>新規ユーザー(&amp;N)…</translation>
        </message>
        <message>
            <source>Change &amp;role and sites…</source>
            <translation>権限と店舗の変更(&amp;R)…</translation>
        </message>
        <message>
            <source>F2</source>
            <translation>F2</translation>
        </message>
        <message>
            <source>&amp;Lock</source>
            <translation>停止(&amp;L)</translation>
        </message>
        <message>
            <source>U&amp;nlock</source>
            <translation>停止解除(&amp;N)</translation>
        </message>
        <message numerus="yes">
            <source>%n user(s).</source>
            <translation>
                <numerusform>ユーザー %n 人。</numerusform>
            </translation>
        </message>
        <message>
            <source>User %1 saved.</source>
            <translation>ユーザー %1 を保存しました。</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::DeviceRouteDialog</name>
        <message>
            <source>Eligibility route of the terminal</source>
            <translation>端末の資格確認の経路</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>保存(&amp;S)</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>キャンセル</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::RouteEditor</name>
        <message>
            <source>Eligibility route</source>
            <translation>資格確認の経路</translation>
        </message>
        <message>
            <source>Follow the site&apos;s setting</source>
            <translation>店舗の設定に従う</translation>
        </message>
        <message>
            <source>Online eligibility service (API)</source>
            <translation>オンライン資格確認（API）</translation>
        </message>
        <message>
            <source>Folders of the on-site eligibility terminal</source>
            <translation>資格確認端末のフォルダー連携</translation>
        </message>
        <message>
            <source> s</source>
            <translation> 秒</translation>
        </message>
        <message>
            <source>Blank: the site&apos;s code</source>
            <translation>空欄の場合は店舗のコード</translation>
        </message>
        <message>
            <source>This terminal records the &amp;face-recognition reader&apos;s results</source>
            <translation>この端末で顔認証付きカードリーダーの結果を記録する(&amp;F)</translation>
        </message>
        <message>
            <source>Where several terminals share one eligibility terminal, only one should record them.</source>
            <translation>複数の端末で1台の資格確認端末を共有する場合は、どれか1台だけで記録してください。</translation>
        </message>
        <message>
            <source>Blank: no hand-off</source>
            <translation>空欄の場合は受け渡ししない</translation>
        </message>
        <message>
            <source>Each card check is also written there as a face-recognition reader answer file, so the receipt computer reads it as usual.</source>
            <translation>カードによる確認の結果を、顔認証付きカードリーダーの応答ファイルとしてこのフォルダーにも書き出します。レセコンはいつもどおり読み込めます。</translation>
        </message>
        <message>
            <source>&amp;Route</source>
            <translation>経路(&amp;R)</translation>
        </message>
        <message>
            <source>Re&amp;quest folder (req)</source>
            <translation>要求フォルダー（req）(&amp;Q)</translation>
        </message>
        <message>
            <source>Request &amp;encoding</source>
            <translation>要求ファイルの文字コード(&amp;E)</translation>
        </message>
        <message>
            <source>Institution code in the &amp;header</source>
            <translation>ヘッダーの医療機関等コード(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;Hand-off folder for the receipt computer</source>
            <translation>レセコンへの受け渡しフォルダー(&amp;H)</translation>
        </message>
        <message>
            <source>This terminal uses its site&apos;s route: %1</source>
            <translation>この端末は店舗の経路を使います: %1</translation>
        </message>
        <message>
            <source>Requests go through the shared folders of the on-site eligibility terminal; the face-recognition reader&apos;s answers appear in the answer folder.</source>
            <translation>資格確認端末の共有フォルダーを通して照会します。顔認証付きカードリーダーの結果も応答フォルダーに届きます。</translation>
        </message>
        <message>
            <source>Checks go straight to the online eligibility service.</source>
            <translation>オンライン資格確認等システムへ直接照会します。</translation>
        </message>
        <message>
            <source>Ans&amp;wer folder (res)</source>
            <translation>応答フォルダー（res）(&amp;W)</translation>
        </message>
        <message>
            <source>Answer ti&amp;meout</source>
            <translation>応答の待ち時間(&amp;M)</translation>
        </message>
        <message>
            <source>Hand-off encodin&amp;g</source>
            <translation>受け渡しファイルの文字コード(&amp;G)</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::FailureReportModel</name>
        <message>
            <source>Store</source>
            <translation>店舗</translation>
        </message>
        <message>
            <source>Reader model</source>
            <translation>カードリーダー機種</translation>
        </message>
        <message>
            <source>Card checks</source>
            <translation>カードでの確認</translation>
        </message>
        <message>
            <source>Failures</source>
            <translation>失敗</translation>
        </message>
        <message>
            <source>Failure rate</source>
            <translation>失敗率</translation>
        </message>
        <message>
            <source>Reasons</source>
            <translation>失敗の内訳</translation>
        </message>
        <message>
            <source>Reader not named by the terminal</source>
            <translation>（端末からリーダー名の報告なし）</translation>
        </message>
        <message numerus="yes">
            <source>%1 %n time(s)</source>
            <translation>
                <numerusform>%1 %n 件</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::FailureReportPage</name>
        <message>
            <source>Last 7 days</source>
            <translation>直近7日間</translation>
        </message>
        <message>
            <source>Last 30 days</source>
            <translation>直近30日間</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>更新</translation>
        </message>
        <message>
            <source>Period</source>
            <translation>期間</translation>
        </message>
        <message>
            <source>By store</source>
            <translation>店舗別</translation>
        </message>
        <message>
            <source>By card-reader model</source>
            <translation>カードリーダー機種別</translation>
        </message>
        <message>
            <source>By store (worst %1 of %2)</source>
            <translation>店舗別（全%2店舗のうち失敗の多い%1店舗）</translation>
        </message>
        <message>
            <source>By card-reader model (worst %1 of %2)</source>
            <translation>カードリーダー機種別（全%2機種のうち失敗の多い%1機種）</translation>
        </message>
        <message>
            <source>%1 – %2: %3 card checks, %4 failed on the card or the card reader (%5 %). The service&apos;s answers and faults are not counted.</source>
            <translation>%1〜%2：カードでの確認 %3 件のうち、カードまたはカードリーダーで失敗 %4 件（%5 %）。資格確認サービスの回答や障害は数えていません。</translation>
        </message>
        <message>
            <source>Terminals sent more different reader names and reasons than the report reads: only the most frequent are counted (%1 of %2 card checks). Look for a terminal that sends unusual reader names.</source>
            <translation>端末から届いたカードリーダー名とエラーの種類が多すぎるため、件数の多いものだけを集計しています（カード確認 %2 件のうち %1 件）。見慣れないリーダー名を送っている端末がないか確認してください。</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::CertCalendarModel</name>
        <message>
            <source>the file holds a private key and was not read; name a file with the certificate alone</source>
            <translation>秘密鍵を含むファイルのため読み取っていません。証明書だけのファイルを指定してください</translation>
        </message>
        <message>
            <source>the terminal was not active (waiting for approval or revoked)</source>
            <translation>端末が有効ではありませんでした（承認待ちまたは失効）</translation>
        </message>
        <message>
            <source>HQ&apos;s database could not be reached at the time</source>
            <translation>その時点で本部のデータベースに接続できませんでした</translation>
        </message>
        <message>
            <source>the terminal&apos;s renewal request could not be read</source>
            <translation>端末の更新要求を読み取れませんでした</translation>
        </message>
        <message>
            <source>HQ refused it</source>
            <translation>本部が受け付けませんでした</translation>
        </message>
        <message>
            <source>the file is too large</source>
            <translation>ファイルが大きすぎます</translation>
        </message>
        <message>
            <source>the file is not a PEM or DER certificate</source>
            <translation>PEM または DER 形式の証明書ではありません</translation>
        </message>
        <message>
            <source>the file is missing or cannot be read</source>
            <translation>ファイルがないか、読み取れません</translation>
        </message>
        <message>
            <source>Store</source>
            <translation>店舗</translation>
        </message>
        <message>
            <source>Certificate</source>
            <translation>証明書</translation>
        </message>
        <message>
            <source>Valid until</source>
            <translation>有効期限</translation>
        </message>
        <message>
            <source>Not recorded</source>
            <translation>未登録</translation>
        </message>
        <message>
            <source>Days left</source>
            <translation>残り日数</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状態</translation>
        </message>
        <message>
            <source>Details</source>
            <translation>詳細</translation>
        </message>
        <message>
            <source>Eligibility terminal (on site)</source>
            <translation>資格確認端末（店舗）</translation>
        </message>
        <message>
            <source>Kakunin terminal %1</source>
            <translation>Kakunin 端末 %1</translation>
        </message>
        <message numerus="yes">
            <source>Expired %n day(s) ago</source>
            <translation>
                <numerusform>%n 日前に期限切れ</numerusform>
            </translation>
        </message>
        <message>
            <source>Last day today</source>
            <translation>本日が最終日</translation>
        </message>
        <message numerus="yes">
            <source>%n day(s) left</source>
            <translation>
                <numerusform>あと %n 日</numerusform>
            </translation>
        </message>
        <message>
            <source>Expired: checks stop</source>
            <translation>期限切れ：オンライン資格確認が止まります</translation>
        </message>
        <message>
            <source>7 days or less: renew now</source>
            <translation>7日以内：至急更新してください</translation>
        </message>
        <message>
            <source>30 days or less: the counter is warned</source>
            <translation>30日以内：窓口にも表示中</translation>
        </message>
        <message>
            <source>60 days or less</source>
            <translation>60日以内</translation>
        </message>
        <message>
            <source>90 days or less: renewal open</source>
            <translation>90日以内：更新手続きができます</translation>
        </message>
        <message>
            <source>No date: enter it</source>
            <translation>期限未登録：登録してください</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>問題なし</translation>
        </message>
        <message>
            <source>Renewed automatically, last on %1</source>
            <translation>自動更新（最終更新 %1）</translation>
        </message>
        <message>
            <source>Renewed automatically; not renewed since enrollment</source>
            <translation>自動更新（登録以来まだ更新なし）</translation>
        </message>
        <message>
            <source>last renewal failed on %1 (%2)</source>
            <translation>最後の更新失敗 %1（%2）</translation>
        </message>
        <message>
            <source>Read from %1 by %2 on %3</source>
            <translation>%2 が %1 から読み取り（%3）</translation>
        </message>
        <message>
            <source>Recorded by HQ (%1)</source>
            <translation>本部が登録（%1）</translation>
        </message>
        <message>
            <source>Enter the expiry date or the path of the certificate file</source>
            <translation>有効期限または証明書ファイルのパスを登録してください</translation>
        </message>
        <message>
            <source>Certificate file %1: %2</source>
            <translation>証明書ファイル %1：%2</translation>
        </message>
        <message>
            <source>%1: %2, %3 (%4)</source>
            <translation>%1：%2、%3（%4）</translation>
        </message>
        <message>
            <source>Certificates expiring (90/60/30/7 days)</source>
            <translation>証明書の有効期限（90・60・30・7日前）</translation>
        </message>
        <message>
            <source>; </source>
            <translation>、</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::CertCalendarPage</name>
        <message>
            <source>Certificate calendar</source>
            <translation>証明書カレンダー</translation>
        </message>
        <message>
            <source>Warnings only (90 days or less, expired, no date)</source>
            <translation>要対応のみ（90日以内・期限切れ・未登録）</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>更新</translation>
        </message>
        <message>
            <source>Record eligibility terminal certificate…</source>
            <translation>資格確認端末の証明書を登録…</translation>
        </message>
        <message>
            <source>As of %1: %2 stores. Expired (checks stop, in red): %3 stores. Warnings at 90/60/30/7 days: %4 certificates. Stores without an eligibility terminal date: %5.</source>
            <translation>%1 時点：%2 店舗。期限切れ（確認停止・赤色）：%3 店舗。90・60・30・7日前の警告：証明書 %4 件。資格確認端末の期限が未登録の店舗：%5。</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::TerminalCertificateDialog</name>
        <message>
            <source>Eligibility terminal certificate</source>
            <translation>資格確認端末の証明書</translation>
        </message>
        <message>
            <source>Store</source>
            <translation>店舗</translation>
        </message>
        <message>
            <source>Valid until</source>
            <translation>有効期限</translation>
        </message>
        <message>
            <source>or issued on</source>
            <translation>または発行日</translation>
        </message>
        <message>
            <source>Certificate file on the store&apos;s PC</source>
            <translation>店舗PC上の証明書ファイル</translation>
        </message>
        <message>
            <source>Enter the expiry date, or the issue date (valid 3 years 3 months). With a file path, the store&apos;s terminals read the certificate (never its private key) and its own date is used. Leave everything empty to clear the record.</source>
            <translation>有効期限、または発行日（有効期間は3年3か月）を入力してください。ファイルのパスを登録すると、店舗の端末が証明書を読み取り（秘密鍵は読みません）、証明書自身の期限を使います。すべて空欄で保存すると登録を消します。</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>キャンセル</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::OnboardingLabels</name>
        <message>
            <source>Application</source>
            <translation>申請</translation>
        </message>
        <message>
            <source>Review</source>
            <translation>審査</translation>
        </message>
        <message>
            <source>User settings received</source>
            <translation>ユーザー設定情報受領</translation>
        </message>
        <message>
            <source>Terminal installed</source>
            <translation>端末設置</translation>
        </message>
        <message>
            <source>Activation</source>
            <translation>アクティベーション</translation>
        </message>
        <message>
            <source>Operation start</source>
            <translation>運用開始</translation>
        </message>
        <message>
            <source>Subsidy claimed</source>
            <translation>補助金申請</translation>
        </message>
        <message>
            <source>Hokkaido</source>
            <translation>北海道</translation>
        </message>
        <message>
            <source>Tohoku</source>
            <translation>東北</translation>
        </message>
        <message>
            <source>Kanto</source>
            <translation>関東</translation>
        </message>
        <message>
            <source>Chubu</source>
            <translation>中部</translation>
        </message>
        <message>
            <source>Kinki</source>
            <translation>近畿</translation>
        </message>
        <message>
            <source>Chugoku</source>
            <translation>中国</translation>
        </message>
        <message>
            <source>Shikoku</source>
            <translation>四国</translation>
        </message>
        <message>
            <source>Kyushu and Okinawa</source>
            <translation>九州・沖縄</translation>
        </message>
        <message>
            <source>end of the transitional measure (online checks required from this day)</source>
            <translation>経過措置の終了（この日からオンライン資格確認が必要）</translation>
        </message>
        <message>
            <source>subsidy claim deadline (claims follow the start)</source>
            <translation>補助金の申請期限（申請は導入完了後）</translation>
        </message>
        <message>
            <source>unknown: the transitional measure&apos;s end date has not been given</source>
            <translation>不明：経過措置の終了日が届いていません</translation>
        </message>
        <message>
            <source>no rule sets a deadline</source>
            <translation>期限を定める決まりはありません</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>完了</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>期限超過</translation>
        </message>
        <message>
            <source>On schedule</source>
            <translation>予定どおり</translation>
        </message>
        <message>
            <source>No deadline</source>
            <translation>期限なし</translation>
        </message>
        <message>
            <source>Done %1</source>
            <translation>完了 %1</translation>
        </message>
        <message>
            <source>Due %1</source>
            <translation>期限 %1</translation>
        </message>
        <message>
            <source>Due today</source>
            <translation>今日が期限</translation>
        </message>
        <message>
            <source>Owner: %1</source>
            <translation>担当: %1</translation>
        </message>
        <message>
            <source>Deadline by the rules: %1 — %2</source>
            <translation>決まりによる期限: %1 — %2</translation>
        </message>
        <message>
            <source>Planned: %1</source>
            <translation>予定日: %1</translation>
        </message>
        <message>
            <source>The plan is later than the deadline.</source>
            <translation>予定日が期限より後です。</translation>
        </message>
        <message>
            <source>Done after its due date.</source>
            <translation>期限を過ぎてから完了しました。</translation>
        </message>
        <message numerus="yes">
            <source>Overdue by %n day(s)</source>
            <translation>
                <numerusform>期限超過 %n日</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n day(s) left</source>
            <translation>
                <numerusform>あと %n日</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::OnboardingModel</name>
        <message>
            <source>Store</source>
            <translation>店舗</translation>
        </message>
        <message>
            <source>Prefecture</source>
            <translation>都道府県</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::OnboardingExport</name>
        <message>
            <source>Store ID</source>
            <translation>店舗ID</translation>
        </message>
        <message>
            <source>Store</source>
            <translation>店舗</translation>
        </message>
        <message>
            <source>Prefecture</source>
            <translation>都道府県</translation>
        </message>
        <message>
            <source>Region</source>
            <translation>地方</translation>
        </message>
        <message>
            <source>Next stage</source>
            <translation>次の工程</translation>
        </message>
        <message>
            <source>Overdue stages</source>
            <translation>期限超過の工程数</translation>
        </message>
        <message>
            <source>planned</source>
            <translation>予定日</translation>
        </message>
        <message>
            <source>deadline</source>
            <translation>期限</translation>
        </message>
        <message>
            <source>done</source>
            <translation>完了日</translation>
        </message>
        <message>
            <source>state</source>
            <translation>状態</translation>
        </message>
        <message>
            <source>owner</source>
            <translation>担当者</translation>
        </message>
        <message>
            <source>note</source>
            <translation>メモ</translation>
        </message>
        <message>
            <source>all done</source>
            <translation>すべて完了</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::OnboardingPage</name>
        <message>
            <source>All regions</source>
            <translation>全国（すべての地方）</translation>
        </message>
        <message>
            <source>All prefectures</source>
            <translation>すべての都道府県</translation>
        </message>
        <message>
            <source>Every stage</source>
            <translation>すべての工程</translation>
        </message>
        <message>
            <source>Now at: %1</source>
            <translation>現在の工程: %1</translation>
        </message>
        <message>
            <source>Overdue only</source>
            <translation>期限超過のみ</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>更新</translation>
        </message>
        <message>
            <source>Export as CSV</source>
            <translation>CSVで書き出す</translation>
        </message>
        <message>
            <source>Region</source>
            <translation>地方</translation>
        </message>
        <message>
            <source>Prefecture</source>
            <translation>都道府県</translation>
        </message>
        <message>
            <source>Stage</source>
            <translation>工程</translation>
        </message>
        <message>
            <source>%1 of %2 stores shown (as of %3): %4 stores have overdue stages (%5 stages in all), %6 stores have finished every stage.</source>
            <translation>%2 店舗中 %1 店舗を表示（%3 時点）：期限超過の工程がある店舗 %4（工程 %5 件）、すべての工程を終えた店舗 %6。</translation>
        </message>
        <message>
            <source>Could not write %1.</source>
            <translation>%1 に書き込めませんでした。</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV ファイル (*.csv)</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::OnboardingStageDialog</name>
        <message>
            <source>Write dates as 2026-04-30.</source>
            <translation>日付は 2026-04-30 のように書いてください。</translation>
        </message>
        <message>
            <source>Dates must be in the years %1 to %2.</source>
            <translation>日付は %1 年から %2 年までにしてください。</translation>
        </message>
        <message>
            <source>The done date cannot be in the future.</source>
            <translation>完了日に未来の日付は入れられません。</translation>
        </message>
        <message>
            <source>The owner may have at most %1 characters.</source>
            <translation>担当者は %1 文字以内にしてください。</translation>
        </message>
        <message>
            <source>The note may have at most %1 characters.</source>
            <translation>メモは %1 文字以内にしてください。</translation>
        </message>
        <message>
            <source>There are characters that cannot be read (garbled text or 外字).</source>
            <translation>読めない文字（文字化けや外字）があります。</translation>
        </message>
        <message>
            <source>The owner must be one line without tabs or other control characters.</source>
            <translation>担当者は1行で、タブなどの制御文字を入れずに書いてください。</translation>
        </message>
        <message>
            <source>This store is no longer registered.</source>
            <translation>この店舗は登録されていません。</translation>
        </message>
        <message>
            <source>Unknown stage.</source>
            <translation>工程が分かりません。</translation>
        </message>
        <message>
            <source>%1 — %2</source>
            <translation>%1 — %2</translation>
        </message>
        <message>
            <source>Today</source>
            <translation>今日</translation>
        </message>
        <message>
            <source>Planned date</source>
            <translation>予定日</translation>
        </message>
        <message>
            <source>Done date</source>
            <translation>完了日</translation>
        </message>
        <message>
            <source>Owner</source>
            <translation>担当者</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>メモ</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>キャンセル</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::VisualAllowanceDialog</name>
        <message>
            <source>Allow one visual check</source>
            <translation>目視確認を1回許可</translation>
        </message>
        <message>
            <source>e.g. PIN locked; identity confirmed against the card&apos;s photo</source>
            <translation>例: 暗証番号ロック。カードの顔写真でご本人と確認</translation>
        </message>
        <message>
            <source>&amp;Allow once</source>
            <translation>1回だけ許可(&amp;A)</translation>
        </message>
        <message>
            <source>Terminal</source>
            <translation>端末</translation>
        </message>
        <message>
            <source>Store</source>
            <translation>店舗</translation>
        </message>
        <message>
            <source>&amp;Reason</source>
            <translation>理由(&amp;R)</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>キャンセル</translation>
        </message>
        <message>
            <source>The patient&apos;s PIN cannot be used and HQ does not allow the visual check at this store. Allow staff at this terminal to check ONE card with the visual check (comparing the patient with the card&apos;s photo). The permission lapses after %1 minutes if unused. Your name and the reason are kept in the audit trail for good: do not write the patient&apos;s name or anything else about the patient.</source>
            <translation>患者さんの暗証番号が使えず、この店舗では本部の設定で目視確認ができません。この端末で、カード1枚の確認に限り目視確認（カードの顔写真とご本人を見比べる方法）を許可します。使われないまま %1 分たつと許可は無効になります。許可した人の名前と理由は監査ログにずっと残ります。理由に患者さんの氏名など、患者さんのことは書かないでください。</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::AllowanceModel</name>
        <message>
            <source>Replaced by a newer permission</source>
            <translation>新しい許可に置き換え</translation>
        </message>
        <message>
            <source>Expired unused</source>
            <translation>期限切れ（未使用）</translation>
        </message>
        <message>
            <source>Used</source>
            <translation>使用済み</translation>
        </message>
        <message>
            <source>Unused (until %1)</source>
            <translation>未使用（%1 まで）</translation>
        </message>
        <message>
            <source>Check</source>
            <translation>確認ID</translation>
        </message>
        <message>
            <source>Granted by</source>
            <translation>許可した人</translation>
        </message>
        <message>
            <source>Reason</source>
            <translation>理由</translation>
        </message>
        <message>
            <source>Used at</source>
            <translation>使用日時</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状態</translation>
        </message>
        <message>
            <source>Granted</source>
            <translation>許可日時</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::AllowanceHistoryDialog</name>
        <message numerus="yes">
            <source>%n permission(s)</source>
            <translation>
                <numerusform>許可 %n 件</numerusform>
            </translation>
        </message>
        <message>
            <source>No visual check was allowed on this terminal in the last 30 days.</source>
            <translation>この端末で直近30日に許可された目視確認はありません。</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>閉じる</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>読み込み中…</translation>
        </message>
        <message>
            <source>One-time visual checks allowed on %1 (%2) in the last 30 days.</source>
            <translation>%1（%2）で直近30日に許可された1回限りの目視確認です。</translation>
        </message>
        <message>
            <source>Visual check permissions</source>
            <translation>目視確認の許可履歴</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::DeviceHealth</name>
        <message>
            <source>Card reader not found</source>
            <translation>カードリーダーが見つかりません</translation>
        </message>
        <message>
            <source>Results cannot be saved</source>
            <translation>結果を保存できません</translation>
        </message>
        <message>
            <source>Results cannot be read</source>
            <translation>結果を読み出せません</translation>
        </message>
        <message>
            <source>Unknown state reported</source>
            <translation>不明な状態の報告</translation>
        </message>
        <message>
            <source>, </source>
            <translation>、</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>正常</translation>
        </message>
        <message>
            <source>Since %1. Ask the store to check that the card reader is plugged in (USB cable); until it is, the store checks insurance with documents.</source>
            <translation>%1 から。店舗に、カードリーダーが接続されているか（USB ケーブル）確認してもらってください。つながるまで、店舗では書類で資格を確認します。</translation>
        </message>
        <message numerus="yes">
            <source>Since %1. %n check(s) are held in the terminal&apos;s memory only and are lost if it is shut down. Ask the store not to shut it down, and have the terminal&apos;s disk space and outbox.db checked (kakunin-agent status).</source>
            <translation>
                <numerusform>%1 から。%n件の確認結果が端末のメモリーにしかなく、電源を切ると失われます。店舗に電源を切らないよう伝え、端末のディスクの空きと outbox.db を確認してください（kakunin-agent status）。</numerusform>
            </translation>
        </message>
        <message>
            <source>Since %1. The terminal keeps its results but cannot send them to HQ. Have its outbox.db checked (kakunin-agent status).</source>
            <translation>%1 から。端末は結果を保存していますが、本部に送れません。端末の outbox.db を確認してください（kakunin-agent status）。</translation>
        </message>
        <message>
            <source>The terminal reported a state this server does not know (a newer agent, or a fault). Check the terminal with kakunin-agent status.</source>
            <translation>端末が、このサーバーの知らない状態を報告しました（新しい版のエージェント、または故障）。端末で kakunin-agent status を確認してください。</translation>
        </message>
        <message>
            <source>%1 (last report)</source>
            <translation>%1（最後の報告）</translation>
        </message>
        <message>
            <source>The terminal&apos;s last report (%1). It is not connected to HQ now, so this may have changed.</source>
            <translation>端末からの最後の報告です（%1）。いまは本部につながっていないため、状態が変わっているかもしれません。</translation>
        </message>
    </context>
    <context>
        <name>kakunin::console::BackupWarning</name>
        <message>
            <source>No backup of HQ has ever been taken. On HQ&apos;s server, create the passphrase file /etc/kakunin/backup.pass (see "Backup and restore" in the deployment guide), then check that the nightly backup runs with journalctl -u kakunin-backup.</source>
            <translation>バックアップがまだ一度も取られていません。本部のサーバーでパスフレーズのファイル /etc/kakunin/backup.pass を作り（手順は導入ガイドの「Backup and restore」）、夜間のバックアップが動いているかを journalctl -u kakunin-backup で確認してください。</translation>
        </message>
        <message numerus="yes">
            <source>The last backup was %n day(s) ago (%1). The nightly backup is failing: on HQ&apos;s server, see why with journalctl -u kakunin-backup (for example, the passphrase file /etc/kakunin/backup.pass is missing).</source>
            <extracomment>%n = whole days since the newest backup (2 or more), %1 = when it finished.</extracomment>
            <translation>
                <numerusform>最後のバックアップは%n日前です（%1）。夜間のバックアップが失敗しています。本部のサーバーで journalctl -u kakunin-backup を実行して原因を確認してください（例: パスフレーズのファイル /etc/kakunin/backup.pass がない）。</numerusform>
            </translation>
        </message>
    </context>
</TS>
