"""PUBLIC_URL: every applicant link (receipt, one-time notice, appointment,
the case opened at a window) points where applicants' phones can reach it;
without it, managers see a standing warning and the kiosk warns its helper
when what it prints points at a loopback or private address."""
import base64
import html
import io
import re

import pytest
import zxingcpp
from PIL import Image

import models
from app import create_app
from qr import qr_svg
from flows import county_kiosk, item, open_case, screen_all, serve_new_applicant
from web import private_address, public_url_setting

PUBLIC = 'https://bangban.example.gov.cn'
WARNING = 'data-link-warning'
NOTICE = 'The public address for applicant links is not set'


def text(response):
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def public_app(make_app):
    """The demo city served at its public address."""
    application = make_app('demo', PUBLIC_URL=PUBLIC + '/')
    yield application


def kiosk_helper(app, base_url='http://localhost'):
    """A client on a terminal bound at `base_url`, the demo helper signed in."""
    client = app.test_client()
    options = {'base_url': base_url}
    assert client.post('/kiosk/bind', data={
        'username': 'demo-manager', 'password': 'bangban-demo',
        'token': county_kiosk().issue_token()}, **options).status_code == 302
    client.get('/kiosk/', **options)
    client.post('/lang/en', data={'next': '/kiosk/'}, **options)
    response = client.post('/kiosk/signin/pin', data={
        'username': 'demo-helper', 'pin': '2468'}, **options)
    assert response.headers['Location'].endswith('/kiosk/desk')
    return client


def registered_receipt(client):
    """Register a complete case at the terminal; its receipt page."""
    case = _case(client, 'RSJ-002', seed=801)
    screen_all(client, case)
    client.post('/kiosk/cases/%d/register' % case.id,
                data={'service_form': 'assisted'})
    return case, client.get('/kiosk/cases/%d/receipt' % case.id)


def _case(client, code, seed):
    serve_new_applicant(client, seed)
    return open_case(client, item(code))


def printed_link(page):
    return re.search(r'data-receipt-url>\s*([^<\s]+)', page).group(1)


def paper(page, kind):
    """The printed sheet alone, as it comes out of the printer."""
    return re.search(r'<article class="paper[^"]*" data-paper="%s">.*?</article>'
                     % kind, page, re.S).group(0)


# --- The setting --------------------------------------------------------------------

@pytest.mark.parametrize('value, expected', [
    ('', ''), (None, ''), ('  ', ''),
    ('https://bangban.example.gov.cn', PUBLIC),
    ('https://bangban.example.gov.cn/', PUBLIC),
    (' https://gov.example.cn/bangban/ ', 'https://gov.example.cn/bangban'),
    ('http://203.0.113.7:8080', 'http://203.0.113.7:8080'),
])
def test_the_setting_is_normalised(value, expected):
    assert public_url_setting(value) == expected


@pytest.mark.parametrize('value', [
    'bangban.example.gov.cn', 'ftp://bangban.example.gov.cn', 'https://',
    'https://bangban.example.gov.cn/?x=1', 'https://bangban.example.gov.cn/#p',
    'https://user:secret@bangban.example.gov.cn', '<script>alert(1)</script>',
    'javascript:alert(1)',
])
def test_a_malformed_setting_stops_start_up(value):
    with pytest.raises(ValueError, match='PUBLIC_URL'):
        create_app({'TESTING': True, 'SECRET_KEY': 'x', 'PUBLIC_URL': value,
                    'DATABASE_URL': 'sqlite:///:memory:'})


def test_the_setting_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv('PUBLIC_URL', PUBLIC + '/')
    app = create_app({'TESTING': True, 'SECRET_KEY': 'x',
                      'DATABASE_URL': 'sqlite:///:memory:'})
    assert app.config['PUBLIC_URL'] == PUBLIC


@pytest.mark.parametrize('url', [
    'http://127.0.0.1:8000', 'http://127.8.9.10', 'http://[::1]:8000',
    'http://localhost', 'http://LOCALHOST:5000', 'http://kiosk.localhost',
    'http://10.0.0.5', 'http://172.16.0.1', 'http://172.31.255.254',
    'http://192.168.1.20:8000', 'http://169.254.10.1', 'http://[fe80::1]',
    'http://[fd12:3456::1]', 'http://0.0.0.0:8000', 'http://hall-server.local',
    'http://203.0.113.7',  # documentation ranges reach no phone either
])
def test_private_addresses(url):
    assert private_address(url)


@pytest.mark.parametrize('url', [
    PUBLIC, 'https://114.114.114.114', 'http://172.32.0.1', 'http://8.8.8.8',
    'https://[2400:3200::1]', 'http://localhost.example.com', 'http://11.0.0.1',
])
def test_public_addresses(url):
    assert not private_address(url)


# --- With PUBLIC_URL set --------------------------------------------------------------

def test_the_receipt_links_to_the_public_address(public_app):
    client = kiosk_helper(public_app)
    case, response = registered_receipt(client)
    page = text(response)
    link = printed_link(page)
    assert link.startswith(PUBLIC + '/p/R')
    assert models.Case.by_receipt(link.rsplit('/', 1)[1]) == case
    assert str(qr_svg(link)) in response.get_data(as_text=True)  # the QR says it
    assert 'localhost' not in paper(page, 'receipt')
    assert WARNING not in page


