"""The portal's side of notifications: a client's webhook (its signing key
shown once), the delivery log with re-sending, only for who may see the
client; the city's SMS texts, refused when a placeholder does not fit."""
import re

import models
import outbox
from seeds import factories
from support import statements


def user(username):
    return models.User.get(models.User.username == username)


def client_of(username, hall_code):
    account = user(username)
    client, _token = models.ApiClient.issue(
        account, '<b>平台</b>', [factories.hall(hall_code).id])
    return client


def test_the_signing_key_is_shown_once_and_never_again(demo_app, demo_client, auth):
    client = client_of('demo-manager', 'QL-YX')
    auth.login('demo-manager')
    form = demo_client.get('/portal/api-clients/webhook/?id=%d' % client.id)
    assert form.status_code == 200
    shown = demo_client.post('/portal/api-clients/webhook/', data={
        'id': client.id, 'webhook_url': 'https://localhost/in'})
    assert shown.status_code == 200
    assert shown.headers['Cache-Control'] == 'no-store'
    secret = re.search(r'<code id="secret">([^<]+)</code>',
                       shown.get_data(as_text=True)).group(1)
    assert models.ApiClient.get_by_id(client.id).webhook_secret == secret
    for address in ('/portal/api-clients/', '/portal/api-clients/webhook/?id=%d'
                    % client.id, '/portal/api-clients/deliveries/?id=%d'
                    % client.id, '/portal/audit/'):
        page = demo_client.get(address)
        assert page.status_code == 200, address
        assert secret not in page.get_data(as_text=True), address
    listing = demo_client.get('/portal/api-clients/').get_data(as_text=True)
    assert 'https://localhost/in' in listing
    assert '<b>平台</b>' not in listing
    # Saving the address again keeps the key and shows nothing.
    again = demo_client.post('/portal/api-clients/webhook/', data={
        'id': client.id, 'webhook_url': 'https://localhost/v2'})
    assert again.status_code == 302
    assert models.ApiClient.get_by_id(client.id).webhook_secret == secret


def test_a_bad_address_is_refused_with_a_message_and_changes_nothing(
        demo_app, demo_client, auth):
    client = client_of('demo-manager', 'QL-YX')
    auth.login('demo-manager')
    demo_client.post('/lang/en')
    page = demo_client.post('/portal/api-clients/webhook/', data={
        'id': client.id, 'webhook_url': 'javascript:alert(1)//"><script>'})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'Give the webhook address as' in text
    assert '"><script>' not in text
    assert models.ApiClient.get_by_id(client.id).webhook_url == ''


def test_another_halls_client_is_not_found(demo_app, demo_client, auth):
    other = client_of('demo-city', 'QL-SM')
    other.set_webhook(user('demo-city'), 'https://localhost/sm')
    factories.open_case(hall_code='QL-SM', item_code='RSJ-001', seed=9)
    message = models.OutboxMessage.get(models.OutboxMessage.client == other.id)
    auth.login('demo-manager')
    assert demo_client.get('/portal/api-clients/webhook/?id=%d'
                           % other.id).status_code == 404
    assert demo_client.get('/portal/api-clients/deliveries/?id=%d'
                           % other.id).status_code == 404
    assert demo_client.post('/portal/api-clients/webhook/', data={
        'id': other.id, 'webhook_url': 'https://evil.example/'}).status_code == 404
    assert demo_client.post('/portal/api-clients/resend/', data={
        'id': other.id, 'message': message.id}).status_code == 404
    # A message of another client, asked for through one's own client.
    own = client_of('demo-manager', 'QL-YX')
    assert demo_client.post('/portal/api-clients/resend/', data={
        'id': own.id, 'message': message.id}).status_code == 404
    assert models.ApiClient.get_by_id(other.id).webhook_url == 'https://localhost/sm'
    auth.logout()
    auth.login('demo-supervisor')
    assert demo_client.get('/portal/api-clients/deliveries/?id=%d'
                           % other.id).status_code == 403


def test_the_delivery_log_costs_the_same_queries_at_two_sizes(
        demo_app, demo_client, auth):
    client = client_of('demo-manager', 'QL-YX')
    client.set_webhook(user('demo-manager'), 'http://127.0.0.1:9/nothing')
    auth.login('demo-manager')
    counts = []
    for size, seed in ((1, 200), (9, 300)):
        for n in range(size):
            factories.open_case(seed=seed + n)
        with statements(demo_app.extensions['database']) as run:
            page = demo_client.get('/portal/api-clients/deliveries/?id=%d'
                                   % client.id)
        assert page.status_code == 200
        counts.append(len(run))
    assert counts[0] == counts[1]
    rows = re.findall(r'<tr data-status="(\w+)"', page.get_data(as_text=True))
    assert len(rows) == min(50, models.OutboxMessage.select().where(
        models.OutboxMessage.client == client.id).count())


