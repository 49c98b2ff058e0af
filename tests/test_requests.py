"""线上帮办: requests for help sent through the API (a platform, the 12345
hotline's system) or the public request page, worked in the portal (accept,
call back, open the case or book a time, or decline with a referral), and
the API's writes: requests and tickets, audited, with Idempotency-Key."""
import datetime
import json
import random
import re
import threading

import pytest

import dashboard
import models
import outbox
import validators
from flows import fresh, next_workday, sign_in, text, user
from outboxes import Receiver
from support import statements

PROBLEM = 'application/problem+json'
HALL, ITEM = 'QL-YX', 'RSJ-003'  # 云溪县政务服务中心, 失业保险金申领


def hall(code=HALL):
    return models.Hall.get(models.Hall.code == code)


def item(code=ITEM):
    return models.Item.get(models.Item.code == code)


def writer(access='read_write', personal_data=False, username='demo-manager'):
    """A client of the county hall; (client, bearer headers)."""
    client, token = models.ApiClient.issue(
        user(username), '12345热线', [hall().id], access=access,
        personal_data=personal_data)
    return client, {'Authorization': 'Bearer ' + token,
                    'Accept-Language': 'en'}


def person(seed=1):
    rng = random.Random(seed)
    return dict(name='测试' + '甲乙丙丁戊'[seed % 5],
                id_number=validators.generate_resident_id(rng),
                phone='1390000%04d' % rng.randrange(5000, 10000))


def payload(seed=1, **changes):
    body = dict(person(seed), hall_id=hall().id, channel='hotline',
                item_id=item().id, notes='下午方便接电话')
    body.update(changes)
    return body


def problem(response, status, code):
    assert response.status_code == status, response.data
    assert response.mimetype == PROBLEM
    body = response.get_json(force=True)
    assert (body['status'], body['code']) == (status, code)
    return body


def received(seed=1, **changes):
    """A request received through the model, as the API records it."""
    values = dict(person(seed), item=item(), hall=hall(), channel='online',
                  id_type='resident_id')
    values.update(changes)
    target = values.pop('hall')
    return models.ServiceRequest.receive(
        target, values.pop('channel'), values.pop('name'),
        values.pop('id_type'), values.pop('id_number'), values.pop('phone'),
        **values)


def work_to_delivered(case, agent):
    """The case worked to delivery through the case's own model actions."""
    case.screen([m.id for m in case.catalogue_materials()], user=agent)
    case = fresh(case)
    if case.status == 'consultation':
        case.register(agent)
    case = fresh(case)
    if case.service_form == 'proxy':
        case.commission(agent)  # the mandate signed (委托)
    case.start_handling(agent)
    case.mark_ready(agent)
    case.deliver(agent)
    return fresh(case)


# --- End to end ----------------------------------------------------------------

