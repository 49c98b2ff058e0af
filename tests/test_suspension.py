"""Suspension (中止) and resumption (续办) of a case.

Due dates are worked out by hand from the State Council's notices (see
tests/test_due_dates.py): 2025 National Day, Oct 1-8 off, Sun Sep 28 and
Sat Oct 11 worked.
"""
import datetime

import flask_babel
import pytest

import history
import models
from public import timeline
from seeds.factories import (applicant, at, department, new_case, new_hall,
                             new_item, registered_case)

D = datetime.date


@pytest.fixture
def hall(app):
    city = new_hall('T', level='city')
    return new_hall('T-1', level='county', parent=city)


def registered(hall, form='assisted', day=D(2025, 9, 26), days=5):
    """A case of a `days`-day item registered on `day` (Fri Sep 26 2025:
    5 working days are Sep 28, 29, 30, Oct 9, 10: due Fri Oct 10)."""
    item = new_item(department(), code='I-%d' % models.Item.select().count(),
                    days=days)
    case, _ = new_case(hall, item, applicant(models.Case.select().count() + 1),
                       form=form)
    case.register(at=at(day))
    if form == 'proxy':
        case.commission()
    case.start_handling()
    return models.Case.get_by_id(case.id)


def fresh(case):
    return models.Case.get_by_id(case.id)


def test_resuming_moves_the_due_date_by_the_working_days_suspended(hall):
    case = registered(hall)
    assert case.due_date == D(2025, 10, 10)
    case.suspend(None, 'inspection', '等待住建部门现场踏勘', at=at(D(2025, 9, 29)))
    case = fresh(case)
    assert (case.status, case.suspended_from) == ('suspended', 'in_handling')
    assert case.due_date == D(2025, 10, 10)  # kept, shown as paused
    # Sep 30 and Oct 9 are the working days after Sep 29 up to Oct 9.
    assert case.days_suspended(D(2025, 10, 9)) == 2
    case.resume(at=at(D(2025, 10, 9)))
    case = fresh(case)
    # Oct 10 plus two working days: Sat Oct 11 (worked), Mon Oct 13.
    assert (case.status, case.due_date, case.suspended_days) == (
        'in_handling', D(2025, 10, 13), 2)
    assert case.due_date == case.reckon_due_date()
    resumed = case.events.order_by(models.CaseEvent.id.desc()).first()
    assert resumed.facts == {
        'reason': 'inspection', 'since': '2025-09-29', 'days': 2,
        'due_from': '2025-10-10',
        'due_to': '2025-10-13'}
    assert (resumed.from_status, resumed.to_status) == ('suspended', 'in_handling')


def test_suspending_twice_adds_up_and_a_suspended_case_is_not_suspended_again(hall):
    case = registered(hall)
    case.suspend(None, 'inspection', at=at(D(2025, 9, 29)))
    with pytest.raises(models.DomainError):
        fresh(case).suspend(None, 'document', at=at(D(2025, 9, 30)))
    case.resume(at=at(D(2025, 10, 9)))  # 2 days: due Oct 13
    case = fresh(case)
    case.suspend(None, 'document', at=at(D(2025, 10, 10)))
    with pytest.raises(models.DomainError):
        case.suspend(None, 'document')
    # Oct 11, 13, 14, 15: four more; Oct 13 + 4 = Oct 17.
    fresh(case).resume(at=at(D(2025, 10, 15)))
    case = fresh(case)
    assert (case.suspended_days, case.due_date) == (6, D(2025, 10, 17))
    assert [(s.reason, s.days, s.due_date) for s in case.suspensions()] == [
        ('inspection', 2, D(2025, 10, 13)), ('document', 4, D(2025, 10, 17))]
    with pytest.raises(models.DomainError):
        case.resume()  # not suspended


