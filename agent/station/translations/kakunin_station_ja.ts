<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>kakunin::station::StationWindow</name>
    <message>
        <source>Kakunin Station</source>
        <translation>確認 受付端末</translation>
    </message>
    <message>
        <source>Place the card on the reader</source>
        <translation>カードをリーダーに置いてください</translation>
    </message>
    <message>
        <source>The card service is not running. Call your administrator.</source>
        <translation>カードサービスが起動していません。管理者に連絡してください。</translation>
    </message>
    <message>
        <source>Reader: %1</source>
        <translation>リーダー: %1</translation>
    </message>
    <message>
        <source>No card reader is connected. Check the USB cable.</source>
        <translation>カードリーダーが接続されていません。USBケーブルを確認してください。</translation>
    </message>
</context>
</TS>
