"""What tests do through the test client, shared by several test modules:
kiosk terminals and their cases, the public booking form, portal sign-in,
and looking up demo records. Data the tests make themselves comes from
seeds/factories.py."""
import datetime
import html
import random
import re

import models
import validators


# --- Kiosk terminals and their cases -----------------------------------------

def county_kiosk():
    """The demo county hall's kiosk."""
    return (models.Kiosk.select().join(models.Hall)
            .where(models.Hall.code == 'QL-YX').get())


def kiosk_at(code):
    """The (first) kiosk of a demo hall."""
    return (models.Kiosk.select().join(models.Hall)
            .where(models.Hall.code == code).get())


def bind(client, token, username='demo-manager', password='bangban-demo'):
    """Bind the client's terminal as a manager would."""
    return client.post('/kiosk/bind', data={
        'username': username, 'password': password, 'token': token})


def text(response):
    """A page's text as the user reads it (entities decoded)."""
    return html.unescape(response.get_data(as_text=True))


def english(client, next='/kiosk/'):
    """Switch the client's interface to English."""
    client.post('/lang/en', data={'next': next})


def item(code):
    """A catalogue item by code."""
    return models.Item.get(models.Item.code == code)


def fresh(case):
    """The case as stored now."""
    return models.Case.get_by_id(case.id)


def open_case(client, item_, then=''):
    """Open a consultation for the item from its kiosk page."""
    response = client.post('/kiosk/items/%d/open' % item_.id,
                           data={'then': then})
    case_id = int(re.search(r'/cases/(\d+)/', response.headers['Location'])
                  .group(1))
    return models.Case.get_by_id(case_id)


def screen_all(client, case):
    """Tick every material as provided."""
    return client.post('/kiosk/cases/%d/screen' % case.id, data={
        'provided': [str(m.id) for m in case.catalogue_materials()]})


def serve_new_applicant(client, seed, name='测试丁'):
    """Scan a new resident ID and record the applicant; returns them."""
    number = validators.generate_resident_id(random.Random(seed),
                                             region='150402')
    client.post('/kiosk/scan', data={'code': number})
    client.post('/kiosk/applicant', data={'kind': 'person', 'id_number': number,
                                          'name': name, 'phone': '13900006001'})
    return models.Applicant.get(models.Applicant.id_number == number)


# --- The public booking form ---------------------------------------------------

HALL, ITEM = 'QL-YX', 'RSJ-003'  # 云溪县政务服务中心, 失业保险金申领


def person(seed=1):
    rng = random.Random(seed)
    return dict(name='测试' + '甲乙丙丁戊'[seed % 5],
                id_number=validators.generate_resident_id(rng),
                phone='1390000%04d' % rng.randrange(5000, 10000))


def slot_url():
    return '/book/%s/%s/' % (HALL, ITEM)


def book(client, day, half_day='am', address=None, **who):
    data = dict(person(), **who)
    data['slot'] = '%s:%s' % (day.isoformat(), half_day)
    environ = {'REMOTE_ADDR': address} if address else {}
    return client.post(slot_url(), data=data, environ_base=environ)


def next_workday(hall, after=None):
    day = (after or models.today()) + datetime.timedelta(days=1)
    while not hall.is_workday(day):
        day += datetime.timedelta(days=1)
    return day


# --- The portal and the demo city's records ------------------------------------

def sign_in(client, username):
    response = client.post('/portal/login', data={
        'username': username, 'password': 'bangban-demo'})
    assert response.status_code == 302, response.get_data(as_text=True)


def user(username):
    return models.User.get(models.User.username == username)


def window(number, code='QL-YX'):
    return models.Window.get(
        models.Window.hall == models.Hall.get(models.Hall.code == code),
        models.Window.number == number)
