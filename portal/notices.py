"""The city's holiday calendar: the State Council's notice of each year.

A city administrator enters a notice as it is written, in one form: the
holidays with their first and last day off, and the adjusted working days
(调休上班). The same notice goes in and out as an Excel sheet. Managers and
supervisors read. Years whose adjusted days nobody knows yet are warned
about here, on every portal page (`unknown_years_notice`) and in /healthz.
"""
import io

from flask import abort, flash, g, redirect, request, send_file, url_for
from flask_admin import expose
from flask_babel import gettext as _
from i18n import lazy_gettext as _l
from peewee import IntegrityError

import calendar_library
import models

from . import auth
from .base import PortalView
from .excel import XLSX, _book, read_rows

COLUMNS = ['序号', '类别', '节日', '开始日期', '结束日期']
OFF, WORKDAY = '放假', '上班'
BLANK_HOLIDAYS, BLANK_WORKDAYS = 2, 3  # spare rows under what is filled in


@auth.notice
def unknown_years_notice(user):
    """City administrators and managers: the years in use whose adjusted
    working days are not known yet."""
    if not user.may('manage_hall'):
        return []
    if (request.endpoint or '').startswith('notices.'):
        return []  # the holiday screen says it itself, year by year
    messages = []
    for year in models.unknown_notice_years(user.city_id):
        if user.may('administer_city'):
            messages.append(_(
                'The State Council\'s adjusted working days for %(year)d are '
                'not known yet. Due dates in %(year)d count the statutory '
                'holidays only and are shown as provisional. Enter the '
                'notice under Hall › Holiday notices.', year=year))
        else:
            messages.append(_(
                'The State Council\'s adjusted working days for %(year)d are '
                'not known yet. Due dates in %(year)d count the statutory '
                'holidays only and are shown as provisional until the city '
                'administrator enters the notice.', year=year))
    return messages


def source_label(source):
    return {'city': _('Notice entered by the city'),
            'library': _('Calendar library (chinesecalendar)'),
            None: _('Not known: statutory holidays only')}[source]


