"""Double taps make nothing twice: every state-changing kiosk and desk action
claims its form's one-time key in the action's own transaction, and a repeat
gets the first request's result (action_keys.py)."""
import datetime
import html
import http.client
import http.cookiejar
import multiprocessing
import random
import re
import urllib.parse
import urllib.request

import peewee
import pytest

import models
import validators
from action_keys import FIELD
from app import create_app
from flows import county_kiosk, text

PROCESSES = 8

# POST endpoints that change only this browser's own session (who is signed
# in, which applicant is on screen) or read: a repeat leaves the same state.
SESSION_ONLY = {
    'kiosk.bind': 'binds this device again to the same terminal',
    'kiosk.signin_badge': 'signs the same helper in again',
    'kiosk.signin_pin': 'signs the same helper in again',
    'kiosk.signout': 'clears the session',
    'kiosk.next_applicant': 'clears the screen',
    'kiosk.scan_code': 'reads a code and shows its applicant or case',
    'kiosk.document': 'reads a typed number and shows its applicant',
}
FACES = ('kiosk', 'display', 'desk', 'cases')


def key(n=0):
    """A well-formed action key, as a rendered form would carry."""
    return 'test-action-key-%04d' % n


def keys_in(page):
    """The action keys of the forms on a page, in order."""
    return re.findall(r'name="%s" value="([^"]+)"' % FIELD, page)


# --- Every state-changing endpoint is covered -------------------------------

def test_every_state_changing_kiosk_and_desk_endpoint_claims_a_key(app):
    posting = {}
    for rule in app.url_map.iter_rules():
        if 'POST' in rule.methods and rule.endpoint.split('.')[0] in FACES:
            posting[rule.endpoint] = app.view_functions[rule.endpoint]
    uncovered = sorted(endpoint for endpoint, view in posting.items()
                       if not getattr(view, 'action_key', False)
                       and endpoint not in SESSION_ONLY)
    assert uncovered == [], 'POST endpoints without an action key: %s' % uncovered
    assert set(SESSION_ONLY) <= set(posting)  # the list stays current
    assert {'kiosk.open_case', 'kiosk.register', 'desk.call', 'desk.act',
            'cases.act', 'cases.new'} <= {e for e, v in posting.items()
                                          if getattr(v, 'action_key', False)}
    assert not [e for e in posting if e.startswith('display.')]  # read-only


def test_every_form_of_a_covered_page_carries_its_own_key(helper):
    item = models.Item.get(models.Item.code == 'RSJ-001')
    number = validators.generate_resident_id(random.Random(41), region='150402')
    page = text(helper.post('/kiosk/scan', data={'code': number}))
    assert len(keys_in(page)) == 1
    helper.post('/kiosk/applicant', data={'kind': 'person', 'id_number': number,
                                          'name': '测试键', 'phone': '13900006001'})
    page = text(helper.get('/kiosk/items/%d' % item.id))
    keys = keys_in(page)
    assert len(keys) == 2 and len(set(keys)) == 2  # one per form
    assert models.ActionKey.select().count() == 0  # showing a page writes none


# --- Sequential repeats -----------------------------------------------------

def served(helper, seed):
    """A new applicant at the kiosk, with a case open for RSJ-001."""
    number = validators.generate_resident_id(random.Random(seed), region='150402')
    helper.post('/kiosk/scan', data={'code': number})
    helper.post('/kiosk/applicant', data={'kind': 'person', 'id_number': number,
                                          'name': '测试键', 'phone': '13900006001',
                                          FIELD: key(seed)})
    item = models.Item.get(models.Item.code == 'RSJ-001')
    response = helper.post('/kiosk/items/%d/open' % item.id,
                           data={FIELD: key(seed + 1)})
    case_id = int(re.search(r'/cases/(\d+)/', response.headers['Location'])
                  .group(1))
    return models.Case.get_by_id(case_id)


def test_a_reissue_sent_twice_issues_one_code(helper):
    case = served(helper, 10)
    first = helper.post('/kiosk/cases/%d/reissue' % case.id, data={FIELD: key(3)})
    codes = models.ReceiptCode.select().where(models.ReceiptCode.case == case)
    issued = codes.count()
    second = helper.post('/kiosk/cases/%d/reissue' % case.id, data={FIELD: key(3)})
    assert codes.count() == issued  # no second code, the first still works
    assert second.headers['Location'] == first.headers['Location']
    page = text(helper.get(second.headers['Location']))
    assert 'This was already done once; here is the result.' in page


def test_a_new_case_sent_twice_at_the_window_opens_one(auth, demo_client):
    auth.login('demo-agent')
    item = models.Item.get(models.Item.code == 'RSJ-001')
    form = {'id_number': validators.generate_resident_id(random.Random(12)),
            'name': '测试窗', 'phone': '13900006002',
            'subject': 'item:%d' % item.id, 'service_form': 'assisted',
            FIELD: key(5)}
    before = models.Case.select().count()
    first = demo_client.post('/portal/cases/new', data=form)
    second = demo_client.post('/portal/cases/new', data=form)
    assert models.Case.select().count() == before + 1
    assert first.status_code == second.status_code == 302
    assert first.headers['Location'] == second.headers['Location']


