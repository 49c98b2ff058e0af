"""Cases on the staff side. The package owns the blueprint and what its
modules share: who may see and act, and rendering inside the portal's theme.

`pages` holds the lists, a new case and the case page; `actions` what staff
do to a case; `paper_forms` the printable forms and the ledger;
`applicants` and `applicant_import` the applicant files.
"""
import datetime

from flask import Blueprint, abort, current_app, g
from flask_admin.menu import MenuLink
from i18n import lazy_gettext as _l

import models

from ..auth import permission_required, scope

bp = Blueprint('cases', __name__, url_prefix='/portal/cases')
PER_PAGE = 50
OVERDUE_PER_PAGE = 100
COUNT_CAP = 10000  # lists count this far, then say "more than"

# Helpers work at kiosks and open cases there; the case files are for staff
# who handle or supervise them (models.PERMISSIONS).
staff_required = permission_required('see_cases')


class PermissionLink(MenuLink):
    """A portal menu entry shown only to the roles that may open it."""

    def __init__(self, name, endpoint, permission):
        super().__init__(name, endpoint=endpoint)
        self.permission = permission

    def is_accessible(self):
        return g.get('user') is not None and g.user.may(self.permission)


def init_app(app):
    """Register the case pages, forms and applicant files, with menu entries."""
    # The modules that add the routes import the blueprint from here.
    from . import actions, applicant_import, applicants, pages, paper_forms  # noqa: F401
    app.register_blueprint(bp)
    app.register_blueprint(applicants.bp)
    admin = app.extensions['portal_admin']
    admin.add_link(PermissionLink(_l('Cases'), 'cases.index', 'see_cases'))
    admin.add_link(PermissionLink(_l('Overdue'), 'cases.overdue', 'see_cases'))
    from .. import follow_ups  # 差评整改 and rating reminders
    app.register_blueprint(follow_ups.bp)
    admin.add_link(PermissionLink(_l('Follow-ups'), 'follow_ups.index',
                                  'see_cases'))
    admin.add_link(PermissionLink(_l('Rating reminders'),
                                  'follow_ups.reminders', 'see_cases'))
    from .. import requests  # 线上帮办: online and hotline requests
    app.register_blueprint(requests.bp)
    admin.add_link(PermissionLink(_l('Requests'), 'requests.index',
                                  'see_cases'))
    admin.add_link(PermissionLink(_l('Ledger'), 'cases.ledger', 'see_cases'))
    admin.add_link(PermissionLink(_l('Applicants'), 'applicants.search',
                                  'see_cases'))


def render(template, **context):
    """Render a page inside the portal's Flask-Admin theme."""
    return current_app.extensions['portal_admin'].index_view.render(
        template, **context)


def get_case(case_id):
    """The case, if the user's halls may see it; 404 otherwise."""
    case = models.Case.get_or_none(models.Case.id == case_id)
    if case is None or not case.visible_to(scope()):
        abort(404)
    return case


def may_act(case):
    """Whether the user may change this case: staff of its current hall."""
    return (g.user.may('work_cases') and case.hall_id in scope()
            and not case.in_stage('final'))


def scoped_halls():
    return (models.Hall.select()
            .where(models.Hall.id.in_(scope()))
            .order_by(models.Hall.code))


def parse_date(text, default=None):
    """A yyyy-mm-dd date from a form or query, or the default."""
    try:
        return datetime.date.fromisoformat((text or '').strip())
    except ValueError:
        return default
