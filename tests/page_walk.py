"""Every page of the product and how to open it, for the walks that render
them all: the hostile-input test (test client) and the CSP test (Chromium).

Pages come from the app's URL map, so a new page is walked without anyone
remembering. An address argument the walk cannot fill stops it with the
page's name (tell `Samples` how to fill it); a page the walk never manages
to open is reported by the tests.
"""
import collections
import datetime

from flask import g, url_for

import models
from portal.cases.paper_forms import FORMS

# Endpoints that are not pages, and why they are not walked.
NOT_PAGES = {
    'cases.ledger_export': 'a workbook: tests/test_perf_reports.py',
    'cases.index_export': 'a workbook: tests/test_list_screens.py',
    'static': 'our static files',
    'admin.static': "Flask-Admin's static files",
    'excel.export_catalogue': 'a workbook: tests/test_excel_injection.py',
    'excel.export_liaisons': 'a workbook: tests/test_excel_injection.py',
    'jobs.download': 'a workbook kept by a job: tests/test_jobs.py',
    'stats.export': 'a workbook: tests/test_excel_injection.py',
    'appraisal.export': 'a workbook: tests/test_appraisal.py',
    'web.index': 'a redirect to the sign-in page',
    'guide.download': 'a template file: tests/test_service_guide.py',
    'kiosk.guide_template': 'a template file: tests/test_service_guide.py',
    'kiosk_shell.worker': "the kiosk's service worker: tests/test_offline.py",
    'display.worker': "the display's service worker: tests/test_display_offline.py",
    'display.clip': "a recorded clip of the Mongolian call: tests/test_mongolian_call.py",
}
NOT_PAGE_SUFFIXES = {
    '.export': "a list's Excel workbook: tests/test_list_screens.py",
    '.ajax_lookup': "Flask-Admin's picker lookups: no view has form_ajax_refs",
}

# Pages of one suspension of a case: opened for the cases that have one.
SUSPENSION_PAGES = ('cases.suspension_slip', 'cases.renewed_mandate')

# Blueprints with no pages: the API answers integration clients with a token.
NOT_PAGE_BLUEPRINTS = {
    'api_v1': 'the API: tests/test_api.py and tests/test_api_contract.py',
    'api-docs': 'the OpenAPI document (JSON): tests/test_api_contract.py',
}

Page = collections.namedtuple('Page', 'visitor endpoint url method data')


def visitor(endpoint):
    """Who opens a page: anonymous, staff (the city administrator, who
    sees every hall), agent (the desk), terminal (a bound kiosk nobody is
    signed in to) or helper (signed in at that kiosk)."""
    blueprint = endpoint.split('.')[0]
    if blueprint in ('public', 'display', 'web', 'kiosk_shell') or endpoint in (
            'portal_auth.login', 'kiosk.bind'):
        return 'anonymous'
    if endpoint == 'kiosk.start':
        return 'terminal'
    if blueprint == 'kiosk':
        return 'helper'
    if blueprint == 'desk':
        return 'agent'
    return 'staff'


