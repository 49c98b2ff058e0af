"""一户一档 / 一企一档: each applicant's file of cases, within the user's halls."""
from flask import Blueprint, abort, g, request

import models

from .auth import scope
from .cases import MANAGER_ROLES, render, staff_required

bp = Blueprint('applicants', __name__, url_prefix='/portal/applicants')
LIMIT = 100


def known_here():
    """Applicants with at least one case the user's halls may see."""
    return models.Applicant.select().where(models.Applicant.id.in_(
        models.Case.in_scope(scope()).select(models.Case.applicant)))


@bp.route('/')
@staff_required
def search():
    """Find an applicant by document number, credit code or name."""
    text = (request.args.get('q') or '').strip()
    applicants = []
    if text:
        applicants = (known_here()
                      .where(models.Applicant.id_number.in_(
                          models.Applicant.numbers_like(text)) |
                             models.Applicant.name.contains(text))
                      .order_by(models.Applicant.name)
                      .limit(LIMIT))
    return render('portal/cases/applicants.html', q=text,
                  applicants=applicants,
                  can_import=g.user.role in MANAGER_ROLES)


@bp.route('/<int:applicant_id>')
@staff_required
def detail(applicant_id):
    """The applicant's file: every case of theirs the user may see."""
    applicant = known_here().where(
        models.Applicant.id == applicant_id).first()
    if applicant is None:
        abort(404)
    cases = (models.Case.in_scope(scope())
             .where(models.Case.applicant == applicant)
             .order_by(models.Case.created_at.desc()))
    return render('portal/cases/applicant.html', applicant=applicant,
                  cases=cases)
