"""A server that goes away and comes back: the module-scoped gunicorn a
test stops and starts on the same address (its `_server` fixture takes the
place of conftest's in the modules that import it, so `live_server`,
`page` and `demo_app` use it), the outage's length, and a kiosk's Chromium
that keeps its profile on disk across reboots.

The outage lasts OUTAGE_SECONDS, a few seconds in the suite; before a
release run the outage tests once at a minute:

    BANGBAN_OUTAGE_SECONDS=60 .venv/bin/python -m pytest tests/test_offline_browser.py tests/test_display_offline_browser.py
"""
import os
import time

import pytest

from support import CHROMIUM, CHROMIUM_ARGS, LiveServer, record_outside

OUTAGE_SECONDS = float(os.environ.get('BANGBAN_OUTAGE_SECONDS', '3'))


KIOSK = {'width': 1080, 'height': 1920}


@pytest.fixture(scope='module')
def steady_server(databases, tmp_path_factory):
    server = LiveServer(databases.fresh('demo'),
                        str(tmp_path_factory.mktemp('steady')))
    yield server
    server.stop()


@pytest.fixture
def _server(steady_server):
    """This module's server, running when a test starts."""
    if not steady_server.running:
        steady_server.start()
    return steady_server


def outage(server, seconds=OUTAGE_SECONDS):
    """Keep the server down for the outage, then bring it back."""
    time.sleep(seconds)
    server.start()


def watch_for_error_pages(page):
    """Every document the page showed that was an error: the browser's own
    (chrome-error://) or an HTTP error."""
    seen = []
    page.on('framenavigated', lambda frame: frame == page.main_frame and
            frame.url.startswith('chrome-error:') and seen.append(frame.url))
    page.on('response', lambda response: response.request.resource_type == 'document'
            and response.status >= 400 and seen.append((response.url, response.status)))
    return seen


def kiosk_browser(browser, profile, server):
    """Chromium with a profile kept on disk, as a kiosk keeps it across
    reboots; requests leaving the server are recorded."""
    context = browser.browser_type.launch_persistent_context(
        profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS,
        viewport=KIOSK, locale='zh-CN')
    context.outside = record_outside(context, server.url)
    return context
