"""Routing a registered case to a window, tickets and their order, and ticket
numbers under real concurrency (several processes, one database)."""
import datetime
import random

import pytest

import models
import validators
from race import race

PROCESSES = 8
TICKETS_EACH = 63  # 8 x 63 = 504 tickets


def hall(code):
    """A demo hall by code."""
    return models.Hall.get(models.Hall.code == code)


def item(code):
    """A catalogue item by code."""
    return models.Item.get(models.Item.code == code)


def window(hall_code, number):
    """A demo window by hall code and number."""
    return models.Window.get(models.Window.hall == hall(hall_code),
                             models.Window.number == number)


def set_post(window_, a_away, b_away):
    """Mark who of the window's AB post is away."""
    models.Post.update(a_away=a_away, b_away=b_away).where(
        models.Post.window == window_).execute()


# --- Hall.window_for ------------------------------------------------------

def test_window_for_prefers_the_department_window(demo_app):
    assert hall('QL-YX').window_for(item=item('RSJ-002')) == window('QL-YX', 4)


def test_window_for_skips_a_closed_window(demo_app):
    models.Window.update(is_open=False).where(
        models.Window.id == window('QL-YX', 4).id).execute()
    # Nobody else takes 社保 items: the assisted-service window does.
    assert hall('QL-YX').window_for(item=item('RSJ-002')) == window('QL-YX', 1)


def test_window_for_skips_a_post_whose_a_and_b_are_both_away(demo_app):
    social = window('QL-YX', 4)
    set_post(social, a_away=True, b_away=False)
    assert hall('QL-YX').window_for(item=item('RSJ-002')) == social  # B covers
    set_post(social, a_away=True, b_away=True)
    assert hall('QL-YX').window_for(item=item('RSJ-002')) == window('QL-YX', 1)


def test_window_for_is_none_when_nothing_is_open(demo_app):
    models.Window.update(is_open=False).where(
        models.Window.hall == hall('QL-YX')).execute()
    assert hall('QL-YX').window_for(item=item('RSJ-002')) is None


def test_window_for_a_bundle_is_its_comprehensive_window(demo_app):
    enterprise = models.Bundle.get(models.Bundle.code == 'ONE-QYKB')
    investment = models.Bundle.get(models.Bundle.code == 'INV-GYXM')
    assert hall('QL-YX').window_for(bundle=enterprise) == window('QL-YX', 2)
    assert hall('QL-YX').window_for(bundle=investment) == window('QL-YX', 3)
    models.Window.update(is_open=False).where(
        models.Window.id == window('QL-YX', 2).id).execute()
    # Then the lead department's own window (市场监管), not the assisted one.
    assert hall('QL-YX').window_for(bundle=enterprise) == window('QL-YX', 10)


def test_handling_hall_of_a_bundle_goes_by_its_lead_department(demo_app):
    enterprise = models.Bundle.get(models.Bundle.code == 'ONE-QYKB')
    assert hall('QL-YX').handling_hall(enterprise) == hall('QL-YX')
    assert hall('QL-YX-BS').handling_hall(enterprise) == hall('QL-YX')


# --- Registration and tickets -------------------------------------------------

def screened_case(hall_, item_, rng, green=False):
    """A case at consultation with every material provided."""
    applicant = models.Applicant.find_or_create(
        'person', validators.generate_resident_id(rng, region='150402'),
        '测试申请人', '13900005555')
    case, _ = models.Case.open(hall_, applicant, item_.service_forms[0],
                               'kiosk', item=item_)
    case.screen([m.id for m in item_.materials])
    if green:
        case.choose_service(item_.service_forms[0], '老年人', '演示帮办员')
    return case


@pytest.mark.usefixtures('process_zone')  # the server's clock elsewhere
def test_register_and_queue_issues_a_ticket_for_the_window(demo_app):
    case = screened_case(hall('QL-YX'), item('RSJ-002'), random.Random(1))
    ticket = case.register_and_queue()
    case = models.Case.get_by_id(case.id)
    assert case.status == 'registered' and case.window == window('QL-YX', 4)
    assert ticket.case_id == case.id and ticket.window == window('QL-YX', 4)
    assert ticket.prefix == 'D' and ticket.priority == models.PRIORITY_NORMAL
    assert case.due_date == case.hall.add_working_days(
        case.registered_at.date(), case.time_limit_days)


def test_a_higher_level_item_is_transferred_and_queued_here(demo_app):
    town = hall('QL-YX-BS')
    unemployment = item('RSJ-003')  # city and county only
    case = screened_case(town, unemployment, random.Random(2))
    ticket = case.register_and_queue()
    case = models.Case.get_by_id(case.id)
    assert case.hall == hall('QL-YX') and case.origin_hall == town
    assert case.transfer_confirmed_at is None
    assert [e.action for e in case.events][-2:] == ['register', 'transfer']
    assert ticket.hall_id == town.id  # the materials are handed in here


def test_nothing_changes_when_no_window_is_open(demo_app):
    case = screened_case(hall('QL-YX'), item('RSJ-002'), random.Random(3))
    models.Window.update(is_open=False).where(
        models.Window.hall == hall('QL-YX')).execute()
    with pytest.raises(models.DomainError):
        case.register_and_queue()
    case = models.Case.get_by_id(case.id)
    assert case.status == 'consultation' and case.tickets.count() == 0