class Samples:
    """The records whose pages are opened: a few of each kind, chosen by
    id so that every run walks the same pages."""

    def __init__(self, kiosk_hall, receipts, appointments, agent):
        self.kiosk_hall = kiosk_hall  # the hall of the kiosk walked
        self.receipts = receipts  # plaintext receipt codes, by case id
        self.appointments = appointments  # plaintext appointment codes
        self.agent = agent
        self.cases = sample_cases(kiosk_hall)
        self.kiosk_cases = [c for c in self.cases
                            if kiosk_hall.id in (c.hall_id, c.origin_hall_id)]
        self.halls = list(models.Hall.select().order_by(models.Hall.id))
        # A few cases' suspensions, for their slips (中止单, 续办委托书).
        found = [(case, one) for case in self.cases
                 for one in case.suspensions()]
        self.suspensions = found[:2] + [
            pair for pair in found[2:] if pair[0].service_form == 'proxy'][:1]

    def values(self, endpoint, argument):
        """The values of one address argument of a page."""
        if argument == 'code' and endpoint == 'public.request_status':
            return self.request_codes()
        if argument == 'code':
            return {
                'public.progress': list(self.receipts.values()),
                'public.appointment': self.appointments,
                'display.screen': [h.code for h in self.halls],
                'display.calls_json': [h.code for h in self.halls],
            }[endpoint]
        if argument == 'case_id' and endpoint in SUSPENSION_PAGES:
            return list(dict.fromkeys(
                case.id for case, _found in self.suspended(endpoint)))
        if argument == 'event_id':  # the first with the first case opens
            return [found.suspended.id
                    for _case, found in self.suspended(endpoint)]
        if argument == 'case_id':
            cases = self.kiosk_cases if endpoint.startswith('kiosk.') else self.cases
            return [c.id for c in cases]
        if argument == 'kind':
            return list(FORMS)
        if argument == 'task_id':  # 差评整改: an open task and a closed one
            found = []
            for is_open in (True, False):
                found += [t.id for t in models.FollowUp.select()
                          .where(models.FollowUp.closed_at.is_null(is_open))
                          .order_by(models.FollowUp.id).limit(1)]
            return found
        if argument == 'draw_id':  # 定期抽查: the first draw and the last
            ids = [d.id for d in models.SampleDraw.select(models.SampleDraw.id)
                   .order_by(models.SampleDraw.id)]
            return sorted(set(ids[:1] + ids[-1:]))
        if argument == 'review_id':  # a case reviewed and one not yet
            found = []
            for reviewed in (True, False):
                found += [r.id for r in models.SampleReview.select()
                          .where(models.SampleReview.reviewed_at
                                 .is_null(not reviewed))
                          .order_by(models.SampleReview.id).limit(1)]
            return found
        if argument == 'complaint_id':  # 投诉: one answered, one not
            found = []
            for answered in (True, False):
                found += [c.id for c in models.Complaint.select()
                          .where(models.Complaint.answered_at
                                 .is_null(not answered))
                          .order_by(models.Complaint.id).limit(1)]
            return found
        if argument == 'request_id':  # 线上帮办: the newest two
            return [r.id for r in models.ServiceRequest.select()
                    .order_by(models.ServiceRequest.id.desc()).limit(2)]
        if argument == 'applicant_id':
            return sorted({c.applicant_id for c in self.cases})[:6]
        if argument == 'window_id':
            return [w.id for w in models.Window.at_desk_of(self.agent)]
        if argument == 'item_id':
            return [i.id for i in models.Item.select().order_by(models.Item.id).limit(3)]
        if argument == 'bundle_id':
            return [b.id for b in models.Bundle.select().order_by(models.Bundle.id)]
        if argument == 'hall_code':
            return [self.kiosk_hall.code] + [h.code for h in self.halls[:2]]
        if argument == 'year':  # the holiday notices a city enters
            return [models.today().year, models.today().year + 1]
        if argument == 'item_code':
            return [w.item.code for w in models.WindowItem.select()
                    .join(models.Window)
                    .where(models.Window.hall == self.kiosk_hall)
                    .order_by(models.WindowItem.id).limit(2)] + [
                models.Item.select().order_by(models.Item.id).first().code]
        if argument == 'language':  # the kiosk's and the display's offline pages
            return ['zh_Hans_CN', 'en']
        raise LookupError('the walk cannot open %s: tell tests/page_walk.py '
                          'how to fill <%s>' % (endpoint, argument))

    def request_codes(self):
        """Follow-up codes of the newest two requests: only their hashes
        are kept, so they are given new ones."""
        codes = []
        for found in models.ServiceRequest.select().order_by(
                models.ServiceRequest.id.desc()).limit(2):
            code = models.new_code('R')
            models.ServiceRequest.update(code_hash=models.digest(code)).where(
                models.ServiceRequest.id == found.id).execute()
            codes.append(code)
        return codes

    def suspended(self, endpoint):
        """The sampled suspensions whose slip the page prints (a renewed
        mandate only for a proxy case), as (case, suspension) pairs."""
        return [(case, found) for case, found in self.suspensions
                if endpoint != 'cases.renewed_mandate'
                or case.service_form == 'proxy']

    def queries(self, endpoint):
        """Query strings a page is opened with (one empty one by default)."""
        months = sorted({c.created_at.strftime('%Y-%m') for c in self.cases})
        first = min(c.created_at for c in self.cases).date()
        return {
            'staffing.index': [{'hall': h.id} for h in self.halls],
            'roster.index': [{'hall': h.id} for h in self.halls],
            'dashboard.index': [{}] + [{'hall': h.id} for h in self.halls],
            'alerts.index': [{}] + [{'hall': h.id} for h in self.halls],
            'complaints.index': [{}, {'show': 'all'}],
            'appraisal.index': [{}, {'period': str(models.today().year)}],
            'stats.index': [{}] + [dict(hall=self.kiosk_hall.id, month=m, by=by)
                                   for m in months for by in ('hall', 'department')],
            'cases.ledger': [{'hall': h.id, 'from': first.isoformat(),
                              'to': models.today().isoformat()}
                             for h in self.halls],
            'cases.index': [{}, {'q': self.cases[0].applicant.name[:4]}],
            'applicants.search': [{'q': self.cases[0].applicant.name[:4]}],
            'kiosk.items': [{}, {'category': 'social_insurance'}],
            # The newest audit entries (the walk's own among them).
            'audit_admin.details': [{'id': entry.id} for entry in (
                models.AuditLog.select().order_by(models.AuditLog.id.desc())
                .limit(5))],
        }.get(endpoint, [{}])


