"""Monthly statistics (附件8): the counts, the formula, access and Excel."""
import datetime
import io

import openpyxl
import pytest

import models
import reports
from seeds import factories as make

SEPT = datetime.date(2026, 9, 1)


@pytest.fixture
def city(app, clock):
    """A county hall with a town below it, and four September cases, worked
    on in mid-October (the clock stays there)."""
    clock.set('2026-10-15T10:00:00+08:00')
    county = make.new_hall('CTY', 'county')
    town = make.new_hall('TWN', 'town', parent=county)
    other = make.new_hall('OTH', 'county')
    item = make.new_item(make.department())
    user = make.user('manager', 'hall_manager', county)
    make.user('other-manager', 'hall_manager', other)
    make.user('reader', 'supervisor', county)
    make.user('agent', 'agent', county)
    cases = []
    for n, hall in enumerate([county, county, county, town]):
        case, _ = make.new_case(hall, item, make.applicant(n), user=user,
                           at=make.at(SEPT + datetime.timedelta(days=n)))
        case.register(user, at=make.at(SEPT + datetime.timedelta(days=n)))
        case.start_handling(user)
        cases.append(case)
    cases[0].mark_ready(user)
    cases[0].deliver(user)
    cases[0].evaluate(5, 'onsite', user=user)
    cases[1].mark_ready(user)
    cases[1].deliver(user)
    cases[1].evaluate(1, 'onsite', user=user)
    cases[2].terminate('申请人撤回', user)
    return dict(county=county, town=town, other=other, cases=cases)


@pytest.mark.usefixtures('process_zone')  # the server's clock elsewhere
def test_counts_follow_the_official_formula(city):
    rows, total = reports.monthly_statistics(
        city['county'].subtree_ids(), SEPT, models.today())
    by_hall = {row.unit.code: row for row in rows}
    county = by_hall['CTY']
    assert (county.accepted, county.open, county.closed) == (3, 0, 3)
    assert county.terminated == 1
    # (very satisfied + satisfied + basically satisfied) / completed: 1 of 3
    assert county.satisfaction == 33.3
    town = by_hall['TWN']
    assert (town.accepted, town.open, town.closed) == (1, 1, 0)
    assert town.satisfaction is None
    assert (total.accepted, total.open, total.closed) == (4, 1, 3)


def test_cases_of_other_months_are_not_counted(city):
    rows, total = reports.monthly_statistics(
        city['county'].subtree_ids(), datetime.date(2026, 8, 1),
        datetime.date(2026, 8, 31))
    assert rows == [] and total.accepted == 0


def _login(client, username):
    return client.post('/portal/login', data={'username': username,
                                               'password': make.PASSWORD})


def test_supervisor_reads_and_downloads_the_form(city, client):
    _login(client, 'reader')
    page = client.get('/portal/stats/?month=2026-09&by=hall')
    assert page.status_code == 200
    assert '测试TWN大厅' in page.get_data(as_text=True)
    response = client.get('/portal/stats/export.xlsx?month=2026-09')
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[2]
    assert len(header) == 7
    total = next(row for row in rows if row[1] == '合计')
    # The cases closed after September: at the end of September all were open.
    assert total[2:5] == (4, 4, 0)


def test_only_readers_in_scope_get_in(city, client):
    assert client.get('/portal/stats/').status_code == 302  # anonymous
    _login(client, 'agent')
    assert client.get('/portal/stats/').status_code == 403
    client.post('/portal/logout')
    _login(client, 'other-manager')
    assert client.get('/portal/stats/').status_code == 200
    response = client.get('/portal/stats/?hall=%d' % city['county'].id)
    assert response.status_code == 404
