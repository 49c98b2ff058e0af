"""Every identity document, end to end: the kiosk (scan and typed entry)
registers a case for each; the portal, booking and the Excel import of
applicant files take them too."""
import io
import re
from datetime import date

import pytest
from openpyxl import Workbook

import documents as ref
import models
import validators
from flows import (book, english, fresh, item, next_workday, open_case, screen_all,
                   slot_url, text)

TAIWAN_PERMIT = ref.residence_permit('830000', date(1979, 4, 5), 17)
PERMANENT_2023 = ref.foreign_permanent('44', 'KAZ', date(1988, 11, 30), 4)
HK_PERMIT = ref.hk_macau_permit('H', '80001234', renewals=1)


def register(client, applicant):
    """Open, screen and register an item for the applicant being served."""
    case = open_case(client, item('RSJ-002'))
    screen_all(client, case)
    response = client.post('/kiosk/cases/%d/register' % case.id,
                           data={'service_form': 'assisted'})
    assert response.status_code == 302
    case = fresh(case)
    assert (case.status, case.applicant_id) == ('registered', applicant.id)
    assert case.tickets.count() == 1
    return case


def first_visit(client, page, name):
    """Fill the first-visit form the page shows; the new file."""
    assert 'First visit' in page
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    response = client.post('/kiosk/applicant', data={
        'id_type': fields['id_type'], 'id_number': fields['id_number'],
        'nationality': fields['nationality'], 'name': name,
        'phone': '13900007001'})
    assert response.headers['Location'].endswith('/kiosk/items')
    return models.Applicant.get(models.Applicant.id_type == fields['id_type'],
                                models.Applicant.id_number == fields['id_number'])


def test_a_taiwan_residence_permit_is_scanned_and_registered(helper):
    english(helper)
    page = text(helper.post('/kiosk/scan', data={'code': TAIWAN_PERMIT}))
    assert 'Residence permit for Hong Kong, Macau and Taiwan residents' in page
    applicant = first_visit(helper, page, '测试台胞')
    assert (applicant.id_type, applicant.kind) == ('residence_permit', 'person')
    assert applicant.birth_date == date(1979, 4, 5)
    case = register(helper, applicant)
    receipt = text(helper.get('/kiosk/cases/%d' % case.id))
    assert applicant.masked_id in receipt and TAIWAN_PERMIT not in receipt
    # The next visit finds the same file.
    helper.post('/kiosk/next')
    response = helper.post('/kiosk/scan', data={'code': TAIWAN_PERMIT.lower()})
    assert response.headers['Location'].endswith('/kiosk/items')


def test_a_2023_permanent_resident_id_is_scanned_and_registered(helper):
    english(helper)
    page = text(helper.post('/kiosk/scan', data={'code': PERMANENT_2023}))
    assert 'Foreign permanent resident ID card' in page and 'Kazakhstan' in page
    applicant = first_visit(helper, page, 'Test Resident')
    assert (applicant.id_type, applicant.nationality) == ('foreign_permanent', 'KAZ')
    register(helper, applicant)


def test_a_passport_is_typed_with_its_nationality_and_registered(helper):
    english(helper)
    entry = text(helper.get('/kiosk/document'))
    assert 'Which document does the applicant show?' in entry
    assert re.search(r'value="resident_id" checked', entry)  # the default
    refused = helper.post('/kiosk/document', data={
        'id_type': 'passport', 'id_number': 'X9876543', 'nationality': ''})
    assert refused.status_code == 400 and 'nationality' in text(refused)
    page = text(helper.post('/kiosk/document', data={
        'id_type': 'passport', 'id_number': 'x9876543', 'nationality': 'DEU'}))
    assert 'X9876543' in page and 'Germany' in page
    applicant = first_visit(helper, page, 'Test Traveller')
    assert (applicant.id_type, applicant.nationality) == ('passport', 'DEU')
    register(helper, applicant)


def test_a_travel_permit_scan_asks_for_the_type_then_registers(helper):
    english(helper)
    before = models.Applicant.select().count()
    page = text(helper.post('/kiosk/scan', data={'code': HK_PERMIT}))
    # H and ten digits: a Hong Kong travel permit, or a passport.
    assert 'fits more than one type' in page
    assert 'value="hk_macau_permit"' in page and 'value="passport"' in page
    assert 'value="resident_id"' not in page
    assert models.Applicant.select().count() == before
    page = text(helper.post('/kiosk/document', data={
        'id_type': 'hk_macau_permit', 'id_number': HK_PERMIT}))
    applicant = first_visit(helper, page, '测试港人')
    # The file keeps the lifelong number: renewals find the same file.
    assert applicant.id_number == 'H80001234'
    register(helper, applicant)
    helper.post('/kiosk/next')
    response = helper.post('/kiosk/document', data={
        'id_type': 'hk_macau_permit', 'id_number': 'H8000123402'})
    assert response.headers['Location'].endswith('/kiosk/items')