def sample_cases(hall):
    """Two cases of every status, in any hall and in the kiosk's hall
    (and its newest of each, which a walk may have made for a page), and
    the cases of each printable form."""
    chosen = {}
    for status, _label in models.CASE_STATUSES:
        for where, order, count in (
                (True, models.Case.id, 2),
                (models.Case.hall == hall, models.Case.id, 2),
                (models.Case.hall == hall, models.Case.id.desc(), 1)):
            for case in (models.Case.select()
                         .where(models.Case.status == status, where)
                         .order_by(order).limit(count)):
                chosen[case.id] = case
    # A suspension that ended (for its slip) and one of a proxy case (for
    # its renewed mandate).
    for where in ((models.CaseEvent.action == 'resume'),
                  (models.CaseEvent.action == 'suspend')
                  & (models.Case.service_form == 'proxy')):
        for event in (models.CaseEvent.select()
                      .join(models.Case)
                      .where(where)
                      .order_by(models.CaseEvent.id)
                      .limit(1)):
            chosen[event.case_id] = event.case
    for _kind, (_title, applies) in FORMS.items():
        for case in [c for c in models.Case.select().order_by(models.Case.id)
                     if applies(c)][:1]:
            chosen[case.id] = case
    return [chosen[k] for k in sorted(chosen)]


def pages(app, samples, staff):
    """Every page to open, as Page rows, in a fixed order."""
    found = []
    admin = app.extensions['portal_admin']
    model_views = {view.endpoint: view for view in admin._views
                   if hasattr(view, 'model')}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        endpoint = rule.endpoint
        if 'GET' not in rule.methods or endpoint in NOT_PAGES or \
                endpoint.endswith(tuple(NOT_PAGE_SUFFIXES)) or \
                endpoint.partition('.')[0] in NOT_PAGE_BLUEPRINTS:
            continue
        name, _dot, kind = endpoint.partition('.')
        if name in model_views:
            queries = _model_view_queries(app, model_views[name], kind, staff)
            arguments = [{}]
        else:
            queries = samples.queries(endpoint)
            arguments = _combinations(
                {a: samples.values(endpoint, a) for a in sorted(rule.arguments)})
        with app.test_request_context():
            for args in arguments:
                for query in queries:
                    found.append(Page(visitor(endpoint), endpoint,
                                      url_for(endpoint, **args, **query),
                                      'GET', None))
    return found


def _combinations(values):
    rows = [{}]
    for argument, choices in values.items():
        rows = [dict(row, **{argument: v}) for row in rows for v in choices]
    return rows


def _model_view_queries(app, view, kind, staff):
    """A Flask-Admin view's list, a new record, and three records."""
    with app.test_request_context():
        g.user = staff
        allowed = {'index_view': True, 'create_view': view.can_create,
                   'edit_view': view.can_edit,
                   'details_view': view.can_view_details}.get(kind)
    if not allowed:
        return []
    if kind in ('index_view', 'create_view'):
        return [{}]
    ids = [r.id for r in view.model.select().order_by(view.model.id).limit(3)]
    return [{'id': i} for i in ids]


def book_an_appointment(hall):
    """Book the first window and day of the hall that has places; the code."""
    day = models.today()
    for _ in range(30):
        day += datetime.timedelta(days=1)
        for link in (models.WindowItem.select().join(models.Window)
                     .where(models.Window.hall == hall)
                     .order_by(models.WindowItem.id)):
            for half in ('am', 'pm'):
                if models.Appointment.capacity(link.window, day, half) > 0:
                    applicant = models.Applicant.select().where(
                        models.Applicant.kind == 'person').first()
                    booker = models.Appointment.booker(
                        applicant.name, applicant.id_type,
                        applicant.id_number, '13900001234',
                        nationality=applicant.nationality)
                    return models.Appointment.book(link.window, link.item,
                                                   day, half, booker)[1]
    raise AssertionError('no window of %s takes appointments' % hall.code)


# Kiosk pages of one case need the case in the terminal's session: the
# walk reaches one of them (screening) through the helper's own steps.
KIOSK_CASE_PAGES = ('kiosk.outcome', 'kiosk.screen', 'kiosk.supply',
                    'kiosk.register', 'kiosk.refuse', 'kiosk.receipt',
                    'kiosk.notice', 'kiosk.application')


def first_page_of_each_endpoint(app):
    """The walk of tests/py, one page per endpoint; of Flask-Admin's
    new and details pages, only the windows' (each view's are the same
    templates as its edit and list pages)."""
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    receipts = {case.id: case.issue_receipt()
                for case in sample_cases(hall)[:3]}
    samples = Samples(hall, receipts,
                                [book_an_appointment(hall)],
                                models.User.get(username='demo-agent'))
    staff = models.User.get(username='demo-city')
    chosen = {}
    for page in pages(app, samples, staff):
        if page.endpoint in KIOSK_CASE_PAGES or (
                page.endpoint.endswith(('.create_view', '.details_view'))
                and not page.endpoint.startswith('window_admin.')):
            continue
        chosen.setdefault(page.endpoint, page)
    order = ('anonymous', 'staff', 'agent', 'terminal', 'helper')
    return sorted(chosen.values(), key=lambda p: order.index(p.visitor))
