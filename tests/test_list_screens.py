"""List screens at a city's volume: every name a reader sees is a label in
their language (never a field name, never True or False), every list filters
by what its records carry and exports to Excel what it shows, the case list
filters by date and agent and exports a page or the whole selection."""
import datetime
import io
import re
from html.parser import HTMLParser

import pytest
from flask_admin.model.base import BaseModelView
from openpyxl import load_workbook

import models

LANGUAGES = ('zh_Hans_CN', 'en')
WORDS = {'True', 'False', 'None', 'true', 'false'}


class Names(HTMLParser):
    """The texts a reader takes for names: column headers, form labels,
    the labels of a detail page, the filter menu, and every table cell."""

    NAMING = {'th', 'label', 'b', 'dt'}

    def __init__(self):
        super().__init__()
        self.stack = []  # (tag, is a filter entry, [text])
        self.names, self.cells = [], []

    def handle_starttag(self, tag, attrs):
        if tag == 'input' and dict(attrs).get('name') == 'search':
            # The search box says what it looks in, by label.
            self.names += (dict(attrs).get('placeholder') or '').split(', ')
        if tag in ('br', 'input', 'img', 'meta', 'link', 'hr'):
            return
        classes = (dict(attrs).get('class') or '').split()
        self.stack.append((tag, 'filter' in classes and tag == 'a', []))

    def handle_endtag(self, tag):
        while self.stack:
            name, is_filter, text = self.stack.pop()
            value = ' '.join(''.join(text).split())
            if self.stack:
                self.stack[-1][2].append(''.join(text))
            if name in self.NAMING or is_filter:
                self.names.append(value)
            if name == 'td':
                self.cells.append(value)
            if name == tag:
                break

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][2].append(data)


def prettified(name):
    """What Flask-Admin writes for a field it has no label for."""
    return BaseModelView._prettify_name(None, name)


def raw_names(model):
    names = set(WORDS)
    for field in model._meta.sorted_fields:
        for name in (field.name, getattr(field, 'column_name', field.name)):
            names |= {name, prettified(name), name.replace('_', ' ')}
    return names


def login(client, username):
    response = client.post('/portal/login', data={
        'username': username, 'password': 'bangban-demo'})
    assert response.status_code == 302


def model_views(app):
    return [view for view in app.extensions['portal_admin']._views
            if hasattr(view, 'model')]


def view_pages(view):
    """The list, a new record, and the details and form of a few records."""
    base = '/portal/%s/' % view.url.strip('/').split('/')[-1]
    pages = [base]
    if view.can_create:
        pages.append(base + 'new/')
    for record in view.model.select().order_by(view.model.id).limit(2):
        pages.append(base + 'details/?id=%d' % record.id)
        if view.can_edit:
            pages.append(base + 'edit/?id=%d' % record.id)
    return pages


@pytest.mark.parametrize('language', LANGUAGES)
def test_no_screen_names_a_field_or_says_true_or_false(demo_app, language):
    """Every list, detail page and form of every configuration view, as the
    city administrator (who may open them all), in both languages."""
    client = demo_app.test_client()
    client.post('/lang/%s' % ('en' if language == 'en' else 'zh_Hans_CN'),
                data={'next': '/'})
    login(client, 'demo-city')
    walked = 0
    for view in model_views(demo_app):
        raw = raw_names(view.model)
        for inline in getattr(view, 'inline_models', None) or ():
            raw |= raw_names(inline[0] if isinstance(inline, tuple) else inline)
        with demo_app.test_request_context():
            from flask import g
            g.user = models.User.get(username='demo-city')
            pages = view_pages(view)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            names = Names()
            names.feed(response.get_data(as_text=True))
            shown = [n for n in names.names if n in raw]
            assert shown == [], '%s names fields: %r' % (url, shown)
            said = [c for c in names.cells if c in WORDS]
            assert said == [], '%s says %r' % (url, said)
            walked += 1
    assert walked > 40


def test_details_never_show_secrets_or_search_keys(demo_client):
    login(demo_client, 'demo-city')
    item = models.Item.select().first()
    page = demo_client.get('/portal/items/details/?id=%d' % item.id).get_data(as_text=True)
    assert item.pinyin not in page
    kiosk = models.Kiosk.select().first()
    page = demo_client.get('/portal/kiosks/details/?id=%d' % kiosk.id).get_data(as_text=True)
    assert 'token_hash' not in page and 'Token Hash' not in page


def test_every_list_filters_by_the_records_it_points_to(demo_app):
    """A list of records that belong to a hall, kiosk, window, agent,
    department or item has a filter by it."""
    from portal.base import PICKER_FILTERS
    with demo_app.test_request_context():
        for view in model_views(demo_app):
            fields = view.model._meta.fields
            filtered = {getattr(getattr(f, 'column', None), 'name', None)
                        for f in view._filters or ()}
            for name, target, _label in PICKER_FILTERS:
                field = fields.get(name)
                if getattr(field, 'rel_model', None) is target:
                    assert name in filtered, (view.endpoint, name)