def test_a_refused_action_frees_its_key(helper):
    case = served(helper, 20)
    url = '/kiosk/cases/%d/refuse' % case.id
    refused = helper.post(url, data={'reason': '', FIELD: key(7)})
    assert refused.status_code == 200  # the form again, with the message
    assert models.Case.get_by_id(case.id).status == 'consultation'
    assert not models.ActionKey.select().where(models.ActionKey.key == key(7)).exists()
    done = helper.post(url, data={'reason': '不属于帮办范围', 'refer_to': '市场监管局',
                                  FIELD: key(7)})
    assert done.status_code == 302
    assert models.Case.get_by_id(case.id).status == 'refused'


def test_another_users_key_is_refused_and_changes_nothing(auth, demo_client):
    auth.login('demo-agent')
    item = models.Item.get(models.Item.code == 'RSJ-001')
    form = {'id_number': validators.generate_resident_id(random.Random(13)),
            'name': '测试窗', 'subject': 'item:%d' % item.id,
            'service_form': 'assisted', FIELD: key(8)}
    demo_client.post('/portal/cases/new', data=form)
    before = models.Case.select().count()
    auth.logout()
    auth.login('demo-manager')
    response = demo_client.post('/portal/cases/new', data=form)
    assert response.status_code == 400
    assert '本次未做任何更改' in text(response)
    assert models.Case.select().count() == before


@pytest.mark.parametrize('value', [None, '', 'short', 'x' * 65, '<script>'])
def test_a_form_without_a_valid_key_is_refused_when_keys_are_required(
        demo_app, value):
    demo_app.config['ACTION_KEYS_REQUIRED'] = True
    client = demo_app.test_client()
    client.post('/portal/login', data={'username': 'demo-agent',
                                       'password': 'bangban-demo'})
    item = models.Item.get(models.Item.code == 'RSJ-001')
    form = {'id_number': validators.generate_resident_id(random.Random(14)),
            'name': '测试窗', 'subject': 'item:%d' % item.id,
            'service_form': 'assisted'}
    if value is not None:
        form[FIELD] = value
    before = models.Case.select().count()
    response = client.post('/portal/cases/new', data=form)
    assert response.status_code == 400
    assert models.Case.select().count() == before


def test_the_repeat_message_in_both_languages(auth, demo_client):
    auth.login('demo-agent')
    window = models.Window.at_desk_of(models.User.get(
        models.User.username == 'demo-agent')).first()
    url = '/portal/desk/%d/call' % window.id
    for language, expected in (('zh_Hans_CN', '此操作已办理过一次'),
                               ('en', 'This was already done once')):
        demo_client.post('/lang/%s' % language, data={'next': '/portal/'})
        demo_client.post(url, data={FIELD: key(9)})
        page = text(demo_client.post(url, data={FIELD: key(9)},
                                     follow_redirects=True))
        assert expected in page


def test_old_keys_are_deleted_by_age(demo_app, clock):
    with models.db.atomic():
        assert models.ActionKey.claim(key(1), '/x') is None
        models.ActionKey.settle(key(1), '{}')
    assert models.ActionKey.claim(key(1), '/x') is not None  # kept a while
    clock.advance(hours=12, minutes=1)
    with models.db.atomic():
        assert models.ActionKey.claim(key(2), '/x') is None
    assert [k.key for k in models.ActionKey.select()] == [key(2)]


def test_a_case_has_at_most_one_open_ticket(demo_app):
    case = models.Case.select().first()
    window = models.Window.select().where(models.Window.hall == case.hall_id).first()
    models.Ticket.update(status='done').where(models.Ticket.case == case).execute()
    ticket = models.Ticket.issue(window, case=case)
    with pytest.raises(peewee.IntegrityError):
        with models.db.atomic():
            models.Ticket.issue(window, case=case)
    models.Ticket.update(status='serving').where(  # at the window: open
        models.Ticket.id == ticket.id).execute()
    with pytest.raises(peewee.IntegrityError):
        with models.db.atomic():
            models.Ticket.issue(window, case=case)
    models.Ticket.update(status='done').where(
        models.Ticket.id == ticket.id).execute()
    models.Ticket.issue(window, case=case)  # a finished one is history


# --- Truly simultaneous requests, through the server ------------------------

class Browser:
    """One browser's cookies, talking to the live server."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=60) as response:
            return html.unescape(response.read().decode())

    def post(self, path, form):
        data = urllib.parse.urlencode(form, doseq=True).encode()
        with self.opener.open(self.base + path, data, timeout=60) as response:
            return html.unescape(response.read().decode())

    def cookie_header(self):
        return '; '.join('%s=%s' % (c.name, c.value) for c in self.jar)


def csrf_of(page):
    """The page's CSRF token."""
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def form_on(page, action, without=()):
    """The hidden fields of the page's form posting to `action`."""
    for attributes, body in re.findall(r'<form([^>]*)>(.*?)</form>', page, re.S):
        if 'action="%s"' % action not in attributes:
            continue
        fields = dict(re.findall(
            r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body))
        if not set(without) & set(fields):
            return fields
    raise AssertionError('no form posting to %s' % action)


