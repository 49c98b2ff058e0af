"""Appointments (预约) at /book/: choose hall, item and half-day; view; cancel."""
import base64
import datetime
import io
import random
import re

import pytest
import zxingcpp
from PIL import Image

import models
import validators
from flows import HALL, ITEM, book, next_workday, person, slot_url
from kiosk import scan
from public.booking import BOOKING_DAYS


def english(client):
    client.post('/lang/en', data={'next': '/book/'})


def state():
    """What a refused booking must leave as it was."""
    return (models.Appointment.select().count(),
            models.Applicant.select().count())


def qr_text(data_uri):
    """Decode a QR code from an image data URI."""
    png = base64.b64decode(data_uri.split(',', 1)[1])
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_halls_are_grouped_by_level(demo_client):
    english(demo_client)
    body = demo_client.get('/book/').get_data(as_text=True)
    for hall in models.Hall.select():
        assert hall.name in body
    positions = [body.index(title) for title in ('City', 'County', 'Town', 'Village')]
    assert positions == sorted(positions)


@pytest.mark.parametrize('text', ['失业', 'shiyebaoxian', 'sybxj'])
def test_item_search_by_chinese_pinyin_and_initials(demo_client, text):
    body = demo_client.get('/book/%s/?q=%s' % (HALL, text)).get_data(as_text=True)
    assert '失业保险金申领' in body
    assert '/book/%s/%s/' % (HALL, ITEM) in body


def test_only_items_the_hall_handles_are_offered(demo_client):
    village = models.Hall.get(models.Hall.level == 'village')
    body = demo_client.get('/book/%s/' % village.code).get_data(as_text=True)
    for item in models.Item.select():
        link = '/book/%s/%s/' % (village.code, item.code)
        assert (link in body) == village.offers(item), item.code
    assert demo_client.get('/book/%s/%s/' % (village.code, 'FGW-001')).status_code == 404


@pytest.mark.usefixtures('process_zone')  # the server's clock elsewhere
def test_slot_page_offers_working_days_with_places_left(demo_client):
    hall = models.Hall.get(models.Hall.code == HALL)
    item = models.Item.get(models.Item.code == ITEM)
    window = hall.window_for(item)
    day = next_workday(hall)
    book(demo_client, day, 'pm')
    english(demo_client)
    body = demo_client.get(slot_url()).get_data(as_text=True)
    offered = sorted(set(re.findall(r'name="slot" value="(\d{4}-\d\d-\d\d):', body)))
    expected = [d.isoformat() for d in (
        models.today() + datetime.timedelta(days=n)
        for n in range(1, BOOKING_DAYS + 1)) if hall.is_workday(d)]
    assert offered == expected
    capacity = models.Appointment.capacity(window, day, 'pm')
    assert '%d places left' % (capacity - 1) in body
    assert window.name in body


def test_booking_gives_a_qr_of_the_code_that_checks_in(demo_client):
    hall = models.Hall.get(models.Hall.code == HALL)
    day = next_workday(hall)
    who = person(7)
    response = book(demo_client, day, **who)
    assert response.status_code == 303
    code = response.headers['Location'].rsplit('/', 1)[1]
    assert code.startswith('Y')
    appointment = models.Appointment.by_code(code)
    assert (appointment.day, appointment.half_day, appointment.item.code) == (
        day, 'am', ITEM)
    assert appointment.window == hall.window_for(appointment.item)
    page = demo_client.get('/book/a/' + code)
    body = page.get_data(as_text=True)
    assert page.headers['Cache-Control'] == 'no-store'
    assert code in body
    assert who['id_number'] not in body and who['phone'] not in body
    assert validators.mask_id(who['id_number']) in body
    assert validators.mask_phone(who['phone']) in body
    uri = re.search(r'src="(data:image/png;base64,[^"]+)"', body).group(1)
    # The QR is the page's own address; the kiosk reads the code out of it.
    [link] = qr_text(uri)
    assert link == 'http://localhost/book/a/' + code and link in body
    assert scan.parse(link) == scan.Payload('appointment', code)
    ticket = models.Appointment.by_code(code).check_in(today=day)
    assert ticket.priority == models.PRIORITY_APPOINTMENT


