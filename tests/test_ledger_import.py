"""The ledger (台账, form 附件4 of policy document 004): exported as the
official form with the columns an import reads back, and imported from the
paper so halls keep their history: every row checked, nothing written when
any row is wrong, and a file imported twice, or exported and imported back,
changes nothing."""
import datetime
import io
import zipfile

import openpyxl
import pytest

import models
import reports
from portal import imports
from portal.excel import LEDGER_COLUMNS
from seeds import factories as make
from race import at_once
from support import statements
from flows import sign_in as login
from ledgers import ID_A, ID_B, city, upload, ledger_sheet, line  # noqa: F401
from ledgers import SEPT  # noqa: F401

CREDIT = '9115040273191675XD'


def export(client, hall, first='2026-09-01', last='2026-09-30'):
    response = client.get('/portal/cases/ledger.xlsx?hall=%d&from=%s&to=%s'
                          % (hall.id, first, last))
    assert response.status_code == 200, response.status_code
    return response.data


def values(data):
    return [list(row) for row in
            openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]


def state():
    """Everything an import could touch."""
    return (sorted((c.number, c.hall_id, c.status, c.registered_at, c.closed_at,
                    c.is_imported) for c in models.Case.select()),
            models.CaseEvent.select().count(), models.CaseFlow.select().count(),
            models.Evaluation.select().count(), models.Applicant.select().count())


# --- The export is the official form ----------------------------------------------

@pytest.mark.parametrize('language', ['zh_Hans_CN', 'en'])
def test_the_export_is_form_annex_4_in_chinese_with_the_document_number(
        city, client, language):
    login(client, 'manager-lga')
    client.post('/lang/%s' % language)
    data = export(client, city['county'])
    rows = values(data)
    assert rows[0][0] == '帮办代办工作登记台账'
    assert '测试LGA大厅' in rows[1][0] and '2026-09-01 至 2026-09-30' in rows[1][0]
    assert rows[2] == LEDGER_COLUMNS[:6] + [None] + LEDGER_COLUMNS[7:]
    assert rows[3] == [None] * 5 + ['受理日期', '办结日期'] + [None] * 6
    first, second = rows[4], rows[5]
    case = city['cases'][0]
    assert first[:5] == [1, datetime.datetime(2026, 9, 1), '测试申请人0\n13900001234',
                         '城乡居民养老保险参保登记', '帮办员甲']
    assert first[5:9] == ['人社 2026-09-01', '人社 2026-09-02',
                          datetime.datetime.combine(models.today(), datetime.time()),
                          '满意']
    assert first[10:] == [case.applicant.id_number, '帮办', case.number]
    assert second[0] == 2 and second[7] is None and len(rows) == 6
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert 'F3:G3' in {str(r) for r in book.active.merged_cells.ranges}
    # It carries document numbers in full: recorded as printing a form is.
    entry = (models.AuditLog.select().where(models.AuditLog.action == 'print')
             .order_by(models.AuditLog.id.desc()).first())
    assert entry.model == 'Hall' and entry.record_id == str(city['county'].id)
    assert '"rows": 2' in entry.after and entry.user.username == 'manager-lga'


def test_the_export_filters_by_hall_and_dates_and_refuses_other_halls(city, client):
    login(client, 'manager-lga')
    assert len(values(export(client, city['county'], '2026-09-02', '2026-09-02'))) == 5
    for url in ('/portal/cases/ledger.xlsx?hall=%d', '/portal/excel/ledger/?hall=%d'):
        assert client.get(url % city['other'].id).status_code == 404


# --- The round trip ---------------------------------------------------------------

@pytest.mark.parametrize('username', ['manager-lga', 'city-admin'])
def test_the_exported_ledger_imported_back_changes_nothing(city, client, username):
    login(client, username)
    data = export(client, city['county'])
    before = state()
    response = upload(client, data, hall=city['county'])
    assert response.status_code == 302, response.get_data(as_text=True)
    assert state() == before
    page = client.get(response.headers['Location']).get_data(as_text=True)
    assert '0 个新办件' in page and '2 行已在台账中' in page