def test_a_given_up_delivery_is_sent_again_from_the_log(
        demo_app, demo_client, auth):
    client = client_of('demo-manager', 'QL-YX')
    client.set_webhook(user('demo-manager'), 'http://127.0.0.1:9/nothing')
    factories.open_case(seed=400)
    with demo_app.app_context():
        demo_app.config['OUTBOX_MAX_ATTEMPTS'] = 1
        outbox.deliver_due()
    message = models.OutboxMessage.get(models.OutboxMessage.client == client.id)
    assert message.status == 'failed'
    auth.login('demo-manager')
    demo_client.post('/lang/en')
    log = demo_client.get('/portal/api-clients/deliveries/?id=%d' % client.id)
    text = log.get_data(as_text=True)
    assert 'Given up' in text and message.key in text and 'Send again' in text
    done = demo_client.post('/portal/api-clients/resend/', data={
        'id': client.id, 'message': message.id}, follow_redirects=True)
    assert 'will be posted again' in done.get_data(as_text=True)
    assert models.OutboxMessage.get_by_id(message.id).status == 'pending'
    twice = demo_client.post('/portal/api-clients/resend/', data={
        'id': client.id, 'message': message.id}, follow_redirects=True)
    assert 'still waiting to be sent' in twice.get_data(as_text=True)


def test_the_city_edits_its_texts_and_a_bad_one_is_refused(
        demo_app, demo_client, auth):
    auth.login('demo-city')
    page = demo_client.get('/portal/sms-texts/')
    assert page.status_code == 200 and '{ticket}' in page.get_data(as_text=True)
    saved = demo_client.post('/portal/sms-texts/', data={
        'ticket_called': '{hall}：{ticket}号请到{window}'}, follow_redirects=True)
    assert saved.status_code == 200
    city = user('demo-city').city_id
    assert models.CitySettings.of(city).sms_texts() == {
        'ticket_called': '{hall}：{ticket}号请到{window}'}
    demo_client.post('/lang/en')
    refused = demo_client.post('/portal/sms-texts/', data={
        'ticket_called': '{ticket}', 'result_ready': '<i>{ticket.__class__}</i>'})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert 'which it does not have' in text and '<i>' not in text
    assert models.CitySettings.of(city).sms_texts() == {
        'ticket_called': '{hall}：{ticket}号请到{window}'}


def test_only_the_city_saves_texts_and_managers_read_their_halls_sms(
        demo_app, demo_client, auth):
    auth.login('demo-manager')
    assert demo_client.get('/portal/sms-texts/').status_code == 200
    assert demo_client.post('/portal/sms-texts/', data={
        'ticket_called': '{ticket}'}).status_code == 403
    case = factories.open_case(hall_code='QL-SM', seed=500)
    case.register(agent=case.hall.agents.first())
    case = models.Case.get_by_id(case.id)
    case.commission()
    case.start_handling()
    case.mark_ready()
    page = demo_client.get('/portal/sms-texts/').get_data(as_text=True)
    assert case.number not in page  # the other county's SMS
    auth.logout()
    auth.login('demo-city')
    page = demo_client.get('/portal/sms-texts/').get_data(as_text=True)
    assert case.number in page and '139****1234' in page
    assert '13900001234' not in page
    auth.logout()
    auth.login('demo-helper')
    assert demo_client.get('/portal/sms-texts/').status_code in (302, 403)


def test_the_sms_list_costs_the_same_queries_at_two_sizes(
        demo_app, demo_client, auth):
    auth.login('demo-city')
    counts = []
    for size, seed in ((1, 600), (6, 700)):
        for n in range(size):
            case = factories.registered_case(seed=seed + n)
            case.commission()
            case.start_handling()
            case.mark_ready()
        with statements(demo_app.extensions['database']) as run:
            page = demo_client.get('/portal/sms-texts/')
        assert page.status_code == 200
        counts.append(len(run))
    assert counts[0] == counts[1]
    assert case.number in page.get_data(as_text=True)
