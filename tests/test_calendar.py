"""The working-day calendar: statutory days by rule, adjusted days only from
a notice, per city; notices entered in the portal move due dates.

Tests that need a year whose adjusted days are unknown switch the calendar
library off for the city (CitySettings.library_notices), so they do not
depend on which years some release of the library happens to carry.
"""
import datetime
import io
import logging
import re

import pytest
from flask_babel import force_locale
from openpyxl import Workbook, load_workbook

import calendar_library
import models
from seeds import factories as make

D = datetime.date


def library_off(city):
    models.CitySettings.of(city.id).change(library_notices=False)


# --- the rule --------------------------------------------------------------

def test_2027_statutory_days_by_rule():
    """2027: 元旦 Fri Jan 1; 除夕 Fri Feb 5 to 初三 Mon Feb 8; 清明 Apr 5;
    May 1-2; 端午 Jun 9; 中秋 Sep 15; Oct 1-3."""
    days = calendar_library.statutory_days(2027)
    expected = [D(2027, 1, 1), D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7),
                D(2027, 2, 8), D(2027, 4, 5), D(2027, 5, 1), D(2027, 5, 2),
                D(2027, 6, 9), D(2027, 9, 15), D(2027, 10, 1), D(2027, 10, 2),
                D(2027, 10, 3)]
    assert sorted(days) == expected
    assert days[D(2027, 2, 5)] == days[D(2027, 2, 8)] == 'spring_festival'
    assert D(2027, 2, 5).weekday() == 4 and D(2027, 2, 8).weekday() == 0


def test_the_rule_agrees_with_every_published_notice():
    """Each statutory day of 2014-2026 is a day off in that year's notice."""
    for year in range(2014, 2027):
        notice = calendar_library.notice_days(year)
        assert notice is not None, year
        missing = [d for d in calendar_library.statutory_days(year)
                   if notice.get(d) != 'off']
        assert missing == [], year


@pytest.fixture
def city(app):
    """A city with a county hall, counting 2027 with no notice at all."""
    root = make.new_hall('C1', level='city')
    make.new_hall('C1-A', parent=root)
    library_off(root)
    return root


def test_a_year_without_notice_counts_the_statutory_days(city):
    county = models.Hall.get(code='C1-A')
    for day in [D(2027, 1, 1), D(2027, 2, 5), D(2027, 2, 8), D(2027, 10, 1),
                D(2027, 10, 2), D(2027, 10, 3)]:
        assert not county.is_workday(day), day
    # Never the holidays package's estimated in-lieu days, never weekends only.
    for day in [D(2027, 2, 9), D(2027, 2, 10), D(2027, 5, 3), D(2027, 5, 4),
                D(2027, 10, 4), D(2027, 10, 5)]:
        assert county.is_workday(day), day
    # Fri Feb 5 + 5: Feb 9, 10, 11, 12, 15 (weekends only would say Feb 12).
    assert county.add_working_days(D(2027, 2, 5), 5) == D(2027, 2, 15)
    calendar = county.working_calendar()
    assert calendar.source(2027) is None
    assert calendar.unknown_years(D(2026, 12, 20), D(2027, 1, 10)) == [2026, 2027]


def test_library_notices_serve_the_years_they_carry(app):
    root = make.new_hall('C2', level='city')
    calendar = root.working_calendar()
    assert calendar.source(2025) == 'library'
    # 2025 National Day: Oct 1-8 off, Sun Sep 28 and Sat Oct 11 worked.
    assert root.add_working_days(D(2025, 9, 26), 1) == D(2025, 9, 28)
    assert root.add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 9)
    assert models.unknown_notice_years(root.id, D(2025, 3, 1)) == []
    library_off(root)
    assert root.working_calendar().source(2025) is None
    # Statutory days only now: Oct 1-3 and 6 (中秋) off, Oct 7 worked.
    assert root.add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 7)
    assert models.unknown_notice_years(root.id, D(2025, 3, 1)) == [2025]


def test_the_log_says_so_once_per_city_and_year(city, caplog):
    county = models.Hall.get(code='C1-A')
    models._WARNED.clear()
    with caplog.at_level(logging.WARNING, logger='bangban.calendar'):
        county.add_working_days(D(2027, 3, 1), 3)
        county.add_working_days(D(2027, 4, 1), 3)
    lines = [r for r in caplog.records if '2027' in r.getMessage()]
    assert len(lines) == 1 and 'provisional' in lines[0].getMessage()


