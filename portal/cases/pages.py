"""The case lists, a new case and the case page."""
import datetime

from flask import abort, flash, g, make_response, redirect, request, send_file, url_for
from flask_babel import gettext as _
from i18n import lazy_gettext as _l

import history
import models
from action_keys import once
import validators
from web import applicant_link

from ..audit import audit_reveal
from ..auth import permission_required, scope
from ..base import picker_query
from ..excel import XLSX, streamed_xlsx
from . import (
    COUNT_CAP, OVERDUE_PER_PAGE, PER_PAGE, bp, get_case, may_act, parse_date, render,
    scoped_halls, staff_required,
)
from .actions import action_context
from .paper_forms import forms_for


@bp.route('/')
@staff_required
def index():
    """Cases in the user's halls, filtered and searched, newest first, a
    page at a time (each page links to the next older one)."""
    args = request.args
    query, chosen, text = _selection(args)
    before_id = args.get('before', type=int)
    before = (models.Case.get_or_none(models.Case.id == before_id)
              if before_id else None)
    cases = models.Case.newest(query, scope(), PER_PAGE + 1, before)
    older = cases[PER_PAGE - 1].id if len(cases) > PER_PAGE else None
    # A search of the text reads every case in reach: it is not counted too.
    total = (None if before or text else models.Case.count_upto(
        _filtered(models.Case.select(), chosen), scope(), COUNT_CAP))
    items = models.Item.select().order_by(models.Item.code)
    filters = {k: v for k, v in args.items() if k != 'before' and v}
    return render('portal/cases/index.html', cases=cases[:PER_PAGE],
                  total=total, cap=COUNT_CAP, older=older, first=bool(before),
                  halls=scoped_halls(), items=items, agents=picker_query(models.Agent),
                  many_halls=len(scope()) > 1, args=args, filters=filters,
                  statuses=models.CASE_STATUSES, today=models.today())


def _selection(args):
    """The cases the list's filters and search choose, with the applicant,
    hall and agent of each; (query, conditions on the case alone, text)."""
    chosen = []
    if args.get('status') in dict(models.CASE_STATUSES):
        chosen.append(models.Case.status == args['status'])
    hall_id = args.get('hall', type=int)
    if hall_id in scope():
        chosen.append(models.Case.hall == hall_id)
    item_id = args.get('item', type=int)
    if item_id:
        chosen.append(models.Case.item == item_id)
    agent_id = args.get('agent', type=int)
    if agent_id:
        chosen.append(models.Case.agent == agent_id)
    start, end = parse_date(args.get('from')), parse_date(args.get('to'))
    if start:
        chosen.append(models.Case.created_at >= datetime.datetime.combine(
            start, datetime.time.min))
    if end:
        chosen.append(models.Case.created_at < datetime.datetime.combine(
            end + datetime.timedelta(days=1), datetime.time.min))
    if args.get('overdue'):
        chosen += [models.Case.past_due(), models.Case.hall.in_(scope())]
    query = _filtered(models.Case
                      .select(models.Case, models.Applicant, models.Hall,
                              models.Agent)
                      .join(models.Applicant)
                      .switch(models.Case)
                      .join(models.Hall, on=(models.Case.hall == models.Hall.id))
                      .switch(models.Case)
                      .join(models.Agent, models.JOIN.LEFT_OUTER),
                      chosen)
    text = (args.get('q') or '').strip()
    if text:
        query = query.where(models.Case.number.contains(text) |
                            models.Applicant.name.contains(text) |
                            models.Applicant.id_number.in_(
                                models.Applicant.numbers_like(text)))
    return query, chosen, text


def _filtered(query, conditions):
    return query.where(*conditions) if conditions else query


EXPORT_BATCH = 1000


@bp.route('/cases.xlsx')
@staff_required
def index_export():
    """Every case the list's filters and search choose (not only the page
    shown), newest first, as an Excel workbook read a batch at a time."""
    query, _chosen, _text = _selection(request.args)
    today = models.today()
    header = [_('Case number'), _('Applicant'), _('Item'), _('Service'),
              _('Hall'), _('Agent'), _('Status'), _('Due'), _('Opened')]

    def lines():
        before = None
        while True:
            batch = models.Case.newest(query, scope(), EXPORT_BATCH, before)
            for case in batch:
                yield _case_line(case, today)
            if len(batch) < EXPORT_BATCH:
                return
            before = batch[-1]

    data = streamed_xlsx(_('Cases'), header, lines())
    name = 'cases-%s.xlsx' % models.now().strftime('%Y%m%d-%H%M')
    return send_file(data, as_attachment=True, download_name=name,
                     mimetype=XLSX)


def _case_line(case, today):
    """One case as the export's cells, as the list shows it."""
    if case.is_overdue(today):
        status = '%s · %s' % (case.status_label, _('Overdue'))
    else:
        status = str(case.status_label)
    return [case.number, case.applicant.name, case.item_name,
            str(case.service_form_label), case.hall.name,
            case.agent.name if case.agent_id else '', status,
            case.due_date, case.created_at]


