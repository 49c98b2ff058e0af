"""Small factories for tests: a hall with a department, an item and people."""
import datetime
import random

import models
import validators

PASSWORD = 'correct-horse-battery'


def gen_hall(code='TST', level='county', parent=None, name=None):
    return models.Hall.create(code=code, name=name or '测试%s大厅' % code,
                              level=level, parent=parent)


def gen_department(code='RSJ', name='人力资源和社会保障局', short_name='人社'):
    return models.Department.get_or_create(
        code=code, defaults=dict(name=name, short_name=short_name))[0]


def gen_item(department, code='ITEM-1', name='城乡居民养老保险参保登记',
             days=5, levels='city,county,town,village', materials=2):
    item = models.Item.create(code=code, department=department, name=name,
                              power_kind='public_service',
                              category='social_insurance',
                              time_limit_days=days, levels=levels)
    for n in range(materials):
        models.ItemMaterial.create(item=item, name='材料%d' % (n + 1),
                                   position=n, deferrable=(n == 1))
    return item


def gen_user(hall, username, role='hall_manager'):
    user = models.User(username=username, name=username, role=role, hall=hall)
    user.set_password(PASSWORD)
    user.save()
    return user


def gen_applicant(seed=1):
    rng = random.Random(seed)
    return models.Applicant.find_or_create(
        'person', validators.generate_resident_id(rng), '测试人', '13900001234')


def gen_case(hall, item, applicant, form='assisted', user=None, at=None):
    """A case screened with every material provided, still at consultation."""
    case, code = models.Case.open(hall, applicant, form, 'window', user=user,
                                  item=item, at=at)
    case.screen([m.id for m in item.materials], user=user)
    return case, code


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour))
