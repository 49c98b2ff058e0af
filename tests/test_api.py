"""The integration API (/api/v1): per-client tokens issued in the portal,
reads scoped to the client's halls, keyset pages without a query per row,
personal data only for clients allowed it, problem documents for every
error under /api/, and reads that write nothing."""
import re

import pytest

import models
from support import statements

PROBLEM = 'application/problem+json'


def user(username):
    return models.User.get(models.User.username == username)


def issue(username='demo-manager', halls=None, personal_data=False, name='省平台'):
    account = user(username)
    return models.ApiClient.issue(account, name, [account.hall_id] if halls is None else halls,
                                  personal_data=personal_data)


def bearer(token, language=None):
    headers = {'Authorization': 'Bearer ' + token}
    if language:
        headers['Accept-Language'] = language
    return headers


def problem(response, status, code):
    assert response.status_code == status, response.data
    assert response.mimetype == PROBLEM
    body = response.get_json(force=True)
    assert set(body) >= {'type', 'title', 'status', 'detail', 'code'}
    assert (body['status'], body['code']) == (status, code)
    assert body['type'].endswith('/' + code)
    return body


def a_case(hall_id):
    """A case of the hall with some history and an applicant with a phone."""
    return (models.Case.select()
            .join(models.Applicant)
            .switch(models.Case)
            .join(models.CaseEvent)
            .where(models.Case.hall == hall_id, models.Applicant.phone != '')
            .group_by(models.Case.id)
            .having(models.fn.COUNT(models.CaseEvent.id) > 1)
            .first())


def test_tokens_missing_forged_and_revoked_are_refused(demo_app, demo_client):
    problem(demo_client.get('/api/v1/halls'), 401, 'token_missing')
    problem(demo_client.get('/api/v1/halls', headers={'Authorization': 'Basic x'}),
            401, 'token_missing')
    problem(demo_client.get('/api/v1/halls', headers=bearer('forged' * 8)),
            401, 'token_invalid')
    client, token = issue()
    assert client.token_hash == models.digest(token) and token not in client.token_hash
    assert demo_client.get('/api/v1/halls', headers=bearer(token)).status_code == 200
    client.revoke(user('demo-manager'))
    problem(demo_client.get('/api/v1/halls', headers=bearer(token)), 401,
            'token_revoked')
    with pytest.raises(models.DomainError):
        client.revoke(user('demo-city'))  # the first revocation stays
    assert models.ApiClient.get_by_id(client.id).revoked_by.username == 'demo-manager'
    entries = [e.action for e in models.AuditLog.select().where(
        models.AuditLog.model == 'ApiClient', models.AuditLog.record_id == str(client.id))]
    assert sorted(entries) == ['create', 'revoke']


def test_who_may_issue_for_which_halls(demo_app):
    manager, city = user('demo-manager'), user('demo-city')
    other = models.Hall.get(models.Hall.code == 'QL')
    assert models.ApiClient.issuable_halls(manager) == [manager.hall_id]
    with pytest.raises(models.DomainError):
        issue('demo-manager', halls=[other.id])
    with pytest.raises(models.DomainError):
        issue('demo-supervisor', halls=[other.id])
    with pytest.raises(models.DomainError):
        issue('demo-manager', halls=[])
    with pytest.raises(models.DomainError):
        issue('demo-manager', name='  ')
    with pytest.raises(models.DomainError):
        issue('demo-manager', name='平台\x00')
    with pytest.raises(models.DomainError):
        issue('demo-manager', name='x' * 61)
    client, _token = issue('demo-city', halls=[other.id, manager.hall_id])
    assert sorted(client.hall_ids()) == sorted([other.id, manager.hall_id])
    assert client.hall_id == city.hall_id
    assert models.ApiClient.select().count() == 1  # the refusals left nothing


def test_reads_are_scoped_to_the_clients_halls(demo_app, demo_client):
    manager = user('demo-manager')
    city = models.Hall.get(models.Hall.code == 'QL')
    _client, token = issue()
    body = demo_client.get('/api/v1/halls', headers=bearer(token)).get_json()
    assert [h['id'] for h in body['items']] == [manager.hall_id]
    assert body['next'] is None
    for path in ('/halls/%d', '/halls/%d/items', '/halls/%d/cases',
                 '/halls/%d/queue', '/halls/%d/tickets', '/halls/%d/appointments',
                 '/halls/%d/windows', '/halls/%d/statistics/2026/11'):
        ok = demo_client.get('/api/v1' + path % manager.hall_id, headers=bearer(token))
        assert ok.status_code == 200, (path, ok.data)
        problem(demo_client.get('/api/v1' + path % city.id, headers=bearer(token)),
                404, 'not_found')
    elsewhere = a_case(city.id)
    problem(demo_client.get('/api/v1/cases/%d' % elsewhere.id, headers=bearer(token)),
            404, 'not_found')
    own = a_case(manager.hall_id)
    assert demo_client.get('/api/v1/cases/%d' % own.id,
                           headers=bearer(token)).status_code == 200