def test_typed_entry_refuses_an_unknown_type_and_hostile_input(helper):
    english(helper)
    before = models.Applicant.select().count()
    for data in ({'id_type': 'driving_licence', 'id_number': TAIWAN_PERMIT},
                 {'id_type': '<script>', 'id_number': '"\'><img onerror=x>'},
                 {'id_type': 'passport', 'id_number': 'E' * 100000, 'nationality': 'USA'},
                 {'id_type': 'resident_id', 'id_number': '\x00' * 18}):
        response = helper.post('/kiosk/document', data=data)
        assert response.status_code == 400
        assert '<script>' not in text(response).split('</header>', 1)[1].replace(
            '&lt;script&gt;', '')
    refused = text(helper.post('/kiosk/document', data={
        'id_type': 'resident_id', 'id_number': TAIWAN_PERMIT}))
    assert 'residence permit' in refused
    response = helper.post('/kiosk/applicant', data={
        'id_type': 'nonsense', 'id_number': TAIWAN_PERMIT, 'name': 'x'})
    assert response.status_code == 400
    assert models.Applicant.select().count() == before


def test_the_kiosk_typed_entry_in_chinese(helper):
    helper.post('/lang/zh_Hans_CN', data={'next': '/kiosk/'})
    page = text(helper.get('/kiosk/document'))
    for label in ('居民身份证', '港澳台居民居住证', '外国人永久居留身份证', '护照',
                  '港澳居民来往内地通行证', '台湾居民来往大陆通行证', '统一社会信用代码'):
        assert label in page
    assert '申请人出示的是哪种证件？' in page


# --- the portal ------------------------------------------------------------------

@pytest.fixture
def window(auth):
    auth.login('demo-agent')
    return auth._client


def new_case(client, **form):
    subject = 'item:%d' % item('RSJ-002').id
    return client.post('/portal/cases/new', data=dict(
        {'subject': subject, 'service_form': 'assisted', 'phone': ''}, **form))


def test_the_portal_opens_cases_for_every_document(window):
    window.post('/lang/en', data={'next': '/portal/'})
    cases = {
        'residence_permit': dict(id_type='', id_number=TAIWAN_PERMIT, name='测试台'),
        'foreign_permanent': dict(id_type='', id_number=PERMANENT_2023, name='Test PR'),
        'passport': dict(id_type='passport', id_number='K1234567', nationality='JPN',
                         name='Test Passport'),
        'hk_macau_permit': dict(id_type='hk_macau_permit', id_number=HK_PERMIT,
                                name='测试港'),
        'taiwan_permit': dict(id_type='taiwan_permit', id_number='1234567802(B)',
                              name='测试台胞证'),
    }
    for id_type, form in cases.items():
        response = new_case(window, **form)
        assert response.status_code == 302, (id_type, text(response)[-3000:])
        applicant = models.Applicant.get(models.Applicant.name == form['name'])
        assert applicant.id_type == id_type
        detail = text(window.get(response.headers['Location']))
        # The case page shows the number masked (revealed only on request).
        assert applicant.masked_id in detail
        assert applicant.id_number not in detail
    # A number several types take, with no type chosen, is asked.
    response = new_case(window, id_type='', id_number='87651234', name='测试')
    assert 'choose the type of document' in text(response)
    # The applicant files list shows the type and finds a permit by any form.
    page = text(window.get('/portal/applicants/?q=%s' % HK_PERMIT))
    assert 'Mainland travel permit for Hong Kong and Macau residents' in page
    assert '测试港' in page
    passport = text(window.get('/portal/applicants/?q=k1234567'))
    assert 'Passport · Japan' in passport


# --- booking ---------------------------------------------------------------------

def test_booking_takes_every_person_document(demo_client):
    english(demo_client, '/book/')
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    day = next_workday(hall)
    form = text(demo_client.get(slot_url()))
    assert 'Type of document' in form and 'Unified social credit code' not in form
    response = book(demo_client, day, id_type='taiwan_permit', id_number='23456789',
                    name='测试预约')
    assert response.status_code == 303
    page = text(demo_client.get(response.headers['Location']))
    assert '******89' in page and '23456789' not in page
    appointment = models.Appointment.by_code(
        response.headers['Location'].rsplit('/', 1)[1])
    assert appointment.id_type == 'taiwan_permit'
    assert appointment.matches(validators.document('taiwan_permit', '23456789'))
    assert not models.Applicant.select().where(
        models.Applicant.name == '测试预约').exists()  # made at the kiosk only
    refused = book(demo_client, day, id_type='passport', id_number='P7654321',
                   nationality='', name='Test Booker')
    assert refused.status_code == 400 and 'nationality' in text(refused)
    refused = book(demo_client, day, id_type='credit_code', name='测试公司',
                   id_number=ref.credit_code())
    assert refused.status_code == 400 and 'type of identity document' in text(refused)
    booked = book(demo_client, day, half_day='pm', id_type='passport',
                  id_number='P7654321', nationality='GBR', name='Test Booker')
    assert booked.status_code == 303


