"""The catalogue (附件1) and liaison registry (附件2) in and out of Excel."""
import io

import pytest
from openpyxl import load_workbook

import models
from portal.excel import CATALOGUE_COLUMNS, LIAISON_COLUMNS
from support import workbook  # noqa: F401


@pytest.fixture
def city(auth):
    auth.login('demo-city')
    return auth._client


def sheet_rows(data):
    return [list(row) for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]


def upload(client, data, level='town', name='list.xlsx'):
    return client.post('/portal/excel/import/', data={
        'level': level, 'file': (io.BytesIO(data), name)},
        content_type='multipart/form-data')


def snapshot():
    return sorted((i.code, i.name, i.levels, i.time_limit_days, i.power_kind, i.remarks)
                  for i in models.Item.select())


def test_export_per_level_in_the_columns_of_form_1(city):
    response = city.get('/portal/excel/catalogue.xlsx?level=village')
    assert response.status_code == 200
    rows = sheet_rows(response.data)
    assert rows[1] == CATALOGUE_COLUMNS
    village = [i for i in models.Item.select() if 'village' in i.level_list and i.is_active]
    assert len(rows) - 2 == len(village)
    assert {r[2] for r in rows[2:]} == {i.name for i in village}
    assert [r[0] for r in rows[2:]] == list(range(1, len(village) + 1))
    assert city.get('/portal/excel/catalogue.xlsx?level=moon').status_code == 404


def test_round_trip_changes_nothing_then_imports_edits(city):
    exported = city.get('/portal/excel/catalogue.xlsx?level=county').data
    before = snapshot()
    response = upload(city, exported, level='county')
    assert response.status_code == 302
    assert snapshot() == before
    rows = sheet_rows(exported)
    rows[2][6] = '9个工作日'
    rows[2][8] = '新备注'
    rows.append([None, '人力资源和社会保障局', '新导入事项', '', rows[2][4], rows[2][5],
                 '即办', rows[2][7], ''])
    assert upload(city, workbook(rows[2:]), level='town').status_code == 302
    changed = models.Item.get(models.Item.name == rows[2][2],
                              models.Item.sub_name == (rows[2][3] or ''))
    assert changed.time_limit_days == 9 and changed.remarks == '新备注'
    assert 'town' in changed.level_list
    new = models.Item.get(models.Item.name == '新导入事项')
    assert new.levels == 'town' and new.time_limit_days == 0
    assert new.code.startswith('RSJ-') and new.initials == 'xdrsx'
    assert models.AuditLog.select().where(models.AuditLog.model == 'Item',
                                          models.AuditLog.action == 'create').count() == 1


def test_a_bad_file_writes_nothing_and_reports_every_row(city):
    exported = sheet_rows(city.get('/portal/excel/catalogue.xlsx?level=county').data)
    good = exported[2]
    rows = [
        good[:2] + ['好的新事项'] + good[3:],
        [None, '不存在的局'] + good[2:],
        good[:6] + ['很久'] + good[7:],
        good[:4] + ['not a kind'] + good[5:7] + ['快递'] + good[8:],
    ]
    before = snapshot()
    city.post('/lang/en')
    response = upload(city, workbook(rows), level='town')
    assert response.status_code == 400
    assert snapshot() == before
    html = response.get_data(as_text=True)
    assert 'Row 3:' not in html
    assert 'Row 4: unknown department' in html
    assert 'Row 5: the time limit' in html
    assert 'Row 6: unknown kind of power' in html and 'the form of handling' in html
    assert 'Nothing was imported' in html


def test_wrong_type_empty_and_oversized_uploads(city):
    before = snapshot()
    city.post('/lang/en')
    response = upload(city, b'name,department\n', name='list.csv')
    assert response.status_code == 400 and 'not an Excel workbook' in response.get_data(as_text=True)
    response = upload(city, b'PK\x03\x04 not really a zip', name='list.xlsx')
    assert response.status_code == 400 and 'not an Excel workbook' in response.get_data(as_text=True)
    response = upload(city, workbook([], columns=['甲', '乙']))
    assert response.status_code == 400 and '附件1' in response.get_data(as_text=True)
    response = upload(city, b'x' * (5 * 1024 * 1024 + 1))
    assert response.status_code == 413
    assert snapshot() == before


def test_liaison_registry_in_the_columns_of_form_2_and_scoped(auth, demo_client):
    auth.login('demo-manager')
    rows = sheet_rows(demo_client.get('/portal/excel/liaisons.xlsx').data)
    assert rows[1] == LIAISON_COLUMNS
    scope = models.Hall.get(models.Hall.code == 'QL-YX').subtree_ids()
    liaisons = models.Liaison.select().where(models.Liaison.hall.in_(scope))
    assert len(rows) - 2 == liaisons.count()
    assert {(r[3], r[4], r[5]) for r in rows[2:]} == {
        (li.agent.name, li.title, li.agent.phone) for li in liaisons}
    names = {r[1] for r in rows[2:]}
    assert '石门县政务服务中心' not in names and '云溪县政务服务中心' in names


def test_only_the_city_imports_the_catalogue(auth, demo_client):
    auth.login('demo-manager')
    response = upload(demo_client, workbook([]))
    assert response.status_code == 403