class NoticeView(PortalView):
    """Each year's notice in force in the user's city; the city edits."""

    def is_editor(self):
        return g.user.may('administer_city')

    def calendar(self):
        return models.CityCalendar.load(g.user.city_id)

    def years(self, calendar):
        """Last year, this one and the next, and every year entered here."""
        this = models.today().year
        return sorted(set(range(this - 1, this + 2)) | set(calendar.notices))

    @expose('/')
    def index(self):
        year = request.args.get('year', type=int)
        if year is not None:
            return redirect(url_for('.edit', year=year))
        calendar = self.calendar()
        notices = {n.year: n for n in models.HolidayNotice.select().where(
            models.HolidayNotice.city == g.user.city_id)}
        rows = [dict(year=year, source=calendar.source(year),
                     notice=notices.get(year),
                     statutory=calendar_library.statutory_ranges(year))
                for year in self.years(calendar)]
        return self.render(
            'portal/admin/notices.html', rows=rows, source_label=source_label,
            unknown=models.unknown_notice_years(g.user.city_id),
            settings=models.CitySettings.of(g.user.city_id),
            city=models.Hall.get_by_id(g.user.city_id),
            library=calendar_library.versions(),
            library_years=sorted(calendar_library.notice_years()),
            names=dict(models.HOLIDAY_NAMES), editor=self.is_editor())

    # -- the one form ---------------------------------------------------------

    @expose('/<int:year>', methods=('GET', 'POST'))
    def edit(self, year):
        if not models.HolidayNotice.FIRST_YEAR <= year <= \
                models.HolidayNotice.LAST_YEAR:
            abort(404)
        if request.method == 'POST':
            if not self.is_editor():
                abort(403)
            holidays, workdays = _posted_rows(request.form)
            return self._enter(year, holidays, workdays,
                               request.form.get('reference', ''))
        holidays, workdays, reference = self._current(year)
        return self._form(year, holidays, workdays, reference)

    def _current(self, year):
        """What the form starts from: the city's notice, the library's, or
        the statutory days by rule (a notice always contains them)."""
        calendar = self.calendar()
        lines = calendar.notice_lines(year)
        notice = models.HolidayNotice.get_or_none(
            models.HolidayNotice.city == g.user.city_id,
            models.HolidayNotice.year == year)
        if lines is None:
            holidays = [(models.HOLIDAY_NAMES_ZH[key], first, last) for key, first, last
                        in calendar_library.statutory_ranges(year)]
            return [(n, a.isoformat(), b.isoformat()) for n, a, b in holidays], [], ''
        holidays, workdays = lines
        return ([(n, a.isoformat(), b.isoformat()) for n, a, b in holidays],
                [(d.isoformat(), n) for d, n in workdays],
                notice.reference if notice else '')

    def _form(self, year, holidays, workdays, reference, errors=(), status=200):
        calendar = self.calendar()
        notice = models.HolidayNotice.get_or_none(
            models.HolidayNotice.city == g.user.city_id,
            models.HolidayNotice.year == year)
        filled = [r for r in holidays if any(str(c).strip() for c in r)]
        worked = [r for r in workdays if any(str(c).strip() for c in r)]
        holidays = filled + [('', '', '')] * BLANK_HOLIDAYS
        workdays = worked + [('', '')] * BLANK_WORKDAYS
        return self.render(
            'portal/admin/notice_form.html', year=year, holidays=holidays,
            workdays=workdays, reference=reference, errors=list(errors),
            source=calendar.source(year), source_label=source_label,
            notice=notice, editor=self.is_editor(),
            statutory=calendar_library.statutory_ranges(year),
            names=dict(models.HOLIDAY_NAMES),
            unknown=year in models.unknown_notice_years(g.user.city_id) or
            calendar.source(year) is None), status

    def _enter(self, year, holidays, workdays, reference, errors=()):
        """Record the notice, or show every problem and change nothing."""
        problems = list(errors)
        try:
            models.HolidayNotice.check(year, holidays, workdays, reference)
        except models.NoticeError as error:
            problems.extend(error.problems)
        if problems:
            problems.append(_('Nothing was saved; correct the rows and save again.'))
            return self._form(year, [r[1:] for r in holidays],
                              [r[1:] for r in workdays], reference,
                              [str(p) for p in problems], 400)
        try:
            _notice, moved = models.HolidayNotice.enter(
                g.user.city_id, year, holidays, workdays, user=g.user,
                reference=reference)
        except IntegrityError:  # the same year saved by someone else just now
            flash(_('Someone saved this year\'s notice at the same moment; '
                    'check it and save again if needed.'), 'error')
            return redirect(url_for('.edit', year=year))
        flash(_('The %(year)d notice is saved. %(n)d open cases got a new '
                'due date.', year=year, n=moved), 'success')
        return redirect(url_for('.edit', year=year))

    @expose('/<int:year>/withdraw', methods=('POST',))
    def withdraw(self, year):
        if not self.is_editor():
            abort(403)
        notice = models.HolidayNotice.get_or_none(
            models.HolidayNotice.city == g.user.city_id,
            models.HolidayNotice.year == year)
        if notice is None:
            abort(404)
        moved = notice.withdraw(g.user)
        flash(_('The %(year)d notice entered by the city is removed. %(n)d '
                'open cases got a new due date.', year=year, n=moved), 'success')
        return redirect(url_for('.index'))

    # -- Excel ----------------------------------------------------------------

    @expose('/<int:year>.xlsx')
    def export(self, year):
        if not models.HolidayNotice.FIRST_YEAR <= year <= \
                models.HolidayNotice.LAST_YEAR:
            abort(404)
        holidays, workdays, _reference = self._current(year)
        rows = [(OFF, name, first, last) for name, first, last in holidays]
        rows += [(WORKDAY, name, day, '') for day, name in workdays]
        return send_file(_book('%d年部分节假日安排' % year, COLUMNS, rows),
                         mimetype=XLSX, as_attachment=True,
                         download_name='%d年节假日安排.xlsx' % year)

    @expose('/<int:year>/import', methods=('POST',))
    def import_notice(self, year):
        """Check every row of the sheet; save all of them, or nothing."""
        if not self.is_editor():
            abort(403)
        if not models.HolidayNotice.FIRST_YEAR <= year <= \
                models.HolidayNotice.LAST_YEAR:
            abort(404)
        upload = request.files.get('file')
        current = self._current(year)
        if upload is None or not upload.filename or \
                not upload.filename.lower().endswith('.xlsx'):
            return self._form(year, *current, errors=[_(
                'This file is not an Excel workbook (.xlsx). Save the list as '
                '.xlsx and upload it again.')], status=400)
        try:
            rows = read_rows(io.BytesIO(upload.read()), COLUMNS)
        except ValueError as error:
            return self._form(year, *current, errors=[str(error)], status=400)
        holidays, workdays, errors = [], [], []
        for number, (_n, kind, name, first, last) in rows:
            if kind == OFF:
                holidays.append((number, name, first, last))
            elif kind == WORKDAY:
                workdays.append((number, first, name))
            else:
                errors.append(_('Row %(row)d: the kind "%(value)s" is neither '
                                '%(off)s nor %(work)s.', row=number,
                                value=kind[:20], off=OFF, work=WORKDAY))
        if not rows:
            errors.append(_('The sheet has no rows.'))
        return self._enter(year, holidays, workdays,
                           current[2], errors=errors)

    # -- the city's calendar settings -----------------------------------------

    @expose('/settings', methods=('POST',))
    def settings(self):
        if not self.is_editor():
            abort(403)
        settings = models.CitySettings.of(g.user.city_id)
        wanted = request.form.get('library_notices') == '1'
        if settings.id is None or settings.library_notices != wanted:
            moved = settings.change(g.user, library_notices=wanted)
            flash(_('Calendar settings saved. %(n)d open cases got a new due '
                    'date.', n=moved), 'success')
        return redirect(url_for('.index'))


def _posted_rows(form):
    """The form's holiday and working-day rows, numbered as shown."""
    holidays, workdays = [], []
    for number in range(1, models.HolidayNotice.MAX_ROWS + 1):
        if 'holiday_name_%d' % number in form:
            holidays.append((number, form.get('holiday_name_%d' % number, ''),
                             form.get('holiday_first_%d' % number, ''),
                             form.get('holiday_last_%d' % number, '')))
        if 'workday_%d' % number in form:
            workdays.append((number, form.get('workday_%d' % number, ''),
                             form.get('workday_name_%d' % number, '')))
    return holidays, workdays

