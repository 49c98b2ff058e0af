"""Configuring a hall through the portal: forms, pickers, rules, audit."""
import io
import json
import re

import pytest

import models


@pytest.fixture
def manager(auth):
    auth.login('demo-manager')
    return auth._client


@pytest.fixture
def city(auth):
    auth.login('demo-city')
    return auth._client


def hall(code):
    return models.Hall.get(models.Hall.code == code)


def options(html, name):
    """The option values of a select field of a form page."""
    match = re.search(r'<select[^>]*name="%s".*?</select>' % name, html, re.S)
    return set(re.findall(r'value="(\d+)"', match.group(0)))


def test_pickers_offer_only_records_in_scope(manager):
    html = manager.get('/portal/posts/new/').get_data(as_text=True)
    scope = hall('QL-YX').subtree_ids()
    agents = options(html, 'agent_a')
    assert agents == {str(a.id) for a in models.Agent.select().where(
        models.Agent.hall.in_(scope))}
    assert str(hall('QL-SM').agents.first().id) not in agents
    assert options(html, 'hall') == {str(h) for h in scope}
    windows = options(html, 'window')
    assert str(hall('QL-SM').windows.first().id) not in windows


def test_a_crafted_out_of_scope_choice_is_refused(manager):
    foreign = hall('QL-SM').agents.first()
    before = models.Agent.select().count()
    response = manager.post('/portal/agents/new/', data={
        'hall': foreign.hall_id, 'name': '越权', 'employment': 'full_time'})
    assert response.status_code == 200  # the form again, with an error
    assert models.Agent.select().count() == before


def test_post_with_the_same_a_and_b_shows_the_rule_in_the_form(manager):
    yx = hall('QL-YX')
    agent = yx.agents.first()
    manager.post('/lang/en')
    response = manager.post('/portal/posts/new/', data={
        'hall': yx.id, 'name': '同一人岗', 'agent_a': agent.id, 'agent_b': agent.id})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    error = re.search(r'(?s)name="agent_b".*?</select>(.*?)</div>', html).group(1)
    assert 'A and B of a post must be different people.' in error
    assert not models.Post.select().where(models.Post.name == '同一人岗').exists()


def test_agents_of_another_hall_cannot_staff_a_post(manager):
    town = hall('QL-YX-BS')
    other = hall('QL-YX').agents.first()
    mine = town.agents.first()
    response = manager.post('/portal/posts/new/', data={
        'hall': town.id, 'name': '跨厅岗', 'agent_a': mine.id, 'agent_b': other.id})
    assert response.status_code == 200
    assert not models.Post.select().where(models.Post.name == '跨厅岗').exists()


def test_every_change_is_audited_with_before_and_after(manager):
    window = hall('QL-YX').windows.first()
    response = manager.post('/portal/windows/edit/?id=%d' % window.id, data={
        'hall': window.hall_id, 'number': window.number, 'name': '新名字',
        'kind': window.kind, 'prefix': window.prefix, 'is_open': 'y',
        'minutes_per_ticket': 10,
        'served_departments': [str(d.department_id) for d in window.department_links]})
    assert response.status_code == 302
    entry = models.AuditLog.select().where(models.AuditLog.action == 'update').get()
    assert entry.model == 'Window' and entry.record_id == str(window.id)
    assert entry.user.username == 'demo-manager' and entry.hall_id == window.hall_id
    assert json.loads(entry.before)['name'] == window.name
    assert json.loads(entry.after)['name'] == '新名字'
    assert json.loads(entry.after)['minutes_per_ticket'] == 10
    log = manager.get('/portal/audit/details/?id=%d' % entry.id).get_data(as_text=True)
    assert '新名字' in log


def test_delete_is_audited_and_refused_while_in_use(manager):
    agent = hall('QL-YX').posts.first().agent_a
    response = manager.post('/portal/agents/delete/', data={'id': agent.id})
    assert response.status_code == 302
    assert models.Agent.get_or_none(models.Agent.id == agent.id) is not None
    # The refusal is recorded with its reason; no deletion is.
    [refusal] = models.AuditLog.select().where(models.AuditLog.action == 'delete')
    assert (refusal.result, refusal.model, refusal.record_id) == (
        'refused', 'Agent', str(agent.id))
    assert 'still in use' in json.loads(refusal.reason)['msgid']
    holiday = models.Holiday.create(hall=hall('QL-YX'), day='2031-05-06', kind='off')
    manager.post('/portal/holidays/delete/', data={'id': holiday.id})
    assert models.Holiday.get_or_none(models.Holiday.id == holiday.id) is None
    entry = models.AuditLog.get(models.AuditLog.action == 'delete',
                                models.AuditLog.result == 'success')
    assert json.loads(entry.before)['day'] == '2031-05-06'


