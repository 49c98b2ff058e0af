"""The terminal itself: binding a device to its Kiosk record, staff sign-in
with a badge or a PIN, and the idle reset that clears the screen and session.

The device token lives in a long-lived httponly cookie and is checked against
the database on every kiosk request, so rotating it in the portal unbinds the
terminal at once. What a signed-in helper is doing lives in `session['kiosk']`.
"""
import functools

from flask import (
    current_app, flash, g, redirect, render_template, request, session,
    url_for,
)
from flask_babel import gettext as _

import action_keys
import bilingual
import models
from kiosk import bp, scan
from web import applicant_link_base, client_key, private_address, rate_limited

COOKIE = 'bangban_kiosk'
COOKIE_MAX_AGE = 5 * 365 * 24 * 3600
OPEN_ENDPOINTS = {'kiosk.bind'}


def state():
    """What this terminal's session holds (kiosk id, helper, current work)."""
    return session.get('kiosk') or {}


def remember(**values):
    """Add to the terminal's session state."""
    current = dict(state())
    current.update(values)
    session['kiosk'] = current


def forget(*keys):
    """Drop parts of the terminal's session state."""
    session['kiosk'] = {k: v for k, v in state().items() if k not in keys}


def clear(*keep):
    """Clear the session, keeping the messages still to show (the idle
    reset notice, the bind confirmation: shown on the next page, which would
    clear them again) and the `keep` keys."""
    kept = {key: session[key] for key in ('_flashes',) + keep if key in session}
    session.clear()
    session.update(kept)


@bp.before_request
def load_terminal():
    """Every kiosk request: the device proves itself; idle screens reset."""
    g.kiosk = models.Kiosk.by_token(request.cookies.get(COOKIE))
    g.kiosk_user = None
    if g.kiosk is not None:
        bilingual.use(lambda: g.kiosk.hall)
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if g.kiosk is None:
        session.pop('kiosk', None)
        if request.cookies.get(COOKIE):
            flash(_('This terminal\'s token was replaced or withdrawn. '
                    'A manager must bind it again.'), 'error')
        return redirect(url_for('kiosk.bind'))
    current, now = state(), models.seconds()
    if current.get('id') != g.kiosk.id:
        clear()
        current = {}
    elif (now - current.get('seen', now) - action_keys.waited()
          > current_app.config['KIOSK_IDLE_SECONDS']):
        # Whatever the last applicant left on screen goes with the session.
        clear()
        current = {}
        flash(_('The terminal was idle and has returned to its start screen.'),
              'info')
    remember(**dict(current, id=g.kiosk.id, seen=now))
    user_id = current.get('user')
    user = models.User.get_or_none(models.User.id == user_id) if user_id else None
    if user is not None and g.kiosk.admits(user):
        g.kiosk_user = user
    elif user_id is not None:
        session['kiosk'] = {'id': g.kiosk.id, 'seen': now}
    return None


def unreachable_links():
    """The address printed receipts link to, when phones cannot open it
    (PUBLIC_URL unset, and the terminal reaches the server on a private or
    loopback address); None when it is fine."""
    base = applicant_link_base()
    return base if private_address(base) else None


