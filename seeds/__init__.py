"""The fictional demo city 青岚市: halls, catalogue, staff and three months of cases.

`load_demo()` can run again and again: configuration is matched on codes and
names, and the history is generated only once.
"""
import datetime
import random

import models
import validators

from . import catalogue, factories, mongolian
from .history import generate_history
from .templates import load_templates

DEMO_PASSWORD = factories.PASSWORD

DEMO_ACCOUNTS = [
    # username, role, hall code, display name
    ('demo-city', 'city_admin', 'QL', '演示市管理员'),
    ('demo-manager', 'hall_manager', 'QL-YX', '演示县大厅主任'),
    ('demo-agent', 'agent', 'QL-YX', None),
    ('demo-helper', 'helper', 'QL-YX', None),
    ('demo-supervisor', 'supervisor', 'QL', '演示督查员'),
]

ROSTER_DAYS_BACK = 7
ROSTER_DAYS_AHEAD = 60


def _time(text):
    hours, minutes = text.split(':')
    return datetime.time(int(hours), int(minutes))


def load_demo(today=None):
    """Load (or top up) the demo city; returns counts of what exists."""
    today = today or models.today()
    with models.db.atomic():
        halls = _halls()
        departments = _departments(halls)
        items = _items(departments)
        load_templates(items)
        _bundles(departments, items)
        agents = _people(halls, departments)
        windows = _windows(halls, departments, items)
        mongolian.load(halls, departments, windows, items)
        _posts(halls, windows, departments, agents)
        _liaisons(halls, departments, agents)
        kiosks = _kiosks(halls)
        _rosters(kiosks, agents, today)
        _accounts(halls, agents)
    generate_history(today)
    return {
        'halls': models.Hall.select().count(),
        'departments': models.Department.select().count(),
        'items': models.Item.select().count(),
        'agents': models.Agent.select().count(),
        'windows': models.Window.select().count(),
        'cases': models.Case.select().count(),
    }


def _upsert(model, match, values):
    """Get the record matching `match`, creating it with `values` if absent."""
    record = model.get_or_none(**match)
    if record is None:
        record = model.create(**match, **values)
    return record


def _halls():
    halls = {}
    for row in catalogue.HALLS:
        halls[row['code']] = _upsert(models.Hall, {'code': row['code']}, dict(
            name=row['name'], level=row['level'],
            parent=halls.get(row['parent']), address=row['address'],
            opens_at=_time(row['opens_at']), closes_at=_time(row['closes_at'])))
    return halls


def _departments(halls):
    departments = {}
    for row in catalogue.DEPARTMENTS:
        departments[row['code']] = _upsert(
            models.Department, {'code': row['code']},
            dict(name=row['name'], short_name=row['short_name']))
    for hall_code, codes in catalogue.STATIONED.items():
        for code in codes:
            _upsert(models.HallDepartment, {'hall': halls[hall_code],
                                            'department': departments[code]}, {})
    return departments


def _items(departments):
    items = {}
    for row in catalogue.ITEMS:
        item = models.Item.get_or_none(models.Item.code == row['code'])
        if item is None:
            item = models.Item.create(
                code=row['code'], department=departments[row['department']],
                name=row['name'], sub_name=row['sub_name'],
                power_kind=row['power_kind'], category=row['category'],
                time_limit_days=row['time_limit_days'],
                offers_assisted='assisted' in row['forms'],
                offers_proxy='proxy' in row['forms'],
                offers_home_visit='home_visit' in row['forms'],
                levels=','.join(lv for lv in models.LEVEL_ORDER
                                if lv in row['levels']),
                basic_info=row['basic_info'], conditions=row['conditions'],
                procedure=row['procedure'], fees=row['fees'],
                legal_basis=row['legal_basis'],
                intermediary=row['intermediary'], faq=row['faq'],
                aliases='、'.join(row.get('aliases', ())),
                min_age=row.get('min_age'), max_age=row.get('max_age'),
                sex=row.get('sex', ''))
            for position, material in enumerate(row['materials']):
                models.ItemMaterial.create(item=item, position=position,
                                           **material)
        items[row['code']] = item
    return items


def _bundles(departments, items):
    for row in catalogue.BUNDLES:
        bundle = models.Bundle.get_or_none(models.Bundle.code == row['code'])
        if bundle is not None:
            continue
        bundle = models.Bundle.create(
            code=row['code'], name=row['name'], kind=row['kind'],
            lead_department=departments[row['lead_department']],
            description=row['description'])
        for position, (code, stage) in enumerate(row['items']):
            models.BundleItem.create(bundle=bundle, item=items[code],
                                     stage=stage or '', position=position)


def _people(halls, departments):
    agents = {}
    for row in catalogue.PEOPLE:
        agents[row['name']] = _upsert(models.Agent, {'name': row['name']}, dict(
            hall=halls[row['hall']],
            department=departments.get(row['department']),
            employment=row['employment'], phone=row['phone']))
    return agents