def test_an_api_request_becomes_a_delivered_case(demo_app, demo_client, auth,
                                                 clock):
    """Through the API (twice, with one Idempotency-Key), accepted and
    called back in the portal, opened as a case whose history begins with
    the request, and worked to delivery; the integrator's webhook and the
    applicant's phone are told as it goes."""
    clock.set('2026-12-08T10:00:00+08:00')
    client, headers = writer()
    receiver = Receiver()
    with demo_app.app_context():
        client.set_webhook(user('demo-manager'), receiver.url)
    key = {'Idempotency-Key': 'hotline-call-20261208-0001'}
    first = demo_client.post('/api/v1/requests', json=payload(),
                             headers=dict(headers, **key))
    assert first.status_code == 201, first.data
    again = demo_client.post('/api/v1/requests', json=payload(),
                             headers=dict(headers, **key))
    assert again.status_code == 200
    body = first.get_json()
    assert again.get_json() == body
    assert models.ServiceRequest.select().count() == 1
    assert body['status'] == 'received' and body['masked']
    assert body['name'] != person()['name'] and '*' in body['phone']
    code = body['code']
    assert body['follow_url'].endswith('/book/r/' + code)
    found = models.ServiceRequest.get_by_id(body['id'])
    assert (found.client_id, found.channel, found.item_id) == (
        client.id, 'hotline', item().id)
    assert found.code_hash == models.digest(code)
    entry = models.AuditLog.get(models.AuditLog.model == 'ServiceRequest',
                                models.AuditLog.record_id == str(found.id))
    assert entry.user_id is None and entry.hall_id == hall().id
    assert '"api_client": %d' % client.id in entry.after

    # The agent's list shows it; accept, call back, open the case.
    auth.login('demo-agent')
    demo_client.post('/lang/en')
    listed = text(demo_client.get('/portal/requests'))
    assert person()['name'] in listed and 'Waiting to be accepted' in listed
    clock.set('2026-12-08T10:20:00+08:00')
    url = '/portal/requests/%d' % found.id
    assert demo_client.post(url + '/accept').status_code == 302
    refused = demo_client.post(url + '/case', data={'service_form': 'proxy'})
    assert 'Call the applicant back' in text(demo_client.get(url))
    assert refused.status_code == 302 and fresh_request(found).case_id is None
    clock.set('2026-12-08T10:45:00+08:00')
    demo_client.post(url + '/call', data={
        'called_at': '2026-12-08T10:40', 'outcome': 'reached',
        'note': '材料已告知'})
    found = fresh_request(found)
    assert found.status == 'contacted'
    assert found.first_contact_at == datetime.datetime(2026, 12, 8, 10, 40)
    clock.set('2026-12-08T10:50:00+08:00')
    opened = demo_client.post(url + '/case', data={'service_form': 'proxy'})
    found = fresh_request(found)
    assert found.status == 'converted' and found.case_id
    assert opened.headers['Location'].endswith('/portal/cases/%d' % found.case_id)
    case = models.Case.get_by_id(found.case_id)
    assert (case.channel, case.item_id, case.hall_id, case.status) == (
        'online', item().id, hall().id, 'consultation')
    assert case.applicant.id_number == person()['id_number']
    actions = [e.action for e in case.history()]
    assert actions[:4] == ['request', 'request_accept', 'request_call', 'open']
    page = text(demo_client.get('/portal/cases/%d' % case.id))
    assert 'request received' in page and 'Reached the applicant' in page

    delivered = work_to_delivered(case, user('demo-agent'))
    assert delivered.status == 'delivered'

    # The integrator and the applicant see where it went.
    status = demo_client.get('/api/v1/requests/%d' % found.id, headers=headers)
    assert status.get_json()['status'] == 'converted'
    assert status.get_json()['case_id'] == case.id
    assert 'code' not in status.get_json()
    assert [s['action'] for s in status.get_json()['steps']] == [
        'receive', 'accept', 'call', 'convert_case']
    assert all(s['note'] == '' for s in status.get_json()['steps'])  # staff notes
    public = demo_client.get('/book/r/' + code)
    assert public.headers['Cache-Control'] == 'no-store'
    shown = text(public)
    assert case.number in shown and '材料已告知' not in shown
    assert person()['phone'] not in shown and person()['id_number'] not in shown

    # The notifications, sent by the outbox's worker: the integrator's
    # webhook got the case's events in order, the applicant an SMS that the
    # result is ready.
    try:
        with demo_app.app_context():
            outbox.deliver_due()
        posted = [p for p in receiver.once()
                  if p.get('case', {}).get('number') == case.number]
    finally:
        receiver.close()
    written = (models.OutboxMessage.select()
               .where(models.OutboxMessage.case == case.id)
               .order_by(models.OutboxMessage.id))
    assert {m.status for m in written} == {'delivered'}
    hooks = [m for m in written if m.channel == 'webhook']
    assert hooks and [p['event'] for p in posted] == [
        json.loads(m.payload)['event'] for m in hooks]
    texts = [(m.kind, m.recipient) for m in written if m.channel == 'sms']
    assert ('result_ready', person()['phone']) in texts


def fresh_request(found):
    return models.ServiceRequest.get_by_id(found.id)


# --- The API's writes ------------------------------------------------------------

