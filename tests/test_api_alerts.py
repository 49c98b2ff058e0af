"""Alerts in the API (GET /api/v1/alerts): the portal's alert list, the
same alerts in the same order for the client's halls, filtered by hall and
rule, paged, in the client's language, at the same queries at two sizes."""
import re

import alerts
import models
from support import statements
from hall_day import city, grow, login  # noqa: F401 (a fixture)

PROBLEM = 'application/problem+json'


def token_for(hall_ids, manager):
    return models.ApiClient.issue(manager, '省平台', hall_ids)[1]


def get(client, token, url, language=None):
    headers = {'Authorization': 'Bearer ' + token}
    if language:
        headers['Accept-Language'] = language
    return client.get(url, headers=headers)


def every(client, token, url):
    """Every alert, following `next`."""
    found = []
    while url:
        body = get(client, token, url).get_json()
        found += body['items']
        url = body['next']
    return found


def test_the_alerts_are_the_portal_lists(city, client):
    county, town = city['county'], city['town']
    city_admin = city['users']['city']
    token = token_for([county.id, town.id], city_admin)
    kiosk = 'kiosk:%d' % city['bare'].id
    models.AlertAck.acknowledge('kiosk_uncovered', county.id, kiosk,
                                alerts.period(), city['users']['manager'])
    found = every(client, token, '/api/v1/alerts?limit=2')
    listed = alerts.listed([county.id, town.id])
    assert [(a['kind'], a['hall_id'], a['subject'], a['figure'])
            for a in found] == [(a.rule, a.hall_id, a.subject, a.figure)
                                for a, _ack in listed]
    assert {a['kind'] for a in found} == set(alerts.RULES)
    acked = [a for a in found if a['acknowledged']]
    assert [(a['subject'], a['acknowledged_by']) for a in acked] == [
        (kiosk, '县主任')]
    assert acked[0]['acknowledged_at'].startswith('2026-12-07T10:00:00+08:00')
    assert found[-1] == acked[0]  # open ones first, as in the portal
    # The portal shows the same rows.
    login(client, city['users']['manager'])
    html = client.get('/portal/alerts/?hall=%d' % county.id).get_data(as_text=True)
    rows = re.findall(r'data-rule="(\w+)" data-subject="([^"]*)" data-hall="(\d+)"',
                      html)
    assert [(r, s, int(h)) for r, s, h in rows] == [
        (a['kind'], a['subject'], a['hall_id']) for a in found
        if a['hall_id'] == county.id]


def test_filtered_by_hall_and_rule_in_the_clients_language(city, client):
    county = city['county']
    token = token_for([county.id], city['users']['manager'])
    body = get(client, token, '/api/v1/alerts?kind=overdue').get_json()
    assert [(a['kind'], a['subject'], a['figure']) for a in body['items']] == [
        ('overdue', 'hall', 2)]
    assert body['items'][0]['kind_label'] == '超期案件'
    assert body['items'][0]['portal_url'] == (
        '/portal/cases/?overdue=1&hall=%d' % county.id)
    english = get(client, token, '/api/v1/alerts?kind=overdue&hall_id=%d'
                  % county.id, 'en').get_json()['items'][0]
    assert (english['kind_label'], english['figure_label']) == (
        'Overdue cases', '2 cases')
    waits = get(client, token, '/api/v1/alerts?kind=window_wait').get_json()
    assert [a['about'] for a in waits['items']] == [city['long_wait'].name]


def test_another_halls_alerts_are_out_of_reach(city, client):
    county, other = city['county'], city['other']
    token = token_for([other.id], city['users']['other'])
    response = get(client, token, '/api/v1/alerts?hall_id=%d' % county.id)
    assert response.status_code == 404 and response.mimetype == PROBLEM
    found = every(client, token, '/api/v1/alerts')
    assert found and {a['hall_id'] for a in found} == {other.id}
    bad = get(client, token, '/api/v1/alerts?kind=<script>')
    assert bad.status_code == 422 and bad.mimetype == PROBLEM
    assert bad.get_json()['code'] == 'invalid_parameter'


def test_alerts_name_no_applicant(city, client):
    county = city['county']
    token = token_for([county.id], city['users']['manager'])
    text = get(client, token, '/api/v1/alerts').get_data(as_text=True)
    for applicant in models.Applicant.select():
        assert applicant.name not in text and applicant.id_number not in text


def test_the_same_queries_at_two_sizes_and_no_write(city, client):
    county = city['county']
    token = token_for([county.id], city['users']['manager'])

    def cost():
        with statements(models.db.obj) as run:
            response = get(client, token, '/api/v1/alerts?limit=5')
            assert response.status_code == 200
        assert not [s for s, _p in run if s.lstrip().upper().startswith(
            ('INSERT', 'UPDATE', 'DELETE'))]
        return len(run), response.get_json()['total']

    small, small_total = cost()
    grow(county, 30)
    large, large_total = cost()
    assert large_total > small_total + 30 and small == large
