"""The versioned API for integrations (/api/v1), its OpenAPI document
(/api/openapi.json) and a page to browse it (/api/docs).

flask-smorest builds the document from the same marshmallow schemas that
write the responses, so the two cannot drift apart; it is maintained, and
its parameters and responses come from webargs and apispec, both widely
used. Errors under /api/ are problem documents (problems.py)."""
from flask import Blueprint, abort, current_app, render_template, request
from flask_smorest import Api
from werkzeug.routing import IntegerConverter

import models
import web

from . import problems, schemas, writes  # noqa: F401 (writes adds routes)
from .resources import bp as v1

docs_bp = Blueprint('api_docs', __name__, url_prefix='/api')


class ProblemApi(Api):
    """flask-smorest's Api whose errors are problem documents, for /api/
    only: the rest of the app keeps its HTML error pages."""
    ERROR_SCHEMA = schemas.Problem

    def _register_error_handlers(self):
        problems.install(self._app)

    def _register_responses(self):
        # Error responses are documented as application/problem+json.
        self.DEFAULT_RESPONSE_CONTENT_TYPE = problems.PROBLEM
        try:
            super()._register_responses()
        finally:
            del self.DEFAULT_RESPONSE_CONTENT_TYPE


MAX_ID = 2**31 - 1  # the databases' integer keys


class IdConverter(IntegerConverter):
    """A record's id in a path: a larger number is no record (404), never
    a number the database cannot take."""

    def __init__(self, url_map):
        super().__init__(url_map, max=MAX_ID)


def client_key():
    """Rate limits count per client: its token, hashed (no database read)."""
    header = request.headers.get('Authorization', '')
    if header.lower().startswith('bearer ') and len(header) < 200:
        return 'api:' + models.digest(header[7:].strip())
    return 'api-anonymous:' + web.client_key()


def limit_reads():
    """API_RATE_LIMIT's (requests, seconds) per client, counted in each
    worker's memory by the app's read limits (web.ReadLimits)."""
    limit, seconds = current_app.config['API_RATE_LIMIT']
    if not web.read_limits().allow(('api', client_key()), limit, seconds):
        abort(429)


v1.before_request(limit_reads)


def init_app(app):
    """Register the API, its document and its docs page. Called after the
    other faces, so that its problem documents go in front of their error
    pages for /api/ requests."""
    config = app.config
    config.setdefault('API_TITLE', 'Bangban API')
    config.setdefault('API_VERSION', 'v1')
    config.setdefault('OPENAPI_VERSION', '3.0.3')
    config.setdefault('OPENAPI_URL_PREFIX', '/api')
    config.setdefault('OPENAPI_JSON_PATH', 'openapi.json')
    # Per client and worker, counted in memory: a read never writes.
    config.setdefault('API_RATE_LIMIT', (120, 60))
    # Writes write anyway: counted in the database, across workers.
    config.setdefault('API_WRITE_LIMIT', (60, 60))
    config.setdefault('API_SPEC_OPTIONS', {
        'info': {'description': (
            'Read the halls, departments, items and bundles, windows and '
            'the queue, cases with their history, tickets, appointments, '
            'the alerts and the monthly statistics (附件8) of the halls a '
            'client may read. A client with read and write access may also '
            'send requests for help (线上帮办, POST /requests), issue queue '
            'tickets (POST /tickets) and book appointments (POST '
            '/appointments); send an `Idempotency-Key` header to '
            'make a retry safe. Send the token issued in the portal (Accounts → API '
            'clients) as `Authorization: Bearer <token>`. Lists are paged by '
            'id: follow `next`. Errors are application/problem+json with a '
            'stable `code`.')},
        'components': {'securitySchemes': {'bearer': {
            'type': 'http', 'scheme': 'bearer'}}},
        'security': [{'bearer': []}],
    })
    web.csrf.exempt(v1)  # a token, not a cookie: no cross-site forgery
    app.url_map.converters['id'] = IdConverter
    api = ProblemApi(app)
    api.register_converter(IdConverter, lambda converter: {
        'type': 'integer', 'minimum': 0, 'maximum': MAX_ID})
    api.register_blueprint(v1)
    app.register_blueprint(docs_bp)
    app.extensions['api'] = api


@docs_bp.route('/docs')
def docs():
    """The API's documentation, browsable, from vendored Swagger UI."""
    return render_template('api/docs.html')