@bp.route('/overdue')
@staff_required
def overdue():
    """Open cases past their due date, per hall, a page at a time."""
    today = models.today()
    counts = models.Case.overdue_counts(scope(), today)
    pages = max(-(-sum(counts.values()) // OVERDUE_PER_PAGE), 1)
    page = min(max(request.args.get('page', 1, type=int), 1), pages)
    cases = (models.Case.overdue(scope(), today)
             .select(models.Case, models.Hall, models.Applicant, models.Agent)
             .join(models.Hall, on=(models.Case.hall == models.Hall.id))
             .switch(models.Case)
             .join(models.Applicant)
             .switch(models.Case)
             .join(models.Agent, models.JOIN.LEFT_OUTER)
             .order_by(models.Hall.code, models.Case.due_date, models.Case.id)
             .paginate(page, OVERDUE_PER_PAGE))
    by_hall = {}
    for case in cases:
        by_hall.setdefault(case.hall, []).append(case)
    return render('portal/cases/overdue.html', by_hall=by_hall, today=today,
                  counts=counts, page=page, pages=pages)


@bp.route('/new', methods=['GET', 'POST'])
@permission_required('work_cases')
@once
def new():
    """Open a case at the window: the applicant's file and the matter."""
    form = request.form
    if request.method == 'POST':
        try:
            # One transaction: a refused case leaves no new applicant behind.
            with models.write_transaction():
                case, code = _open_case(form)
        except models.DomainError as error:
            flash(str(error), 'error')
        else:
            flash(_('Case %(n)s opened. Receipt code for the applicant: '
                    '%(code)s. The applicant follows the case at %(link)s',
                    n=case.number, code=code,
                    link=applicant_link('public.progress', code=code)),
                  'success')
            return redirect(url_for('cases.detail', case_id=case.id))
    items = (models.Item.select()
             .where(models.Item.is_active == True)  # noqa: E712
             .order_by(models.Item.department, models.Item.code))
    bundles = models.Bundle.select().where(models.Bundle.is_active == True)  # noqa: E712
    return render('portal/cases/new.html', items=items, bundles=bundles,
                  form=form, service_forms=models.SERVICE_FORMS,
                  id_types=models.ID_TYPES, countries=validators.countries())


def _open_case(form):
    """Find or create the applicant and open the case; (case, receipt)."""
    document = _document(form)
    subject = form.get('subject') or ''
    item = bundle = None
    if subject.startswith('item:'):
        item = models.Item.get_or_none(models.Item.id == subject[5:])
    elif subject.startswith('bundle:'):
        bundle = models.Bundle.get_or_none(models.Bundle.id == subject[7:])
    applicant = models.Applicant.find_or_create(
        document.type, document.number, form.get('name'),
        form.get('phone') or '', nationality=document.nationality,
        **({'contact_name': form['contact_name'].strip()}
           if (form.get('contact_name') or '').strip() else {}))
    return models.Case.open(
        g.user.hall, applicant, form.get('service_form'), 'window',
        user=g.user, item=item, bundle=bundle,
        green_reason=(form.get('green_reason') or '').strip(),
        green_contact=(form.get('green_contact') or '').strip(),
        note=(form.get('note') or '').strip())


def _document(form):
    """The applicant's document from the form: by the chosen type, or, when
    none was chosen, by the one type whose rule takes the number."""
    number = (form.get('id_number') or '').strip()
    id_type = form.get('id_type') or ''
    if id_type:
        return validators.document(id_type, number, form.get('nationality') or '')
    found = validators.classify(number)
    if found is not None:
        return found
    types = validators.matching_types(number)
    if types:
        raise models.DomainError(_l(
            'This number fits more than one type of document, or only a '
            'passport: choose the type of document (%(types)s).',
            types='、'.join(str(validators.document_type_label(t)) for t in types)))
    raise models.DomainError(validators.document_error(number) or _l(
        'Enter a valid identity document number or unified social credit '
        'code, and choose its type if it is not a resident ID card.'))


@bp.route('/<int:case_id>')
@staff_required
def detail(case_id):
    """Everything about one case, and what can be done with it now; the
    applicant's document number masked (PIPL: the minimum necessary)."""
    return _detail_page(get_case(case_id))


@bp.route('/<int:case_id>/reveal-id', methods=['POST'])
@staff_required
@once
def reveal_id(case_id):
    """The case page once more, with the applicant's document number in
    full for this view only; who asked, and when, goes to the audit trail."""
    case = get_case(case_id)
    audit_reveal(case.applicant, case.hall_id, case=case.number)
    response = make_response(_detail_page(case, revealed=True))
    response.headers['Cache-Control'] = 'no-store'
    return response


def _detail_page(case, revealed=False):
    acting = may_act(case)
    return render('portal/cases/detail.html', case=case, acting=acting,
                  revealed=revealed,
                  today=models.today(), forms=forms_for(case),
                  status_labels=dict(models.CASE_STATUSES),
                  event_details=history.details,
                  method_labels=dict(models.EVALUATION_METHODS),
                  evaluation=case.evaluations.first(),
                  events=case.history(), flows=case.flows_by_department(),
                  handovers=case.handovers_with_lines(),
                  task_forces=case.task_forces_with_members(),
                  **action_context(case, acting))

