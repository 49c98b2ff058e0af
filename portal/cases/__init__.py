"""Cases on the staff side. The package owns the blueprint and what its
modules share: who may see and act, and rendering inside the portal's theme.

`pages` holds the lists, a new case and the case page; `actions` what staff
do to a case; `paper_forms` the printable forms and the ledger;
`applicants` and `applicant_import` the applicant files.
"""
import datetime

from flask import (
    Blueprint, abort, current_app, flash, g, redirect, request, url_for,
)
from flask_admin.menu import MenuLink
from flask_babel import gettext as _
from i18n import lazy_gettext as _l

import models
from action_keys import once
import validators
from web import applicant_link

from ..auth import roles_required, scope

bp = Blueprint('cases', __name__, url_prefix='/portal/cases')

# Helpers work at kiosks and open cases there; the case files are for staff
# who handle or supervise them.
VIEW_ROLES = ('city_admin', 'hall_manager', 'agent', 'supervisor')
ACT_ROLES = ('city_admin', 'hall_manager', 'agent')
MANAGER_ROLES = ('city_admin', 'hall_manager')
PER_PAGE = 50

staff_required = roles_required(*VIEW_ROLES)


class RoleLink(MenuLink):
    """A portal menu entry shown only to the roles that may open it."""

    def __init__(self, name, endpoint, roles):
        super().__init__(name, endpoint=endpoint)
        self.roles = roles

    def is_accessible(self):
        return g.get('user') is not None and g.user.role in self.roles


def init_app(app):
    """Register the case pages, forms and applicant files, with menu entries."""
    # The modules that add the routes import the blueprint from here.
    from . import actions, applicant_import, applicants, pages, paper_forms  # noqa: F401
    app.register_blueprint(bp)
    app.register_blueprint(applicants.bp)
    admin = app.extensions['portal_admin']
    admin.add_link(RoleLink(_l('Cases'), 'cases.index', VIEW_ROLES))
    admin.add_link(RoleLink(_l('Overdue'), 'cases.overdue', VIEW_ROLES))
    admin.add_link(RoleLink(_l('Follow-ups'), 'cases.follow_ups',
                            MANAGER_ROLES + ('supervisor',)))
    admin.add_link(RoleLink(_l('Ledger'), 'cases.ledger', VIEW_ROLES))
    admin.add_link(RoleLink(_l('Applicants'), 'applicants.search', VIEW_ROLES))


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
    return (g.user.role in ACT_ROLES and case.hall_id in scope()
            and case.status not in models.FINAL_STATUSES)


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

