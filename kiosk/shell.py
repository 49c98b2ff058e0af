"""The kiosk's shell for outages: a service worker that keeps the kiosk's
static files and an offline page, so a terminal rebooted while the server
is unreachable still shows the kiosk's own screen, says it is offline, and
comes back by itself when the server answers.

Service workers run only in a secure context (HTTPS, or the server on
localhost); elsewhere the kiosk works as before without one (README, "The
kiosk terminal"). Neither address reads the terminal's cookie or the
database: the worker fetches the offline page without credentials, so it
never touches the terminal's session.
"""
import hashlib

from flask import abort, current_app, render_template, url_for
from flask_babel import force_locale

from kiosk import shell_bp

# What the kiosk's pages load. Their addresses carry the content's digest
# (assets.py), so a changed file is a new address and a new worker.
KIOSK_ASSETS = (
    'css/bangban.css', 'css/kiosk.css', 'css/guide.css',
    'js/kiosk.js', 'js/steady.js', 'vendor/jsqr/jsQR.js',
)


def offline_pages():
    """The offline page's address in each language, by language."""
    return {language: url_for('kiosk_shell.offline', language=language)
            for language in current_app.config['LANGUAGES']}


@shell_bp.route('/sw.js')
def worker():
    """The service worker, with this release's asset addresses."""
    assets = [url_for('static', filename=name) for name in KIOSK_ASSETS]
    pages = offline_pages()
    version = hashlib.sha256(
        '\n'.join(assets + sorted(pages.values())).encode()).hexdigest()[:16]
    body = render_template('kiosk/sw.js', assets=assets, pages=pages,
                           default=current_app.config['LANGUAGES'][0],
                           version=version)
    return body, 200, {
        'Content-Type': 'text/javascript; charset=utf-8',
        # Checked for a new release on every kiosk start, never kept stale.
        'Cache-Control': 'no-cache',
    }


@shell_bp.route('/offline/<language>')
def offline(language):
    """The page shown instead of the browser's error page while the server
    cannot be reached; kept by the service worker."""
    if language not in current_app.config['LANGUAGES']:
        abort(404)
    with force_locale(language):
        # The page's own language, not the one the session would give.
        return render_template('kiosk/offline.html',
                               current_locale=lambda: language)
