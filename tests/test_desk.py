"""The window desk: who may use which window, every action, double submits."""
import random

import pytest

import models
import seeds
from flows import user, window


def fresh(ticket):
    return models.Ticket.get_by_id(ticket.id)


def act(client, ticket, action, **form):
    """POST one ticket action with the state the page would show."""
    ticket = fresh(ticket)
    data = dict(state='%s:%d' % (ticket.status, ticket.recalls), **form)
    return client.post('/portal/desk/%d/ticket/%d/%s' % (
        ticket.window_id, ticket.id, action), data=data)


def english(client):
    client.post('/lang/en')


# --- Who gets in -------------------------------------------------------------

def test_anonymous_is_sent_to_sign_in(demo_client):
    desk = window(1).id
    for url in ('/portal/desk/', '/portal/desk/%d' % desk,
                '/portal/desk/%d/state.json' % desk):
        response = demo_client.get(url)
        assert response.status_code == 302
        assert '/portal/login' in response.headers['Location']
    ticket = models.Ticket.issue(window(1))
    assert demo_client.post('/portal/desk/%d/call' % desk).status_code == 302
    assert fresh(ticket).status == 'waiting'


@pytest.mark.parametrize('username', ['demo-supervisor', 'demo-helper'])
def test_supervisors_and_helpers_do_not_use_the_desk(auth, demo_client, username):
    auth.login(username)
    desk = window(1).id
    ticket = models.Ticket.issue(window(1))
    assert demo_client.get('/portal/desk/').status_code == 403
    assert demo_client.get('/portal/desk/%d' % desk).status_code == 403
    assert demo_client.post('/portal/desk/%d/call' % desk).status_code == 403
    assert fresh(ticket).status == 'waiting'
    assert '/portal/desk' not in demo_client.get('/portal/').get_data(as_text=True)


def test_an_agent_works_only_at_the_windows_of_their_posts(auth, demo_client):
    auth.login('demo-agent')
    page = demo_client.get('/portal/desk/').get_data(as_text=True)
    assert '/portal/desk/%d"' % window(1).id in page
    assert '/portal/desk/%d"' % window(2).id not in page
    assert demo_client.get('/portal/desk/%d' % window(1).id).status_code == 200
    # Another window of the same hall, and windows of other halls.
    for other in (window(2), window(1, 'QL-SM'), window(1, 'QL-YX-BS')):
        assert demo_client.get('/portal/desk/%d' % other.id).status_code == 404
        assert demo_client.get('/portal/desk/%d/state.json' % other.id).status_code == 404
        assert demo_client.post('/portal/desk/%d/call' % other.id).status_code == 404
    models.Window.update(is_open=False).where(
        models.Window.id == window(1).id).execute()
    assert demo_client.get('/portal/desk/%d' % window(1).id).status_code == 404


def test_an_agent_who_is_b_of_a_post_may_open_its_window(auth, demo_client):
    post = models.Post.get(models.Post.window == window(2))
    me = models.Agent.get(models.Agent.user == user('demo-agent'))
    post.agent_b = me
    post.save()
    auth.login('demo-agent')
    assert demo_client.get('/portal/desk/%d' % window(2).id).status_code == 200


def test_managers_open_any_window_in_their_scope(auth, demo_client):
    auth.login('demo-manager')
    page = demo_client.get('/portal/desk/').get_data(as_text=True)
    assert '/portal/desk/%d"' % window(2).id in page
    assert '/portal/desk/%d"' % window(1, 'QL-YX-BS').id in page  # a town below
    assert demo_client.get('/portal/desk/%d' % window(2).id).status_code == 200
    assert demo_client.get('/portal/desk/%d' % window(1, 'QL-SM').id).status_code == 404
    auth.logout()
    auth.login('demo-city')
    assert demo_client.get('/portal/desk/%d' % window(1, 'QL-SM').id).status_code == 200


def test_a_ticket_of_another_window_is_404(auth, demo_client):
    other = models.Ticket.issue(window(2))
    auth.login('demo-agent')
    response = demo_client.post('/portal/desk/%d/ticket/%d/serve' % (
        window(1).id, other.id), data={'state': 'waiting:0'})
    assert response.status_code == 404
    assert fresh(other).status == 'waiting'


# --- Call, serve, finish -----------------------------------------------------