def test_imported_cases_carry_the_ledgers_status_dates_and_history(city, client):
    login(client, 'manager-lga')
    sheet = ledger_sheet([
        line(),
        line(day='2026-07-10', person='某某科技有限公司 0472-5123456', id_number=CREDIT,
             rating='', fed_back='', accepted='人社 2026-07-10', done='',
             remarks='申请人撤回，终止', how='代办',
             number='纸质-0007'),
        line(day='2026-08-03', person='李四', id_number=ID_B, receiver='',
             accepted='人社 2026-08-04', done='', fed_back='', rating=''),
        line(day='2026/8/5', person='李四', id_number=ID_B, accepted='', done='',
             fed_back='', rating=''),
    ])
    response = upload(client, sheet)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert 'from=2026-07-03' in response.headers['Location']
    page = client.get(response.headers['Location']).get_data(as_text=True)
    assert '4 个新办件' in page and '打开所导入日期的台账' in page
    assert 'from=2026-07-03' in page and 'to=2026-08-05' in page
    imported = list(models.Case.select().where(models.Case.is_imported == True)  # noqa: E712
                    .order_by(models.Case.registered_at))
    assert [c.status for c in imported] == ['evaluated', 'terminated', 'in_handling',
                                            'registered']
    rated, stopped, handling, registered = imported
    assert rated.registered_at == datetime.datetime(2026, 7, 3)
    assert rated.closed_at == datetime.datetime(2026, 7, 8)
    assert rated.number.startswith('LGA-20260703-') and rated.hall == city['county']
    assert rated.agent.name == '帮办员甲' and rated.evaluations.get().rating == 4
    assert rated.applicant.name == '张三' and rated.applicant.phone == '13800000001'
    assert rated.due_date is not None and rated.item == city['item']
    flow = rated.flows.get()
    assert (flow.accepted_on, flow.done_on) == (datetime.date(2026, 7, 3),
                                                datetime.date(2026, 7, 6))
    assert stopped.applicant.kind == 'enterprise' and stopped.service_form == 'proxy'
    assert stopped.applicant.phone == '0472-5123456'
    assert stopped.termination_reason == '申请人撤回，终止'
    assert stopped.closed_at == datetime.datetime(2026, 7, 10)
    assert handling.closed_at is None and handling.agent is None
    assert registered.applicant_id == handling.applicant_id  # one file per person
    # The history says who imported it and when, and the ledger's facts.
    event = stopped.events.where(models.CaseEvent.action == 'import').get()
    assert event.actor == city['manager'] and event.to_status == 'terminated'
    assert event.facts['row'] == 6 and event.facts['ledger_number'] == '纸质-0007'
    assert [e.action for e in rated.events] == ['deliver', 'import']
    page = client.get('/portal/cases/%d' % stopped.id).get_data(as_text=True)
    assert '从纸质台账导入' in page and '台账第6行' in page
    assert 'case-imported' in page and '纸质台账导入' in page
    # The same file again, and the ledger exported and imported back: nothing.
    before = state()
    assert upload(client, sheet).status_code == 302
    assert state() == before
    data = export(client, city['county'], '2026-07-01', '2026-09-30')
    assert values(data)[4][4] == '帮办员甲' and values(data)[6][4] is None
    assert values(data)[4][9] == '纸质台账导入'
    assert values(data)[5][9] == '已终止\n纸质台账导入'
    assert upload(client, data).status_code == 302
    assert state() == before


def test_an_imported_delivery_is_history_not_a_rating_reminder(city, client):
    """A paper ledger's delivered, unrated line stays out of the reminders
    to rate (Evaluation.reminders): its applicant was served long ago."""
    login(client, 'manager-lga')
    assert upload(client, ledger_sheet([line(rating='')])).status_code == 302
    imported = models.Case.get(models.Case.is_imported == True)  # noqa: E712
    assert imported.status == 'delivered'
    due = list(models.Evaluation.reminders([city['county'].id]))
    assert imported not in due
    # A case delivered as long ago without the ledger is reminded.
    imported.is_imported = False
    imported.save()
    assert imported in list(models.Evaluation.reminders([city['county'].id]))


