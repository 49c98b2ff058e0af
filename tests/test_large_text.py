"""The older-user mode's switch (public/large_text.py): a cookie set and
cleared by a form with its CSRF token, that leads back to a page of this
site only; and the pages it changes."""
import re

import pytest

from public.large_text import COOKIE
from web import local_target


def cookie_header(response):
    [header] = [h for h in response.headers.getlist('Set-Cookie')
                if h.startswith(COOKIE + '=')]
    return header


def test_on_sets_a_lasting_cookie_and_goes_back(client):
    response = client.post('/large-text', data={'on': '1', 'next': '/book/?q=sb'})
    assert response.status_code == 302
    assert response.headers['Location'] == '/book/?q=sb'
    header = cookie_header(response)
    assert header.startswith(COOKIE + '=1;')
    assert 'HttpOnly' in header and 'SameSite=Lax' in header
    assert re.search(r'Max-Age=(\d+)', header).group(1) == str(400 * 24 * 3600)
    page = client.get('/p/').get_data(as_text=True)
    assert re.search(r'<body class="public large">', page)
    assert 'aria-pressed="true"' in page and 'Standard text' not in page  # Chinese
    assert '标准字号' in page


def test_off_clears_it_and_anything_but_1_is_off(client):
    client.post('/large-text', data={'on': '1', 'next': '/p/'})
    for value in ('0', '', '<script>alert(1)</script>', '1 ', 'true'):
        client.post('/large-text', data={'on': '1'})
        response = client.post('/large-text', data={'on': value, 'next': '/p/'})
        header = cookie_header(response)
        assert header.startswith(COOKIE + '=;') and 'Max-Age=0' in header, value
        page = client.get('/p/').get_data(as_text=True)
        assert '<body class="public">' in page, value
        assert '大字模式' in page and 'aria-pressed="false"' in page


@pytest.mark.parametrize('target', [
    '//evil.example/x', '/\\evil.example', 'https://evil.example/',
    'javascript:alert(1)', '', 'book', ' /p/'])
def test_it_never_leads_to_another_site(client, target):
    response = client.post('/large-text', data={'on': '1', 'next': target})
    assert response.headers['Location'] == '/'
    language = client.post('/lang/en', data={'next': target})
    assert language.headers['Location'] == '/'


def test_local_target_keeps_paths_of_this_site():
    assert local_target('/p/R-abc?x=1') == '/p/R-abc?x=1'
    assert local_target(None) == '/'
    assert local_target('/\\\\x') == '/'


def test_the_switch_is_a_post_with_its_csrf_token(make_app):
    app = make_app('empty', WTF_CSRF_ENABLED=True)
    client = app.test_client()
    assert client.get('/large-text').status_code == 405
    refused = client.post('/large-text', data={'on': '1', 'next': '/p/'})
    assert refused.status_code == 400
    assert COOKIE not in ''.join(refused.headers.getlist('Set-Cookie'))
    page = client.get('/p/').get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    accepted = client.post('/large-text', data={
        'on': '1', 'next': '/p/', 'csrf_token': token})
    assert accepted.status_code == 302
    assert cookie_header(accepted).startswith(COOKIE + '=1;')


def test_a_page_that_echoes_no_address_goes_back_to_the_lookup(client):
    """The page for a code that opens nothing must not carry the code on
    in the switch's form either."""
    page = client.get('/p/R-secret-guess').get_data(as_text=True)
    assert 'R-secret-guess' not in page
    assert page.count('name="next" value="/p/"') == 2


def test_a_cookie_of_any_other_value_is_the_standard_mode(client):
    for value in ('0', '2', '"><script>alert(1)</script>', 'yes', ''):
        client.set_cookie(COOKIE, value)
        page = client.get('/book/').get_data(as_text=True)
        assert '<body class="public">' in page, value
        assert '<script>alert' not in page
    client.set_cookie(COOKIE, '1')
    assert '<body class="public large">' in client.get('/book/').get_data(as_text=True)
