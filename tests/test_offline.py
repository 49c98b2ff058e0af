"""Forms that ride out a network drop (static/js/steady.js): the same form
sent again with its action key acts once, a form sent by script learns where
its action led without following a redirect, and the kiosk's service worker
and offline page are served to a terminal with nothing from the database."""
import re

import peewee
import pytest

import models
from action_keys import FIELD, STEADY, STEADY_LOCATION
from flows import item, open_case, screen_all, serve_new_applicant, text
from support import statements

SCRIPT = {STEADY: '1'}


def registrable(client, seed):
    """A screened case with every material, ready to register."""
    serve_new_applicant(client, seed)
    case = open_case(client, item('RSJ-001'))
    screen_all(client, case)
    return case


def register(client, case, key, headers=None):
    return client.post('/kiosk/cases/%d/register' % case.id, headers=headers,
                       data={FIELD: key, 'service_form': 'assisted'})


def tickets_of(case):
    return models.Ticket.select().where(models.Ticket.case == case).count()


# Where registering leads: the receipt, which prints itself once.
REGISTERED = '/kiosk/cases/%d/receipt?print=1'


# --- The same form sent again ---------------------------------------------------

def test_a_registration_sent_twice_with_one_key_registers_once(helper):
    case = registrable(helper, 70)
    first = register(helper, case, 'steady-register-key-0001')
    again = register(helper, case, 'steady-register-key-0001')
    assert first.status_code == again.status_code == 302
    assert again.headers['Location'] == first.headers['Location']
    assert models.Case.get_by_id(case.id).status == 'registered'
    assert tickets_of(case) == 1
    assert models.Case.select().where(
        models.Case.applicant == case.applicant).count() == 1


def test_a_retry_after_the_database_failed_mid_action_acts_once(helper, monkeypatch):
    """The server fails after claiming the key: the claim goes with the
    action's transaction, so the retry (the same key) does the action."""
    case = registrable(helper, 71)
    original = models.Case.register_and_queue
    failures = []

    def fail_once(self, *args, **kwargs):
        if not failures:
            failures.append(True)
            raise peewee.OperationalError('database is locked')
        return original(self, *args, **kwargs)

    monkeypatch.setattr(models.Case, 'register_and_queue', fail_once)
    lost = register(helper, case, 'steady-register-key-0002', SCRIPT)
    assert lost.status_code == 503  # steady.js sends it again
    assert models.Case.get_by_id(case.id).status != 'registered'
    assert not models.ActionKey.select().where(
        models.ActionKey.key == 'steady-register-key-0002').exists()
    retried = register(helper, case, 'steady-register-key-0002', SCRIPT)
    assert retried.status_code == 200
    assert retried.headers[STEADY_LOCATION].endswith(REGISTERED % case.id)
    again = register(helper, case, 'steady-register-key-0002', SCRIPT)
    assert again.headers[STEADY_LOCATION] == retried.headers[STEADY_LOCATION]
    assert models.Case.get_by_id(case.id).status == 'registered'
    assert tickets_of(case) == 1


# --- Sent by script --------------------------------------------------------------

def test_a_form_sent_by_script_gets_the_address_and_its_messages_stay(helper):
    case = registrable(helper, 72)
    first = register(helper, case, 'steady-register-key-0003', SCRIPT)
    assert first.status_code == 200
    assert 'Location' not in first.headers
    assert first.get_data() == b''
    assert first.headers['Cache-Control'] == 'no-store'
    where = first.headers[STEADY_LOCATION]
    assert where.endswith(REGISTERED % case.id)
    # The repeat's message is flashed for the page the script then opens.
    repeat = register(helper, case, 'steady-register-key-0003', SCRIPT)
    assert repeat.headers[STEADY_LOCATION] == where
    shown = text(helper.get(where))
    assert 'This was already done once' in shown
    assert 'This was already done once' not in text(helper.get(where))
    assert tickets_of(case) == 1


def test_a_refusal_sent_by_script_is_answered_as_a_page(helper):
    case = registrable(helper, 73)
    refused = helper.post('/kiosk/cases/%d/register' % case.id, headers=SCRIPT,
                          data={FIELD: 'steady-register-key-0004',
                                'service_form': '<script>x</script>'})
    assert refused.status_code == 200
    assert STEADY_LOCATION not in refused.headers
    assert '<script>x</script>' not in refused.get_data(as_text=True)
    assert models.Case.get_by_id(case.id).status != 'registered'
    # The refused key was freed: the corrected form goes through with it.
    done = register(helper, case, 'steady-register-key-0004', SCRIPT)
    assert done.headers[STEADY_LOCATION].endswith(REGISTERED % case.id)
    assert tickets_of(case) == 1


def test_a_redirect_without_the_header_stays_a_redirect(helper):
    response = helper.post('/kiosk/next', headers={STEADY: 'yes'})
    assert response.status_code == 302
    assert STEADY_LOCATION not in response.headers


def test_binding_by_script_keeps_the_terminal_cookie(demo_client):
    from flows import county_kiosk
    response = demo_client.post('/kiosk/bind', headers=SCRIPT, data={
        'username': 'demo-manager', 'password': 'bangban-demo',
        'token': county_kiosk().issue_token()})
    assert response.headers[STEADY_LOCATION].endswith('/kiosk/')
    assert 'bangban_kiosk=' in response.headers['Set-Cookie']


# --- The forms are marked ----------------------------------------------------------

def forms(page):
    return re.findall(r'<form\b[^>]*>', page)


