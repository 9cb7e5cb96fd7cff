<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
    <context>
        <name>kakunin::station::DocumentDialog</name>
        <message>
            <source>Enter the insurer number (6 or 8 digits).</source>
            <translation>保険者番号（6桁または8桁）を入力してください。</translation>
        </message>
        <message>
            <source>The insurer number has 6 or 8 digits.</source>
            <translation>保険者番号は6桁または8桁です。</translation>
        </message>
        <message>
            <source>The insurer number's last digit should be %1. Check for a typo.</source>
            <translation>保険者番号の最後の桁は %1 のはずです。入力ミスがないか確認してください。</translation>
        </message>
        <message>
            <source>Confirm with a document</source>
            <translation>書類で資格を確認</translation>
        </message>
        <message>
            <source>Record the document the patient showed. Never turn a patient away: if this document is not valid, ask for another one.</source>
            <translation>患者さんが提示した書類を記録します。患者さんをお断りしないでください。この書類が有効でない場合は、別の書類をお願いしてください。</translation>
        </message>
        <message>
            <source>&amp;Document</source>
            <translation>書類(&amp;D)</translation>
        </message>
        <message>
            <source>Issue date printed</source>
            <translation>交付日の記載あり</translation>
        </message>
        <message>
            <source>&amp;Issued on</source>
            <translation>交付日(&amp;I)</translation>
        </message>
        <message>
            <source>Expiry printed</source>
            <translation>有効期限の記載あり</translation>
        </message>
        <message>
            <source>&amp;Expires on</source>
            <translation>有効期限(&amp;E)</translation>
        </message>
        <message>
            <source>Late-elderly (後期高齢者) card</source>
            <translation>後期高齢者医療の被保険者証</translation>
        </message>
        <message>
            <source>Insurer number</source>
            <translation>保険者番号</translation>
        </message>
        <message>
            <source>Symbol</source>
            <translation>記号</translation>
        </message>
        <message>
            <source>Number</source>
            <translation>番号</translation>
        </message>
        <message>
            <source>Branch</source>
            <translation>枝番</translation>
        </message>
        <message>
            <source>&amp;Note</source>
            <translation>メモ(&amp;N)</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>記録する</translation>
        </message>
        <message>
            <source>Cancel (Esc)</source>
            <translation>キャンセル（Esc）</translation>
        </message>
        <message>
            <source>Enter the expiry date printed on the eligibility certificate.</source>
            <translation>資格確認書に記載の有効期限を入力してください。</translation>
        </message>
    </context>
    <context>
        <name>kakunin::station::ErrorText</name>
        <message>
            <source>Switch to the visual check (F3) and compare the patient with the card's photo.</source>
            <translation>目視確認に切り替え（F3）、カードの顔写真とご本人を見比べてください。</translation>
        </message>
        <message>
            <source>HQ's setting does not let this terminal switch to the visual check: ask your administrator, or confirm with a document (F6).</source>
            <translation>本部の設定により、この端末では目視確認に切り替えられません。管理者に連絡するか、書類で確認してください（F6）。</translation>
        </message>
        <message>
            <source>The PIN is wrong, and only one try is left: it is not used here, as one more mistake would lock the card. </source>
            <translation>暗証番号が違います。残り1回のため、ここでは照合しません（もう一度間違えるとカードがロックされます）。</translation>
        </message>
        <message numerus="yes">
            <source>The PIN is wrong. %n try(s) left. Ask the patient to enter it again slowly.</source>
            <translation>
                <numerusform>暗証番号が違います。残り%n回です。患者さんにもう一度ゆっくり入力してもらってください。</numerusform>
            </translation>
        </message>
        <message>
            <source>The PIN is wrong. Ask the patient to enter it again slowly.</source>
            <translation>暗証番号が違います。患者さんにもう一度ゆっくり入力してもらってください。</translation>
        </message>
        <message>
            <source>Only one PIN try is left, so the PIN was not sent: one more mistake would lock the card. </source>
            <translation>暗証番号の残り回数が1回のため、照合しませんでした（もう一度間違えるとカードがロックされます）。</translation>
        </message>
        <message>
            <source>The card stopped answering. Take it off the reader, wait a moment, and put it back. If it happens again, clean the contacts or use another reader.</source>
            <translation>カードが応答しなくなりました。カードをリーダーから外し、少し待ってからもう一度置いてください。繰り返す場合は接触面を拭くか、別のリーダーをお使いください。</translation>
        </message>
        <message>
            <source>The card's PIN is locked. Only the city office can unlock it; tell the patient. </source>
            <translation>カードの暗証番号がロックされています。解除は市区町村の窓口でのみできることを患者さんにお伝えください。</translation>
        </message>
        <message>
            <source>The PIN was typed in full-width digits. Switch the input to half-width and ask the patient to enter it again.</source>
            <translation>暗証番号が全角数字で入力されました。入力を半角に切り替えて、患者さんにもう一度入力してもらってください。</translation>
        </message>
        <message>
            <source>The PIN has exactly 4 digits. Ask the patient to enter it again.</source>
            <translation>暗証番号は4桁の数字です。患者さんにもう一度入力してもらってください。</translation>
        </message>
        <message>
            <source>This card has no electronic certificate (or is not a My Number Card). Confirm with a document (F6).</source>
            <translation>このカードには電子証明書がありません（またはマイナンバーカードではありません）。書類で確認してください（F6）。</translation>
        </message>
        <message>
            <source>The card cannot be read. Place it flat on the reader again (away from metal and without a case). If it fails again, confirm with the Mynaportal screen or the eligibility notice (F6).</source>
            <translation>カードを読み取れません。ケースから出して、金属から離し、リーダーに平らに置き直してください。再び失敗する場合は、マイナポータルの画面か資格情報のお知らせで確認してください（F6）。</translation>
        </message>
        <message>
            <source>This is not a My Number Card, or a card this reader cannot read. Check the card; if it is a My Number Card, confirm with a document (F6).</source>
            <translation>マイナンバーカードではないか、このリーダーで読めないカードです。カードを確かめ、マイナンバーカードの場合は書類で確認してください（F6）。</translation>
        </message>
        <message>
            <source>The reader does not support extended APDUs. Replace it with a compliant reader. Until then, confirm with a document (F6).</source>
            <translation>このカードリーダーではマイナンバーカードを読み取れません。対応機種に交換してください。交換までは書類で確認してください（F6）。</translation>
        </message>
        <message>
            <source>No card reader is connected. Check the reader's USB cable, then try again.</source>
            <translation>カードリーダーが接続されていません。リーダーのUSBケーブルを確認して、もう一度お試しください。</translation>
        </message>
        <message>
            <source>The card service of this terminal is not running. Restart the terminal; if it goes on, call your administrator.</source>
            <translation>この端末のカードサービスが動いていません。端末を再起動し、直らない場合は管理者に連絡してください。</translation>
        </message>
        <message>
            <source>No card was placed. Place the card on the reader and start again (Enter).</source>
            <translation>カードが置かれませんでした。カードをリーダーに置いて、もう一度開始してください（Enter）。</translation>
        </message>
        <message>
            <source>The card left the reader during the check. Keep it on the reader until the result appears, and start again (Enter).</source>
            <translation>確認中にカードがリーダーから離れました。結果が出るまでカードを置いたまま、もう一度開始してください（Enter）。</translation>
        </message>
        <message>
            <source>The card reader reported an unexpected error. Take the card off, unplug the reader's USB cable and plug it in again, then try again. If it goes on, call your administrator.</source>
            <translation>カードリーダーで予期しないエラーが起きました。カードを外し、リーダーのUSBケーブルを抜いて差し直してから、もう一度お試しください。続く場合は管理者に連絡してください。</translation>
        </message>
        <message>
            <source>The reader is being used by another check. Wait until it ends, then start again.</source>
            <translation>リーダーは別の確認で使用中です。終わるまで待ってから、もう一度開始してください。</translation>
        </message>
        <message>
            <source>The on-site eligibility terminal did not answer in time. Its answer is recorded when it comes. Check that the terminal is on, or confirm with a document (F6).</source>
            <translation>資格確認端末から時間内に応答がありませんでした。応答は届きしだい記録されます。資格確認端末の電源が入っているか確認するか、書類で確認してください（F6）。</translation>
        </message>
        <message>
            <source>The on-site eligibility terminal answered with an error. Check the entries and the terminal's screen; if it happens again, confirm with a document (F6).</source>
            <translation>資格確認端末からエラーが返りました。入力内容と資格確認端末の画面を確認してください。繰り返す場合は書類で確認してください（F6）。</translation>
        </message>
        <message>
            <source>The on-site eligibility terminal's shared folder cannot be reached. Check that the terminal is on and its folder is connected, then try again.</source>
            <translation>資格確認端末の共有フォルダーに接続できません。資格確認端末の電源が入っていて、フォルダーがつながっているか確認してから、もう一度お試しください。</translation>
        </message>
        <message>
            <source>The on-site terminal's answer could not be used (it was kept for the administrator). Try again; if it fails again, confirm with a document (F6).</source>
            <translation>資格確認端末からの応答を使えませんでした（応答は管理者用に保存してあります）。もう一度お試しください。再び失敗する場合は書類で確認してください（F6）。</translation>
        </message>
        <message>
            <source>The on-site eligibility terminal is still working on the request. Wait a moment, then try again.</source>
            <translation>資格確認端末がまだ処理中です。少し待ってからやり直してください。</translation>
        </message>
        <message>
            <source>At this site the face-recognition card reader reads the cards, and its results appear here by themselves. Use this terminal for re-inquiries and documents.</source>
            <translation>この店舗では顔認証付きカードリーダーでカードを読み取り、その結果はこの画面に自動で表示されます。この端末は再照会と書類での確認にお使いください。</translation>
        </message>
        <message>
            <source>A date is not valid. Check the dates entered (year, month and day).</source>
            <translation>日付が正しくありません。入力した日付（年・月・日）を確認してください。</translation>
        </message>
        <message>
            <source>This terminal's institution code (医療機関等コード) from HQ is not valid, so the service cannot be asked. Call HQ; until then, confirm with a document (F6).</source>
            <translation>この端末に本部が設定した医療機関等コードが正しくないため、資格を照会できません。本部に連絡し、それまでは書類で確認してください（F6）。</translation>
        </message>
        <message>
            <source>This terminal has no eligibility service set up. Call HQ; until then, confirm with a document (F6).</source>
            <translation>この端末にはオンライン資格確認の接続先が設定されていません。本部に連絡してください。それまでは書類で確認してください（F6）。</translation>
        </message>
        <message>
            <source>The eligibility service did not answer. Confirm with the Mynaportal screen or the eligibility notice and the card (F6), and try again later.</source>
            <translation>資格確認サービスから応答がありません。マイナポータルの画面、または資格情報のお知らせとカードで確認し（F6）、後でもう一度お試しください。</translation>
        </message>
        <message>
            <source>HQ's setting does not allow this identity mode at this terminal. Use the mode HQ set, or confirm with a document (F6).</source>
            <translation>本部の設定により、この端末ではこの本人確認の方法を使えません。本部の設定した方法を使うか、書類で確認してください（F6）。</translation>
        </message>
        <message>
            <source>The branch manager's permission has expired unused. Ask the branch manager again, or confirm with a document (F6).</source>
            <translation>店舗責任者の許可の有効時間が過ぎました。もう一度店舗責任者に許可をもらうか、書類で確認してください（F6）。</translation>
        </message>
        <message>
            <source>The branch manager's permission can no longer be used (it was used once already, or replaced). Ask the branch manager again, or confirm with a document (F6).</source>
            <translation>店舗責任者の許可はもう使えません（1回使用済み、または新しい許可に置き換え済み）。もう一度店舗責任者に許可をもらうか、書類で確認してください（F6）。</translation>
        </message>
        <message>
            <source>HQ does not allow this route at this site. Choose another route (F4) or ask your administrator.</source>
            <translation>本部の設定により、この店舗ではこの動線は使えません。別の動線を選ぶか（F4）、管理者に連絡してください。</translation>
        </message>
        <message>
            <source>This terminal is not registered with HQ. Call your administrator.</source>
            <translation>この端末は本部に登録されていません。管理者に連絡してください。</translation>
        </message>
        <message>
            <source>The terminal could not save the result. Do not repeat the check; call your administrator.</source>
            <translation>端末に結果を保存できませんでした。確認を繰り返さず、管理者に連絡してください。</translation>
        </message>
        <message>
            <source>The insurer number is not correct. Look at the document and enter it again.</source>
            <translation>保険者番号が正しくありません。書類を見て入力し直してください。</translation>
        </message>
        <message>
            <source>This terminal has no record of the card check at the first visit, so a re-inquiry is not possible. Confirm with the My Number Card.</source>
            <translation>この端末には初回訪問時のカード確認の記録がないため、再照会できません。マイナンバーカードで確認してください。</translation>
        </message>
        <message>
            <source>At the first visit the card was checked but the patient's consent was not recorded, so a re-inquiry is not possible. Confirm with the My Number Card and ask for consent.</source>
            <translation>初回訪問時にカードは確認しましたが、患者さんの同意が記録されていないため、再照会できません。マイナンバーカードで確認し、同意をいただいてください。</translation>
        </message>
        <message>
            <source>The first visit is recorded after today, so a re-inquiry is not possible. Check the terminal's date, and confirm with the My Number Card.</source>
            <translation>初回訪問の日付が今日より後になっているため、再照会できません。端末の日付を確かめてください。マイナンバーカードで確認してください。</translation>
        </message>
        <message>
            <source>The regular home visits for this patient are recorded as ended, so a re-inquiry is not possible. Confirm with the My Number Card.</source>
            <translation>この患者さんの定期的な訪問（訪問診療・訪問服薬指導）は終了として記録されているため、再照会できません。マイナンバーカードで確認してください。</translation>
        </message>
        <message>
            <source>A one-off house call (往診) needs the card check every time. Confirm with the My Number Card.</source>
            <translation>往診では毎回カードでの確認が必要です。マイナンバーカードで確認してください。</translation>
        </message>
        <message>
            <source>The patient's consent does not cover this inquiry (it is before the consent, or after the day following the consultation). Confirm with the My Number Card.</source>
            <translation>患者さんの同意の範囲外のため照会できません（同意の前か、診療日の翌日を過ぎています）。マイナンバーカードで確認してください。</translation>
        </message>
        <message>
            <source>A re-inquiry is possible only for the later visits of a regular home visit. Confirm with the My Number Card.</source>
            <translation>再照会ができるのは、定期的な訪問の2回目以降だけです。マイナンバーカードで確認してください。</translation>
        </message>
        <message>
            <source>The check was cancelled.</source>
            <translation>確認を中止しました。</translation>
        </message>
        <message>
            <source>The check took too long and was stopped. Start again (Enter).</source>
            <translation>確認に時間がかかりすぎたため中止しました。もう一度開始してください（Enter）。</translation>
        </message>
        <message>
            <source>This computer account may not use the check service. Ask your administrator to add it to the kakunin-agent group, then log out and in again.</source>
            <translation>このパソコンの利用者には常駐サービスを使う権限がありません。管理者に kakunin-agent グループへの追加を依頼し、追加後にログインし直してください。</translation>
        </message>
        <message>
            <source>The check service of this terminal is not answering. Wait a moment; if this stays, restart the terminal or call your administrator.</source>
            <translation>この端末の常駐サービスが応答しません。少しお待ちください。続く場合は端末を再起動するか、管理者に連絡してください。</translation>
        </message>
        <message>
            <source>Some entries are not valid. Check them and try again.</source>
            <translation>入力内容に誤りがあります。確認して、もう一度お試しください。</translation>
        </message>
        <message>
            <source>The check could not be completed. Try again; if it fails again, confirm with a document (F6) and call your administrator.</source>
            <translation>確認を完了できませんでした。もう一度お試しください。再び失敗する場合は書類で確認し（F6）、管理者に連絡してください。</translation>
        </message>
        <message>
            <source>The document has expired. Ask for another document (Mynaportal screen, eligibility notice with the card).</source>
            <translation>書類の有効期限が切れています。別の書類（マイナポータルの画面、資格情報のお知らせとカード）をお願いしてください。</translation>
        </message>
        <message>
            <source>Legacy health insurance cards are no longer valid (last day 2025-12-01). Ask for the eligibility certificate or the card with the Mynaportal screen.</source>
            <translation>従来の健康保険証は、経過措置の期限（2025年12月1日）を過ぎたため使えません。資格確認書、またはカードとマイナポータルの画面をお願いしてください。</translation>
        </message>
        <message>
            <source>Enter the expiry date printed on the document.</source>
            <translation>書類に記載の有効期限を入力してください。</translation>
        </message>
        <message>
            <source>An entry is too long: the note takes at most about 340 full-width characters, the symbol and number about 26.</source>
            <translation>入力が長すぎます。メモは全角で約340文字まで、記号・番号は約26文字までです。</translation>
        </message>
        <message>
            <source>An entry has a line break or a control character. Write each on one line.</source>
            <translation>入力に改行や制御文字があります。それぞれ1行で入力してください。</translation>
        </message>
        <message>
            <source>The expiry is more than 5 years after the issue date. Check both dates on the document.</source>
            <translation>有効期限が交付日から5年を超えています。書類の両方の日付を確認してください。</translation>
        </message>
        <message>
            <source>The eligibility notice is valid only together with the My Number Card. Ask for the card as well.</source>
            <translation>資格情報のお知らせはマイナンバーカードと一緒の場合のみ有効です。カードもお願いしてください。</translation>
        </message>
        <message>
            <source>The temporary concession has ended. Ask for the My Number Card with the notice, or the eligibility certificate.</source>
            <translation>暫定的な取扱いは終了しました。マイナンバーカードと資格情報のお知らせ、または資格確認書をお願いしてください。</translation>
        </message>
        <message>
            <source>The document could not be accepted. Ask for another document; never turn the patient away.</source>
            <translation>この書類では確認できません。別の書類をお願いしてください。患者さんをお断りしないでください。</translation>
        </message>
    </context>
    <context>
        <name>kakunin::station::Labels</name>
        <message>
            <source>Visual check</source>
            <translation>目視確認</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>暗証番号</translation>
        </message>
        <message>
            <source>Face-recognition card reader</source>
            <translation>顔認証付きカードリーダー</translation>
        </message>
        <message>
            <source>Not recorded</source>
            <translation>記録なし</translation>
        </message>
        <message>
            <source>Counter</source>
            <translation>窓口</translation>
        </message>
        <message>
            <source>Home visit (regular)</source>
            <translation>訪問診療・訪問服薬指導</translation>
        </message>
        <message>
            <source>House call</source>
            <translation>往診</translation>
        </message>
        <message>
            <source>Online consultation</source>
            <translation>オンライン診療・服薬指導</translation>
        </message>
        <message>
            <source>Ward</source>
            <translation>病棟</translation>
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
            <source>Face-recognition reader out of order</source>
            <translation>顔認証付きカードリーダー故障時</translation>
        </message>
        <message>
            <source>My Number Card</source>
            <translation>マイナンバーカード</translation>
        </message>
        <message>
            <source>Re-inquiry by insured number</source>
            <translation>被保険者番号による再照会</translation>
        </message>
        <message>
            <source>Document</source>
            <translation>書類</translation>
        </message>
        <message>
            <source>Face-recognition card reader (on-site terminal)</source>
            <translation>顔認証付きカードリーダー（資格確認端末）</translation>
        </message>
        <message>
            <source>Eligible</source>
            <translation>資格有効</translation>
        </message>
        <message>
            <source>Coverage lost</source>
            <translation>資格喪失</translation>
        </message>
        <message>
            <source>No coverage found</source>
            <translation>該当資格なし</translation>
        </message>
        <message>
            <source>Card not registered for health insurance</source>
            <translation>マイナ保険証の利用登録なし</translation>
        </message>
        <message>
            <source>Card certificate expired</source>
            <translation>電子証明書の有効期限切れ</translation>
        </message>
        <message>
            <source>Card certificate revoked</source>
            <translation>電子証明書の失効</translation>
        </message>
        <message>
            <source>Confirmed by document</source>
            <translation>書類で確認済み</translation>
        </message>
        <message>
            <source>Document not valid</source>
            <translation>書類が有効ではありません</translation>
        </message>
        <message>
            <source>Check not completed</source>
            <translation>確認できませんでした</translation>
        </message>
        <message>
            <source>Several coverages</source>
            <translation>複数の資格あり</translation>
        </message>
        <message>
            <source>Unknown</source>
            <translation>不明</translation>
        </message>
        <message>
            <source>Male</source>
            <translation>男</translation>
        </message>
        <message>
            <source>Female</source>
            <translation>女</translation>
        </message>
        <message>
            <source>Not set</source>
            <translation>未設定</translation>
        </message>
        <message>
            <source>Eligibility certificate</source>
            <translation>資格確認書</translation>
        </message>
        <message>
            <source>My Number Card + eligibility notice</source>
            <translation>マイナンバーカード＋資格情報のお知らせ</translation>
        </message>
        <message>
            <source>My Number Card + Mynaportal screen</source>
            <translation>マイナンバーカード＋マイナポータル画面</translation>
        </message>
        <message>
            <source>Health insurance card (legacy)</source>
            <translation>健康保険証（従来の保険証）</translation>
        </message>
        <message>
            <source>Eligibility notice alone</source>
            <translation>資格情報のお知らせのみ</translation>
        </message>
        <message>
            <source>Death</source>
            <translation>死亡</translation>
        </message>
        <message>
            <source>Public assistance began</source>
            <translation>生活保護の開始</translation>
        </message>
        <message>
            <source>Joined another insurance</source>
            <translation>他の保険の資格取得</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>その他</translation>
        </message>
        <message>
            <source>Not given</source>
            <translation>記載なし</translation>
        </message>
        <message>
            <source>Code %1</source>
            <translation>コード %1</translation>
        </message>
        <message>
            <source>Insured person</source>
            <translation>本人</translation>
        </message>
        <message>
            <source>Family member</source>
            <translation>家族</translation>
        </message>
        <message>
            <source>%1-%2-%3</source>
            <comment>year, month, day</comment>
            <translation>%1年%2月%3日</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <comment>date of birth, its Japanese-era form</comment>
            <extracomment>A date of birth, then the same date in the Japanese era: 1985年4月12日（昭和60年4月12日）.</extracomment>
            <translation>%1（%2）</translation>
        </message>
        <message>
            <source>%1 %2:%3</source>
            <comment>date, hour, minute</comment>
            <translation>%1 %2:%3</translation>
        </message>
        <message>
            <source>yyyy-MM-dd</source>
            <translation>yyyy年MM月dd日</translation>
        </message>
        <message>
            <source>en</source>
            <extracomment>Locale of the date fields' calendars (ja in the Japanese UI).</extracomment>
            <translation>ja</translation>
        </message>
    </context>
    <context>
        <name>kakunin::station::NextStepText</name>
        <message>
            <source>The check is done. Continue with the patient's reception.</source>
            <translation>確認は完了です。このまま受付を進めてください。</translation>
        </message>
        <message>
            <source>Several insurances were found. Ask the patient which one applies today, then continue with the reception.</source>
            <translation>複数の資格が見つかりました。今日使う保険を患者さんに確かめてから、受付を進めてください。</translation>
        </message>
        <message>
            <source>Continue with the reception, and tell the patient that the card's certificate has expired: it works only until %1, so they should renew it at the city office.</source>
            <translation>このまま受付を進めてください。カードの電子証明書の有効期限が切れています。使えるのは%1までなので、市区町村の窓口で更新するよう患者さんにお伝えください。</translation>
        </message>
        <message>
            <source>Continue with the reception, and tell the patient that the card's certificate has expired and should be renewed at the city office soon.</source>
            <translation>このまま受付を進めてください。カードの電子証明書の有効期限が切れているので、早めに市区町村の窓口で更新するよう患者さんにお伝えください。</translation>
        </message>
        <message>
            <source>The card's certificate can no longer be used. Confirm with the eligibility certificate, or the card with the Mynaportal screen or the eligibility notice, and tell the patient to renew the certificate at the city office.</source>
            <translation>カードの電子証明書は期限切れのため使えません。資格確認書、またはマイナポータルの画面か資格情報のお知らせとカードで確認し、市区町村の窓口で電子証明書を更新するよう患者さんにお伝えください。</translation>
        </message>
        <message>
            <source>Wipe the card's gold contacts, take it out of its case or holder, place it flat on the reader and read it again.</source>
            <translation>カードの金色の端子を拭き、ケースやホルダーから出して、リーダーに平らに置いてもう一度読み取ってください。</translation>
        </message>
        <message>
            <source>The card cannot be read. Confirm with the Mynaportal screen (or its PDF) or the eligibility notice, together with the card.</source>
            <translation>カードを読み取れません。マイナポータルの画面（PDFも可）、または資格情報のお知らせと、マイナンバーカードで確認してください。</translation>
        </message>
        <message>
            <source>Place the card on the reader and leave it there until the result appears.</source>
            <translation>カードをリーダーに置き、結果が出るまでそのままにしてください。</translation>
        </message>
        <message>
            <source>Ask the patient to enter the PIN again, slowly.</source>
            <translation>患者さんに暗証番号をもう一度ゆっくり入力してもらってください。</translation>
        </message>
        <message>
            <source>The PIN cannot be used. Switch to the visual check and compare the patient with the card's photo.</source>
            <translation>暗証番号は使えません。目視確認に切り替え、カードの顔写真とご本人を見比べてください。</translation>
        </message>
        <message>
            <source>Waiting for the branch manager's permission. The PIN cannot be used and HQ does not allow the visual check here: ask the branch manager to allow one visual check for this terminal in the console (who allowed it and why is recorded). Meanwhile a document can be used (F6).</source>
            <translation>店舗責任者の許可を待っています。暗証番号が使えず、この端末では本部の設定で目視確認ができません。店舗責任者に管理コンソールからこの端末の目視確認を1回許可してもらってください（誰がなぜ許可したかは記録されます）。書類での確認もできます（F6）。</translation>
        </message>
        <message>
            <source>The branch manager allowed the visual check once (reason: %1; allowed by %2). Compare the patient with the card's photo, then read the card.</source>
            <translation>店舗責任者が1回だけ目視確認を許可しました（理由: %1／許可: %2）。カードの顔写真とご本人を見比べてから読み取ってください。</translation>
        </message>
        <message>
            <source>The PIN cannot be used and HQ does not allow the visual check here. Confirm with the Mynaportal screen or the eligibility notice, together with the card.</source>
            <translation>暗証番号は使えず、本部の設定ではこの端末で目視確認ができません。マイナポータルの画面、または資格情報のお知らせと、マイナンバーカードで確認してください。</translation>
        </message>
        <message>
            <source>This card is not registered for use as a health insurance card. Ask for the eligibility certificate the patient was sent, or another document; the patient can register the card later, for example on Mynaportal.</source>
            <translation>このカードは健康保険証としての利用登録がされていません。お手元に届いている資格確認書か、ほかの書類をお願いしてください。利用登録は、あとで患者さんご自身がマイナポータルなどでできます。</translation>
        </message>
        <message>
            <source>No valid insurance was found online. Ask for the eligibility certificate or another document; if the patient has none, the declaration of insured status is the last resort.</source>
            <translation>オンラインでは有効な資格が確認できませんでした。資格確認書か、ほかの書類をお願いしてください。どれもお持ちでない場合は、最後の手段として被保険者資格申立書を記入していただきます。</translation>
        </message>
        <message>
            <source>The insurance asked about has ended, and the answer names the patient's new one (under "Other records"). Confirm it with the patient and continue the reception with it.</source>
            <translation>照会した保険は資格を喪失していますが、回答に患者さんの新しい保険があります（「ほかの資格」に表示）。患者さんに確かめて、新しい保険で受付を続けてください。</translation>
        </message>
        <message>
            <source>What was typed could not be recorded (see above). Open the document form again and correct it; the document itself was not judged.</source>
            <translation>入力した内容を記録できませんでした（上の説明を参照）。書類の入力画面をもう一度開いて直してください。書類そのものはまだ判定していません。</translation>
        </message>
        <message>
            <source>Ask for another document (eligibility certificate, or the card with the Mynaportal screen or the eligibility notice); the declaration of insured status is the last resort.</source>
            <translation>ほかの書類（資格確認書、またはマイナポータルの画面か資格情報のお知らせとカード）をお願いしてください。最後の手段は被保険者資格申立書です。</translation>
        </message>
        <message>
            <source>This reader cannot read My Number Cards (no extended APDU). Tell HQ, who also see it on the reader report; until it is replaced, confirm with a document.</source>
            <translation>このカードリーダーではマイナンバーカードを読み取れません。本部に連絡してください（本部のリーダー報告にも表示されます）。交換までは書類で確認してください。</translation>
        </message>
        <message>
            <source>Check the reader's USB cable, then read the card again.</source>
            <translation>リーダーのUSBケーブルを確かめてから、もう一度読み取ってください。</translation>
        </message>
        <message>
            <source>The online check could not be done. Confirm with the Mynaportal screen (or its PDF) or the eligibility notice, together with the card.</source>
            <translation>オンライン資格確認ができませんでした。マイナポータルの画面（PDFも可）、または資格情報のお知らせと、マイナンバーカードで確認してください。</translation>
        </message>
        <message>
            <source>Start the check again.</source>
            <translation>もう一度確認を始めてください。</translation>
        </message>
        <message>
            <source>Next patient</source>
            <translation>次の患者さんへ</translation>
        </message>
        <message>
            <source>Read the card again</source>
            <translation>もう一度読み取る</translation>
        </message>
        <message>
            <source>Read with the visual check</source>
            <translation>目視確認で読み取る</translation>
        </message>
        <message>
            <source>Read with the visual check (once)</source>
            <translation>目視確認で読み取る（1回のみ）</translation>
        </message>
        <message>
            <source>Confirm with a document (F6)</source>
            <translation>書類で確認する（F6）</translation>
        </message>
    </context>
    <context>
        <name>kakunin::station::PinPadDialog</name>
        <message>
            <source>PIN entry</source>
            <translation>暗証番号の入力</translation>
        </message>
        <message>
            <source>Please enter the 4-digit PIN of your My Number Card.</source>
            <translation>マイナンバーカードの暗証番号（数字4桁）を入力してください。</translation>
        </message>
        <message numerus="yes">
            <source>Tries left: %n</source>
            <translation>
                <numerusform>残り回数: %n回</numerusform>
            </translation>
        </message>
        <message>
            <source>Tries left: shown after the card is read</source>
            <translation>残り回数: カードの読み取り後に表示します</translation>
        </message>
        <message>
            <source>Use the visual check instead</source>
            <translation>目視確認に切り替える</translation>
        </message>
        <message>
            <source>Cancel (Esc)</source>
            <translation>キャンセル（Esc）</translation>
        </message>
        <message>
            <source>OK (Enter)</source>
            <translation>決定（Enter）</translation>
        </message>
        <message>
            <source>Only one try is left. To keep the card from locking, the PIN cannot be used now. Staff will check your identity by the card's photo.</source>
            <translation>残り1回です。カードがロックされないよう、今回は暗証番号を使えません。職員がカードの顔写真でご本人を確認します。</translation>
        </message>
        <message>
            <source>Only one try is left. To keep the card from locking, the PIN cannot be used now. Staff will confirm your identity another way.</source>
            <translation>残り1回です。カードがロックされないよう、今回は暗証番号を使えません。職員がほかの方法でご本人を確認します。</translation>
        </message>
        <message>
            <source>The PIN is locked. It can be unlocked at the city office. Staff will check your identity by the card's photo.</source>
            <translation>暗証番号がロックされています。解除は市区町村の窓口でできます。職員がカードの顔写真でご本人を確認します。</translation>
        </message>
        <message>
            <source>The PIN is locked. It can be unlocked at the city office. Staff will confirm your identity another way.</source>
            <translation>暗証番号がロックされています。解除は市区町村の窓口でできます。職員がほかの方法でご本人を確認します。</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>訂正</translation>
        </message>
    </context>
    <context>
        <name>kakunin::station::RecentModel</name>
        <message>
            <source>Checked at</source>
            <translation>確認日時</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>結果</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>氏名</translation>
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
            <translation>確認の方法</translation>
        </message>
        <message>
            <source>Viewable until</source>
            <translation>閲覧期限</translation>
        </message>
    </context>
    <context>
        <name>kakunin::station::RecheckDialog</name>
        <message>
            <source>Home visit: re-inquiry</source>
            <translation>訪問時の再照会</translation>
        </message>
        <message>
            <source>For later visits of a regular home visit: enter the insured number taken at the first visit and the date of birth.</source>
            <translation>継続的な訪問（訪問診療・訪問服薬指導）の2回目以降: 初回訪問時に控えた被保険者番号等と生年月日を入力してください。</translation>
        </message>
        <message>
            <source>&amp;Insurer number</source>
            <translation>保険者番号(&amp;I)</translation>
        </message>
        <message>
            <source>&amp;Symbol</source>
            <translation>記号(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Number</source>
            <translation>番号(&amp;N)</translation>
        </message>
        <message>
            <source>&amp;Branch</source>
            <translation>枝番(&amp;B)</translation>
        </message>
        <message>
            <source>&amp;Date of birth</source>
            <translation>生年月日(&amp;D)</translation>
        </message>
        <message>
            <source>Re-inquire</source>
            <translation>再照会する</translation>
        </message>
        <message>
            <source>Cancel (Esc)</source>
            <translation>キャンセル（Esc）</translation>
        </message>
        <message>
            <source>Enter the insured number.</source>
            <translation>被保険者番号を入力してください。</translation>
        </message>
        <message>
            <source>Enter the date of birth.</source>
            <translation>生年月日を入力してください。</translation>
        </message>
    </context>
    <context>
        <name>kakunin::station::ResultCard</name>
        <message>
            <source>Patient</source>
            <translation>患者</translation>
        </message>
        <message>
            <source>Insurance</source>
            <translation>保険</translation>
        </message>
        <message>
            <source>Other records</source>
            <translation>ほかの資格</translation>
        </message>
        <message>
            <source>Medical aid (public assistance)</source>
            <translation>医療扶助（医療券）</translation>
        </message>
        <message>
            <source>Document seen</source>
            <translation>確認した書類</translation>
        </message>
        <message>
            <source>Check record</source>
            <translation>確認の記録</translation>
        </message>
        <message>
            <source>Details for support</source>
            <translation>サポート用の詳細</translation>
        </message>
        <message>
            <source>  Co-payment %1</source>
            <translation>  負担割合 %1</translation>
        </message>
        <message>
            <source>Coverage lost on %1 — reason: %2. Do not bill this insurer; ask the patient for their new insurance.</source>
            <translation>資格喪失: %1 — 喪失事由: %2。この保険者には請求できません。患者さんに新しい保険をお尋ねください。</translation>
        </message>
        <message>
            <source>Coverage lost on %1 — reason: %2. Do not bill this insurer; the answer names the patient's other insurance under "Other records".</source>
            <translation>資格喪失: %1 — 喪失事由: %2。この保険者には請求できません。患者さんのほかの保険は「ほかの資格」に表示しています。</translation>
        </message>
        <message>
            <source>This coverage ends on %1 (reason: %2): until the day before, this insurer applies; from that day, ask the patient for their new insurance.</source>
            <translation>%1 に資格を喪失します（事由: %2）。前日まではこの保険者で受付できます。その日からは、新しい保険を患者さんにお尋ねください。</translation>
        </message>
        <message>
            <source>The name contains characters the system cannot show (● or 〓). Check the name on the card by eye before using it.</source>
            <translation>氏名に表示できない文字（●または〓）があります。この氏名を使う前に、カードの券面で氏名を目で確認してください。</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1（%2）</translation>
        </message>
        <message>
            <source>The service also names the patient's new insurance: %1, shown under "Other records". Confirm it with the patient and use it instead.</source>
            <translation>照会の回答には、患者さんの新しい保険「%1」もあります（「ほかの資格」に表示）。患者さんに確かめて、新しい保険で受け付けてください。</translation>
        </message>
        <message>
            <source>The patient is covered by more than one insurance at once (also: %1, shown under "Other records"). Ask the patient which one to use today.</source>
            <translation>患者さんは同時に複数の保険に加入しています（ほかに「%1」。「ほかの資格」に表示）。今回どちらの保険を使うか患者さんに確かめてください。</translation>
        </message>
        <message>
            <source>This answer came from the on-site terminal after the re-inquiry had timed out. It replaces the error shown then.</source>
            <translation>この回答は、再照会が時間切れになった後で資格確認端末から届きました。時間切れのときに表示したエラーに代わる結果です。</translation>
        </message>
        <message>
            <source>The card's certificate expired on %1 and is accepted only during the grace period. Ask the patient to renew it at the city office.</source>
            <translation>電子証明書の有効期限（%1）が切れています。猶予期間中のため確認できました。市区町村の窓口での更新を患者さんにご案内ください。</translation>
        </message>
        <message>
            <source>The insurer on the voucher (%1) does not match the patient's insurer.</source>
            <translation>受診券の保険者（%1）と患者さんの保険者が一致しません。</translation>
        </message>
        <message>
            <source>The medical aid voucher (医療券) ended on %1, before this check: it does not cover today. Ask the patient for the current voucher, or call the welfare office.</source>
            <translation>医療券の有効期間は%1で終わっています（確認日より前）。今回の受診には使えません。有効な医療券をお持ちか患者さんに確認するか、福祉事務所に問い合わせてください。</translation>
        </message>
        <message>
            <source>The medical aid voucher (医療券) is valid only from %1: it does not cover today. Ask the patient for the current voucher, or call the welfare office.</source>
            <translation>医療券の有効期間は%1からです。今回の受診には使えません。有効な医療券をお持ちか患者さんに確認するか、福祉事務所に問い合わせてください。</translation>
        </message>
        <message>
            <source>Medical aid (public assistance): payer %1, recipient %2</source>
            <translation>医療扶助（生活保護）の医療券あり: 公費負担者番号 %1、受給者番号 %2</translation>
        </message>
        <message>
            <source>%1 / %2 / %3</source>
            <translation>%1 / %2 / %3</translation>
        </message>
        <message>
            <source>%1 – %2</source>
            <translation>%1 〜 %2</translation>
        </message>
        <message>
            <source>Insurer: %1 (%2)</source>
            <translation>保険者: %1（%2）</translation>
        </message>
        <message>
            <source>Symbol / number / branch: %1 / %2 / %3  %4  Co-payment %5</source>
            <translation>記号・番号・枝番: %1 / %2 / %3　%4　負担割合 %5</translation>
        </message>
        <message>
            <source>Valid from / to: %1 – %2</source>
            <translation>有効期間: %1 〜 %2</translation>
        </message>
        <message>
            <source>  (coverage lost on %1)</source>
            <translation>（%1 資格喪失）</translation>
        </message>
        <message>
            <source> (ended before this check)</source>
            <translation>（確認日より前に終了）</translation>
        </message>
        <message>
            <source> (not yet valid on this check)</source>
            <translation>（確認日はまだ有効期間前）</translation>
        </message>
        <message>
            <source>%1 / %2</source>
            <translation>%1 / %2</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>はい</translation>
        </message>
        <message>
            <source>No</source>
            <translation>いいえ</translation>
        </message>
        <message>
            <source>%1 / %2 / %3 / %4</source>
            <translation>%1 / %2 / %3 / %4</translation>
        </message>
        <message>
            <source>Verified by the face-recognition card reader</source>
            <translation>顔認証付きカードリーダーで本人確認済み</translation>
        </message>
        <message>
            <source>PIN entered by the patient</source>
            <translation>暗証番号（患者さんが入力）</translation>
        </message>
        <message>
            <source>Visual check of the face photo by staff</source>
            <translation>目視確認（職員が顔写真で確認）</translation>
        </message>
        <message>
            <source> (expired, in grace period)</source>
            <translation>（期限切れ・猶予期間中）</translation>
        </message>
        <message>
            <source>matches</source>
            <translation>一致</translation>
        </message>
        <message>
            <source>does not match</source>
            <translation>不一致</translation>
        </message>
        <message>
            <source> (no extended APDU)</source>
            <translation>（マイナンバーカード非対応の機種）</translation>
        </message>
        <message>
            <source>Class %1</source>
            <translation>区分 %1</translation>
        </message>
        <message>
            <source>%1 APDU / %2 ms</source>
            <translation>%1 APDU / %2 ミリ秒</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>氏名</translation>
        </message>
        <message>
            <source>Name (kana)</source>
            <translation>氏名カナ</translation>
        </message>
        <message>
            <source>Sex</source>
            <translation>性別</translation>
        </message>
        <message>
            <source>Date of birth</source>
            <translation>生年月日</translation>
        </message>
        <message>
            <source>Postal code</source>
            <translation>郵便番号</translation>
        </message>
        <message>
            <source>Address</source>
            <translation>住所</translation>
        </message>
        <message>
            <source>Insurer</source>
            <translation>保険者名称</translation>
        </message>
        <message>
            <source>Insurer number</source>
            <translation>保険者番号</translation>
        </message>
        <message>
            <source>Symbol / number / branch</source>
            <translation>記号・番号・枝番</translation>
        </message>
        <message>
            <source>Co-payment</source>
            <translation>負担割合</translation>
        </message>
        <message>
            <source>Valid from / to</source>
            <translation>有効開始日〜終了日</translation>
        </message>
        <message>
            <source>Coverage lost on</source>
            <translation>資格喪失日</translation>
        </message>
        <message>
            <source>Reason of loss</source>
            <translation>喪失事由</translation>
        </message>
        <message>
            <source>Insured / family</source>
            <translation>本人・家族</translation>
        </message>
        <message>
            <source>Coverage acquired</source>
            <translation>資格取得日</translation>
        </message>
        <message>
            <source>Insurance type</source>
            <translation>保険の種類</translation>
        </message>
        <message>
            <source>Card class</source>
            <translation>被保険者証区分</translation>
        </message>
        <message>
            <source>Payer number</source>
            <translation>公費負担者番号</translation>
        </message>
        <message>
            <source>Recipient number</source>
            <translation>公費受給者番号</translation>
        </message>
        <message>
            <source>Designated institution</source>
            <translation>指定医療機関</translation>
        </message>
        <message>
            <source>Document</source>
            <translation>書類</translation>
        </message>
        <message>
            <source>Issued / expires</source>
            <translation>交付日 / 有効期限</translation>
        </message>
        <message>
            <source>Late-elderly card</source>
            <translation>後期高齢者の保険証</translation>
        </message>
        <message>
            <source>Insurer / symbol / number</source>
            <translation>保険者番号 / 記号 / 番号 / 枝番</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>メモ</translation>
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
            <translation>確認の方法</translation>
        </message>
        <message>
            <source>Checked at</source>
            <translation>確認日時</translation>
        </message>
        <message>
            <source>Card certificate expires</source>
            <translation>電子証明書の有効期限</translation>
        </message>
        <message>
            <source>Insurer on the voucher</source>
            <translation>受診券の保険者</translation>
        </message>
        <message>
            <source>Reader</source>
            <translation>リーダー</translation>
        </message>
        <message>
            <source>Staff</source>
            <translation>担当者</translation>
        </message>
        <message>
            <source>Card operations / time</source>
            <translation>カード操作 / 所要時間</translation>
        </message>
        <message>
            <source>Certificate digest</source>
            <translation>証明書ダイジェスト</translation>
        </message>
        <message>
            <source>Record no.</source>
            <translation>記録番号</translation>
        </message>
        <message>
            <source>Reason-of-loss code</source>
            <translation>喪失事由コード</translation>
        </message>
        <message>
            <source>Reason id</source>
            <translation>理由ID</translation>
        </message>
        <message>
            <source>Check ID</source>
            <translation>確認ID</translation>
        </message>
        <message>
            <source>Card ATR</source>
            <translation>カードのATR</translation>
        </message>
    </context>
    <context>
        <name>kakunin::station::StationWindow</name>
        <message>
            <source>Checking the card and the PIN… keep the card on the reader (Esc to cancel)</source>
            <translation>カードと暗証番号を確認しています… カードはそのまま置いてください（Escで中止）</translation>
        </message>
        <message>
            <source>Reading the card… keep it on the reader (Esc to cancel)</source>
            <translation>カードを読み取っています… カードはそのまま置いてください（Escで中止）</translation>
        </message>
        <message>
            <source>Place the card on the reader — reading… (Esc to cancel)</source>
            <translation>カードをリーダーに置いてください — 読み取り中…（Escで中止）</translation>
        </message>
        <message>
            <source>The terminal's service is not answering. Check the patient's documents by eye and continue; record them with F6 once it is back.</source>
            <translation>常駐サービスが応答しません。書類を目で確認して受付を進め、復旧したら「書類で確認（F6）」で記録してください。</translation>
        </message>
        <message>
            <source>Connect the card reader, or confirm with a document (F6)</source>
            <translation>カードリーダーを接続するか、書類で確認してください（F6）</translation>
        </message>
        <message>
            <source>The card is still on the reader: hand it back to the patient (Enter checks this card again)</source>
            <translation>カードがリーダーに置かれたままです。患者さんにお返しください（Enter でこのカードをもう一度確認します）</translation>
        </message>
        <message>
            <source>Next patient: place the card on the reader (Enter)</source>
            <translation>次の患者さん: カードをリーダーに置いてください（Enter）</translation>
        </message>
        <message>
            <source>A card is on the reader. Press Enter to start the check</source>
            <translation>リーダーにカードが置かれています。Enterを押して確認を始めてください</translation>
        </message>
        <message>
            <source>Place the card on the reader</source>
            <translation>カードをリーダーに置いてください</translation>
        </message>
        <message>
            <source>The check is done. Read the notes below before you continue with the patient's reception.</source>
            <translation>確認は完了です。下の注意事項を確認してから、受付を進めてください。</translation>
        </message>
        <message>
            <source>A late answer to a re-inquiry has arrived (checked %1).</source>
            <translation>再照会への遅れた回答が届きました（確認日時 %1）。</translation>
        </message>
        <message>
            <source>A new result has arrived from the face-recognition card reader (checked %1).</source>
            <translation>顔認証付きカードリーダーから新しい結果が届きました（確認日時 %1）。</translation>
        </message>
        <message>
            <source>A past check (checked %1). Esc returns to the counter.</source>
            <translation>過去の確認結果です（確認日時 %1）。Esc で受付の画面に戻ります。</translation>
        </message>
        <message>
            <source>Kakunin Station — eligibility check</source>
            <translation>Kakunin 受付端末 — 資格確認</translation>
        </message>
        <message>
            <source>This terminal's checks (viewable until the end of next month) — F8, Enter to open</source>
            <translation>この端末の確認履歴（翌月末まで閲覧可）— F8、Enterで表示</translation>
        </message>
        <message>
            <source>Connecting to the check service…</source>
            <translation>常駐サービスに接続しています…</translation>
        </message>
        <message>
            <source>Identity (F3):</source>
            <translation>本人確認（F3）:</translation>
        </message>
        <message>
            <source>Visual check</source>
            <translation>目視確認</translation>
        </message>
        <message>
            <source>PIN</source>
            <translation>暗証番号</translation>
        </message>
        <message>
            <source>&amp;Route (F4):</source>
            <translation>動線(&amp;R)（F4）:</translation>
        </message>
        <message>
            <source>Start check (Enter)</source>
            <translation>確認開始（Enter）</translation>
        </message>
        <message>
            <source>Document (F6)</source>
            <translation>書類で確認（F6）</translation>
        </message>
        <message>
            <source>Home-visit re-inquiry (F7)</source>
            <translation>訪問の再照会（F7）</translation>
        </message>
        <message>
            <source>(HQ default: %1)</source>
            <translation>（本部の既定: %1）</translation>
        </message>
        <message>
            <source>(set by HQ)</source>
            <translation>（本部の設定）</translation>
        </message>
        <message>
            <source>No card reader is connected. Check the USB cable.</source>
            <translation>カードリーダーが接続されていません。USBケーブルを確認してください。</translation>
        </message>
        <message>
            <source>Reader: %1 — not usable (no extended APDU)</source>
            <translation>リーダー: %1 — 使用不可（マイナンバーカード非対応）</translation>
        </message>
        <message>
            <source>Reader: %1 — card placed</source>
            <translation>リーダー: %1 — カードあり</translation>
        </message>
        <message>
            <source>Reader: %1 — reading…</source>
            <translation>リーダー: %1 — 読み取り中…</translation>
        </message>
        <message>
            <source>Reader: %1 — ready</source>
            <translation>リーダー: %1 — 準備完了</translation>
        </message>
        <message>
            <source>HQ: connected — results kept here</source>
            <translation>本部: 接続中（結果は端末に保管中）</translation>
        </message>
        <message>
            <source>HQ: connected</source>
            <translation>本部: 接続中</translation>
        </message>
        <message>
            <source>HQ: waiting for approval</source>
            <translation>本部: 承認待ち</translation>
        </message>
        <message>
            <source>HQ: terminal revoked</source>
            <translation>本部: 失効</translation>
        </message>
        <message>
            <source>HQ: certificate replaced</source>
            <translation>本部: 証明書が置き換え済み</translation>
        </message>
        <message>
            <source>HQ: terminal not registered</source>
            <translation>本部: 端末の登録なし</translation>
        </message>
        <message>
            <source>HQ: offline</source>
            <translation>本部: 未接続</translation>
        </message>
        <message>
            <source>Results waiting to be sent: %1</source>
            <translation>未送信の結果: %1件</translation>
        </message>
        <message>
            <source>This terminal is waiting for HQ's approval. Tell HQ the verification code.</source>
            <translation>本部の承認待ちです。本部に確認コードを伝えてください。</translation>
        </message>
        <message>
            <source>This terminal is waiting for HQ's approval. Tell HQ the verification code: %1.</source>
            <translation>本部の承認待ちです。本部に確認コード「%1」を伝えてください。</translation>
        </message>
        <message>
            <source>HQ's server is older than this terminal, so results are kept here and not sent yet. Checks go on as usual. Ask HQ to update its server. Waiting to be sent: %1.</source>
            <translation>本部のサーバーがこの端末より古い版のため、結果はまだ送らずにこの端末に保管しています。確認はいつもどおり続けられます。本部にサーバーの更新を依頼してください。未送信: %1件。</translation>
        </message>
        <message>
            <source>HQ has revoked this terminal. Results will not be sent. Contact HQ.</source>
            <translation>この端末は本部で失効されました。結果は送信されません。本部に連絡してください。</translation>
        </message>
        <message>
            <source>HQ replaced this terminal's certificate with a newer one (this PC may have been put back to an older backup, or copied). Results are kept on this terminal but not sent. Contact HQ. Waiting to be sent: %1.</source>
            <translation>この端末の証明書は、本部で新しいものに置き換えられています（以前のバックアップから戻したパソコンか、この端末の複製の可能性があります）。結果はこの端末に保存されていますが、本部には送られません。本部に連絡してください。送信待ち: %1件</translation>
        </message>
        <message>
            <source>HQ has no record of this terminal (HQ's data may have been restored from a backup taken before it was enrolled). Results are kept on this terminal and are not sent until it is enrolled again. Contact HQ to enroll it again. Waiting to be sent: %1.</source>
            <translation>本部にこの端末の登録がありません（本部のデータが、この端末を登録する前のバックアップから復元された可能性があります）。結果はこの端末に保存されていますが、登録し直すまで本部には送られません。本部に連絡し、この端末を登録し直してください。送信待ち: %1件</translation>
        </message>
        <message>
            <source>Not connected to HQ. Checks go on as usual: results are saved on this terminal and sent automatically when the connection returns. Waiting to be sent: %1.</source>
            <translation>本部に接続されていません。確認はそのまま続けられます。結果はこの端末に保存され、接続が戻ると自動で送信されます。未送信: %1件。</translation>
        </message>
        <message>
            <source>%1 results are waiting to be sent — more than usual. Check the network cable and tell HQ. Nothing is lost; keep checking.</source>
            <translation>未送信の結果が%1件あり、通常より多くなっています。ネットワークのケーブルを確認し、本部に連絡してください。結果は失われません。確認は続けてください。</translation>
        </message>
        <message numerus="yes">
            <source>%n days</source>
            <translation>
                <numerusform>%n日</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n hours</source>
            <translation>
                <numerusform>%n時間</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n minutes</source>
            <translation>
                <numerusform>%n分</numerusform>
            </translation>
        </message>
        <message>
            <source>This PC's clock is %1 ahead of HQ's. Checks are dated by it, and HQ may refuse them. Keep checking, and ask your administrator to set the clock.</source>
            <translation>このパソコンの時計が本部より%1進んでいます。確認の日時はこの時計で記録されるため、本部が受け付けない場合があります。確認はそのまま続け、管理者に時計の設定を依頼してください。</translation>
        </message>
        <message>
            <source>This PC's clock is %1 behind HQ's. Checks are dated by it, and HQ may refuse them. Keep checking, and ask your administrator to set the clock.</source>
            <translation>このパソコンの時計が本部より%1遅れています。確認の日時はこの時計で記録されるため、本部が受け付けない場合があります。確認はそのまま続け、管理者に時計の設定を依頼してください。</translation>
        </message>
        <message>
            <source>the disk is full</source>
            <translation>ディスクがいっぱいです</translation>
        </message>
        <message>
            <source>another program holds the results file</source>
            <translation>ほかのプログラムが結果のファイルを使っています</translation>
        </message>
        <message>
            <source>the results file is damaged</source>
            <translation>結果のファイルが壊れています</translation>
        </message>
        <message>
            <source>the results file cannot be read</source>
            <translation>結果のファイルを読めません</translation>
        </message>
        <message>
            <source>the results file cannot be written</source>
            <translation>結果のファイルに書き込めません</translation>
        </message>
        <message numerus="yes">
            <source>%n check(s) could not be saved on this terminal (%1). The results on the screen are valid, and this terminal keeps trying to save them. Do not shut it down; call your administrator.</source>
            <translation>
                <numerusform>%n件の確認結果をこの端末に保存できていません（%1）。画面に表示した結果は有効で、保存できるまで端末が自動で繰り返します。端末の電源を切らずに、管理者に連絡してください。</numerusform>
            </translation>
        </message>
        <message>
            <source>The saved results cannot be read (%1), so none is sent to HQ. They are kept on this terminal; keep checking, and call your administrator.</source>
            <translation>保存した確認結果を読み出せないため（%1）、本部に送れません。結果はこの端末に残っています。確認はそのまま続け、管理者に連絡してください。</translation>
        </message>
        <message>
            <source>The results file of this terminal was damaged and has been repaired: the results that could still be read were moved to a new file, and the damaged file is kept for support. Checks continue; tell your administrator.</source>
            <translation>この端末の結果のファイルが壊れていたため、修復しました。読み出せた結果は新しいファイルに移し、壊れたファイルはサポートのために残してあります。確認はそのまま続けられます。管理者に連絡してください。</translation>
        </message>
        <message numerus="yes">
            <source>%n result(s) could not be read, and are not sent to HQ.</source>
            <translation>
                <numerusform>%n件の確認結果を読み出せなかったため、本部には送れません。</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>HQ did not accept %n result(s) of the last 30 days. They can still be viewed on this terminal. Tell HQ.</source>
            <translation>
                <numerusform>過去30日の確認結果のうち%n件を本部が受け付けませんでした。この端末では引き続き表示できます。本部に連絡してください。</numerusform>
            </translation>
        </message>
        <message>
            <source>This terminal's certificate has expired: results cannot be sent to HQ (they are kept here) — contact HQ</source>
            <translation>この端末の証明書の有効期限が切れました。本部に結果を送れません（結果はこの端末に保存されます） — 本部に連絡してください</translation>
        </message>
        <message>
            <source>The on-site eligibility terminal's certificate has expired: online eligibility checks cannot be made — contact HQ, and confirm eligibility with documents such as the 資格確認書</source>
            <translation>資格確認端末の証明書の有効期限が切れました。オンライン資格確認はできません — 本部に連絡し、資格確認書などの書類で確認してください</translation>
        </message>
        <message>
            <source>This terminal's certificate expires today — contact HQ</source>
            <translation>この端末の証明書の有効期限は今日までです — 本部に連絡してください</translation>
        </message>
        <message>
            <source>The on-site eligibility terminal's certificate expires today — contact HQ</source>
            <translation>資格確認端末の証明書の有効期限は今日までです — 本部に連絡してください</translation>
        </message>
        <message>
            <source>This terminal's certificate expires in %1 days — contact HQ</source>
            <translation>この端末の証明書の有効期限まであと %1 日 — 本部に連絡してください</translation>
        </message>
        <message>
            <source>The on-site eligibility terminal's certificate expires in %1 days — contact HQ</source>
            <translation>資格確認端末の証明書の有効期限まであと %1 日 — 本部に連絡してください</translation>
        </message>
        <message>
            <source> (reconnecting automatically)</source>
            <translation>（自動で再接続しています）</translation>
        </message>
        <message>
            <source>Check service: not reachable</source>
            <translation>常駐サービス: 接続できません</translation>
        </message>
    </context>
</TS>
