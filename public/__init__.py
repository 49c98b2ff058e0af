"""The applicant's pages: progress by receipt code (/p/), evaluation, booking (/book/)."""
from flask import Blueprint, make_response

bp = Blueprint('public', __name__)


def init_app(app):
    app.register_blueprint(bp)


def private(body, status=200):
    """A response that no browser or proxy keeps: it shows personal data."""
    response = make_response(body, status)
    response.headers['Cache-Control'] = 'no-store'
    response.headers['X-Robots-Tag'] = 'noindex'
    return response


from . import booking, progress  # noqa: E402,F401  (routes on bp)
