"""The hall's call screen: public, per hall, from the database, cheap to poll."""
import datetime
import random

import pytest

import models
import seeds
from kiosk import display
from support import statements


def hall(code='QL-YX'):
    return models.Hall.get(models.Hall.code == code)


def window(number, code='QL-YX'):
    return models.Window.get(models.Window.hall == hall(code),
                             models.Window.number == number)


def agent_user():
    return models.User.get(models.User.username == 'demo-agent')


def test_unknown_hall_is_404(demo_client):
    assert demo_client.get('/display/NOPE').status_code == 404
    assert demo_client.get('/display/NOPE/calls.json').status_code == 404


def test_screen_is_public_and_lists_open_windows(demo_client):
    models.Window.update(is_open=False).where(
        models.Window.id == window(3).id).execute()
    response = demo_client.get('/display/QL-YX')
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert hall().name in html
    assert '/static/audio/chime.wav' in html and '/static/js/display.js' in html
    data = demo_client.get('/display/QL-YX/calls.json').get_json()
    numbers = [w['number'] for w in data['windows']]
    assert numbers == sorted(numbers) and 1 in numbers and 3 not in numbers
    assert data['calls'] == []


def test_a_call_shows_with_its_window_and_sentence(demo_client):
    first = models.Ticket.issue(window(1))
    models.Ticket.issue(window(1))
    models.Ticket.issue(window(2))
    called = models.Ticket.call_next(window(1), agent_user())
    assert called.id == first.id
    data = demo_client.get('/display/QL-YX/calls.json').get_json()
    call = data['calls'][0]
    assert (call['ticket'], call['window']) == (first.label, 1)
    assert call['speech'] == '请%s号到1号窗口办理' % first.label
    assert call['recall'] is False and call['fresh'] is True
    by_number = {w['number']: w for w in data['windows']}
    assert by_number[1]['current'] == first.label
    assert by_number[1]['status'] == 'called' and by_number[1]['waiting'] == 1
    assert by_number[2]['current'] is None and by_number[2]['waiting'] == 1
    html = demo_client.get('/display/QL-YX').get_data(as_text=True)
    assert 'data-last-call="%d"' % call['id'] in html
    assert first.label in html


def test_sentence_uses_the_ticket_and_window_numbers():
    assert display.announcement('A001', 3) == '请A001号到3号窗口办理'
    assert display.announcement('B012', 11) == '请B012号到11号窗口办理'


def test_a_recall_is_a_new_call_to_announce(demo_client):
    models.Ticket.issue(window(1))
    ticket = models.Ticket.call_next(window(1))
    before = demo_client.get('/display/QL-YX/calls.json').get_json()['calls']
    ticket.recall()
    after = demo_client.get('/display/QL-YX/calls.json').get_json()['calls']
    assert len(after) == len(before) + 1
    assert after[0]['id'] > before[0]['id']
    assert after[0]['recall'] is True
    assert after[0]['speech'] == before[0]['speech']


def test_serving_and_finished_tickets(demo_client):
    models.Ticket.issue(window(1))
    ticket = models.Ticket.call_next(window(1))
    ticket.serve()
    data = demo_client.get('/display/QL-YX/calls.json').get_json()
    current = {w['number']: w for w in data['windows']}[1]
    assert (current['current'], current['status']) == (ticket.label, 'serving')
    ticket.finish()
    data = demo_client.get('/display/QL-YX/calls.json').get_json()
    assert {w['number']: w for w in data['windows']}[1]['current'] is None
    assert data['calls'][0]['ticket'] == ticket.label  # still among the last calls


@pytest.mark.usefixtures('process_zone')  # the server's clock elsewhere
def test_other_halls_and_other_days_stay_off_the_screen(demo_client):
    models.Ticket.issue(window(1, 'QL-SM'))
    models.Ticket.call_next(window(1, 'QL-SM'))
    yesterday = models.today() - datetime.timedelta(days=1)
    old = models.Ticket.issue(window(1), day=yesterday)
    models.TicketEvent.create(ticket=old, action='call', window=window(1))
    data = demo_client.get('/display/QL-YX/calls.json').get_json()
    assert data['calls'] == []
    assert all(w['waiting'] == 0 and w['current'] is None
               for w in data['windows'])


def test_old_calls_are_shown_but_not_announced(demo_client):
    ticket = models.Ticket.issue(window(1))
    models.TicketEvent.create(
        ticket=ticket, action='call', window=window(1),
        at=models.now() - datetime.timedelta(seconds=90))
    call = demo_client.get('/display/QL-YX/calls.json').get_json()['calls'][0]
    assert call['ticket'] == ticket.label and call['fresh'] is False


def test_no_personal_data_reaches_the_screen(demo_client):
    person = seeds.fictional_person(random.Random(4))
    person['name'] = '欧阳明月'
    applicant = models.Applicant.find_or_create(**person)
    case, _ = models.Case.open(hall(), applicant, 'assisted', 'kiosk',
                               item=models.Item.select().first())
    models.Ticket.issue(window(1), case=case)
    models.Ticket.call_next(window(1))
    for url in ('/display/QL-YX', '/display/QL-YX/calls.json'):
        text = demo_client.get(url).get_data(as_text=True)
        for secret in ('欧阳', '明月', applicant.id_number, applicant.phone,
                       case.number):
            assert secret not in text


def test_polling_cost_does_not_grow_with_the_queue(demo_client, demo_app):
    """The JSON runs a fixed number of queries, however many tickets exist."""
    database = demo_app.extensions['database']

    def queries_for_one_poll():
        with statements(database) as run:
            assert demo_client.get('/display/QL-YX/calls.json').status_code == 200
        return len([s for s, _ in run if s.lstrip().upper().startswith('SELECT')])

    models.Ticket.issue(window(1))
    models.Ticket.call_next(window(1))
    small = queries_for_one_poll()
    for number in range(1, 8):
        for _ in range(3):
            models.Ticket.issue(window(number))
        models.Ticket.call_next(window(number))
    assert queries_for_one_poll() == small
    assert small <= 5  # hall, windows, waiting counts, tickets at windows, calls


def test_polling_is_rate_limited_generously(demo_app, demo_client):
    # Per worker and in memory (a poll never writes): at most
    # DISPLAY_POLL_LIMIT, which reaches far beyond the public limit.
    demo_app.config['DISPLAY_POLL_LIMIT'] = (45, 3600)
    for _ in range(45):  # beyond the default public limit of 30 a minute
        assert demo_client.get('/display/QL-YX/calls.json').status_code == 200
    assert demo_client.get('/display/QL-YX/calls.json').status_code == 429
    assert demo_client.get('/display/QL-YX').status_code == 200  # the page itself