def test_writes_need_write_access_and_a_hall_in_scope(demo_app, demo_client):
    tickets = models.Ticket.select().count()
    _client, read_only = writer(access='read')
    problem(demo_client.post('/api/v1/requests', json=payload(),
                             headers=read_only), 403, 'out_of_scope')
    problem(demo_client.post('/api/v1/tickets', json={
        'hall_id': hall().id, 'item_id': item().id}, headers=read_only),
        403, 'out_of_scope')
    _client, headers = writer()
    other = hall('QL')
    problem(demo_client.post('/api/v1/requests', json=payload(hall_id=other.id),
                             headers=headers), 404, 'not_found')
    other_window = models.Window.get(models.Window.hall == other)
    problem(demo_client.post('/api/v1/tickets', json={
        'hall_id': hall().id, 'window_id': other_window.id}, headers=headers),
        404, 'not_found')
    theirs, _code = received(hall=other, item=None, matter='咨询')
    problem(demo_client.get('/api/v1/requests/%d' % theirs.id, headers=headers),
            404, 'not_found')
    problem(demo_client.post('/api/v1/requests', json=payload()), 401,
            'token_missing')
    assert models.ServiceRequest.select().count() == 1  # theirs alone
    assert models.Ticket.select().count() == tickets


@pytest.mark.parametrize('changes, field', [
    ({'id_number': '110101199003078888'}, None),    # a wrong check digit
    ({'phone': '12345'}, None),
    ({'name': '   '}, None),
    ({'name': '张三\x07'}, None),                  # a control character
    ({'item_id': None, 'matter': ''}, None),
    ({'preferred_day': '2000-01-01'}, None),
    ({'channel': 'web'}, 'channel'),                 # the page's own channel
    ({'name': 'x' * 61}, 'name'),
    ({'id_type': 'credit_code', 'id_number': '<script>'}, None),
])
def test_bad_requests_are_refused_with_a_reason_and_change_nothing(
        demo_app, demo_client, changes, field):
    _client, headers = writer()
    before = models.AuditLog.select().count()
    response = demo_client.post('/api/v1/requests', json=payload(**changes),
                                headers=dict(headers, **{'Idempotency-Key': 'k-1'}))
    body = response.get_json(force=True)
    assert response.status_code == 422 and response.mimetype == PROBLEM
    if field:
        assert body['code'] == 'invalid_parameter' and field in str(body['errors'])
    else:
        assert body['code'] == 'refused' and body['detail']
        assert body['detail'] != 'The request was refused and changed nothing: see the reason.'
    assert models.ServiceRequest.select().count() == 0
    assert models.ActionKey.select().count() == 0  # the key is free again
    assert models.AuditLog.select().count() == before
    # The corrected call with the same key goes through.
    assert demo_client.post('/api/v1/requests', json=payload(), headers=dict(
        headers, **{'Idempotency-Key': 'k-1'})).status_code == 201


def test_hostile_text_is_kept_as_text(demo_app, demo_client, auth):
    _client, headers = writer(personal_data=True)
    hostile = '<img src=x onerror=alert(1)>"\'; DROP TABLE case;--'
    response = demo_client.post('/api/v1/requests', json=payload(
        item_id=None, matter=hostile, notes=hostile), headers=headers)
    assert response.status_code == 201, response.data
    assert response.get_json()['matter'] == ' '.join(hostile.split())
    auth.login('demo-agent')
    page = demo_client.get('/portal/requests/%d' % response.get_json()['id'])
    assert b'<img src=x' not in page.data and b'&lt;img src=x' in page.data
    listed = demo_client.get('/portal/requests')
    assert b'<img src=x' not in listed.data


def test_an_idempotency_key_is_the_clients_own(demo_app, demo_client):
    _one, headers = writer()
    _two, other = writer(username='demo-city')
    key = {'Idempotency-Key': 'same-key-0001'}
    assert demo_client.post('/api/v1/requests', json=payload(),
                            headers=dict(headers, **key)).status_code == 201
    # Another client's same key is another call.
    city_payload = payload(seed=2)
    assert demo_client.post('/api/v1/requests', json=city_payload,
                            headers=dict(other, **key)).status_code == 201
    # The same key for another kind of call is a conflict, not a ticket.
    problem(demo_client.post('/api/v1/tickets', json={
        'hall_id': hall().id, 'item_id': item().id},
        headers=dict(headers, **key)), 409, 'idempotency_conflict')
    problem(demo_client.post('/api/v1/requests', json=payload(), headers=dict(
        headers, **{'Idempotency-Key': 'bad key!'})), 400, 'invalid_parameter')
    assert models.ServiceRequest.select().count() == 2


