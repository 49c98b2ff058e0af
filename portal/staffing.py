"""The staffing page: each hall against the minimums of the policy documents."""
from flask import abort, g, request
from flask_admin import expose
from i18n import lazy_gettext as _l

import models

from . import auth
from .base import PortalView


# Each rule: its name, and the page where a manager fixes it (the week
# roster opens on the hall checked).
RULES = {
    'full_time': (_l('Full-time agents'), 'agent_admin.index_view'),
    'agents': (_l('Agents'), 'agent_admin.index_view'),
    'part_time': (_l('Part-time agents'), 'agent_admin.index_view'),
    'window_part_time': (_l('Comprehensive windows'), 'post_admin.index_view'),
    'liaison': (_l('Liaisons'), 'liaison_admin.index_view'),
    'ab_post': (_l('AB posts'), 'post_admin.index_view'),
    'kiosk_duty': (_l('Kiosk duty roster'), 'roster.index'),
    'double_booking': (_l('Double bookings'), 'roster.index'),
}


class StaffingView(PortalView):
    """Lists every breach of the staffing rules (Hall.staffing_breaches);
    kiosk duty is read from the hall's roster (models.Roster), as the
    week roster page reads it."""
    DAYS = 7

    @expose('/')
    def index(self):
        halls = list(models.Hall.select()
                     .where(models.Hall.id.in_(auth.scope()))
                     .order_by(models.Hall.code))
        hall_id = request.args.get('hall', type=int) or g.user.hall_id
        chosen = next((h for h in halls if h.id == hall_id), None)
        if chosen is None:
            abort(404)
        return self.render('portal/admin/staffing.html', halls=halls, hall=chosen,
                           breaches=chosen.staffing_breaches(days=self.DAYS),
                           days=self.DAYS, rules=RULES)