# --- notices -----------------------------------------------------------------

# A notice as a city administrator types it for the test: Spring Festival
# from Fri Feb 5 to Thu Feb 11, worked on Sun Jan 31 and Sat Feb 20.
SPRING = [(1, '元旦', '2027-01-01', '2027-01-01'),
          (2, '春节', '2027-02-05', '2027-02-11')]
WORKED = [(1, '2027-01-31', '春节'), (2, '2027/2/20', '春节')]


def test_a_notice_decides_the_adjusted_days(city):
    county = models.Hall.get(code='C1-A')
    models.HolidayNotice.enter(city.id, 2027, SPRING, WORKED)
    assert not county.is_workday(D(2027, 2, 10))
    assert county.is_workday(D(2027, 1, 31)) and county.is_workday(D(2027, 2, 20))
    # Statutory days stay off even where the notice does not list them.
    assert not county.is_workday(D(2027, 10, 1))
    assert county.working_calendar().source(2027) == 'city'
    # Day overrides on top: the hall's beats the city's beats the notice.
    models.Holiday.create(city=city, day=D(2027, 2, 20), kind='off')
    assert not county.is_workday(D(2027, 2, 20))
    models.Holiday.create(hall=county, day=D(2027, 2, 20), kind='workday')
    assert county.is_workday(D(2027, 2, 20))
    assert not city.is_workday(D(2027, 2, 20))


@pytest.mark.parametrize('holidays, workdays, expected', [
    ([(1, '春节', '2027-02-11', '2027-02-05')], [], 'the first day comes after'),
    ([(1, '春节', '2027-02-30', '2027-03-01')], [], 'dates such as'),
    ([(1, '春节', '2028-02-05', '2028-02-06')], [], 'must lie in 2027'),
    ([(1, '春节', '2027-02-01', '2027-03-15')], [], 'more than 31 days'),
    ([(1, '', '2027-02-05', '2027-02-06')], [], "holiday's name"),
    ([(1, '春\x00节', '2027-02-05', '2027-02-06')], [], "holiday's name"),
    ([(1, '春' * 100000, '2027-02-05', '2027-02-06')], [], "holiday's name"),
    ([(1, '春节', '2027-02-05', '2027-02-11'), (2, '又', '2027-02-10', '2027-02-12')],
     [], 'overlaps the holiday in row 1'),
    (SPRING, [(1, '2027-02-07', '')], 'is a day off'),
    (SPRING, [(1, '2027-02-17', '')], 'is a weekday'),
    (SPRING, [(1, '2027-02-06', '')], 'is a day off'),
    (SPRING, [(1, '2027-10-02', '')], 'statutory holiday'),
    (SPRING, [(1, '2027-01-31', ''), (2, '2027-01-31', '')], 'same day is in row 1'),
    ([], [(1, '2027-01-31', '')], 'at least one holiday'),
])
def test_bad_rows_are_refused_with_their_row(city, holidays, workdays, expected):
    with pytest.raises(models.NoticeError) as refused:
        models.HolidayNotice.enter(city.id, 2027, holidays, workdays)
    with force_locale('en'):
        problems = [str(p) for p in refused.value.problems]
    assert any(expected in p for p in problems), problems
    assert not models.HolidayNotice.select().exists()


def test_every_bad_row_is_named_at_once(city):
    with pytest.raises(models.NoticeError) as refused:
        models.HolidayNotice.enter(
            city.id, 2027, [(3, 'x', 'junk', ''), (4, '春节', '2027-02-05', '2027-02-08')],
            [(7, '2027-02-17', '')])
    with force_locale('en'):
        problems = [str(p) for p in refused.value.problems]
    assert problems[0].startswith('Holidays, row 3:')
    assert problems[1].startswith('Working days, row 7:')


# --- in the portal: two cities -------------------------------------------------