def test_pages_follow_next_with_the_same_queries_at_any_size(demo_app, demo_client):
    hall = user('demo-manager').hall_id
    _client, token = issue()
    everything = models.Case.select().where(models.Case.hall == hall).count()
    assert everything > 10
    seen, address = [], '/api/v1/halls/%d/cases?limit=4' % hall
    while address:
        body = demo_client.get(address, headers=bearer(token)).get_json()
        assert len(body['items']) <= 4
        seen += [case['id'] for case in body['items']]
        address = body['next']
    assert seen == sorted(seen) and len(set(seen)) == everything
    counts = []
    for limit in (2, 40):
        with statements(demo_app.extensions['database']) as run:
            body = demo_client.get('/api/v1/halls/%d/cases?limit=%d' % (hall, limit),
                                   headers=bearer(token)).get_json()
        assert len(body['items']) == limit
        counts.append(len(run))
    assert counts[0] == counts[1]
    writes = [sql for sql, _ in run if re.match(r'\s*(INSERT|UPDATE|DELETE)', sql, re.I)]
    assert writes == []  # a read writes nothing, not even its log
    for bad in ('limit=0', 'limit=101', 'limit=x', 'after=-1'):
        body = problem(demo_client.get('/api/v1/halls/%d/cases?%s' % (hall, bad),
                                       headers=bearer(token)), 422, 'invalid_parameter')
        assert body['errors']


def test_personal_data_only_for_clients_allowed_it(demo_app, demo_client):
    hall = user('demo-manager').hall_id
    case = a_case(hall)
    applicant = case.applicant
    _c, masked = issue()
    _c, full = issue(personal_data=True, name='12345热线')
    seen = demo_client.get('/api/v1/cases/%d' % case.id, headers=bearer(masked)).get_json()
    assert seen['applicant'] == dict(
        kind=applicant.kind, id_type=applicant.id_type, id_number=applicant.masked_id,
        name=applicant.masked_name, phone=applicant.masked_phone, masked=True)
    assert applicant.id_number not in str(seen) and applicant.phone not in str(seen)
    shown = demo_client.get('/api/v1/cases/%d' % case.id, headers=bearer(full)).get_json()
    assert (shown['applicant']['id_number'], shown['applicant']['phone'],
            shown['applicant']['masked']) == (applicant.id_number, applicant.phone, False)


