"""Three months of demo cases in every state, made through the models' own flow."""
import datetime
import random

import models
import validators

DAYS = 92
HISTORY_MARK = 'demo:history'

# How far along a case of a given age has got: (share, last action).
RECENT = [(10, None), (8, 'request_materials'), (12, 'register'),
          (8, 'commission'), (22, 'start_handling'), (10, 'mark_ready'),
          (6, 'mail'), (10, 'deliver'), (8, 'evaluate'), (3, 'refuse'),
          (3, 'terminate')]
SETTLED = [(4, None), (3, 'start_handling'), (6, 'deliver'), (20, 'evaluate'),
           (55, 'archive'), (6, 'refuse'), (6, 'terminate')]
OPEN_TARGETS = ('register', 'commission', 'start_handling', 'mark_ready', 'mail')
FLOW = ['register', 'commission', 'start_handling', 'mark_ready', 'deliver',
        'evaluate', 'archive']
RATING_WEIGHTS = [(55, 5), (25, 4), (12, 3), (5, 2), (3, 1)]


def _weighted(rng, pairs):
    weights, values = zip(*pairs)
    return rng.choices(values, weights)[0]


class Catalogue:
    """What each hall offers, computed once for the generator."""

    def __init__(self):
        self.halls = list(models.Hall.select().order_by(models.Hall.id))
        self.stationed = {}
        for row in models.HallDepartment.select().order_by(models.HallDepartment.id):
            self.stationed.setdefault(row.hall_id, set()).add(row.department_id)
        self.items = list(models.Item.select().where(models.Item.is_active == True)  # noqa: E712
                          .order_by(models.Item.id))
        self.bundles = list(models.Bundle.select().order_by(models.Bundle.id))
        self.staff = {}
        for user in models.User.select().order_by(models.User.id):
            self.staff.setdefault(user.hall_id, user)
        self.agents = {}
        for agent in (models.Agent.select().where(models.Agent.is_active == True)  # noqa: E712
                      .order_by(models.Agent.id)):
            self.agents.setdefault(agent.hall_id, []).append(agent)
        self.routes = {}

    def offered(self, hall):
        return [i for i in self.items
                if hall.level in i.level_list
                and i.department_id in self.stationed.get(hall.id, ())]

    def higher_level_items(self, hall):
        return [i for i in self.items if hall.level not in i.level_list]

    def window_for(self, hall, item=None, bundle=None):
        """Where the hall's own rule (Hall.window_for) sends the case; the
        windows and their staff stay as they are while the history is made."""
        key = (hall.id, item.id if item else None, bundle.id if bundle else None)
        if key not in self.routes:
            self.routes[key] = hall.window_for(item=item, bundle=bundle)
        return self.routes[key]


def generate_history(today):
    """Create the demo cases once; later runs find the mark and stop."""
    from . import demo_random, fictional_enterprise, fictional_person

    if models.Counter.get_or_none(models.Counter.key == HISTORY_MARK):
        return 0
    rng = demo_random()
    cat = Catalogue()
    made = 0
    for age in range(DAYS, -1, -1):
        day = today - datetime.timedelta(days=age)
        if day.weekday() >= 5:
            continue
        for hall in cat.halls:
            per_day = {'city': 3, 'county': 2, 'town': 1, 'village': 1}[hall.level]
            for _ in range(rng.randint(0, per_day)):
                maker = fictional_enterprise if rng.random() < .2 else fictional_person
                with models.db.atomic():
                    _one_case(rng, cat, hall, day, age, maker(rng))
                made += 1
    models.Counter.create(key=HISTORY_MARK, value=made)
    return made


def _subject(rng, cat, hall, applicant):
    """An item (or at city and county halls, sometimes a bundle) for the case."""
    if hall.level in ('city', 'county') and rng.random() < .08:
        bundle = rng.choice(cat.bundles)
        if models.Item.refusal_among([part.item for part in bundle.parts],
                                     applicant.id_type, applicant.id_number) is None:
            return None, bundle
    offered = cat.offered(hall)
    if hall.level in ('village', 'town') and rng.random() < .15:
        offered = cat.higher_level_items(hall) or offered
    # Only what the applicant may have by the ID number (高龄津贴 at 80).
    allowed = [i for i in offered or cat.items
               if i.eligibility_refusal(applicant.id_type, applicant.id_number) is None]
    return rng.choice(allowed or cat.items), None


