"""The self-service terminal (/kiosk/) and the hall's call screen (/display/)."""
from flask import Blueprint

bp = Blueprint('kiosk', __name__, url_prefix='/kiosk')
display_bp = Blueprint('display', __name__, url_prefix='/display')


def init_app(app):
    """Register the terminal and the call screen."""
    app.register_blueprint(bp)
    app.register_blueprint(display_bp)


# The routes, registered on the blueprints above.
from kiosk import display, printing, screening, terminal, views  # noqa: E402,F401
