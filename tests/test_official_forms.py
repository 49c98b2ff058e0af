"""The official Excel forms of policy document 004, exactly as printed:
附件8, the monthly statistics form, in its own grouped layout."""
import datetime
import io

import openpyxl
import pytest
from flask_babel import force_locale

import models
from flows import sign_in as login
from portal.excel import statistics_workbook
from seeds import factories as make
from support import typed_workbook

SEPT = datetime.date(2026, 9, 1)
SEPT_END = datetime.date(2026, 9, 30)


@pytest.fixture
def city(app, clock):
    """A county hall with a town below it: three September cases in the
    county (two completed, one rated satisfied, one rated very unsatisfied)
    and one still open in the town."""
    clock.set('2026-09-20T10:00:00+08:00')
    county = make.new_hall('OFC', 'county')
    town = make.new_hall('OFT', 'town', parent=county)
    item = make.new_item(make.department())
    manager = make.user('manager', 'hall_manager', county)
    cases = []
    for n, hall in enumerate([county, county, county, town]):
        day = make.at(SEPT + datetime.timedelta(days=n))
        case, _ = make.new_case(hall, item, make.applicant(n), user=manager, at=day)
        case.register(manager, at=day)
        case.start_handling(manager)
        cases.append(case)
    for case, rating in ((cases[0], 4), (cases[1], 1)):
        case.mark_ready(manager)
        case.deliver(manager)
        case.evaluate(rating, 'onsite', user=manager)
    return dict(county=county, town=town)