def test_history_and_errors_in_the_clients_language(demo_app, demo_client):
    case = a_case(user('demo-manager').hall_id)
    _c, token = issue()
    zh = demo_client.get('/api/v1/cases/%d' % case.id, headers=bearer(token)).get_json()
    en = demo_client.get('/api/v1/cases/%d' % case.id,
                         headers=bearer(token, 'en-US,en;q=0.9')).get_json()
    assert zh['status'] == en['status'] and zh['status_label'] != en['status_label']
    assert re.search('[\u4e00-\u9fff]', zh['status_label'])
    assert len(zh['events']) == len(en['events']) > 1
    assert [e['action'] for e in zh['events']] == [e['action'] for e in en['events']]
    assert zh['events'][0]['action_label'] != en['events'][0]['action_label']
    assert re.match(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$', zh['events'][0]['at'])
    zh_missing = problem(demo_client.get('/api/v1/halls'), 401, 'token_missing')
    en_missing = problem(demo_client.get('/api/v1/halls', headers={
        'Accept-Language': 'en'}), 401, 'token_missing')
    assert re.search('[\u4e00-\u9fff]', zh_missing['detail'])
    assert 'Authorization' in en_missing['detail']


def test_every_error_under_api_is_a_problem_and_the_rest_keeps_its_pages(
        demo_app, demo_client, monkeypatch):
    _c, token = issue()
    problem(demo_client.get('/api/nothing/here'), 404, 'not_found')
    problem(demo_client.get('/api/v1/cases/99999999', headers=bearer(token)), 404,
            'not_found')
    problem(demo_client.get('/api/v1/halls/1/statistics/2026/13', headers=bearer(token)),
            404, 'not_found')
    for huge in ('/cases/9223372036854775808', '/tickets/2147483648',
                 '/halls/1/statistics/99999999999/1'):
        problem(demo_client.get('/api/v1' + huge, headers=bearer(token)), 404,
                'not_found')
    assert demo_client.delete('/api/v1/halls', headers=bearer(token)).status_code == 405
    problem(demo_client.post('/api/v1/halls', headers=bearer(token)), 405,
            'method_not_allowed')
    problem(demo_client.get('/api/v1/halls?limit=%00', headers=bearer(token)), 400,
            'invalid_parameter')
    page = demo_client.get('/portal/nothing')
    assert page.status_code == 404 and page.mimetype == 'text/html'

    def broken(*args, **kwargs):
        raise RuntimeError('disk on fire')
    monkeypatch.setattr(models.ApiClient, 'hall_ids', broken)
    monkeypatch.setitem(demo_app.config, 'PROPAGATE_EXCEPTIONS', False)
    body = problem(demo_client.get('/api/v1/halls', headers=bearer(token)), 500,
                   'server_error')
    assert 'fire' not in str(body)


def test_rate_limited_per_client(demo_app, demo_client, monkeypatch):
    monkeypatch.setitem(demo_app.config, 'API_RATE_LIMIT', (3, 60))
    _c, first = issue()
    _c, second = issue(name='其他客户端')
    for _ in range(3):
        assert demo_client.get('/api/v1/halls', headers=bearer(first)).status_code == 200
    problem(demo_client.get('/api/v1/halls', headers=bearer(first)), 429, 'rate_limited')
    assert demo_client.get('/api/v1/halls', headers=bearer(second)).status_code == 200


def test_portal_issues_a_token_once_and_revokes_it(demo_app, demo_client, auth):
    auth.login('demo-manager')
    form = demo_client.get('/portal/api-clients/issue/')
    assert form.status_code == 200
    hall = user('demo-manager').hall_id
    shown = demo_client.post('/portal/api-clients/issue/', data={
        'name': '<script>alert(1)</script>', 'halls': [str(hall)], 'access': 'read'})
    assert shown.status_code == 200 and shown.headers['Cache-Control'] == 'no-store'
    assert b'<script>alert(1)</script>' not in shown.data
    token = re.search(r'<code id="token">([^<]+)</code>', shown.get_data(as_text=True)).group(1)
    client = models.ApiClient.by_token(token)
    assert client.name == '<script>alert(1)</script>'
    listing = demo_client.get('/portal/api-clients/').get_data(as_text=True)
    assert token not in listing and client.token_hash not in listing
    other = models.Hall.get(models.Hall.code == 'QL')
    refused = demo_client.post('/portal/api-clients/issue/', data={
        'name': '越权', 'halls': [str(other.id)]})
    assert refused.status_code == 200
    assert not models.ApiClient.select().where(models.ApiClient.name == '越权').exists()
    demo_client.post('/portal/api-clients/revoke/', data={'id': client.id})
    assert models.ApiClient.get_by_id(client.id).is_revoked
    problem(demo_client.get('/api/v1/halls', headers=bearer(token)), 401, 'token_revoked')
    city_client, _t = issue('demo-city', halls=[other.id])
    assert demo_client.post('/portal/api-clients/revoke/',
                            data={'id': city_client.id}).status_code == 404
    auth.logout()
    auth.login('demo-supervisor')
    assert demo_client.get('/portal/api-clients/').status_code == 403


@pytest.mark.parametrize('path', ['/halls/%d/items', '/halls/%d/departments',
                                  '/halls/%d/cases'])
def test_lists_cost_the_same_queries_for_a_short_and_a_long_page(
        demo_app, demo_client, path):
    hall = user('demo-manager').hall_id
    _client, token = issue()
    counts = []
    for limit in (1, 8):
        address = '/api/v1' + path % hall + '?limit=%d' % limit
        with statements(demo_app.extensions['database']) as run:
            body = demo_client.get(address, headers=bearer(token)).get_json()
        assert len(body['items']) == limit and body['next']
        counts.append(len(run))
    assert counts[0] == counts[1]


def test_another_halls_manager_neither_sees_nor_revokes_the_client(
        demo_app, demo_client, auth):
    client, _token = issue()
    other = models.User(username='sm-manager', name='石门主任', role='hall_manager',
                        hall=models.Hall.get(models.Hall.code == 'QL-SM'))
    other.set_password('a-long-password-1')
    other.save()
    demo_client.post('/portal/login', data={'username': 'sm-manager',
                                            'password': 'a-long-password-1'})
    listing = demo_client.get('/portal/api-clients/').get_data(as_text=True)
    assert client.name not in listing
    assert demo_client.get('/portal/api-clients/details/?id=%d' % client.id
                           ).status_code == 404
    assert demo_client.post('/portal/api-clients/revoke/',
                            data={'id': client.id}).status_code == 404
    assert not models.ApiClient.get_by_id(client.id).is_revoked


def test_reads_go_to_the_application_log(demo_app, demo_client, caplog):
    client, token = issue()
    audited = models.AuditLog.select().count()
    with caplog.at_level('INFO', logger='api'):
        demo_client.get('/api/v1/halls?limit=5', headers=bearer(token))
    lines = [r.getMessage() for r in caplog.records if r.name == 'api']
    assert lines == ['api client=%d GET /api/v1/halls?limit=5 200' % client.id]
    assert models.AuditLog.select().count() == audited