def test_the_same_call_twice_at_once_creates_one_request(
        demo_app, live_server):
    """Two retries of one call in flight together against the live server:
    one request, both answers the same."""
    import requests as http
    _client, headers = writer()
    headers['Idempotency-Key'] = 'race-0001'
    answers = []

    def send():
        answers.append(http.post(live_server.url + '/api/v1/requests',
                                 json=payload(), headers=headers, timeout=30))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.status_code for a in answers) == [200, 201]
    assert answers[0].json() == answers[1].json()
    assert models.ServiceRequest.select().count() == 1


def test_tickets_issued_through_the_api(demo_app, demo_client, clock):
    clock.set('2026-12-08T09:30:00+08:00')
    _client, headers = writer()
    numbers = []
    for n in range(3):
        response = demo_client.post('/api/v1/tickets', json={
            'hall_id': hall().id, 'item_id': item().id}, headers=headers)
        assert response.status_code == 201, response.data
        numbers.append(response.get_json()['label'])
        assert response.get_json()['called_at'] is None  # the whole document
    window = models.Window.get_by_id(response.get_json()['window_id'])
    assert window.hall_id == hall().id and window.serves(item())
    assert [int(label[len(window.prefix):]) for label in numbers] == [1, 2, 3]
    # By window, on the same counter: no gap, no repeat.
    by_window = demo_client.post('/api/v1/tickets', json={
        'hall_id': hall().id, 'window_id': window.id}, headers=headers)
    assert by_window.get_json()['label'] == '%s004' % window.prefix
    ticket_id = by_window.get_json()['id']
    status = demo_client.get('/api/v1/tickets/%d' % ticket_id, headers=headers)
    assert status.get_json()['status'] == 'waiting'
    entries = models.AuditLog.select().where(models.AuditLog.model == 'Ticket')
    assert entries.count() == 4 and all(e.user_id is None for e in entries)
    problem(demo_client.post('/api/v1/tickets', json={
        'hall_id': hall().id, 'window_id': window.id, 'item_id': item().id},
        headers=headers), 422, 'refused')
    window.is_open = False
    window.save()
    body = problem(demo_client.post('/api/v1/tickets', json={
        'hall_id': hall().id, 'window_id': window.id}, headers=headers),
        422, 'refused')
    assert 'closed' in body['detail']
    # Reads write nothing.
    before = models.AuditLog.select().count()
    demo_client.get('/api/v1/tickets/%d' % ticket_id, headers=headers)
    assert models.AuditLog.select().count() == before


def test_writes_are_rate_limited_in_the_database(demo_app, demo_client,
                                                 monkeypatch):
    monkeypatch.setitem(demo_app.config, 'API_WRITE_LIMIT', (2, 60))
    _client, headers = writer()
    answers = [demo_client.post('/api/v1/requests', json=payload(seed=n),
                                headers=headers).status_code for n in range(3)]
    assert answers[:2] == [201, 201]
    assert answers[2] == 429
    assert models.ServiceRequest.select().count() == 2


# --- The request's rules ---------------------------------------------------------

