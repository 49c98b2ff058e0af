"""The back office: hall configuration, the window desk, cases, statistics."""
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from i18n import lazy_gettext as _l

import web

from . import auth, cases, desk, stats, views
from . import public_address  # noqa: F401  (registers its standing warning)


def init_app(app):
    """Register login, and build the Flask-Admin instance for this app."""
    app.register_blueprint(auth.bp)
    auth.init_app(app)
    admin = Admin(
        name=_l('Bangban'),
        url='/portal',
        endpoint='admin',
        index_view=auth.PortalHome(url='/portal', endpoint='admin'),
        theme=Bootstrap4Theme(base_template='portal/master.html', fluid=True),
        # Its few inline scripts carry the response's nonce (web.csp_nonce).
        csp_nonce_generator=web.csp_nonce,
    )
    # Hall configuration (catalogue, staff, staffing, Excel, audit).
    views.register(admin)
    admin.init_app(app)
    app.extensions['portal_admin'] = admin
    desk.init_app(app, admin)  # the window desk at /portal/desk/
    cases.init_app(app)  # case pages, printable forms, applicant files
    stats.register(admin)  # monthly statistics (附件8)
