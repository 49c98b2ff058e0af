"""Property-based test of the case state machine (models.Case).

Hypothesis applies every action in any order, allowed or not. Whatever
happens, the status is a known one, the history is an unbroken append-only
chain that ends at the status, a refused action changes nothing, and no
action succeeds that the case did not allow beforehand (`Case.can`): not
screening after registration, not a transfer once handling started, not a
move the flow's table (TRANSITIONS) does not list. A suspended case (中止)
resumes to the status it was suspended from, and may be terminated.
"""
import random

import flask_babel

from hypothesis import HealthCheck, event, settings, strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test,
)

import models
import validators

STATUSES = set(dict(models.CASE_STATUSES))


class World:
    """The least a case needs: a town hall and the city hall above it (where
    a case may be transferred), an item with one material, agents."""

    def __init__(self):
        self.other_hall = models.Hall.create(code='T-CITY', name='测试市大厅',
                                             level='city')
        self.hall = models.Hall.create(code='T-TOWN', name='测试镇中心',
                                       level='town', parent=self.other_hall)
        department = models.Department.create(code='T-D', name='测试局')
        models.HallDepartment.create(hall=self.hall, department=department)
        self.item = models.Item.create(
            code='T-ITEM', department=department, name='测试事项',
            power_kind='public_service', category='health', time_limit_days=5,
            offers_assisted=True, offers_proxy=True)
        self.material = models.ItemMaterial.create(
            item=self.item, name='申请表', deferrable=True)
        self.agents = [models.Agent.create(hall=self.hall, name='代办员%d' % n,
                                           employment='full_time')
                       for n in range(2)]
        self.applicant = models.Applicant.create(
            kind='person', name='测试人',
            id_number=validators.generate_resident_id(random.Random(5)))


def valid_calls(world, case):
    """Every action with well-formed arguments, by name."""
    other_agent = next(a for a in world.agents if a.id != case.agent_id)
    other_hall = (world.other_hall if case.hall_id == world.hall.id
                  else world.hall)
    return {
        'request_materials': lambda c: c.request_materials(),
        'screen': lambda c: c.screen([world.material.id]),
        'supply': lambda c: c.supply([world.material.name]),
        'register': lambda c: c.register(agent=world.agents[0]),
        'refuse': lambda c: c.refuse('不属于受理范围', '镇便民服务中心'),
        'commission': lambda c: c.commission(),
        'start_handling': lambda c: c.start_handling(),
        'route': lambda c: c.route_flows(),
        'mark_ready': lambda c: c.mark_ready(),
        'deliver': lambda c: c.deliver(),
        'mail': lambda c: c.mail('测试地址1号', '邮政EMS', 'EMS0000000002'),
        'confirm_receipt': lambda c: c.confirm_receipt(),
        'evaluate': lambda c: c.evaluate(5, 'online'),
        'archive': lambda c: c.archive(),
        'terminate': lambda c: c.terminate('申请人主动终止'),
        'suspend': lambda c: c.suspend(None, 'inspection', '等待现场踏勘'),
        'resume': lambda c: c.resume(renewed_mandate=True),
        'reassign': lambda c: c.reassign(other_agent, '原代办员休假'),
        'transfer': lambda c: c.transfer_to(other_hall, '跨层级转办'),
        'confirm_transfer': lambda c: c.confirm_transfer(),
    }


def snapshot(case):
    """The case's history as plain values, oldest first."""
    return [(e.id, e.action, e.from_status, e.to_status, e.note, e.params, e.at)
            for e in case.events.order_by(models.CaseEvent.id)]


