"""The contract of the API: its OpenAPI document validates, and Schemathesis,
generating requests from that document against the demo city with a valid
token, finds no server error and no response that breaks the document."""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate

import models


@pytest.fixture
def api_token(demo_app, monkeypatch):
    """A client of the demo city's halls, allowed personal data, whose
    requests are not rate limited in this test."""
    monkeypatch.setitem(demo_app.config, 'API_RATE_LIMIT', (100000, 60))
    city = models.User.get(models.User.username == 'demo-city')
    _client, token = models.ApiClient.issue(
        city, '契约测试', models.ApiClient.issuable_halls(city), personal_data=True)
    return token


def test_the_document_validates(demo_client):
    document = demo_client.get('/api/openapi.json').get_json()
    validate(document)
    paths = document['paths']
    assert '/api/v1/cases/{case_id}' in paths and '/api/v1/halls' in paths
    problem = document['components']['responses']['NOT_FOUND']['content']
    assert list(problem) == ['application/problem+json']


def test_the_api_keeps_its_contract(demo_app, api_token):
    schema = schemathesis.openapi.from_wsgi('/api/openapi.json', demo_app)
    headers = {'Authorization': 'Bearer ' + api_token}
    operations = [found.ok() for found in schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=25, derandomize=True, deadline=None,
                  database=None, suppress_health_check=list(HealthCheck))
        def keeps_contract(case):
            case.call_and_validate(headers=headers)
        keeps_contract()