def values(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_form_has_the_grouped_header_title_numbers_and_notes(city, client):
    login(client, 'manager')
    response = client.get('/portal/stats/export.xlsx?month=2026-09')
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert len(book.worksheets) == 1  # a Chinese reader gets the form alone
    sheet = book.worksheets[0]
    rows = values(sheet)
    assert rows[0][0] == '测试OFC大厅帮办代办服务事项办件统计表（2026年9月）'
    assert rows[1][0] == '单位：测试OFC大厅'
    assert '2026-09-01' in rows[1][2] and '2026-09-30' in rows[1][2]
    assert rows[2] == ['序号', '单位名称', '帮办代办服务事项情况', None, None, None, '备注']
    assert rows[3] == [None, None, '受理数量', '在办数量', '办结数量', '满意度', None]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {'A1:G1', 'A3:A4', 'B3:B4', 'C3:F3', 'G3:G4'} <= merged
    county, town, total = rows[4], rows[5], rows[6]
    assert county[:6] == [1, '测试OFC大厅', 3, 1, 2, 0.5]
    assert town[:6] == [2, '测试OFT大厅', 1, 1, 0, None]
    assert total[1:6] == ['合计', 4, 2, 2, 0.5]
    for line in (4, 5, 6):  # numbers as numbers, 满意度 as a percentage
        assert all(isinstance(v, int) for v in rows[line][2:5])
    assert sheet['F5'].number_format == '0.0%' and sheet['F7'].number_format == '0.0%'
    assert rows[7][0] == '说明：1.受理数量=在办数量+办结数量。'
    assert rows[8][0].startswith('2.满意度=“非常满意”“满意”“基本满意”')


def test_the_form_stays_chinese_and_an_english_copy_is_beside_it(city, client):
    login(client, 'manager')
    client.post('/lang/en')
    response = client.get('/portal/stats/export.xlsx?month=2026-09')
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    official, english = book.worksheets
    assert book.active.title == official.title == '办件统计'
    assert values(official)[2][:3] == ['序号', '单位名称', '帮办代办服务事项情况']
    assert values(official)[6][1] == '合计'
    rows = values(english)
    assert english.title == 'Statistics'
    assert 'September' not in rows[0][0] and '2026/9' in rows[0][0]
    assert rows[2] == ['No.', 'Unit name', 'Assisted and proxy handling cases',
                       None, None, None, 'Remarks']
    assert rows[3][2:6] == ['Accepted', 'Still open', 'Completed', 'Satisfaction']
    assert rows[6][1:6] == ['Total', 4, 2, 2, 0.5]
    # Nothing English leaks into the official sheet.
    text = ' '.join(str(v) for row in values(official) for v in row if v)
    assert not any(word in text for word in ('Total', 'Accepted', 'Unit', 'Notes'))


def test_the_monthly_copy_is_the_same_official_form(city, app):
    with app.app_context(), force_locale('zh_Hans_CN'):  # as the job runs
        data = statistics_workbook(city['county'], SEPT, SEPT_END)
    book = openpyxl.load_workbook(data)
    assert len(book.worksheets) == 1
    rows = values(book.active)
    assert rows[2][0] == '序号' and rows[3][2] == '受理数量'
    assert rows[6][1:6] == ['合计', 4, 2, 2, 0.5]


def test_a_period_that_is_not_a_month_is_named_by_its_dates(city, app):
    with app.test_request_context(), force_locale('zh_Hans_CN'):
        data = statistics_workbook(city['county'], SEPT, SEPT + datetime.timedelta(days=9))
    title = openpyxl.load_workbook(data).active['A1'].value
    assert title == '测试OFC大厅帮办代办服务事项办件统计表（2026-09-01至2026-09-10）'


def test_department_lines_show_the_same_form(city, client):
    login(client, 'manager')
    response = client.get('/portal/stats/export.xlsx?month=2026-09&by=department')
    rows = values(openpyxl.load_workbook(io.BytesIO(response.data)).active)
    assert rows[2][0] == '序号' and rows[-3][1] == '合计'
    # by department, the county's own three cases
    assert rows[-3][2:6] == [3, 1, 2, 0.5]
    assert models.Department.select().count() >= 1


# --- 附件2, the liaison registry: export, import, and the round trip -----------

def liaison_state():
    return (sorted((l.hall_id, l.department_id or 0, l.agent_id, l.title)
                   for l in models.Liaison.select()),
            sorted((a.id, a.hall_id, a.name, a.phone) for a in models.Agent.select()),
            models.AuditLog.select().count())


def upload(client, data, name='liaisons.xlsx'):
    return client.post('/portal/excel/import-liaisons/', data={
        'file': (io.BytesIO(data), name)}, content_type='multipart/form-data')


def sheet_of(rows, title='帮办代办窗口和进驻部门联络员情况登记表'):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append(['序号', '地区', '单位名称', '姓名', '职务', '联系电话', '备注'])
    for number, row in enumerate(rows, start=1):
        sheet.append([number] + list(row))
    return typed_workbook(book)


@pytest.mark.parametrize('username', ['demo-city', 'demo-manager'])
def test_the_exported_registry_imported_again_changes_nothing(auth, username):
    auth.login(username)
    client = auth._client
    data = client.get('/portal/excel/liaisons.xlsx').data
    rows = values(openpyxl.load_workbook(io.BytesIO(data)).active)
    assert len(rows) > 2  # the demo halls have liaisons
    before = liaison_state()
    response = upload(client, data)
    assert response.status_code == 302
    assert liaison_state() == before


def test_a_registry_sets_liaisons_and_adds_agents_it_does_not_know(auth):
    auth.login('demo-manager')
    client = auth._client
    hall = models.User.get(models.User.username == 'demo-manager').hall
    department = models.Department.select().order_by(models.Department.id).first()
    models.Liaison.delete().where(models.Liaison.hall == hall).execute()
    data = sheet_of([
        (hall.name, hall.name, '王联络', '窗口负责人', '13800000001', ''),
        (hall.name, department.name, '李联络', '科员', '13800000002', ''),
    ])
    response = upload(client, data)
    assert response.status_code == 302
    liaisons = {l.department_id: l for l in
                models.Liaison.select().where(models.Liaison.hall == hall)}
    assert liaisons[None].agent.name == '王联络' and liaisons[None].title == '窗口负责人'
    assert liaisons[None].agent.employment == 'full_time'
    other = liaisons[department.id].agent
    assert (other.name, other.phone, other.employment) == ('李联络', '13800000002',
                                                            'part_time')
    # The same sheet again: nothing new.
    before = liaison_state()
    assert upload(client, data).status_code == 302
    assert liaison_state() == before


def test_any_wrong_row_is_named_and_nothing_is_imported(auth):
    auth.login('demo-manager')
    client = auth._client
    hall = models.User.get(models.User.username == 'demo-manager').hall
    outside = (models.Hall.select()
               .where(models.Hall.id.not_in(hall.subtree_ids())).first())
    before = liaison_state()
    data = sheet_of([
        (hall.name, hall.name, '王联络', '窗口负责人', '13800000001', ''),
        (outside.name, outside.name, '赵联络', '', '', ''),
        (hall.name, '没有这个局', '钱联络', '', '', ''),
        (hall.name, hall.name, '孙联络', '', 'not a phone', ''),
        (hall.name, hall.name, '', 'x' * 61, '', ''),
        (hall.name, hall.name, '周\t联络', '', '', ''),
    ])
    response = upload(client, data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for row in (4, 5, 6, 7, 8):
        assert '第%d行：' % row in page, row
    assert '没有这个局' in page
    assert '<li>第3行' not in page  # the good row
    assert liaison_state() == before  # nothing, not even the good row


def test_errors_are_in_the_readers_language(auth):
    auth.login('demo-manager')
    client = auth._client
    client.post('/lang/en')
    response = upload(client, sheet_of([('没有这个大厅', '某局', '王', '', '', '')]))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'Row 3: unknown hall' in page and 'Nothing was imported' in page


def test_a_formula_in_a_cell_is_kept_as_text(auth):
    auth.login('demo-manager')
    client = auth._client
    hall = models.User.get(models.User.username == 'demo-manager').hall
    data = sheet_of([(hall.name, hall.name, '王联络', '=cmd|\' /C calc\'!A0', '', '')])
    assert upload(client, data).status_code == 302
    liaison = models.Liaison.get(models.Liaison.hall == hall,
                                 models.Liaison.department.is_null())
    assert liaison.title == '=cmd|\' /C calc\'!A0'
    exported = client.get('/portal/excel/liaisons.xlsx').data
    cells = [c for row in openpyxl.load_workbook(io.BytesIO(exported)).active.iter_rows()
             for c in row]
    assert not [c for c in cells if c.data_type == 'f']


def test_not_a_workbook_or_not_the_form_is_refused(auth):
    auth.login('demo-manager')
    client = auth._client
    before = liaison_state()
    response = upload(client, b'just text', name='list.xlsx')
    assert response.status_code == 400 and 'Excel' in response.get_data(as_text=True)
    response = upload(client, sheet_of([], title='x'), name='a.csv')
    assert response.status_code == 400
    book = openpyxl.Workbook()
    book.active.append(['姓名', '电话'])
    data = io.BytesIO()
    book.save(data)
    response = upload(client, data.getvalue())
    assert response.status_code == 400 and '序号' in response.get_data(as_text=True)
    assert liaison_state() == before


def test_only_hall_managers_and_the_city_import(auth):
    auth.login('demo-agent')
    hall = models.User.get(models.User.username == 'demo-agent').hall
    before = liaison_state()
    response = upload(auth._client, sheet_of([(hall.name, hall.name, '王', '', '', '')]))
    assert response.status_code == 403
    assert liaison_state()[:2] == before[:2]


def test_a_liaison_is_an_agent_of_the_same_hall(app):
    here, there = make.new_hall('LHA', 'county'), make.new_hall('LHB', 'county')
    agent = models.Agent.create(hall=there, name='外厅人员', employment='full_time')
    with pytest.raises(models.DomainError):
        models.Liaison.appoint(here, None, agent, '联络员')
    assert models.Liaison.select().where(models.Liaison.hall == here).count() == 0
    own = models.Agent.create(hall=here, name='本厅人员', employment='full_time')
    liaison, before = models.Liaison.appoint(here, None, own, '联络员')
    assert before is None and liaison.agent_id == own.id
    again, before = models.Liaison.appoint(here, None, own, '联络员')
    assert again.id == liaison.id and before == (own.id, '联络员')
