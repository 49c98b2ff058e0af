"""What the terminal prints: the 80 mm receipt with the progress QR, the
one-time notice (一次性告知单) or refusal, and the application form (附件5).

A receipt code is known only when it is issued (only its hash is stored), so
the session holds it until the applicant leaves; a reprint without it issues
a fresh code, which revokes the old one.
"""
from flask import (
    abort, flash, g, redirect, render_template, request, url_for,
)
from flask_babel import gettext as _

import models
from action_keys import once
from kiosk import bp
from kiosk.terminal import helper_required, state
from kiosk.views import keep_case, session_case
from qr import qr_svg
from web import applicant_link


def progress_url(code):
    """The public progress page of a receipt code (PUBLIC_URL when set)."""
    return applicant_link('public.progress', code=code)


def _receipt_code(case):
    """The case's receipt code, while this terminal session still holds it."""
    return state().get('receipts', {}).get(str(case.id))


@bp.route('/cases/<int:case_id>/receipt')
@helper_required
def receipt(case_id):
    """The 80 mm receipt: ticket, window, item, case number, time limit, QR."""
    case = session_case(case_id)
    ticket = case.tickets.order_by(models.Ticket.id.desc()).first()
    if case.registered_at is None or ticket is None:
        abort(404)
    code = _receipt_code(case)
    url = progress_url(code) if code else None
    return render_template(
        'kiosk/print/receipt.html', case=case, ticket=ticket, code=code,
        qr=qr_svg(url) if url else None, url=url, waiting=ticket.position(),
        # Straight from registering: printed at once, as the button said.
        autoprint=bool(request.args.get('print')) and code is not None)


@bp.route('/cases/<int:case_id>/notice')
@helper_required
def notice(case_id):
    """一次性告知单 for missing materials, or the refusal with its unit."""
    case = session_case(case_id)
    if not case.in_stage('notice'):
        abort(404)
    code = _receipt_code(case)
    url = progress_url(code) if code else None
    return render_template(
        'kiosk/print/notice.html', case=case, code=code,
        missing=case.missing_materials(), dated=models.now().date(),
        url=url, qr=qr_svg(url) if url else None)


@bp.route('/cases/<int:case_id>/application')
@helper_required
def application(case_id):
    """帮办代办服务申请表 (附件5), filled from the case, signed on paper."""
    case = session_case(case_id)
    if case.registered_at is None:
        abort(404)
    return render_template(
        'kiosk/print/application.html', case=case,
        departments=case.departments(),
        materials=[m for m in case.checklist() if m.state != 'missing'],
        forms=models.SERVICE_FORMS)


@bp.route('/cases/<int:case_id>/reissue', methods=['POST'])
@helper_required
@once
def reissue(case_id):
    """Print again without the code at hand: a new code; the old one stops."""
    case = session_case(case_id)
    keep_case(case, receipt=case.issue_receipt(g.kiosk_user))
    flash(_('A new receipt code was issued; the earlier one no longer works.'),
          'info')
    target = 'kiosk.receipt' if case.registered_at else 'kiosk.notice'
    return redirect(url_for(target, case_id=case.id))