def test_kiosk_forms_are_sent_by_script_and_the_worker_is_offered(helper):
    case = registrable(helper, 74)
    page = helper.get('/kiosk/cases/%d/register' % case.id).get_data(as_text=True)
    posting = [f for f in forms(page) if 'method="post"' in f]
    assert posting and all('data-steady' in f for f in posting), posting
    script = re.search(r'<script src="(/static/js/steady\.js[^"]*)"([^>]*)>', page)
    assert script, 'steady.js is not loaded'
    assert 'data-worker="/kiosk/sw.js"' in script.group(2)
    assert 'data-scope="/kiosk/"' in script.group(2)
    assert 'data-lost="' in script.group(2)


def test_desk_forms_are_sent_by_script(agent, demo_client):
    from flows import window
    page = demo_client.get('/portal/desk/%d' % window(1).id).get_data(as_text=True)
    posting = [f for f in forms(page) if 'method="post"' in f
               and '/lang/' not in f and '/portal/logout' not in f]
    assert posting and all('data-steady' in f for f in posting), posting
    assert re.search(r'<script src="/static/js/steady\.js[^"]*"\s+data-lost="'
                     r'Connection to the server lost', page)
    assert 'data-worker' not in page  # the desk has no offline shell


# --- The kiosk's shell --------------------------------------------------------------

def test_the_service_worker_lists_the_kiosk_files_and_offline_pages(demo_app, demo_client):
    with statements(models.db.obj) as run:
        response = demo_client.get('/kiosk/sw.js')  # no terminal cookie
    assert response.status_code == 200
    assert run == []  # nothing from the database
    assert response.mimetype == 'text/javascript'
    assert response.headers['Cache-Control'] == 'no-cache'
    body = response.get_data(as_text=True)
    with demo_app.test_request_context():
        from flask import url_for
        for name in ('css/kiosk.css', 'js/steady.js', 'js/kiosk.js'):
            assert url_for('static', filename=name) in body  # fingerprinted
    assert '"/kiosk/offline/en"' in body and '"/kiosk/offline/zh_Hans_CN"' in body
    assert 'Set-Cookie' not in response.headers


def test_the_offline_page_in_each_language(demo_client):
    chinese = demo_client.get('/kiosk/offline/zh_Hans_CN')
    assert chinese.status_code == 200
    page = text(chinese)
    assert '<html lang="zh-CN">' in page
    assert '本终端暂时离线' in page and '无需任何操作' in page
    english = text(demo_client.get('/kiosk/offline/en'))
    assert '<html lang="en">' in english
    assert 'This terminal is offline' in english
    assert 'comes back by itself' in english
    # It waits for the server, then loads the address again (no inline script).
    assert re.search(r'<script src="/static/js/steady\.js[^"]*" data-offline="/healthz" '
                     r'data-self="/kiosk/offline/en">', english)
    assert not re.search(r'<script(?![^>]*\bsrc=)', english)
    # The page's language is its own: the session's stays as it was.
    assert '<html lang="zh-CN">' in text(demo_client.get('/kiosk/bind'))


def test_an_unknown_offline_language_is_not_found(demo_client):
    for language in ('xx', '..', '%3Cscript%3E', 'zh_Hans_CN%00'):
        response = demo_client.get('/kiosk/offline/' + language)
        assert response.status_code in (400, 404), language


# --- A long outage is not idleness ---------------------------------------------------

def test_a_registration_that_waited_out_an_outage_is_not_an_idle_terminal(helper, clock):
    case = registrable(helper, 75)
    clock.advance(minutes=10)  # the server was unreachable all along
    waited = dict(SCRIPT, **{'Bangban-Waited': str(10 * 60 - 5)})
    done = register(helper, case, 'steady-register-key-0005', waited)
    assert done.headers[STEADY_LOCATION].endswith(REGISTERED % case.id)
    assert tickets_of(case) == 1


@pytest.mark.parametrize('claim', ['', 'x', '-600', '60', '1e9', '599.5', '６００'])
def test_a_terminal_left_idle_is_reset_unless_the_form_waited_that_long(helper, clock, claim):
    case = registrable(helper, 76)
    clock.advance(minutes=10)
    reset = register(helper, case, 'steady-register-key-0006',
                     dict(SCRIPT, **{'Bangban-Waited': claim}))
    assert reset.headers[STEADY_LOCATION].endswith('/kiosk/')
    assert 'idle' in text(helper.get('/kiosk/'))
    assert models.Case.get_by_id(case.id).status != 'registered'
    assert tickets_of(case) == 0


def test_a_wait_counts_only_for_a_form_sent_by_script(helper, clock):
    case = registrable(helper, 77)
    clock.advance(minutes=10)
    plain = register(helper, case, 'steady-register-key-0007', {'Bangban-Waited': '600'})
    assert plain.status_code == 302 and plain.headers['Location'].endswith('/kiosk/')
    assert tickets_of(case) == 0


def test_every_kiosk_and_desk_template_sends_its_posts_by_script():
    """Every POST form written in a kiosk or desk template, present or to
    come, is marked for steady.js: a new form cannot forget it."""
    import glob
    import os
    from support import ROOT
    unmarked = []
    for pattern in ('templates/kiosk/**/*.html', 'templates/portal/desk/**/*.html'):
        for path in glob.glob(os.path.join(ROOT, pattern), recursive=True):
            text = open(path, encoding='utf-8').read()
            for form in re.findall(r'<form\b[^>]*>', text):
                if re.search(r'method="post"', form, re.I) and 'data-steady' not in form:
                    unmarked.append((os.path.relpath(path, ROOT), form))
    assert unmarked == []
