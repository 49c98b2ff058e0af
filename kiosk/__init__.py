"""The self-service terminal (/kiosk/) and the hall's call screen (/display/)."""
from flask import Blueprint

bp = Blueprint('kiosk', __name__, url_prefix='/kiosk')
display_bp = Blueprint('display', __name__, url_prefix='/display')
# The service worker and offline page: under /kiosk/ for the worker's scope,
# but outside the terminal's checks (kiosk.terminal.load_terminal).
shell_bp = Blueprint('kiosk_shell', __name__, url_prefix='/kiosk')


def init_app(app):
    """Register the terminal and the call screen."""
    # The modules that add the routes import the blueprints from here.
    from . import display, guide, printing, screening, shell, terminal, views  # noqa: F401
    app.register_blueprint(bp)
    app.register_blueprint(display_bp)
    app.register_blueprint(shell_bp)
