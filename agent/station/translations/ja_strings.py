# Japanese for every staff-window string (source text -> translation), applied to the .ts by
# fill_ts.py after lupdate. Context-specific entries are keyed "Context|source".
JA = {
 # DocumentDialog
 'Confirm with a document': '書類で資格を確認',
 'Record the document the patient showed. Never turn a patient away: if this document is not valid, ask for another one.':
   '患者さんが提示した書類を記録します。患者さんをお断りしないでください。この書類が有効でない場合は、別の書類をお願いしてください。',
 '&Document': '書類(&D)',
 'Issue date printed': '交付日の記載あり',
 '&Issued on': '交付日(&I)',
 'Expiry printed': '有効期限の記載あり',
 '&Expires on': '有効期限(&E)',
 'Late-elderly (後期高齢者) card': '後期高齢者医療の被保険者証',
 'Insurer number': '保険者番号',
 'Symbol': '記号',
 'Number': '番号',
 'Branch': '枝番',
 '&Note': 'メモ(&N)',
 'Record': '記録する',
 'Enter the date of birth.': '生年月日を入力してください。',
 'Enter the expiry date printed on the eligibility certificate.': '資格確認書に記載の有効期限を入力してください。',
 # ErrorText
 "Switch to the visual check (F3) and compare the patient with the card's photo.":
   '目視確認に切り替え（F3）、カードの顔写真とご本人を見比べてください。',
 "HQ's setting does not let this terminal switch to the visual check: ask your administrator, or confirm with a document (F6).":
   '本部の設定により、この端末では目視確認に切り替えられません。管理者に連絡するか、書類で確認してください（F6）。',
 'The PIN is wrong. %n try(s) left. Ask the patient to enter it again slowly.':
   ['暗証番号が違います。残り%n回です。患者さんにもう一度ゆっくり入力してもらってください。'],
 'The PIN is wrong, and only one try is left: it is not used here, as one more mistake would lock the card. ':
   '暗証番号が違います。残り1回のため、ここでは照合しません（もう一度間違えるとカードがロックされます）。',
 'The PIN is wrong. Ask the patient to enter it again slowly.':
   '暗証番号が違います。患者さんにもう一度ゆっくり入力してもらってください。',
 'Only one PIN try is left, so the PIN was not sent: one more mistake would lock the card. ':
   '暗証番号の残り回数が1回のため、照合しませんでした（もう一度間違えるとカードがロックされます）。',
 "The card's PIN is locked. Only the city office can unlock it; tell the patient. ":
   'カードの暗証番号がロックされています。解除は市区町村の窓口でのみできることを患者さんにお伝えください。',
 'The PIN was typed in full-width digits. Switch the input to half-width and ask the patient to enter it again.':
    '暗証番号が全角数字で入力されました。入力を半角に切り替えて、患者さんにもう一度入力してもらってください。',
 'The card stopped answering. Take it off the reader, wait a moment, and put it back. If it happens again, clean the contacts or use another reader.':
    'カードが応答しなくなりました。カードをリーダーから外し、少し待ってからもう一度置いてください。繰り返す場合は接触面を拭くか、別のリーダーをお使いください。',
 'The PIN has exactly 4 digits. Ask the patient to enter it again.':
   '暗証番号は4桁の数字です。患者さんにもう一度入力してもらってください。',
 'This card has no electronic certificate (or is not a My Number Card). Confirm with a document (F6).':
   'このカードには電子証明書がありません（またはマイナンバーカードではありません）。書類で確認してください（F6）。',
 'The card cannot be read. Place it flat on the reader again (away from metal and without a case). If it fails again, confirm with the Mynaportal screen or the eligibility notice (F6).':
   'カードを読み取れません。ケースから出して、金属から離し、リーダーに平らに置き直してください。再び失敗する場合は、マイナポータルの画面か資格情報のお知らせで確認してください（F6）。',
 'The reader does not support extended APDUs. Replace it with a compliant reader. Until then, confirm with a document (F6).':
   'このカードリーダーではマイナンバーカードを読み取れません。対応機種に交換してください。交換までは書類で確認してください（F6）。',
 "No card reader is connected. Check the reader's USB cable, then try again.":
   'カードリーダーが接続されていません。リーダーのUSBケーブルを確認して、もう一度お試しください。',
 'The card service of this terminal is not running. Restart the terminal; if it goes on, call your administrator.':
   'この端末のカードサービスが動いていません。端末を再起動し、直らない場合は管理者に連絡してください。',
 'No card was placed. Place the card on the reader and start again (Enter).':
   'カードが置かれませんでした。カードをリーダーに置いて、もう一度開始してください（Enter）。',
 'The card left the reader during the check. Keep it on the reader until the result appears, and start again (Enter).':
   '確認中にカードがリーダーから離れました。結果が出るまでカードを置いたまま、もう一度開始してください（Enter）。',
 'The reader is being used by another check. Wait until it ends, then start again.':
   'リーダーは別の確認で使用中です。終わるまで待ってから、もう一度開始してください。',
 'The eligibility service did not answer. Confirm with the Mynaportal screen or the eligibility notice and the card (F6), and try again later.':
   '資格確認サービスから応答がありません。マイナポータルの画面、または資格情報のお知らせとカードで確認し（F6）、後でもう一度お試しください。',
 "HQ's setting does not allow this identity mode at this terminal. Use the mode HQ set, or confirm with a document (F6).":
   '本部の設定により、この端末ではこの本人確認の方法を使えません。本部の設定した方法を使うか、書類で確認してください（F6）。',
 'HQ does not allow this route at this site. Choose another route (F4) or ask your administrator.':
   '本部の設定により、この店舗ではこの動線は使えません。別の動線を選ぶか（F4）、管理者に連絡してください。',
 'This terminal is not registered with HQ. Call your administrator.':
   'この端末は本部に登録されていません。管理者に連絡してください。',
 'The terminal could not save the result. Do not repeat the check; call your administrator.':
   '端末に結果を保存できませんでした。確認を繰り返さず、管理者に連絡してください。',
 'The check was cancelled.': '確認を中止しました。',
 'The check took too long and was stopped. Start again (Enter).':
   '確認に時間がかかりすぎたため中止しました。もう一度開始してください（Enter）。',
 'The check service of this terminal is not answering. Wait a moment; if this stays, restart the terminal or call your administrator.':
   'この端末の常駐サービスが応答しません。少しお待ちください。続く場合は端末を再起動するか、管理者に連絡してください。',
 'Some entries are not valid. Check them and try again.':
   '入力内容に誤りがあります。確認して、もう一度お試しください。',
 'The check could not be completed. Try again; if it fails again, confirm with a document (F6) and call your administrator.':
   '確認を完了できませんでした。もう一度お試しください。再び失敗する場合は書類で確認し（F6）、管理者に連絡してください。',
 # ErrorText: the on-site eligibility terminal's folders (資格確認端末)
 'The on-site eligibility terminal did not answer in time. Its answer is recorded when it comes. Check that the terminal is on, or confirm with a document (F6).':
   '資格確認端末から時間内に応答がありませんでした。応答は届きしだい記録されます。資格確認端末の電源が入っているか確認するか、書類で確認してください（F6）。',
 "The on-site eligibility terminal answered with an error. Check the entries and the terminal's screen; if it happens again, confirm with a document (F6).":
   '資格確認端末からエラーが返りました。入力内容と資格確認端末の画面を確認してください。繰り返す場合は書類で確認してください（F6）。',
 "The on-site eligibility terminal's shared folder cannot be reached. Check that the terminal is on and its folder is connected, then try again.":
   '資格確認端末の共有フォルダーに接続できません。資格確認端末の電源が入っていて、フォルダーがつながっているか確認してから、もう一度お試しください。',
 "The on-site terminal's answer could not be used (it was kept for the administrator). Try again; if it fails again, confirm with a document (F6).":
   '資格確認端末からの応答を使えませんでした（応答は管理者用に保存してあります）。もう一度お試しください。再び失敗する場合は書類で確認してください（F6）。',
 'At this site the face-recognition card reader reads the cards, and its results appear here by themselves. Use this terminal for re-inquiries and documents.':
   'この店舗では顔認証付きカードリーダーでカードを読み取り、その結果はこの画面に自動で表示されます。この端末は再照会と書類での確認にお使いください。',
 'The document has expired. Ask for another document (Mynaportal screen, eligibility notice with the card).':
   '書類の有効期限が切れています。別の書類（マイナポータルの画面、資格情報のお知らせとカード）をお願いしてください。',
 'Legacy health insurance cards are no longer valid (last day 2025-12-01). Ask for the eligibility certificate or the card with the Mynaportal screen.':
   '従来の健康保険証は、経過措置の期限（2025年12月1日）を過ぎたため使えません。資格確認書、またはカードとマイナポータルの画面をお願いしてください。',
 'Enter the expiry date printed on the document.': '書類に記載の有効期限を入力してください。',
 'The expiry is more than 5 years after the issue date. Check both dates on the document.':
   '有効期限が交付日から5年を超えています。書類の両方の日付を確認してください。',
 'The eligibility notice is valid only together with the My Number Card. Ask for the card as well.':
   '資格情報のお知らせはマイナンバーカードと一緒の場合のみ有効です。カードもお願いしてください。',
 'The temporary concession has ended. Ask for the My Number Card with the notice, or the eligibility certificate.':
   '暫定的な取扱いは終了しました。マイナンバーカードと資格情報のお知らせ、または資格確認書をお願いしてください。',
 'The document could not be accepted. Ask for another document; never turn the patient away.':
   'この書類では確認できません。別の書類をお願いしてください。患者さんをお断りしないでください。',
 # Labels
 'Visual check': '目視確認',
 'PIN': '暗証番号',
 'Not recorded': '記録なし',
 'Counter': '窓口',
 'Home visit (regular)': '訪問診療・訪問服薬指導',
 'House call': '往診',
 'Online consultation': 'オンライン診療・服薬指導',
 'Ward': '病棟',
 'Fever clinic': '発熱外来',
 'Drive-through': 'ドライブスルー',
 'Face-recognition reader out of order': '顔認証付きカードリーダー故障時',
 'My Number Card': 'マイナンバーカード',
 'Re-inquiry by insured number': '被保険者番号による再照会',
 'Face-recognition card reader': '顔認証付きカードリーダー',
 'Face-recognition card reader (on-site terminal)': '顔認証付きカードリーダー（資格確認端末）',
 'Document': '書類',
 'Eligible': '資格有効',
 'Coverage lost': '資格喪失',
 'No coverage found': '該当資格なし',
 'Card not registered for health insurance': 'マイナ保険証の利用登録なし',
 'Card certificate expired': '電子証明書の有効期限切れ',
 'Card certificate revoked': '電子証明書の失効',
 'Confirmed by document': '書類で確認済み',
 'Document not valid': '書類が有効ではありません',
 'Check not completed': '確認できませんでした',
 'Several coverages': '複数の資格あり',
 'Unknown': '不明',
 'Male': '男',
 'Female': '女',
 'Not set': '未設定',
 'Eligibility certificate': '資格確認書',
 'My Number Card + eligibility notice': 'マイナンバーカード＋資格情報のお知らせ',
 'My Number Card + Mynaportal screen': 'マイナンバーカード＋マイナポータル画面',
 'Health insurance card (legacy)': '健康保険証（従来の保険証）',
 'Eligibility notice alone': '資格情報のお知らせのみ',
 'Death': '死亡',
 'Public assistance began': '生活保護の開始',
 'Joined another insurance': '他の保険の資格取得',
 'Other': 'その他',
 'Not given': '記載なし',
 'Code %1': 'コード %1',
 'Insured person': '本人',
 'Family member': '家族',
 '%1-%2-%3': '%1年%2月%3日',
 '%1 %2:%3': '%1 %2:%3',
 # PinPadDialog
 'PIN entry': '暗証番号の入力',
 'Please enter the 4-digit PIN of your My Number Card.': 'マイナンバーカードの暗証番号（数字4桁）を入力してください。',
 'Tries left: %n': ['残り回数: %n回'],
 'Tries left: shown after the card is read': '残り回数: カードの読み取り後に表示します',
 'Use the visual check instead': '目視確認に切り替える',
 'Cancel (Esc)': 'キャンセル（Esc）',
 'OK (Enter)': '決定（Enter）',
 "Only one try is left. To keep the card from locking, the PIN cannot be used now. Staff will check your identity by the card's photo.":
   '残り1回です。カードがロックされないよう、今回は暗証番号を使えません。職員がカードの顔写真でご本人を確認します。',
 "The PIN is locked. It can be unlocked at the city office. Staff will check your identity by the card's photo.":
   '暗証番号がロックされています。解除は市区町村の窓口でできます。職員がカードの顔写真でご本人を確認します。',
 "Only one try is left. To keep the card from locking, the PIN cannot be used now. Staff will confirm your identity another way.":
   '残り1回です。カードがロックされないよう、今回は暗証番号を使えません。職員がほかの方法でご本人を確認します。',
 "The PIN is locked. It can be unlocked at the city office. Staff will confirm your identity another way.":
   '暗証番号がロックされています。解除は市区町村の窓口でできます。職員がほかの方法でご本人を確認します。',
 'Delete': '訂正',
 # RecentModel / ResultCard shared
 'Checked at': '確認日時',
 'Result': '結果',
 'Name': '氏名',
 'Identity': '本人確認',
 'Route': '動線',
 'Based on': '確認の方法',
 'Viewable until': '閲覧期限',
 # RecheckDialog
 'Home visit: re-inquiry': '訪問時の再照会',
 'For later visits of a regular home visit: enter the insured number taken at the first visit and the date of birth.':
   '継続的な訪問（訪問診療・訪問服薬指導）の2回目以降: 初回訪問時に控えた被保険者番号等と生年月日を入力してください。',
 '&Insurer number': '保険者番号(&I)',
 '&Symbol': '記号(&S)',
 '&Number': '番号(&N)',
 '&Branch': '枝番(&B)',
 '&Date of birth': '生年月日(&D)',
 'Re-inquire': '再照会する',
 'Enter the insurer number (6 or 8 digits).': '保険者番号（6桁または8桁）を入力してください。',
 'The insurer number has 6 or 8 digits.': '保険者番号は6桁または8桁です。',
 "The insurer number's last digit should be %1. Check for a typo.": '保険者番号の最後の桁は %1 のはずです。入力ミスがないか確認してください。',
 'Enter the insured number.': '被保険者番号を入力してください。',
 # ResultCard
 'Patient': '患者',
 'Name (kana)': '氏名カナ',
 'Sex': '性別',
 'Date of birth': '生年月日',
 'Postal code': '郵便番号',
 'Address': '住所',
 'Insurance': '保険',
 'Insurer': '保険者名称',
 'Insurance type': '保険の種類',
 'Card class': '被保険者証区分',
 'Symbol / number / branch': '記号・番号・枝番',
 'Insured / family': '本人・家族',
 'Co-payment': '負担割合',
 'Coverage acquired': '資格取得日',
 'Valid from / to': '有効開始日〜終了日',
 'Coverage lost on': '資格喪失日',
 'Reason of loss': '喪失事由',
 'Medical aid (public assistance)': '医療扶助（医療券）',
 'Payer number': '公費負担者番号',
 'Recipient number': '公費受給者番号',
 'Designated institution': '指定医療機関',
 'Document seen': '確認した書類',
 'Issued / expires': '交付日 / 有効期限',
 'Late-elderly card': '後期高齢者の保険証',
 'Insurer / symbol / number': '保険者番号 / 記号 / 番号 / 枝番',
 'Note': 'メモ',
 'Check record': '確認の記録',
 'Card certificate expires': '電子証明書の有効期限',
 'Insurer on the voucher': '受診券の保険者',
 'Reader': 'リーダー',
 'Staff': '担当者',
 'Record no.': '記録番号',
 'Details for support': 'サポート用の詳細',
 'Reason-of-loss code': '喪失事由コード',
 'Reason id': '理由ID',
 'Check ID': '確認ID',
 'Card ATR': 'カードのATR',
 'Class %1': '区分 %1',
 'The medical aid voucher (医療券) ended on %1, before this check: it does not cover today. Ask the patient for the current voucher, or call the welfare office.':
   '医療券の有効期間は%1で終わっています（確認日より前）。今回の受診には使えません。有効な医療券をお持ちか患者さんに確認するか、福祉事務所に問い合わせてください。',
 'The medical aid voucher (医療券) is valid only from %1: it does not cover today. Ask the patient for the current voucher, or call the welfare office.':
   '医療券の有効期間は%1からです。今回の受診には使えません。有効な医療券をお持ちか患者さんに確認するか、福祉事務所に問い合わせてください。',
 ' (ended before this check)': '（確認日より前に終了）',
 ' (not yet valid on this check)': '（確認日はまだ有効期間前）',
 'Card operations / time': 'カード操作 / 所要時間',
 'Certificate digest': '証明書ダイジェスト',
 '  Co-payment %1': '  負担割合 %1',
 'This coverage ends on %1 (reason: %2): until the day before, this insurer applies; from that day, ask the patient for their new insurance.':
   '%1 に資格を喪失します（事由: %2）。前日まではこの保険者で受付できます。その日からは、新しい保険を患者さんにお尋ねください。',
 'Coverage lost on %1 — reason: %2. Do not bill this insurer; ask the patient for their new insurance.':
   '資格喪失: %1 — 喪失事由: %2。この保険者には請求できません。患者さんに新しい保険をお尋ねください。',
 'Coverage lost on %1 — reason: %2. Do not bill this insurer; the answer names the patient\'s other insurance under "Other records".':
   '資格喪失: %1 — 喪失事由: %2。この保険者には請求できません。患者さんのほかの保険は「ほかの資格」に表示しています。',
 'Medical aid (public assistance): payer %1, recipient %2': '医療扶助（生活保護）の医療券あり: 公費負担者番号 %1、受給者番号 %2',
 'The name contains characters the system cannot show (● or 〓). Check the name on the card by eye before using it.':
   '氏名に表示できない文字（●または〓）があります。この氏名を使う前に、カードの券面で氏名を目で確認してください。',
 'This answer came from the on-site terminal after the re-inquiry had timed out. It replaces the error shown then.':
   'この回答は、再照会が時間切れになった後で資格確認端末から届きました。時間切れのときに表示したエラーに代わる結果です。',
 'Verified by the face-recognition card reader': '顔認証付きカードリーダーで本人確認済み',
 "The card's certificate expired on %1 and is accepted only during the grace period. Ask the patient to renew it at the city office.":
   '電子証明書の有効期限（%1）が切れています。猶予期間中のため確認できました。市区町村の窓口での更新を患者さんにご案内ください。',
 "The insurer on the voucher (%1) does not match the patient's insurer.": '受診券の保険者（%1）と患者さんの保険者が一致しません。',
 'Other records': 'ほかの資格',
 'The insurance asked about has ended, and the answer names the patient\'s new one (under "Other records"). Confirm it with the patient and continue the reception with it.':
   '照会した保険は資格を喪失していますが、回答に患者さんの新しい保険があります（「ほかの資格」に表示）。患者さんに確かめて、新しい保険で受付を続けてください。',
 'The service also names the patient\'s new insurance: %1, shown under "Other records". Confirm it with the patient and use it instead.':
   '照会の回答には、患者さんの新しい保険「%1」もあります（「ほかの資格」に表示）。患者さんに確かめて、新しい保険で受け付けてください。',
 'The patient is covered by more than one insurance at once (also: %1, shown under "Other records"). Ask the patient which one to use today.':
   '患者さんは同時に複数の保険に加入しています（ほかに「%1」。「ほかの資格」に表示）。今回どちらの保険を使うか患者さんに確かめてください。',
 'Insurer: %1 (%2)': '保険者: %1（%2）',
 'Symbol / number / branch: %1 / %2 / %3  %4  Co-payment %5': '記号・番号・枝番: %1 / %2 / %3　%4　負担割合 %5',
 'Valid from / to: %1 – %2': '有効期間: %1 〜 %2',
 '  (coverage lost on %1)': '（%1 資格喪失）',
 '%1 / %2 / %3': '%1 / %2 / %3',
 '%1 – %2': '%1 〜 %2',
 '%1 / %2': '%1 / %2',
 'Yes': 'はい',
 'No': 'いいえ',
 '%1 / %2 / %3 / %4': '%1 / %2 / %3 / %4',
 'PIN entered by the patient': '暗証番号（患者さんが入力）',
 'Visual check of the face photo by staff': '目視確認（職員が顔写真で確認）',
 ' (expired, in grace period)': '（期限切れ・猶予期間中）',
 '%1 (%2)': '%1（%2）',
 'matches': '一致',
 'does not match': '不一致',
 ' (no extended APDU)': '（マイナンバーカード非対応の機種）',
 '%1 APDU / %2 ms': '%1 APDU / %2 ミリ秒',
 # StationWindow
 'Checking the card and the PIN… keep the card on the reader (Esc to cancel)': 'カードと暗証番号を確認しています… カードはそのまま置いてください（Escで中止）',
 'Place the card on the reader — reading… (Esc to cancel)': 'カードをリーダーに置いてください — 読み取り中…（Escで中止）',
 'This card is not registered for use as a health insurance card. Ask for the eligibility certificate the patient was sent, or another document; the patient can register the card later, for example on Mynaportal.':
   'このカードは健康保険証としての利用登録がされていません。お手元に届いている資格確認書か、ほかの書類をお願いしてください。利用登録は、あとで患者さんご自身がマイナポータルなどでできます。',
 'What was typed could not be recorded (see above). Open the document form again and correct it; the document itself was not judged.':
   '入力した内容を記録できませんでした（上の説明を参照）。書類の入力画面をもう一度開いて直してください。書類そのものはまだ判定していません。',
 "The check is done. Read the notes below before you continue with the patient's reception.":
   '確認は完了です。下の注意事項を確認してから、受付を進めてください。',
 "The terminal's service is not answering. Check the patient's documents by eye and continue; record them with F6 once it is back.":
   '常駐サービスが応答しません。書類を目で確認して受付を進め、復旧したら「書類で確認（F6）」で記録してください。',
 'A late answer to a re-inquiry has arrived (checked %1).': '再照会への遅れた回答が届きました（確認日時 %1）。',
 'A new result has arrived from the face-recognition card reader (checked %1).': '顔認証付きカードリーダーから新しい結果が届きました（確認日時 %1）。',
 'A past check (checked %1). Esc returns to the counter.': '過去の確認結果です（確認日時 %1）。Esc で受付の画面に戻ります。',
 'Next patient: place the card on the reader (Enter)': '次の患者さん: カードをリーダーに置いてください（Enter）',
 'Place the card on the reader': 'カードをリーダーに置いてください',
 'Reading the card… keep it on the reader (Esc to cancel)': 'カードを読み取っています… カードはそのまま置いてください（Escで中止）',
 'Connect the card reader, or confirm with a document (F6)': 'カードリーダーを接続するか、書類で確認してください（F6）',
 'The card is still on the reader: hand it back to the patient (Enter checks this card again)':
   'カードがリーダーに置かれたままです。患者さんにお返しください（Enter でこのカードをもう一度確認します）',
 'A card is on the reader. Press Enter to start the check': 'リーダーにカードが置かれています。Enterを押して確認を始めてください',
 'Kakunin Station — eligibility check': 'Kakunin 受付端末 — 資格確認',
 "This terminal's checks (viewable until the end of next month) — F8, Enter to open": 'この端末の確認履歴（翌月末まで閲覧可）— F8、Enterで表示',
 'Connecting to the check service…': '常駐サービスに接続しています…',
 'Identity (F3):': '本人確認（F3）:',
 '&Route (F4):': '動線(&R)（F4）:',
 'Start check (Enter)': '確認開始（Enter）',
 'Document (F6)': '書類で確認（F6）',
 'Home-visit re-inquiry (F7)': '訪問の再照会（F7）',
 '(HQ default: %1)': '（本部の既定: %1）',
 '(set by HQ)': '（本部の設定）',
 'No card reader is connected. Check the USB cable.': 'カードリーダーが接続されていません。USBケーブルを確認してください。',
 'Reader: %1 — not usable (no extended APDU)': 'リーダー: %1 — 使用不可（マイナンバーカード非対応）',
 'Reader: %1 — card placed': 'リーダー: %1 — カードあり',
 'Reader: %1 — reading…': 'リーダー: %1 — 読み取り中…',
 'Reader: %1 — ready': 'リーダー: %1 — 準備完了',
 'HQ: connected': '本部: 接続中',
 'HQ: offline': '本部: 未接続',
 'HQ: waiting for approval': '本部: 承認待ち',
 'HQ: terminal revoked': '本部: 失効',
 'HQ: certificate replaced': '本部: 証明書が置き換え済み',
 'HQ: terminal not registered': '本部: 端末の登録なし',
 "HQ has no record of this terminal (HQ's data may have been restored from a backup taken "
 "before it was enrolled). Results are kept on this terminal and are not sent until it is "
 "enrolled again. Contact HQ to enroll it again. Waiting to be sent: %1.":
   '本部にこの端末の登録がありません（本部のデータが、この端末を登録する前のバックアップから'
   '復元された可能性があります）。結果はこの端末に保存されていますが、登録し直すまで本部には'
   '送られません。本部に連絡し、この端末を登録し直してください。送信待ち: %1件',
 'HQ: connected — results kept here': '本部: 接続中（結果は端末に保管中）',
 "HQ's server is older than this terminal, so results are kept here and not sent yet. Checks go on as usual. Ask HQ to update its server. Waiting to be sent: %1.":
   '本部のサーバーがこの端末より古い版のため、結果はまだ送らずにこの端末に保管しています。確認はいつもどおり続けられます。本部にサーバーの更新を依頼してください。未送信: %1件。',
 "This terminal is waiting for HQ's approval. Tell HQ the verification code: %1.":
   '本部の承認待ちです。本部に確認コード「%1」を伝えてください。',
 "This terminal is waiting for HQ's approval. Tell HQ the verification code.":
   '本部の承認待ちです。本部に確認コードを伝えてください。',
 'HQ has revoked this terminal. Results will not be sent. Contact HQ.':
   'この端末は本部で失効されました。結果は送信されません。本部に連絡してください。',
 "HQ replaced this terminal's certificate with a newer one (this PC may have been put back to an "
 "older backup, or copied). Results are kept on this terminal but not sent. Contact HQ. Waiting "
 "to be sent: %1.":
   'この端末の証明書は、本部で新しいものに置き換えられています（以前のバックアップから戻した'
   'パソコンか、この端末の複製の可能性があります）。結果はこの端末に保存されていますが、本部には'
   '送られません。本部に連絡してください。送信待ち: %1件',
 'Results waiting to be sent: %1': '未送信の結果: %1件',
 'Not connected to HQ. Checks go on as usual: results are saved on this terminal and sent automatically when the connection returns. Waiting to be sent: %1.':
   '本部に接続されていません。確認はそのまま続けられます。結果はこの端末に保存され、接続が戻ると自動で送信されます。未送信: %1件。',
 '%1 results are waiting to be sent — more than usual. Check the network cable and tell HQ. Nothing is lost; keep checking.':
   '未送信の結果が%1件あり、通常より多くなっています。ネットワークのケーブルを確認し、本部に連絡してください。結果は失われません。確認は続けてください。',
 ' (reconnecting automatically)': '（自動で再接続しています）',
 'Check service: not reachable': '常駐サービス: 接続できません',
 # NextStepText (issue 19): one sentence and one button after every check
 "The check is done. Continue with the patient's reception.":
   '確認は完了です。このまま受付を進めてください。',
 'Several insurances were found. Ask the patient which one applies today, then continue with the reception.':
   '複数の資格が見つかりました。今日使う保険を患者さんに確かめてから、受付を進めてください。',
 "Continue with the reception, and tell the patient that the card's certificate has expired: it works only until %1, so they should renew it at the city office.":
   'このまま受付を進めてください。カードの電子証明書の有効期限が切れています。使えるのは%1までなので、市区町村の窓口で更新するよう患者さんにお伝えください。',
 "Continue with the reception, and tell the patient that the card's certificate has expired and should be renewed at the city office soon.":
   'このまま受付を進めてください。カードの電子証明書の有効期限が切れているので、早めに市区町村の窓口で更新するよう患者さんにお伝えください。',
 "The card's certificate can no longer be used. Confirm with the eligibility certificate, or the card with the Mynaportal screen or the eligibility notice, and tell the patient to renew the certificate at the city office.":
   'カードの電子証明書は期限切れのため使えません。資格確認書、またはマイナポータルの画面か資格情報のお知らせとカードで確認し、市区町村の窓口で電子証明書を更新するよう患者さんにお伝えください。',
 "Wipe the card's gold contacts, take it out of its case or holder, place it flat on the reader and read it again.":
   'カードの金色の端子を拭き、ケースやホルダーから出して、リーダーに平らに置いてもう一度読み取ってください。',
 'The card cannot be read. Confirm with the Mynaportal screen (or its PDF) or the eligibility notice, together with the card.':
   'カードを読み取れません。マイナポータルの画面（PDFも可）、または資格情報のお知らせと、マイナンバーカードで確認してください。',
 'Place the card on the reader and leave it there until the result appears.':
   'カードをリーダーに置き、結果が出るまでそのままにしてください。',
 'Ask the patient to enter the PIN again, slowly.':
   '患者さんに暗証番号をもう一度ゆっくり入力してもらってください。',
 "The PIN cannot be used. Switch to the visual check and compare the patient with the card's photo.":
   '暗証番号は使えません。目視確認に切り替え、カードの顔写真とご本人を見比べてください。',
 # The branch manager's one-time 目視確認 (issue 19)
 "Waiting for the branch manager's permission. The PIN cannot be used and HQ does not allow the visual check here: ask the branch manager to allow one visual check for this terminal in the console (who allowed it and why is recorded). Meanwhile a document can be used (F6).":
   '店舗責任者の許可を待っています。暗証番号が使えず、この端末では本部の設定で目視確認ができません。店舗責任者に管理コンソールからこの端末の目視確認を1回許可してもらってください（誰がなぜ許可したかは記録されます）。書類での確認もできます（F6）。',
 "The branch manager allowed the visual check once (reason: %1; allowed by %2). Compare the patient with the card's photo, then read the card.":
   '店舗責任者が1回だけ目視確認を許可しました（理由: %1／許可: %2）。カードの顔写真とご本人を見比べてから読み取ってください。',
 "The branch manager's permission has expired unused. Ask the branch manager again, or confirm with a document (F6).":
   '店舗責任者の許可の有効時間が過ぎました。もう一度店舗責任者に許可をもらうか、書類で確認してください（F6）。',
 "The branch manager's permission can no longer be used (it was used once already, or replaced). Ask the branch manager again, or confirm with a document (F6).":
   '店舗責任者の許可はもう使えません（1回使用済み、または新しい許可に置き換え済み）。もう一度店舗責任者に許可をもらうか、書類で確認してください（F6）。',
 'The PIN cannot be used and HQ does not allow the visual check here. Confirm with the Mynaportal screen or the eligibility notice, together with the card.':
   '暗証番号は使えず、本部の設定ではこの端末で目視確認ができません。マイナポータルの画面、または資格情報のお知らせと、マイナンバーカードで確認してください。',
 'No valid insurance was found online. Ask for the eligibility certificate or another document; if the patient has none, the declaration of insured status is the last resort.':
   'オンラインでは有効な資格が確認できませんでした。資格確認書か、ほかの書類をお願いしてください。どれもお持ちでない場合は、最後の手段として被保険者資格申立書を記入していただきます。',
 'Ask for another document (eligibility certificate, or the card with the Mynaportal screen or the eligibility notice); the declaration of insured status is the last resort.':
   'ほかの書類（資格確認書、またはマイナポータルの画面か資格情報のお知らせとカード）をお願いしてください。最後の手段は被保険者資格申立書です。',
 'This reader cannot read My Number Cards (no extended APDU). Tell HQ, who also see it on the reader report; until it is replaced, confirm with a document.':
   'このカードリーダーではマイナンバーカードを読み取れません。本部に連絡してください（本部のリーダー報告にも表示されます）。交換までは書類で確認してください。',
 "Check the reader's USB cable, then read the card again.":
   'リーダーのUSBケーブルを確かめてから、もう一度読み取ってください。',
 'The online check could not be done. Confirm with the Mynaportal screen (or its PDF) or the eligibility notice, together with the card.':
   'オンライン資格確認ができませんでした。マイナポータルの画面（PDFも可）、または資格情報のお知らせと、マイナンバーカードで確認してください。',
 'Start the check again.': 'もう一度確認を始めてください。',
 'Next patient': '次の患者さんへ',
 'Read the card again': 'もう一度読み取る',
 'Read with the visual check': '目視確認で読み取る',
 'Read with the visual check (once)': '目視確認で読み取る（1回のみ）',
 'Confirm with a document (F6)': '書類で確認する（F6）',
 # Labels: date fields (the document dialog, the re-inquiry's birth date)
 'yyyy-MM-dd': 'yyyy年MM月dd日',
 'en': 'ja',
 # StationWindow: the certificate calendar's counter banner (issue 19)
 "This terminal's certificate has expired: results cannot be sent to HQ (they are kept here) — contact HQ":
   'この端末の証明書の有効期限が切れました。本部に結果を送れません（結果はこの端末に保存されます） — 本部に連絡してください',
 "The on-site eligibility terminal's certificate has expired: online eligibility checks cannot be made — contact HQ, and confirm eligibility with documents such as the 資格確認書":
   '資格確認端末の証明書の有効期限が切れました。オンライン資格確認はできません — 本部に連絡し、資格確認書などの書類で確認してください',
 "This terminal's certificate expires today — contact HQ":
   'この端末の証明書の有効期限は今日までです — 本部に連絡してください',
 "The on-site eligibility terminal's certificate expires today — contact HQ":
   '資格確認端末の証明書の有効期限は今日までです — 本部に連絡してください',
 "This terminal's certificate expires in %1 days — contact HQ":
   'この端末の証明書の有効期限まであと %1 日 — 本部に連絡してください',
 "The on-site eligibility terminal's certificate expires in %1 days — contact HQ":
   '資格確認端末の証明書の有効期限まであと %1 日 — 本部に連絡してください',
 # Review: insurer numbers, the home-visit rules and rarer card failures in plain words.
 'The insurer number is not correct. Look at the document and enter it again.':
   '保険者番号が正しくありません。書類を見て入力し直してください。',
 'This terminal has no record of the card check at the first visit, so a re-inquiry is not possible. Confirm with the My Number Card.':
   'この端末には初回訪問時のカード確認の記録がないため、再照会できません。マイナンバーカードで確認してください。',
 "At the first visit the card was checked but the patient's consent was not recorded, so a re-inquiry is not possible. Confirm with the My Number Card and ask for consent.":
   '初回訪問時にカードは確認しましたが、患者さんの同意が記録されていないため、再照会できません。マイナンバーカードで確認し、同意をいただいてください。',
 "The first visit is recorded after today, so a re-inquiry is not possible. Check the terminal's date, and confirm with the My Number Card.":
   '初回訪問の日付が今日より後になっているため、再照会できません。端末の日付を確かめてください。マイナンバーカードで確認してください。',
 'The regular home visits for this patient are recorded as ended, so a re-inquiry is not possible. Confirm with the My Number Card.':
   'この患者さんの定期的な訪問（訪問診療・訪問服薬指導）は終了として記録されているため、再照会できません。マイナンバーカードで確認してください。',
 'A one-off house call (往診) needs the card check every time. Confirm with the My Number Card.':
   '往診では毎回カードでの確認が必要です。マイナンバーカードで確認してください。',
 "The patient's consent does not cover this inquiry (it is before the consent, or after the day following the consultation). Confirm with the My Number Card.":
   '患者さんの同意の範囲外のため照会できません（同意の前か、診療日の翌日を過ぎています）。マイナンバーカードで確認してください。',
 'A re-inquiry is possible only for the later visits of a regular home visit. Confirm with the My Number Card.':
   '再照会ができるのは、定期的な訪問の2回目以降だけです。マイナンバーカードで確認してください。',
 'This is not a My Number Card, or a card this reader cannot read. Check the card; if it is a My Number Card, confirm with a document (F6).':
   'マイナンバーカードではないか、このリーダーで読めないカードです。カードを確かめ、マイナンバーカードの場合は書類で確認してください（F6）。',
 "The card reader reported an unexpected error. Take the card off, unplug the reader's USB cable and plug it in again, then try again. If it goes on, call your administrator.":
   'カードリーダーで予期しないエラーが起きました。カードを外し、リーダーのUSBケーブルを抜いて差し直してから、もう一度お試しください。続く場合は管理者に連絡してください。',
 'The on-site eligibility terminal is still working on the request. Wait a moment, then try again.':
   '資格確認端末がまだ処理中です。少し待ってからやり直してください。',
 'This terminal has no eligibility service set up. Call HQ; until then, confirm with a document (F6).':
   'この端末にはオンライン資格確認の接続先が設定されていません。本部に連絡してください。それまでは書類で確認してください（F6）。',
 'This computer account may not use the check service. Ask your administrator to add it to the kakunin-agent group, then log out and in again.':
   'このパソコンの利用者には常駐サービスを使う権限がありません。管理者に kakunin-agent グループへの追加を依頼し、追加後にログインし直してください。',
 # The clock banner (StationWindow::ApplyStatus)
 '%n days': '%n日',
 '%n hours': '%n時間',
 '%n minutes': '%n分',
 'the disk is full': 'ディスクがいっぱいです',
 'another program holds the results file': 'ほかのプログラムが結果のファイルを使っています',
 'the results file is damaged': '結果のファイルが壊れています',
 'the results file cannot be written': '結果のファイルに書き込めません',
 '%n check(s) could not be saved on this terminal (%1). The results on the screen are valid, and this terminal keeps trying to save them. Do not shut it down; call your administrator.':
   ['%n件の確認結果をこの端末に保存できていません（%1）。画面に表示した結果は有効で、保存できるまで端末が自動で繰り返します。端末の電源を切らずに、管理者に連絡してください。'],
 'The saved results cannot be read (%1), so none is sent to HQ. They are kept on this terminal; keep checking, and call your administrator.':
   '保存した確認結果を読み出せないため（%1）、本部に送れません。結果はこの端末に残っています。確認はそのまま続け、管理者に連絡してください。',
 'the results file cannot be read': '結果のファイルを読めません',
 'The results file of this terminal was damaged and has been repaired: the results that could still be read were moved to a new file, and the damaged file is kept for support. Checks continue; tell your administrator.':
   'この端末の結果のファイルが壊れていたため、修復しました。読み出せた結果は新しいファイルに移し、壊れたファイルはサポートのために残してあります。確認はそのまま続けられます。管理者に連絡してください。',
 '%n result(s) could not be read, and are not sent to HQ.':
   ['%n件の確認結果を読み出せなかったため、本部には送れません。'],
 'HQ did not accept %n result(s) of the last 30 days. They can still be viewed on this terminal. Tell HQ.':
   ['過去30日の確認結果のうち%n件を本部が受け付けませんでした。この端末では引き続き表示できます。本部に連絡してください。'],
 'A date is not valid. Check the dates entered (year, month and day).':
   '日付が正しくありません。入力した日付（年・月・日）を確認してください。',
 "This terminal's institution code (医療機関等コード) from HQ is not valid, so the service cannot be asked. Call HQ; until then, confirm with a document (F6).":
   'この端末に本部が設定した医療機関等コードが正しくないため、資格を照会できません。本部に連絡し、それまでは書類で確認してください（F6）。',
 "This PC's clock is %1 ahead of HQ's. Checks are dated by it, and HQ may refuse them. Keep checking, and ask your administrator to set the clock.":
   'このパソコンの時計が本部より%1進んでいます。確認の日時はこの時計で記録されるため、本部が受け付けない場合があります。確認はそのまま続け、管理者に時計の設定を依頼してください。',
 "This PC's clock is %1 behind HQ's. Checks are dated by it, and HQ may refuse them. Keep checking, and ask your administrator to set the clock.":
   'このパソコンの時計が本部より%1遅れています。確認の日時はこの時計で記録されるため、本部が受け付けない場合があります。確認はそのまま続け、管理者に時計の設定を依頼してください。',
 'An entry is too long: the note takes at most about 340 full-width characters, the symbol and number about 26.':
   '入力が長すぎます。メモは全角で約340文字まで、記号・番号は約26文字までです。',
 'An entry has a line break or a control character. Write each on one line.':
   '入力に改行や制御文字があります。それぞれ1行で入力してください。',
}

# English plural forms for the numerus strings (the English build loads kakunin_station_en.qm).
EN_NUMERUS = {
 'The PIN is wrong. %n try(s) left. Ask the patient to enter it again slowly.':
   ['The PIN is wrong. %n try left. Ask the patient to enter it again slowly.',
    'The PIN is wrong. %n tries left. Ask the patient to enter it again slowly.'],
 'Tries left: %n': ['Tries left: %n', 'Tries left: %n'],
 '%n days': ['%n day', '%n days'],
 '%n hours': ['%n hour', '%n hours'],
 '%n minutes': ['%n minute', '%n minutes'],
}
