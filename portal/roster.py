"""Duty rosters people can plan (排班): a hall's week, kiosks by days, and a
helper's own duty. The rules (gaps, double bookings, copying) are
models.Roster's; these pages ask it and show what it says."""
import datetime

from flask import abort, flash, g, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext as _
from i18n import lazy_gettext as _l

import models

from . import audit, auth
from .auth import may
from .base import PortalView
from .halls import WEEKDAYS

MINE_WEEKS = 4  # a helper sees this many weeks from the one chosen


def parse_week(value):
    """The Monday of the week named by a date (YYYY-MM-DD), this week's
    when none is given; a date people cannot mean is refused with a reason."""
    if not value:
        return models.week_start(models.today())
    try:
        day = datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        flash(_('"%(value)s" is not a date (year-month-day); this week is shown.',
                value=value[:20]), 'error')
        return models.week_start(models.today())
    return models.week_start(day)


def parse_time(value):
    try:
        return datetime.time.fromisoformat((value or '').strip()[:5])
    except ValueError:
        return None


def parse_count(value, low, high):
    try:
        number = int(value or 0)
    except ValueError:
        return None
    return number if low <= number <= high else None


class RosterView(PortalView):
    """The week of a hall: its kiosks as rows, the days as columns, the
    helpers on duty in the cells, gaps and double bookings marked."""
    permission = 'read_hall'

    def chosen_hall(self, hall_id):
        """A hall in the user's scope, else 404 (another hall's id)."""
        hall = (models.Hall.select()
                .where(models.Hall.id == hall_id, models.Hall.id.in_(auth.scope()))
                .first())
        if hall is None:
            abort(404)
        return hall

    def back(self, hall, monday):
        return redirect(url_for('.index', hall=hall.id, week=monday.isoformat()))

    @expose('/')
    def index(self):
        halls = list(models.Hall.select()
                     .where(models.Hall.id.in_(auth.scope()))
                     .order_by(models.Hall.code))
        hall = self.chosen_hall(request.args.get('hall', type=int) or g.user.hall_id)
        monday = parse_week(request.args.get('week'))
        roster = models.Roster.week(hall, monday)
        helpers = []
        if may('manage_hall'):
            helpers = list(models.Agent.select()
                           .where(models.Agent.hall == hall,
                                  models.Agent.is_active == True)  # noqa: E712
                           .order_by(models.Agent.name))
        week = datetime.timedelta(days=7)
        return self.render(
            'portal/roster/week.html', halls=halls, hall=hall, roster=roster,
            monday=monday, days=roster.days, weekdays=dict(WEEKDAYS),
            kiosks=roster.shown_kiosks(), cells=roster.cells(),
            gaps=roster.gaps_by_cell(), gap_count=len(roster.gaps()),
            double=roster.double_bookings(), helpers=helpers,
            can_edit=may('manage_hall'), previous=monday - week,
            next=monday + week, this_week=models.week_start(models.today()),
            max_weeks=models.Roster.MAX_WEEKS)

    # -- planning (managers of the hall) -------------------------------------

    def planning(self):
        """The hall and week a planning form is about, for its managers."""
        if not may('manage_hall'):
            abort(403)
        hall = self.chosen_hall(request.form.get('hall', type=int))
        return hall, parse_week(request.form.get('week'))

    @expose('/plan', methods=('POST',))
    def plan(self):
        """Put a helper on duty at a kiosk, repeated weekly if asked."""
        hall, monday = self.planning()
        kiosk = models.Kiosk.get_or_none(
            models.Kiosk.id == request.form.get('kiosk', type=int),
            models.Kiosk.hall == hall)
        helper = models.Agent.get_or_none(
            models.Agent.id == request.form.get('helper', type=int),
            models.Agent.hall == hall)
        try:
            day = datetime.date.fromisoformat(request.form.get('day', ''))
        except ValueError:
            day = None
        start = parse_time(request.form.get('starts'))
        end = parse_time(request.form.get('ends'))
        weeks = parse_count(request.form.get('weeks'), 0, models.Roster.MAX_WEEKS)
        problems = [message for missing, message in (
            (kiosk is None, _('Choose a kiosk of this hall.')),
            (helper is None, _('Choose a helper of this hall.')),
            (day is None, _('Give the day as year-month-day.')),
            (start is None or end is None,
             _('Give the hours as hour:minute, for example 09:00.')),
            (weeks is None, _('Repeat weekly on 0 to %(n)d more weeks.',
                              n=models.Roster.MAX_WEEKS)),
        ) if missing]
        if problems:
            for message in problems:
                flash(message, 'error')
            return self.back(hall, monday)
        shift = models.Shift(kiosk=kiosk, helper=helper,
                             starts_at=datetime.datetime.combine(day, start),
                             ends_at=datetime.datetime.combine(day, end))
        try:
            with models.db.atomic():
                shift.save()
                audit.record('create', shift, after=audit.snapshot(shift))
        except models.DomainError as error:
            audit.refused('create', 'Shift', '', error, hall=hall.id)
            flash(str(error), 'error')
            return self.back(hall, monday)
        flash(_('%(helper)s is on duty at %(kiosk)s on %(day)s from %(start)s '
                'to %(end)s.', helper=helper.name, kiosk=str(kiosk),
                day=day.isoformat(), start=start.strftime('%H:%M'),
                end=end.strftime('%H:%M')), 'success')
        if weeks:
            self.report(shift.repeat_weekly(weeks, user=g.user))
        return self.back(hall, models.week_start(day))

    @expose('/copy', methods=('POST',))
    def copy(self):
        """Copy the week before into this week."""
        hall, monday = self.planning()
        last_week = models.Roster.week(hall, monday - datetime.timedelta(days=7))
        self.report(last_week.copy_to(monday, user=g.user))
        return self.back(hall, monday)

    @expose('/repeat', methods=('POST',))
    def repeat(self):
        """Repeat this week's duty on the weeks after it."""
        hall, monday = self.planning()
        weeks = parse_count(request.form.get('weeks'), 1, models.Roster.MAX_WEEKS)
        if weeks is None:
            flash(_('Repeat a week on 1 to %(n)d weeks.', n=models.Roster.MAX_WEEKS),
                  'error')
            return self.back(hall, monday)
        self.report(models.Roster.week(hall, monday).repeat(weeks, user=g.user))
        return self.back(hall, monday)

    @expose('/remove', methods=('POST',))
    def remove(self):
        """Take one shift off the roster."""
        hall, monday = self.planning()
        shift = (models.Shift.select(models.Shift, models.Kiosk, models.Hall)
                 .join(models.Kiosk).join(models.Hall)
                 .where(models.Shift.id == request.form.get('id', type=int),
                        models.Kiosk.hall == hall)
                 .first())
        if shift is None:
            abort(404)
        with models.db.atomic():
            audit.record('delete', shift, before=audit.snapshot(shift))
            shift.delete_instance()
        flash(_('The shift of %(helper)s on %(day)s was removed.',
                helper=shift.helper.name, day=shift.starts_at.date().isoformat()),
              'success')
        return self.back(hall, monday)

    @staticmethod
    def report(copied):
        """What a copy did, and every copy it refused, and why."""
        flash(_('Shifts added: %(created)d. Already there: %(kept)d. On days '
                'the hall is closed, left out: %(closed)d.',
                created=len(copied.created), kept=copied.kept,
                closed=copied.closed), 'success' if copied.created else 'info')
        for shift in copied.refused:
            flash(_('Not copied, a double booking: %(helper)s on %(day)s from '
                    '%(start)s to %(end)s is on duty at another kiosk then.',
                    helper=shift.helper.name,
                    day=shift.starts_at.date().isoformat(),
                    start=shift.starts_at.strftime('%H:%M'),
                    end=shift.ends_at.strftime('%H:%M')), 'error')


