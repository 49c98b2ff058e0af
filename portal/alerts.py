"""The alert list (预警): the alerts of the reader's halls now, which were
acknowledged today and by whom, and each hall's thresholds. Managers and the
city acknowledge and set thresholds (manage_hall); supervisors read."""
from flask import abort, flash, g, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext as _
from i18n import lazy_gettext as _l

import alerts
import models

from . import auth
from .base import PortalView, requested_page
from .cases import PER_PAGE


def register(admin):
    """Add the list to the portal's menu (which shows its count)."""
    admin.add_view(AlertsView(name=_l('Alerts'), endpoint='alerts',
                              url='/portal/alerts'))


class AlertsView(PortalView):
    permission = 'read_hall'

    def open_count(self):
        """The menu's number: alerts not acknowledged today in the reader's
        halls, worked out once a request and only for those who read them."""
        if not self.is_accessible():
            return 0
        if 'alert_count' not in g:
            g.alert_count = alerts.open_count(auth.scope())
        return g.alert_count

    def _halls(self):
        """The halls asked for (?hall=, in scope, else 404), or all in scope."""
        halls = auth.scope()
        raw = request.values.get('hall')
        if raw:
            try:
                hall_id = int(raw)
            except ValueError:
                abort(404)
            if hall_id not in halls:
                abort(404)
            return [hall_id], hall_id
        return halls, None

    @expose('/')
    def index(self):
        hall_ids, chosen = self._halls()
        at = models.now()
        rows = alerts.listed(hall_ids, at)
        halls = list(models.Hall.select()
                     .where(models.Hall.id.in_(auth.scope()))
                     .order_by(models.Hall.level, models.Hall.code))
        names = {hall.id: hall for hall in halls}
        # A city's alerts run to thousands: a page of them at a time.
        page, pages = requested_page(len(rows), PER_PAGE)
        thresholds = models.AlertSetting.thresholds(hall_ids)
        setting_hall = chosen or g.user.hall_id
        return self.render(
            'portal/alerts/index.html',
            rows=rows[(page - 1) * PER_PAGE:page * PER_PAGE], total=len(rows),
            page=page, pages=pages, halls=halls, names=names,
            chosen=chosen, rules=alerts.RULES,
            open=sum(1 for _a, ack in rows if ack is None),
            setting_hall=setting_hall,
            limit=lambda rule: thresholds.get((setting_hall, rule.key),
                                              rule.default),
            may_manage=g.user.may('manage_hall'))

    def _back(self):
        hall_id = request.form.get('back_hall', type=int)
        return redirect(url_for('.index', hall=hall_id) if hall_id in auth.scope()
                        else url_for('.index'))

    @expose('/acknowledge', methods=('POST',))
    def acknowledge(self):
        """Acknowledge one alert raised now in a hall in scope."""
        if not g.user.may('manage_hall'):
            abort(403)
        hall_ids, hall_id = self._halls()
        rule, subject = request.form.get('rule'), request.form.get('subject', '')
        if hall_id is None or rule not in alerts.RULES:
            abort(404)
        if not alerts.is_raised(rule, hall_id, subject):
            flash(_('This alert is no longer raised. Nothing was changed.'), 'error')
        elif models.AlertAck.acknowledge(rule, hall_id, subject,
                                         alerts.period(), g.user):
            flash(_('Alert acknowledged.'), 'success')
        else:
            flash(_('This alert was acknowledged already. Nothing was changed.'),
                  'info')
        return self._back()

    @expose('/threshold', methods=('POST',))
    def threshold(self):
        """Set a hall's threshold for a rule."""
        if not g.user.may('manage_hall'):
            abort(403)
        _halls, hall_id = self._halls()
        rule = alerts.RULES.get(request.form.get('rule'))
        if hall_id is None or rule is None:
            abort(404)
        try:
            value = models.AlertSetting.set(hall_id, rule.key,
                                            request.form.get('threshold', ''),
                                            rule.low, rule.high, g.user)
        except models.DomainError as error:
            flash(str(error), 'error')
        else:
            flash(_('%(rule)s: the threshold is now %(value)d %(unit)s.',
                    rule=rule.label, value=value, unit=rule.unit), 'success')
        return self._back()