def _one_case(rng, cat, hall, day, age, who):
    applicant = models.Applicant.find_or_create(who['kind'], who['id_number'],
                                                who['name'], who['phone'])
    item, bundle = _subject(rng, cat, hall, applicant)
    forms = item.service_forms if item else ['assisted', 'proxy']
    form = rng.choice(forms)
    user = cat.staff.get(hall.id) or cat.staff.get(hall.parent_id)
    start = datetime.datetime.combine(day, datetime.time(9, 0)) + datetime.timedelta(
        minutes=rng.randint(0, 420))
    # Today's cases happened already: none is opened (or acted on) later
    # than the moment the demo is loaded, whatever the hour.
    start = min(start, models.now() - datetime.timedelta(minutes=5))
    agent = (cat.agents.get(hall.id) or [None])[0]
    green = ''
    if rng.random() < .06:
        green = rng.choice(['老年人', '残疾人', '退役军人', '紧急事项'])
    case, _ = models.Case.open(
        hall, applicant, form, rng.choice(['kiosk', 'window', 'window', 'online']),
        user=user, item=item, bundle=bundle, green_reason=green,
        green_contact=agent.name if green and agent else '', at=start)
    target = _weighted(rng, SETTLED if age > 25 else RECENT)
    late = age * 5 // 7 > (item or bundle).time_limit_days
    if late and target in OPEN_TARGETS and rng.random() < .85:
        target = _weighted(rng, SETTLED)  # most halls finish on time

    if target is None:
        return case  # consultation only
    materials = case.catalogue_materials()
    if target in ('request_materials',) or (target == 'refuse' and rng.random() < .5):
        provided = [m.id for m in materials][:-1]
        case.screen(provided, user=user)
        case.request_materials(user, note='一次性告知')
        if target == 'refuse':
            case.refuse('申请人不符合受理条件', '户籍所在地乡镇便民服务中心', user)
        return _backdate(case, start)
    case.screen([m.id for m in materials], user=user)
    if target == 'refuse':
        case.refuse('不属于本大厅受理范围', '市政务服务大厅相关窗口', user)
        return _backdate(case, start)

    if item is not None and hall.handling_hall(item) not in (None, hall):
        target_hall = hall.handling_hall(item)
        case.transfer_to(target_hall, '跨层级转办', user)
        case.confirm_transfer(cat.staff.get(target_hall.id) or user)
        hall = target_hall
    window = cat.window_for(hall, item=item, bundle=bundle)
    case.register(user, agent=agent, window=window, at=start)
    for action in FLOW[1:]:
        if target in ('register',):
            break
        if target == 'terminate' and action == 'mark_ready':
            case.terminate('申请人主动申请终止办理', user)
            break
        if action == 'commission':
            if form != 'proxy':
                continue
            case.commission(user)
            models.Handover.record(
                case, '申请人', '帮办代办窗口', applicant.name,
                agent.name if agent else '窗口', [
                    (m.name, m.copies, m.form) for m in materials], user)
        elif action == 'start_handling':
            case.start_handling(user)
            case.route_flows(user)
            for flow in case.flows:
                flow.accept(day, user)
            _suspend(case, target, start, age, user)
        elif action == 'mark_ready':
            limit_day = case.due_date or day
            done = min(limit_day, models.today())
            for flow in case.flows:
                flow.finish(max(done, flow.accepted_on), user)
            _results(case, item, bundle, day, user)
            case.mark_ready(user)
        elif action == 'deliver':
            if target == 'mail' or rng.random() < .25:
                case.mail('青岚市云溪县示例路%d号' % rng.randint(1, 200),
                          '邮政EMS', 'EMS%010d' % rng.randrange(10 ** 9), user)
                if target == 'mail':
                    break
                case.confirm_receipt(user)
            else:
                case.deliver(user, note='申请人已签收办结单')
        elif action == 'evaluate':
            rating = _weighted(rng, RATING_WEIGHTS)
            method = rng.choice(['onsite', 'phone', 'online'])
            case.evaluate(rating, method, comment='' if rating > 2 else '等待时间较长',
                          caller=(agent.name if agent and method == 'phone' else ''),
                          user=user)
        elif action == 'archive':
            case.archive(user)
        if action == target or (target == 'mail' and action == 'deliver'):
            break
    return _backdate(case, start)