class MyRosterView(PortalView):
    """A helper's own duty (我的排班): the coming weeks, at which kiosk."""
    permission = 'use_kiosk'

    def is_visible(self):
        # Managers plan the hall's roster and find their own duty there.
        return not may('read_hall')

    @expose('/')
    def index(self):
        monday = parse_week(request.args.get('week'))
        last = monday + datetime.timedelta(days=7 * MINE_WEEKS)
        shifts = list(
            models.Shift.select(models.Shift, models.Agent, models.Kiosk, models.Hall)
            .join(models.Agent, on=(models.Shift.helper == models.Agent.id))
            .switch(models.Shift)
            .join(models.Kiosk, on=(models.Shift.kiosk == models.Kiosk.id))
            .join(models.Hall, on=(models.Kiosk.hall == models.Hall.id))
            .where(models.Agent.user == g.user.id,
                   models.Shift.starts_at >= datetime.datetime.combine(
                       monday, datetime.time.min),
                   models.Shift.starts_at < datetime.datetime.combine(
                       last, datetime.time.min))
            .order_by(models.Shift.starts_at, models.Shift.id))
        weeks = [(monday + datetime.timedelta(days=7 * n),
                  [s for s in shifts if models.week_start(s.starts_at.date())
                   == monday + datetime.timedelta(days=7 * n)])
                 for n in range(MINE_WEEKS)]
        week = datetime.timedelta(days=7)
        return self.render(
            'portal/roster/mine.html', weeks=weeks, weekdays=dict(WEEKDAYS),
            clashes=models.Roster.find_clashes(shifts), now=models.now(),
            monday=monday, previous=monday - week * MINE_WEEKS,
            next=monday + week * MINE_WEEKS,
            this_week=models.week_start(models.today()))


def register(admin, category):
    """The hall's week roster (under the hall's menu) and a helper's own."""
    admin.add_views(
        RosterView(_l('Week roster'), endpoint='roster', url='roster',
                   category=category),
        MyRosterView(_l('My roster'), endpoint='my_roster', url='roster/mine'),
    )
