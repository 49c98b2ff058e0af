"""Printable A4 forms of a case, laid out like the paper they replace, and the ledger.

附件4 台账, 附件5 申请表, 附件6 交接表, 附件7 反馈情况表 (policy doc 004), and
the 授权委托书, 承诺书, 办结单, 终止单 and 一次性告知单 the other documents name.
Each is a plain HTML page printed from the browser (static/css/print.css).
The forms carry the applicant's document number in full, as the paper
requires, so every form opened for printing is written to the audit trail.
"""
import datetime

from flask import abort, g, render_template, request, send_file, url_for
from flask_babel import force_locale
from i18n import lazy_gettext as _l

import models
import reports
from reports import first_event

from ..audit import audit_export, audit_print
from ..auth import scope
from ..excel import (LEDGER_COLUMNS, LEDGER_SUBHEADER, LEDGER_TITLE, XLSX,
                     ledger_document, streamed_xlsx)
from . import bp, get_case, parse_date, scoped_halls, staff_required


def _always(case):
    return True


def _proxy(case):
    return case.service_form == 'proxy'


def _has_result(case):
    return (case.in_stage('result') and not case.termination_reason
            and not case.refusal_reason)


# kind -> (title, when the form applies to a case)
FORMS = {
    'application': (_l('Application for assisted and proxy services'), _always),
    'notice': (_l('One-time notice of materials'),
               lambda case: bool(notice_materials(case))),
    'authorization': (_l('Letter of authorization'), _proxy),
    'commitment': (_l('Letter of commitment'), _proxy),
    'handover': (_l('Handover record of materials'),
                 lambda case: case.handovers.exists()),
    'completion': (_l('Completion slip'), _has_result),
    'feedback': (_l('Feedback on the service'), _has_result),
    'termination': (_l('Termination slip'),
                    lambda case: bool(case.termination_reason)),
}


def forms_for(case):
    """The forms that apply to the case now, as (kind, title) pairs."""
    return [(kind, title) for kind, (title, applies) in FORMS.items()
            if applies(case)]


@bp.route('/<int:case_id>/forms/<kind>')
@staff_required
def form(case_id, kind):
    """One printable form of a case."""
    case = get_case(case_id)
    if kind not in FORMS or not FORMS[kind][1](case):
        abort(404)
    handovers = list(case.handovers.order_by(models.Handover.at,
                                             models.Handover.id))
    chosen = request.args.get('handover', type=int)
    if chosen:
        handovers = [h for h in handovers if h.id == chosen] or abort(404)
    evaluation = case.evaluations.first()
    audit_print(case, kind)
    return render_template(
        'forms/%s.html' % kind, case=case, title=FORMS[kind][0],
        applicant=case.applicant, checklist=case.checklist(),
        departments=case.departments(), handovers=handovers,
        handover_rows=[(h, line) for h in handovers for line in h.lines],
        evaluation=evaluation,
        registered=first_event(case, 'register'),
        commissioned=first_event(case, 'commission'),
        closed=first_event(case, 'deliver', 'confirm_receipt'),
        terminated=first_event(case, 'terminate'),
        delivered=first_event(case, 'deliver', 'mail'),
        notice=first_event(case, 'request_materials'),
        notice_materials=notice_materials(case),
        ratings=models.RATINGS, today=models.today())


def notice_materials(case):
    """Every material the one-time notice asked for, as first recorded missing."""
    found = {}
    for row in case.materials.where(models.CaseMaterial.state == 'missing'):
        found.setdefault(row.name, row)
    return list(found.values())


# Cases on one screen of the ledger, and read at a time for its export.
LEDGER_PAGE = 100
EXPORT_BATCH = 1000


def _ledger_range():
    """The hall (within the user's scope) and the dates a ledger is asked
    for: this week of the user's own hall by default."""
    today = models.today()
    start = parse_date(request.args.get('from'),
                       today - datetime.timedelta(days=today.weekday()))
    end = parse_date(request.args.get('to'), start + datetime.timedelta(days=6))
    if end < start:
        start, end = end, start
    hall_id = request.args.get('hall', type=int) or g.user.hall_id
    if hall_id not in scope():
        abort(404)
    return models.Hall.get_by_id(hall_id), start, end