def test_managers_cannot_touch_city_wide_holidays(manager):
    holiday = models.Holiday.create(city=hall('QL'), day='2031-05-07', kind='off')
    response = manager.post('/portal/holidays/edit/?id=%d' % holiday.id, data={
        'hall': hall('QL-YX').id, 'day': '2031-05-07', 'kind': 'workday'})
    assert response.status_code == 200
    assert models.Holiday.get_by_id(holiday.id).hall_id is None
    manager.post('/portal/holidays/delete/', data={'id': holiday.id})
    assert models.Holiday.get_or_none(models.Holiday.id == holiday.id) is not None


def test_item_search_finds_chinese_pinyin_and_initials(city):
    rsj = models.Department.get(models.Department.code == 'RSJ')
    response = city.post('/portal/items/new/', data={
        'code': 'RSJ-900', 'department': rsj.id, 'name': '社保登记',
        'power_kind': 'public_service', 'category': 'social_insurance',
        'time_limit_days': 1, 'offers_assisted': 'y', 'levels': ['town', 'village'],
        'materials-0-name': '身份证', 'materials-0-copies': 1,
        'materials-0-form': 'original', 'materials-0-source': '本人携带',
        'materials-0-required': 'y', 'materials-0-position': 0})
    assert response.status_code == 302
    item = models.Item.get(models.Item.code == 'RSJ-900')
    assert item.levels == 'town,village'
    assert [m.name for m in item.materials] == ['身份证']
    after = json.loads(models.AuditLog.get(models.AuditLog.model == 'Item').after)
    assert after['materials'][0]['name'] == '身份证'
    for text in ('社保登记', 'shebaodengji', 'sbdj', 'SBDJ'):
        html = city.get('/portal/items/', query_string={'search': text}).get_data(as_text=True)
        assert re.search(r'[?&]id=%d&' % item.id, html), text
    html = city.get('/portal/items/', query_string={'search': 'sbdj'}).get_data(as_text=True)
    assert '城乡居民基本养老保险参保登记' not in html


def test_catalogue_filters_by_department_category_level_and_time_limit(city):
    city.post('/lang/en')
    html = city.get('/portal/items/').get_data(as_text=True)
    groups = json.loads(re.search(r'<div id="filter-groups-data"[^>]*>(.*?)</div>',
                                  html).group(1))

    def filtered(group, operation, value):
        arg = next(f['arg'] for f in groups[group] if f['operation'] == operation)
        page = city.get('/portal/items/', query_string={'flt0_%s' % arg: value,
                                                        'page_size': 100})
        return {int(i) for i in re.findall(r'[?&]id=(\d+)&', page.get_data(as_text=True))}

    tax = models.Department.get(models.Department.code == 'SWJ')
    assert filtered('Department', 'equals', tax.id) == {i.id for i in tax.items}
    assert filtered('Category', 'equals', 'tax') == {
        i.id for i in models.Item.select().where(models.Item.category == 'tax')}
    assert filtered('Hall levels', 'offered at', 'village') == {
        i.id for i in models.Item.select() if 'village' in i.level_list}
    assert filtered('Time limit (working days)', 'smaller than', 2) == {
        i.id for i in models.Item.select().where(models.Item.time_limit_days < 2)}


def test_managers_edit_items_but_not_departments_and_never_delete(manager):
    department = models.Department.select().first()
    response = manager.post('/portal/departments/edit/?id=%d' % department.id,
                            data={'code': department.code, 'name': '改名'})
    assert response.status_code == 302
    assert models.Department.get_by_id(department.id).name == department.name
    item = models.Item.create(code='X-1', department=department, name='无人用事项',
                              power_kind='public_service', category='tax',
                              time_limit_days=1)
    manager.post('/portal/items/delete/', data={'id': item.id})
    assert models.Item.get_or_none(models.Item.id == item.id) is not None
    assert manager.get('/portal/items/details/?id=%d' % item.id).status_code == 200


def test_kiosk_token_is_shown_once_and_only_its_hash_is_kept(manager):
    kiosk = hall('QL-YX').kiosks.first()
    old_hash = kiosk.token_hash
    response = manager.post('/portal/kiosks/token/', data={'id': kiosk.id})
    assert response.status_code == 200
    assert response.headers['Cache-Control'] == 'no-store'
    token = re.search(r'<code id="token">(K[^<]+)</code>', response.get_data(as_text=True)).group(1)
    kiosk = models.Kiosk.get_by_id(kiosk.id)
    assert kiosk.token_hash == models.digest(token) != old_hash
    assert models.Kiosk.by_token(token) == kiosk
    assert token not in manager.get('/portal/kiosks/').get_data(as_text=True)
    assert token not in ''.join(e.after for e in models.AuditLog.select())
    foreign = hall('QL-SM').kiosks.first()
    assert manager.post('/portal/kiosks/token/', data={'id': foreign.id}).status_code == 404