@pytest.fixture
def two_cities(demo_app):
    """The demo city 青岚 (QL) and a second city (ZZ), each with a county hall,
    a city administrator, an item and open cases registered on Wed Feb 3 2027
    (5 working days) and Fri Jan 29 2027 (2 working days); the calendar
    library is off for both, so 2027 is unknown until a notice is entered."""
    zz = make.new_hall('ZZ', level='city', name='遥远市政务服务中心')
    county = make.new_hall('ZZ-1', parent=zz, name='遥远县政务服务中心')
    make.user('zz-admin', 'city_admin', zz)
    make.user('zz-manager', 'hall_manager', county)
    department = make.department('CAL', '日历测试局', '日历')
    found = {}
    for code in ('QL-YX', 'ZZ-1'):
        hall = models.Hall.get(code=code)
        models.HallDepartment.get_or_create(hall=hall, department=department)
        library_off(models.Hall.get_by_id(hall.city_id))
    for limit in (5, 2):
        item = models.Item.create(code='CAL-%d' % limit, department=department,
                                  name='日历测试事项%d' % limit,
                                  power_kind='public_service', category='tax',
                                  time_limit_days=limit, levels='county')
        registered = (datetime.datetime(2027, 2, 3, 10) if limit == 5 else
                      datetime.datetime(2027, 1, 29, 10))
        for code in ('QL-YX', 'ZZ-1'):
            case, _code = models.Case.open(models.Hall.get(code=code),
                                           make.applicant(limit), 'assisted',
                                           'window', item=item, at=registered)
            case.register(at=registered)
            found[(code, limit)] = models.Case.get_by_id(case.id)
    found['zz'] = zz
    return found


def sign_in(client, username, password='bangban-demo'):
    """Sign in, and read the portal in English (messages are checked)."""
    client.post('/portal/logout')
    response = client.post('/portal/login', data={
        'username': username, 'password': password})
    assert response.status_code == 302, username
    client.post('/lang/en')


def notice_form(holidays, workdays, reference=''):
    data = {'reference': reference}
    for number, (name, first, last) in enumerate(holidays, start=1):
        data.update({'holiday_name_%d' % number: name,
                     'holiday_first_%d' % number: first,
                     'holiday_last_%d' % number: last})
    for number, (day, name) in enumerate(workdays, start=1):
        data.update({'workday_%d' % number: day, 'workday_name_%d' % number: name})
    return data


FORM = notice_form([('元旦', '2027-01-01', '2027-01-01'),
                    ('春节', '2027-02-05', '2027-02-11')],
                   [('2027-01-31', '春节'), ('2027-02-20', '春节')],
                   reference='国办发明电〔2026〕1号')


def test_a_notice_entered_in_the_portal_moves_its_own_citys_due_dates(
        demo_client, two_cities):
    ql5, ql2 = two_cities[('QL-YX', 5)], two_cities[('QL-YX', 2)]
    zz5, zz2 = two_cities[('ZZ-1', 5)], two_cities[('ZZ-1', 2)]
    # Statutory days only: Feb 4, 9, 10, 11, 12; and Feb 1, 2.
    assert ql5.due_date == zz5.due_date == D(2027, 2, 12)
    assert ql2.due_date == zz2.due_date == D(2027, 2, 2)
    assert ql5.due_is_provisional and zz5.due_is_provisional
    sign_in(demo_client, 'demo-city')
    page = demo_client.get('/portal/cases/%d' % ql5.id).get_data(as_text=True)
    assert 'data-provisional' in page
    assert models.unknown_notice_years(ql5.hall.city_id, D(2027, 1, 10)) == [2027]

    response = demo_client.post('/portal/notices/2027', data=FORM)
    assert response.status_code == 302
    # With the notice: Feb 4, 12, 15, 16, 17; and Sun Jan 31, Feb 1.
    moved5, moved2 = (models.Case.get_by_id(c.id) for c in (ql5, ql2))
    assert moved5.due_date == D(2027, 2, 17) and moved2.due_date == D(2027, 2, 1)
    assert not moved5.due_is_provisional
    events = list(moved5.events.where(models.CaseEvent.action == 'due_date'))
    assert [(e.facts, e.note) for e in events] == [
        ({'from': '2027-02-12', 'to': '2027-02-17'}, '')]
    assert events[0].actor.username == 'demo-city'
    # The other city is untouched and still provisional.
    for case in (zz5, zz2):
        fresh = models.Case.get_by_id(case.id)
        assert fresh.due_date == case.due_date and fresh.due_is_provisional
        assert not fresh.events.where(models.CaseEvent.action == 'due_date').exists()
    # The warning for 2027 is gone for this city only.
    assert models.unknown_notice_years(ql5.hall.city_id, D(2027, 1, 10)) == []
    assert models.unknown_notice_years(two_cities['zz'].id, D(2027, 1, 10)) == [2027]
    # The same notice sent twice moves nothing and records nothing more.
    demo_client.post('/portal/notices/2027', data=FORM)
    assert moved5.events.where(models.CaseEvent.action == 'due_date').count() == 1
    # Audited, and shown back as entered.
    entry = models.AuditLog.get(models.AuditLog.model == 'HolidayNotice')
    assert entry.user.username == 'demo-city' and entry.hall_id == ql5.hall.city_id
    page = demo_client.get('/portal/notices/2027').get_data(as_text=True)
    assert 'value="2027-02-20"' in page and '国办发明电〔2026〕1号' in page
    # The case page and the applicant's page say it in words.
    page = demo_client.get('/portal/cases/%d' % ql5.id).get_data(as_text=True)
    assert '2027-02-12 → 2027-02-17' in page and 'data-provisional' not in page


