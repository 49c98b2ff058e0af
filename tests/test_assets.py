"""Static files: every address a page gives carries the file's digest and is
cached for a year; text is sent compressed; the kiosk's first load is light."""
import gzip
import html
import os
import re

import pytest

import assets
import flows
from support import ROOT

# Every attribute value that names a static file, whichever attribute it is in.
STATIC_URL = re.compile(r'="(/[^"]*static/[^"]+)"')


def static_urls(page):
    return [html.unescape(url) for url in STATIC_URL.findall(page)]


def weight(client, url):
    """Bytes a browser with an empty cache transfers for the page and its
    static files (compressed where the server compresses)."""
    page = client.get(url)
    assert page.status_code == 200
    total = len(page.data)
    for asset in static_urls(page.get_data(as_text=True)):
        response = client.get(asset, headers={'Accept-Encoding': 'gzip'})
        assert response.status_code == 200, asset
        total += len(response.data)
    return total


def assert_fingerprinted(client, page):
    urls = static_urls(page)
    assert urls, 'no static file found on the page'
    for url in urls:
        assert re.search(r'[?&]h=[0-9a-f]{16}(&|$)', url), url
        response = client.get(url)
        assert response.status_code == 200, url
        control = response.headers['Cache-Control']
        assert 'immutable' in control and 'max-age=31536000' in control, url


def test_portal_pages_name_static_files_by_digest(auth, demo_client):
    auth.login()
    for url in ('/portal/', '/portal/cases/', '/portal/items/new/'):
        page = demo_client.get(url)
        assert page.status_code == 200
        assert_fingerprinted(demo_client, page.get_data(as_text=True))


def test_kiosk_display_and_public_pages_name_static_files_by_digest(terminal, demo_app):
    assert_fingerprinted(terminal, terminal.get('/kiosk/').get_data(as_text=True))
    hall = flows.county_kiosk().hall
    client = demo_app.test_client()
    for url in ('/display/%s' % hall.code, '/book/'):
        page = client.get(url, follow_redirects=True)
        assert page.status_code == 200, url
        assert_fingerprinted(client, page.get_data(as_text=True))


def test_an_address_whose_digest_is_not_the_files_is_revalidated(client):
    path = os.path.join(ROOT, 'static', 'js', 'kiosk.js')
    current = client.get('/static/js/kiosk.js?h=' + assets.digest(path))
    assert 'immutable' in current.headers['Cache-Control']
    for url in ('/static/js/kiosk.js', '/static/js/kiosk.js?h=0123456789abcdef'):
        response = client.get(url)
        assert response.status_code == 200
        assert 'immutable' not in response.headers.get('Cache-Control', '')


@pytest.mark.parametrize('name', ['vendor/jsqr/jsQR.js', 'css/kiosk.css'])
def test_text_is_sent_compressed_to_who_accepts_it(client, name):
    with open(os.path.join(ROOT, 'static', name), 'rb') as fh:
        original = fh.read()
    plain = client.get('/static/' + name)
    assert plain.data == original and 'Content-Encoding' not in plain.headers
    packed = client.get('/static/' + name, headers={'Accept-Encoding': 'gzip, br'})
    assert packed.headers['Content-Encoding'] == 'gzip'
    assert 'Accept-Encoding' in packed.headers['Vary']
    assert len(packed.data) < len(original) / 2
    assert gzip.decompress(packed.data) == original
    # The browser's cached copy is still good: asked again, nothing is sent.
    again = client.get('/static/' + name, headers={
        'Accept-Encoding': 'gzip', 'If-None-Match': packed.headers['ETag']})
    assert again.status_code == 304 and again.data == b''


def test_a_range_request_is_answered_uncompressed(client):
    response = client.get('/static/vendor/jsqr/jsQR.js', headers={
        'Accept-Encoding': 'gzip', 'Range': 'bytes=0-99'})
    assert response.status_code == 206 and len(response.data) == 100
    assert 'Content-Encoding' not in response.headers


def test_a_path_outside_the_static_folder_is_not_served(client):
    for url in ('/static/../app.py', '/static/%2e%2e/app.py',
                '/static/js/../../models.py'):
        assert client.get(url).status_code == 404, url


def test_the_kiosk_first_load_is_under_150_kb(terminal):
    assert weight(terminal, '/kiosk/') < 150 * 1024
