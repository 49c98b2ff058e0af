"""投诉: taking a complaint (its channel, case and/or agent, and its
deadline in the hall's working days), answering it once, who may do
what in which hall, and its count on the dashboard."""
import datetime

import pytest

import dashboard
import models
from seeds import factories as make
from support import statements

from appraised import sign_in, supervised, take  # noqa: F401


def test_a_complaint_about_a_case_is_about_its_agent(supervised):
    made = take(supervised, contact='13800138000')
    assert made.agent_id == supervised['jia'].id
    # Five working days of the hall from Monday 7 December 2026.
    assert made.due_date == datetime.date(2026, 12, 14)
    assert made.taken_by_id == supervised['manager'].id
    assert not made.is_overdue(datetime.date(2026, 12, 14))
    assert made.is_overdue(datetime.date(2026, 12, 15))
    entry = models.AuditLog.select().where(
        models.AuditLog.model == 'Complaint').get()
    assert entry.record_id == str(made.id)


def test_the_deadline_skips_the_halls_days_off(supervised, clock):
    # Friday 25 December: Monday to Friday of the next week, one day of
    # which (New Year's Day, Friday 1 January 2027) is a holiday.
    clock.set('2026-12-25T09:00:00+08:00')
    made = take(supervised)
    assert made.due_date == datetime.date(2027, 1, 4)


def test_a_complaint_about_an_agent_alone(supervised):
    made = take(supervised, case=None, agent=supervised['jia'],
                channel='writing')
    assert made.case_id is None and made.agent_id == supervised['jia'].id


@pytest.mark.parametrize('given, message', [
    (dict(channel='email'), 'how the complaint came'),
    (dict(complainant='  '), 'who complains'),
    (dict(content=''), 'what the complaint says'),
    (dict(case=None), 'a case, an agent'),
    (dict(contact='12'), 'phone'),
    (dict(content='x' * 10001), 'at most'),
    (dict(complainant='王\x07'), 'control character'),
])
def test_a_complaint_is_refused_and_nothing_is_kept(supervised, given,
                                                    message):
    with pytest.raises(models.DomainError) as refused:
        take(supervised, **given)
    assert message in str(refused.value)
    assert models.Complaint.select().count() == 4  # the fixture's


def test_a_case_or_agent_of_another_hall_is_refused(supervised):
    other = supervised['bing']
    with pytest.raises(models.DomainError):
        take(supervised, case=None, agent=other)
    with pytest.raises(models.DomainError):
        take(supervised, hall=supervised['town'])  # n1 is the county's


def test_an_agent_takes_no_complaint(supervised):
    agent = make.user('cty-agent', 'agent', supervised['county'])
    with pytest.raises(models.DomainError):
        take(supervised, user=agent)


def test_the_answer_is_given_once(supervised):
    made = take(supervised)
    for verdict, answer in (('maybe', 'x'), ('upheld', '  ')):
        with pytest.raises(models.DomainError):
            made.answer_with(supervised['supervisor'], verdict, answer)
    made.answer_with(supervised['supervisor'], 'upheld', '已批评教育并道歉')
    assert made.verdict == 'upheld' and made.answered_at is not None
    assert not made.is_overdue(datetime.date(2027, 1, 1))
    with pytest.raises(models.DomainError) as refused:
        made.answer_with(supervised['manager'], 'not_upheld', '改口')
    assert 'already answered' in str(refused.value)
    assert models.Complaint.get_by_id(made.id).answer == '已批评教育并道歉'


def test_the_dashboard_counts_complaints(supervised):
    county = dashboard.Dashboard(supervised['county']).complaints
    # Not answered: 乙's of 20 November (past its deadline) and 甲's of
    # 1 December; received this month: 甲's of 1 December.
    assert county == (1, 2, 1)
    assert dashboard.Dashboard(supervised['town']).complaints == (0, 1, 1)
    assert dashboard.Dashboard(supervised['other']).complaints == (0, 0, 0)


def test_the_dashboard_tile_and_its_queries(client, supervised):
    sign_in(client, 'cty-manager')
    html = client.get('/portal/dashboard/').get_data(as_text=True)
    assert 'data-figure="complaints"' in html
    with statements(models.db.obj) as small:
        dashboard.Dashboard(supervised['county'])
    for n in range(30):
        models.Complaint.create(
            hall=supervised['town'], channel='phone', agent=supervised['yi'],
            complainant='张', content='慢', taken_by=supervised['manager'],
            due_date=datetime.date(2026, 12, 1 + n % 7))
    with statements(models.db.obj) as large:
        board = dashboard.Dashboard(supervised['county'])
    assert board.complaints.open == 32
    assert len(small) == len(large)


def test_taking_and_answering_in_the_portal(client, supervised):
    sign_in(client, 'cty-manager')
    page = client.get('/portal/complaints/').get_data(as_text=True)
    assert 'complaint-form' in page
    response = client.post('/portal/complaints/take', data={
        'hall': supervised['county'].id, 'channel': 'on_site',
        'complainant': '<b>李</b>', 'case': 'N-02', 'agent': '',
        'content': '="cmd"|<script>x</script>', 'contact': ''})
    made = models.Complaint.select().order_by(models.Complaint.id.desc()).get()
    assert response.location.endswith('/portal/complaints/%d' % made.id)
    assert made.agent_id == supervised['jia'].id and made.case.number == 'N-02'
    shown = client.get(response.location).get_data(as_text=True)
    assert '&lt;b&gt;李&lt;/b&gt;' in shown and '<script>x' not in shown
    client.post('/portal/complaints/%d/answer' % made.id, data={
        'verdict': 'not_upheld', 'answer': '经核实不属实'})
    assert models.Complaint.get_by_id(made.id).verdict == 'not_upheld'
    # A case number that is not in the manager's halls changes nothing.
    before = models.Complaint.select().count()
    response = client.post('/portal/complaints/take', data={
        'hall': supervised['county'].id, 'channel': 'phone',
        'complainant': '李', 'case': 'N-07', 'content': '慢'})
    assert response.status_code == 302
    assert models.Complaint.select().count() == before
    listed = client.get('/portal/complaints/?show=all').get_data(as_text=True)
    assert listed.count('data-complaint=') == before


def test_another_halls_complaints_are_404(client, supervised):
    sign_in(client, 'twn-manager')
    county_one = models.Complaint.select().where(
        models.Complaint.hall == supervised['county']).first()
    assert client.get('/portal/complaints/%d' % county_one.id
                      ).status_code == 404
    assert client.post('/portal/complaints/%d/answer' % county_one.id, data={
        'verdict': 'upheld', 'answer': 'x'}).status_code == 404
    assert client.get('/portal/complaints/?hall=%d' % supervised['county'].id
                      ).status_code == 404
    html = client.get('/portal/complaints/?show=all').get_data(as_text=True)
    assert html.count('data-complaint=') == 1  # the town's own
    for hall, agent in ((supervised['county'].id, ''),
                        (supervised['town'].id, supervised['jia'].id),
                        (supervised['other'].id, '')):
        assert client.post('/portal/complaints/take', data={
            'hall': hall, 'channel': 'phone', 'complainant': '李',
            'agent': agent, 'content': '慢'}).status_code == 404
    assert models.Complaint.select().count() == 4
