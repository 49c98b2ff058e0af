"""The back office's configuration views, registered on the portal's Admin."""
from i18n import lazy_gettext as _l

import models

from .accounts import UserView
from .api_clients import ApiClientView
from .audit_trail import AuditView
from .catalogue import (
    BundleView, DepartmentView, GuideView, ItemTemplateView, ItemView,
)
from .excel import ExcelView
from .jobs import JobsView
from .halls import HallView, HolidayView, StationView, WindowView
from .notices import NoticeView
from .sms_texts import SmsTextsView
from .staff import AgentView, KioskView, LiaisonView, PostView, ShiftView
from .staffing import StaffingView
from . import alerts, dashboard, mongolian, roster, supervision


def register(admin):
    """Add every configuration view; explicit endpoints avoid blueprint clashes."""
    hall, catalogue, accounts = _l('Hall'), _l('Catalogue'), _l('Accounts')
    admin.add_views(
        HallView(models.Hall, _l('Halls'), 'hall_admin', hall),
        StationView(models.HallDepartment, _l('Stationed departments'), 'station_admin', hall),
        WindowView(models.Window, _l('Windows'), 'window_admin', hall),
        AgentView(models.Agent, _l('Agents'), 'agent_admin', hall),
        PostView(models.Post, _l('AB posts'), 'post_admin', hall),
        LiaisonView(models.Liaison, _l('Liaisons'), 'liaison_admin', hall),
        KioskView(models.Kiosk, _l('Kiosks'), 'kiosk_admin', hall),
        ShiftView(models.Shift, _l('Duty roster'), 'shift_admin', hall),
        NoticeView(_l('Holiday notices'), endpoint='notices', url='notices', category=hall),
        HolidayView(models.Holiday, _l('Day overrides'), 'holiday_admin', hall),
        DepartmentView(models.Department, _l('Departments'), 'department_admin', catalogue),
        GuideView(_l('Service guide'), endpoint='guide', url='guide', category=catalogue),
        ItemView(models.Item, _l('Items'), 'item_admin', catalogue),
        BundleView(models.Bundle, _l('Bundles'), 'bundle_admin', catalogue),
        ItemTemplateView(models.ItemTemplate, _l('Item templates'),
                         'item_template_admin', catalogue),
        ExcelView(_l('Excel lists'), endpoint='excel', url='excel', category=catalogue),
        StaffingView(_l('Staffing check'), endpoint='staffing', url='staffing',
                     category=hall),
        UserView(models.User, _l('Accounts'), 'user_admin', accounts),
        AuditView(_l('Audit trail'), endpoint='audit_admin', url='audit', category=accounts),
        JobsView(_l('Scheduled jobs'), endpoint='jobs', url='jobs', category=accounts),
        ApiClientView(models.ApiClient, _l('API clients'), 'api_client_admin',
                      accounts, url='api-clients'),
        SmsTextsView(_l('SMS to applicants'), endpoint='sms_texts',
                     url='sms-texts', category=accounts),
    )
    roster.register(admin, hall)
    mongolian.register(admin, hall)
    dashboard.register(admin)
    alerts.register(admin)
    supervision.register(admin)