def _post_in_process(base, path, form, cookies, barrier, results):
    """One tap: the same form, the same cookies, at the same moment."""
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port,
                                            timeout=60)
    body = urllib.parse.urlencode(form, doseq=True)
    barrier.wait(timeout=60)
    try:
        connection.request('POST', path, body, {
            'Cookie': cookies,
            'Content-Type': 'application/x-www-form-urlencoded'})
        response = connection.getresponse()
        session = re.search(r'(?:^|, )session=([^;]+)',
                            response.getheader('Set-Cookie') or '')
        results.put((response.status, response.getheader('Location') or '',
                     session.group(1) if session else None))
    except Exception as error:  # say what failed instead of hanging
        results.put((0, repr(error), None))
    finally:
        connection.close()


def tap_at_once(base, path, form, cookies):
    """PROCESSES simultaneous POSTs of one form; their (status, location,
    session cookie)."""
    context = multiprocessing.get_context('spawn')
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    workers = [context.Process(target=_post_in_process, args=(
        base, path, form, cookies, barrier, results))
        for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    return outcomes


def status_with_session(base, path, cookies, session):
    """The status of a page opened with the session one tap was given."""
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port,
                                            timeout=60)
    kept = [c for c in cookies.split('; ') if not c.startswith('session=')]
    try:
        connection.request('GET', path, headers={
            'Cookie': '; '.join(kept + ['session=' + session])})
        return connection.getresponse().status
    finally:
        connection.close()


def helper_on_duty(kiosk):
    if kiosk.helper_on_duty() is None:
        start = models.now() - datetime.timedelta(minutes=5)
        models.Shift.create(kiosk=kiosk,
                            helper=models.Agent.get(models.Agent.name == '汪翠兰'),
                            starts_at=start,
                            ends_at=start + datetime.timedelta(hours=2))


def test_simultaneous_taps_on_open_case_open_one(demo_app, live_server):
    kiosk = county_kiosk()
    helper_on_duty(kiosk)
    token = kiosk.issue_token()
    browser = Browser(live_server.url)
    page = browser.get('/kiosk/bind')
    browser.post('/kiosk/bind', {
        'csrf_token': csrf_of(page), 'username': 'demo-manager',
        'password': 'bangban-demo', 'token': token})
    page = browser.get('/kiosk/')
    browser.post('/kiosk/signin/pin', dict(
        form_on(page, '/kiosk/signin/pin'), username='demo-helper', pin='2468'))
    number = validators.generate_resident_id(random.Random(30), region='150402')
    page = browser.get('/kiosk/desk')
    page = browser.post('/kiosk/scan', dict(form_on(page, '/kiosk/scan'),
                                            code=number))
    browser.post('/kiosk/applicant', dict(
        form_on(page, '/kiosk/applicant'), name='测试双击', phone='13900006003'))
    applicant = models.Applicant.get(models.Applicant.id_number == number)
    item = models.Item.get(models.Item.code == 'RSJ-001')
    path = '/kiosk/items/%d/open' % item.id
    form = form_on(browser.get('/kiosk/items/%d' % item.id), path,
                   without=('then',))
    assert FIELD in form

    outcomes = tap_at_once(live_server.url, path, form, browser.cookie_header())

    cases = list(models.Case.select().where(models.Case.applicant == applicant))
    assert len(cases) == 1, outcomes
    location = '/kiosk/cases/%d/screen' % cases[0].id
    assert [(status, where.endswith(location)) for status, where, _ in outcomes] \
        == [(302, True)] * PROCESSES, outcomes
    # Whichever answer the browser keeps, its session reaches the case.
    for _, _, session in outcomes:
        assert status_with_session(live_server.url, location,
                                   browser.cookie_header(), session) == 200


def test_simultaneous_submits_of_a_new_case_open_one(demo_app, live_server):
    browser = Browser(live_server.url)
    page = browser.get('/portal/login')
    browser.post('/portal/login', {
        'csrf_token': csrf_of(page), 'username': 'demo-agent',
        'password': 'bangban-demo'})
    page = browser.get('/portal/cases/new')
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                             page.split('class="new-case"', 1)[1].split('</form>')[0]))
    assert FIELD in hidden
    item = models.Item.get(models.Item.code == 'RSJ-001')
    number = validators.generate_resident_id(random.Random(31))
    form = dict(hidden, id_number=number, name='测试双击', phone='13900006004',
                subject='item:%d' % item.id, service_form='assisted')

    outcomes = tap_at_once(live_server.url, '/portal/cases/new', form,
                           browser.cookie_header())

    cases = list(models.Case.select().join(models.Applicant)
                 .where(models.Applicant.id_number == number))
    assert len(cases) == 1, outcomes
    location = '/portal/cases/%d' % cases[0].id
    assert [(status, where.endswith(location)) for status, where, _ in outcomes] \
        == [(302, True)] * PROCESSES, outcomes
