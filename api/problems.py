"""Errors of the API in one shape, `application/problem+json` (RFC 9457):
type, title, status and detail, and a stable `code` integrators rely on.

Only requests under /api/ get them: every other page keeps its HTML error
page, whatever the error."""
import functools
import logging
from http import HTTPStatus

from flask import current_app, json, request
from flask_babel import force_locale
from i18n import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)
PROBLEM = 'application/problem+json'
PREFIX = '/api/'
TYPE = 'https://bangban.invalid/api/problems/'  # + code: a name, not a page

# The codes an integrator can rely on, with what each says.
CODES = {
    'token_missing': _l('Send the client\'s token in the Authorization '
                        'header: Bearer followed by the token.'),
    'token_invalid': _l('This token belongs to no client.'),
    'token_revoked': _l('This client was revoked: its token no longer '
                        'works.'),
    'not_found': _l('There is nothing at this address.'),
    'out_of_scope': _l('This client may not read this.'),
    'refused': _l('The request was refused and changed nothing: see the '
                  'reason.'),
    'idempotency_conflict': _l('This Idempotency-Key was used for another '
                               'call of this client.'),
    'invalid_parameter': _l('A parameter is missing or not valid.'),
    'method_not_allowed': _l('This address does not take this method.'),
    'rate_limited': _l('Too many requests from this client. Wait a minute '
                       'and try again.'),
    'server_error': _l('The server could not complete this request and '
                       'changed nothing. Try again later.'),
    'unavailable': _l('The service is unavailable for a moment. Try again '
                      'later.'),
}
BY_STATUS = {400: 'invalid_parameter', 401: 'token_missing',
             403: 'out_of_scope', 404: 'not_found',
             405: 'method_not_allowed', 422: 'invalid_parameter',
             429: 'rate_limited', 503: 'unavailable'}


class Problem(HTTPException):
    """An API refusal with its stable code; `errors` lists bad parameters."""

    def __init__(self, status, code, errors=None, detail=None):
        super().__init__()
        self.code, self.problem, self.errors = status, code, errors
        self.detail = detail


def is_api_request():
    return request.path.startswith(PREFIX) or request.path == PREFIX[:-1]


def locale():
    """The client's language from Accept-Language: English or Chinese
    (the default)."""
    for language, _quality in request.accept_languages:
        tag = language.lower()
        if tag.startswith('en'):
            return 'en'
        if tag.startswith('zh'):
            return 'zh_Hans_CN'
    return current_app.config['BABEL_DEFAULT_LOCALE']


def response(status, code, errors=None, headers=None, detail=None):
    """A problem document in the client's language; `detail` (a rule's
    reason) in place of the code's own text."""
    with force_locale(locale()):
        body = {'type': TYPE + code, 'title': HTTPStatus(status).phrase,
                'status': status, 'detail': str(detail or CODES[code]),
                'code': code}
    if errors:
        body['errors'] = errors
    return current_app.response_class(
        json.dumps(body, ensure_ascii=False), status=status,
        mimetype=PROBLEM, headers=headers or {})


def from_error(error):
    """The problem document of any error raised while serving the API."""
    if isinstance(error, Problem):
        return response(error.code, error.problem, error.errors,
                        detail=error.detail)
    if isinstance(error, HTTPException) and error.code and error.code < 500:
        data = getattr(error, 'data', None) or {}
        errors = data.get('messages') if isinstance(data, dict) else None
        headers = {}
        if error.code == 405 and error.valid_methods:
            headers['Allow'] = ', '.join(error.valid_methods)
        if error.code == 429:
            headers['Retry-After'] = '60'
        return response(error.code, BY_STATUS.get(error.code, 'invalid_parameter'),
                        errors=_plain(errors), headers=headers)
    if isinstance(error, HTTPException) and error.code == 503:
        return response(503, 'unavailable')
    original = getattr(error, 'original_exception', None) or error
    if not isinstance(original, HTTPException):
        log.error('API request failed: %s %s', request.method, request.path,
                  exc_info=original)
    return response(500, 'server_error')


def _plain(errors):
    """webargs' messages, as {location: {field: [message]}}: plain JSON."""
    if not isinstance(errors, dict):
        return None
    return json.loads(json.dumps(errors, default=str))


def api_first(handler):
    """An app error handler that answers /api/ requests with a problem."""
    @functools.wraps(handler)
    def handle(error):
        if is_api_request():
            return from_error(error)
        return handler(error)
    return handle


def install(app):
    """Put the API's problem documents in front of every error handler the
    app has, and handle under /api/ the errors that have none (405, 422)."""
    for handlers in app.error_handler_spec[None].values():
        for kind, handler in list(handlers.items()):
            handlers[kind] = api_first(handler)

    def other(error):
        return from_error(error) if is_api_request() else error
    app.register_error_handler(HTTPException, other)