def test_steps_move_on_once_and_in_order(demo_app, clock):
    clock.set('2026-12-08T10:00:00+08:00')
    found, _code = received()
    agent, helper = user('demo-agent'), user('demo-helper')
    with pytest.raises(models.DomainError):
        found.accept(helper)  # a helper does not work requests
    with pytest.raises(models.DomainError):
        found.record_call(agent, models.now(), 'reached')  # not accepted yet
    found.accept(agent)
    with pytest.raises(models.DomainError):
        found.accept(agent)  # once
    with pytest.raises(models.DomainError):
        found.record_call(agent, models.now() + datetime.timedelta(hours=1),
                          'reached')  # the future
    with pytest.raises(models.DomainError):
        found.record_call(agent, models.now(), 'maybe')
    found.record_call(agent, models.now(), 'no_answer')
    assert found.status == 'accepted' and found.first_contact_at is None
    clock.set('2026-12-08T11:00:00+08:00')
    found.record_call(agent, models.now(), 'reached', note='ok')
    first = found.first_contact_at
    clock.set('2026-12-08T12:00:00+08:00')
    found.record_call(agent, models.now(), 'reached')
    assert found.first_contact_at == first  # the first contact stays
    with pytest.raises(models.DomainError):
        found.decline(agent, '', '县人社局')
    with pytest.raises(models.DomainError):
        found.decline(agent, '不属本厅', '')
    found.decline(agent, '不属本厅事项', '市人社局')
    with pytest.raises(models.DomainError):
        found.convert_to_case(agent, 'proxy')
    assert [s.action for s in found.steps()] == [
        'receive', 'accept', 'call', 'call', 'call', 'decline']
    with pytest.raises(models.DomainError):
        found.steps()[0].delete_instance()  # append-only


def test_another_halls_agent_cannot_act(demo_app, clock):
    found, _code = received(hall=hall('QL'), item=None, matter='咨询')
    with pytest.raises(models.DomainError):
        found.accept(user('demo-agent'))  # of the county hall
    found.accept(user('demo-city'))  # the city sees every hall of the city


def test_a_request_becomes_an_appointment_under_the_booking_rules(
        demo_app, demo_client, auth, clock):
    clock.set('2026-12-08T10:00:00+08:00')
    found, _code = received()
    agent = user('demo-agent')
    found.accept(agent)
    found.record_call(agent, models.now(), 'reached')
    window = models.Hall.get_by_id(found.hall_id).window_for(item=item())
    with pytest.raises(models.DomainError):
        found.convert_to_appointment(agent, window, models.today(), 'am')
    day = next_workday(hall())
    auth.login('demo-agent')
    demo_client.post('/portal/requests/%d/appointment' % found.id, data={
        'window': window.id, 'day': day.isoformat(), 'half_day': 'pm'})
    found = fresh_request(found)
    if found.status != 'converted':  # the window takes no bookings that day
        pytest.fail(text(demo_client.get('/portal/requests/%d' % found.id)))
    booked = found.appointment
    assert (booked.day, booked.half_day, booked.item_id, booked.phone) == (
        day, 'pm', item().id, found.phone)
    other = models.Window.get(models.Window.hall == hall('QL'))
    second, _code = received(seed=2)
    second.accept(agent)
    second.record_call(agent, models.now(), 'reached')
    response = demo_client.post('/portal/requests/%d/appointment' % second.id,
                                data={'window': other.id, 'day': day.isoformat(),
                                      'half_day': 'am'})
    assert response.status_code == 404


# --- The public request page -------------------------------------------------------

def test_the_request_page_sends_a_request_and_shows_it_masked(
        demo_app, demo_client):
    demo_client.post('/lang/en')
    form = demo_client.get('/book/%s/request?item=%s' % (HALL, ITEM))
    assert form.status_code == 200 and item().name in text(form)
    who = person(3)
    bad = demo_client.post('/book/%s/request' % HALL, data=dict(
        who, item=ITEM, phone='123'))
    assert bad.status_code == 400 and 'mobile' in text(bad).lower()
    assert who['name'] in text(bad)  # refilled
    assert models.ServiceRequest.select().count() == 0
    sent = demo_client.post('/book/%s/request' % HALL, data=dict(
        who, item=ITEM, preferred_half_day='pm', notes='<b>x</b>'))
    assert sent.status_code == 303
    code = sent.headers['Location'].rsplit('/', 1)[1]
    found = models.ServiceRequest.by_code(code)
    assert (found.channel, found.item_id, found.client_id) == ('web', item().id, None)
    shown = text(demo_client.get(sent.headers['Location']))
    assert code in shown and who['id_number'] not in shown
    assert who['phone'] not in shown and found.masked_phone in shown
    free = demo_client.post('/book/%s/request' % HALL, data=dict(
        person(4), matter='我想办理营业执照，但不会网上填表'))
    assert free.status_code == 303
    assert demo_client.get('/book/r/R-nothing').status_code == 404
    assert demo_client.get('/book/NOPE/request').status_code == 404
    assert demo_client.post('/book/%s/request' % HALL, data=dict(
        person(5), item='NOPE')).status_code == 404