# --- the Excel import of applicant files ------------------------------------------

COLUMNS = ['序号', '证件类型', '证件号码', '国籍', '姓名或名称', '联系电话', '联系人', '地址']


def workbook(rows):
    book = Workbook()
    book.active.append(['申请人档案'])
    book.active.append(COLUMNS)
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def upload(client, data):
    return client.post('/portal/applicants/import', data={
        'file': (io.BytesIO(data), 'files.xlsx')}, content_type='multipart/form-data')


@pytest.fixture
def manager(auth):
    auth.login('demo-manager')
    auth._client.post('/lang/en', data={'next': '/portal/'})
    return auth._client


ROWS = [
    [1, '居民身份证', ref.resident_id(born=date(1950, 5, 5)), '', '测试导入甲', '13900008001', '', '某街1号'],
    [2, '', TAIWAN_PERMIT, '', '测试导入乙', '', '', ''],
    [3, '护照', 'E5550001', '美国', 'Test Import', '', '', ''],
    [4, 'passport', 'E5550002', 'DEU', 'Test Import Two', '', '', ''],
    [5, '外国人永久居留身份证', ref.foreign_permanent_old('GBR'), '', 'Test Old PR', '', '', ''],
    [6, '回乡证', 'M12312312', '', '测试导入丙', '', '', ''],
    [7, '台胞证', '34567890', '', '测试导入丁', '', '', ''],
    [8, '统一社会信用代码', ref.credit_code(body8='11112222'), '', '测试导入公司', '', '测试联系人', ''],
]


def test_the_import_takes_every_document_type(manager):
    response = upload(manager, workbook(ROWS))
    assert response.status_code == 302, text(response)[-2000:]
    found = {a.name: (a.id_type, a.nationality) for a in models.Applicant.select()
             .where(models.Applicant.name.startswith('测试导入') |
                    models.Applicant.name.startswith('Test '))}
    assert found['测试导入乙'] == ('residence_permit', '')
    assert found['Test Import'] == ('passport', 'USA')
    assert found['Test Import Two'] == ('passport', 'DEU')
    assert found['Test Old PR'] == ('foreign_permanent', 'GBR')
    assert found['测试导入丙'] == ('hk_macau_permit', '')
    assert found['测试导入丁'] == ('taiwan_permit', '')
    assert found['测试导入公司'] == ('credit_code', '')
    assert models.AuditLog.select().where(models.AuditLog.model == 'Applicant').count() >= 8
    # The same sheet again changes nothing.
    count = models.Applicant.select().count()
    assert upload(manager, workbook(ROWS)).status_code == 302
    assert models.Applicant.select().count() == count


def test_a_wrong_row_imports_nothing(manager):
    before = models.Applicant.select().count()
    rows = ROWS[:2] + [
        [3, '驾驶证', '12345678', '', '测试错一', '', '', ''],
        [4, '', '87654321', '', '测试错二', '', '', ''],
        [5, '护照', 'E5550003', '', '测试错三', '', '', ''],
        [6, '居民身份证', ref.residence_permit('820000'), '', '测试错四', '', '', ''],
        [7, '', TAIWAN_PERMIT, '', '测试导入乙', '', '', ''],
        [8, '<script>', '"\'><img onerror=x>', '', 'x' * 200, 'not a phone', '', ''],
    ]
    response = upload(manager, workbook(rows))
    page = text(response)
    assert response.status_code == 400, page
    # Rows are counted as the spreadsheet counts them: the data start at 3.
    for row, says in ((5, 'unknown document type'), (6, 'document type is missing'),
                      (7, 'nationality'), (8, 'residence permit'),
                      (9, 'already in row 4'), (10, 'longer than 120')):
        assert re.search(r'Row %d: (?:(?!</li>).)*%s' % (row, says), page), (row, says)
    assert '<img onerror' not in response.get_data(as_text=True)
    assert 'Nothing was imported' in page
    assert models.Applicant.select().count() == before


def test_only_managers_import(auth):
    auth.login('demo-agent')
    assert auth._client.get('/portal/applicants/import').status_code == 403
    assert upload(auth._client, workbook(ROWS)).status_code == 403
