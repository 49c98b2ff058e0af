"""The applicant's progress page /p/<receipt code> and the one online rating."""
import datetime
import re
import secrets

import pytest

import models

CSRF_VALUE = re.compile(r'(name="csrf_token" value="|name="csrf-token" content=")[^"]*"')


def english(client):
    client.post('/lang/en', data={'next': '/p/'})


def receipt_for(status, **where):
    """A fresh receipt code for a demo case in the given status."""
    case = (models.Case.select()
            .where(models.Case.status == status, *where.values())
            .order_by(models.Case.id).first())
    assert case is not None, status
    return case, case.issue_receipt()


def neutral(body):
    """The page without its per-request CSRF tokens."""
    return CSRF_VALUE.sub(r'\1"', body)


def test_progress_shows_case_in_plain_words_and_masks_personal_data(demo_client):
    case, code = receipt_for('in_handling')
    english(demo_client)
    response = demo_client.get('/p/' + code)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert case.number in body and case.item_name in body
    assert case.hall.name in body
    applicant = case.applicant
    assert applicant.masked_name in body and applicant.masked_id in body
    assert applicant.name not in body
    assert applicant.id_number not in body
    assert applicant.phone and applicant.phone not in body
    assert applicant.masked_phone in body
    assert 'Accepted for handling' in body and 'Being handled' in body
    assert 'Promised by' in body
    assert response.headers['Cache-Control'] == 'no-store'
    assert response.headers['X-Robots-Tag'] == 'noindex'


def test_staff_notes_never_reach_the_applicant(demo_client):
    case, code = receipt_for('registered',
                             form=models.Case.service_form == 'assisted')
    marker = 'NOTE-%s' % secrets.token_hex(4)
    case.start_handling(note='called %s at 13900009999' % marker)
    case.route_flows()
    body = demo_client.get('/p/' + code).get_data(as_text=True)
    assert marker not in body and '13900009999' not in body
    for flow in case.flows:
        assert flow.department.name in body


def test_queue_position_and_wait_of_the_waiting_ticket(demo_client):
    case, code = receipt_for('registered')
    window = case.window or case.hall.windows.first()
    for _ in range(2):
        models.Ticket.issue(window)
    ticket = models.Ticket.issue(window, case=case)
    english(demo_client)
    body = demo_client.get('/p/' + code).get_data(as_text=True)
    assert ticket.position() == len(list(models.Ticket.queue(window))) - 1
    ahead = ticket.position()
    assert ticket.label in body
    assert '%d people are ahead of you' % ahead in body
    assert 'About %d minutes' % ticket.estimated_wait_minutes() in body
    models.Ticket.update(status='done').where(models.Ticket.id == ticket.id).execute()
    assert ticket.label not in demo_client.get('/p/' + code).get_data(as_text=True)


def test_missing_materials_are_listed_with_where_to_get_them(demo_client):
    case = next(c for c in models.Case.select().where(
        models.Case.status == 'awaiting_materials') if c.missing_materials())
    code = case.issue_receipt()
    english(demo_client)
    body = demo_client.get('/p/' + code).get_data(as_text=True)
    for material in case.missing_materials():
        assert material.name in body
        assert material.source in body
    assert 'Please bring these materials' in body


def test_result_ready_says_where_and_how_to_collect(demo_client):
    case, code = receipt_for('result_ready')
    english(demo_client)
    body = demo_client.get('/p/' + code).get_data(as_text=True)
    assert 'How to collect' in body and 'ID card' in body
    window = case.window or case.hall.window_for(item=case.item, bundle=case.bundle)
    assert window.name in body


def test_mailed_case_shows_courier_and_tracking(demo_client):
    case, code = receipt_for('mailed')
    body = demo_client.get('/p/' + code).get_data(as_text=True)
    assert case.courier in body and case.tracking_number in body
    assert case.delivery_address not in body


def test_refused_case_says_why_and_where_to_go(demo_client):
    case, code = receipt_for('refused')
    body = demo_client.get('/p/' + code).get_data(as_text=True)
    assert case.refusal_reason in body and case.refer_to in body


@pytest.mark.parametrize('kind', ['unknown', 'malformed', 'long', 'slashes',
                                  'revoked', 'appointment-code'])
