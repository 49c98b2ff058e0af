"""Monthly statistics (附件8): per hall or per department, on screen and in Excel."""
import datetime

from flask import abort, g, request, send_file
from flask_admin import expose
from flask_babel import gettext as _
from i18n import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

import models
import reports

from .auth import scope
from .base import PortalView
from .excel import xlsx_file


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

    def _report(self):
        first, last = _month(request.args.get('month'))
        hall_ids = scope()
        try:
            hall_id = int(request.args.get('hall') or g.user.hall_id)
        except ValueError:
            abort(404)
        if hall_id not in hall_ids:
            abort(404)
        hall = models.Hall.get_by_id(hall_id)
        by = 'department' if request.args.get('by') == 'department' else 'hall'
        halls = [hall.id] if by == 'department' else hall.subtree_ids()
        rows, total = reports.monthly_statistics(halls, first, last, by=by)
        return dict(first=first, last=last, hall=hall, by=by, rows=rows,
                    total=total, hall_ids=hall.subtree_ids(), halls=models.Hall.select().where(
                        models.Hall.id.in_(hall_ids)).order_by(models.Hall.code))

    @expose('/')
    def index(self):
        report = self._report()
        # 差评整改 beside the form (not part of it: the export stays as
        # 附件8 prints): the bad ratings given in the month, by hall.
        rates, rates_total = reports.rectification_rates(
            report['hall_ids'], report['first'], report['last'])
        return self.render('portal/stats.html', rates=rates,
                           rates_total=rates_total, **report)

    @expose('/export.xlsx')
    def export(self):
        report = self._report()
        book = Workbook()
        sheet = book.active
        sheet.title = _('Statistics')
        sheet.append([_('Statistics of assisted and proxy handling cases')])
        sheet.append([_('Unit: %(hall)s', hall=report['hall'].name),
                      '', _('Period: %(first)s to %(last)s',
                            first=report['first'].isoformat(),
                            last=report['last'].isoformat())])
        header = [_('No.'), _('Unit name'), _('Accepted'), _('Still open'),
                  _('Completed'), _('Satisfaction'), _('Remarks')]
        sheet.append(header)
        for number, row in enumerate(report['rows'], start=1):
            sheet.append(_line(number, str(row.unit), row))
        sheet.append(_line('', _('Total'), report['total']))
        sheet['A1'].font = Font(bold=True, size=14)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal='center')
        for column, width in zip('ABCDEFG', (6, 28, 10, 10, 10, 10, 30)):
            sheet.column_dimensions[column].width = width
        data = xlsx_file(book)
        name = 'statistics-%s-%s.xlsx' % (report['hall'].code,
                                          report['first'].strftime('%Y-%m'))
        return send_file(data, as_attachment=True, download_name=name,
                         mimetype='application/vnd.openxmlformats-officedocument'
                                  '.spreadsheetml.sheet')


def _line(number, unit, row):
    satisfaction = '' if row.satisfaction is None else '%.1f%%' % row.satisfaction
    remarks = []
    if row.terminated:
        remarks.append(_('including %(n)d terminated', n=row.terminated))
    if row.overdue:
        remarks.append(_('%(n)d overdue', n=row.overdue))
    if row.suspended:
        remarks.append(_('%(n)d suspended', n=row.suspended))
    return [number, unit, row.accepted, row.open, row.closed, satisfaction,
            '; '.join(remarks)]


def register(admin):
    admin.add_view(StatisticsView(name=_l('Statistics'), endpoint='stats',
                                  url='/portal/stats'))
