"""History written in bulk reaches the integrations too: an AB post's
hand-over, due dates counted again after a calendar change, the day close
of tickets and a request's steps copied into its case each queue one
webhook post per event and client (CaseEvent.record_many,
TicketEvent.record_many), in the same transaction, in a constant number of
statements however many events; nothing for another hall's client or for
an imported case."""
import datetime
import json

import pytest

import models
from flows import user, window
from seeds import factories
from support import statements
from outboxes import Receiver, hooked_client, messages

import outbox


@pytest.fixture
def hooked(demo_app):
    """A client of the demo hall with a webhook, and another hall's."""
    receiver = Receiver()
    client, _secret = hooked_client(receiver.url)
    city = user('demo-city')
    elsewhere, _token = models.ApiClient.issue(city, '另一平台',
                                               [factories.hall('QL').id])
    elsewhere.set_webhook(city, receiver.url)
    yield client, elsewhere, receiver
    receiver.close()


def posts(client, event):
    return [m for m in messages(client=client.id, channel='webhook')
            if m.kind == event]


def outbox_inserts(run):
    return [sql for sql, _params in run
            if sql.lstrip().upper().startswith('INSERT')
            and 'outbox_message' in sql]


def test_an_ab_hand_over_posts_each_case_event(hooked):
    client, elsewhere, _receiver = hooked
    post = models.Post.get(models.Post.window == window(1))
    a = post.agent_a

    def measure(count, seed):
        models.Case.update(agent=post.agent_b).where(
            models.Case.agent == a).execute()
        for n in range(count):
            factories.registered_case(agent=a, seed=seed + n)
        before = len(posts(client, 'case.cover'))
        with statements(models.db.obj) as run:
            handed = post.set_away(a, True, user('demo-agent')).handed
        post.set_away(a, False)
        found = posts(client, 'case.cover')[before:]
        assert sorted(m.case_id for m in found) == sorted(handed)
        assert len(handed) == count
        return len(run), len(outbox_inserts(run))

    small, large = measure(1, 700), measure(60, 800)
    assert small == large and small[1] == 1
    events = {e.id: e for e in models.CaseEvent.select().where(
        models.CaseEvent.action == 'cover')}
    for message in posts(client, 'case.cover'):
        body = message.values
        event = events[int(body['id'].split(':')[1])]
        assert message.key == '%s:%d' % (body['id'], client.id)
        assert body['case']['number'] == models.Case.get_by_id(event.case_id).number
        assert message.stream == 'webhook:%d:case:%d' % (client.id, event.case_id)
    assert not posts(elsewhere, 'case.cover')


def test_due_dates_counted_again_post_each_move(hooked):
    client, elsewhere, _receiver = hooked
    hall = factories.hall('QL-YX')

    def measure(count, seed):
        cases = [factories.registered_case(seed=seed + n) for n in range(count)]
        for case in cases:  # a due date the calendar no longer gives
            models.Case.update(due_date=datetime.date(2020, 1, 1)).where(
                models.Case.id == case.id).execute()
        before = len(posts(client, 'case.due_date'))
        with statements(models.db.obj) as run:
            moved = models.Case.reckon_due_dates(models.Hall.city_of(hall.id))
        found = posts(client, 'case.due_date')[before:]
        assert moved == count == len(found)
        assert {m.case_id for m in found} == {c.id for c in cases}
        for message in found:
            event = models.CaseEvent.get_by_id(int(message.values['id'].split(':')[1]))
            assert event.facts['from'] == '2020-01-01'
        return len(outbox_inserts(run))

    assert measure(2, 300) == measure(40, 400) == 1
    assert not posts(elsewhere, 'case.due_date')


