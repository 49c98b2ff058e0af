"""Monthly statistics (附件8): per hall or per department, on screen and in Excel."""
import datetime

from flask import abort, g, request, send_file
from flask_admin import expose
from i18n import lazy_gettext as _l

import models
import reports

from .auth import scope
from .base import PortalView
from .excel import XLSX, statistics_workbook


def _month(text):
    """The first and last day of a 'YYYY-MM' month; last month by default."""
    try:
        first = datetime.datetime.strptime(text or '', '%Y-%m').date()
    except ValueError:
        first = (models.today().replace(day=1)
                 - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


class StatisticsView(PortalView):
    """办件统计表: what supervisors read and halls report by the 25th."""

    def _chosen(self):
        """The month, the hall (in the reader's scope) and the grouping asked for."""
        first, last = _month(request.args.get('month'))
        try:
            hall_id = int(request.args.get('hall') or g.user.hall_id)
        except ValueError:
            abort(404)
        if hall_id not in scope():
            abort(404)
        by = 'department' if request.args.get('by') == 'department' else 'hall'
        return first, last, models.Hall.get_by_id(hall_id), by

    def _report(self):
        first, last, hall, by = self._chosen()
        halls = [hall.id] if by == 'department' else hall.subtree_ids()
        rows, total = reports.monthly_statistics(halls, first, last, by=by)
        return dict(first=first, last=last, hall=hall, by=by, rows=rows,
                    total=total, hall_ids=hall.subtree_ids(), halls=models.Hall.select().where(
                        models.Hall.id.in_(scope())).order_by(models.Hall.code))

    @expose('/')
    def index(self):
        report = self._report()
        # 差评整改 beside the form (not part of it: the export stays as
        # 附件8 prints): the bad ratings given in the month, by hall, as
        # they stood when a past month ended (its figures stay put).
        rates, rates_total = reports.rectification_rates(
            report['hall_ids'], report['first'], report['last'])
        return self.render('portal/stats.html', rates=rates,
                           rates_total=rates_total,
                           month_over=report['last'] < models.today(),
                           **report)

    @expose('/export.xlsx')
    def export(self):
        first, last, hall, by = self._chosen()
        data = statistics_workbook(hall, first, last, by)
        name = 'statistics-%s-%s.xlsx' % (hall.code, first.strftime('%Y-%m'))
        return send_file(data, as_attachment=True, download_name=name,
                         mimetype=XLSX)


def register(admin):
    """In the menu's Supervision group, with sampling, complaints and the
    appraisal (portal/supervision.py)."""
    admin.add_view(StatisticsView(name=_l('Statistics'), endpoint='stats',
                                  url='/portal/stats',
                                  category=_l('Supervision')))