def test_codes_that_open_nothing_all_get_the_same_page(demo_client, kind):
    case, code = receipt_for('registered')
    reference = demo_client.get('/p/' + models.new_code('R'))
    if kind == 'revoked':
        probe = code
        case.issue_receipt()
    else:
        probe = {
            'unknown': models.new_code('R'),
            'malformed': '<script>x</script>%27',
            'long': 'R' + 'x' * 300,
            'slashes': 'R/../../etc/passwd',
            'appointment-code': models.new_code('Y'),
        }[kind]
    response = demo_client.get('/p/' + probe)
    assert response.status_code == reference.status_code == 404
    assert neutral(response.get_data(as_text=True)) == neutral(
        reference.get_data(as_text=True))
    assert case.number not in response.get_data(as_text=True)


def test_lookup_form_leads_to_the_case(demo_client):
    case, code = receipt_for('registered')
    assert demo_client.get('/p/').status_code == 200
    response = demo_client.get('/p/?code=%s' % code)
    assert response.status_code == 302
    assert response.headers['Location'].endswith('/p/' + code)


@pytest.fixture
def limited_app(make_app, monkeypatch):
    """The demo city with a low public rate limit and a clock that stands still."""
    app = make_app('demo', PUBLIC_RATE_LIMIT=(5, 60))
    moment = datetime.datetime(2026, 11, 20, 10, 0, 30)
    monkeypatch.setattr(models, 'now', lambda: moment)
    yield app


def test_lookups_are_rate_limited_per_client_across_requests(limited_app):
    case, code = receipt_for('registered')
    guesser = limited_app.test_client()
    answers = [guesser.get('/p/' + models.new_code('R')).status_code
               for _ in range(4)]
    answers.append(guesser.get('/p/' + code).status_code)
    assert answers == [404, 404, 404, 404, 200]
    # The sixth lookup of any code, even the right one, is refused.
    refused = guesser.get('/p/' + code)
    assert refused.status_code == 429
    assert case.number not in refused.get_data(as_text=True)
    # Another device is counted on its own.
    other = limited_app.test_client()
    assert other.get('/p/' + code, environ_base={
        'REMOTE_ADDR': '10.1.2.3'}).status_code == 200


def test_delivered_case_is_rated_once(demo_client):
    case, code = receipt_for('delivered')
    english(demo_client)
    page = demo_client.get('/p/' + code).get_data(as_text=True)
    assert 'Very satisfied' in page and 'Very dissatisfied' in page
    first = demo_client.post('/p/' + code, data={'rating': '4',
                                                 'comment': 'quick and kind'})
    assert first.status_code == 303
    assert 'Thank you for your rating' in demo_client.get('/p/' + code).get_data(
        as_text=True)
    second = demo_client.post('/p/' + code, data={'rating': '1'},
                              follow_redirects=True)
    assert 'already been rated' in second.get_data(as_text=True)
    evaluations = list(models.Evaluation.select().where(
        models.Evaluation.case == case))
    assert [(e.rating, e.method, e.comment) for e in evaluations] == [
        (4, 'online', 'quick and kind')]
    assert models.Case.get_by_id(case.id).status == 'evaluated'
    assert 'quick and kind' not in demo_client.get('/p/' + code).get_data(
        as_text=True)


@pytest.mark.parametrize('data', [{}, {'rating': '9'}, {'rating': 'x'},
                                  {'rating': '5', 'comment': 'x' * 501}])
def test_bad_rating_stores_nothing(demo_client, data):
    case, code = receipt_for('delivered')
    events = case.events.count()
    response = demo_client.post('/p/' + code, data=data, follow_redirects=True)
    assert response.status_code == 200
    assert 'flash-error' in response.get_data(as_text=True)
    assert not models.Evaluation.select().where(
        models.Evaluation.case == case).exists()
    assert models.Case.get_by_id(case.id).status == 'delivered'
    assert case.events.count() == events


def test_case_not_yet_delivered_cannot_be_rated(demo_client):
    case, code = receipt_for('in_handling')
    page = demo_client.get('/p/' + code).get_data(as_text=True)
    assert 'name="rating"' not in page
    demo_client.post('/p/' + code, data={'rating': '5'})
    assert not models.Evaluation.select().where(
        models.Evaluation.case == case).exists()
    assert models.Case.get_by_id(case.id).status == 'in_handling'


def test_rating_form_needs_its_csrf_token(make_app):
    app = make_app('demo', WTF_CSRF_ENABLED=True)
    case, code = receipt_for('delivered')
    client = app.test_client()
    page = client.get('/p/' + code).get_data(as_text=True)
    assert 'name="csrf_token"' in page
    assert client.post('/p/' + code, data={'rating': '5'}).status_code == 400
    assert not models.Evaluation.select().where(
        models.Evaluation.case == case).exists()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post('/p/' + code, data={
        'rating': '5', 'csrf_token': token}).status_code == 303
    assert models.Evaluation.select().where(
        models.Evaluation.case == case).count() == 1