def test_the_day_close_posts_each_closed_ticket(hooked, clock):
    client, elsewhere, _receiver = hooked
    hall = factories.hall('QL-YX')
    counter = window(1)

    def measure(count, day):
        clock.set('%sT09:00:00+08:00' % day.isoformat())
        tickets = [models.Ticket.issue(counter) for _ in range(count)]
        before = len(posts(client, 'ticket.day_close'))
        with statements(models.db.obj) as run:
            closed = models.Ticket.close_day(hall, day)
        found = posts(client, 'ticket.day_close')[before:]
        assert closed == count == len(found)
        assert [m.ticket_id for m in found] == sorted(t.id for t in tickets)
        assert {m.values['ticket']['status'] for m in found} == {'closed'}
        return len(run), len(outbox_inserts(run))

    small = measure(2, datetime.date(2026, 12, 8))
    large = measure(50, datetime.date(2026, 12, 9))
    assert small == large and small[1] == 1
    assert not posts(elsewhere, 'ticket.day_close')
    # The day closed already: nothing more.
    assert models.Ticket.close_day(hall, datetime.date(2026, 12, 9)) == 0


def test_a_requests_steps_copied_into_its_case_are_posted(hooked):
    client, _elsewhere, _receiver = hooked
    hall = factories.hall('QL-YX')
    agent = user('demo-agent')
    found, _code = models.ServiceRequest.receive(
        hall, 'hotline', '测试甲', 'resident_id', '150402199001011237',
        '13900005001', matter='咨询')
    found.accept(agent)
    found.record_call(agent, models.now(), 'reached')
    case, _code = found.convert_to_case(agent, 'assisted')
    events = list(models.CaseEvent.select().where(models.CaseEvent.case == case.id)
                  .order_by(models.CaseEvent.id))
    assert {e.action for e in events} >= {'open', 'request', 'request_accept',
                                          'request_call'}
    sent = [m for m in messages(client=client.id) if m.case_id == case.id]
    assert sorted(m.values['id'] for m in sent) == sorted(
        'case-event:%d' % e.id for e in events)
    assert {m.kind for m in sent} == {'case.%s' % e.action for e in events}


def test_the_posts_roll_back_with_their_events(hooked):
    client, _elsewhere, _receiver = hooked
    post = models.Post.get(models.Post.window == window(1))
    a = post.agent_a
    factories.registered_case(agent=a, seed=990)
    before = models.OutboxMessage.select().count(), models.CaseEvent.select().count()
    with pytest.raises(RuntimeError):
        with models.db.atomic():
            assert post.set_away(a, True).handed
            raise RuntimeError('the caller fails after the hand-over')
    assert (models.OutboxMessage.select().count(),
            models.CaseEvent.select().count()) == before


def test_imported_cases_post_nothing_in_bulk(hooked):
    client, _elsewhere, _receiver = hooked
    case = factories.registered_case(seed=991)
    models.Case.update(is_imported=True).where(models.Case.id == case.id).execute()
    written = models.CaseEvent.record_many([dict(
        case=case.id, action='due_date', from_status=case.status,
        to_status=case.status, at=models.now())])
    assert len(written) == 1 and written[0].id
    assert not [m for m in messages(client=client.id) if m.case_id == case.id
                and m.kind == 'case.due_date']


def test_the_receiver_gets_bulk_events_signed_once(demo_app, hooked, clock):
    _client, _elsewhere, receiver = hooked
    hall = factories.hall('QL-YX')
    clock.set('2026-12-08T09:00:00+08:00')
    tickets = [models.Ticket.issue(window(1)) for _ in range(3)]
    models.Ticket.close_day(hall, datetime.date(2026, 12, 8))
    with demo_app.app_context():
        outbox.deliver_due()
    closed = [body for body in receiver.once() if body['event'] == 'ticket.day_close']
    assert [body['ticket']['label'] for body in closed] == [t.label for t in tickets]
    for key, body, headers in receiver.posts:
        if json.loads(body)['event'] == 'ticket.day_close':
            assert headers['X-Bangban-Signature'].startswith('sha256=')
