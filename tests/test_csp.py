"""The Content Security Policy: no inline script runs, so markup that
slipped into a page still could not run. Flask-Admin's few inline scripts
carry a nonce made for the one response that shows them."""
import os
import re

from flows import sign_in
from support import ROOT


def script_policy(response):
    policy = response.headers['Content-Security-Policy']
    return next(part.strip() for part in policy.split(';')
                if part.strip().startswith('script-src'))


def test_no_inline_script_is_allowed(demo_client):
    for url in ('/portal/login', '/p/', '/book/', '/kiosk/bind', '/no/such'):
        response = demo_client.get(url)
        assert script_policy(response) == "script-src 'self'", url
        assert "'unsafe-inline'" not in script_policy(response)
        assert "'unsafe-eval'" not in response.headers['Content-Security-Policy']


def test_portal_pages_admit_only_their_own_nonce(demo_client):
    sign_in(demo_client, 'demo-city')
    seen = set()
    for url in ('/portal/', '/portal/halls/', '/portal/windows/edit/?id=1'):
        response = demo_client.get(url)
        assert response.status_code == 200, url
        nonce = re.fullmatch(r"script-src 'self' 'nonce-([\w-]{16,})'",
                             script_policy(response)).group(1)
        body = response.get_data(as_text=True)
        assert 'nonce="%s"' % nonce in body
        assert set(re.findall(r'nonce="([^"]*)"', body)) == {nonce}
        seen.add(nonce)
    assert len(seen) == 3  # a new nonce for every response


TEMPLATES = os.path.join(ROOT, 'templates')
INLINE_HANDLER = re.compile(r'<[^>]*\son[a-z]+\s*=', re.IGNORECASE)
INLINE_SCRIPT = re.compile(r'<script(?![^>]*\ssrc=)[^>]*>', re.IGNORECASE)


def test_our_templates_have_no_inline_script_handler_or_javascript_url():
    """The policy would silently disable them: behaviour lives in static/js."""
    found = []
    for folder, _dirs, files in os.walk(TEMPLATES):
        for name in files:
            path = os.path.join(folder, name)
            text = open(path, encoding='utf-8').read()
            for pattern in (INLINE_HANDLER, INLINE_SCRIPT,
                            re.compile('javascript:', re.IGNORECASE)):
                for match in pattern.finditer(text):
                    found.append('%s: %s' % (os.path.relpath(path, ROOT),
                                             match.group(0)[:60]))
    assert found == []
