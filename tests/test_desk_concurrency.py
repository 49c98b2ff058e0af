"""Agents calling at the same moment never get the same ticket (real threads)."""
import models
from flows import user, window
from race import at_once

THREADS = 8


def test_concurrent_call_next_hands_out_each_ticket_once(demo_app):
    desk = window(1)
    # Each caller closes their ticket before the next call (Ticket.call_next),
    # so every thread is another agent at the window.
    agents = [models.User.create(username='desk-agent-%d' % n,
                                 name='窗口代办员%d' % n, role='agent',
                                 hall=desk.hall_id, password_hash='-')
              for n in range(THREADS * 2)]
    tickets = [models.Ticket.issue(desk) for _ in range(THREADS * 2 - 3)]
    claimed = []
    for turn in range(2):  # the second round runs out of tickets on the way
        callers = agents[turn * THREADS:(turn + 1) * THREADS]
        results = at_once(
            lambda i: models.Ticket.call_next(desk, callers[i]), THREADS)
        got = [t.id for t in results if t is not None]
        assert len(got) == len(set(got)), 'a ticket was handed out twice'
        assert got, 'nobody got a ticket'
        claimed.extend(got)
    assert len(claimed) == len(set(claimed))
    assert set(claimed) <= {t.id for t in tickets}
    called = (models.Ticket.select()
              .where(models.Ticket.status == 'called'))
    assert sorted(t.id for t in called) == sorted(claimed)
    events = (models.TicketEvent.select()
              .where(models.TicketEvent.action == 'call'))
    assert sorted(e.ticket_id for e in events) == sorted(claimed)


def logged_in(demo_app, username):
    client = demo_app.test_client()
    client.post('/portal/login', data={'username': username,
                                       'password': 'bangban-demo'})
    return client


def test_two_people_at_one_desk_get_different_tickets(demo_app):
    first = models.Ticket.issue(window(1))
    second = models.Ticket.issue(window(1))
    clients = [logged_in(demo_app, 'demo-agent'),
               logged_in(demo_app, 'demo-manager')]
    url = '/portal/desk/%d/call' % window(1).id
    statuses = at_once(lambda i: clients[i].post(url).status_code, 2)
    assert statuses == [302, 302]
    tickets = [models.Ticket.get_by_id(t.id) for t in (first, second)]
    assert {t.status for t in tickets} == {'called'}
    assert {t.called_by_id for t in tickets} == {
        user('demo-agent').id, user('demo-manager').id}


def test_a_double_submit_racing_itself_calls_one_ticket(demo_app):
    tickets = [models.Ticket.issue(window(1)) for _ in range(3)]
    clients = [logged_in(demo_app, 'demo-agent') for _ in range(THREADS)]
    url = '/portal/desk/%d/call' % window(1).id
    at_once(lambda i: clients[i].post(url).status_code, THREADS)
    statuses = [models.Ticket.get_by_id(t.id).status for t in tickets]
    assert statuses == ['called', 'waiting', 'waiting']
