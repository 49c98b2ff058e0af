"""Staff sign-in, idle timeout, and the access checks every portal view uses."""
import datetime
import functools
from urllib.parse import urlsplit

from flask import (
    Blueprint, abort, current_app, flash, g, has_request_context, redirect,
    render_template, request, session, url_for,
)
from flask_admin import AdminIndexView, expose
from flask_babel import gettext as _

import models
import web

from .audit import record_refused_page

bp = Blueprint('portal_auth', __name__, url_prefix='/portal')


# Standing warnings shown on every portal page until their cause is fixed
# (an unset setting, a calendar year nobody has entered): functions of the
# signed-in user that return messages. Parts of the portal add their own.
NOTICES = []


def notice(check):
    """Register a standing warning: `check(user)` returns messages to show."""
    NOTICES.append(check)
    return check


def portal_notices():
    """The standing warnings for the signed-in user, in their language."""
    user = g.get('user')
    if user is None:
        return []
    return [message for check in NOTICES for message in check(user)]


def init_app(app):
    app.before_request(load_user)
    app.after_request(record_refused_page)
    app.jinja_env.globals['portal_user'] = lambda: g.get('user')
    app.jinja_env.globals['portal_notices'] = portal_notices


def load_user():
    """Put the signed-in staff member on `g`, ending idle sessions."""
    g.user = None
    user_id = session.get('user_id')
    if user_id is None:
        return
    idle = datetime.timedelta(minutes=current_app.config['SESSION_IDLE_MINUTES'])
    last_seen = session.get('last_seen', 0)
    now = models.seconds()
    if now - last_seen > idle.total_seconds():
        session.clear()
        flash(_('You were signed out after %(m)d minutes without activity.',
                m=current_app.config['SESSION_IDLE_MINUTES']), 'warning')
        return
    user = models.User.get_or_none(models.User.id == user_id)
    if (user is None or not user.is_active or user.is_locked()
            or session.get('epoch') != user.session_epoch):
        session.clear()  # disabled, locked, signed out or password changed
        return
    session['last_seen'] = now
    g.user = user


def login_required(view):
    """Staff only; anonymous users go to the sign-in page."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if g.get('user') is None:
            return redirect(url_for('portal_auth.login', next=request.full_path))
        return view(*args, **kwargs)
    return wrapped


def permission_required(permission):
    """Staff whose role holds the permission (models.PERMISSIONS); others
    get 403."""
    models.roles_that(permission)  # a misspelt permission fails at import

    def decorator(view):
        @login_required
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not g.user.may(permission):
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def scope():
    """The hall ids the signed-in user may see."""
    if 'scope' not in g:
        g.scope = g.user.scope_hall_ids() if g.get('user') else []
    return g.scope


def safe_next(target):
    """Follow `next` only within this site."""
    if not target:
        return None
    parts = urlsplit(target)
    # Browsers read a leading "//", or any backslash, as another site.
    if (parts.scheme or parts.netloc or not target.startswith('/')
            or target.startswith('//') or '\\' in target):
        return None
    return target


@bp.route('/login', methods=['GET', 'POST'])
def login():
    """Sign in with account and password; accounts lock after failures."""
    error = None
    if request.method == 'POST':
        username = (request.form.get('username') or '').strip()[:60]
        password = request.form.get('password') or ''
        attempts, seconds = current_app.config['LOGIN_RATE_LIMIT']
        if not models.RateHit.allow('login:%s' % web.client_key(), attempts,
                                    seconds):
            # Per device as well as per account: guessing one password
            # across many accounts is stopped too.
            error = _('Too many sign-in attempts from this device. Wait '
                      '%(m)d minutes and try again.', m=seconds // 60)
            return render_template('portal/login.html', error=error,
                                   demo=False), 429
        user = models.User.get_or_none(models.User.username == username)
        if user is not None and user.is_locked():
            error = _('This account is locked after repeated failures. '
                      'Try again in %(m)d minutes or ask an administrator.',
                      m=models.User.LOCK_MINUTES)
        elif user is not None and user.check_password(password):
            session.clear()
            session['user_id'] = user.id
            session['epoch'] = user.session_epoch
            session['last_seen'] = models.seconds()
            models.AuditLog.record(user, 'login', 'User', user.id,
                                   hall=user.hall_id)
            return redirect(safe_next(request.args.get('next'))
                            or url_for('admin.index'))
        else:
            error = _('Wrong account or password.')
        if error:
            models.AuditLog.record(
                user, 'login_failed', 'User', user.id if user else '',
                after={'username': username, 'address': web.client_key()},
                hall=user.hall_id if user else None)
    demo = models.User.select().where(
        models.User.username == 'demo-city').exists()
    return render_template('portal/login.html', error=error, demo=demo)


@bp.route('/logout', methods=['POST'])
def logout():
    """End the session, on every server: the cookie stops being valid."""
    if g.get('user') is not None:
        g.user.end_sessions()
        models.AuditLog.record(g.user, 'logout', 'User', g.user.id,
                               hall=g.user.hall_id)
    session.clear()
    flash(_('You have signed out.'), 'info')
    return redirect(url_for('portal_auth.login'))


def may(permission):
    """Whether the signed-in user holds a permission (models.PERMISSIONS);
    nobody does outside requests."""
    user = g.get('user') if has_request_context() else None
    return user is not None and user.may(permission)


class AccessMixin:
    """Flask-Admin views: staff holding `permission` get in (None: every
    signed-in account), others get 403, anonymous users go to sign-in."""
    permission = 'read_hall'

    def is_accessible(self):
        if self.permission is None:
            return has_request_context() and g.get('user') is not None
        return may(self.permission)

    def inaccessible_callback(self, name, **kwargs):
        if g.get('user') is None:
            return redirect(url_for('portal_auth.login', next=request.full_path))
        abort(403)


class PortalHome(AccessMixin, AdminIndexView):
    """The portal's landing page: what needs attention in the user's halls."""
    permission = None

    @expose('/')
    def index(self):
        halls = scope()
        overdue = models.Case.overdue(halls).count()
        open_cases = (models.Case.select()
                      .where(models.Case.hall.in_(halls),
                             models.Case.status.in_(models.OPEN_STATUSES))
                      .count())
        follow_ups = (models.FollowUp.select()
                      .where(models.FollowUp.hall.in_(halls),
                             models.FollowUp.closed_at.is_null())
                      .count())
        from .helper_home import upcoming_duty, works_at_kiosks_only
        helper = works_at_kiosks_only(g.user)
        return self.render('portal/home.html', overdue=overdue,
                           open_cases=open_cases, follow_ups=follow_ups,
                           helper=helper,
                           duty=upcoming_duty(g.user) if helper else [])