def test_imported_cases_count_in_the_statistics_of_their_months(city, client):
    login(client, 'manager-lga')
    sheet = ledger_sheet([
        line(day='2026-07-03'),
        line(day='2026-07-20', id_number=ID_B, rating='不满意', accepted='',
             done='', fed_back='2026-07-22'),
        line(day='2026-08-03', id_number=ID_B, accepted='', done='', fed_back='',
             rating=''),
    ])
    assert upload(client, sheet).status_code == 302
    july, total = reports.monthly_statistics(
        [city['county'].id], datetime.date(2026, 7, 1), datetime.date(2026, 7, 31))
    assert (total.accepted, total.closed, total.open, total.satisfied) == (2, 2, 0, 1)
    august, total = reports.monthly_statistics(
        [city['county'].id], datetime.date(2026, 8, 1), datetime.date(2026, 8, 31))
    assert (total.accepted, total.open, total.closed) == (1, 1, 0)
    response = client.get('/portal/stats/?month=2026-07&hall=%d' % city['county'].id)
    assert '50.0' in response.get_data(as_text=True)


# --- Every row checked; nothing written when one is wrong ----------------------------

def test_every_wrong_row_is_named_and_nothing_is_imported(city, client):
    login(client, 'manager-lga')
    before = state()
    response = upload(client, ledger_sheet([
        line(),                                              # row 5: good
        line(id_number='150402200202209308'),                # 6: check digit
        line(day='2026-13-01'),                              # 7: no date
        line(day='2027-01-05', accepted='', done='', fed_back='', rating=''),  # 8
        line(matter='没有这个事项'),                           # 9
        line(accepted='税务 2026-07-03', done=''),            # 10
        line(receiver='不认识的人'),                            # 11
        line(person='王五\nnot a phone'),                      # 12
        line(rating='还行'),                                   # 13
        line(done='人社 2026-07-01'),                          # 14: done < accepted
        line(fed_back='', rating='满意', done=''),              # 15
        line(),                                              # 16: same as 5
        line(person='赵\t六'),                                 # 17: control char
        line(id_number=''),                                  # 18
        line(how='上天'),                                      # 19
    ]), )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for row in range(6, 20):
        assert '第%d行：' % row in page, row
    assert '<li>第5行' not in page
    assert '没有这个事项' in page and '不认识的人' in page
    assert '第16行：第5行已有同一办件' in page
    assert '未导入任何数据' in page
    assert state() == before  # not even the good row


def test_errors_are_in_the_readers_language(city, client):
    login(client, 'manager-lga')
    client.post('/lang/en')
    response = upload(client, ledger_sheet([line(matter='没有这个事项', rating='so-so')]))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert ('Row 5: &#34;没有这个事项&#34; is not an item or bundle offered in this hall'
            in page), page
    assert 'unknown rating' in page and 'Nothing was imported' in page


def test_hostile_text_is_kept_as_typed_and_shown_escaped(city, client):
    login(client, 'manager-lga')
    hostile = '<img src=x onerror=alert(1)>'
    response = upload(client, ledger_sheet([line(matter=hostile)]))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert hostile not in page and '&lt;img src=x' in page
    response = upload(client, ledger_sheet([
        line(person='<script>alert(1)</script>\n13800000001'),
        line(id_number=ID_B, person="Robert'); DROP TABLE case;--",
             remarks='终止 <b>x</b>', rating='')]))
    assert response.status_code == 302
    names = {c.applicant.name for c in
             models.Case.select().where(models.Case.is_imported == True)}  # noqa: E712
    assert names == {'<script>alert(1)</script>', "Robert'); DROP TABLE case;--"}
    page = client.get('/portal/cases/ledger?from=2026-07-01&to=2026-07-31').get_data(
        as_text=True)
    assert '<script>alert(1)' not in page and '&lt;script&gt;alert(1)' in page
    assert '<b>x</b>' not in page


