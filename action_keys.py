"""Every state-changing kiosk and desk action happens once per form.

A form carries a one-time key (`action_key_field()` in its template). The
view, decorated with `once`, claims the key in the same transaction as the
action: the first request does the action, and any other request with the
same key (a double tap, a second click, a resubmit from the back button) is
answered with the first one's result: the same page, and what the first
request left in the session (the kiosk keeps its current case there).

Keys are never written when a page is shown, only when a form is sent. A
claim whose action was refused or only showed a page again is released, so
the corrected form can be sent again. Kept keys are deleted by the next
action once they are older than ACTION_KEY_MAX_AGE (12 hours by default, a
working day), so the table holds at most a day's actions.

Forms sent by script (static/js/steady.js, which sends again until the
server answers) say so with a `Bangban-Steady` header; a redirect is then
answered with its address in `Bangban-Location` and no redirect, so the page
goes there itself and the messages the action flashed are shown once, not
swallowed by a redirect that the script's request followed.

Where the next screen follows from the action alone (a case opened is
screened next), a view answers with `onward(address, page)`: the browser's
own form is redirected there as before, while a form sent by script gets
that page at once, with its address in `Bangban-Location` for the script to
show in the address bar: one request instead of two. The page is made after
the action's transaction ends, so the write lock is not held while it is.
"""
import contextlib
import datetime
import functools
import json
import re
import secrets
import urllib.parse

from flask import (
    current_app, flash, g, redirect, request, session,
)
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.exceptions import BadRequest
from werkzeug.wrappers import Response

import models

FIELD = 'action_key'
STEADY = 'Bangban-Steady'             # request: sent by steady.js
STEADY_LOCATION = 'Bangban-Location'  # answer: where the action led
STEADY_WAITED = 'Bangban-Waited'      # request: seconds since it was tapped
KEY = re.compile(r'[A-Za-z0-9_-]{16,64}')
# What Flask and Flask-WTF keep in the session for themselves: never replayed.
OWN_KEYS = ('_flashes', 'csrf_token', '_permanent')
REFUSED = ('error', 'warning')


class ActionKeyError(BadRequest):
    """The form's key is missing, malformed, or another form's."""


def init_app(app):
    """Offer `action_key_field()` to templates; answer bad keys as expired."""
    app.config.setdefault('ACTION_KEY_MAX_AGE', datetime.timedelta(hours=12))
    # Forms rendered by this server always carry a key, as they carry a CSRF
    # token; tests that post without a CSRF token may post without a key.
    app.config.setdefault('ACTION_KEYS_REQUIRED',
                          app.config.get('WTF_CSRF_ENABLED', True))
    app.jinja_env.globals['action_key_field'] = action_key_field
    app.after_request(_location_for_script)
    import web
    app.register_error_handler(ActionKeyError, web.form_expired)


def action_key_field():
    """A hidden field with a fresh key, for one form (call it per form)."""
    return Markup('<input type="hidden" name="%s" value="%s">') % (
        FIELD, secrets.token_urlsafe(18))


def waited():
    """How long a form sent by steady.js has waited for the server, in
    seconds (0 for any other request): the helper tapped it that long ago,
    so the terminal was in use then, however long the outage lasted. At
    most ACTION_KEY_MAX_AGE: a key is not kept longer."""
    if request.headers.get(STEADY) != '1':
        return 0
    value = request.headers.get(STEADY_WAITED, '')
    if not re.fullmatch('[0-9]{1,9}', value):
        return 0
    longest = current_app.config['ACTION_KEY_MAX_AGE'].total_seconds()
    return min(int(value), longest)


def _location_for_script(response):
    """A redirect answering a form sent by steady.js, as its address."""
    if request.headers.get(STEADY) == '1' and response.status_code in (
            301, 302, 303, 307, 308):
        # In place: cookies the view set (a terminal bound) are kept.
        response.headers[STEADY_LOCATION] = response.headers.pop('Location')
        response.status_code = 200
        response.set_data(b'')
        response.headers['Cache-Control'] = 'no-store'
    return response


