<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>kakunin::station::StationWindow</name>
    <message>
        <source>Kakunin Station</source>
        <translation>Kakunin Station</translation>
    </message>
    <message>
        <source>Place the card on the reader</source>
        <translation>Place the card on the reader</translation>
    </message>
    <message>
        <source>The card service is not running. Call your administrator.</source>
        <translation>The card service is not running. Call your administrator.</translation>
    </message>
    <message>
        <source>Reader: %1</source>
        <translation>Reader: %1</translation>
    </message>
    <message>
        <source>No card reader is connected. Check the USB cable.</source>
        <translation>No card reader is connected. Check the USB cable.</translation>
    </message>
</context>
</TS>
