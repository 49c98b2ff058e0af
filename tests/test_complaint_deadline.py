"""投诉: the working days to answer a complaint are a city setting (5 by
default), set by the city administrator in the range 1..60, audited;
complaints taken afterwards are due by it, earlier ones keep their date."""
import datetime

import pytest

import models
from seeds import factories as make
from appraised import sign_in, supervised, take  # noqa: F401


@pytest.fixture
def admin(supervised):
    return make.user('cty-admin', 'city_admin', supervised['county'])


def test_a_new_complaint_is_due_by_the_citys_days(supervised, admin):
    county = supervised['county']
    before = take(supervised)
    assert before.due_date == datetime.date(2026, 12, 14)  # 5, the default
    assert models.Complaint.set_deadline(county.id, ' 10 ', admin) == 10
    assert models.CitySettings.of(county.id).complaint_days == 10
    # Monday 7 December + 10 working days; the town below follows its city.
    after = take(supervised)
    assert after.due_date == datetime.date(2026, 12, 21)
    town = take(supervised, hall=supervised['town'], case=None,
                agent=supervised['yi'])
    assert town.due_date == datetime.date(2026, 12, 21)
    # The complaint taken before keeps its date; the rectification
    # deadline and another city's are untouched.
    assert models.Complaint.get_by_id(before.id).due_date == datetime.date(
        2026, 12, 14)
    assert models.CitySettings.of(county.id).rectification_days == 15
    assert models.CitySettings.of(
        supervised['other'].id).complaint_days == 5
    entry = (models.AuditLog.select()
             .where(models.AuditLog.model == 'CitySettings')
             .order_by(models.AuditLog.id.desc()).first())
    assert entry.user_id == admin.id
    assert '10' in str(entry.after) and 'complaint_days' in str(entry.after)


@pytest.mark.parametrize('days', ['0', '61', 'abc', '', '5.5', None,
                                  '<script>1</script>', '-3', '1e1',
                                  '9' * 40])
def test_a_bad_deadline_is_refused_and_changes_nothing(supervised, admin,
                                                       days):
    audits = models.AuditLog.select().count()
    with pytest.raises(models.DomainError) as refused:
        models.Complaint.set_deadline(supervised['county'].id, days, admin)
    assert 'from 1 to 60' in str(refused.value)
    assert models.CitySettings.of(
        supervised['county'].id).complaint_days == 5
    assert models.AuditLog.select().count() == audits


def test_the_rectification_and_complaint_deadlines_share_one_setter(
        supervised, admin):
    county = supervised['county'].id
    models.FollowUp.set_deadline(county, 5, admin)
    models.Complaint.set_deadline(county, 3, admin)
    settings = models.CitySettings.of(county)
    assert (settings.rectification_days, settings.complaint_days) == (5, 3)
    with pytest.raises(models.DomainError):
        settings.set_days('report_day', 3, admin)  # not a deadline


def test_only_the_city_administrator_sets_it_in_the_portal(client,
                                                          supervised, admin):
    county = supervised['county'].id
    for username in ('cty-manager', 'cty-supervisor'):
        sign_in(client, username)
        html = client.get('/portal/complaints/').get_data(as_text=True)
        assert 'complaint-deadline' not in html
        assert client.post('/portal/complaints/deadline',
                           data={'days': '8'}).status_code == 403
        client.post('/portal/logout')
    assert models.CitySettings.of(county).complaint_days == 5
    sign_in(client, 'cty-admin')
    html = client.get('/portal/complaints/').get_data(as_text=True)
    assert 'complaint-deadline' in html and '5 个工作日' in html
    page = client.post('/portal/complaints/deadline', data={'days': '99'},
                       follow_redirects=True).get_data(as_text=True)
    assert '投诉答复时限须为1至60之间的整数个工作日' in page
    assert models.CitySettings.of(county).complaint_days == 5
    refusal = (models.AuditLog.select()
               .where(models.AuditLog.action == 'set_deadline')
               .order_by(models.AuditLog.id.desc()).first())
    assert refusal is not None and refusal.user_id == admin.id
    client.post('/lang/en')
    page = client.post('/portal/complaints/deadline', data={'days': '8'},
                       follow_redirects=True).get_data(as_text=True)
    assert 'Complaints taken from now on are due in 8 working days.' in page
    assert 'within 8 working days' in page
    assert models.CitySettings.of(county).complaint_days == 8


def test_two_administrators_setting_it_at_once_keep_one_row(supervised,
                                                             admin):
    """The city's settings row does not exist yet: both saves land in it,
    neither fails."""
    from race import at_once
    county, user_id = supervised['county'].id, admin.id

    def work(n):
        user = models.User.get_by_id(user_id)
        return models.Complaint.set_deadline(county, 7 + n, user)

    assert sorted(at_once(work, 2)) == [7, 8]
    rows = list(models.CitySettings.select().where(
        models.CitySettings.city == county))
    assert len(rows) == 1 and rows[0].complaint_days in (7, 8)
