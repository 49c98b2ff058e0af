"""The applicant's pages: progress by receipt code (/p/), evaluation,
booking and requests for help (/book/)."""
from flask import Blueprint, make_response

bp = Blueprint('public', __name__)


def init_app(app):
    booking_limits(app.config.get('BOOKING_LIMITS') or {})
    # The modules that add the routes import the blueprint from here.
    from . import booking, large_text, progress, requests  # noqa: F401
    app.register_blueprint(bp)


def booking_limits(limits):
    """BOOKING_LIMITS as configured, checked: a mistake stops start-up."""
    import models
    for name, value in limits.items():
        if name not in models.BOOKING_LIMITS or not isinstance(value, int) \
                or isinstance(value, bool) or value < 0:
            raise ValueError('BOOKING_LIMITS takes %s, each a whole number '
                             '0 or more: got %r=%r' % (
                                 ', '.join(models.BOOKING_LIMITS), name, value))
    return limits


def private(body, status=200):
    """A response that no browser or proxy keeps: it shows personal data."""
    response = make_response(body, status)
    response.headers['Cache-Control'] = 'no-store'
    response.headers['X-Robots-Tag'] = 'noindex'
    return response

