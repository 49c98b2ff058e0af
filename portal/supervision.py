"""Supervision (监督): the monthly sample of closed cases (定期抽查) and
its reviews, complaints (投诉) and the agents' appraisal (考核). The rules
are the models'; the figures are reports.appraisal's. Each page reads the
reader's halls (another hall's record is a 404)."""
import datetime

from flask import abort, flash, g, redirect, request, send_file, url_for
from flask_admin import expose
from flask_babel import gettext as _
from i18n import lazy_gettext as _l

import models
import reports
from action_keys import once

from .audit import refused
from .auth import scope
from .base import PortalView, requested_page
from .cases import PER_PAGE
from .excel import XLSX, appraisal_workbook
from .follow_ups import save_city_deadline


def register(admin):
    """The three pages, in the menu's Supervision group."""
    group = _l('Supervision')
    admin.add_views(
        SamplingView(name=_l('Sampling'), endpoint='sampling',
                     url='/portal/sampling', category=group),
        ComplaintsView(name=_l('Complaints'), endpoint='complaints',
                       url='/portal/complaints', category=group),
        AppraisalView(name=_l('Appraisal'), endpoint='appraisal',
                      url='/portal/appraisal', category=group),
    )


def _in_scope(raw):
    """A hall id from a form or query that is in the reader's scope; 404
    for anything else."""
    try:
        hall_id = int(raw)
    except (TypeError, ValueError):
        abort(404)
    if hall_id not in scope():
        abort(404)
    return hall_id


def _chosen_halls():
    """(hall ids to read, the hall chosen or None): ?hall= narrows to one
    hall and the halls below it."""
    raw = request.args.get('hall')
    if not raw:
        return scope(), None
    hall = models.Hall.get_by_id(_in_scope(raw))
    return [h for h in hall.subtree_ids() if h in scope()], hall.id


def _scoped_halls():
    return list(models.Hall.select()
                .where(models.Hall.id.in_(scope()))
                .order_by(models.Hall.level, models.Hall.code))


def _page(total):
    return requested_page(total, PER_PAGE)


def _last_month():
    return (models.today().replace(day=1)
            - datetime.timedelta(days=1)).strftime('%Y-%m')


def _act(action, model, record_id, hall_id, take, success):
    """Run a model action; a refusal is flashed and audited."""
    try:
        result = take()
    except models.DomainError as error:
        refused(action, model, record_id, error, hall=hall_id)
        flash(str(error), 'error')
        return None
    flash(success, 'success')
    return result


# --- 定期抽查 ------------------------------------------------------------------

