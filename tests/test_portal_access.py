"""Who gets into which portal view, and which records they reach.

Walks every configuration view as anonymous, helper, agent, the manager of
hall A (云溪县, QL-YX) against hall B's records (石门县, QL-SM), supervisor
and city administrator.
"""
import re

import pytest

import models

HALL_A, HALL_B = 'QL-YX', 'QL-SM'

# url prefix -> how to find one record of a hall (None: city-wide records)
HALL_VIEWS = {
    'halls': lambda hall: hall,
    'stations': lambda hall: models.HallDepartment.select().where(
        models.HallDepartment.hall == hall).first(),
    'windows': lambda hall: hall.windows.first(),
    'agents': lambda hall: hall.agents.first(),
    'posts': lambda hall: hall.posts.first(),
    'liaisons': lambda hall: hall.liaisons.first(),
    'kiosks': lambda hall: hall.kiosks.first(),
    'shifts': lambda hall: models.Shift.select().where(
        models.Shift.kiosk == hall.kiosks.first()).order_by(
            models.Shift.starts_at.desc()).first(),  # on the list's first page
    'holidays': lambda hall: models.Holiday.get_or_create(
        hall=hall, day='2031-01-02', defaults={'kind': 'off'})[0],
    'users': lambda hall: models.User.select().where(
        models.User.hall == hall, models.User.role != 'city_admin').first(),
    'audit': lambda hall: models.AuditLog.record(None, 'update', 'Hall', hall.id,
                                                 hall=hall),
}
SHARED_VIEWS = {
    'departments': lambda: models.Department.select().first(),
    'items': lambda: models.Item.select().first(),
    'bundles': lambda: models.Bundle.select().first(),
}
PAGES = ['/portal/staffing/', '/portal/excel/', '/portal/excel/liaisons.xlsx',
         '/portal/excel/catalogue.xlsx?level=town',
         '/portal/roster/', '/portal/dashboard/', '/portal/jobs/',
         '/portal/alerts/', '/portal/sampling/', '/portal/complaints/',
         '/portal/appraisal/', '/portal/appraisal/export.xlsx']
ACCOUNTS = {
    'helper': 'demo-helper', 'agent': 'demo-agent', 'manager': 'demo-manager',
    'supervisor': 'demo-supervisor', 'city': 'demo-city',
}


@pytest.fixture
def records(demo_app):
    """One record of hall A and one of hall B for every hall-scoped view."""
    hall_b = models.Hall.get(code=HALL_B)
    user_b = models.User(username='sm-manager', name='石门主任', role='hall_manager',
                         hall=hall_b)
    user_b.set_password('a-long-password-1')
    user_b.save()
    found = {}
    for prefix, find in HALL_VIEWS.items():
        found[prefix] = tuple(find(models.Hall.get(code=code)) for code in (HALL_A, HALL_B))
        assert None not in found[prefix], prefix
    for prefix, find in SHARED_VIEWS.items():
        found[prefix] = (find(), None)
    return found


def listed(html, record):
    """Whether a list page links to the record."""
    return re.search(r'[?&]id=%d&' % record.id, html) is not None


def login(client, who):
    if who != 'anonymous':
        response = client.post('/portal/login', data={
            'username': ACCOUNTS[who], 'password': 'bangban-demo'})
        assert response.status_code == 302, who


def view_paths(prefix, record):
    """The pages of a view; the audit trail has no form to create or edit."""
    if prefix == 'audit':
        return ('/', '/details/?id=%d' % record.id)
    return ('/', '/new/', '/edit/?id=%d' % record.id, '/details/?id=%d' % record.id,
            '/export/xlsx/')


def test_anonymous_is_sent_to_sign_in_everywhere(demo_client, records):
    for prefix, (record, _b) in records.items():
        for path in view_paths(prefix, record):
            url = '/portal/%s%s' % (prefix, path)
            response = demo_client.get(url)
            assert response.status_code == 302, url
            assert response.location.startswith('/portal/login?next='), url
    for url in PAGES:
        assert demo_client.get(url).status_code == 302, url
    response = demo_client.post('/portal/halls/delete/', data={
        'id': records['halls'][0].id})
    assert response.status_code == 302
    assert models.Hall.get_or_none(models.Hall.code == HALL_A) is not None


@pytest.mark.parametrize('who', ['helper', 'agent'])
def test_agents_and_helpers_get_no_configuration_view(demo_client, records, who):
    login(demo_client, who)
    for prefix, (record, _b) in records.items():
        for path in view_paths(prefix, record):
            url = '/portal/%s%s' % (prefix, path)
            assert demo_client.get(url).status_code == 403, url
    for url in PAGES:
        assert demo_client.get(url).status_code == 403, url
    response = demo_client.post('/portal/windows/delete/', data={
        'id': records['windows'][0].id})
    assert response.status_code == 403
    home = demo_client.get('/portal/').get_data(as_text=True)
    assert '/portal/windows/' not in home  # no menu entry either