def test_the_warning_shows_until_the_notice_of_the_year_is_in(demo_client, two_cities):
    this_year = models.today().year
    sign_in(demo_client, 'demo-manager')
    home = demo_client.get('/portal/').get_data(as_text=True)
    assert 'portal-notice' in home and str(this_year) in home
    sign_in(demo_client, 'demo-city')
    page = demo_client.get('/portal/notices/').get_data(as_text=True)
    assert 'notice-unknown' in page and 'data-year="%d"' % this_year in page
    health = demo_client.get('/healthz')
    assert health.status_code == 200
    unknown = health.get_json()['details']['calendar']['unknown_notices']
    assert {'QL', 'ZZ'} <= {u['city'] for u in unknown}
    form = notice_form([('元旦', '%d-01-01' % this_year, '%d-01-01' % this_year)], [])
    assert demo_client.post('/portal/notices/%d' % this_year, data=form).status_code == 302
    page = demo_client.get('/portal/notices/').get_data(as_text=True)
    assert 'data-year="%d" data-source="city"' % this_year in page
    assert 'notice-unknown" role="alert" data-year="%d"' % this_year not in page
    unknown = demo_client.get('/healthz').get_json()['details']['calendar']['unknown_notices']
    assert {'city': 'QL', 'year': this_year} not in [
        {'city': u['city'], 'year': u['year']} for u in unknown]
    assert 'ZZ' in {u['city'] for u in unknown if u['year'] == this_year}
    # Supervisors and agents get no banner.
    sign_in(demo_client, 'demo-agent')
    assert 'portal-notice' not in demo_client.get('/portal/cases/').get_data(as_text=True)


def test_the_applicant_sees_a_provisional_date(demo_client, two_cities):
    case = two_cities[('QL-YX', 5)]
    code = case.issue_receipt()
    page = demo_client.get('/p/%s' % code).get_data(as_text=True)
    assert 'data-provisional' in page
    models.HolidayNotice.enter(case.hall.city_id, 2027,
                               [(1, '春节', '2027-02-05', '2027-02-11')], [])
    page = demo_client.get('/p/%s' % code).get_data(as_text=True)
    assert 'data-provisional' not in page
    # The history says the promised date moved, in the applicant's words.
    assert '按节假日安排重新计算了承诺办结日期' in page
    assert '2027年2月17日' in page


