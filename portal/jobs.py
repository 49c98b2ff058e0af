"""The scheduled jobs page: each job's last run and what it did, the
monthly 附件8 copies kept for download; the city runs a job now and sets
its report day."""
import datetime
import io

from flask import abort, flash, g, redirect, request, send_file, url_for
from flask_admin import expose
from flask_babel import gettext as _

import jobs
import models

from . import auth
from .base import PortalView
from .excel import XLSX


class JobsView(PortalView):
    """Managers, supervisors and the city read; the city runs."""
    RECENT = 20

    @expose('/')
    def index(self):
        hall_ids = auth.scope()
        months = models.MonthlyReport.months(hall_ids)
        month = _month(request.args.get('month'), months)
        recent = list(models.JobRun.select(models.JobRun, models.User.name)
                      .join(models.User, models.JOIN.LEFT_OUTER)
                      .order_by(models.JobRun.id.desc())
                      .limit(self.RECENT))
        return self.render(
            'portal/jobs/index.html', jobs=jobs.JOBS,
            latest=models.JobRun.latest(jobs.JOBS), recent=recent,
            months=months, month=month,
            reports=list(models.MonthlyReport.listed(hall_ids, month))
            if month else [],
            describe=lambda run: _summary(run, hall_ids),
            runner=auth.may('administer_city'),
            settings=models.CitySettings.of(g.user.city_id),
            report_days=range(models.CitySettings.REPORT_DAYS[0],
                              models.CitySettings.REPORT_DAYS[1] + 1))

    @expose('/run', methods=('POST',))
    def run(self):
        if not auth.may('administer_city'):
            abort(403)
        name = request.form.get('job', '')
        if name not in jobs.JOBS:
            flash(_('Choose a job from the list.'), 'error')
            return redirect(url_for('.index'))
        title = jobs.JOBS[name].title
        runs = jobs.run_now(name, user=g.user)
        if not runs:
            flash(_('%(job)s has nothing to do yet.', job=title), 'info')
        elif None in runs:
            flash(_('%(job)s is running already; nothing was started.',
                    job=title), 'warning')
        for run in runs:
            if run is None:
                continue
            models.AuditLog.record(g.user, 'run_job', 'JobRun', run.id,
                                   after={'job': name, 'period': run.period,
                                          'status': run.status})
            if run.status == 'done':
                flash(_('%(job)s ran: %(result)s', job=title,
                        result=_summary(run, auth.scope())), 'success')
            else:
                flash(_('%(job)s failed; the error is shown below.',
                        job=title), 'error')
        return redirect(url_for('.index'))

    @expose('/report-day', methods=('POST',))
    def report_day(self):
        if not auth.may('administer_city'):
            abort(403)
        settings = models.CitySettings.of(g.user.city_id)
        try:
            day = int(request.form.get('report_day', ''))
        except ValueError:
            day = None
        try:
            settings.change(g.user, report_day=day)
        except models.DomainError as error:
            flash(str(error), 'error')
        else:
            flash(_('The monthly statistics are now made on day %(day)d of '
                    'each month.', day=day), 'success')
        return redirect(url_for('.index'))

    @expose('/reports/<int:report_id>')
    def download(self, report_id):
        """A unit's official copy of a month's 附件8, for halls in scope."""
        report = (models.MonthlyReport.select(models.MonthlyReport,
                                              models.Hall)
                  .join(models.Hall)
                  .where(models.MonthlyReport.id == report_id,
                         models.MonthlyReport.hall.in_(auth.scope()))
                  .first())
        if report is None:
            abort(404)
        return send_file(io.BytesIO(bytes(report.workbook)), mimetype=XLSX,
                         as_attachment=True, download_name=report.file_name)


def _month(text, months):
    """The month asked for among those with copies; the newest by default."""
    try:
        wanted = datetime.datetime.strptime(text or '', '%Y-%m').date()
    except ValueError:
        wanted = None
    if wanted in months:
        return wanted
    return months[0] if months else None


def _summary(run, hall_ids):
    """What a finished run did, in the reader's language and halls."""
    job = jobs.JOBS.get(run.job)
    if run.status != 'done' or job is None:
        return ''
    return job.describe(run.facts, hall_ids)
