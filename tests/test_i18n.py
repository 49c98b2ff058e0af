"""Chinese first, English complete: the catalogue and the language switch."""
import collections
import os
import re
import subprocess
import sys

from babel.messages.pofile import read_po

from support import ROOT

PO = os.path.join(ROOT, 'translations', 'zh_Hans_CN', 'LC_MESSAGES', 'messages.po')
PLACEHOLDER = re.compile(r'%\(\w+\)[sd]')


def _catalogue():
    with open(PO, 'rb') as fh:
        return read_po(fh, locale='zh_Hans_CN')


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    pot = tmp_path / 'messages.pot'
    subprocess.run([sys.executable, '-m', 'babel.messages.frontend', '-q',
                    'extract', '-F', 'babel.cfg', '-k', '_l',
                    '--ignore-dirs=.* ._ tests instance', '-o', str(pot), '.'],
                   cwd=ROOT, check=True)
    with open(pot, 'rb') as fh:
        extracted = {(m.context, m.id) for m in read_po(fh) if m.id}
    # A msgid with a context (pgettext) is another entry than the bare one.
    known = {(m.context, m.id) for m in _catalogue() if m.id}
    assert sorted(extracted - known) == []


def test_every_string_has_a_chinese_translation_with_its_placeholders():
    for message in _catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (
            message.string,)
        assert all(strings), 'untranslated: %r' % (ids[0],)
        assert 'fuzzy' not in message.flags, 'fuzzy: %r' % (ids[0],)
        assert set(PLACEHOLDER.findall(ids[0])) == set(
            PLACEHOLDER.findall(strings[0])), 'placeholders differ: %r' % (ids[0],)


def test_every_string_is_translated_once():
    """Two entries for one msgid (say, after a merge) would leave one of
    the two translations unused, whichever the compiler keeps."""
    with open(PO, encoding='utf-8') as fh:
        entries = fh.read().split('\n\n')
    keys = []
    for entry in entries:
        lines = [line for line in entry.splitlines() if not line.startswith('#')]
        text = '\n'.join(lines)
        found = re.search(r'^msgid ((?:".*"\n?)+)', text, re.M)
        context = re.search(r'^msgctxt (".*")', text, re.M)
        if found and found.group(1).strip() != '""':
            keys.append((context and context.group(1), found.group(1).strip()))
    repeated = sorted(key for key, n in collections.Counter(keys).items() if n > 1)
    assert repeated == []


def test_chinese_by_default_english_on_request(client):
    page = client.get('/portal/login').get_data(as_text=True)
    assert '工作人员登录' in page and 'Staff sign-in' not in page
    client.post('/lang/en', data={'next': '/portal/login'})
    page = client.get('/portal/login').get_data(as_text=True)
    assert 'Staff sign-in' in page and '工作人员登录' not in page


def test_language_switch_never_redirects_off_site(client):
    response = client.post('/lang/en', data={'next': '//evil.example/x'})
    assert response.headers['Location'] == '/'
    client.post('/lang/xx', data={'next': '/portal/login'})  # unknown: ignored
    assert 'Staff sign-in' in client.get('/portal/login').get_data(as_text=True)