class SamplingView(PortalView):
    """The draws of the reader's halls and the review of each case drawn."""
    permission = 'read_hall'

    def _visible_draws(self):
        """Draws made for a hall in scope, or holding a case of one."""
        halls = scope()
        return models.SampleDraw.select().where(
            models.SampleDraw.hall.in_(halls)
            | models.SampleDraw.id.in_(
                models.SampleReview.select(models.SampleReview.draw)
                .where(models.SampleReview.hall.in_(halls))))

    @expose('/')
    def index(self):
        chosen = self._visible_draws()
        page, pages = _page(chosen.count())
        draws = list(chosen
                     .select(models.SampleDraw, models.Hall, models.User)
                     .join_from(models.SampleDraw, models.Hall)
                     .join_from(models.SampleDraw, models.User)
                     .order_by(models.SampleDraw.month.desc(),
                               models.SampleDraw.id.desc())
                     .paginate(page, PER_PAGE))
        return self.render(
            'portal/supervision/sampling.html', draws=draws,
            progress=models.SampleDraw.progress([d.id for d in draws]),
            page=page, pages=pages, halls=_scoped_halls(),
            month=_last_month(), may_draw=g.user.may('sample_cases'),
            low=models.SAMPLE_PERCENT_RANGE[0],
            high=models.SAMPLE_PERCENT_RANGE[1])

    @expose('/draw', methods=('POST',))
    @once
    def draw(self):
        """Draw a month's sample for a hall in scope."""
        if not g.user.may('sample_cases'):
            abort(403)
        hall = models.Hall.get_by_id(_in_scope(request.form.get('hall')))
        made = _act('draw', 'SampleDraw', hall.id, hall.id,
                    lambda: models.SampleDraw.draw(
                        hall, request.form.get('month'),
                        request.form.get('percent'), g.user,
                        seed=request.form.get('seed')),
                    _('Sample drawn.'))
        if made is None:
            return redirect(url_for('.index'))
        if made.left_out:
            flash(_('Already drawn for %(month)s, so left out of this draw: '
                    '%(halls)s.', month=made.month_key, halls='、'.join(
                        name for name, _draw in made.left_out.values())),
                  'warning')
        return redirect(url_for('.detail', draw_id=made.id))

    def _get_draw(self, draw_id):
        draw = self._visible_draws().where(
            models.SampleDraw.id == draw_id).first()
        if draw is None:
            abort(404)
        return draw

    @expose('/<int:draw_id>')
    def detail(self, draw_id):
        """A draw: its seed and figures, and the cases drawn in scope."""
        draw = self._get_draw(draw_id)
        chosen = draw.reviews.where(models.SampleReview.hall.in_(scope()))
        page, pages = _page(chosen.count())
        reviews = list(chosen
                       .select(models.SampleReview, models.Case, models.Hall,
                               models.Agent)
                       .join_from(models.SampleReview, models.Case)
                       .join_from(models.SampleReview, models.Hall,
                                  on=(models.SampleReview.hall
                                      == models.Hall.id))
                       .join_from(models.Case, models.Agent,
                                  models.JOIN.LEFT_OUTER)
                       .order_by(models.Hall.code, models.Case.id)
                       .paginate(page, PER_PAGE))
        kept = {(r.hall_id, r.case_id) for r in draw.reviews.select(
            models.SampleReview.hall, models.SampleReview.case)}
        return self.render(
            'portal/supervision/draw.html', draw=draw, reviews=reviews,
            page=page, pages=pages, today=models.today(),
            reproduced=set(draw.redraw()) == kept,
            left_out=draw.left_out_halls(),
            may_review=g.user.may('sample_cases'))

    def _get_review(self, review_id):
        review = models.SampleReview.get_or_none(
            models.SampleReview.id == review_id)
        if review is None or review.hall_id not in scope():
            abort(404)
        return review

    @expose('/review/<int:review_id>')
    def review(self, review_id):
        review = self._get_review(review_id)
        return self.render(
            'portal/supervision/review.html', review=review,
            findings=models.SAMPLE_FINDINGS, today=models.today(),
            may_review=g.user.may('sample_cases'),
            may_correct=g.user.may('manage_hall'),
            days=models.CitySettings.of(review.hall.city_id).rectification_days)

    @expose('/review/<int:review_id>/finding', methods=('POST',))
    @once
    def finding(self, review_id):
        if not g.user.may('sample_cases'):
            abort(403)
        review = self._get_review(review_id)
        form = request.form
        _act('review', 'SampleReview', review.id, review.hall_id,
             lambda: review.review(g.user, form.get('finding'),
                                   form.get('note'), form.get('task'),
                                   form.get('days')),
             _('Finding recorded.'))
        return redirect(url_for('.review', review_id=review.id))

    @expose('/review/<int:review_id>/correction', methods=('POST',))
    @once
    def correction(self, review_id):
        if not g.user.may('manage_hall'):
            abort(403)
        review = self._get_review(review_id)
        _act('close_task', 'SampleReview', review.id, review.hall_id,
             lambda: review.close_task(g.user, request.form.get('outcome')),
             _('Correction recorded; the task is closed.'))
        return redirect(url_for('.review', review_id=review.id))


# --- 投诉 ---------------------------------------------------------------------

COMPLAINTS_SHOWN = {
    'open': lambda day: models.Complaint.answered_at.is_null(),
    'overdue': lambda day: (models.Complaint.answered_at.is_null()
                            & (models.Complaint.due_date < day)),
    'answered': lambda day: models.Complaint.answered_at.is_null(False),
    'all': None,
}
COMPLAINTS_SHOWN_LABELS = [('open', _l('Not answered')),
                           ('overdue', _l('Past the deadline')),
                           ('answered', _l('Answered')), ('all', _l('All'))]


