"""Kiosk registration's write path through the models (find or record the
applicant, open, screen, register and queue): the statements one case costs
stay few and the same whatever the day's volume, and every record a case
leaves behind is still written."""
import random

import models
import validators
from support import statements


def _setting():
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    helper = models.User.get(models.User.username == 'demo-helper')
    item = next(i for i in models.Item.select().order_by(models.Item.id)
                if hall.window_for(item=i) is not None)
    return hall, helper, item


def _one_case(hall, item, helper, materials, rng):
    applicant = models.Applicant.find_or_create(
        'resident_id', validators.generate_resident_id(rng, region='150402'),
        '测试申请人', '13900006001')
    case, receipt = models.Case.open(hall, applicant, 'assisted', 'kiosk',
                                     user=helper, item=item)
    case.screen(materials, user=helper)
    ticket = case.register_and_queue(helper)
    return case, receipt, ticket


def _statements_per_case(hall, item, helper, materials, rng, cases):
    with statements(models.db.obj) as run:
        for _ in range(cases):
            _one_case(hall, item, helper, materials, rng)
    return len(run) / cases


def test_statements_per_case_are_few_and_flat(demo_app):
    rng = random.Random(11)
    with demo_app.app_context():
        hall, helper, item = _setting()
        materials = [m.id for m in item.materials]
        _one_case(hall, item, helper, materials, rng)  # warm the caches
        few = _statements_per_case(hall, item, helper, materials, rng, 3)
        many = _statements_per_case(hall, item, helper, materials, rng, 30)
    # 34 before the write path was trimmed (the checklist in one insert,
    # the webhook clients read once a transaction, no revoke of a receipt
    # that cannot exist, no savepoint around a counter).
    assert few == many
    assert many <= 27, many


def test_every_record_of_a_case_is_still_written(demo_app):
    rng = random.Random(12)
    with demo_app.app_context():
        hall, helper, item = _setting()
        materials = [m.id for m in item.materials]
        case, receipt, ticket = _one_case(hall, item, helper, materials, rng)
        case = models.Case.get_by_id(case.id)
        assert case.status == 'registered' and case.due_date is not None
        assert [e.action for e in case.events.order_by(models.CaseEvent.id)] \
            == ['open', 'register']
        assert [m.material_id for m in case.checklist()] == materials
        assert {m.state for m in case.checklist()} == {'provided'}
        assert models.Case.by_receipt(receipt).id == case.id
        assert ticket.case_id == case.id and ticket.window_id == case.window_id


def test_webhooks_follow_each_event_with_clients_read_once(demo_app):
    """With an integration listening, each event still has its message;
    the hall's clients are read once in the transaction that registers and
    queues, and again by the next transaction (a client added meanwhile is
    told)."""
    rng = random.Random(13)
    with demo_app.app_context():
        hall, helper, item = _setting()
        manager = models.User.get(models.User.username == 'demo-manager')
        first, _ = models.ApiClient.issue(manager, '省平台', [hall.id])
        first.set_webhook(manager, 'https://localhost/a')
        materials = [m.id for m in item.materials]
        with statements(models.db.obj) as run:
            case, _, ticket = _one_case(hall, item, helper, materials, rng)
        reads = [sql for sql, _ in run if 'FROM "api_client"' in sql]
        assert len(reads) == 2  # opening; registering and queueing
        second, _ = models.ApiClient.issue(manager, '市平台', [hall.id])
        second.set_webhook(manager, 'https://localhost/b')
        again, _, _ = _one_case(hall, item, helper, materials, rng)
        sent = models.OutboxMessage.select().where(
            models.OutboxMessage.channel == 'webhook')
        keys = sorted((m.kind, m.client_id, m.case_id or m.ticket_id)
                      for m in sent)
        assert [k for k in keys if k[2] == case.id or k[2] == ticket.id] == \
            sorted([('case.open', first.id, case.id),
                    ('case.register', first.id, case.id),
                    ('ticket.issue', first.id, ticket.id)])
        assert {(k[0], k[1]) for k in keys if k[2] == again.id} == {
            ('case.open', first.id), ('case.open', second.id),
            ('case.register', first.id), ('case.register', second.id)}


def test_outside_a_transaction_nothing_is_kept(demo_app):
    with demo_app.app_context():
        assert models.transaction_cache() is None
        with models.write_transaction():
            kept = models.transaction_cache()
            kept['x'] = 1
            with models.db.atomic():  # a savepoint shares its transaction's
                assert models.transaction_cache() is kept
        with models.write_transaction():
            assert models.transaction_cache() == {}


def _more_bundles(count):
    """`count` more active bundles, each of the first bundle's parts."""
    model = models.Bundle.select().order_by(models.Bundle.id).first()
    parts = list(model.parts)
    for n in range(count):
        bundle = models.Bundle.create(
            code='XB-%03d' % n, name='%s（%d）' % (model.name, n),
            kind=model.kind, lead_department=model.lead_department_id)
        models.BundleItem.insert_many([
            dict(bundle=bundle.id, item=p.item_id, stage=p.stage, position=p.position)
            for p in parts]).execute()


def test_the_item_search_lists_bundles_in_the_same_queries_however_many(
        helper, demo_app):
    from flows import serve_new_applicant
    serve_new_applicant(helper, 51)

    def page_statements():
        with statements(models.db.obj) as run:
            page = helper.get('/kiosk/items').get_data(as_text=True)
        return len(run), page
    helper.get('/kiosk/items')
    few, _ = page_statements()
    _more_bundles(10)
    many, page = page_statements()
    assert few == many
    slowest = max(p.item.time_limit_days for p in
                  models.Bundle.select().order_by(models.Bundle.id).first().parts)
    assert page.count('%d working day' % slowest) >= 11  # each bundle's time