def test_cancel_by_code_frees_the_place(demo_client):
    hall = models.Hall.get(models.Hall.code == HALL)
    day = next_workday(hall)
    code = book(demo_client, day).headers['Location'].rsplit('/', 1)[1]
    appointment = models.Appointment.by_code(code)
    before = models.Appointment.booked(appointment.window, day, 'am')
    english(demo_client)
    response = demo_client.post('/book/a/%s/cancel' % code, follow_redirects=True)
    assert 'Your appointment is cancelled' in response.get_data(as_text=True)
    assert models.Appointment.by_code(code).status == 'cancelled'
    assert models.Appointment.booked(appointment.window, day, 'am') == before - 1
    page = demo_client.get('/book/a/' + code).get_data(as_text=True)
    assert 'data:image/png' not in page and 'Cancelled' in page
    again = demo_client.post('/book/a/%s/cancel' % code, follow_redirects=True)
    assert 'Only a booked appointment can be cancelled' in again.get_data(as_text=True)


def test_unknown_or_forged_codes_open_nothing(demo_client):
    reference = demo_client.get('/book/a/' + models.new_code('Y'))
    assert reference.status_code == 404
    for probe in ('Y' + 'A' * 22, 'x' * 200, '%3Cscript%3E'):
        response = demo_client.get('/book/a/' + probe)
        assert response.status_code == 404
        assert 'data:image/png' not in response.get_data(as_text=True)
    count = state()
    assert demo_client.post('/book/a/%s/cancel' % models.new_code('Y')).status_code == 404
    assert state() == count


def _bad_inputs():
    today = models.today()
    return {
        'id': (dict(id_number='150402199001011234'), 'check digit'),
        'id-short': (dict(id_number='1504'), '18 characters'),
        'phone': (dict(phone='12345'), None),
        'name': (dict(name='  '), 'Please enter the applicant'),
        'past': (dict(slot='%s:am' % (today - datetime.timedelta(days=1))),
                 'from tomorrow on'),
        'today': (dict(slot='%s:am' % today), 'from tomorrow on'),
        'far': (dict(slot='%s:am' % (today + datetime.timedelta(days=60))),
                'days ahead'),
        'half-day': (dict(slot='%s:night' % next_workday(
            models.Hall.get(models.Hall.code == HALL))), 'morning or afternoon'),
        'garbage': (dict(slot='tomorrow'), 'from the list'),
    }


@pytest.mark.parametrize('case', ['id', 'id-short', 'phone', 'name', 'past',
                                  'today', 'far', 'half-day', 'garbage'])
