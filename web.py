"""What the three faces share: language, CSRF, security headers, limits, health."""
import functools

from flask import (
    Blueprint, abort, current_app, g, has_request_context, jsonify, redirect,
    render_template, request, session, url_for,
)
import flask_babel
from flask_babel import Babel, gettext as _
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

import models

bp = Blueprint('web', __name__)
csrf = CSRFProtect()

# Nothing is loaded from outside the server: halls sit on intranets.
CONTENT_SECURITY_POLICY = '; '.join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' data: blob: mediastream:",
    "connect-src 'self'",
    "frame-ancestors 'self'",
    "form-action 'self'",
])


def select_locale():
    """The language chosen by the user, else Chinese."""
    chosen = session.get('lang') if has_request_context() else None
    if chosen in current_app.config['LANGUAGES']:
        return chosen
    return current_app.config['BABEL_DEFAULT_LOCALE']


def init_app(app):
    """Install language, CSRF, headers, error pages and the shared routes."""
    if app.config.get('TRUSTED_PROXIES'):
        hops = int(app.config['TRUSTED_PROXIES'])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops,
                                x_host=hops)
    Babel(app, locale_selector=select_locale)
    # An app context can outlive a request (CLI, tests): never reuse its
    # cached language for the next request.
    app.before_request(flask_babel.refresh)
    csrf.init_app(app)
    app.register_blueprint(bp)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(413, _too_large)
    app.register_error_handler(404, _not_found)
    app.register_error_handler(429, _too_many)
    app.after_request(_security_headers)
    app.jinja_env.globals['current_locale'] = select_locale


def _security_headers(response):
    response.headers.setdefault('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    response.headers.setdefault('X-Content-Type-Options', 'nosniff')
    response.headers.setdefault('Referrer-Policy', 'same-origin')
    response.headers.setdefault('X-Frame-Options', 'SAMEORIGIN')
    return response


def _message_page(status, title, message):
    return render_template('message.html', title=title, message=message), status


def _csrf_error(error):
    return _message_page(400, _('Form expired'), _(
        'This form has expired or was already sent. Go back, reload the page '
        'and try again. Nothing was changed.'))


def _too_large(error):
    return _message_page(413, _('File too large'), _(
        'The file is larger than %(mb)d MB. Nothing was changed.',
        mb=current_app.config['MAX_CONTENT_LENGTH'] // (1024 * 1024)))


def _not_found(error):
    return _message_page(404, _('Not found'), _(
        'There is nothing at this address.'))


def _too_many(error):
    return _message_page(429, _('Too many requests'), _(
        'Too many requests from this device. Please wait a minute and try again.'))


def client_key():
    """Who is asking, for rate limits: the client address.

    Forwarded-for headers are trusted only through ProxyFix (config
    TRUSTED_PROXIES), so a client cannot pick its own address.
    """
    return request.remote_addr or 'unknown'


def rate_limited(name, limit=None, per=None):
    """Limit a public endpoint per client, across all workers and hosts."""
    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            default_limit, default_per = current_app.config['PUBLIC_RATE_LIMIT']
            if not models.RateHit.allow('%s:%s' % (name, client_key()),
                                        limit or default_limit,
                                        per or default_per):
                abort(429)
            return view(*args, **kwargs)
        return wrapped
    return decorator


@bp.route('/lang/<code>', methods=['POST'])
def set_language(code):
    """Switch the interface language, then go back where the user was."""
    if code in current_app.config['LANGUAGES']:
        session['lang'] = code
    target = request.form.get('next') or '/'
    if not target.startswith('/') or target.startswith('//'):
        target = '/'
    return redirect(target)


@bp.route('/healthz')
def healthz():
    """For load balancers: the app answers and the database responds."""
    try:
        models.db.connect(reuse_if_open=True)
        models.db.execute_sql('SELECT 1')
    except Exception:  # any database failure means "not healthy"
        return jsonify(status='error', db='unreachable'), 503
    return jsonify(status='ok', db='ok', details=health_details())


def health_details():
    """What works but needs someone's attention (still status 200): the
    years in use whose holiday notice no source knows, per city."""
    import calendar_library
    cities = (models.Hall.select(models.Hall.id, models.Hall.code)
              .where(models.Hall.parent.is_null())
              .order_by(models.Hall.code))
    unknown = [{'city': city.code, 'year': year,
                'problem': 'holiday notice unknown: due dates provisional'}
               for city in cities
               for year in models.unknown_notice_years(city.id)]
    return {'calendar': dict(calendar_library.versions(),
                             unknown_notices=unknown)}


@bp.route('/')
def index():
    """The root sends staff to the portal."""
    return redirect(url_for('portal_auth.login'))


def current_user():
    return g.get('user')
