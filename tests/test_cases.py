"""The case pages: every path through the state machine, driven by the portal's forms."""
import datetime
import re

import pytest

import models

from seeds.factories import PASSWORD, hall, open_case, registered_case, user


def do(client, case, action, **form):
    """POST one action of the case page; returns the case page that follows."""
    response = client.post('/portal/cases/%d/do/%s' % (case.id, action),
                           data=form, follow_redirects=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def sign_in(auth, username, password='bangban-demo'):
    """Switch the test client to another account."""
    auth.logout()
    return auth.login(username, password)


def fresh(case):
    return models.Case.get_by_id(case.id)


def statuses(case):
    return [(e.from_status, e.to_status) for e in fresh(case).events
            if e.from_status != e.to_status]


def test_single_department_proxy_case_from_consultation_to_archive(demo_client, agent):
    case = open_case(screened=False)
    materials = case.catalogue_materials()
    do(demo_client, case, 'screen', **{'m%d' % m.id: 'provided' for m in materials})
    page = do(demo_client, case, 'register', agent=str(agent.agents[0].id))
    assert 'Registered; due' in page
    case = fresh(case)
    assert case.status == 'registered' and case.agent.user_id == agent.id
    assert case.due_date == case.hall.add_working_days(
        case.registered_at.date(), case.time_limit_days)

    # Commissioning needs both letters signed; without them nothing changes.
    page = do(demo_client, case, 'commission', authorization_signed='1')
    assert 'authorization letter and the commitment letter' in page
    assert fresh(case).status == 'registered'
    do(demo_client, case, 'commission', authorization_signed='1',
       commitment_signed='1')
    signed = fresh(case).events.order_by(models.CaseEvent.id.desc()).first()
    assert (signed.action, signed.facts, signed.note) == (
        'commission', {'letters_signed': True}, '')
    page = demo_client.get('/portal/cases/%d' % case.id).get_data(as_text=True)
    assert 'Authorization letter and commitment letter signed' in page

    do(demo_client, case, 'handover', from_party='applicant', to_party='window',
       handed_by='申请人本人', received_by=agent.name,
       line=[str(m.id) for m in case.checklist()], other='补充说明 ×2')
    handover = fresh(case).handovers.first()
    assert [(l.name, l.copies) for l in handover.lines][-1] == ('补充说明', 2)
    assert handover.received_by == agent.name
    # The same form sent again records nothing more.
    page = do(demo_client, case, 'handover', from_party='applicant',
              to_party='window', handed_by='申请人本人', received_by=agent.name,
              line=[str(m.id) for m in case.checklist()], other='补充说明 ×2')
    assert 'This handover was just recorded.' in page
    assert fresh(case).handovers.count() == 1

    do(demo_client, case, 'start_handling')
    do(demo_client, case, 'route')
    flow = fresh(case).flows.first()
    assert flow.department_id == case.item.department_id
    today = models.today().isoformat()
    do(demo_client, case, 'flow_accept', flow=str(flow.id), day=today)
    do(demo_client, case, 'flow_finish', flow=str(flow.id), day=today)
    do(demo_client, case, 'mark_ready')

    page = do(demo_client, case, 'deliver')
    assert 'completion slip' in page and fresh(case).status == 'result_ready'
    do(demo_client, case, 'deliver', slip_signed='1')
    do(demo_client, case, 'evaluate', rating='5', method='onsite')
    page = do(demo_client, case, 'archive', note='filed')
    assert 'read-only' in page

    assert statuses(case) == [
        ('', 'consultation'), ('consultation', 'registered'),
        ('registered', 'commissioned'), ('commissioned', 'in_handling'),
        ('in_handling', 'result_ready'), ('result_ready', 'delivered'),
        ('delivered', 'evaluated'), ('evaluated', 'archived')]
    events = list(fresh(case).events)
    assert all(e.at is not None for e in events)
    assert {e.actor_id for e in events[1:]} == {agent.id}

    # Archived: every action is refused and nothing is appended.
    count = fresh(case).events.count()
    for action in ('handover', 'reassign', 'terminate', 'supply'):
        do(demo_client, case, action, reason='x', from_party='applicant',
           to_party='window', handed_by='a', received_by='b', other='x')
    assert fresh(case).events.count() == count
    page = demo_client.get('/portal/cases/%d' % case.id).get_data(as_text=True)
    assert 'action-form' not in page and 'read-only' in page


def test_awaiting_materials_then_mail_and_phone_follow_up(demo_client, agent):
    case = open_case(service_form='assisted', screened=False)
    first, *rest = case.catalogue_materials()
    form = {'m%d' % m.id: 'provided' for m in rest}
    form['m%d' % first.id] = 'missing'
    page = do(demo_client, case, 'screen', **form)
    assert 'Missing: %s' % first.name in page
    page = do(demo_client, case, 'register')
    assert 'Materials are missing' in page
    do(demo_client, case, 'request_materials', note='补正后再来')
    assert fresh(case).status == 'awaiting_materials'
    assert demo_client.get('/portal/cases/%d/forms/notice' % case.id).status_code == 200

    do(demo_client, case, 'supply', material=first.name)
    assert fresh(case).missing_materials() == []
    do(demo_client, case, 'register')
    do(demo_client, case, 'start_handling')
    do(demo_client, case, 'mark_ready')
    page = do(demo_client, case, 'mail', address='示例路1号', courier='邮政EMS')
    assert 'tracking number' in page and fresh(case).status == 'result_ready'
    do(demo_client, case, 'mail', address='示例路1号', courier='邮政EMS',
       tracking_number='EMS0000000001')
    assert fresh(case).status == 'mailed'
    do(demo_client, case, 'confirm_receipt')

    page = do(demo_client, case, 'evaluate', rating='2', method='phone')
    assert 'who called' in page and fresh(case).status == 'delivered'
    called = (models.now() - datetime.timedelta(hours=1)).replace(
        second=0, microsecond=0)
    do(demo_client, case, 'evaluate', rating='2', method='phone', caller='回访员甲',
       called_at=called.strftime('%Y-%m-%dT%H:%M'), comment='等待时间长')
    evaluation = fresh(case).evaluations.get()
    assert (evaluation.caller, evaluation.called_at, evaluation.rating) == (
        '回访员甲', called, 2)
    task = models.FollowUp.get(models.FollowUp.case == case.id)
    assert task.closed_at is None and task.hall_id == case.hall_id


def test_refused_case_can_only_be_archived(demo_client, agent):
    case = open_case()
    page = do(demo_client, case, 'refuse', reason='', refer_to='')
    assert 'reason for refusing' in page and fresh(case).status == 'consultation'
    do(demo_client, case, 'refuse', reason='不属于本级', refer_to='市大厅')
    assert fresh(case).available_actions() == ['archive']
    do(demo_client, case, 'archive')
    assert fresh(case).status == 'archived'


def test_termination_records_reason_and_returned_materials(demo_client, agent):
    case = registered_case()
    page = do(demo_client, case, 'terminate', reason='')
    assert 'reason for terminating' in page
    do(demo_client, case, 'terminate', reason='申请人主动终止', materials_returned='1')
    case = fresh(case)
    assert case.status == 'terminated' and case.termination_reason == '申请人主动终止'
    ended = case.events.order_by(models.CaseEvent.id.desc()).first()
    assert (ended.facts, ended.note) == ({'materials_returned': True}, '申请人主动终止')
    response = demo_client.get('/portal/cases/%d/forms/termination' % case.id)
    assert response.status_code == 200 and '申请人主动终止' in response.get_data(as_text=True)


def test_double_submit_is_refused_with_the_models_message(demo_client, agent):
    case = open_case()
    do(demo_client, case, 'register')
    page = do(demo_client, case, 'register')
    assert 'cannot be registered' in page
    assert [e.action for e in fresh(case).events].count('register') == 1


def test_deferred_materials_are_tracked_and_supplied(demo_client, agent):
    case = open_case(item_code='RSJ-002', screened=False)
    form = {}
    for material in case.catalogue_materials():
        form['m%d' % material.id] = 'promised' if material.deferrable else 'provided'
    do(demo_client, case, 'screen', **form)
    do(demo_client, case, 'register')
    case = fresh(case)
    promised = [m.name for m in case.promised_materials()]
    assert case.status == 'registered' and '社会保障卡' in promised
    page = demo_client.get('/portal/cases/%d' % case.id).get_data(as_text=True)
    assert 'data-material-state="promised"' in page and 'data-action="supply"' in page
    do(demo_client, case, 'supply', material=promised)
    assert fresh(case).promised_materials() == []


def test_agent_continuity_reassign_needs_reason_and_b_covers(demo_client, agent):
    post = (models.Post.select()
            .where(models.Post.hall == hall('QL-YX'),
                   models.Post.agent_b.is_null(False))
            .order_by(models.Post.id)
            .first())
    case = registered_case(agent=post.agent_a)
    other = post.agent_b
    page = do(demo_client, case, 'reassign', agent=str(other.id), reason='')
    assert 'needs a reason' in page and fresh(case).agent_id == post.agent_a_id
    do(demo_client, case, 'cover', post=str(post.id))
    assert fresh(case).agent_id == other.id
    note = fresh(case).events.order_by(models.CaseEvent.id.desc()).first()
    assert note.action == 'cover' and note.facts == {
        'agent_a': post.agent_a.name, 'agent_b': other.name}
    do(demo_client, case, 'reassign', agent=str(post.agent_a_id), reason='A 回岗')
    assert fresh(case).agent_id == post.agent_a_id


def test_bundle_goes_to_lead_liaison_and_each_department_records_dates(demo_client, agent):
    case = registered_case(bundle_code='ONE-QYKB', service_form='assisted')
    liaison = case.lead_liaison()
    assert liaison.department_id == case.bundle.lead_department_id
    page = demo_client.get('/portal/cases/%d' % case.id).get_data(as_text=True)
    assert liaison.agent.name in page and 'One thing, one visit' in page
    do(demo_client, case, 'start_handling')
    do(demo_client, case, 'route')
    flows = list(fresh(case).flows)
    assert len(flows) == len(case.departments()) == 5
    page = do(demo_client, case, 'route')
    assert 'already has its part' in page
    day = models.today()
    for flow in flows:
        do(demo_client, case, 'flow_accept', flow=str(flow.id), day=day.isoformat())
    page = do(demo_client, case, 'flow_finish', flow=str(flows[0].id),
              day=(day - datetime.timedelta(days=3)).isoformat())
    assert 'cannot be before' in page
    for flow in flows:
        do(demo_client, case, 'flow_finish', flow=str(flow.id), day=day.isoformat())
    assert all(f.accepted_on == day and f.done_on == day for f in fresh(case).flows)
    do(demo_client, case, 'mark_ready')
    do(demo_client, case, 'deliver', slip_signed='1')
    do(demo_client, case, 'archive')
    assert fresh(case).status == 'archived'


def test_cross_level_transfer_task_force_and_both_halls_see(demo_client, auth):
    town = user('town-agent', 'agent', 'QL-YX-BS', agent_name='镇代办员')
    case = open_case(hall_code='QL-YX-BS', item_code='RSJ-003')
    sign_in(auth, 'town-agent', PASSWORD)
    demo_client.post('/lang/en')
    page = demo_client.get('/portal/cases/%d' % case.id).get_data(as_text=True)
    assert 'data-action="transfer"' in page
    do(demo_client, case, 'transfer', hall=str(hall('QL-YX').id), reason='县级事项')
    case = fresh(case)
    assert case.hall.code == 'QL-YX' and case.origin_hall_id == town.hall_id
    # The town still sees the case, but only the county acts on it now.
    assert demo_client.get('/portal/cases/%d' % case.id).status_code == 200
    response = demo_client.post('/portal/cases/%d/do/register' % case.id)
    assert response.status_code == 403

    sign_in(auth, 'demo-agent')
    demo_client.post('/lang/en')
    do(demo_client, case, 'confirm_transfer')
    assert fresh(case).transfer_confirmed_at is not None
    page = do(demo_client, case, 'confirm_transfer')
    assert 'no transfer to confirm' in page
    do(demo_client, case, 'register')
    county = hall('QL-YX')
    coordinator, *members = list(county.agents.limit(3))
    do(demo_client, case, 'task_force', coordinator=str(coordinator.id),
       members=[str(m.id) for m in members])
    force = fresh(case).task_forces.get()
    assert force.coordinator_id == coordinator.id
    assert {m.agent_id for m in force.members} == {m.id for m in members}
    assert fresh(case).handling_kind == 'task_force'
    page = do(demo_client, case, 'task_force', coordinator=str(coordinator.id))
    assert 'already has a task force' in page
    do(demo_client, case, 'commission', authorization_signed='1', commitment_signed='1')
    do(demo_client, case, 'start_handling')
    do(demo_client, case, 'mark_ready')
    do(demo_client, case, 'deliver', slip_signed='1')
    do(demo_client, case, 'archive')
    assert fresh(case).status == 'archived'


@pytest.mark.usefixtures('process_zone')  # the server's clock elsewhere
def test_overdue_cases_are_flagged_and_listed_per_hall(demo_client, agent):
    case = open_case(item_code='RSJ-001')
    long_ago = models.now() - datetime.timedelta(days=40)
    case.register(at=long_ago)
    case = fresh(case)
    assert case.is_overdue()
    page = demo_client.get('/portal/cases/overdue').get_data(as_text=True)
    assert case.number in page and 'data-hall="QL-YX"' in page
    assert 'Overdue by %d working days' % -case.working_days_left() in \
        demo_client.get('/portal/cases/%d' % case.id).get_data(as_text=True)
    listed = demo_client.get('/portal/cases/?overdue=1&q=%s' % case.number)
    assert case.number in listed.get_data(as_text=True)


def test_case_list_filters_and_search(demo_client, agent):
    case = open_case(seed=7)
    link = 'href="/portal/cases/%d"' % case.id

    def listed(query):
        return link in demo_client.get('/portal/cases/?' + query).get_data(as_text=True)

    assert listed('q=%s' % case.applicant.id_number)
    assert listed('q=%s' % case.applicant.name)
    assert not listed('status=archived&q=%s' % case.number)
    assert listed('status=consultation&item=%d' % case.item_id)
    assert not listed('item=%d&q=%s' % (case.item_id + 1, case.number))
    assert not listed('overdue=1&q=%s' % case.number)


def test_new_case_at_the_window(demo_client, agent):
    from seeds.factories import applicant
    person = applicant(seed=42)
    item = models.Item.get(models.Item.code == 'RSJ-001')
    response = demo_client.post('/portal/cases/new', data={
        'id_number': person.id_number, 'name': person.name, 'phone': '',
        'subject': 'item:%d' % item.id, 'service_form': 'proxy'},
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert 'Receipt code for the applicant: R' in page
    link = re.search(r'follows the case at (http://localhost/p/R[\w-]+)', page)
    assert models.Case.by_receipt(link.group(1).rsplit('/', 1)[1]) is not None
    case = models.Case.select().order_by(models.Case.id.desc()).first()
    assert (case.applicant_id, case.channel, case.status, case.hall.code) == (
        person.id, 'window', 'consultation', 'QL-YX')
    response = demo_client.post('/portal/cases/new', data={
        'id_number': '123', 'name': 'x', 'subject': 'item:%d' % item.id,
        'service_form': 'proxy'})
    assert 'valid identity document number' in response.get_data(as_text=True)
    assert models.Case.select().count() == case.id and \
        models.Case.select().order_by(models.Case.id.desc()).first().id == case.id


def test_follow_up_tasks_for_managers(demo_client, auth):
    """A bad rating opens a task the manager calls back and rectifies and
    a supervisor verifies (the whole loop: tests/test_rectification.py)."""
    case = registered_case(service_form='assisted')
    case.start_handling()
    case.mark_ready()
    case.deliver()
    case.evaluate(1, 'phone', caller='回访员乙', comment='态度差')
    task = models.FollowUp.get(models.FollowUp.case == case.id)
    url = '/portal/cases/follow-ups/%d' % task.id

    sign_in(auth, 'demo-helper')
    assert demo_client.get('/portal/cases/follow-ups').status_code == 403
    sign_in(auth, 'demo-supervisor')
    page = demo_client.get('/portal/cases/follow-ups').get_data(as_text=True)
    assert case.number in page
    assert 'record-callback' not in demo_client.get(url).get_data(as_text=True)
    assert demo_client.post(url + '/callback', data={
        'caller': 'x', 'outcome': 'reached'}).status_code == 403
    sign_in(auth, 'demo-manager')
    demo_client.post('/lang/en')
    page = demo_client.post(url + '/rectification', data={'note': '已整改'},
                            follow_redirects=True)
    assert 'Call the applicant back first' in page.get_data(as_text=True)
    demo_client.post(url + '/callback', data={
        'caller': '回访员乙', 'outcome': 'reached', 'note': '已致电道歉',
        'called_at': models.now().strftime('%Y-%m-%dT%H:%M')})
    demo_client.post(url + '/rectification', data={'note': '已致电道歉并整改'})
    sign_in(auth, 'demo-supervisor')
    demo_client.post(url + '/verification', data={'verdict': 'confirmed'})
    task = models.FollowUp.get_by_id(task.id)
    assert task.outcome == '已致电道歉并整改'
    assert task.closed_by.username == 'demo-supervisor'
    demo_client.post('/lang/en')
    page = demo_client.post(url + '/verification', data={'verdict': 'confirmed'},
                            follow_redirects=True)
    assert 'already closed' in page.get_data(as_text=True)