def test_a_shift_can_be_repeated_over_the_next_working_days(manager):
    town = hall('QL-YX-BS')
    kiosk, helper = town.kiosks.first(), town.agents.first()
    response = manager.post('/portal/shifts/new/', data={
        'kiosk': kiosk.id, 'helper': helper.id, 'starts_at': '2031-03-03 09:00:00',
        'ends_at': '2031-03-03 12:00:00', 'repeat': 4})
    assert response.status_code == 302
    days = [s.starts_at.date().isoformat() for s in models.Shift.select().where(
        models.Shift.helper == helper, models.Shift.starts_at >= '2031-01-01'
    ).order_by(models.Shift.starts_at)]
    assert days == ['2031-03-03', '2031-03-04', '2031-03-05', '2031-03-06', '2031-03-07']
    assert models.AuditLog.select().where(models.AuditLog.model == 'Shift').count() == 5


def test_hall_tree_rules_are_enforced(manager):
    yx = hall('QL-YX')
    response = manager.post('/portal/halls/new/', data={
        'code': 'QL-YX-XX', 'name': '错层级', 'level': 'county', 'parent': yx.id,
        'opens_at': '09:00', 'closes_at': '17:30'})
    assert response.status_code == 200
    assert not models.Hall.select().where(models.Hall.code == 'QL-YX-XX').exists()
    response = manager.post('/portal/halls/new/', data={
        'code': 'QL-YX-XX', 'name': '新镇', 'level': 'town', 'parent': yx.id,
        'opens_at': '09:00', 'closes_at': '17:30'})
    assert response.status_code == 302
    assert hall('QL-YX-XX').parent_id == yx.id


def test_managers_keep_the_templates_of_their_levels_items_only(manager):
    department = models.Department.select().first()

    def item(code, levels):
        return models.Item.create(code=code, department=department,
                                  name='模板事项' + code, levels=levels,
                                  power_kind='public_service', category='tax',
                                  time_limit_days=1)
    county, city_only = item('T-1', 'county,town'), item('T-2', 'city')
    foreign = models.ItemTemplate.create(item=city_only, title='市级申请书',
                                         filename='city.docx', data=b'city',
                                         content_type='application/msword')
    manager.post('/lang/en')
    # Versions are uploaded on the item's guide; the list only reads them.
    assert manager.get('/portal/item_templates/new/').status_code == 302
    response = manager.post('/portal/guide/%d/templates' % county.id, data={
        'title': '申请书', 'kind': 'application',
        'file': (io.BytesIO(b'%PDF-1.4 form'), 'apply.pdf', 'text/html')},
        content_type='multipart/form-data')
    assert response.status_code == 302
    made = models.ItemTemplate.get(models.ItemTemplate.title == '申请书')
    assert (made.item_id, made.filename, made.content_type, bytes(made.data)) == (
        county.id, 'apply.pdf', 'application/pdf', b'%PDF-1.4 form')
    listed = manager.get('/portal/item_templates/').get_data(as_text=True)
    assert 'apply.pdf' in listed and 'city.docx' not in listed
    assert 'Uploaded at' in listed
    response = manager.post('/portal/item_templates/edit/?id=%d' % made.id, data={
        'item': county.id, 'title': '申请书（新版）'},
        content_type='multipart/form-data')
    made = models.ItemTemplate.get_by_id(made.id)
    assert (made.title, bytes(made.data)) == ('申请书', b'%PDF-1.4 form')
    assert manager.get('/portal/item_templates/details/?id=%d' % made.id
                       ).status_code == 200
    assert manager.get('/portal/item_templates/details/?id=%d' % foreign.id
                       ).status_code == 404
    before = models.ItemTemplate.select().count()
    response = manager.post('/portal/guide/%d/templates' % city_only.id, data={
        'title': '越权', 'file': (io.BytesIO(b'%PDF-x'), 'x.pdf')},
        content_type='multipart/form-data')
    assert response.status_code == 403
    assert models.ItemTemplate.select().count() == before
    entry = models.AuditLog.get(models.AuditLog.model == 'ItemTemplate',
                                models.AuditLog.action == 'create')
    assert json.loads(entry.after)['filename'] == 'apply.pdf'


def test_the_city_sees_every_items_templates(city):
    item = models.Item.select().first()
    models.ItemTemplate.create(item=item, title='示范文本', filename='model.pdf',
                               data=b'x', content_type='application/pdf')
    listed = city.get('/portal/item_templates/').get_data(as_text=True)
    assert 'model.pdf' in listed and '事项模板' in listed