def _windows(halls, departments, items):
    windows = {}
    for row in catalogue.WINDOWS:
        hall = halls[row['hall']]
        window = models.Window.get_or_none(hall=hall, number=row['number'])
        if window is None:
            window = models.Window.create(
                hall=hall, number=row['number'], name=row['name'],
                kind=row['kind'], prefix=row['prefix'],
                department=departments.get(row['department']))
            for code in row['items']:
                models.WindowItem.create(window=window, item=items[code])
            for code in row['departments']:
                models.WindowDepartment.create(window=window,
                                               department=departments[code])
            for weekday in range(5):
                for half_day, _ in models.HALF_DAYS:
                    models.SlotCapacity.create(window=window, weekday=weekday,
                                               half_day=half_day, capacity=6)
        windows[(row['hall'], row['number'])] = window
    return windows


def _posts(halls, windows, departments, agents):
    for row in catalogue.POSTS:
        hall = halls[row['hall']]
        _upsert(models.Post, {'hall': hall, 'name': row['name']}, dict(
            window=windows.get((row['hall'], row['window_number'])),
            department=departments.get(row['department']),
            agent_a=agents[row['a']], agent_b=agents[row['b']]))


def _liaisons(halls, departments, agents):
    for row in catalogue.LIAISONS:
        _upsert(models.Liaison, {'hall': halls[row['hall']],
                                 'department': departments.get(row['department'])},
                dict(agent=agents[row['agent']], title=row['title']))


def _kiosks(halls):
    kiosks = []
    for row in catalogue.KIOSKS:
        kiosk = _upsert(models.Kiosk, {'hall': halls[row['hall']],
                                       'name': row['name']},
                        dict(location=row['location']))
        kiosks.append((kiosk, row['helpers']))
    return kiosks


def _rosters(kiosks, agents, today):
    """Helpers take the morning and afternoon in turns, on working days."""
    for kiosk, helper_names in kiosks:
        helpers = [agents[name] for name in helper_names]
        hall = kiosk.hall
        noon = datetime.time(13, 0)
        for offset in range(-ROSTER_DAYS_BACK, ROSTER_DAYS_AHEAD + 1):
            day = today + datetime.timedelta(days=offset)
            if not hall.is_workday(day):
                continue
            start = datetime.datetime.combine(day, hall.opens_at)
            if models.Shift.select().where(models.Shift.kiosk == kiosk,
                                           models.Shift.starts_at == start).exists():
                continue
            turn = day.toordinal() % len(helpers)
            middle = datetime.datetime.combine(day, noon)
            end = datetime.datetime.combine(day, hall.closes_at)
            models.Shift.create(kiosk=kiosk, helper=helpers[turn],
                                starts_at=start, ends_at=middle)
            models.Shift.create(kiosk=kiosk,
                                helper=helpers[(turn + 1) % len(helpers)],
                                starts_at=middle, ends_at=end)


def _accounts(halls, agents):
    by_username = {row['username']: agents[row['name']]
                   for row in catalogue.PEOPLE if row.get('username')}
    for username, role, hall_code, name in DEMO_ACCOUNTS:
        user = models.User.get_or_none(models.User.username == username)
        if user is not None:
            continue
        agent = by_username.get(username)
        user = factories.user(username, role, halls[hall_code],
                              name=name or agent.name, pin='2468')
        if agent is not None:
            agent.user = user
            agent.save()


def fictional_person(rng):
    """A fictional applicant: name, valid ID number and phone."""
    surnames = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦许何吕施张孔曹严华金魏陶姜'
    given = '子文明华建国秀英丽娟志强海燕春梅晓东玉兰振宇雪峰佳怡俊杰桂芳'
    name = rng.choice(surnames) + ''.join(rng.choice(given)
                                          for _ in range(rng.choice((1, 2))))
    return dict(
        kind='person', name=name,
        id_number=validators.generate_resident_id(rng, region='150402'),
        phone='1390000%04d' % rng.randrange(5000, 10000))


def fictional_enterprise(rng):
    """A fictional enterprise: name and a valid unified social credit code."""
    words = ['青岚', '云溪', '石门', '白沙', '柳塘', '松岭']
    trades = ['农业科技', '建材', '商贸', '食品', '物流', '电子']
    return dict(
        kind='enterprise',
        name='%s%s%s有限公司' % (rng.choice(words), rng.choice(trades),
                             rng.choice(['', '发展', '实业'])),
        id_number=validators.generate_credit_code(rng),
        phone='1390000%04d' % rng.randrange(5000, 10000))


DEMO_RANDOM_SEED = 20261122


def demo_random():
    return random.Random(DEMO_RANDOM_SEED)
