"""The hall display's shell for outages (kiosk/shell.py): its service worker
keeps the display's files and an offline page in each language, served
with nothing from the database, and the display's page offers the worker."""
import re

import models
from flows import text
from support import statements


def test_the_display_offers_its_worker_in_its_own_scope(demo_client):
    page = text(demo_client.get('/display/QL-YX'))
    script = re.search(r'<script src="(/static/js/steady\.js[^"]*)"([^>]*)>', page)
    assert script, 'steady.js is not loaded'
    assert 'data-worker="/display/sw.js"' in script.group(2)
    # No scope given: the worker's own folder, /display/.
    assert 'data-scope' not in script.group(2)
    assert 'data-language="zh_Hans_CN"' in script.group(2)


def test_the_kiosk_keeps_its_scope(helper):
    page = text(helper.get('/kiosk/desk'))
    assert re.search(r'data-worker="/kiosk/sw\.js" data-scope="/kiosk/"', page)


def test_the_display_worker_lists_its_files_and_offline_pages(demo_app, demo_client):
    with statements(models.db.obj) as run:
        response = demo_client.get('/display/sw.js')
    assert response.status_code == 200
    assert run == []  # nothing from the database
    assert response.mimetype == 'text/javascript'
    assert response.headers['Cache-Control'] == 'no-cache'
    assert 'Set-Cookie' not in response.headers
    body = response.get_data(as_text=True)
    with demo_app.test_request_context():
        from flask import url_for
        for name in ('css/display.css', 'css/bangban.css', 'js/steady.js'):
            assert url_for('static', filename=name) in body  # fingerprinted
    assert '"/display/offline/en"' in body and '"/display/offline/zh_Hans_CN"' in body
    # Its own cache: it never deletes the kiosk's, nor the kiosk its.
    assert "'bangban-' + \"display\" + '-'" in body
    kiosk = demo_client.get('/kiosk/sw.js').get_data(as_text=True)
    assert "'bangban-' + \"kiosk\" + '-'" in kiosk
    assert '"/kiosk/offline/en"' in kiosk and '/display/' not in kiosk


def test_the_display_offline_page_in_each_language(demo_app, demo_client):
    with statements(models.db.obj) as run:
        chinese = demo_client.get('/display/offline/zh_Hans_CN')
    assert run == []
    assert chinese.status_code == 200
    page = text(chinese)
    assert '<html lang="zh-CN">' in page
    assert '叫号屏暂时离线' in page and '自动恢复显示叫号' in page
    english = text(demo_client.get('/display/offline/en'))
    assert '<html lang="en">' in english
    assert 'This call screen is offline' in english
    assert 'by themselves as soon as the connection returns' in english
    # It waits for the server, then loads the address again (no inline script).
    assert re.search(r'<script src="/static/js/steady\.js[^"]*" data-offline="/healthz" '
                     r'data-self="/display/offline/en">', english)
    assert not re.search(r'<script(?![^>]*\bsrc=)', english)
    # The session's language stays as it was.
    assert '<html lang="zh-CN">' in text(demo_client.get('/display/QL-YX'))


def test_an_unknown_offline_language_or_hall_is_not_found(demo_client):
    for language in ('xx', '..', '%3Cscript%3E', 'zh_Hans_CN%00'):
        response = demo_client.get('/display/offline/' + language)
        assert response.status_code in (400, 404), language
    # The worker's address is not taken for a hall's code, nor the reverse.
    assert demo_client.get('/display/sw.js').mimetype == 'text/javascript'
    assert demo_client.get('/display/NO-SUCH-HALL').status_code == 404
