"""Small factories for case tests: fictional applicants, staff, and cases in the demo city."""
import random

import models
import validators

PASSWORD = 'a-long-test-password'


def hall(code):
    return models.Hall.get(models.Hall.code == code)


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


def user(username, role, hall_code, agent_name=None):
    """A staff account (and, for agents, their agent record) in a hall."""
    account = models.User(username=username, role=role, name=username,
                          hall=hall(hall_code))
    account.set_password(PASSWORD)
    account.save()
    if agent_name:
        models.Agent.create(user=account, hall=account.hall, name=agent_name,
                            employment='full_time')
    return account


def item(code):
    return models.Item.get(models.Item.code == code)


def bundle(code):
    return models.Bundle.get(models.Bundle.code == code)


def open_case(hall_code='QL-YX', item_code='RSJ-001', bundle_code=None,
              service_form='proxy', seed=1, screened=True):
    """A case at consultation, with its materials all provided by default."""
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