class CaseMachine(RuleBasedStateMachine):
    """Rules for every action on one case; invariants after each step."""

    world = None  # set by the test, once per database
    evaluated = False  # set once an evaluation was accepted
    archived_checked = False

    @initialize(form=st.sampled_from(['assisted', 'proxy']))
    def open_case(self, form):
        self.case, _ = models.Case.open(self.world.hall, self.world.applicant,
                                        form, 'window', item=self.world.item)
        self.history = snapshot(self.case)

    def attempt(self, action, call):
        """Apply an action; if refused, nothing may have changed; if done,
        the case allowed it beforehand."""
        before = models.Case.get_by_id(self.case.id)
        allowed = before.can(action)
        event('%s %s from %s' % (action, 'allowed' if allowed else 'refused',
                                 before.status))
        try:
            call(self.case)
        except models.DomainError as error:
            assert str(error)
            after = models.Case.get_by_id(self.case.id)
            assert after.status == before.status
            assert snapshot(self.case) == self.history
            self.case = after
            return False
        else:
            assert before.status != 'archived', 'an archived case took %s' % action
            assert allowed, '%s was done from %s, which does not allow it: %s' % (
                action, before.status, before.refusal(action))
            if action in models.TRANSITIONS:
                allowed, target = models.TRANSITIONS[action]
                target = target or before.suspended_from  # resume
                assert before.status in allowed
                assert self.case.status == target
                new = snapshot(self.case)[len(self.history):]
                assert [e[1:4] for e in new] == [(action, before.status, target)]
            self.case = models.Case.get_by_id(self.case.id)
            return True
        finally:
            events = snapshot(self.case)
            assert events[:len(self.history)] == self.history
            self.history = events

    @rule()
    def request_materials(self):
        self.attempt('request_materials', lambda c: c.request_materials())

    @rule(provided=st.booleans(), promised=st.booleans())
    def screen(self, provided, promised):
        material = self.world.material.id
        self.attempt('screen', lambda c: c.screen(
            [material] if provided else [], [material] if promised else []))

    @rule()
    def supply(self):
        self.attempt('supply', lambda c: c.supply([self.world.material.name]))

    @rule(with_window=st.booleans())
    def register(self, with_window):
        window = None
        if with_window:
            window = self.world.hall.windows.first() or models.Window.create(
                hall=self.world.hall, number=1, name='测试窗口',
                kind='assisted', prefix='A')
        self.attempt('register', lambda c: c.register(
            agent=self.world.agents[0], window=window))

    @rule(reason=st.sampled_from(['', ' ', '不属于受理范围']))
    def refuse(self, reason):
        self.attempt('refuse', lambda c: c.refuse(reason, '镇便民服务中心'))

    @rule()
    def commission(self):
        self.attempt('commission', lambda c: c.commission())

    @rule()
    def start_handling(self):
        self.attempt('start_handling', lambda c: c.start_handling())

    @rule()
    def mark_ready(self):
        self.attempt('mark_ready', lambda c: c.mark_ready())

    @rule()
    def deliver(self):
        self.attempt('deliver', lambda c: c.deliver())

    @rule(tracking=st.sampled_from(['', 'EMS0000000001']))
    def mail(self, tracking):
        self.attempt('mail', lambda c: c.mail('测试地址1号', '邮政EMS', tracking))

    @rule()
    def confirm_receipt(self):
        self.attempt('confirm_receipt', lambda c: c.confirm_receipt())

    @rule(rating=st.integers(min_value=0, max_value=6))
    def evaluate(self, rating):
        if self.attempt('evaluate', lambda c: c.evaluate(rating, 'online')):
            self.evaluated = True

    @rule()
    def archive(self):
        self.attempt('archive', lambda c: c.archive())

    @rule(reason=st.sampled_from(['', ' ', '申请人主动终止']))
    def terminate(self, reason):
        self.attempt('terminate', lambda c: c.terminate(reason))

    @rule(reason=st.sampled_from(['', 'inspection', 'document', 'other']),
          note=st.sampled_from(['', '等待现场踏勘']))
    def suspend(self, reason, note):
        self.attempt('suspend', lambda c: c.suspend(None, reason, note))

    @rule(renewed_mandate=st.booleans())
    def resume(self, renewed_mandate):
        self.attempt('resume', lambda c: c.resume(
            renewed_mandate=renewed_mandate))

    @rule(which=st.integers(min_value=0, max_value=1),
          reason=st.sampled_from(['', '原代办员休假']))
    def reassign(self, which, reason):
        self.attempt('reassign', lambda c: c.reassign(
            self.world.agents[which], reason))

    @rule(back=st.booleans())
    def transfer(self, back):
        hall = self.world.hall if back else self.world.other_hall
        self.attempt('transfer', lambda c: c.transfer_to(hall, '跨层级转办'))

    @rule()
    def confirm_transfer(self):
        self.attempt('confirm_transfer', lambda c: c.confirm_transfer())

    @rule()
    def route_flows(self):
        self.attempt('route', lambda c: c.route_flows())

    @rule(mailed=st.booleans())
    def advance(self, mailed):
        """The next step of the usual flow, so that runs reach the late states."""
        action = {
            'consultation': 'register', 'awaiting_materials': 'register',
            'registered': ('commission' if self.case.service_form == 'proxy'
                           else 'start_handling'),
            'commissioned': 'start_handling', 'in_handling': 'mark_ready',
            'result_ready': 'mail' if mailed else 'deliver',
            'mailed': 'confirm_receipt', 'delivered': 'evaluate',
            'evaluated': 'archive', 'suspended': 'resume',
        }.get(self.case.status, 'archive')
        if self.attempt(action, valid_calls(self.world, self.case)[action]):
            self.evaluated = self.evaluated or action == 'evaluate'

    @invariant()
    def status_is_known(self):
        status = models.Case.get_by_id(self.case.id).status
        event('status %s' % status)
        assert status in STATUSES

    @invariant()
    def history_is_an_unbroken_chain(self):
        events = list(self.case.events.order_by(models.CaseEvent.id))
        assert events[0].action == 'open' and events[0].from_status == ''
        for earlier, later in zip(events, events[1:]):
            assert later.from_status == earlier.to_status
        assert events[-1].to_status == models.Case.get_by_id(self.case.id).status

    @invariant()
    def a_suspended_case_knows_where_it_returns(self):
        case = models.Case.get_by_id(self.case.id)
        if case.status == 'suspended':
            assert case.suspended_from in models.TRANSITIONS['suspend'][0]
            assert case.suspended_at is not None and case.suspension_reason
            assert not case.is_overdue()
        elif case.suspended_from:
            # Only a case terminated while suspended keeps where it was, and
            # keeps it once archived.
            assert case.status in ('terminated', 'archived')
            assert case.events.where(
                models.CaseEvent.action == 'terminate',
                models.CaseEvent.from_status == 'suspended').exists()
        else:
            assert case.suspended_at is None
        if case.registered_at is not None and case.in_stage('open'):
            assert case.due_date == case.reckon_due_date()

    @invariant()
    def at_most_one_evaluation(self):
        count = models.Evaluation.select().where(
            models.Evaluation.case == self.case).count()
        assert count == (1 if self.evaluated else 0)

    @invariant()
    def archived_case_refuses_everything(self):
        if self.case.status != 'archived' or self.archived_checked:
            return
        self.archived_checked = True  # once a run: it stays archived
        for action, call in valid_calls(self.world, self.case).items():
            case = models.Case.get_by_id(self.case.id)
            try:
                call(case)
            except models.DomainError:
                pass
            else:
                raise AssertionError('an archived case took %s' % action)
            assert models.Case.get_by_id(case.id).status == 'archived'
            assert snapshot(case) == self.history


