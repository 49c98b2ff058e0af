"""Items are found by their everyday names (别名): 社保, 医保, 公积金, 营业执照,
with their pinyin and initials; edited in the portal, carried by the 附件1
list, seeded for the demo catalogue; the kiosk's search field shows
examples that find something."""
import io
import re

import pytest
from openpyxl import load_workbook

import models
from flows import item, serve_new_applicant, text
from kiosk.views import SEARCH_EXAMPLES
from portal.excel import CATALOGUE_COLUMNS, OFFICIAL_CATALOGUE_COLUMNS
from support import workbook


@pytest.fixture
def city(auth):
    auth.login('demo-city')
    return auth._client


def found(text_):
    return {i.code for i in models.Item.search(text_)}


def test_everyday_names_find_their_items(demo_app):
    assert {'RSJ-001', 'RSJ-005', 'RSJ-006'} <= found('社保')
    assert {'YBJ-001', 'YBJ-002', 'YBJ-003'} <= found('医保')
    assert {'GJJ-001', 'GJJ-002', 'GJJ-005'} <= found('公积金')
    assert {'SCJ-001', 'SCJ-002'} <= found('营业执照')
    # Their pinyin and initials too, in any case.
    assert {'YBJ-001'} <= found('yibao') and {'YBJ-001'} <= found('YiBao')
    assert {'SCJ-001', 'SCJ-002'} <= found('yyzz')
    assert {'RSJ-001'} <= found('shebao')
    assert {'RSJ-006'} <= found('sbdj')  # 社保登记
    assert found('低保') == {'MZJ-001'}


def test_the_search_examples_each_find_something_in_both_languages(helper):
    serve_new_applicant(helper, 51)
    for language, lead in (('zh_Hans_CN', '例如：'), ('en', 'e.g. ')):
        helper.post('/lang/%s' % language, data={'next': '/kiosk/items'})
        page = text(helper.get('/kiosk/items'))
        placeholder = re.search(r'placeholder="([^"]+)"', page).group(1)
        shown = placeholder.split(lead, 1)[1].split(' / ')
        assert shown == list(SEARCH_EXAMPLES), placeholder
        for example in shown:
            results = text(helper.get('/kiosk/items', query_string={'q': example}))
            assert re.search(r'class="choice" href="/kiosk/items/\d+"',
                             results), (language, example)


def test_aliases_are_edited_in_the_portal_and_searched_at_once(city):
    target = item('ZRJ-004')  # 不动产更正登记, no alias yet
    assert target.aliases == '' and 'ZRJ-004' not in found('改房本')
    form = city.get('/portal/items/edit/?id=%d' % target.id).get_data(as_text=True)
    assert 'name="aliases"' in form and 'name="min_age"' in form
    data = {f: getattr(target, f) for f in (
        'code', 'name', 'sub_name', 'power_kind', 'category', 'time_limit_days',
        'basic_info', 'conditions', 'procedure', 'fees', 'legal_basis',
        'intermediary', 'faq', 'remarks')}
    data.update(department=target.department_id, levels=target.level_list,
                offers_assisted='y', offers_proxy='y', is_active='y',
                aliases='改房本，房产证写错', min_age='')
    for n, m in enumerate(target.materials):
        data.update({'materials-%d-id' % n: m.id, 'materials-%d-name' % n: m.name,
                     'materials-%d-copies' % n: m.copies,
                     'materials-%d-form' % n: m.form,
                     'materials-%d-source' % n: m.source,
                     'materials-%d-position' % n: m.position})
        if m.required:
            data['materials-%d-required' % n] = 'y'
    response = city.post('/portal/items/edit/?id=%d' % target.id, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    edited = item('ZRJ-004')
    assert edited.alias_list == ['改房本', '房产证写错'] and edited.min_age is None
    assert 'ZRJ-004' in found('改房本') and 'ZRJ-004' in found('gfb')
    assert 'ZRJ-004' in found('fangchanzheng')
    assert models.AuditLog.select().where(models.AuditLog.model == 'Item',
                                          models.AuditLog.record_id == str(target.id)).exists()
    # A minimum age out of range is refused with a message, nothing kept.
    city.post('/lang/en')
    data.update(min_age='200')
    response = city.post('/portal/items/edit/?id=%d' % target.id, data=data,
                         follow_redirects=True)
    assert 'from 0 to 150' in text(response)
    assert item('ZRJ-004').min_age is None


def test_hostile_aliases_are_text_and_wildcards_match_nothing_more(demo_app):
    target = item('ZRJ-005')
    target.aliases = '%、_、<script>x</script>'
    target.save()
    everything = models.Item.select().where(models.Item.is_active == True).count()  # noqa: E712
    assert len(found('%')) < everything and len(found('_')) < everything
    assert 'ZRJ-005' in found('%')
    target.aliases = 'a\x07b'
    with pytest.raises(models.FieldError):
        target.save()
    target.aliases = '长' * 201
    with pytest.raises(models.FieldError):
        target.save()


def sheet(columns, rows):
    return workbook(rows, columns)


def upload(client, data, level='county'):
    return client.post('/portal/excel/import/', data={
        'level': level, 'file': (io.BytesIO(data), 'list.xlsx')},
        content_type='multipart/form-data')


def test_the_list_carries_the_aliases_out_and_in(city):
    response = city.get('/portal/excel/catalogue.xlsx?level=county')
    rows = [list(r) for r in load_workbook(io.BytesIO(response.data))
            .active.iter_rows(values_only=True)]
    assert rows[1] == CATALOGUE_COLUMNS and rows[1][9] == '别名'
    by_name = {(r[2], r[3] or ''): r for r in rows[2:]}
    assert by_name[('高龄津贴申领', '')][9] == '高龄补贴、老人补贴、长寿金'
    # Edited in the sheet, imported back: the aliases change and are found.
    row = list(by_name[('不动产登记资料查询', '')])
    row[9] = '查房产、房产档案'
    assert upload(city, sheet(CATALOGUE_COLUMNS, [row])).status_code == 302
    assert item('ZRJ-005').alias_list == ['查房产', '房产档案']
    assert 'ZRJ-005' in found('cfc')


def exported_row(client, name, sub_name):
    response = client.get('/portal/excel/catalogue.xlsx?level=county')
    for row in load_workbook(io.BytesIO(response.data)).active.iter_rows(
            min_row=3, values_only=True):
        if (row[2], row[3] or '') == (name, sub_name):
            return list(row)
    raise AssertionError(name)


def test_a_list_in_the_official_columns_leaves_the_aliases(city):
    before = item('GJJ-002').aliases
    row = exported_row(city, '住房公积金提取', '租赁住房提取')[:9]
    row[8] = '改了备注'
    response = upload(city, sheet(OFFICIAL_CATALOGUE_COLUMNS, [row]))
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    assert item('GJJ-002').remarks == '改了备注'
    assert item('GJJ-002').aliases == before != ''


def test_a_bad_alias_in_the_list_imports_nothing(city):
    row = exported_row(city, '住房公积金提取', '租赁住房提取')
    row[9] = '长' * 201
    before = item('GJJ-002').aliases
    response = upload(city, sheet(CATALOGUE_COLUMNS, [row]))
    assert response.status_code == 400
    assert item('GJJ-002').aliases == before
