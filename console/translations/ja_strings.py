# Japanese for console strings not yet in kakunin_console_ja.ts (source text -> translation),
# applied by update_ts.py; a key "Context|source|disambiguation" wins over "Context|source" (context without the namespace), which wins over the
# plain source. Translations already in the .ts are kept from there.
JA = {
 # DashboardPage: the charts' legends, short ("Context|source|disambiguation")
 'DashboardPage|Face reader|chart legend': '顔認証',
 'DashboardPage|Fallback rate|chart legend': '代替確認率',
 # Buttons given our own words, Japanese even without Qt's qtbase_ja.
 'Cancel': 'キャンセル',
 'Close': '閉じる',
 'SubsidiesPage|Record': '記録する',
 # VisualAllowanceDialog
 "The patient's PIN cannot be used and HQ does not allow the visual check at this store. Allow staff at this terminal to check ONE card with the visual check (comparing the patient with the card's photo). The permission lapses after %1 minutes if unused. Your name and the reason are kept in the audit trail for good: do not write the patient's name or anything else about the patient.":
   '患者さんの暗証番号が使えず、この店舗では本部の設定で目視確認ができません。この端末で、カード1枚の確認に限り目視確認（カードの顔写真とご本人を見比べる方法）を許可します。使われないまま %1 分たつと許可は無効になります。許可した人の名前と理由は監査ログにずっと残ります。理由に患者さんの氏名など、患者さんのことは書かないでください。',
 'Terminal': '端末',
 'Store': '店舗',
 '&Reason': '理由(&R)',
 # AuditPage
 'Restored from a backup (later records lost)': 'バックアップから復元（それ以降の記録は失われました）',
 'Visual check permissions (all)': '目視確認の許可（すべて）',
 'Onboarding (all)': '導入状況（すべて）',
 'Subsidies (all)': '補助金（すべて）',
 '&Verify the audit log for tampering': '監査ログの改ざんを検査(&V)',
 'Checking the whole audit log on the server for tampering…': 'サーバーで監査ログ全体を検査しています…',
 # CertCalendarModel: the details' parts
 'CertCalendarModel|; ': '、',
 # ClaimExport (PDF): how the claim was filed
 'ClaimExport|Portal': 'ポータル',
 'ClaimExport|Post': '郵送',
 'ClaimExport|%1 (%2)': '%1（%2）',
 # Labels: a date of birth with its era
 'Labels|%1 (%2)|date of birth, its Japanese-era form': '%1（%2）',
 # ErrorText: one user's calls at once
 'Too many of your requests are running at once. Wait for them to finish, then try again.':
   '実行中の操作が多すぎます。終わるのを待ってから、もう一度お試しください。',
 "In Terminal, enter the terminal's ID (dev- followed by letters and digits; shown when you point at a terminal's name), not its name.":
   '「端末」には端末の名前ではなく端末ID（dev- で始まる英数字。一覧で端末名にポインターを置くと表示されます）を入力してください。',
 'The server did not accept the request: an entry is too long, a list has too many items, or an ID contains characters it cannot have. Check the entries and try again.':
   'サーバーが要求を受け付けませんでした。入力が長すぎるか、一覧の項目が多すぎるか、IDに使えない文字が含まれています。入力内容を確認して、もう一度お試しください。',
 'Your other requests that are still running are using all the database connections one user may use at once, so this one was cancelled after waiting. Wait for them to finish, then try again.':
   '実行中のほかの操作が、1人が同時に使えるデータベース接続をすべて使っているため、この操作は待ったあと取り消しました。先の操作が終わってから、もう一度お試しください。',
 # ErrorText: text shown on other people's screens
 'A display name has at most 200 bytes (about 66 full-width characters), on one line without control characters.':
   '表示名は200バイト（全角で約66文字）以内で、改行や制御文字を入れずに入力してください。',
 'The reason for revoking has at most 1,000 bytes (about 330 full-width characters), on one line without control characters.':
   '失効の理由は1,000バイト（全角で約330文字）以内で、改行や制御文字を入れずに入力してください。',
 # AuditEvent: a look at a patient's fields (GetResult)
 'Patient details viewed': '患者情報の閲覧',
 'Logout': 'ログアウト',
 'Patient details (all)': '患者情報の閲覧（すべて）',
 # AuditModel: who acted, for people (the stored id in the tooltip and the details)
 'User %1': 'ユーザー %1',
 'Login attempt (%1)': 'ログインの試み（%1）',
 'Terminal %1': '端末 %1',
 'Terminal enrollment attempt (%1)': '端末登録の試み（%1）',
 'System (automatic)': 'システム（自動処理）',
 'System (subsidy programme file)': 'システム（補助事業ファイル）',
 'System (%1)': 'システム（%1）',
 'Server command line': 'サーバーのコマンド',
 'User name (e.g. admin)': 'ユーザー名（例: admin）',
 # ErrorText: audited changes per user and minute
 'Too many changes in a short time. Wait a minute, then try again.':
   '短い時間に変更が多すぎます。1分ほど待ってからもう一度お試しください。',
 # ErrorText: one verification of the audit log at a time
 'Someone else is verifying the audit log right now. Try again when it has finished.':
   'ほかの方が監査ログを検査しています。終わってからもう一度お試しください。',
 # ErrorText: a check or a user gone meanwhile
 'This check is no longer on the server (its retention period may have ended). Refresh the list.':
   'この確認結果はサーバーにありません（保存期間が終わった可能性があります）。一覧を更新してください。',
 'This user no longer exists on the server. Refresh the list.': 'このユーザーはサーバーにありません。一覧を更新してください。',
 # EnrollmentTokenDialog
 'The QR code could not be drawn. Copy the enrollment bundle below and paste it on the terminal.':
   'QRコードを表示できませんでした。下の登録用の文字列をコピーして、端末に貼り付けてください。',
 # SubsidiesPage: deleting a draft's receipt
 '&Delete receipt…': '領収書を削除(&D)…',
 'Delete receipt': '領収書の削除',
 'Delete %1 from this claim?': '%1 をこの申請から削除しますか？',
 'The file is removed from the server. The audit trail keeps its name and SHA-256.':
   'ファイルはサーバーから削除されます。監査ログにはファイル名とSHA-256が残ります。',
 'SubsidiesPage|Delete': '削除する',
 'Deleting %1…': '%1 を削除しています…',
 '%1 was not deleted: %2': '%1 は削除できませんでした：%2',
 '%1 was deleted from the claim.': '%1 を申請から削除しました。',
 'Receipt deleted': '領収書の削除',
 'This claim already holds as many receipt files as it may. Delete a file that is not needed, then upload again.':
   'この申請に添付できる領収書ファイルの上限に達しています。不要なファイルを削除してから、もう一度アップロードしてください。',
 'The receipt is no longer on the claim. Refresh the list.': 'この領収書は申請にありません。一覧を更新してください。',
 # SubsidyLabels: refusals of a claim's edits (server/subsidy/claim_store.cpp)
 'This site already has a claim under this programme. Open that claim from the list instead.':
   'この店舗には、この補助事業の申請がすでにあります。一覧からその申請を開いてください。',
 'The claim no longer exists. Refresh the list.': 'この申請は見つかりません。一覧を更新してください。',
 'A claim stays with its site. Make a new claim for the other site.':
   '申請の店舗は変更できません。別の店舗の分は新しい申請として作成してください。',
 'A claim has at most 100 items.': '1件の申請に登録できる明細は100件までです。',
 "An item's category is not one of the programme's. Choose it again from the list.":
   'この補助事業の対象にない区分の明細があります。一覧から区分を選び直してください。',
 "Each item's amount is a whole number of yen above zero.": '明細の金額は1円以上の整数（円単位）で入力してください。',
 'A description, note or file name is too long (descriptions and notes at most 1,000 bytes, about 330 full-width characters).':
   '内容・備考・ファイル名が長すぎます（内容と備考は1,000バイト、全角で約330文字まで）。',
 'A description, note or file name holds a character that cannot be shown (a control character or a direction mark). Type it again without copying it from elsewhere.':
   '内容・備考・ファイル名に表示できない文字（制御文字や文字の向きを変える記号）が含まれています。ほかの場所から貼り付けずに入力し直してください。',
 'An item names a terminal that is not registered at this site. Choose it again.':
   'この店舗に登録されていない端末を指定した明細があります。端末を選び直してください。',
 'The decision date is before the filing date. Check both dates.': '決定日が申請日より前になっています。両方の日付を確認してください。',
 'The granted amount must be between 0 yen and the most this claim can receive.':
   '交付額は0円からこの申請の上限額までの範囲で入力してください。',
 # SubsidyLabels: reasons a claim's warnings carry
 "This programme does not cover the site's kind of facility.": 'この補助事業は、この店舗の施設種別を対象としていません。',
 'An item has an amount below zero.': '金額がマイナスの明細があります。',
 "The programme's terms cannot be applied. Tell the system administrator.": '補助事業の条件を適用できません。システム管理者に連絡してください。',
 'This needs checking. Tell the system administrator (%1).': '確認が必要です。システム管理者に連絡してください（%1）。',
 # Labels::AuditEvent
 'Missing sequence numbers closed (results no longer on the terminal)': '欠番の確定（端末に残っていない結果）',
 # ErrorText
 "The server's database did not answer in time, so the operation was cancelled. Try again in a few minutes; for a search, narrow the period or the conditions.":
   'サーバーのデータベースが時間内に応答しなかったため、処理を取り消しました。数分後に再度お試しください。検索の場合は期間や条件を絞ってください。',
 "The server's certificate cannot be verified. Give the console HQ's CA certificate (ca.pem): place it at /etc/kakunin/ca.pem, or start the console with --ca FILE.": 'サーバーの証明書を確認できません。本部のCA証明書（ca.pem）を /etc/kakunin/ca.pem に置くか、--ca で指定してコンソールを起動してください。',
 'You may not do this: your role, or the stores you are responsible for, do not allow it. Ask an HQ administrator.': 'この操作を行う権限がありません（役割または担当店舗の範囲外です）。本部管理者に確認してください。',
 'This store or terminal is outside the stores you are responsible for. Refresh the list, or ask an HQ administrator.': 'この店舗・端末は担当範囲外のため操作できません。一覧を更新するか、本部管理者に確認してください。',
 'Enter a user name.': 'ユーザー名を入力してください。',
 'A user name has at most 64 bytes (about 21 full-width characters) and no control characters.':
   'ユーザー名は64バイト（全角で約21文字）以内で、制御文字は使えません。',
 'A display name has at most 200 bytes (about 66 full-width characters).':
   '表示名は200バイト（全角で約66文字）以内で入力してください。',
 "The programme does not accept claims yet on that filing date. Check the filing date and the programme's opening date.":
   '申請日の時点では、この補助事業の受付はまだ始まっていません。申請日と補助事業の受付開始日を確認してください。',
 'The filing date is after today.': '申請日が今日より後の日付になっています。',
 "The day's summary has not been made yet. Look again after the summary time.":
   'この日の集計はまだ作成されていません。集計時刻を過ぎてから再度表示してください。',
 'Could not save the export file: the destination is not writable, or the disk is full. Choose another folder.':
   '書き出しファイルを保存できませんでした。保存先に書き込む権限がないか、空き容量が足りません。別のフォルダーを選んでください。',
 'The server could not complete the operation. Try again later; if it goes on, contact the system administrator.':
   'サーバーで処理を完了できませんでした。時間をおいて再度お試しください。続く場合はシステム管理者に連絡してください。',
 'The server did not accept a value (out of range or in the wrong form). Check the entries.':
   'サーバーが入力された値を受け付けませんでした（範囲外か形式の誤り）。入力内容を確認してください。',
 'The server does not support this function. Update the server.':
   'サーバーがこの機能に対応していません。サーバーを更新してください。',
 'The data is too large, or the server is busy. Narrow the search or use a smaller file, and try again later; if it goes on, contact the system administrator.':
   'データが大きすぎるか、サーバーが混み合っています。検索条件を絞るか小さいファイルにして、時間をおいて再度お試しください。続く場合はシステム管理者に連絡してください。',
 'The server did not accept this operation. Check the entries; if it goes on, contact the system administrator.':
   'サーバーがこの操作を受け付けませんでした。入力内容を確認し、続く場合はシステム管理者に連絡してください。',
 # Labels::AuditEvent
 'Check refused (unusable sequence number)': '確認結果の受付拒否（通し番号が不正）',
 'One visual check allowed': '目視確認を1回許可',
 'Visual check permission not accepted': '目視確認の許可が無効（期限切れ・使用済みなど）',
 'Terminal route changed': '端末の資格確認経路の変更',
 'Terminal enrollment refused': '端末登録の拒否',
 'Login attempts held back': 'ログイン試行の一時制限',
 'Login to a locked account': 'ロック中のアカウントへのログイン',
 'Site imported (CSV)': '店舗の一括登録（CSV）',
 "Eligibility terminal's certificate recorded": '資格確認端末の証明書期限の登録',
 'Onboarding stage saved': '導入状況の更新',
 'Subsidy claim created': '補助金申請の作成',
 'Subsidy claim changed': '補助金申請の変更',
 'Subsidy claim state changed': '補助金申請の状態変更',
 'Receipt uploaded': '領収書のアップロード',
 'Subsidy programme saved': '補助事業の保存',
 'Subsidy programmes loaded from file': '補助事業のファイルからの読み込み',
 # ResultDetailDialog: an answer's other records (QualificationValidity 3 and 5)
 'ResultDetailDialog|%1 %2, %3 / %4 / %5, valid %6 to %7': '%1 %2、%3 / %4 / %5、有効期間 %6 〜 %7',
 'ResultDetailDialog|, lost on %1': '、%1 資格喪失',
 'ResultDetailDialog|Other record %1': 'ほかの資格 %1',
 # ResultDetailDialog: the check's other sealed fields (CheckResult 12-18)
 'ResultDetailDialog|Check record (shown within the re-view window only)': '確認の記録（再閲覧期間内のみ表示）',
 'ResultDetailDialog|Staff at the counter': '窓口の担当者',
 'ResultDetailDialog|Certificate valid until': '電子証明書の有効期限',
 'ResultDetailDialog|%1 (expired, within the grace period)': '%1（期限切れ・猶予期間中）',
 'ResultDetailDialog|Expired, within the grace period': '期限切れ（猶予期間中）',
 'ResultDetailDialog|Certificate (SHA-256)': '電子証明書（SHA-256）',
 "ResultDetailDialog|SHA-256 of the card's user certificate: %1": 'カードの利用者証明用電子証明書のSHA-256: %1',
 'ResultDetailDialog|Certificate SHA-256 (whole)': '電子証明書のSHA-256（全体）',
 'ResultDetailDialog|Insurer on the checkup ticket': '受診券の保険者番号',
 "ResultDetailDialog|Checkup ticket's insurer": '受診券の保険者',
 "ResultDetailDialog|Matches the patient's insurer": '患者さんの保険者と一致しました',
 "ResultDetailDialog|Does not match the patient's insurer": '患者さんの保険者と一致しませんでした',
 "ResultDetailDialog|Eligibility service's error": '資格確認サービスのエラー内容',
 'ResultDetailDialog|%1… (the first %2 of %3 characters)': '%1…（全%3文字のうち最初の%2文字）',
 # FailureReportPage: a terminal that made more groups than the report reads
 'Terminals sent more different reader names and reasons than the report reads: only the most frequent are counted (%1 of %2 card checks). Look for a terminal that sends unusual reader names.':
   '端末から届いたカードリーダー名とエラーの種類が多すぎるため、件数の多いものだけを集計しています（カード確認 %2 件のうち %1 件）。見慣れないリーダー名を送っている端末がないか確認してください。',
 # DeviceHealth: the terminals table's 「リーダーと結果」 column and its tooltip
 'Reader and results': 'リーダーと結果',
 'Card reader not found': 'カードリーダーが見つかりません',
 'Results cannot be saved': '結果を保存できません',
 'Results cannot be read': '結果を読み出せません',
 'Unknown state reported': '不明な状態の報告',
 'DeviceHealth|, ': '、',
 'DeviceHealth|OK': '正常',
 'Since %1. Ask the store to check that the card reader is plugged in (USB cable); until it is, the store checks insurance with documents.':
   '%1 から。店舗に、カードリーダーが接続されているか（USB ケーブル）確認してもらってください。つながるまで、店舗では書類で資格を確認します。',
 "Since %1. %n check(s) are held in the terminal's memory only and are lost if it is shut down. Ask the store not to shut it down, and have the terminal's disk space and outbox.db checked (kakunin-agent status).":
   ['%1 から。%n件の確認結果が端末のメモリーにしかなく、電源を切ると失われます。店舗に電源を切らないよう伝え、端末のディスクの空きと outbox.db を確認してください（kakunin-agent status）。'],
 'Since %1. The terminal keeps its results but cannot send them to HQ. Have its outbox.db checked (kakunin-agent status).':
   '%1 から。端末は結果を保存していますが、本部に送れません。端末の outbox.db を確認してください（kakunin-agent status）。',
 'The terminal reported a state this server does not know (a newer agent, or a fault). Check the terminal with kakunin-agent status.':
   '端末が、このサーバーの知らない状態を報告しました（新しい版のエージェント、または故障）。端末で kakunin-agent status を確認してください。',
 # DeviceHealth: a terminal HQ does not hear now shows its last report, not highlighted
 "Terminal's newer certificate taken (HQ's data was older, e.g. restored)":
   '端末の新しい証明書を採用（本部のデータが古かったため。復元の後など）',
 'DeviceHealth|%1 (last report)': '%1（最後の報告）',
 "The terminal's last report (%1). It is not connected to HQ now, so this may have changed.":
   '端末からの最後の報告です（%1）。いまは本部につながっていないため、状態が変わっているかもしれません。',
 # BackupWarning: the dashboard's warning to HQ's administrators about HQ's own backups
 'No backup of HQ has ever been taken. On HQ\'s server, create the passphrase file /etc/kakunin/backup.pass (see "Backup and restore" in the deployment guide), then check that the nightly backup runs with journalctl -u kakunin-backup.':
   'バックアップがまだ一度も取られていません。本部のサーバーでパスフレーズのファイル /etc/kakunin/backup.pass を作り（手順は導入ガイドの「Backup and restore」）、夜間のバックアップが動いているかを journalctl -u kakunin-backup で確認してください。',
 "The last backup was %n day(s) ago (%1). The nightly backup is failing: on HQ's server, see why with journalctl -u kakunin-backup (for example, the passphrase file /etc/kakunin/backup.pass is missing).":
   ['最後のバックアップは%n日前です（%1）。夜間のバックアップが失敗しています。本部のサーバーで journalctl -u kakunin-backup を実行して原因を確認してください（例: パスフレーズのファイル /etc/kakunin/backup.pass がない）。'],
 # RevokeDeviceDialog: a terminal with results it has not sent yet
 "This terminal last reported %n result(s) not yet sent to HQ (%1). Once it is revoked they can never be sent. If the PC still works, connect it and let it send them first (kakunin-agent status shows what waits).":
   ['この端末は、本部にまだ送っていない結果が%n件あると最後に報告しました（%1）。失効すると、これらは二度と送れません。パソコンがまだ使えるなら、先に本部につないで送らせてください（待っている結果は kakunin-agent status で確認できます）。'],
 'Revoke anyway: its unsent results will not reach HQ': 'それでも失効する（未送信の結果は本部に届きません）',
 'time unknown': '時刻不明',
}
