"""What every face shares: rate limits, headers, error pages."""
import pytest


@pytest.fixture
def limited(make_app):
    def build(**config):
        return make_app('empty', PUBLIC_RATE_LIMIT=(3, 3600),
                        **config).test_client()
    return build


def _statuses(client, n, forwarded_for=None):
    headers = {'X-Forwarded-For': forwarded_for} if forwarded_for else {}
    return [client.get('/p/Rnothing-here-%d' % i, headers=headers).status_code
            for i in range(n)]


def test_forged_forwarded_for_does_not_escape_the_limit(limited):
    client = limited()
    statuses = [client.get('/p/Rx%d' % i, headers={
        'X-Forwarded-For': '10.9.9.%d' % i}).status_code for i in range(5)]
    assert statuses == [404, 404, 404, 429, 429]


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(limited):
    client = limited(TRUSTED_PROXIES=1)
    assert _statuses(client, 4, '203.0.113.7') == [404, 404, 404, 429]
    assert _statuses(client, 1, '203.0.113.8') == [404]


def test_pages_load_nothing_from_outside(client):
    policy = client.get('/portal/login').headers['Content-Security-Policy']
    assert "default-src 'self'" in policy
    assert 'http' not in policy


def test_unknown_address_gets_the_not_found_page(client):
    response = client.get('/no/such/page')
    assert response.status_code == 404
    assert '未找到' in response.get_data(as_text=True)