def test_case_state_machine(app):
    CaseMachine.world = World()
    run_state_machine_as_test(CaseMachine, settings=settings(
        max_examples=50, stateful_step_count=30, deadline=None,
        suppress_health_check=[HealthCheck.too_slow]))


def test_no_action_is_done_from_a_status_that_does_not_allow_it(app):
    """Every status, every action: what `Case.can` refuses, the action
    refuses too, with nothing written; and `can` follows the flow's table."""
    world = World()
    for form in ('assisted', 'proxy'):
        for status, _ in models.CASE_STATUSES:
            case, _ = models.Case.open(world.hall, world.applicant, form,
                                       'window', item=world.item)
            models.Case.update(status=status).where(
                models.Case.id == case.id).execute()
            for action, call in valid_calls(world, case).items():
                case = models.Case.get_by_id(case.id)
                if action in models.TRANSITIONS:
                    assert case.can(action) == (
                        status in models.TRANSITIONS[action][0]
                        and not (action == 'commission' and form != 'proxy')
                        and not (action == 'start_handling' and form == 'proxy'
                                 and status == 'registered')), (action, status)
                if case.can(action):
                    continue
                history = snapshot(case)
                try:
                    call(case)
                except models.DomainError as error:
                    assert str(error)
                else:
                    raise AssertionError('%s was done from %s' % (action, status))
                assert models.Case.get_by_id(case.id).status == status
                assert snapshot(case) == history
    registered = models.Case.get_by_id(case.id)
    models.Case.update(status='registered').where(
        models.Case.id == registered.id).execute()
    registered = models.Case.get_by_id(registered.id)
    assert not registered.can('screen')
    with app.test_request_context():
        assert str(registered.refusal('screen')) == '只能在受理登记前核验材料。'
    with app.test_request_context(), flask_babel.force_locale('en'):
        assert str(registered.refusal('screen')) == \
            'Materials are checked before registration.'