def by_script():
    """Whether the form was sent by steady.js."""
    return request.headers.get(STEADY) == '1'


class Onward:
    """Where an action leads, and how to make that page (see the module)."""

    def __init__(self, location, page):
        self.location = location
        self.page = page

    def respond(self):
        """The next page itself for a form sent by script; a redirect to it
        for any other."""
        if not by_script():
            return redirect(self.location)
        with _at(self.location):
            response = current_app.make_response(self.page())
        if response.status_code == 200:
            response.headers[STEADY_LOCATION] = self.location
            response.headers['Cache-Control'] = 'no-store'
        return response


# What werkzeug works out from the request's address and keeps.
_ADDRESS_CACHE = ('args', 'full_path', 'url', 'base_url')


@contextlib.contextmanager
def _at(location):
    """The request as if at `location` while its page is made: what the
    page builds from its own address (the language switch's way back, the
    search's query) is the page's, not the form's it answers."""
    parts = urllib.parse.urlsplit(location)
    saved = request.path, request.query_string
    request.path, request.query_string = parts.path, parts.query.encode()
    for name in _ADDRESS_CACHE:
        request.__dict__.pop(name, None)
    try:
        yield
    finally:
        request.path, request.query_string = saved
        for name in _ADDRESS_CACHE:
            request.__dict__.pop(name, None)


def onward(location, page):
    """Answer an action with the page at `location`, made by `page()`."""
    return Onward(location, page)


def _sender():
    """Who sends the form: the helper and terminal, or the portal user."""
    kiosk = g.get('kiosk')
    if kiosk is not None:
        return g.get('kiosk_user'), kiosk
    return g.get('user'), None


def once(view):
    """Run a POST view at most once per action key (see the module)."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if request.method != 'POST':
            return view(*args, **kwargs)
        key = request.form.get(FIELD)
        if key is None and not current_app.config['ACTION_KEYS_REQUIRED']:
            return _answer(view(*args, **kwargs))
        if key is None or not KEY.fullmatch(key):
            raise ActionKeyError()
        user, kiosk = _sender()
        with models.write_transaction():
            earlier = models.ActionKey.claim(
                key, request.path, user, kiosk,
                max_age=current_app.config['ACTION_KEY_MAX_AGE'])
            if earlier is not None:
                return _replay(earlier, user, kiosk)
            flashes = len(session.get('_flashes', []))
            before = _session_state()
            response = view(*args, **kwargs)
            if _done(response, flashes):
                models.ActionKey.settle(key, _result(response, before))
            else:
                models.ActionKey.release(key)
        return _answer(response)
    wrapped.action_key = True
    return wrapped


def _session_state():
    """The session as the view found it, as plain data."""
    return json.loads(json.dumps({k: v for k, v in session.items()
                                  if k not in OWN_KEYS}))


def _answer(response):
    """What the view returned, as the answer to send."""
    return response.respond() if isinstance(response, Onward) else response


def _location(response):
    """Where a view's answer leads: a redirect's or an `onward` address."""
    if isinstance(response, Onward):
        return response.location
    if isinstance(response, Response) and response.status_code // 100 == 3:
        return response.headers['Location']
    return None


def _done(response, flashes):
    """Whether the action went through: it led on, refusing nothing."""
    if _location(response) is None:
        return False
    return not any(category in REFUSED
                   for category, _ in session.get('_flashes', [])[flashes:])


def _result(response, before):
    """Where the action led, and what it changed in the session."""
    after = _session_state()
    return json.dumps({
        'location': _location(response),
        'session': {k: v for k, v in after.items() if before.get(k) != v},
        'removed': [k for k in before if k not in after],
    })


def _replay(earlier, user, kiosk):
    """Answer a repeat with the first request's result, doing nothing."""
    if not earlier.result or not earlier.same_sender(request.path, user, kiosk):
        raise ActionKeyError()
    result = json.loads(earlier.result)
    for name in result['removed']:
        session.pop(name, None)
    session.update(result['session'])
    flash(_('This was already done once; here is the result. Nothing was '
            'done twice.'), 'info')
    return redirect(result['location'])
