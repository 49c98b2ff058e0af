"""一户一档 / 一企一档: each applicant's file of cases, within the user's
halls, and the applicant card the kiosk scans to find the file."""
from flask import (
    Blueprint, abort, flash, g, make_response, redirect, render_template,
    request, url_for,
)
from flask_babel import gettext as _
from peewee import fn

import models
from action_keys import once
from qr import qr_data_uri

from ..audit import audit_reveal
from ..auth import permission_required, scope
from . import render, staff_required

bp = Blueprint('applicants', __name__, url_prefix='/portal/applicants')
LIMIT = 100


def known_here():
    """Applicants with at least one case the user's halls may see (asked
    of each applicant's own cases, never of every case in the halls)."""
    return models.Applicant.select().where(fn.EXISTS(
        models.Case.in_scope(scope())
        .select(models.Case.id)
        .where(models.Case.applicant == models.Applicant.id)))


def get_applicant(applicant_id):
    """The applicant, if the user's halls know them; 404 otherwise."""
    applicant = known_here().where(
        models.Applicant.id == applicant_id).first()
    if applicant is None:
        abort(404)
    return applicant


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
                  can_import=g.user.may('manage_hall'))


@bp.route('/<int:applicant_id>')
@staff_required
def detail(applicant_id):
    """The applicant's file: every case of theirs the user may see; the
    document number masked (PIPL: the minimum necessary)."""
    return _file_page(get_applicant(applicant_id))


@bp.route('/<int:applicant_id>/reveal-id', methods=['POST'])
@staff_required
@once
def reveal_id(applicant_id):
    """The file once more, with the document number in full for this view
    only; who asked, and when, goes to the audit trail."""
    applicant = get_applicant(applicant_id)
    audit_reveal(applicant, g.user.hall_id)
    response = make_response(_file_page(applicant, revealed=True))
    response.headers['Cache-Control'] = 'no-store'
    return response


def _file_page(applicant, revealed=False):
    cases = (models.Case.in_scope(scope())
             .select(models.Case, models.Hall)
             .join(models.Hall, on=(models.Case.hall == models.Hall.id))
             .where(models.Case.applicant == applicant)
             .order_by(models.Case.created_at.desc(), models.Case.id.desc()))
    shown = list(cases.limit(LIMIT + 1))
    return render('portal/cases/applicant.html', applicant=applicant,
                  cases=shown[:LIMIT], more=len(shown) > LIMIT, limit=LIMIT,
                  revealed=revealed,
                  issuing=g.user.may('work_cases'))


@bp.route('/<int:applicant_id>/card', methods=['POST'])
@permission_required('work_cases')
def issue_card(applicant_id):
    """Issue (or replace) the applicant's card; printed now or never."""
    applicant = get_applicant(applicant_id)
    with models.db.atomic():
        replaced = bool(applicant.card_hash)
        code = applicant.issue_card()
        models.AuditLog.record(g.user, 'card', 'Applicant', applicant.id,
                               hall=g.user.hall_id, after={
                                   'card_issued_at': applicant.card_issued_at,
                                   'replaced': replaced})
    person = applicant.kind == 'person'
    response = make_response(render_template(
        'portal/credential_card.html', kind='card',
        title=_('Applicant card'),
        note=_('Print this card now and give it to the applicant: it is shown '
               'only this once. Any earlier card of this applicant no longer '
               'works.'),
        hall=g.user.hall.name,
        holder=applicant.masked_name if person else applicant.name,
        subtitle='%s · %s' % (
            _('Household file') if person else _('Enterprise file'),
            applicant.masked_id),
        caption=_('Show this card at the self-service terminal: the helper '
                  'scans it to find your file.'),
        qr=qr_data_uri(code), issued_at=applicant.card_issued_at,
        back=url_for('applicants.detail', applicant_id=applicant.id)))
    response.headers['Cache-Control'] = 'no-store'
    return response


@bp.route('/<int:applicant_id>/card/revoke', methods=['POST'])
@permission_required('work_cases')
def revoke_card(applicant_id):
    """The card stops working at once (lost, or no longer wanted)."""
    applicant = get_applicant(applicant_id)
    if applicant.card_hash:
        with models.db.atomic():
            before = {'card_issued_at': applicant.card_issued_at}
            applicant.revoke_card()
            models.AuditLog.record(g.user, 'card_revoke', 'Applicant',
                                   applicant.id, hall=g.user.hall_id,
                                   before=before)
        flash(_('The applicant card no longer works.'), 'success')
    return redirect(url_for('applicants.detail', applicant_id=applicant.id))
