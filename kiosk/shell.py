"""The shells for outages of the kiosk and of the hall display: a service
worker that keeps the pages' static files and an offline page, so a
terminal or a wall screen rebooted while the server is unreachable still
shows its own screen, says it is offline, and comes back by itself when the
server answers.

Service workers run only in a secure context (HTTPS, or the server on
localhost); elsewhere both work as before without one (README, "The
kiosk terminal"). None of these addresses reads a cookie or the database:
the worker fetches the offline page without credentials, so it never
touches a session.
"""
import hashlib

from flask import abort, current_app, render_template, url_for
from flask_babel import force_locale

from kiosk import display_bp, shell_bp

# What the kiosk's pages load. Their addresses carry the content's digest
# (assets.py), so a changed file is a new address and a new worker.
KIOSK_ASSETS = (
    'css/bangban.css', 'css/kiosk.css', 'css/guide.css',
    'js/kiosk.js', 'js/steady.js', 'vendor/jsqr/jsQR.js',
)


# What the display's page loads (templates/display/offline.html too).
DISPLAY_ASSETS = ('css/bangban.css', 'css/display.css', 'js/steady.js')
# The recorded clips of a bilingual hall's Mongolian call (display.clip),
# kept as they are first played or as the screen asks when it loads.
DISPLAY_CLIPS = r'^/display/[^/]+/clip/[^/]+\?v=[0-9a-f]+$'


def offline_pages(endpoint):
    """The offline page's address in each language, by language."""
    return {language: url_for(endpoint, language=language)
            for language in current_app.config['LANGUAGES']}


def service_worker(name, asset_names, offline_endpoint, kept_when_used=None):
    """A service worker (templates/kiosk/sw.js) keeping these assets and
    these offline pages, under its own cache `name`; and the files whose
    path matches `kept_when_used` (a regular expression), once loaded or
    when a page asks (their addresses name their content)."""
    assets = [url_for('static', filename=asset) for asset in asset_names]
    pages = offline_pages(offline_endpoint)
    version = hashlib.sha256(
        '\n'.join(assets + sorted(pages.values())).encode()).hexdigest()[:16]
    body = render_template('kiosk/sw.js', name=name, assets=assets, pages=pages,
                           default=current_app.config['LANGUAGES'][0],
                           version=version, kept_when_used=kept_when_used)
    return body, 200, {
        'Content-Type': 'text/javascript; charset=utf-8',
        # Checked for a new release on every start, never kept stale.
        'Cache-Control': 'no-cache',
    }


def offline_page(template, language):
    """An offline page in its own language, not the one the session gives."""
    if language not in current_app.config['LANGUAGES']:
        abort(404)
    with force_locale(language):
        return render_template(template, current_locale=lambda: language)


@shell_bp.route('/sw.js')
def worker():
    """The kiosk's service worker, with this release's asset addresses."""
    return service_worker('kiosk', KIOSK_ASSETS, 'kiosk_shell.offline')


@shell_bp.route('/offline/<language>')
def offline(language):
    """The page shown instead of the browser's error page while the server
    cannot be reached; kept by the service worker."""
    return offline_page('kiosk/offline.html', language)


@display_bp.route('/sw.js', endpoint='worker')
def display_worker():
    """The hall display's service worker (scope /display/)."""
    return service_worker('display', DISPLAY_ASSETS, 'display.offline',
                          kept_when_used=DISPLAY_CLIPS)


@display_bp.route('/offline/<language>', endpoint='offline')
def display_offline(language):
    """The display's page while the server cannot be reached: it says so in
    the hall's language and loads the display again when the server answers."""
    return offline_page('display/offline.html', language)
