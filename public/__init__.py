"""The applicant's pages: progress by receipt code (/p/), evaluation, booking (/book/)."""
from flask import Blueprint

bp = Blueprint('public', __name__)


def init_app(app):
    app.register_blueprint(bp)


from . import booking, progress  # noqa: E402,F401  (routes on bp)
