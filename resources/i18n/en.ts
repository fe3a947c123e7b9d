<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- English is the source language: this file holds only the plural forms of
     %n strings (pyside6-lupdate -pluralonly; see tests/gui/test_i18n.py). -->
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ProfilesPage</name>
    <message numerus="yes">
        <source>Connected — %n model(s): %1</source>
        <translation>
            <numerusform>Connected — %n model: %1</numerusform>
            <numerusform>Connected — %n models: %1</numerusform>
        </translation>
    </message>
</context>
</TS>