def test_a_formula_is_imported_as_text_and_exported_as_text(city, client):
    login(client, 'manager-lga')
    formula = '=HYPERLINK("http://x.example","点")'
    assert upload(client, ledger_sheet([line(person=formula)])).status_code == 302
    case = models.Case.get(models.Case.is_imported == True)  # noqa: E712
    assert case.applicant.name == formula
    response = client.get('/portal/cases/ledger.xlsx?hall=%d&from=2026-07-01'
                          '&to=2026-07-31' % city['county'].id)
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert '<f>' not in archive.read('xl/worksheets/sheet1.xml').decode()
    assert values(response.data)[4][2].startswith('=HYPERLINK')
    # And it imports back as the same case.
    before = state()
    assert upload(client, response.data).status_code == 302
    assert state() == before


def test_another_halls_cases_and_halls_are_refused(city, client):
    login(client, 'manager-lga')
    foreign = city['cases'][2]
    before = state()
    response = upload(client, ledger_sheet([
        line(number=foreign.number)]))
    assert response.status_code == 400
    assert '办件%s在其他大厅的台账中' % foreign.number in response.get_data(as_text=True)
    # A manager imports into their own hall only; another hall is not found.
    assert upload(client, ledger_sheet([line()]), hall=city['other']).status_code == 404
    assert state() == before
    # The other hall's own ledger, exported by its manager, names its cases.
    client.get('/portal/logout')
    login(client, 'manager-lgb')
    data = export(client, city['other'])
    client.get('/portal/logout')
    login(client, 'manager-lga')
    response = upload(client, data)
    assert response.status_code == 400 and '其他大厅' in response.get_data(as_text=True)
    assert state() == before


def test_the_city_imports_into_a_hall_it_picks(city, client):
    login(client, 'city-admin')
    assert upload(client, ledger_sheet([line(receiver='帮办员乙')]),
                  hall=city['other']).status_code == 302
    case = models.Case.get(models.Case.is_imported == True)  # noqa: E712
    assert case.hall == city['other'] and case.agent.name == '帮办员乙'
    page = client.get('/portal/excel/ledger/?hall=%d' % city['other'].id)
    assert page.status_code == 200 and '测试LGB大厅' in page.get_data(as_text=True)


def test_only_managers_and_the_city_import(city, client):
    login(client, 'agent-lga')
    before = state()
    assert upload(client, ledger_sheet([line()])).status_code == 403
    assert client.get('/portal/excel/ledger/').status_code == 403
    assert state() == before


def test_a_file_that_is_not_the_form_is_refused(city, client):
    login(client, 'manager-lga')
    before = state()
    response = upload(client, b'just text', name='ledger.xlsx')
    assert response.status_code == 400 and 'Excel' in response.get_data(as_text=True)
    assert upload(client, ledger_sheet([line()]), name='ledger.csv').status_code == 400
    book = openpyxl.Workbook()
    book.active.append(['姓名', '电话'])
    data = io.BytesIO()
    book.save(data)
    response = upload(client, data.getvalue())
    assert response.status_code == 400 and '证件号码' in response.get_data(as_text=True)
    response = upload(client, ledger_sheet([]))
    assert response.status_code == 400
    assert state() == before


# --- Sent twice ------------------------------------------------------------------

