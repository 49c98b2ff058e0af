"""Records made one at a time, for the demo city and the tests alike: halls,
departments and items, staff accounts, fictional applicants and their cases.

Every account made here has the one password PASSWORD (the demo city's).
The lookups (`hall`, `item`, `bundle`) find records of the demo city."""
import datetime
import random

import models
import validators

PASSWORD = 'bangban-demo'


# --- The demo city's records ---------------------------------------------------

def hall(code):
    return models.Hall.get(models.Hall.code == code)


def item(code):
    return models.Item.get(models.Item.code == code)


def bundle(code):
    return models.Bundle.get(models.Bundle.code == code)


# --- New records ----------------------------------------------------------------

def new_hall(code='TST', level='county', parent=None, name=None):
    return models.Hall.create(code=code, name=name or '测试%s大厅' % code,
                              level=level, parent=parent)


def department(code='RSJ', name='人力资源和社会保障局', short_name='人社'):
    return models.Department.get_or_create(
        code=code, defaults=dict(name=name, short_name=short_name))[0]


def new_item(department, code='ITEM-1', name='城乡居民养老保险参保登记',
             days=5, levels='city,county,town,village', materials=2):
    item = models.Item.create(code=code, department=department, name=name,
                              power_kind='public_service',
                              category='social_insurance',
                              time_limit_days=days, levels=levels)
    for n in range(materials):
        models.ItemMaterial.create(item=item, name='材料%d' % (n + 1),
                                   position=n, deferrable=(n == 1))
    return item


def user(username, role='hall_manager', hall_=None, name=None,
         agent_name=None, pin=None, password=PASSWORD):
    """A staff account in a hall (a Hall, or a demo hall's code); with
    `agent_name`, their agent record too; with `pin`, a kiosk PIN."""
    if isinstance(hall_, str):
        hall_ = hall(hall_)
    account = models.User(username=username, role=role, name=name or username,
                          hall=hall_)
    account.set_password(password)
    if pin and account.uses_kiosks:
        account.set_pin(pin)
    account.save()
    if agent_name:
        models.Agent.create(user=account, hall=account.hall, name=agent_name,
                            employment='full_time')
    return account


def applicant(seed=1, kind='person'):
    """A fictional applicant with a valid ID number (or credit code)."""
    rng = random.Random(seed)
    if kind == 'enterprise':
        number = validators.generate_credit_code(rng)
        return models.Applicant.find_or_create(kind, number, '测试科技有限公司',
                                               '13900001234')
    number = validators.generate_resident_id(rng)
    return models.Applicant.find_or_create(kind, number, '测试申请人%d' % seed,
                                           '13900001234')


def new_case(hall_, item_, applicant_, form='assisted', user=None, at=None):
    """A case screened with every material provided, still at consultation;
    with its receipt code."""
    case, code = models.Case.open(hall_, applicant_, form, 'window', user=user,
                                  item=item_, at=at)
    case.screen([m.id for m in item_.materials], user=user)
    return case, code


def open_case(hall_code='QL-YX', item_code='RSJ-001', bundle_code=None,
              service_form='proxy', seed=1, screened=True):
    """A case at consultation in the demo city, with its materials all
    provided by default."""
    subject = dict(bundle=bundle(bundle_code)) if bundle_code else dict(
        item=item(item_code))
    case, _ = models.Case.open(hall(hall_code), applicant(seed), service_form,
                               'window', **subject)
    if screened:
        case.screen([m.id for m in case.catalogue_materials()])
    return models.Case.get_by_id(case.id)


def registered_case(agent=None, **kwargs):
    """A case registered with the given agent, or the hall's first one."""
    case = open_case(**kwargs)
    case.register(agent=agent or case.hall.agents.order_by(models.Agent.id).first())
    return models.Case.get_by_id(case.id)


def at(day, hour=10):
    """A day at an hour, as the models keep times (the hall's, naive)."""
    return datetime.datetime.combine(day, datetime.time(hour))
