"""The applicant's progress page (/p/<receipt code>) and their one rating."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from peewee import IntegrityError

import bilingual
import models
from prepared import Prepared
from web import rate_limited, read_limited, unchanged_page

from . import bp, private, timeline
from .large_text import large_text

COMMENT_MAX = 500
# Looked up in place of a malformed code, so that it costs what any code costs.
NOT_A_CODE = 'R-not-a-receipt-code'


def find_case(code):
    """The case a receipt code opens, or None (unknown, malformed, revoked)."""
    probe = code if 0 < len(code) <= 64 else NOT_A_CODE
    case = models.Case.by_receipt(probe)
    return case if probe == code else None


def not_found():
    """The one answer for every code that opens nothing: it reveals nothing."""
    return private(render_template('public/not_found.html'), 404)


@bp.route('/p/')
def lookup():
    """Type the code printed on the receipt, for those who cannot scan it."""
    code = (request.args.get('code') or '').strip()
    if code:
        return redirect(url_for('public.progress', code=code))
    return private(render_template('public/lookup.html'))


@bp.route('/p/<path:code>', methods=['GET', 'POST'])
@read_limited()
@rate_limited('progress', methods=('POST',))
@unchanged_page(vary=large_text)
def progress(code):
    """Where the applicant's case stands, in plain words; POST rates it."""
    case = find_case(code)
    if case is None:
        return not_found()
    if request.method == 'POST':
        _rate(case)
        return redirect(url_for('public.progress', code=code), 303)
    bilingual.use(lambda: case.hall)
    return private(render_template('public/progress.html', **_context(case)))


# The page's reads of the case, their SQL written once a process.
_FLOWS = Prepared(lambda case: (
    models.CaseFlow.select(models.CaseFlow, models.Department)
    .join(models.Department).where(models.CaseFlow.case == case)
    .order_by(models.CaseFlow.id)), models.SAMPLE_CASE)
_WINDOW = Prepared(lambda window: models.Window.select()
                   .where(models.Window.id == window).limit(1), -7000012)
_EVALUATION = Prepared(lambda case: (
    models.Evaluation.select().where(models.Evaluation.case == case)
    .limit(1)), models.SAMPLE_CASE)


def _context(case):
    """Everything the progress page shows, masked where it is personal."""
    ticket = case.queue_ticket()
    show_materials = case.status in ('awaiting_materials',) + models.DUE_STATUSES
    checklist = case.checklist() if show_materials else []  # read once
    return dict(
        case=case,
        headline=timeline.headline(case),
        waiting_for=timeline.waiting_for(case),
        stages=timeline.STAGES,
        stage=timeline.stage(case),
        steps=timeline.steps(case),
        window=_window(case),
        flows=_FLOWS(models.db, case.id),
        missing=case.missing_materials(checklist) if show_materials else [],
        promised=case.promised_materials(checklist) if show_materials else [],
        ticket=ticket,
        position=ticket.position() if ticket else None,
        wait=ticket.estimated_wait_minutes() if ticket else None,
        days_left=(case.working_days_left()
                   if case.status in models.OPEN_STATUSES else None),
        overdue=case.is_overdue(),
        evaluation=_EVALUATION.first(models.db, case.id),
        results=case.results(),
        can_rate=case.can('evaluate'),
        ratings=models.RATINGS,
        comment_max=COMMENT_MAX,
    )


def _window(case):
    """The window the applicant goes to: the case's, else the hall's own."""
    if case.window_id:
        return _WINDOW.first(models.db, case.window_id)
    return case.hall.window_for(item=case.item, bundle=case.bundle)


def _rate(case):
    """Record the one online rating; any second one is refused, stores nothing."""
    already = _('This case has already been rated. Only one rating is kept. '
                'Thank you.')
    if case.evaluations.exists():
        flash(already, 'error')
        return
    comment = (request.form.get('comment') or '').strip()
    if len(comment) > COMMENT_MAX:
        flash(_('Please keep the comment under %(n)d characters. Nothing was '
                'saved.', n=COMMENT_MAX), 'error')
        return
    try:
        case.evaluate(request.form.get('rating', type=int), 'online',
                      comment=comment)
    except IntegrityError:  # the same rating sent twice at the same moment
        flash(already, 'error')
        return
    except models.DomainError as error:
        flash(str(error), 'error')
        return
    flash(_('Thank you for your rating.'), 'success')