def workbook(response):
    assert response.status_code == 200
    assert response.mimetype.endswith('spreadsheetml.sheet')
    sheet = load_workbook(io.BytesIO(response.data)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_a_configuration_list_exports_what_it_shows(demo_client):
    login(demo_client, 'demo-manager')
    rows = workbook(demo_client.get('/portal/agents/export/xlsx/'))
    assert rows[0][:3] == ['姓名', '大厅', '人员类别']
    manager = models.User.get(username='demo-manager')
    agents = models.Agent.select().where(models.Agent.hall.in_(manager.scope_hall_ids()))
    assert len(rows) - 1 == agents.count() > 0
    assert {row[1] for row in rows[1:]} <= {a.hall.name for a in agents}
    assert all(row[5] in ('是', '否') for row in rows[1:])  # 在岗, not True
    # Filtered as the list is: the search narrows the workbook too.
    one = agents.first()
    found = workbook(demo_client.get('/portal/agents/export/xlsx/?search=%s' % one.name))
    assert 1 < len(found) < len(rows) and all(one.name in r[0] for r in found[1:])
    # Nothing outside the user's halls, and no other format.
    assert demo_client.get('/portal/agents/export/csv/').status_code == 404


def test_export_needs_the_list_permission(demo_client):
    login(demo_client, 'demo-helper')
    assert demo_client.get('/portal/agents/export/xlsx/').status_code == 403


# --- The case list ----------------------------------------------------------

def case_numbers(html):
    """The case numbers a case list page shows, in order."""
    body = html[html.index('case-list'):]
    return re.findall(r'/portal/cases/\d+">([^<]+)</a>', body)


def test_the_case_list_filters_by_agent_and_date(demo_client):
    login(demo_client, 'demo-manager')
    manager = models.User.get(username='demo-manager')
    halls = manager.scope_hall_ids()
    agent = (models.Agent.select()
             .join(models.Case, on=(models.Case.agent == models.Agent.id))
             .where(models.Case.hall.in_(halls))
             .order_by(models.Agent.id).first())
    html = demo_client.get('/portal/cases/?agent=%d' % agent.id).get_data(as_text=True)
    expected = [c.number for c in models.Case.select()
                .where(models.Case.agent == agent, models.Case.hall.in_(halls))
                .order_by(models.Case.created_at.desc(), models.Case.id.desc())
                .limit(50)]
    assert case_numbers(html) == expected and expected
    assert 'selected>%s' % agent.name in html  # the filter shows its choice

    day = models.Case.select().where(models.Case.hall.in_(halls)).order_by(
        models.Case.created_at).first().created_at.date()
    html = demo_client.get('/portal/cases/?from=%s&to=%s' % (day, day)).get_data(as_text=True)
    shown = case_numbers(html)
    on_day = [c.number for c in models.Case.select().where(
        models.Case.hall.in_(halls) | models.Case.origin_hall.in_(halls))
        if c.created_at.date() == day]
    assert sorted(shown) == sorted(on_day) and shown
    # A date that is no date filters nothing, and breaks nothing.
    assert demo_client.get('/portal/cases/?from=yesterday').status_code == 200


def test_the_case_export_is_the_whole_selection_a_batch_at_a_time(
        demo_client, monkeypatch):
    from portal.cases import pages
    monkeypatch.setattr(pages, 'EXPORT_BATCH', 3)  # several batches
    login(demo_client, 'demo-manager')
    query = '?status=in_handling'
    listed = demo_client.get('/portal/cases/' + query).get_data(as_text=True)
    rows = workbook(demo_client.get('/portal/cases/cases.xlsx' + query))
    assert rows[0][:3] == ['案件编号', '申请人', '事项']
    manager = models.User.get(username='demo-manager')
    expected = [c.number for c in models.Case.in_scope(manager.scope_hall_ids())
                .where(models.Case.status == 'in_handling')
                .order_by(models.Case.created_at.desc(), models.Case.id.desc())]
    assert [r[0] for r in rows[1:]] == expected and len(expected) > 3
    assert case_numbers(listed) == expected[:50]
    assert all(r[6].startswith('办理中') for r in rows[1:])
    # The list links to the export of exactly what it shows.
    assert '/portal/cases/cases.xlsx?status=in_handling' in listed


def test_the_case_export_is_for_case_staff_only(demo_client):
    login(demo_client, 'demo-helper')
    assert demo_client.get('/portal/cases/cases.xlsx').status_code == 403


# --- The menu and the helper's home ------------------------------------------

def menu_active(html):
    """The names of the menu entries marked as the page open now."""
    menu = html[html.index('portal-menu'):html.index('</ul>', html.index('portal-menu'))]
    return [' '.join(re.sub('<[^>]+>', ' ', m).split()) for m in re.findall(
        r'class="[^"]*\bactive\b[^"]*"[^>]*>(.*?)</a>', menu, re.S)]


def test_the_menu_marks_only_the_page_open_now(demo_client):
    login(demo_client, 'demo-manager')
    assert menu_active(demo_client.get('/portal/').get_data(as_text=True)) == ['首页']
    active = menu_active(demo_client.get('/portal/cases/overdue').get_data(as_text=True))
    assert '首页' not in ''.join(active) and '超期案件' in active
    active = menu_active(demo_client.get('/portal/agents/').get_data(as_text=True))
    assert '首页' not in ''.join(active) and '帮办代办员' in ''.join(active)


def test_a_helper_is_told_what_to_do_and_where(demo_client):
    login(demo_client, 'demo-helper')
    helper = models.Agent.get(models.Agent.user == models.User.get(username='demo-helper'))
    kiosk = models.Kiosk.get(models.Kiosk.hall == helper.hall)
    start = models.now().replace(microsecond=0) + datetime.timedelta(days=1)
    models.Shift.create(kiosk=kiosk, helper=helper, starts_at=start,
                        ends_at=start + datetime.timedelta(hours=2))
    html = demo_client.get('/portal/').get_data(as_text=True)
    assert '/kiosk/' in html and 'helper-duty' in html
    assert 'href="/portal/roster/mine/"' in html
    assert demo_client.get('/portal/roster/mine/').status_code == 200
    assert start.date().isoformat() in html and kiosk.name in html
    assert '在办案件' not in html  # case counts are not a helper's work
    assert menu_active(html) == ['首页']
    demo_client.post('/lang/en', data={'next': '/'})
    html = demo_client.get('/portal/').get_data(as_text=True)
    assert 'Your work is at the self-service kiosks' in html
    assert 'Open the kiosk' in html


@pytest.mark.parametrize('username', ['demo-manager', 'demo-supervisor'])
def test_every_export_holds_exactly_the_records_the_list_counts(demo_app, username):
    """Scoped as the list is: a manager's workbook holds their halls' records
    only, a supervisor's the whole city's."""
    client = demo_app.test_client()
    login(client, username)
    for view in model_views(demo_app):
        base = '/portal/%s/' % view.url.strip('/').split('/')[-1]
        response = client.get(base)
        if response.status_code == 403:  # not this role's list (API clients)
            assert client.get(base + 'export/xlsx/').status_code == 403
            continue
        listed = response.get_data(as_text=True)
        found = re.search(r'class="nav-link active">[^<(]*(?:\((\d+)\))?\s*</a>', listed)
        assert found, base
        count = int(found.group(1) or 0)
        rows = workbook(client.get(base + 'export/xlsx/'))
        assert len(rows) - 1 == count, (base, len(rows) - 1, count)


# --- A constant number of queries per page ------------------------------------

def statements_for(demo_app, client, url):
    from support import statements
    with statements(demo_app.extensions['database']) as run:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(run)


def test_lists_read_a_constant_number_of_queries(demo_app):
    """The page's rows cost no query each: a case list filtered by agent and
    date, and a configuration list of records pointing to halls and agents,
    ask as much of the database for 5 rows as for 50."""
    from grown_city import add_cases
    client = demo_app.test_client()
    login(client, 'demo-manager')
    agent = models.Agent.select().where(
        models.Agent.hall == models.Hall.get(code='QL-YX')).order_by(models.Agent.id).first()
    since = (models.today() - datetime.timedelta(days=3)).isoformat()
    url = '/portal/cases/?agent=%d&from=%s' % (agent.id, since)
    before = len(case_numbers(client.get(url).get_data(as_text=True)))
    few = statements_for(demo_app, client, url)
    add_cases(400, 'LS', overdue=False)
    after = len(case_numbers(client.get(url).get_data(as_text=True)))
    assert after > before + 5
    assert statements_for(demo_app, client, url) == few
    small = statements_for(demo_app, client, '/portal/agents/?page_size=20')
    large = statements_for(demo_app, client, '/portal/agents/?page_size=50')
    assert small == large


@pytest.mark.parametrize('username, dashboard', [
    ('demo-manager', True), ('demo-supervisor', True), ('demo-city', True),
    ('demo-agent', False)])
def test_the_home_counters_open_their_lists(demo_client, username, dashboard):
    login(demo_client, username)
    html = demo_client.get('/portal/').get_data(as_text=True)
    counters = html[html.index('home-counters'):]
    links = re.findall(r'href="([^"]+)"', counters)[:3]
    assert links == ['/portal/cases/', '/portal/cases/overdue',
                     '/portal/cases/follow-ups']
    for link in links:
        assert demo_client.get(link).status_code == 200, link
    assert ('home-dashboard-link' in html) == dashboard
