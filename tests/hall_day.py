"""A hall's day in the hall's own clock: windows, tickets with their
events and cases, built record by record so that each figure of the
dashboard and the alerts can be worked out by hand; and a small city of
such halls."""
import datetime

import pytest

import models
from seeds import factories as make


MONDAY_10AM = '2026-12-07T10:00:00+08:00'  # the hall's clock in these tests


TODAY = datetime.date(2026, 12, 7)


def at(hhmm, day=TODAY):
    hour, minute = map(int, hhmm.split(':'))
    return datetime.datetime.combine(day, datetime.time(hour, minute))


def ticket(window, issued, events=(), status=None, day=TODAY):
    """A ticket issued at `issued` with its events [(action, 'HH:MM')]."""
    number = models.Ticket.select().where(
        models.Ticket.hall == window.hall_id, models.Ticket.day == day,
        models.Ticket.prefix == window.prefix).count() + 1
    made = models.Ticket.create(hall=window.hall_id, day=day,
                                prefix=window.prefix, number=number,
                                window=window, issued_at=at(issued, day),
                                status=status or 'waiting')
    for action, when in events:
        models.TicketEvent.create(ticket=made, action=action, at=at(when, day),
                                  window=window)
    return made


def case(number, hall, registered, closed=None, due=None, rating=None,
         status=None):
    applicant = make.applicant(len(number) * 7 + int(number[-2:]))
    made = models.Case.create(
        number=number, hall=hall, origin_hall=hall, applicant=applicant,
        service_form='assisted', channel='window', item_name='事项',
        status=status or ('delivered' if closed else 'in_handling'),
        registered_at=registered, created_at=registered, closed_at=closed,
        due_date=due)
    if rating is not None:
        models.Evaluation.create(case=made, rating=rating, method='onsite')
    return made


def window(hall, number, prefix, is_open=True):
    return models.Window.create(hall=hall, number=number, name='窗口%d' % number,
                                kind='assisted', prefix=prefix, is_open=is_open)


@pytest.fixture
def city(app, clock):
    """A county hall (CTY) with a town below (TWN) and another county
    (OTH), with what raises every rule in the county, and a manager, a
    supervisor and an agent of the county and a manager of the other."""
    clock.set(MONDAY_10AM)
    county = make.new_hall('CTY', 'county')
    town = make.new_hall('TWN', 'town', parent=county)
    other = make.new_hall('OTH', 'county')
    # Cases: due in 3 and in 4 working days, two overdue, one closed late.
    case('A-01', county, at('09:00', DAY(2026, 12, 1)), due=DAY(2026, 12, 10))
    case('A-02', county, at('09:00', DAY(2026, 12, 1)), due=DAY(2026, 12, 11))
    late = case('A-03', county, at('09:00', DAY(2026, 11, 1)), due=DAY(2026, 12, 4))
    case('A-04', county, at('09:00', DAY(2026, 11, 1)), due=DAY(2026, 12, 3))
    case('A-05', county, at('09:00', DAY(2026, 11, 1)),
         closed=at('09:00', DAY(2026, 12, 4)), due=DAY(2026, 12, 3))
    case('B-01', other, at('09:00', DAY(2026, 11, 1)), due=DAY(2026, 12, 3))
    # Rectification tasks: one awaiting its call-back, one called back
    # and past its deadline, one closed past it (no alert).
    models.FollowUp.create(case=late, hall=county, due_date=DAY(2026, 12, 20))
    models.FollowUp.create(case=late, hall=county, due_date=DAY(2026, 12, 4),
                           called_back_at=at('09:00', DAY(2026, 11, 20)))
    models.FollowUp.create(case=late, hall=county, due_date=DAY(2026, 12, 4),
                           called_back_at=at('09:00', DAY(2026, 11, 20)),
                           closed_at=at('09:00', DAY(2026, 12, 5)))
    # Kiosks: one without a helper now, one covered.
    helper = models.Agent.create(hall=county, name='乙', employment='volunteer')
    bare = models.Kiosk.create(hall=county, name='一号机')
    covered = models.Kiosk.create(hall=county, name='二号机')
    models.Shift.create(kiosk=covered, helper=helper, starts_at=at('09:00'),
                        ends_at=at('12:00'))
    # Windows: one whose oldest ticket has waited 30 minutes, one 10.
    long_wait, short_wait = window(county, 1, 'A'), window(county, 2, 'B')
    ticket(long_wait, '09:30')
    ticket(short_wait, '09:50')
    # An AB post whose A is away with no B.
    away = models.Agent.create(hall=county, name='甲', employment='full_time')
    post = models.Post.create(hall=county, window=long_wait, name='一号岗',
                              agent_a=away, a_away=True)
    users = dict(
        manager=make.user('cty-manager', 'hall_manager', county, name='县主任'),
        supervisor=make.user('cty-supervisor', 'supervisor', county),
        agent=make.user('cty-agent', 'agent', county),
        other=make.user('oth-manager', 'hall_manager', other),
        city=make.user('city-admin', 'city_admin', county),
    )
    return dict(county=county, town=town, other=other, bare=bare,
                covered=covered, long_wait=long_wait, post=post, users=users)


def grow(county, n):
    """n more of every kind of record the rules read, in the county."""
    w = models.Window.get(models.Window.hall == county, models.Window.number == 1)
    base = models.Case.select().count()
    for k in range(n):
        case('G-%04d' % (base + k), county, at('09:00', DAY(2026, 11, 1)),
             due=DAY(2026, 12, 3 + k % 10))
        models.Kiosk.create(hall=county, name='增%d' % (base + k))
        ticket(w, '09:%02d' % (k % 60))
        agent = models.Agent.create(hall=county, name='增A%d' % (base + k),
                                    employment='full_time')
        models.Post.create(hall=county, window=w, name='增岗%d' % (base + k),
                           agent_a=agent, a_away=True)


def more_halls(county, n):
    """n more town halls below the county, each short of staff, with a
    stationed department lacking its liaison, a comprehensive window, an
    AB post without B and a kiosk nobody is rostered at."""
    department = models.Department.create(code='ZENG', name='增部门', short_name='增')
    base = models.Hall.select().count()
    for k in range(n):
        town = make.new_hall('T%03d' % (base + k), 'town', parent=county)
        models.HallDepartment.create(hall=town, department=department)
        w = window(town, 1, 'A')
        w.kind = 'comprehensive'
        w.save()
        agent = models.Agent.create(hall=town, name='增B%d' % (base + k),
                                    employment='part_time')
        models.Post.create(hall=town, window=w, name='增岗B%d' % (base + k),
                           agent_a=agent)
        models.Kiosk.create(hall=town, name='增机%d' % (base + k))


# Monday 7 December 2026, 10:00. Working days ahead: Tue 8 (1), Wed 9 (2),
# Thu 10 (3), Fri 11 (4), Mon 14 (5).
DAY = datetime.date


def login(client, user):
    response = client.post('/portal/login', data={
        'username': user.username, 'password': make.PASSWORD})
    assert response.status_code == 302
