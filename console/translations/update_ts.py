#!/usr/bin/env python3
"""Updates the console's .ts files from the sources and fills them, so none ships unfinished.

lupdate 6.4 does not follow `namespace kakunin::console {`, so it is run on fresh files and this
script merges its messages into the .ts files: contexts get their namespace, translations are
kept from the current files (by context and source), new Japanese comes from ja_strings.py,
English is the source text (numerus forms kept, or written out), and obsolete entries go. Fails
when a Japanese string is missing.

Usage (from console/): python3 translations/update_ts.py"""
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(__file__))
from ja_strings import JA  # noqa: E402

NS = 'kakunin::console::'
HERE = os.path.dirname(os.path.abspath(__file__))
CONSOLE = os.path.dirname(HERE)
LUPDATE = os.environ.get('LUPDATE', '/usr/lib/qt6/bin/lupdate')
SOURCES = ['main.cpp', 'client', 'models', 'ui', 'export']


def key(ctx, msg):
    comment = msg.find('comment')
    return (ctx, msg.find('source').text, comment.text if comment is not None else None)


def current(path):
    """The translation element of each (context, source, comment) in a .ts file."""
    found = {}
    for ctx in ET.parse(path).getroot().findall('context'):
        name = ctx.find('name').text
        for msg in ctx.findall('message'):
            tr = msg.find('translation')
            if tr.get('type') in ('unfinished', 'obsolete', 'vanished'):
                continue
            found[key(name, msg)] = tr
    return found


def extracted():
    """lupdate's messages, contexts named with the namespace and merged."""
    with tempfile.TemporaryDirectory() as tmp:
        ts = os.path.join(tmp, 'new.ts')
        subprocess.run([LUPDATE, '-silent', '-no-obsolete', '-locations', 'none', *SOURCES,
                        '-ts', ts], cwd=CONSOLE, check=True)
        root = ET.parse(ts).getroot()
    contexts = {}
    for ctx in root.findall('context'):
        name = ctx.find('name').text
        if not name.startswith(NS):
            name = NS + name
        contexts.setdefault(name, []).extend(ctx.findall('message'))
    return contexts


def in_file_order(path, contexts):
    """The contexts and messages in the order the .ts file has them, new ones after: small diffs."""
    if not os.path.exists(path):
        return contexts
    order = {}
    for ctx in ET.parse(path).getroot().findall('context'):
        name = ctx.find('name').text
        order.setdefault(name, len(order))
        for i, msg in enumerate(ctx.findall('message')):
            order.setdefault(key(name, msg), i)
    big = len(order) + 1000000
    names = sorted(contexts, key=lambda n: order.get(n, big))
    return {n: sorted(contexts[n], key=lambda m: order.get(key(n, m), big)) for n in names}


def fill(path, lang, language, contexts):
    old = current(path) if os.path.exists(path) else {}
    missing = []
    root = ET.Element('TS', {'version': '2.1', 'language': language})
    for name, messages in in_file_order(path, contexts).items():
        ctx = ET.SubElement(root, 'context')
        ET.SubElement(ctx, 'name').text = name
        for src in messages:
            msg = ET.SubElement(ctx, 'message', dict(src.attrib))
            for child in src:
                if child.tag != 'translation':
                    msg.append(child)
            text = src.find('source').text
            numerus = src.get('numerus') == 'yes'
            tr = old.get(key(name, src))
            if tr is None and lang == 'ja':
                comment = src.find('comment')
                value = JA.get(name[len(NS):] + '|' + text + '|' + comment.text
                               if comment is not None else None,
                               JA.get(name[len(NS):] + '|' + text, JA.get(text)))
                if value is None:
                    missing.append(name[len(NS):] + '|' + text)
                    value = ''
                tr = ET.Element('translation')
                if numerus:
                    for form in (value if isinstance(value, list) else [value]):
                        ET.SubElement(tr, 'numerusform').text = form
                else:
                    tr.text = value
            elif tr is None:
                tr = ET.Element('translation')
                if numerus:
                    for _ in range(2):
                        ET.SubElement(tr, 'numerusform').text = text
                else:
                    tr.text = text
            msg.append(tr)
    if missing:
        sys.exit('missing Japanese (add to translations/ja_strings.py):\n  ' + '\n  '.join(missing))
    ET.indent(root, space='    ')
    # Apostrophes as lupdate writes them (&apos;); no attribute holds one.
    body = ET.tostring(root, encoding='unicode').replace("'", '&apos;')
    with open(path, 'w', encoding='utf-8') as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + '\n')


messages = extracted()
fill(os.path.join(HERE, 'kakunin_console_ja.ts'), 'ja', 'ja_JP', messages)
fill(os.path.join(HERE, 'kakunin_console_en.ts'), 'en', 'en_US', messages)