def test_a_changed_calendar_keeps_the_days_suspended(hall):
    resumed = registered(hall)
    resumed.suspend(None, 'inspection', at=at(D(2025, 9, 29)))
    fresh(resumed).resume(at=at(D(2025, 10, 9)))  # due Oct 13, 2 days
    waiting = registered(hall)
    waiting.suspend(None, 'ruling', at=at(D(2025, 9, 29)))
    # The city gives Thu Oct 9 off: one working day later for both, and
    # the suspended case's date is counted again too.
    models.Holiday.create(city=hall.parent, day=D(2025, 10, 9), kind='off')
    models.Case.reckon_due_dates(hall.parent.id)
    assert fresh(resumed).due_date == D(2025, 10, 14)  # 28 29 30 10 11 13 14
    assert fresh(waiting).due_date == D(2025, 10, 11)  # 28 29 30 10 11
    assert fresh(waiting).status == 'suspended'


def test_a_suspended_case_is_not_overdue(hall):
    case = registered(hall)
    late = D(2025, 11, 3)
    assert case.is_overdue(late)
    assert case.id in [c.id for c in models.Case.overdue([hall.id], late)]
    case.suspend(None, 'third_party', at=at(D(2025, 9, 29)))
    case = fresh(case)
    assert not case.is_overdue(late)
    assert case.id not in [c.id for c in models.Case.overdue([hall.id], late)]
    assert case.in_stage('suspended') and not case.in_stage('open')


def test_a_reason_from_the_list_and_a_note_for_other(hall):
    case = registered(hall)
    for reason, note in (('', '等待'), ('weather', '等待'), ('other', ' ')):
        with pytest.raises(models.DomainError):
            case.suspend(None, reason, note)
    assert fresh(case).status == 'in_handling'
    case.suspend(None, 'other', '等待档案馆调取原始档案')
    assert fresh(case).suspension_reason == 'other'


def test_a_commissioned_proxy_case_resumes_on_a_renewed_mandate(hall):
    case = registered(hall, form='proxy')
    case.suspend(None, 'document', at=at(D(2025, 9, 29)))
    case = fresh(case)
    assert case.needs_renewed_mandate
    with pytest.raises(models.DomainError) as refused:
        case.resume(at=at(D(2025, 10, 9)))
    assert 'renewed mandate' in str(refused.value)
    assert fresh(case).status == 'suspended'
    case.resume(renewed_mandate=True, at=at(D(2025, 10, 9)))
    assert fresh(case).status == 'in_handling'
    # A proxy case not yet commissioned has no mandate to renew.
    early = registered(hall, form='assisted')
    assert not early.needs_renewed_mandate


def test_terminating_while_suspended(hall):
    case = registered(hall)
    case.suspend(None, 'applicant', at=at(D(2025, 9, 29)))
    fresh(case).terminate('申请人不再办理')
    case = fresh(case)
    assert case.status == 'terminated'
    with pytest.raises(models.DomainError):
        case.resume()


def test_history_tells_suspension_in_both_languages(app, hall):
    case = registered(hall)
    case.suspend(None, 'inspection', '等待现场踏勘', at=at(D(2025, 9, 29)))
    fresh(case).resume(at=at(D(2025, 10, 9)))
    suspended, resumed = [e for e in fresh(case).events
                          if e.action in ('suspend', 'resume')]
    with app.test_request_context(), flask_babel.force_locale('en'):
        assert history.details(suspended) == [
            'Site inspection or survey by a department', '等待现场踏勘']
        assert history.told(resumed) == \
            '2 working days suspended; due date 2025-10-10 → 2025-10-13'
        assert str(timeline.STEP_TITLES['suspend']).startswith('Paused')
    with app.test_request_context():
        assert history.told(suspended) == '部门现场勘验、踏勘'
        assert history.told(resumed) == \
            '中止 2 个工作日；承诺办结日期 2025-10-10 → 2025-10-13'
        assert suspended.action_label == '中止'


# --- In the portal and on the applicant's page (the demo city) ----------------