def test_the_one_time_notice_links_to_the_public_address(public_app):
    client = kiosk_helper(public_app)
    case = _case(client, 'GJJ-002', seed=802)
    required = [m for m in case.catalogue_materials() if m.required]
    client.post('/kiosk/cases/%d/screen' % case.id,
                data={'provided': [str(required[0].id)]})
    response = client.get('/kiosk/cases/%d/notice' % case.id)
    page = text(response)
    link = printed_link(page)
    assert link.startswith(PUBLIC + '/p/R')
    assert str(qr_svg(link)) in response.get_data(as_text=True)
    # Scanned back at the terminal, the public link resumes the case.
    response = client.post('/kiosk/scan', data={'code': link})
    assert response.headers['Location'].endswith('/cases/%d/supply' % case.id)


def test_a_path_in_the_public_address_is_kept(make_app):
    app = make_app('demo', PUBLIC_URL='https://gov.example.cn/bangban')
    _case_, response = registered_receipt(kiosk_helper(app))
    link = printed_link(text(response))
    assert link.startswith('https://gov.example.cn/bangban/p/R')


def test_the_appointment_qr_links_to_the_public_address(public_app):
    from flows import HALL, book, next_workday, person
    client = public_app.test_client()
    hall = models.Hall.get(models.Hall.code == HALL)
    response = book(client, next_workday(hall), **person(3))
    code = response.headers['Location'].rsplit('/', 1)[1]
    body = client.get('/book/a/' + code).get_data(as_text=True)
    uri = re.search(r'src="data:image/png;base64,([^"]+)"', body).group(1)
    image = Image.open(io.BytesIO(base64.b64decode(uri)))
    [link] = [r.text for r in zxingcpp.read_barcodes(image)]
    assert link == PUBLIC + '/book/a/' + code
    assert '<code id="appointment-link">%s</code>' % link in body


def test_a_case_opened_at_the_window_names_the_public_link(public_app):
    from seeds.factories import applicant
    client = public_app.test_client()
    client.post('/portal/login', data={'username': 'demo-agent',
                                       'password': 'bangban-demo'})
    client.post('/lang/en', data={'next': '/portal/'})
    person = applicant(seed=43)
    response = client.post('/portal/cases/new', data={
        'id_number': person.id_number, 'name': person.name, 'phone': '',
        'subject': 'item:%d' % item('RSJ-001').id, 'service_form': 'assisted'},
        follow_redirects=True)
    link = re.search(r'follows the case at (\S+)', text(response)).group(1)
    assert link.startswith(PUBLIC + '/p/R')
    assert models.Case.by_receipt(link.rsplit('/', 1)[1]) is not None


def test_no_warning_when_it_is_set(public_app):
    client = public_app.test_client()
    client.post('/portal/login', data={'username': 'demo-manager',
                                       'password': 'bangban-demo'})
    client.post('/lang/en', data={'next': '/portal/'})
    assert NOTICE not in text(client.get('/portal/'))


def test_a_private_public_address_still_warns_the_kiosk(make_app):
    app = make_app('demo', PUBLIC_URL='http://192.168.1.20:8000')
    client = kiosk_helper(app, 'https://bangban.example.gov.cn')
    page = text(client.get('/kiosk/desk', base_url=PUBLIC))
    assert WARNING in page and 'http://192.168.1.20:8000' in page


# --- Without it --------------------------------------------------------------------

@pytest.mark.parametrize('username, warned', [
    ('demo-city', True), ('demo-manager', True), ('demo-agent', False),
    ('demo-supervisor', False)])
def test_managers_see_a_standing_warning(demo_client, username, warned):
    demo_client.post('/portal/login', data={'username': username,
                                            'password': 'bangban-demo'})
    demo_client.post('/lang/en', data={'next': '/portal/'})
    for url in ('/portal/', '/portal/cases/'):
        assert (NOTICE in text(demo_client.get(url))) == warned, url


def test_the_warning_is_in_chinese_by_default(demo_client):
    demo_client.post('/portal/login', data={'username': 'demo-manager',
                                            'password': 'bangban-demo'})
    page = text(demo_client.get('/portal/'))
    assert 'portal-notice' in page and 'PUBLIC_URL' in page
    assert NOTICE not in page


@pytest.mark.parametrize('base', ['http://127.0.0.1:8000', 'http://10.20.0.8',
                                  'http://192.168.3.4:8000', 'http://[::1]:8000'])
def test_the_kiosk_warns_its_helper_about_a_private_address(demo_app, base):
    client = kiosk_helper(demo_app, base)
    desk = text(client.get('/kiosk/desk', base_url=base))
    assert WARNING in desk and base in desk and 'PUBLIC_URL' in desk


def test_the_warning_is_on_screen_not_on_the_receipt(demo_app):
    client = kiosk_helper(demo_app)  # http://localhost
    _case_, response = registered_receipt(client)
    page = text(response)
    assert printed_link(page).startswith('http://localhost/p/R')  # as before
    assert WARNING in page and WARNING not in paper(page, 'receipt')
    assert re.search(r'class="link-warning no-print"', page)


def test_no_kiosk_warning_at_a_public_address(demo_app):
    client = kiosk_helper(demo_app, PUBLIC)
    desk = text(client.get('/kiosk/desk', base_url=PUBLIC))
    assert WARNING not in desk


def test_the_start_screen_shows_applicants_no_warning(demo_app):
    client = demo_app.test_client()
    client.post('/kiosk/bind', data={
        'username': 'demo-manager', 'password': 'bangban-demo',
        'token': county_kiosk().issue_token()})
    assert WARNING in text(client.get('/kiosk/bind'))  # the manager binding
    assert WARNING not in text(client.get('/kiosk/'))  # nobody signed in