def test_an_item_no_hall_handles_cannot_be_registered(demo_app):
    village_only = models.Item.create(
        code='T-VILLAGE', department=item('RSJ-001').department,
        name='测试村级事项', power_kind='public_service',
        category='social_insurance', time_limit_days=1, levels='village')
    case = screened_case(hall('QL-YX'), village_only, random.Random(4))
    assert hall('QL-YX').handling_hall(village_only) is None
    with pytest.raises(models.DomainError):
        case.register_and_queue()
    assert models.Case.get_by_id(case.id).status == 'consultation'


def test_green_channel_needs_a_reason_and_a_named_person(demo_app):
    case = screened_case(hall('QL-YX'), item('RSJ-002'), random.Random(5))
    with pytest.raises(models.DomainError):
        case.choose_service('proxy', '老年人', '')
    with pytest.raises(models.DomainError):
        case.choose_service('courier', '', '')
    assert models.Case.get_by_id(case.id).green_reason == ''
    case.choose_service('proxy', '老年人', '演示帮办员')
    fresh = models.Case.get_by_id(case.id)
    assert (fresh.service_form, fresh.green_reason) == ('proxy', '老年人')
    assert fresh.events.order_by(models.CaseEvent.id.desc()).first().action == 'service'


def test_only_the_items_forms_can_be_chosen(demo_app):
    case = screened_case(hall('QL-YX'), item('MZJ-005'), random.Random(6))
    with pytest.raises(models.DomainError):
        case.choose_service('proxy')  # 结婚登记 is 帮办 only


def test_green_then_appointments_then_first_come_first_served(demo_app):
    rng = random.Random(8)
    county, pension = hall('QL-YX'), item('RSJ-002')
    normal = screened_case(county, pension, rng).register_and_queue()
    booked = screened_case(county, pension, rng)
    code = models.new_code('Y')
    appointment = models.Appointment.create(
        hall=county, item=pension, window=window('QL-YX', 4),
        day=models.today(), half_day='am', applicant=booked.applicant,
        code_hash=models.digest(code))
    by_appointment = booked.register_and_queue(appointment=appointment)
    green = screened_case(county, pension, rng, green=True).register_and_queue()

    assert by_appointment.priority == models.PRIORITY_APPOINTMENT
    assert by_appointment.case_id == booked.id
    assert models.Appointment.get_by_id(appointment.id).status == 'checked_in'
    assert green.priority == models.PRIORITY_GREEN
    queue = [t.id for t in models.Ticket.queue(window('QL-YX', 4))]
    assert queue.index(green.id) < queue.index(by_appointment.id) < \
        queue.index(normal.id)


def test_an_appointment_elsewhere_or_another_day_is_refused(demo_app):
    rng = random.Random(9)
    case = screened_case(hall('QL-YX'), item('RSJ-002'), rng)
    code = models.new_code('Y')
    tomorrow = models.Appointment.create(
        hall=hall('QL-YX'), item=item('RSJ-002'), window=window('QL-YX', 4),
        day=models.today() + datetime.timedelta(days=1), half_day='am',
        applicant=case.applicant, code_hash=models.digest(code))
    with pytest.raises(models.DomainError):
        case.register_and_queue(appointment=tomorrow)
    with pytest.raises(models.DomainError):
        tomorrow.ensure_usable(hall('QL-SM'))
    assert models.Case.get_by_id(case.id).status == 'consultation'


# --- Ticket numbers under concurrency -----------------------------------------

def _issuer(window_ids, count):
    """One process's tickets, issued as fast as it can once released."""
    windows = [models.Window.get_by_id(i) for i in window_ids]
    return lambda: [(windows[n % len(windows)].prefix,
                     models.Ticket.issue(windows[n % len(windows)]).number)
                    for n in range(count)]


def test_ticket_numbers_have_no_duplicates_and_no_gaps_across_processes(app):
    county = models.Hall.create(code='T', name='测试大厅', level='county')
    windows = [models.Window.create(hall=county, number=n, name='窗口%d' % n,
                                    kind='department', prefix=prefix)
               for n, prefix in ((1, 'A'), (2, 'B'))]
    outcomes = race(app.config['DATABASE_URL'], _issuer, [
        ([w.id for w in windows], TICKETS_EACH)] * PROCESSES)
    assert all(isinstance(issued, list) for issued in outcomes), outcomes
    issued = [number for each in outcomes for number in each]

    total = PROCESSES * TICKETS_EACH
    assert total >= 500 and len(issued) == total
    for prefix in ('A', 'B'):
        stored = sorted(number for (number,) in models.Ticket
                        .select(models.Ticket.number)
                        .where(models.Ticket.prefix == prefix).tuples())
        told = sorted(number for p, number in issued if p == prefix)
        assert stored == told == list(range(1, len(stored) + 1))
    assert models.Ticket.select().count() == total


@pytest.mark.usefixtures('process_zone')  # the server's clock elsewhere
def test_ticket_numbers_are_per_hall_per_day_per_prefix(demo_app):
    county, town = hall('QL-YX'), hall('QL-YX-BS')
    social, town_window = window('QL-YX', 4), window('QL-YX-BS', 1)
    today = models.today()
    first = models.Ticket.issue(social, day=today).number
    assert models.Ticket.issue(social, day=today).number == first + 1
    assert models.Ticket.issue(window('QL-YX', 5), day=today).number == 1
    assert models.Ticket.issue(town_window, day=today).number == 1
    tomorrow = today + datetime.timedelta(days=1)
    assert models.Ticket.issue(social, day=tomorrow).number == 1
