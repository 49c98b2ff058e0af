"""The supervision dashboard (监管看板): one page per hall, a roll-up for a
hall with halls below it. The figures come from dashboard.py; this view
picks the hall in the reader's scope and hands them to the template."""
import datetime

from flask import abort, g, request, url_for
from flask_admin import expose
from i18n import lazy_gettext as _l

import alerts
import dashboard
import models
import reports

from .auth import scope
from .base import PortalView


def trend_chart(periods, links):
    """What static/js/dashboard.js draws for a trend (a JSON data block):
    the buckets, their figures and the list each one opens."""
    return dict(
        keys=[p.key for p in periods],
        received=[p.received for p in periods],
        closed=[p.closed for p in periods],
        on_time=[p.on_time_rate for p in periods],
        satisfaction=[p.satisfaction for p in periods],
        bad=[p.bad for p in periods],
        links=[links(p) for p in periods],
    )


class DashboardView(PortalView):
    """What a manager, a supervisor and the city watch (read_hall)."""
    permission = 'read_hall'

    def _hall(self):
        """The hall asked for (the reader's own by default); 404 outside
        the reader's scope or for anything that is not a hall id."""
        raw = request.args.get('hall')
        try:
            hall_id = int(raw) if raw else g.user.hall_id
        except ValueError:
            abort(404)
        if hall_id not in scope():
            abort(404)
        return models.Hall.get_by_id(hall_id)

    @expose('/')
    def index(self):
        hall = self._hall()
        board = dashboard.Dashboard(hall)

        def day_links(period):
            return url_for('cases.ledger', hall=hall.id,
                           **{'from': period.key, 'to': period.key})

        def month_links(period):
            return url_for('stats.index', hall=hall.id, month=period.key)

        in_scope = scope()
        halls = (models.Hall.select()
                 .where(models.Hall.id.in_(in_scope))
                 .order_by(models.Hall.level, models.Hall.code))
        below = [h for h in halls if h.parent_id == hall.id]
        # 差评整改 beside the figures: this month as it stands, last month
        # as it stood when it ended (reports.rectification_rates), one
        # grouped query each.
        this_month = models.today().replace(day=1)
        last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
        closed_loop = [
            (first, reports.rectification_rates(board.hall_ids, first, last)[1])
            for first, last in (
                (this_month, models.today()),
                (last_month, this_month - datetime.timedelta(days=1)))]
        return self.render(
            'portal/dashboard/index.html', board=board, hall=hall,
            halls=halls, below=below,
            day_links=day_links, month_links=month_links,
            charts=dict(
                days=trend_chart(board.days, day_links),
                months=trend_chart(board.months, month_links)),
            may_desk=g.user.may('work_desk'), closed_loop=closed_loop,
            alerts=alerts.summary(board.hall_ids, board.at))


def register(admin):
    """First in the menu's Supervision group (portal/supervision.py)."""
    admin.add_view(DashboardView(name=_l('Dashboard'), endpoint='dashboard',
                                 url='/portal/dashboard',
                                 category=_l('Supervision')))