def test_manager_reaches_own_halls_and_gets_404_for_hall_b(demo_client, records):
    login(demo_client, 'manager')
    for prefix, (mine, theirs) in records.items():
        page = demo_client.get('/portal/%s/' % prefix)
        assert page.status_code == 200, prefix
        html = page.get_data(as_text=True)
        assert listed(html, mine), prefix
        assert demo_client.get('/portal/%s/details/?id=%d' % (prefix, mine.id)
                               ).status_code == 200, prefix
        if theirs is None:  # city-wide catalogue: departments are the city's
            expected = 302 if prefix == 'departments' else 200
            assert demo_client.get('/portal/%s/new/' % prefix).status_code == expected
            assert demo_client.get('/portal/%s/edit/?id=%d' % (prefix, mine.id)
                                   ).status_code == expected
            demo_client.post('/portal/%s/delete/' % prefix, data={'id': mine.id})
            assert type(mine).get_or_none(type(mine).id == mine.id) is not None
            continue
        assert not listed(html, theirs), prefix
        paths = ('/details/?id=%d',) if prefix == 'audit' else (
            '/edit/?id=%d', '/details/?id=%d', '/edit/?id=%d&url=/')
        for path in paths:
            url = '/portal/%s%s' % (prefix, path % theirs.id)
            response = demo_client.get(url)
            assert response.status_code == 404, url
            assert theirs.__class__.__name__ not in response.get_data(as_text=True)
        if prefix != 'audit':
            assert demo_client.get('/portal/%s/edit/?id=%d' % (prefix, mine.id)
                                   ).status_code == 200, prefix
            assert demo_client.post('/portal/%s/delete/' % prefix, data={
                'id': theirs.id}).status_code == 404, prefix
            assert type(theirs).get_or_none(type(theirs).id == theirs.id) is not None
        assert demo_client.get('/portal/%s/edit/?id=999999' % prefix).status_code in (302, 404)
        assert demo_client.get('/portal/%s/details/?id=abc' % prefix).status_code == 404


def test_manager_cannot_post_a_crafted_edit_to_hall_b(demo_client, records):
    login(demo_client, 'manager')
    window = records['windows'][1]
    response = demo_client.post('/portal/windows/edit/?id=%d' % window.id, data={
        'hall': window.hall_id, 'number': 99, 'name': 'hijacked', 'kind': 'assisted',
        'prefix': 'Z'})
    assert response.status_code == 404
    assert models.Window.get_by_id(window.id).name != 'hijacked'
    assert demo_client.get('/portal/windows/ajax/lookup/?name=hall&query=').status_code == 404
    assert demo_client.post('/portal/windows/ajax/update/', data={
        'list_form_pk': window.id, 'name': 'x'}).status_code == 404


def test_supervisor_reads_everything_and_changes_nothing(demo_client, records):
    login(demo_client, 'supervisor')
    for prefix, (record_a, record_b) in records.items():
        page = demo_client.get('/portal/%s/' % prefix)
        assert page.status_code == 200, prefix
        assert '/portal/%s/new/' % prefix not in page.get_data(as_text=True), prefix
        for record in (record_a, record_b):
            if record is None:
                continue
            assert demo_client.get('/portal/%s/details/?id=%d' % (prefix, record.id)
                                   ).status_code == 200, prefix
            response = demo_client.get('/portal/%s/edit/?id=%d' % (prefix, record.id))
            assert response.status_code == (404 if prefix == 'audit' else 302), prefix
        assert demo_client.get('/portal/%s/new/' % prefix).status_code == (
            404 if prefix == 'audit' else 302), prefix
    kiosk = records['kiosks'][0]
    response = demo_client.post('/portal/halls/delete/', data={'id': records['halls'][1].id})
    assert response.status_code == 302
    assert models.Hall.get_or_none(models.Hall.code == HALL_B) is not None
    assert demo_client.post('/portal/kiosks/token/', data={'id': kiosk.id}).status_code == 403
    assert demo_client.post('/portal/excel/import/', data={}).status_code == 403
    for url in PAGES:
        assert demo_client.get(url).status_code == 200, url


def test_city_admin_reaches_every_record(demo_client, records):
    login(demo_client, 'city')
    for prefix, (record_a, record_b) in records.items():
        assert demo_client.get('/portal/%s/' % prefix).status_code == 200, prefix
        for record in (record_a, record_b):
            if record is None:
                continue
            assert demo_client.get('/portal/%s/details/?id=%d' % (prefix, record.id)
                                   ).status_code == 200, prefix
            if prefix != 'audit':
                assert demo_client.get('/portal/%s/edit/?id=%d' % (prefix, record.id)
                                       ).status_code == 200, prefix
        assert demo_client.get('/portal/%s/new/' % prefix).status_code == (
            404 if prefix == 'audit' else 200), prefix
    for url in PAGES:
        assert demo_client.get(url).status_code == 200, url