def helper_required(view):
    """Kiosk work needs a signed-in helper; others see the start screen."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if g.get('kiosk_user') is None:
            return redirect(url_for('kiosk.start'))
        return view(*args, **kwargs)
    return wrapped


@bp.app_context_processor
def terminal_context():
    """The hall, the terminal and the helper, for every kiosk template."""
    if not request.blueprint == 'kiosk':
        return {}
    return {'terminal': g.get('kiosk'), 'kiosk_user': g.get('kiosk_user'),
            'idle_seconds': current_app.config['KIOSK_IDLE_SECONDS'],
            'unreachable_links': unreachable_links,
            'service_forms': dict(models.SERVICE_FORMS),
            'material_forms': dict(models.MATERIAL_FORMS)}


@bp.route('/bind', methods=['GET', 'POST'])
@rate_limited('kiosk-bind')
def bind():
    """A manager binds this device to its Kiosk record with the device token."""
    if request.method == 'POST':
        username = (request.form.get('username') or '').strip()
        token = (request.form.get('token') or '').strip()
        user = models.User.get_or_none(models.User.username == username)
        payload = scan.parse(token)
        kiosk = models.Kiosk.by_token(token) if payload and \
            payload.kind == 'kiosk' else None
        if user is not None and user.is_locked():
            flash(_('This account is locked after repeated failures. '
                    'Try again in %(m)d minutes or ask an administrator.',
                    m=models.User.LOCK_MINUTES), 'error')
        elif user is None or not user.check_password(
                request.form.get('password') or ''):
            flash(_('Wrong account or password.'), 'error')
        elif not user.may('manage_hall'):
            flash(_('Only a hall manager or a city administrator can bind '
                    'a terminal.'), 'error')
        elif kiosk is None:
            flash(_('This is not a valid terminal token, or it was replaced. '
                    'Issue a new token in the portal.'), 'error')
        elif not kiosk.bindable_by(user):
            flash(_('This terminal belongs to a hall outside your scope.'),
                  'error')
        else:
            models.AuditLog.record(user, 'bind', 'Kiosk', kiosk.id,
                                   hall=kiosk.hall_id,
                                   after={'kiosk': kiosk.name})
            clear()
            flash(_('This terminal is now %(kiosk)s at %(hall)s.',
                    kiosk=kiosk.name, hall=kiosk.hall.name), 'success')
            response = redirect(url_for('kiosk.start'))
            response.set_cookie(COOKIE, token, max_age=COOKIE_MAX_AGE,
                                path='/kiosk', httponly=True,
                                secure=request.is_secure, samesite='Strict')
            return response
    return render_template('kiosk/bind.html')


@bp.route('/')
def start():
    """The start screen: hall, terminal, helper on duty, and staff sign-in."""
    if g.kiosk_user is not None:
        return redirect(url_for('kiosk.desk'))
    return render_template('kiosk/start.html',
                           on_duty=g.kiosk.helper_on_duty())


def _sign_in(user):
    """Start a fresh terminal session for a helper, in the chosen language."""
    clear('lang')
    remember(id=g.kiosk.id, seen=models.seconds(), user=user.id)
    models.AuditLog.record(user, 'kiosk_signin', 'Kiosk', g.kiosk.id,
                           hall=g.kiosk.hall_id)
    return redirect(url_for('kiosk.desk'))


def _refused(user, method):
    """A failed sign-in at this terminal, for the audit log: the account when
    it exists and the address, never what was typed (it may be a PIN)."""
    models.AuditLog.record(user, 'kiosk_signin_fail', 'Kiosk', g.kiosk.id,
                           hall=g.kiosk.hall_id,
                           after={'method': method, 'address': client_key()})


@bp.route('/signin/badge', methods=['POST'])
@rate_limited('kiosk-signin')
def signin_badge():
    """Sign in by scanning a staff badge QR."""
    payload = scan.parse(request.form.get('code'))
    if payload is None or payload.kind != 'badge':
        flash(_('That is not a staff badge. Scan the QR code on your badge, '
                'or sign in with your account and PIN.'), 'error')
        return redirect(url_for('kiosk.start'))
    user = models.User.by_badge(payload.value)
    if user is None or not g.kiosk.admits(user):
        _refused(user, 'badge')
        flash(_('This badge cannot sign in at this terminal (unknown, '
                'replaced, or another hall).'), 'error')
        return redirect(url_for('kiosk.start'))
    return _sign_in(user)


@bp.route('/signin/pin', methods=['POST'])
@rate_limited('kiosk-signin')
def signin_pin():
    """Sign in with account and kiosk PIN; wrong PINs count toward the same
    lockout as wrong passwords."""
    username = (request.form.get('username') or '').strip()
    user = models.User.get_or_none(models.User.username == username)
    if user is not None and user.is_locked():
        _refused(user, 'pin')
        flash(_('This account is locked after repeated failures. '
                'Try again in %(m)d minutes or ask an administrator.',
                m=models.User.LOCK_MINUTES), 'error')
    elif user is None or not user.check_pin(request.form.get('pin') or ''):
        _refused(user, 'pin')
        if user is not None and user.is_locked():
            flash(_('This account is locked after repeated failures. '
                    'Try again in %(m)d minutes or ask an administrator.',
                    m=models.User.LOCK_MINUTES), 'error')
        else:
            flash(_('Wrong account or PIN.'), 'error')
    elif not g.kiosk.admits(user):
        _refused(user, 'pin')
        flash(_('This account cannot sign in at this terminal.'), 'error')
    else:
        return _sign_in(user)
    return redirect(url_for('kiosk.start'))


@bp.route('/signout', methods=['POST'])
def signout():
    """Sign out and clear everything (also what the idle timer sends)."""
    clear()
    if request.form.get('idle'):
        flash(_('The terminal was idle and has returned to its start screen.'),
              'info')
    return redirect(url_for('kiosk.start'))