@pytest.mark.usefixtures('process_zone')  # the server's clock elsewhere
def test_call_serve_finish(auth, demo_client):
    first = models.Ticket.issue(window(1))
    second = models.Ticket.issue(window(1))
    auth.login('demo-agent')
    english(demo_client)
    desk = '/portal/desk/%d' % window(1).id
    page = demo_client.get(desk).get_data(as_text=True)
    assert 'Call next' in page and first.label in page and second.label in page
    response = demo_client.post(desk + '/call', follow_redirects=True)
    assert 'Called %s.' % first.label in response.get_data(as_text=True)
    called = fresh(first)
    assert called.status == 'called' and called.called_by_id == user('demo-agent').id
    assert fresh(second).status == 'waiting'
    assert act(demo_client, first, 'serve').status_code == 302
    assert fresh(first).status == 'serving'
    act(demo_client, first, 'finish')
    assert fresh(first).status == 'done'
    actions = [e.action for e in models.TicketEvent.select()
               .where(models.TicketEvent.ticket == first)
               .order_by(models.TicketEvent.id)]
    assert actions == ['call', 'serve', 'finish']
    page = demo_client.get(desk).get_data(as_text=True)
    assert 'Call next' in page


def test_a_second_call_next_does_not_skip_a_ticket(auth, demo_client):
    first = models.Ticket.issue(window(1))
    second = models.Ticket.issue(window(1))
    auth.login('demo-agent')
    english(demo_client)
    desk = '/portal/desk/%d' % window(1).id
    demo_client.post(desk + '/call')
    response = demo_client.post(desk + '/call', follow_redirects=True)
    assert 'Nothing was called' in response.get_data(as_text=True)
    assert fresh(first).status == 'called'
    assert fresh(second).status == 'waiting'


def test_the_model_refuses_a_call_while_the_callers_ticket_is_open(demo_app):
    """The rule is the ticket's, whoever calls: the desk only shows it."""
    first = models.Ticket.issue(window(1))
    second = models.Ticket.issue(window(1))
    agent, colleague = user('demo-agent'), user('demo-manager')
    assert models.Ticket.call_next(window(1), agent).id == first.id
    with pytest.raises(models.DomainError) as refused:
        models.Ticket.call_next(window(1), agent)
    assert first.label in str(refused.value)
    assert fresh(second).status == 'waiting'
    # Someone else at the same window may call; once the first ticket is
    # finished its caller may call again.
    assert models.Ticket.call_next(window(1), colleague).id == second.id
    fresh(first).serve(agent)
    fresh(first).finish(agent)
    third = models.Ticket.issue(window(1))
    assert models.Ticket.call_next(window(1), agent).id == third.id


def test_calling_an_empty_queue_says_so(auth, demo_client):
    auth.login('demo-agent')
    english(demo_client)
    response = demo_client.post('/portal/desk/%d/call' % window(1).id,
                                follow_redirects=True)
    assert 'Nobody is waiting' in response.get_data(as_text=True)


def test_a_double_recall_counts_once(auth, demo_client):
    ticket = models.Ticket.issue(window(1))
    auth.login('demo-agent')
    english(demo_client)
    demo_client.post('/portal/desk/%d/call' % window(1).id)
    state = {'state': 'called:0'}
    url = '/portal/desk/%d/ticket/%d/recall' % (window(1).id, ticket.id)
    demo_client.post(url, data=state)
    response = demo_client.post(url, data=state, follow_redirects=True)
    assert 'changed meanwhile' in response.get_data(as_text=True)
    assert fresh(ticket).recalls == 1


def test_no_show_only_after_the_recalls(auth, demo_client):
    ticket = models.Ticket.issue(window(1))
    auth.login('demo-agent')
    english(demo_client)
    demo_client.post('/portal/desk/%d/call' % window(1).id)
    response = act(demo_client, ticket, 'no_show')
    page = demo_client.get(response.headers['Location']).get_data(as_text=True)
    assert 'Recall %d times' % models.Ticket.MAX_RECALLS in page
    assert fresh(ticket).status == 'called'
    for _ in range(models.Ticket.MAX_RECALLS):
        act(demo_client, ticket, 'recall')
    act(demo_client, ticket, 'no_show')
    assert fresh(ticket).status == 'no_show'


