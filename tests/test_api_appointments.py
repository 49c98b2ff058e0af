"""Appointments through the API (POST /api/v1/appointments): the public
booking page's rules through Appointment.book, write access only, another
hall's records out of reach, refusals as problems with a stable code, an
Idempotency-Key that makes a retry safe, and every booking audited."""
import datetime
import json

import pytest

import models
from flows import HALL, ITEM, next_workday, person
from race import at_once

PROBLEM = 'application/problem+json'


def manager():
    return models.User.get(models.User.username == 'demo-manager')


def client_token(access='read_write', personal_data=False):
    user = manager()
    return models.ApiClient.issue(user, '12345热线', [user.hall_id],
                                  access=access, personal_data=personal_data)


def headers(token, key=None, language=None):
    found = {'Authorization': 'Bearer ' + token}
    if key:
        found['Idempotency-Key'] = key
    if language:
        found['Accept-Language'] = language
    return found


def hall_item():
    return (models.Hall.get(models.Hall.code == HALL),
            models.Item.get(models.Item.code == ITEM))


def body(day=None, half_day='am', seed=1, **changes):
    hall, item = hall_item()
    found = dict(person(seed), hall_id=hall.id, item_id=item.id,
                 day=(day or next_workday(hall)).isoformat(), half_day=half_day)
    found.update(changes)
    return found


def post(client, token, data, **options):
    return client.post('/api/v1/appointments', json=data,
                       headers=headers(token, **options))


def problem(response, status, code):
    assert response.status_code == status, response.data
    assert response.mimetype == PROBLEM
    found = response.get_json(force=True)
    assert found['code'] == code
    return found


def test_books_as_the_public_page_does_audited_and_readable(demo_app, demo_client):
    client, token = client_token()
    response = post(demo_client, token, body())
    assert response.status_code == 201, response.data
    answer = response.get_json()
    appointment = models.Appointment.get_by_id(answer['id'])
    hall, item = hall_item()
    assert (appointment.hall_id, appointment.item_id, appointment.window_id) == (
        hall.id, item.id, hall.window_for(item).id)
    assert models.Appointment.by_code(answer['code']) == appointment
    assert answer['follow_url'].endswith('/book/a/%s' % answer['code'])
    assert answer['masked'] and answer['name'] != person(1)['name']
    entry = models.AuditLog.get(models.AuditLog.model == 'Appointment')
    assert entry.record_id == str(appointment.id) and entry.user_id is None
    assert json.loads(entry.after)['api_client'] == client.id
    # Read it back, without its code.
    read = demo_client.get('/api/v1/appointments/%d' % appointment.id,
                           headers=headers(token)).get_json()
    assert read['id'] == appointment.id and 'code' not in read
    assert read['status'] == 'booked'
    # The applicant's page opens with the code.
    path = '/' + answer['follow_url'].split('//', 1)[1].split('/', 1)[1]
    assert demo_client.get(path).status_code == 200


@pytest.mark.parametrize('language, words', [
    ('zh-CN', '已达到预约上限'), ('en', 'booking limit')])
def test_one_per_identity_a_day_as_the_model_decides(demo_app, demo_client,
                                                     language, words):
    _client, token = client_token()
    assert post(demo_client, token, body()).status_code == 201
    before = models.Appointment.select().count()
    again = problem(post(demo_client, token, body(half_day='pm'),
                         language=language), 422, 'refused')
    assert words in again['detail']
    assert models.Appointment.select().count() == before


def test_the_booking_rules_refuse_and_change_nothing(demo_app, demo_client):
    _client, token = client_token()
    hall, item = hall_item()
    today = models.today()
    closed = today + datetime.timedelta(days=1)
    while hall.is_workday(closed):
        closed += datetime.timedelta(days=1)
    other = next(found for found in models.Item.select().order_by(models.Item.id)
                 if not hall.offers(found))
    refusals = {
        'today': body(day=today),
        'far': body(day=today + datetime.timedelta(days=models.BOOKING_DAYS + 1)),
        'closed': body(day=closed),
        'id': body(id_number='110101199001011230'),
        'phone': body(phone='12345'),
        'item not here': body(item_id=other.id),
    }
    before = models.Appointment.select().count()
    for name, data in refusals.items():
        found = problem(post(demo_client, token, data, language='en'), 422,
                        'refused')
        assert found['detail'], name
    assert problem(post(demo_client, token, body(half_day='night')), 422,
                   'invalid_parameter')
    assert problem(post(demo_client, token, body(name='名' * 61)), 422,
                   'invalid_parameter')
    assert problem(post(demo_client, token, body(name='测试\x00甲')), 400,
                   'invalid_parameter')
    assert models.Appointment.select().count() == before
    assert not models.AuditLog.select().where(
        models.AuditLog.model == 'Appointment').exists()


def test_write_access_and_the_clients_halls_only(demo_app, demo_client):
    _client, read_only = client_token(access='read')
    problem(post(demo_client, read_only, body()), 403, 'out_of_scope')
    _client, token = client_token()
    elsewhere = models.Hall.get(models.Hall.code == 'QL')
    problem(post(demo_client, token, body(hall_id=elsewhere.id)), 404, 'not_found')
    window = models.Window.get(models.Window.hall == elsewhere)
    problem(post(demo_client, token, body(window_id=window.id)), 404, 'not_found')
    # Another hall's appointment is not there.
    theirs = models.Appointment.create(
        hall=elsewhere, item=hall_item()[1], window=window,
        day=next_workday(elsewhere), half_day='am', code_hash='0' * 64)
    problem(demo_client.get('/api/v1/appointments/%d' % theirs.id,
                            headers=headers(token)), 404, 'not_found')
    assert models.Appointment.select().where(
        models.Appointment.hall == elsewhere).count() == 1


def test_a_retry_with_its_key_books_once(demo_app, demo_client):
    _client, token = client_token(personal_data=True)
    first = post(demo_client, token, body(), key='book-1')
    assert first.status_code == 201
    assert first.get_json()['name'] == person(1)['name']
    second = post(demo_client, token, body(), key='book-1')
    assert second.status_code == 200
    assert second.get_json() == first.get_json()
    # The same key for another kind of call is a conflict.
    hall, item = hall_item()
    problem(demo_client.post('/api/v1/tickets', json={
        'hall_id': hall.id, 'item_id': item.id},
        headers=headers(token, key='book-1')), 409, 'idempotency_conflict')
    assert models.Appointment.select().count() == 1


def test_the_same_call_twice_at_once_books_once(demo_app, live_server):
    """Two retries of one booking in flight together against the live
    server: one appointment, both answers the same."""
    import requests as http
    _client, token = client_token()

    def send(_n):
        return http.post(live_server.url + '/api/v1/appointments', json=body(),
                         headers=headers(token, key='race-1'), timeout=30)

    answers = at_once(send, 2)
    assert sorted(a.status_code for a in answers) == [200, 201]
    assert answers[0].json() == answers[1].json()
    assert models.Appointment.select().count() == 1