def test_bad_input_is_refused_with_a_message_and_changes_nothing(demo_client, case):
    change, message = _bad_inputs()[case]
    hall = models.Hall.get(models.Hall.code == HALL)
    data = dict(person(3), slot='%s:am' % next_workday(hall))
    data.update(change)
    english(demo_client)
    count = state()
    response = demo_client.post(slot_url(), data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'flash-error' in body
    if message:
        assert message in body
    assert state() == count


def test_full_slot_is_refused(demo_client):
    hall = models.Hall.get(models.Hall.code == HALL)
    item = models.Item.get(models.Item.code == ITEM)
    window = hall.window_for(item)
    day = next_workday(hall)
    capacity = models.Appointment.capacity(window, day, 'am')
    for n in range(capacity):
        assert book(demo_client, day, address='10.1.0.%d' % n,
                    **person(100 + n)).status_code == 303
    english(demo_client)
    count = state()
    response = book(demo_client, day, **person(99))
    assert response.status_code == 400
    assert 'fully booked' in response.get_data(as_text=True)
    assert state() == count
    assert 'Full' in demo_client.get(slot_url()).get_data(as_text=True)


def test_holiday_is_refused(demo_client):
    hall = models.Hall.get(models.Hall.code == HALL)
    day = next_workday(hall)
    models.Holiday.create(hall=hall, day=day, kind='off', note='test')
    english(demo_client)
    count = state()
    response = book(demo_client, day)
    assert 'closed on that day' in response.get_data(as_text=True)
    assert state() == count


def test_unknown_hall_or_item_is_refused(demo_client):
    hall = models.Hall.get(models.Hall.code == HALL)
    day = next_workday(hall)
    count = state()
    for url in ('/book/NOPE/', '/book/NOPE/%s/' % ITEM, '/book/%s/NOPE/' % HALL):
        assert demo_client.get(url).status_code == 404
    data = dict(person(), slot='%s:am' % day)
    assert demo_client.post('/book/NOPE/%s/' % ITEM, data=data).status_code == 404
    assert demo_client.post('/book/%s/NOPE/' % HALL, data=data).status_code == 404
    assert state() == count


LIMIT_EN = 'A booking limit is reached'
LIMIT_ZH = '已达到预约上限'


def code_of(response):
    return response.headers['Location'].rsplit('/', 1)[1]


def flashes(response):
    return re.findall(r'class="flash flash-(\w+)"[^>]*>([^<]*)<',
                      response.get_data(as_text=True))


def test_an_existing_file_answers_as_a_new_id_does(demo_client):
    """No name-and-ID oracle: a wrong name under an ID that has a file gets
    the answer a new ID gets, and no file is read, made or changed."""
    applicant = models.Applicant.select().where(
        models.Applicant.kind == 'person',
        models.Applicant.id_type == 'resident_id').first()
    kept = applicant.__data__.copy()
    hall = models.Hall.get(models.Hall.code == HALL)
    day = next_workday(hall)
    english(demo_client)
    applicants = models.Applicant.select().count()
    known = book(demo_client, day, name='某某某', id_number=applicant.id_number,
                 phone='13900001234')
    known_page = flashes(demo_client.get(known.headers['Location']))
    new = book(demo_client, day, name='某某某', phone='13900001235',
               id_number=person(41)['id_number'])
    assert known.status_code == new.status_code == 303
    assert known_page == flashes(demo_client.get(new.headers['Location'])) == [
        ('success', 'Your appointment is booked.')]
    # A refusal for bad input reads the same too.
    bad = [book(demo_client, day, name='某某某', id_number=number,
                phone='12345') for number in (applicant.id_number,
                                               person(42)['id_number'])]
    assert [r.status_code for r in bad] == [400, 400]
    assert flashes(bad[0]) == flashes(bad[1])
    assert models.Applicant.select().count() == applicants
    assert models.Applicant.get_by_id(applicant.id).__data__ == kept
    # The appointment shows what was typed, never what the file holds.
    page = demo_client.get(known.headers['Location']).get_data(as_text=True)
    assert validators.mask_phone('13900001234') in page
    assert validators.mask_name('某某某') in page
    if applicant.phone:
        assert validators.mask_phone(applicant.phone) not in page
    assert models.Appointment.by_code(code_of(known)).applicant is None


def test_a_booking_never_creates_an_applicant_file(demo_client):
    hall = models.Hall.get(models.Hall.code == HALL)
    who = person(43)
    count = models.Applicant.select().count()
    response = book(demo_client, next_workday(hall), **who)
    assert response.status_code == 303
    assert models.Applicant.select().count() == count
    assert not models.Applicant.select().where(
        models.Applicant.id_number == who['id_number']).exists()
    appointment = models.Appointment.by_code(code_of(response))
    # The number is kept only as a keyed digest and a masked form.
    assert who['id_number'] not in str(appointment.__data__)
    assert appointment.id_masked == validators.mask_id(who['id_number'])
    assert appointment.matches(validators.classify(who['id_number']))
    assert not appointment.matches(validators.classify(person(44)['id_number']))


def _helper(demo_client):
    """The demo client as the county hall's kiosk, the helper signed in."""
    from flows import bind, county_kiosk
    bind(demo_client, county_kiosk().issue_token())
    demo_client.post('/kiosk/signin/pin', data={'username': 'demo-helper',
                                                'pin': '2468'})
    english(demo_client)
    return demo_client


def test_the_kiosk_makes_the_file_from_the_document_not_the_booking(demo_client):
    """A made-up name and phone booked under someone's ID never reach their
    file: the kiosk checks the document, and the helper types the file."""
    hall = models.Hall.get(models.Hall.code == HALL)
    real = person(45)
    response = book(demo_client, next_workday(hall), name='冒名顶替',
                    id_number=real['id_number'], phone='13900009999')
    appointment = models.Appointment.by_code(code_of(response))
    models.Appointment.update(day=models.today()).where(
        models.Appointment.id == appointment.id).execute()  # the day comes
    helper = _helper(demo_client)
    check = helper.post('/kiosk/scan', data={'code': code_of(response)},
                        follow_redirects=True)
    body = check.get_data(as_text=True)
    assert 'Check the appointment' in body and '冒名顶替' in body
    # Another person's document does not use the appointment.
    other = helper.post('/kiosk/scan', data={'code': person(46)['id_number']},
                        follow_redirects=True)
    assert 'not the one the appointment was booked with' in other.get_data(
        as_text=True)
    assert models.Applicant.select().where(models.Applicant.id_number.in_(
        [real['id_number'], person(46)['id_number']])).count() == 0
    # The booked document: a first visit, the file from what the helper types.
    first = helper.post('/kiosk/scan', data={'code': real['id_number']})
    assert 'Booked under the name 冒名顶替' in first.get_data(as_text=True)
    assert models.Applicant.select().where(
        models.Applicant.id_number == real['id_number']).count() == 0
    done = helper.post('/kiosk/applicant', data={
        'id_type': 'resident_id', 'id_number': real['id_number'],
        'name': '真实姓名', 'phone': '13900001111'}, follow_redirects=True)
    applicant = models.Applicant.get(
        models.Applicant.id_number == real['id_number'])
    assert (applicant.name, applicant.phone) == ('真实姓名', '13900001111')
    body = done.get_data(as_text=True)
    assert 'Booked under the name 冒名顶替; the document says 真实姓名' in body
    assert models.Appointment.get_by_id(appointment.id).applicant == applicant


def test_a_kiosk_scan_of_a_known_file_checks_the_booking(demo_client):
    applicant = models.Applicant.select().where(
        models.Applicant.kind == 'person',
        models.Applicant.id_type == 'resident_id').first()
    hall = models.Hall.get(models.Hall.code == HALL)
    response = book(demo_client, next_workday(hall), name=applicant.name,
                    id_number=applicant.id_number, phone='13900009998')
    appointment = models.Appointment.by_code(code_of(response))
    models.Appointment.update(day=models.today()).where(
        models.Appointment.id == appointment.id).execute()
    helper = _helper(demo_client)
    helper.post('/kiosk/scan', data={'code': code_of(response)})
    page = helper.post('/kiosk/scan', data={'code': applicant.id_number},
                       follow_redirects=True).get_data(as_text=True)
    assert 'Booked under the name' not in page  # the names agree
    assert 'served with priority' in page
    assert models.Appointment.get_by_id(appointment.id).applicant == applicant
    assert models.Applicant.get_by_id(applicant.id).phone == applicant.phone


def _six_places(places=6):
    """The county window's next working morning, with 6 places."""
    hall = models.Hall.get(models.Hall.code == HALL)
    window = hall.window_for(models.Item.get(models.Item.code == ITEM))
    day = next_workday(hall)
    (models.SlotCapacity.insert(window=window, weekday=day.weekday(),
                                half_day='am', capacity=places)
     .on_conflict(conflict_target=[models.SlotCapacity.window,
                                   models.SlotCapacity.weekday,
                                   models.SlotCapacity.half_day],
                  update={models.SlotCapacity.capacity: places})
     .execute())
    return window, day


def test_one_client_with_generated_ids_cannot_take_a_half_day(demo_app):
    window, day = _six_places()
    flood = client_at(demo_app, '203.0.113.9')
    english(flood)
    rng = random.Random(7)
    answers = []
    for n in range(10):
        answers.append(book(flood, day, name='刷号%d' % n,
                            id_number=validators.generate_resident_id(rng),
                            phone='1380000%04d' % n))
    booked = [r for r in answers if r.status_code == 303]
    assert len(booked) == models.BOOKING_LIMITS['per_client'] == 3
    for refused in answers[3:]:
        assert refused.status_code == 400
        assert LIMIT_EN in refused.get_data(as_text=True)
    assert models.Appointment.booked(window, day, 'am') == 3
    # Others still find places.
    other = client_at(demo_app, '198.51.100.7')
    assert book(other, day, **person(50)).status_code == 303


def client_at(app, address):
    """A test client whose requests come from `address`."""
    client = app.test_client()
    client.environ_base['REMOTE_ADDR'] = address
    return client


def _limit_message(client, day, **who):
    response = book(client, day, **who)
    assert response.status_code == 400
    return [m for kind, m in flashes(response) if kind == 'error']


@pytest.mark.parametrize('language', ['en', 'zh_Hans_CN'])
def test_every_limit_answers_with_one_generic_message(demo_app, language):
    _window, day = _six_places(places=20)

    def client(address):
        c = client_at(demo_app, address)
        c.post('/lang/%s' % language, data={'next': '/book/'})
        return c
    same_id = person(60)
    assert book(client('192.0.2.1'), day, **same_id).status_code == 303
    by_id = _limit_message(client('192.0.2.2'), day, name='别人',
                           id_number=same_id['id_number'], phone='13700000001')
    for n in range(3):
        assert book(client('192.0.2.%d' % (10 + n)), day, name='家人',
                    id_number=person(61 + n)['id_number'],
                    phone='13700000099').status_code == 303
    by_phone = _limit_message(client('192.0.2.20'), day, name='家人',
                              id_number=person(70)['id_number'],
                              phone='13700000099')
    crowd = client('192.0.2.30')
    for n in range(3):
        assert book(crowd, day, name='某人', id_number=person(80 + n)['id_number'],
                    phone='1370000%04d' % (100 + n)).status_code == 303
    by_client = _limit_message(crowd, day, name='某人',
                               id_number=person(90)['id_number'],
                               phone='13700000200')
    assert by_id == by_phone == by_client
    [message] = by_id
    assert (LIMIT_EN if language == 'en' else LIMIT_ZH) in message


def test_limits_are_configurable_and_a_cancel_gives_the_place_back(make_app):
    app = make_app('demo', BOOKING_LIMITS={'per_client': 1})
    hall = models.Hall.get(models.Hall.code == HALL)
    day = next_workday(hall)
    client = app.test_client()
    english(client)
    first = book(client, day, **person(100))
    assert first.status_code == 303
    second = book(client, day, **person(101))
    assert LIMIT_EN in second.get_data(as_text=True)
    client.post('/book/a/%s/cancel' % code_of(first))
    assert book(client, day, **person(101)).status_code == 303
    with pytest.raises(ValueError):
        make_app('demo', BOOKING_LIMITS={'per_day': 2})


def test_double_submit_books_once(demo_client):
    hall = models.Hall.get(models.Hall.code == HALL)
    day = next_workday(hall)
    assert book(demo_client, day, **person(5)).status_code == 303
    count = state()
    english(demo_client)
    again = book(demo_client, day, 'pm', **person(5))
    assert again.status_code == 400
    assert LIMIT_EN in again.get_data(as_text=True)
    assert state() == count


def test_booking_form_needs_its_csrf_token(make_app):
    app = make_app('demo', WTF_CSRF_ENABLED=True)
    hall = models.Hall.get(models.Hall.code == HALL)
    client = app.test_client()
    count = state()
    data = dict(person(), slot='%s:am' % next_workday(hall))
    assert client.post(slot_url(), data=data).status_code == 400
    assert state() == count
    page = client.get(slot_url()).get_data(as_text=True)
    data['csrf_token'] = re.search(
        r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(slot_url(), data=data).status_code == 303


def test_booking_is_rate_limited(make_app, monkeypatch):
    app = make_app('demo', PUBLIC_RATE_LIMIT=(3, 60))
    moment = datetime.datetime(2026, 11, 20, 10, 0, 30)
    monkeypatch.setattr(models, 'now', lambda: moment)
    hall = models.Hall.get(models.Hall.code == HALL)
    client = app.test_client()
    data = dict(person(), id_number='1', slot='%s:am' % next_workday(hall))
    answers = [client.post(slot_url(), data=data).status_code for _ in range(4)]
    assert answers == [400, 400, 400, 429]
    assert client.get('/book/a/' + models.new_code('Y')).status_code == 404