def _suspend(case, target, start, age, user):
    """Some cases in handling wait on something outside the hall (中止):
    a few still do, a few waited and went on. Chosen by number, so that the
    random draws, and every other demo case, stay as they were."""
    reasons = [key for key, _ in models.SUSPENSION_REASONS]
    reason = reasons[case.id % len(reasons)]
    note = '等待现场踏勘结果' if reason != 'other' else '等待不动产登记档案调取'
    if target == 'start_handling' and case.id % 4 == 0:
        case.suspend(user, reason, note)
    elif target in ('mark_ready', 'deliver') and case.id % 5 == 0 and age > 6:
        case.suspend(user, reason, note, at=start + datetime.timedelta(days=1))
        case.resume(user, renewed_mandate=True,
                    at=start + datetime.timedelta(days=4))


# The document a department hands out, by the kind of power of the item.
RESULT_DOCUMENTS = {
    'licensing': ('licence', '准予行政许可决定书', '许准字〔{year}〕{n:04d}号'),
    'confirmation': ('certificate', '行政确认证明', 'QR{year}{n:06d}'),
    'benefit': ('other', '待遇核定通知书', 'HD{year}{n:06d}'),
    'public_service': ('other', '办理结果告知书', ''),
    'other_power': ('other', '办理结果告知书', ''),
}


def _results(case, item, bundle, day, user):
    """The result documents (反馈材料) of a case whose result is ready:
    what its item's department issues (a business licence for an
    enterprise opening), and the originals handed back to a proxy case's
    applicant. Numbers follow from the case, so the random draws of the
    other demo cases stay as they were."""
    department = case.departments()[0]
    if bundle is not None:
        number = validators.generate_credit_code(random.Random(case.id))
        case.record_result('licence', '营业执照', number,
                           issued_by='市场监督管理局', user=user)
    else:
        kind, title, pattern = RESULT_DOCUMENTS.get(
            item.power_kind, RESULT_DOCUMENTS['other_power'])
        case.record_result(kind, title, pattern.format(year=day.year, n=case.id),
                           issued_by=department.name, user=user)
    if case.service_form == 'proxy':
        case.record_result('returned', '申请材料原件', user=user)


def _backdate(case, start):
    """Spread the case's events over the days it took, as if lived then."""
    today = models.now()
    events = list(case.events.order_by(models.CaseEvent.id))
    span = max((min(today, start + datetime.timedelta(
        days=case.time_limit_days + 3)) - start).total_seconds(), 60)
    step = span / max(len(events), 1)
    last = start
    for index, event in enumerate(events):
        at = start + datetime.timedelta(seconds=int(step * index))
        (models.CaseEvent.update(at=at)
         .where(models.CaseEvent.id == event.id).execute())
        if event.action == 'result':
            models.CaseResult.update(recorded_at=at).where(
                models.CaseResult.case == case.id,
                models.CaseResult.title == event.facts.get('title')).execute()
        last = at
    models.Case.update(closed_at=last).where(
        models.Case.id == case.id, models.Case.closed_at.is_null(False)).execute()
    models.Evaluation.update(created_at=last).where(
        models.Evaluation.case == case.id).execute()
    for task in case.follow_ups:  # 差评整改: due from the rating, as opened
        days = models.CitySettings.of(case.hall.city_id).rectification_days
        models.FollowUp.update(
            created_at=last,
            due_date=case.hall.add_working_days(last.date(), days)).where(
                models.FollowUp.id == task.id).execute()
    if case.status == 'suspended':
        models.Case.update(suspended_at=last).where(
            models.Case.id == case.id).execute()
    return case