def test_transfer_needs_a_reason_and_a_window_of_this_hall(auth, demo_client):
    ticket = models.Ticket.issue(window(1))
    auth.login('demo-agent')
    english(demo_client)
    demo_client.post('/portal/desk/%d/call' % window(1).id)
    response = act(demo_client, ticket, 'transfer', to=window(2).id, reason=' ')
    page = demo_client.get(response.headers['Location']).get_data(as_text=True)
    assert 'Give the reason' in page
    act(demo_client, ticket, 'transfer', to=window(1, 'QL-SM').id, reason='x')
    assert fresh(ticket).status == 'called'
    assert models.Ticket.select().count() == 1
    act(demo_client, ticket, 'transfer', to=window(2).id,
        reason='企业开办事项')
    assert fresh(ticket).status == 'transferred'
    new = models.Ticket.get(models.Ticket.window == window(2))
    assert new.status == 'waiting' and new.prefix == window(2).prefix
    event = models.TicketEvent.get(models.TicketEvent.ticket == ticket,
                                   models.TicketEvent.action == 'transfer')
    assert event.note == '企业开办事项'


def test_queue_shows_item_form_and_green_channel_first(auth, demo_client):
    applicant = models.Applicant.find_or_create(
        **seeds.fictional_person(random.Random(9)))
    item = models.Item.select().where(models.Item.offers_proxy == True).first()  # noqa: E712
    hall = window(1).hall
    plain = models.Ticket.issue(window(1))
    case, _ = models.Case.open(hall, applicant, 'proxy', 'kiosk', item=item,
                               green_reason='elderly')
    green = models.Ticket.issue(window(1), case=case,
                                priority=models.PRIORITY_GREEN)
    auth.login('demo-agent')
    english(demo_client)
    data = demo_client.get('/portal/desk/%d/state.json' % window(1).id).get_json()
    assert [t['label'] for t in data['queue']] == [green.label, plain.label]
    first = data['queue'][0]
    assert first['green'] is True and first['item'] == case.item_name
    assert first['service_form'] == 'Proxy handling'
    assert data['queue'][1]['green'] is False and data['queue'][1]['item'] == ''
    page = demo_client.get('/portal/desk/%d' % window(1).id).get_data(as_text=True)
    assert 'Green channel' in page and case.item_name in page
    # Serving it links to its case page.
    demo_client.post('/portal/desk/%d/call' % window(1).id)
    act(demo_client, green, 'serve')
    page = demo_client.get('/portal/desk/%d' % window(1).id).get_data(as_text=True)
    assert 'href="/portal/cases/%d"' % case.id in page


def test_the_desk_page_sends_csrf_tokens(auth, demo_client):
    models.Ticket.issue(window(1))
    auth.login('demo-agent')
    demo_client.post('/portal/desk/%d/call' % window(1).id)
    page = demo_client.get('/portal/desk/%d' % window(1).id).get_data(as_text=True)
    assert page.count('method="post"') == page.count('name="csrf_token"')


# --- AB posts ----------------------------------------------------------------

def test_marking_myself_away_hands_the_post_to_b_and_is_audited(auth, demo_client):
    post = models.Post.get(models.Post.window == window(1))
    auth.login('demo-agent')
    data = {'post': post.id, 'away': '1'}
    demo_client.post('/portal/desk/away', data=data)
    demo_client.post('/portal/desk/away', data=data)  # a double click
    post = models.Post.get_by_id(post.id)
    assert post.a_away is True and post.on_duty().id == post.agent_b_id
    demo_client.post('/portal/desk/away', data={'post': post.id, 'away': '0'})
    assert models.Post.get_by_id(post.id).a_away is False
    log = list(models.AuditLog.select()
               .where(models.AuditLog.model == 'Post')
               .order_by(models.AuditLog.id))
    assert [(r.action, r.record_id, r.user_id) for r in log] == [
        ('away', str(post.id), user('demo-agent').id),
        ('back', str(post.id), user('demo-agent').id)]
    assert '"a_away": true' in log[0].after


def test_nobody_marks_away_a_post_that_is_not_theirs(auth, demo_client):
    post = models.Post.get(models.Post.window == window(2))
    auth.login('demo-agent')
    response = demo_client.post('/portal/desk/away',
                                data={'post': post.id, 'away': '1'})
    assert response.status_code == 404
    assert models.Post.get_by_id(post.id).a_away is False
    auth.logout()
    auth.login('demo-manager')  # not A or B of any post
    response = demo_client.post('/portal/desk/away',
                                data={'post': post.id, 'away': '1'})
    assert response.status_code == 404


def test_only_a_or_b_can_be_marked_away(demo_app):
    post = models.Post.get(models.Post.window == window(2))
    stranger = models.Agent.get(models.Agent.user == user('demo-agent'))
    with pytest.raises(models.DomainError):
        post.set_away(stranger, True)
    assert models.Post.get_by_id(post.id).a_away is False
    assert not models.AuditLog.select().where(
        models.AuditLog.model == 'Post').exists()