class ComplaintsView(PortalView):
    """The complaints of the reader's halls; taking and answering them."""
    permission = 'read_hall'

    @expose('/')
    def index(self):
        day = models.today()
        hall_ids, hall_id = _chosen_halls()
        shown = request.args.get('show')
        shown = shown if shown in COMPLAINTS_SHOWN else 'open'
        chosen = models.Complaint.in_halls(hall_ids)
        if COMPLAINTS_SHOWN[shown] is not None:
            chosen = chosen.where(COMPLAINTS_SHOWN[shown](day))
        page, pages = _page(chosen.count())
        complaints = list(
            chosen.select(models.Complaint, models.Hall, models.Case,
                          models.Agent)
            .join_from(models.Complaint, models.Hall,
                       on=(models.Complaint.hall == models.Hall.id))
            .join_from(models.Complaint, models.Case, models.JOIN.LEFT_OUTER)
            .join_from(models.Complaint, models.Agent, models.JOIN.LEFT_OUTER)
            .order_by(models.Complaint.answered_at.is_null(False),
                      models.Complaint.due_date, models.Complaint.id)
            .paginate(page, PER_PAGE))
        may_take = g.user.may('handle_complaints')
        agents = (list(models.Agent.select(models.Agent, models.Hall)
                       .join(models.Hall)
                       .where(models.Agent.hall.in_(scope()),
                              models.Agent.is_active)
                       .order_by(models.Hall.code, models.Agent.name))
                  if may_take else [])
        return self.render(
            'portal/supervision/complaints.html', complaints=complaints,
            today=day, shown=shown, shown_labels=COMPLAINTS_SHOWN_LABELS,
            page=page, pages=pages, hall_id=hall_id, halls=_scoped_halls(),
            may_take=may_take, agents=agents,
            channels=models.COMPLAINT_CHANNELS,
            days=models.CitySettings.of(g.user.city_id).complaint_days,
            may_set_deadline=g.user.may('administer_city'),
            limits=models.DEADLINE_DAYS_RANGE)

    @expose('/deadline', methods=('POST',))
    @once
    def deadline(self):
        """The city's deadline to answer a complaint, in working days."""
        if not g.user.may('administer_city'):
            abort(403)
        save_city_deadline(models.Complaint.set_deadline, lambda days: _(
            'Complaints taken from now on are due in %(days)d working days.',
            days=days))
        return redirect(url_for('.index'))

    @expose('/take', methods=('POST',))
    @once
    def take(self):
        """Record a complaint in a hall in scope."""
        if not g.user.may('handle_complaints'):
            abort(403)
        form = request.form
        hall = models.Hall.get_by_id(_in_scope(form.get('hall')))
        case = agent = None
        number = (form.get('case') or '').strip()
        if number:
            case = models.Case.get_or_none(models.Case.number == number)
            if case is None or not case.visible_to(scope()):
                flash(_('No case numbered %(number)s in your halls.',
                        number=number), 'error')
                return redirect(url_for('.index'))
        if form.get('agent'):
            agent = models.Agent.get_or_none(
                models.Agent.id == form.get('agent', type=int))
            if agent is None or agent.hall_id not in scope():
                abort(404)
        made = _act('take', 'Complaint', hall.id, hall.id,
                    lambda: models.Complaint.take(
                        hall, g.user, form.get('channel'),
                        form.get('complainant'), form.get('content'),
                        case=case, agent=agent, contact=form.get('contact')),
                    _('Complaint recorded.'))
        if made is None:
            return redirect(url_for('.index'))
        return redirect(url_for('.detail', complaint_id=made.id))

    def _get(self, complaint_id):
        complaint = models.Complaint.get_or_none(
            models.Complaint.id == complaint_id)
        if complaint is None or complaint.hall_id not in scope():
            abort(404)
        return complaint

    @expose('/<int:complaint_id>')
    def detail(self, complaint_id):
        complaint = self._get(complaint_id)
        return self.render(
            'portal/supervision/complaint.html', complaint=complaint,
            today=models.today(), verdicts=models.COMPLAINT_VERDICTS,
            may_answer=g.user.may('handle_complaints'))

    @expose('/<int:complaint_id>/answer', methods=('POST',))
    @once
    def answer(self, complaint_id):
        if not g.user.may('handle_complaints'):
            abort(403)
        complaint = self._get(complaint_id)
        _act('answer', 'Complaint', complaint.id, complaint.hall_id,
             lambda: complaint.answer_with(g.user, request.form.get('verdict'),
                                           request.form.get('answer')),
             _('Answer recorded.'))
        return redirect(url_for('.detail', complaint_id=complaint.id))


# --- 考核 ---------------------------------------------------------------------

def appraisal_period(text):
    """(first, last, key) of a 'YYYY-MM' month or a 'YYYY' year; last
    month when neither."""
    text = (text or '').strip()
    if len(text) == 4 and text.isdigit() and 2000 <= int(text) <= 9999:
        year = int(text)
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31), text
    try:
        first, last = models.month_span(text)
    except ValueError:
        first, last = models.month_span(_last_month())
    return first, last, first.strftime('%Y-%m')


class AppraisalView(PortalView):
    """Each agent's month or year, on screen and in Excel."""
    permission = 'read_hall'

    def _report(self):
        hall_ids, hall_id = _chosen_halls()
        first, last, key = appraisal_period(request.args.get('period'))
        rows, total = reports.appraisal(hall_ids, first, last)
        hall = models.Hall.get_by_id(hall_id or g.user.hall_id)
        return dict(rows=rows, total=total, first=first, last=last,
                    period=key, hall_id=hall_id, hall=hall)

    @expose('/')
    def index(self):
        """A page of agents at a time; the total is the whole scope's."""
        report = self._report()
        page, pages = _page(len(report['rows']))
        report['rows'] = report['rows'][(page - 1) * PER_PAGE:page * PER_PAGE]
        return self.render('portal/supervision/appraisal.html',
                           halls=_scoped_halls(), page=page, pages=pages,
                           **report)

    @expose('/export.xlsx')
    def export(self):
        report = self._report()
        data = appraisal_workbook(report['hall'], report['period'],
                                  report['rows'], report['total'])
        name = 'appraisal-%s-%s.xlsx' % (report['hall'].code, report['period'])
        return send_file(data, as_attachment=True, download_name=name,
                         mimetype=XLSX)
