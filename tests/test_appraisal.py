"""The agents' appraisal (考核): each figure against numbers worked out by
hand from a fixed set of records, the same queries however many agents
and cases, the Excel export, and the page for each role."""
import datetime
import io

from openpyxl import load_workbook

import models
import reports
from support import statements
from appraised import (  # noqa: F401 (supervised: a fixture)
    NOVEMBER, YEAR, by_agent, figures, grow, sign_in, supervised,
)


def test_november_of_a_county_worked_out_by_hand(supervised):
    rows, total = reports.appraisal(supervised['county'].subtree_ids(),
                                    *NOVEMBER)
    found = by_agent(rows)
    assert list(found) == ['甲', '乙']  # CTY before TWN; 丙 is outside
    # 甲: N-01..N-04 handled; N-02 closed after its due date (3 of 4);
    # one very satisfied of 4 (满意度 25%); N-02's bad rating called back
    # and rectified by its deadline; two complaints, one upheld; two
    # cases sampled (2 of CTY's 4), one with a shortcoming.
    assert found['甲'] == dict(handled=4, on_time_rate=75.0, satisfaction=25.0,
                              bad=1, called_back=1, rectified=1,
                              rectified_on_time=1, complaints=2, upheld=1,
                              sampled=2, shortcomings=1)
    # 乙: N-05 on its due date, N-06 without one (1 of 1); one satisfied
    # of 2 (50%); N-06's bad rating not yet called back; one complaint,
    # not answered; one case sampled (1 of TWN's 2), not yet reviewed.
    assert found['乙'] == dict(handled=2, on_time_rate=100.0,
                              satisfaction=50.0, bad=1, called_back=0,
                              rectified=0, rectified_on_time=0, complaints=1,
                              upheld=0, sampled=1, shortcomings=0)
    # The total: 6 handled, 4 of 5 with a due date on time, 2 of 6
    # satisfied.
    assert figures(total) == dict(handled=6, on_time_rate=80.0,
                                  satisfaction=33.3, bad=2, called_back=1,
                                  rectified=1, rectified_on_time=1,
                                  complaints=3, upheld=1, sampled=3,
                                  shortcomings=1)


def test_the_year_adds_october_and_december(supervised):
    rows, _total = reports.appraisal([supervised['county'].id], *YEAR)
    jia = by_agent(rows)['甲']
    # October's O-01 (on time, basically satisfied) and December's D-01
    # (closed a day late, very satisfied); D-02 is still open.
    assert jia['handled'] == 6
    assert jia['on_time_rate'] == round(100 * 4 / 6, 1)
    assert jia['satisfaction'] == 50.0
    assert jia['complaints'] == 3 and jia['upheld'] == 1
    assert list(by_agent(rows)) == ['甲']  # the county alone: no 乙


def test_a_month_without_anything_shows_every_agent_at_zero(supervised):
    rows, total = reports.appraisal(supervised['county'].subtree_ids(),
                                    datetime.date(2026, 9, 1),
                                    datetime.date(2026, 9, 30))
    assert [r.unit.name for r in rows] == ['甲', '乙']
    assert total.handled == 0 and total.on_time_rate is None
    assert total.satisfaction is None


def test_the_same_queries_whatever_the_number_of_agents(supervised):
    county = supervised['county']
    hall_ids = county.subtree_ids()
    with statements(models.db.obj) as small:
        reports.appraisal(hall_ids, *NOVEMBER)
    grow(county)
    hall_ids = models.Hall.get_by_id(county.id).subtree_ids()
    with statements(models.db.obj) as large:
        rows, total = reports.appraisal(hall_ids, *NOVEMBER)
    assert len(rows) == 17 and total.handled == 6 + 15 * 4
    # November is over but not summed: the months summed, its cases, bad
    # ratings and complaints, the sampled cases, the agents.
    assert len(small) == len(large) == 6, large


def test_the_page_and_its_workbook(client, supervised):
    sign_in(client, 'cty-supervisor')
    html = client.get('/portal/appraisal/?period=2026-11').get_data(
        as_text=True)
    jia = supervised['jia']
    assert 'data-agent="%d"' % jia.id in html
    assert 'data-agent="%d"' % supervised['bing'].id not in html
    assert '75.0%' in html and '25.0%' in html
    response = client.get('/portal/appraisal/export.xlsx?period=2026-11')
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0][0].startswith('测试CTY大厅') and '2026-11' in lines[0][0]
    assert lines[2][1:5] == ('测试CTY大厅', '甲', 4, 3)
    assert lines[2][5] == 0.75 and lines[2][6] == 0.25
    assert lines[2][11:] == (2, 1, 2, 1)
    assert lines[-1][1] in ('合计', 'Total') and lines[-1][3] == 6


def test_each_role_sees_its_own_halls(client, supervised):
    sign_in(client, 'twn-manager')
    html = client.get('/portal/appraisal/?period=2026-11').get_data(
        as_text=True)
    assert 'data-agent="%d"' % supervised['yi'].id in html
    assert 'data-agent="%d"' % supervised['jia'].id not in html
    # Another county's hall, or no hall at all: 404.
    for hall in ('%d' % supervised['county'].id, '%d' % supervised['other'].id,
                 'abc'):
        assert client.get('/portal/appraisal/?hall=' + hall).status_code == 404
        assert client.get('/portal/appraisal/export.xlsx?hall=' + hall
                          ).status_code == 404
    # A year and a nonsense period (last month, November, instead).
    assert client.get('/portal/appraisal/?period=2026').status_code == 200
    page = client.get('/portal/appraisal/?period=<script>').get_data(
        as_text=True)
    assert '2026-11-01' in page and '<script>' not in page


def test_the_page_shows_fifty_agents_at_a_time_and_the_whole_total(
        client, supervised):
    grow(supervised['county'], agents=60, per_agent=1)
    sign_in(client, 'cty-supervisor')
    first = client.get('/portal/appraisal/?period=2026-11').get_data(
        as_text=True)
    second = client.get('/portal/appraisal/?period=2026-11&page=2').get_data(
        as_text=True)
    assert first.count('data-agent=') == 50
    assert second.count('data-agent=') == 12  # 甲, 乙 and 60 more
    for page in (first, second):
        total = page.split('data-total')[1].split('</tr>')[0]
        assert '>66<' in total  # 6 of the fixture's and 60 more handled
