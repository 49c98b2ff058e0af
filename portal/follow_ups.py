"""差评整改: the rectification tasks bad ratings open, their steps
(call-back, rectification, verification), the city's deadline, and the
list of deliveries still waiting for a rating."""
import datetime

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from i18n import lazy_gettext as _l

import models
from action_keys import once

from .audit import refused
from .auth import permission_required, scope
from .base import requested_page
from .cases import COUNT_CAP, PER_PAGE, render, scoped_halls

bp = Blueprint('follow_ups', __name__, url_prefix='/portal/cases/follow-ups')

# Which tasks a list shows, by where they stand (on the task's own columns).
SHOWN = {
    'open': lambda day: models.FollowUp.closed_at.is_null(),
    'overdue': lambda day: (models.FollowUp.closed_at.is_null()
                            & (models.FollowUp.due_date < day)),
    'closed': lambda day: models.FollowUp.closed_at.is_null(False),
    'all': None,
}
SHOWN_LABELS = [('open', _l('Not closed')), ('overdue', _l('Past the deadline')),
                ('closed', _l('Closed')), ('all', _l('All'))]


def listed(in_halls, shown_filters, *arguments):
    """(what is shown, the hall asked for, the query) of a list of the
    reader's halls: `?show=` one of the list's filters (its first by
    default), each a condition made of `arguments`; `?hall=` one hall."""
    shown = request.args.get('show')
    shown = shown if shown in shown_filters else next(iter(shown_filters))
    halls = scope()
    hall_id = request.args.get('hall', type=int)
    if hall_id in halls:
        halls = [hall_id]
    query = in_halls(halls)
    if shown_filters[shown] is not None:
        query = query.where(shown_filters[shown](*arguments))
    return shown, hall_id, query


def _page(total):
    return requested_page(total, PER_PAGE)


@bp.route('')
@permission_required('see_cases')
def index():
    """The rectification tasks of the user's halls, oldest deadline first;
    a page at a time, with the steps of the page's tasks in one query."""
    day = models.today()
    shown, hall_id, chosen = listed(models.FollowUp.in_halls, SHOWN, day)
    page, pages = _page(chosen.count())
    tasks = list(chosen
                 .select(models.FollowUp, models.Case, models.Applicant,
                         models.Hall, models.Evaluation)
                 .join_from(models.FollowUp, models.Case)
                 .join_from(models.Case, models.Applicant)
                 .join_from(models.FollowUp, models.Hall)
                 .join_from(models.FollowUp, models.Evaluation,
                            models.JOIN.LEFT_OUTER)
                 .order_by(models.FollowUp.closed_at.is_null(False),
                           models.FollowUp.due_date, models.FollowUp.id)
                 .paginate(page, PER_PAGE))
    settings = (models.CitySettings.of(g.user.city_id)
                if g.user.may('administer_city') else None)
    return render('portal/follow_ups/index.html', tasks=tasks,
                  steps=models.FollowUp.steps_of(tasks), today=day,
                  shown=shown, shown_labels=SHOWN_LABELS, page=page,
                  pages=pages, hall_id=hall_id, halls=scoped_halls(),
                  settings=settings, limits=models.DEADLINE_DAYS_RANGE)


def get_task(task_id):
    """The task, if its hall is in the user's halls; 404 otherwise."""
    task = models.FollowUp.get_or_none(models.FollowUp.id == task_id)
    if task is None or task.hall_id not in scope():
        abort(404)
    return task


@bp.route('/<int:task_id>')
@permission_required('see_cases')
def detail(task_id):
    """One task: the rating, its steps so far, and the next step's form
    for those who may take it."""
    task = get_task(task_id)
    steps = list(task.steps)
    return render('portal/follow_ups/detail.html', task=task, steps=steps,
                  state=task.state(steps), today=models.today(),
                  acting=g.user.may('work_cases'),
                  verifying=g.user.may('verify_rectifications'),
                  outcomes=models.CALLBACK_OUTCOMES,
                  verdicts=models.VERIFICATION_VERDICTS,
                  now=models.now().strftime('%Y-%m-%dT%H:%M'))


def _step(task_id, name, take):
    """Take one step of a task; refusals are shown and audited."""
    task = get_task(task_id)
    try:
        take(task, request.form)
    except models.DomainError as error:
        refused(name, 'FollowUp', task.id, error, hall=task.hall_id)
        flash(str(error), 'error')
    else:
        flash(_('Recorded.'), 'success')
    return redirect(url_for('follow_ups.detail', task_id=task.id))


def _typed_time(text):
    """A datetime-local value from the form, or None."""
    try:
        return datetime.datetime.fromisoformat((text or '').strip())
    except ValueError:
        return None


@bp.route('/<int:task_id>/callback', methods=['POST'])
@permission_required('work_cases')
@once
def callback(task_id):
    """Record a phone call-back (who called, when, outcome)."""
    return _step(task_id, 'callback', lambda task, form: task.record_callback(
        g.user, form.get('caller'), _typed_time(form.get('called_at')),
        form.get('outcome'), form.get('note')))


@bp.route('/<int:task_id>/rectification', methods=['POST'])
@permission_required('work_cases')
@once
def rectification(task_id):
    """Record the rectification taken."""
    return _step(task_id, 'rectification', lambda task, form:
                 task.record_rectification(g.user, form.get('note')))


@bp.route('/<int:task_id>/verification', methods=['POST'])
@permission_required('verify_rectifications')
@once
def verification(task_id):
    """The supervisor confirms the rectification, or returns it."""
    return _step(task_id, 'verify', lambda task, form: task.verify(
        g.user, form.get('verdict'), form.get('note')))


def save_city_deadline(setter, saved):
    """Set one of the user's city's deadlines from the form's `days`
    (`setter(city id, days, user)`, a model action); a refusal is flashed
    and audited, success flashed with `saved(days)`."""
    try:
        days = setter(g.user.city_id, request.form.get('days'), g.user)
    except models.DomainError as error:
        refused('set_deadline', 'CitySettings', g.user.city_id, error)
        flash(str(error), 'error')
    else:
        flash(saved(days), 'success')


@bp.route('/deadline', methods=['POST'])
@permission_required('administer_city')
@once
def deadline():
    """The city's rectification deadline in working days."""
    save_city_deadline(models.FollowUp.set_deadline, lambda days: _(
        'Bad ratings opened from now on are due in %(days)d working days.',
        days=days))
    return redirect(url_for('follow_ups.index'))


@bp.route('/reminders')
@permission_required('see_cases')
def reminders():
    """Cases delivered and still unrated after a few days: whom to invite
    to rate (the notification channel comes with the integration API)."""
    total = models.Evaluation.reminders_upto(scope(), COUNT_CAP)
    page, pages = _page(min(total, COUNT_CAP))
    cases = models.Evaluation.reminders_page(scope(), page, PER_PAGE)
    return render('portal/follow_ups/reminders.html', cases=cases,
                  page=page, pages=pages, now=models.now(),
                  total=total, cap=COUNT_CAP,
                  days=models.REMINDER_DAYS)
