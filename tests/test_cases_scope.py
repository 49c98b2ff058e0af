"""Who may see and act on cases: another hall's ids are 404 on every case URL."""
import pytest

import models
from portal.cases.actions import ACTIONS
from portal.cases.paper_forms import FORMS

from seeds.factories import open_case, registered_case


def sign_in(auth, username):
    auth.logout()
    return auth.login(username)


def case_urls(case):
    """Every GET address that shows something of one case."""
    urls = ['/portal/cases/%d' % case.id,
            '/portal/applicants/%d' % case.applicant_id]
    urls += ['/portal/cases/%d/forms/%s' % (case.id, kind) for kind in FORMS]
    for event_id in [s.suspended.id for s in case.suspensions()] or [0]:
        urls += ['/portal/cases/%d/forms/suspension/%d' % (case.id, event_id),
                 '/portal/cases/%d/forms/renewal/%d' % (case.id, event_id)]
    return urls


@pytest.fixture
def elsewhere(demo_app):
    """A case of the other county (石门县), registered, commissioned, with a
    handover, suspended once and resumed, then suspended again."""
    case = registered_case(hall_code='QL-SM', seed=99)
    case.commission()
    models.Handover.record(case, 'applicant', 'window', 'a', 'b',
                           [('居民身份证', 1, 'original')])
    case.suspend(None, 'inspection', '等待现场踏勘')
    case.resume(renewed_mandate=True)
    case.suspend(None, 'document')
    return models.Case.get_by_id(case.id)


@pytest.mark.parametrize('username', ['demo-agent', 'demo-manager'])
def test_another_halls_case_is_not_found_anywhere(demo_client, auth, elsewhere, username):
    sign_in(auth, username)
    for url in case_urls(elsewhere):
        assert demo_client.get(url).status_code == 404, url
    before = elsewhere.events.count()
    for action in ACTIONS:
        response = demo_client.post('/portal/cases/%d/do/%s' % (elsewhere.id, action),
                                    data={'reason': 'x', 'flow': '1', 'day': '2026-01-05'})
        assert response.status_code == 404, action
    assert models.Case.get_by_id(elsewhere.id).events.count() == before
    page = demo_client.get('/portal/cases/?q=%s' % elsewhere.number)
    assert 'href="/portal/cases/%d"' % elsewhere.id not in page.get_data(as_text=True)
    page = demo_client.get('/portal/applicants/?q=%s' % elsewhere.applicant.id_number)
    assert 'href="/portal/applicants/%d"' % elsewhere.applicant_id not in \
        page.get_data(as_text=True)
    assert demo_client.get('/portal/cases/ledger?hall=%d' % elsewhere.hall_id).status_code == 404


def test_city_admin_and_supervisor_see_every_hall(demo_client, auth, elsewhere):
    for username in ('demo-city', 'demo-supervisor'):
        sign_in(auth, username)
        for url in case_urls(elsewhere)[:2] + [
                u for u in case_urls(elsewhere) if '/suspension/' in u
                or '/renewal/' in u]:
            assert demo_client.get(url).status_code == 200, (username, url)


def test_supervisors_read_but_do_not_act(demo_client, auth, elsewhere):
    sign_in(auth, 'demo-supervisor')
    page = demo_client.get('/portal/cases/%d' % elsewhere.id).get_data(as_text=True)
    assert 'action-form' not in page
    before = elsewhere.events.count()
    for action in ACTIONS:
        response = demo_client.post('/portal/cases/%d/do/%s' % (elsewhere.id, action))
        assert response.status_code == 403, action
    assert demo_client.get('/portal/cases/new').status_code == 403
    assert models.Case.get_by_id(elsewhere.id).events.count() == before


def test_helpers_have_no_case_pages(demo_client, auth):
    case = open_case()
    sign_in(auth, 'demo-helper')
    for url in case_urls(case) + ['/portal/cases/', '/portal/cases/overdue',
                                  '/portal/cases/ledger', '/portal/applicants/',
                                  '/portal/cases/follow-ups', '/portal/cases/new']:
        assert demo_client.get(url).status_code == 403, url
    assert demo_client.post('/portal/cases/%d/do/register' % case.id).status_code == 403


def test_anonymous_users_are_sent_to_sign_in(demo_client):
    case = open_case()
    for url in case_urls(case) + ['/portal/cases/', '/portal/cases/ledger']:
        response = demo_client.get(url)
        assert response.status_code == 302 and '/portal/login' in response.location
    response = demo_client.post('/portal/cases/%d/do/register' % case.id)
    assert response.status_code == 302
    assert models.Case.get_by_id(case.id).status == 'consultation'


def test_agents_act_in_their_hall(demo_client, auth):
    case = open_case()
    sign_in(auth, 'demo-agent')
    page = demo_client.get('/portal/cases/%d' % case.id).get_data(as_text=True)
    assert 'data-action="register"' in page and 'name="csrf_token"' in page
    demo_client.post('/portal/cases/%d/do/register' % case.id)
    assert models.Case.get_by_id(case.id).status == 'registered'


def test_unknown_action_and_case_are_not_found(demo_client, auth):
    case = open_case()
    sign_in(auth, 'demo-agent')
    assert demo_client.post('/portal/cases/%d/do/delete' % case.id).status_code == 404
    assert demo_client.get('/portal/cases/999999').status_code == 404
    assert demo_client.get('/portal/cases/%d/forms/nope' % case.id).status_code == 404
    # A form that does not apply to the case yet is not offered either.
    assert demo_client.get('/portal/cases/%d/forms/termination' % case.id).status_code == 404


def test_applicant_file_lists_only_cases_in_scope(demo_client, auth, elsewhere):
    here = open_case(seed=99)  # the same person, also at 云溪县
    assert here.applicant_id == elsewhere.applicant_id
    sign_in(auth, 'demo-agent')
    page = demo_client.get('/portal/applicants/%d' % here.applicant_id).get_data(as_text=True)
    assert here.number in page and elsewhere.number not in page
    page = demo_client.get('/portal/applicants/?q=%s' % here.applicant.id_number)
    assert 'href="/portal/applicants/%d"' % here.applicant_id in page.get_data(as_text=True)
    sign_in(auth, 'demo-city')
    page = demo_client.get('/portal/applicants/%d' % here.applicant_id).get_data(as_text=True)
    assert here.number in page and elsewhere.number in page