def test_the_form_refuses_bad_rows_and_keeps_what_was_typed(demo_client, two_cities):
    sign_in(demo_client, 'demo-city')
    form = notice_form([('<script>alert(1)</script>', '2027-02-05', '2027-02-11')],
                       [('2027-02-17', '春节')])
    response = demo_client.post('/portal/notices/2027', data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'Working days, row 1: 2027-02-17 is a weekday' in page
    assert '<script>alert(1)' not in page and 'value="2027-02-17"' in page
    assert not models.HolidayNotice.select().exists()
    assert demo_client.post('/portal/notices/1999', data=form).status_code == 404
    sign_in(demo_client, 'demo-manager')
    assert demo_client.post('/portal/notices/2027', data=FORM).status_code == 403
    assert demo_client.get('/portal/notices/2027').status_code == 200
    assert not models.HolidayNotice.select().exists()


def test_excel_round_trip_and_all_or_nothing_import(demo_client, two_cities):
    sign_in(demo_client, 'demo-city')
    demo_client.post('/portal/notices/2027', data=FORM)
    sheet = demo_client.get('/portal/notices/2027.xlsx')
    assert sheet.status_code == 200
    rows = list(load_workbook(io.BytesIO(sheet.data)).active.iter_rows(values_only=True))
    assert rows[1] == ('序号', '类别', '节日', '开始日期', '结束日期')
    assert ('放假', '春节', '2027-02-05', '2027-02-11') in [r[1:] for r in rows]
    assert ('上班', '春节', '2027-02-20', None) in [r[1:] for r in rows]
    # A sheet with one bad row imports nothing; its row is named.
    book = Workbook()
    book.active.append(['2027年部分节假日安排'])
    book.active.append(['序号', '类别', '节日', '开始日期', '结束日期'])
    book.active.append([1, '放假', '春节', datetime.datetime(2027, 2, 5), '2027-02-12'])
    book.active.append([2, '上班', '春节', '2027-02-17', None])
    book.active.append([3, '休息', '端午节', '2027-06-09', None])
    data = io.BytesIO()
    book.save(data)
    before = models.NoticeDay.select().count()
    response = demo_client.post('/portal/notices/2027/import', data={
        'file': (io.BytesIO(data.getvalue()), 'notice.xlsx')},
        content_type='multipart/form-data')
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'Working days, row 4: 2027-02-17 is a weekday' in page
    assert 'Row 5: the kind' in page
    assert models.NoticeDay.select().count() == before
    # The exported sheet imports back as it was.
    response = demo_client.post('/portal/notices/2027/import', data={
        'file': (io.BytesIO(sheet.data), 'notice.xlsx')},
        content_type='multipart/form-data')
    assert response.status_code == 302
    notice = models.HolidayNotice.get()
    assert [(d.name, d.first_day, d.last_day) for d in notice.holidays()] == [
        ('元旦', D(2027, 1, 1), D(2027, 1, 1)), ('春节', D(2027, 2, 5), D(2027, 2, 11))]
    assert [d.first_day for d in notice.workdays()] == [D(2027, 1, 31), D(2027, 2, 20)]
    # Not an Excel file: refused, nothing changes.
    response = demo_client.post('/portal/notices/2027/import', data={
        'file': (io.BytesIO(b'\x00' * 100), 'notice.xlsx')},
        content_type='multipart/form-data')
    assert response.status_code == 400


def test_a_city_admin_sees_and_touches_only_their_city(demo_client, two_cities):
    zz = two_cities['zz']
    county = models.Hall.get(code='ZZ-1')
    zz_case = two_cities[('ZZ-1', 5)]
    zz_user = models.User.get(username='zz-manager')
    zz_day = models.Holiday.create(city=zz, day=D(2031, 3, 3), kind='off')
    zz_hall_day = models.Holiday.create(hall=county, day=D(2031, 3, 4), kind='off')
    sign_in(demo_client, 'demo-city')
    ql_scope = models.User.get(username='demo-city').scope_hall_ids()
    assert zz.id not in ql_scope and county.id not in ql_scope
    for prefix, record in (('halls', zz), ('halls', county), ('users', zz_user),
                           ('holidays', zz_day), ('holidays', zz_hall_day)):
        for path in ('details', 'edit'):
            response = demo_client.get('/portal/%s/%s/?id=%d' % (prefix, path, record.id))
            assert response.status_code == 404, (prefix, path, record)
        listing = demo_client.get('/portal/%s/' % prefix).get_data(as_text=True)
        assert not re.search(r'[?&]id=%d&' % record.id, listing), (prefix, record)
    assert demo_client.get('/portal/cases/%d' % zz_case.id).status_code == 404
    assert demo_client.get('/portal/staffing/?hall=%d' % county.id).status_code == 404
    # Pickers offer only the city's own halls.
    form = demo_client.get('/portal/windows/new/').get_data(as_text=True)
    assert '遥远县' not in form and '云溪县' in form
    # Editing a record of the other city, or moving a hall there, is refused.
    response = demo_client.post('/portal/holidays/edit/?id=%d' % zz_day.id,
                                data={'day': '2031-03-05', 'kind': 'workday'})
    assert response.status_code == 404
    assert models.Holiday.get_by_id(zz_day.id).day == D(2031, 3, 3)
    yx = models.Hall.get(code='QL-YX')
    demo_client.post('/portal/halls/edit/?id=%d' % yx.id, data={
        'code': yx.code, 'name': yx.name, 'level': 'county', 'parent': zz.id,
        'opens_at': '09:00', 'closes_at': '17:30'})
    assert models.Hall.get_by_id(yx.id).parent_id == yx.parent_id
    # A new city is not made from the portal.
    demo_client.post('/portal/halls/new/', data={
        'code': 'NEW', 'name': '新城市', 'level': 'city',
        'opens_at': '09:00', 'closes_at': '17:30'})
    assert not models.Hall.select().where(models.Hall.code == 'NEW').exists()
    # A city-wide override is the admin's own city's.
    demo_client.post('/portal/holidays/new/', data={
        'day': '2031-03-03', 'kind': 'workday', 'note': ''})
    mine = models.Holiday.get(models.Holiday.day == D(2031, 3, 3),
                              models.Holiday.kind == 'workday')
    assert mine.city_id == yx.city_id and mine.hall_id is None
    assert not county.is_workday(D(2031, 3, 3))
    # The other city's administrator sees theirs, not QL's.
    sign_in(demo_client, 'zz-admin', make.PASSWORD)
    assert demo_client.get('/portal/cases/%d' % zz_case.id).status_code == 200
    assert demo_client.get('/portal/cases/%d' % two_cities[('QL-YX', 5)].id
                           ).status_code == 404
    assert demo_client.get('/portal/holidays/edit/?id=%d' % mine.id).status_code == 404
    page = demo_client.get('/portal/notices/').get_data(as_text=True)
    assert '遥远市政务服务中心' in page


def test_a_list_loads_each_citys_calendar_once(demo_client, two_cities, monkeypatch):
    loads = []
    original = models.CityCalendar.load.__func__

    def counting(cls, city_id):
        loads.append(city_id)
        return original(cls, city_id)
    monkeypatch.setattr(models.CityCalendar, 'load', classmethod(counting))
    sign_in(demo_client, 'demo-city')
    loads.clear()
    page = demo_client.get('/portal/cases/?status=registered').get_data(as_text=True)
    assert page.count('data-provisional') >= 2
    assert loads == [two_cities[('QL-YX', 5)].hall.city_id]


def test_city_settings_have_defaults_and_are_audited(demo_client, two_cities):
    zz = two_cities['zz']
    settings = models.CitySettings.of(zz.id)
    assert settings.library_notices is False
    fresh = models.CitySettings.of(999999)
    assert fresh.id is None and fresh.library_notices is True
    sign_in(demo_client, 'zz-admin', make.PASSWORD)
    assert demo_client.post('/portal/notices/settings', data={
        'library_notices': '1'}).status_code == 302
    assert models.CitySettings.of(zz.id).library_notices is True
    entry = (models.AuditLog.select()
             .where(models.AuditLog.model == 'CitySettings')
             .order_by(models.AuditLog.id.desc()).first())
    assert entry.user.username == 'zz-admin' and entry.hall_id == zz.id
    sign_in(demo_client, 'demo-manager')
    assert demo_client.post('/portal/notices/settings', data={}).status_code == 403


def test_the_migration_gives_every_override_a_city(tmp_path):
    """Rows written before 0003: an override without a hall becomes an
    override of every city; a hall's override belongs to its city."""
    from app import connect_database
    from playhouse.migrations import Runner
    from cli import MIGRATIONS
    database = connect_database('sqlite:///%s' % (tmp_path / 'old.db'))
    models.db.initialize(database)
    runner = Runner(database, MIGRATIONS)
    runner.up('0001_initial')
    sql = database.execute_sql
    sql("INSERT INTO hall (id, code, name, level, parent_id, address, opens_at, "
        "closes_at, phone) VALUES (1, 'A', 'A', 'city', NULL, '', '09:00', '17:30', ''),"
        "(2, 'A-1', 'A1', 'county', 1, '', '09:00', '17:30', ''),"
        "(3, 'B', 'B', 'city', NULL, '', '09:00', '17:30', '')")
    sql("INSERT INTO holiday (hall_id, day, kind, note) VALUES "
        "(NULL, '2031-01-02', 'off', 'city'), (2, '2031-01-03', 'workday', 'hall')")
    runner.up()
    rows = sorted(models.Holiday.select().tuples(),
                  key=lambda r: (str(r[3]), r[1]))
    assert [(r[1], r[2], str(r[3])) for r in rows] == [
        (1, None, '2031-01-02'), (3, None, '2031-01-02'), (1, 2, '2031-01-03')]
    assert sorted(s.city_id for s in models.CitySettings.select()) == [1, 3]
    database.close()


def test_recount_command_after_a_library_upgrade(city, runner):
    result = runner.invoke(args=['recount-due-dates'])
    assert result.exit_code == 0 and 'C1: 0 due dates moved' in result.output
