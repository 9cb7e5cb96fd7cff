#!/usr/bin/env python3
"""Fills the station's .ts files after lupdate: contexts get their namespace (lupdate 6.4 does not
follow `namespace a::b {`), Japanese translations come from ja_strings.py, and English numerus
forms are written out. Fails when a Japanese string is missing, so none ships unfinished.

Usage: lupdate -no-obsolete -locations none main.cpp client models ui -ts translations/*.ts
       python3 translations/fill_ts.py"""
import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(__file__))
from ja_strings import JA, EN_NUMERUS  # noqa: E402

NS = 'kakunin::station::'
HERE = os.path.dirname(os.path.abspath(__file__))


def fill(path, lang):
    tree = ET.parse(path)
    missing = []
    root = tree.getroot()
    seen = {}
    for ctx in root.findall('context'):
        name = ctx.find('name')
        if not name.text.startswith(NS):
            name.text = NS + name.text
        # QT_TRANSLATE_NOOP entries come as a second context of the same name: merge them.
        if name.text in seen:
            for msg in ctx.findall('message'):
                seen[name.text].append(msg)
            root.remove(ctx)
        else:
            seen[name.text] = ctx
    for ctx in root.findall('context'):
        for msg in ctx.findall('message'):
            src = msg.find('source').text
            tr = msg.find('translation')
            tr.attrib.pop('type', None)
            for child in list(tr):
                tr.remove(child)
            tr.text = None
            if lang == 'ja':
                value = JA.get(src)
                if value is None:
                    missing.append(src)
                    continue
            else:
                value = EN_NUMERUS.get(src, src) if msg.get('numerus') == 'yes' else src
            if msg.get('numerus') == 'yes':
                for form in (value if isinstance(value, list) else [value]):
                    ET.SubElement(tr, 'numerusform').text = form
            else:
                tr.text = value
    if missing:
        sys.exit('missing Japanese for:\n  ' + '\n  '.join(missing))
    ET.indent(tree, space='    ')
    with open(path, 'wb') as f:
        f.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(f, encoding='utf-8', xml_declaration=False)
        f.write(b'\n')


fill(os.path.join(HERE, 'kakunin_station_ja.ts'), 'ja')
fill(os.path.join(HERE, 'kakunin_station_en.ts'), 'en')
