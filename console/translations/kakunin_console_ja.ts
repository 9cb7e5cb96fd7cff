<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>kakunin::console::MainWindow</name>
    <message>
        <source>Kakunin Console</source>
        <translation>確認 管理コンソール</translation>
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
        <source>Eligibility checks</source>
        <translation>資格確認の結果</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>更新</translation>
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
        <source>Your session has expired. Please log in again.</source>
        <translation>セッションの有効期限が切れました。もう一度ログインしてください。</translation>
    </message>
    <message>
        <source>Cannot reach the server. Check the address and the network.</source>
        <translation>サーバーに接続できません。アドレスとネットワークを確認してください。</translation>
    </message>
    <message>
        <source>The server refused the request: %1</source>
        <translation>サーバーが要求を拒否しました: %1</translation>
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
    <message numerus="yes">
        <source>%n check(s)</source>
        <translation>
            <numerusform>%n 件</numerusform>
        </translation>
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
        <translation>訪問</translation>
    </message>
    <message>
        <source>House call</source>
        <translation>往診</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>オンライン</translation>
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
        <translation>書類が有効期間外</translation>
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
</context>
</TS>
