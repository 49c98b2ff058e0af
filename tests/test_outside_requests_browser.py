"""The browser tests' guard against assets from the internet: a page that
asks for anything outside the live server gets nothing, and the request is
named, which fails the test that made it (conftest's `page` fixture)."""
import pytest
from playwright.sync_api import Error as PlaywrightError


def test_an_outside_request_gets_nothing_and_is_named(page):
    # (The pages' own Content Security Policy would stop a fetch from
    # script before it left; a navigation goes out as an asset would.)
    with pytest.raises(PlaywrightError, match='ERR_NAME_NOT_RESOLVED'):
        page.goto('https://cdn.example.com/lib.js')
    assert page.outside_requests == ['https://cdn.example.com/lib.js']
    page.outside_requests.clear()  # seen: the fixture's own check passes


def test_the_servers_own_assets_are_not_outside(page):
    page.goto(page.base_url + '/kiosk/')
    assert page.evaluate('document.styleSheets.length') >= 1
    assert page.outside_requests == []