def test_the_request_page_is_rate_limited(demo_app, demo_client, monkeypatch):
    monkeypatch.setitem(demo_app.config, 'PUBLIC_RATE_LIMIT', (2, 3600))
    codes = [demo_client.post('/book/%s/request' % HALL, data=dict(
        person(n), item=ITEM)).status_code for n in range(3)]
    assert codes == [303, 303, 429]
    assert models.ServiceRequest.select().count() == 2


def test_the_request_page_needs_its_csrf_token(make_app):
    strict = make_app('demo', WTF_CSRF_ENABLED=True)
    with strict.app_context():
        response = strict.test_client().post('/book/%s/request' % HALL,
                                             data=dict(person(), item=ITEM))
        assert response.status_code == 400
        assert models.ServiceRequest.select().count() == 0


# --- The portal list -----------------------------------------------------------------

def test_who_sees_which_requests(demo_app, demo_client, auth):
    mine, _code = received()
    theirs, _code = received(seed=2, hall=hall('QL'), item=None, matter='咨询')
    auth.login('demo-agent')
    listed = text(demo_client.get('/portal/requests?show=all'))
    assert person()['name'] in listed and person(2)['name'] not in listed
    assert demo_client.get('/portal/requests/%d' % theirs.id).status_code == 404
    assert demo_client.post('/portal/requests/%d/accept' % theirs.id
                            ).status_code == 404
    assert fresh_request(theirs).status == 'received'
    auth.logout()
    auth.login('demo-city')
    listed = text(demo_client.get('/portal/requests?show=all'))
    assert person()['name'] in listed and person(2)['name'] in listed
    auth.logout()
    auth.login('demo-helper')
    assert demo_client.get('/portal/requests').status_code in (302, 403)
    auth.logout()
    assert demo_client.get('/portal/requests').status_code == 302  # sign in


def test_the_list_costs_the_same_queries_at_any_size(demo_app, demo_client, auth):
    auth.login('demo-city')
    received(seed=1)
    database = demo_app.extensions['database']

    def count():
        with statements(database) as run:
            assert demo_client.get('/portal/requests?show=all').status_code == 200
        return len(run)

    few = count()
    for n in range(2, 40):
        received(seed=n, hall=hall('QL') if n % 2 else hall(),
                 item=None if n % 2 else item(), matter='咨询%d' % n)
    assert count() == few


# --- The dashboard -------------------------------------------------------------------

def test_time_to_first_contact_on_the_dashboard(demo_app, demo_client, auth,
                                                clock):
    agent = user('demo-agent')
    minutes = [10, 30, 50, 240]
    for seed, wait in enumerate(minutes, 1):
        clock.set('2026-12-08T09:00:00+08:00')
        found, _code = received(seed=seed)
        found.accept(agent)
        clock.set('2026-12-08T15:00:00+08:00')
        found.record_call(agent, datetime.datetime(2026, 12, 8, 9, 0)
                          + datetime.timedelta(minutes=wait), 'reached')
    received(seed=9)  # never reached: not counted
    spread = dashboard.first_contact([hall().id], datetime.date(2026, 12, 1),
                                     datetime.date(2026, 12, 8))
    assert spread.count == 4
    assert spread.median == 30 * 60  # nearest rank
    assert spread.mean == sum(minutes) * 60 // 4
    assert dashboard.first_contact([hall('QL').id], datetime.date(2026, 12, 1),
                                   datetime.date(2026, 12, 8)).count == 0
    auth.login('demo-manager')
    demo_client.post('/lang/en')
    page = text(demo_client.get('/portal/dashboard/'))
    figure = re.search(r'data-figure="first-contact".*?</a>', page, re.S).group(0)
    assert '30 min 00 s' in figure and '1 h 22 min' in figure
    assert '4 requests reached' in figure