def test_the_same_form_sent_twice_imports_once(city, client, app):
    app.config['ACTION_KEYS_REQUIRED'] = True
    login(client, 'manager-lga')
    sheet = ledger_sheet([line(), line(id_number=ID_B)])
    key = 'k' * 24
    first = upload(client, sheet, action_key=key)
    assert first.status_code == 302
    after = state()
    second = upload(client, sheet, action_key=key)
    assert second.status_code == 302
    assert second.headers['Location'] == first.headers['Location']
    assert state() == after
    # Another form with the same file finds every row already there.
    assert upload(client, sheet, action_key='m' * 24).status_code == 302
    assert state() == after
    assert models.Case.select().where(
        models.Case.is_imported == True).count() == 2  # noqa: E712


def test_rows_reaching_the_ledger_meanwhile_are_not_added_twice(city, app):
    """The check and the write are apart: a row found new when checked but
    written by another import before this one writes is skipped."""
    hall, user = city['county'], city['manager']
    rows = [(5, [''] + line())]
    with app.test_request_context():
        values, already, errors = imports.check_ledger(rows, hall)
        assert (len(values), already, errors) == (1, 0, [])
        assert imports.apply_ledger(hall, values, user).added == 1
        assert imports.apply_ledger(hall, values, user).added == 0
    assert models.Case.select().where(
        models.Case.is_imported == True).count() == 1  # noqa: E712


def test_checking_a_sheet_costs_the_same_queries_for_5_or_50_rows(city, app):
    hall = city['county']

    def sheet(count):
        return [(n + 4, [''] + line(day=(datetime.date(2026, 7, 1) + datetime.timedelta(
            days=n)).isoformat(), fed_back='', rating='', accepted='', done=''))
            for n in range(count)]

    counts = []
    with app.test_request_context():
        for count in (5, 50):
            with statements(models.db.obj) as run:
                values, _already, errors = imports.check_ledger(sheet(count), hall)
            assert len(values) == count and not errors
            counts.append(len(run))
    assert counts[0] == counts[1], counts


def test_the_same_sheet_imported_four_times_at_once_adds_each_case_once(city, app):
    """Four imports of one sheet, checked and written at the same moment,
    each on its own connection: the cases are added once, by one of them."""
    hall_id, user_id = city['county'].id, city['manager'].id
    rows = [(5, [''] + line()), (6, [''] + line(id_number=ID_B))]

    def work(_n):
        with app.test_request_context():
            hall = models.Hall.get_by_id(hall_id)
            values, _already, errors = imports.check_ledger(rows, hall)
            assert not errors
            return imports.apply_ledger(hall, values,
                                        models.User.get_by_id(user_id)).added

    assert sorted(at_once(work, 4)) == [0, 0, 0, 2]
    imported = models.Case.select().where(models.Case.is_imported == True)  # noqa: E712
    assert imported.count() == 2
    assert models.Applicant.select().where(
        models.Applicant.id_number.in_([ID_A, ID_B])).count() == 2


def test_a_passport_is_written_with_its_country_and_imports_back(city, client):
    """A passport number is unique only within its issuing state: the
    ledger writes the state beside it, and reads it back."""
    login(client, 'manager-lga')
    traveller = models.Applicant.find_or_create(
        'passport', 'E12345678', 'Jane Roe', nationality='USA')
    day = make.at(SEPT + datetime.timedelta(days=5))
    case, _ = make.new_case(city['county'], city['item'], traveller,
                            user=city['manager'], at=day)
    case.register(city['manager'], at=day)
    data = export(client, city['county'])
    assert values(data)[6][10] == 'E12345678 USA'
    before = state()
    assert upload(client, data).status_code == 302
    assert state() == before
    # The same number from another state is another person's passport.
    response = upload(client, ledger_sheet([
        line(day='2026-09-06', id_number='E12345678 DEU', person='Max Muster',
             accepted='', done='', fed_back='', rating='')]))
    assert response.status_code == 302
    imported = models.Case.get(models.Case.is_imported == True)  # noqa: E712
    assert (imported.applicant.nationality, imported.applicant.name) == ('DEU',
                                                                          'Max Muster')
    response = upload(client, ledger_sheet([line(id_number='E12345678 XYZ')]))
    assert response.status_code == 400 and '第5行' in response.get_data(as_text=True)