def do(client, case, action, **form):
    response = client.post('/portal/cases/%d/do/%s' % (case.id, action),
                           data=form, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_agent_suspends_prints_and_resumes(demo_client, agent):
    case = registered_case()  # a proxy case at 云溪县
    case.commission()
    page = do(demo_client, case, 'suspend', reason='', note='x')
    assert 'Choose the reason for suspending.' in page
    page = do(demo_client, case, 'suspend', reason='document',
              note='等待不动产登记中心出具档案')
    assert 'the promised date is paused' in page
    assert 'action-form" method="post" action="/portal/cases/%d/do/resume"' % (
        case.id) in page
    assert '/do/suspend"' not in page
    case = fresh(case)
    assert case.status == 'suspended'
    (suspension,) = case.suspensions()
    slip = demo_client.get('/portal/cases/%d/forms/suspension/%d'
                           % (case.id, suspension.suspended.id))
    text = slip.get_data(as_text=True)
    assert slip.status_code == 200 and '等待不动产登记中心出具档案' in text
    assert 'A document the applicant must obtain elsewhere' in text
    renewal = demo_client.get('/portal/cases/%d/forms/renewal/%d'
                              % (case.id, suspension.suspended.id))
    assert renewal.status_code == 200 and 'renew the authorization' in \
        renewal.get_data(as_text=True)
    page = do(demo_client, case, 'resume')
    assert 'renewed mandate' in page and fresh(case).status == 'suspended'
    page = do(demo_client, case, 'resume', renewed_mandate='1')
    assert 'Resumed after 0 working days suspended' in page
    assert fresh(case).status == 'commissioned'
    demo_client.post('/lang/zh_Hans_CN')
    slip = demo_client.get('/portal/cases/%d/forms/suspension/%d'
                           % (case.id, suspension.suspended.id))
    assert '中止单' in slip.get_data(as_text=True)


def test_slips_of_another_case_or_an_assisted_case_are_not_found(demo_client, agent):
    one = registered_case(service_form='assisted')
    one.start_handling()
    one.suspend(None, 'inspection')
    other = registered_case(seed=2)
    event = fresh(one).suspensions()[0].suspended.id
    base = '/portal/cases/%d/forms/%s/%d'
    assert demo_client.get(base % (one.id, 'suspension', event)).status_code == 200
    assert demo_client.get(base % (other.id, 'suspension', event)).status_code == 404
    assert demo_client.get(base % (one.id, 'renewal', event)).status_code == 404


def test_the_applicant_sees_why_it_waits_and_that_the_date_is_paused(demo_client):
    case = registered_case()
    case.commission()
    case.suspend(None, 'inspection', '内部备注：等张科长回复')
    code = fresh(case).issue_receipt()
    demo_client.post('/lang/en')
    text = demo_client.get('/p/%s' % code).get_data(as_text=True)
    assert 'A department has to inspect the site before your case can go on.' in text
    assert 'the promised date is paused' in text
    assert 'past the promised date' not in text
    assert '张科长' not in text  # staff notes stay with staff
    demo_client.post('/lang/zh_Hans_CN')
    text = demo_client.get('/p/%s' % code).get_data(as_text=True)
    assert '承诺办结日期暂停计算' in text


def test_lists_show_a_suspended_case_as_paused_not_overdue(demo_client, agent):
    case = registered_case()
    models.Case.update(due_date=models.today() - datetime.timedelta(days=20)) \
        .where(models.Case.id == case.id).execute()
    assert fresh(case).is_overdue()
    fresh(case).commission()
    fresh(case).suspend(None, 'ruling')
    listed = demo_client.get('/portal/cases/?q=%s' % case.number).get_data(as_text=True)
    row = listed[listed.index('/portal/cases/%d"' % case.id):]
    row = row[:row.index('</tr>')]
    assert 'data-paused="1"' in row and 'data-overdue' not in row
    overdue = demo_client.get('/portal/cases/overdue').get_data(as_text=True)
    assert case.number not in overdue