@bp.route('/ledger')
@staff_required
def ledger():
    """The ledger (台账) of a hall's registered cases over a date range, a
    page at a time: `after` names the last case of the page before and
    `n` how many lines came before it."""
    hall, start, end = _ledger_range()
    after = None
    after_id = request.args.get('after', type=int)
    if after_id:
        last = (models.Case.in_scope([hall.id])
                .select(models.Case.registered_at, models.Case.id)
                .where(models.Case.id == after_id)
                .first()) or abort(404)
        after = (last.registered_at, last.id)
    before = max(request.args.get('n', 0, type=int), 0) if after else 0
    rows = reports.ledger(hall.id, start, end, after=after,
                          limit=LEDGER_PAGE + 1)
    following = None
    if len(rows) > LEDGER_PAGE:
        rows = rows[:LEDGER_PAGE]
        following = url_for('cases.ledger', hall=hall.id, to=end.isoformat(),
                            after=rows[-1].case.id, n=before + len(rows),
                            **{'from': start.isoformat()})
    return render_template('forms/ledger.html', rows=rows, hall=hall,
                           halls=list(scoped_halls()), start=start, end=end,
                           before=before, following=following,
                           title=_l('Ledger of assisted and proxy services'))


def _suspension(case, event_id):
    """One suspension of the case, by its suspend event; 404 otherwise."""
    for suspension in case.suspensions():
        if suspension.suspended.id == event_id:
            return suspension
    abort(404)


@bp.route('/<int:case_id>/forms/suspension/<int:event_id>')
@staff_required
def suspension_slip(case_id, event_id):
    """The suspension slip (中止单) of one suspension of a case."""
    case = get_case(case_id)
    suspension = _suspension(case, event_id)
    audit_print(case, 'suspension', event=event_id)
    return render_template(
        'forms/suspension.html', case=case, applicant=case.applicant,
        suspension=suspension, title=_l('Suspension slip'))


@bp.route('/<int:case_id>/forms/renewal/<int:event_id>')
@staff_required
def renewed_mandate(case_id, event_id):
    """The renewed mandate (续办委托书) a proxy case resumes on."""
    case = get_case(case_id)
    if case.service_form != 'proxy':
        abort(404)
    suspension = _suspension(case, event_id)
    audit_print(case, 'renewal', event=event_id)
    return render_template(
        'forms/renewal.html', case=case, applicant=case.applicant,
        suspension=suspension,
        commissioned=first_event(case, 'commission'),
        title=_l('Renewed mandate for proxy handling'))


@bp.route('/ledger.xlsx')
@staff_required
def ledger_export():
    """The whole ledger of the range as form 附件4, however long: Chinese
    whatever the reader's language, as the official form is, and with the
    columns an import reads back. It carries document numbers in full, so
    the export is recorded as printing a form is."""
    hall, start, end = _ledger_range()
    count = [0]

    def lines():
        for batch in reports.ledger_batches(hall.id, start, end,
                                            size=EXPORT_BATCH):
            for row in batch:
                count[0] += 1
                yield _ledger_line(count[0], row, hall)

    with force_locale('zh_Hans_CN'):
        data = streamed_xlsx(
            '台账', [LEDGER_COLUMNS, LEDGER_SUBHEADER], lines(),
            above=[[LEDGER_TITLE], ['单位：%s    申请日期：%s 至 %s' % (
                hall.name, start.isoformat(), end.isoformat())]],
            merged=['A1:M1', 'A2:M2', 'F3:G3'] + [
                '%s3:%s4' % (c, c) for c in 'ABCDEHIJKLM'],
            widths=(6, 12, 18, 28, 12, 22, 22, 12, 10, 20, 22, 8, 20))
    audit_export(hall, 'ledger', start, end, count[0])
    name = 'ledger-%s-%s-%s.xlsx' % (hall.code, start.strftime('%Y%m%d'),
                                     end.strftime('%Y%m%d'))
    return send_file(data, as_attachment=True, download_name=name,
                     mimetype=XLSX)


def _ledger_line(number, row, hall):
    """One ledger row as the export's cells, in the columns' order: each
    department's dates on a line of its own, in full so they import back."""
    case = row.case

    def dated(flows, day):
        return '\n'.join('%s %s' % (f.department, day(f).isoformat())
                         for f in flows if day(f)) or None

    applicant = case.applicant
    return [number, case.registered_at.date(),
            '\n'.join(part for part in (applicant.name, applicant.phone) if part),
            case.item_name, row.received_by or None,
            dated(row.flows, lambda f: f.accepted_on),
            dated(row.flows, lambda f: f.done_on),
            row.fed_back.at.date() if row.fed_back else None,
            str(row.evaluation.rating_label) if row.evaluation else None,
            '\n'.join(row.remarks(hall.id)) or None,
            ledger_document(applicant), str(case.service_form_label), case.number]
