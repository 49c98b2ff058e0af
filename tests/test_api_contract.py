"""The contract of the API: its OpenAPI document validates, and Schemathesis,
generating requests from that document against the demo city with a valid
token, finds no server error and no response that breaks the document."""
import datetime
import random

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings, strategies as st
from openapi_spec_validator import validate
from schemathesis.checks import positive_data_acceptance

import models
import validators


@pytest.fixture
def api_token(demo_app, monkeypatch):
    """A client of the demo city's halls, allowed personal data, whose
    requests are not rate limited in this test."""
    monkeypatch.setitem(demo_app.config, 'API_RATE_LIMIT', (100000, 60))
    city = models.User.get(models.User.username == 'demo-city')
    monkeypatch.setitem(demo_app.config, 'API_WRITE_LIMIT', (100000, 60))
    _client, token = models.ApiClient.issue(
        city, '契约测试', models.ApiClient.issuable_halls(city),
        access='read_write', personal_data=True)
    return token


def test_the_document_validates(demo_client):
    document = demo_client.get('/api/openapi.json').get_json()
    validate(document)
    paths = document['paths']
    assert '/api/v1/cases/{case_id}' in paths and '/api/v1/halls' in paths
    assert {'/api/v1/alerts', '/api/v1/appointments',
            '/api/v1/appointments/{appointment_id}'} <= set(paths)
    problem = document['components']['responses']['NOT_FOUND']['content']
    assert list(problem) == ['application/problem+json']


def real_ids():
    """Ids of records in the demo city, so that generated requests reach
    real halls, cases and tickets as well as missing ones."""
    def some(model):
        return [row.id for row in model.select(model.id).order_by(model.id).limit(5)]
    window = models.Window.select().order_by(models.Window.id).first()
    tickets = [models.Ticket.issue(window).id for _ in range(2)]
    requests = [models.ServiceRequest.receive(
        window.hall, 'hotline', '测试甲', 'resident_id',
        validators.generate_resident_id(random.Random(n)), '13900005001',
        matter='咨询')[0].id for n in range(2)]
    bookable = bookable_items()
    appointments = [models.Appointment.book(
        window, item, day, half_day, models.Appointment.booker(
            '测试丙', 'resident_id',
            validators.generate_resident_id(random.Random(10 + n)),
            '1390000600%d' % n))[0].id
        for n, (window, item, day, half_day) in enumerate(bookable[:2])]
    return {'hall_id': some(models.Hall), 'case_id': some(models.Case),
            'ticket_id': tickets, 'request_id': requests,
            'appointment_id': appointments, 'bookable': bookable,
            'year': [2026], 'month': [11, 12]}


def bookable_items():
    """(window, item, day, half-day) with places, in the demo's halls."""
    found = []
    for capacity in (models.SlotCapacity.select()
                     .where(models.SlotCapacity.capacity > 2)
                     .order_by(models.SlotCapacity.id)):
        window = capacity.window
        for item in models.Item.select().order_by(models.Item.id):
            if window.serves(item) and window.hall.offers(item) and item.is_active:
                for days in range(1, models.BOOKING_DAYS + 1):
                    day = models.today() + datetime.timedelta(days=days)
                    if (day.weekday() == capacity.weekday
                            and window.hall.is_workday(day)):
                        found.append((window, item, day, capacity.half_day))
                break
        if len(found) >= 4:
            return found
    return found


def real_body(path, known, data):
    """A body that the writes take: a hall, its open window's item and a
    valid applicant, so that they answer 201 as well as refusals."""
    hall = models.Hall.get_by_id(data.draw(st.sampled_from(known['hall_id'])))
    if path.endswith('/tickets'):
        window = hall.windows.where(models.Window.is_open == True).first()  # noqa: E712
        return {'hall_id': hall.id, 'window_id': window.id if window else None}
    rng = random.Random(data.draw(st.integers(0, 1000)))
    if path.endswith('/appointments'):
        window, item, day, half_day = data.draw(st.sampled_from(known['bookable']))
        return {'hall_id': window.hall_id, 'item_id': item.id,
                'day': day.isoformat(), 'half_day': half_day, 'name': '测试丁',
                'id_number': validators.generate_resident_id(rng),
                'phone': '1390000%04d' % rng.randrange(5000, 10000)}
    return {'hall_id': hall.id, 'channel': 'online', 'name': '测试乙',
            'id_number': validators.generate_resident_id(rng),
            'phone': '1390000%04d' % rng.randrange(5000, 10000),
            'matter': data.draw(st.text(min_size=1, max_size=40))}  # any text


def test_the_api_keeps_its_contract(demo_app, api_token):
    schema = schemathesis.openapi.from_wsgi('/api/openapi.json', demo_app)
    headers = {'Authorization': 'Bearer ' + api_token}
    known = real_ids()
    operations = [found.ok() for found in schema.get_all_operations()]
    assert len(operations) >= 12
    answered = set()
    for operation in operations:
        @given(case=operation.as_strategy(), real=st.booleans(), data=st.data())
        @settings(max_examples=25, derandomize=True, deadline=None,
                  database=None, suppress_health_check=list(HealthCheck))
        def keeps_contract(case, real, data):
            if real:  # half the requests name records that exist
                for name in case.path_parameters or {}:
                    case.path_parameters[name] = data.draw(
                        st.sampled_from(known[name]))
                if operation.method.upper() == 'POST':
                    case.body = real_body(operation.path, known, data)
            # A write's body can be valid by the document and still refused
            # by a rule it cannot state (a document's check digit): that is
            # its documented 422, not a broken contract.
            excluded = ([positive_data_acceptance]
                        if operation.method.upper() == 'POST' else [])
            response = case.call_and_validate(headers=headers,
                                              excluded_checks=excluded)
            answered.add((operation.path, response.status_code))
        keeps_contract()
    # Every resource answered with its document, not only with errors.
    assert {path for path, status in answered if status in (200, 201)} == {
        operation.path for operation in operations}
