"""In Chromium: a hall display rebooted while the server is unreachable
shows its own offline page, in the language it showed last, instead of the
browser's error page, and comes back to the calls by itself.

It runs on test_offline_browser's restartable server (its `_server` fixture
takes the place of conftest's here too). The outage lasts OUTAGE_SECONDS
(BANGBAN_OUTAGE_SECONDS; a few seconds in the suite, a minute before a
release)."""
from playwright.sync_api import expect

from pages import switch_language
from support import screenshot
from outages import (  # noqa: F401 (fixtures used by name)
    OUTAGE_SECONDS, _server, kiosk_browser, outage, steady_server, watch_for_error_pages,
)

DISPLAY = {'width': 1920, 'height': 1080}

# The language the display's worker keeps for its offline page (templates/kiosk/sw.js).
KEPT_LANGUAGE = '''async language => {
  for (const name of await caches.keys()) {
    if (!name.startsWith('bangban-display-')) { continue; }
    const kept = await (await caches.open(name)).match('/display/offline/zh_Hans_CN?language');
    if (kept && await kept.text() === language) { return true; }
  }
  return false;
}'''


def display_browser(browser, profile, server):
    """The kiosk's Chromium with a profile kept on disk, on a wall screen."""
    context = kiosk_browser(browser, profile, server)
    context.pages[0].set_viewport_size(DISPLAY)
    return context


def test_a_display_rebooted_during_an_outage_shows_its_offline_page(
        browser, live_server, tmp_path):
    address = live_server.url + '/display/QL-YX'
    profile = str(tmp_path / 'profile')
    context = display_browser(browser, profile, live_server)
    page = context.pages[0]
    page.goto(address)
    expect(page.locator('#display')).to_be_visible()
    page.wait_for_function('() => navigator.serviceWorker.controller !== null')
    page.wait_for_function(KEPT_LANGUAGE, arg='zh_Hans_CN')
    context.close()  # the screen is switched off ...

    live_server.stop()  # ... the server goes away, and the screen restarts
    context = display_browser(browser, profile, live_server)
    page = context.pages[0]
    errors = watch_for_error_pages(page)
    page.goto(address)
    expect(page.locator('[data-offline-shell] h1')).to_have_text('叫号屏暂时离线')
    assert page.locator('html').get_attribute('lang') == 'zh-CN'
    assert page.url == address  # still the display's address, to load again
    # Its look comes from the display's own stylesheet, kept by the worker.
    assert page.evaluate(
        'getComputedStyle(document.body).backgroundColor') == 'rgb(6, 26, 51)'
    screenshot(page, 'display-offline-01-rebooted-zh')

    # The server comes back: the display loads by itself.
    with page.expect_navigation(timeout=(OUTAGE_SECONDS + 60) * 1000):
        outage(live_server)
    expect(page.locator('#display')).to_be_visible()
    expect(page.locator('[data-offline-shell]')).to_have_count(0)
    assert page.url == address

    # Switched to English: the offline page in English from then on.
    assert switch_language(page) == 'en'
    page.wait_for_function(KEPT_LANGUAGE, arg='en')
    live_server.stop()
    page.reload()
    expect(page.locator('[data-offline-shell] h1')).to_have_text(
        'This call screen is offline')
    assert page.locator('html').get_attribute('lang') == 'en'
    screenshot(page, 'display-offline-02-rebooted-en')
    with page.expect_navigation(timeout=(OUTAGE_SECONDS + 60) * 1000):
        outage(live_server)
    expect(page.locator('#display h2').first).to_have_text('Now calling')
    assert errors == []
    context.close()
    assert context.outside == []
