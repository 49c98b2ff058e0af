"""Alerts (预警): each rule against hand-made records, at its threshold and
one step short of it; acknowledging (who, when, once); who sees and acts on
which hall's alerts; the list and the menu's count at a constant number of
queries; the daily count."""

import pytest

import alerts
import jobs
import models
from support import statements
from hall_day import TODAY, city, grow, login, more_halls  # noqa: F401 (city: a fixture)


def fired(rule, hall, threshold=None):
    """The rule's alerts in the hall, its threshold set first if given."""
    if threshold is not None:
        spec = alerts.RULES[rule]
        models.AlertSetting.set(hall.id, rule, threshold, spec.low, spec.high)
    return [a for a in alerts.raised([hall.id], rules=[alerts.RULES[rule]])]


def test_cases_due_within_the_working_days_set(city):
    county = city['county']
    assert [a.figure for a in fired('due_soon', county)] == [1]  # default 3
    assert fired('due_soon', county, 2) == []  # Thursday is 3 days ahead
    assert [a.figure for a in fired('due_soon', county, 3)] == [1]
    assert [a.figure for a in fired('due_soon', county, 4)] == [2]
    assert fired('due_soon', city['other'], 30) == []


def test_overdue_cases_from_their_count(city):
    county = city['county']
    assert [a.figure for a in fired('overdue', county, 2)] == [2]
    assert fired('overdue', county, 3) == []
    assert [a.figure for a in fired('overdue', city['other'])] == [1]


def test_bad_ratings_awaiting_call_back_and_late_rectifications(city):
    county = city['county']
    assert [a.figure for a in fired('callback', county, 1)] == [1]
    assert fired('callback', county, 2) == []
    assert [a.figure for a in fired('rectification_late', county, 1)] == [1]
    assert fired('rectification_late', county, 2) == []
    assert fired('callback', city['other']) == []


def test_kiosks_without_a_helper_now(city, clock):
    county = city['county']
    found = fired('kiosk_uncovered', county, 1)
    assert [(a.subject, a.about) for a in found] == [
        ('kiosk:%d' % city['bare'].id, '一号机')]
    assert fired('kiosk_uncovered', county, 2) == []
    clock.set('2026-12-07T18:00:00+08:00')  # the hall has closed
    assert fired('kiosk_uncovered', county, 1) == []


def test_windows_waiting_past_the_minutes_set(city):
    county = city['county']
    found = fired('window_wait', county, 30)
    assert [(a.subject, a.figure) for a in found] == [
        ('window:%d' % city['long_wait'].id, 30)]
    assert fired('window_wait', county, 31) == []
    assert len(fired('window_wait', county, 10)) == 2


def test_ab_posts_without_cover(city):
    county = city['county']
    assert [a.subject for a in fired('post_uncovered', county)] == [
        'post:%d' % city['post'].id]
    assert fired('post_uncovered', county, 2) == []
    post = city['post']
    post.a_away = False
    post.save()
    assert fired('post_uncovered', county, 1) == []


def test_halls_below_their_staffing_minimums(city):
    county = city['county']
    breaches = len(county.staffing_breaches())
    assert breaches >= 2  # one full-time agent of 3, a post without B, ...
    assert [a.figure for a in fired('staffing', county, breaches)] == [breaches]
    assert fired('staffing', county, breaches + 1) == []


def test_a_threshold_outside_its_range_changes_nothing(city):
    county = city['county']
    for bad in ('', 'abc', '0', '-1', '2.5', '1001'):
        with pytest.raises(models.DomainError):
            models.AlertSetting.set(county.id, 'overdue', bad, 1, 1000)
    assert models.AlertSetting.select().count() == 0


# --- The pages ---------------------------------------------------------------


def test_manager_acknowledges_once_with_who_and_when(city, client):
    manager, county = city['users']['manager'], city['county']
    login(client, manager)
    subject = 'kiosk:%d' % city['bare'].id
    form = dict(hall=county.id, rule='kiosk_uncovered', subject=subject)
    response = client.post('/portal/alerts/acknowledge', data=form,
                           follow_redirects=True)
    assert '预警已确认' in response.get_data(as_text=True)
    ack = models.AlertAck.get()
    assert (ack.rule, ack.hall_id, ack.subject, ack.user_id) == (
        'kiosk_uncovered', county.id, subject, manager.id)
    assert ack.at == models.now() and ack.period == '2026-12-07'
    again = client.post('/portal/alerts/acknowledge', data=form,
                        follow_redirects=True).get_data(as_text=True)
    assert '已被确认' in again
    assert models.AlertAck.select().count() == 1
    assert models.AlertAck.get().at == ack.at
    with pytest.raises(models.DomainError):
        ack.delete_instance()
    # Still listed, as acknowledged, by whom.
    html = client.get('/portal/alerts/?hall=%d' % county.id).get_data(as_text=True)
    assert 'data-subject="%s" data-hall="%d" class="alert-acknowledged"' % (
        subject, county.id) in html
    assert '县主任 于 2026-12-07 10:00 确认' in html


def test_an_alert_not_raised_cannot_be_acknowledged(city, client):
    login(client, city['users']['manager'])
    html = client.post('/portal/alerts/acknowledge', data=dict(
        hall=city['county'].id, rule='kiosk_uncovered',
        subject='kiosk:%d' % city['covered'].id),
        follow_redirects=True).get_data(as_text=True)
    assert '该预警已解除' in html
    assert client.post('/portal/alerts/acknowledge', data=dict(
        hall=city['county'].id, rule='nonsense', subject='x')).status_code == 404
    assert models.AlertAck.select().count() == 0


def test_menu_count_drops_when_acknowledged(city, client):
    login(client, city['users']['manager'])
    before = alerts.open_count(city['county'].subtree_ids())
    assert before >= 5
    html = client.get('/portal/').get_data(as_text=True)
    assert 'alert-count' in html and '>%d</span>' % before in html
    client.post('/portal/alerts/acknowledge', data=dict(
        hall=city['county'].id, rule='post_uncovered',
        subject='post:%d' % city['post'].id))
    html = client.get('/portal/').get_data(as_text=True)
    assert '>%d</span>' % (before - 1) in html


def test_manager_sets_a_threshold_and_bad_input_changes_nothing(city, client):
    login(client, city['users']['manager'])
    county = city['county']
    for bad in ('abc', '0', '9999', ''):
        html = client.post('/portal/alerts/threshold', data=dict(
            hall=county.id, rule='window_wait', threshold=bad),
            follow_redirects=True).get_data(as_text=True)
        assert '阈值须为1至600之间的整数' in html
    assert models.AlertSetting.select().count() == 0
    client.post('/portal/alerts/threshold', data=dict(
        hall=county.id, rule='window_wait', threshold='45'))
    assert models.AlertSetting.thresholds([county.id]) == {
        (county.id, 'window_wait'): 45}
    assert fired('window_wait', county) == []
    assert models.AuditLog.select().where(
        models.AuditLog.model == 'AlertSetting').count() == 1


def test_scope_per_role_and_hall(city, client):
    users, county, other = city['users'], city['county'], city['other']
    login(client, users['manager'])
    html = client.get('/portal/alerts/').get_data(as_text=True)
    assert 'data-hall="%d"' % county.id in html
    assert 'data-hall="%d"' % other.id not in html
    assert client.get('/portal/alerts/?hall=%d' % other.id).status_code == 404
    assert client.get('/portal/alerts/?hall=abc').status_code == 404
    for path in ('acknowledge', 'threshold'):
        assert client.post('/portal/alerts/' + path, data=dict(
            hall=other.id, rule='overdue', subject='hall',
            threshold='5')).status_code == 404
    assert models.AlertAck.select().count() == 0
    assert models.AlertSetting.select().count() == 0
    client.post('/portal/logout')

    login(client, users['supervisor'])
    html = client.get('/portal/alerts/').get_data(as_text=True)
    assert 'data-hall="%d"' % county.id in html and 'alert-count' in html
    assert '/portal/alerts/acknowledge' not in html
    assert client.post('/portal/alerts/acknowledge', data=dict(
        hall=county.id, rule='post_uncovered',
        subject='post:%d' % city['post'].id)).status_code == 403
    assert client.post('/portal/alerts/threshold', data=dict(
        hall=county.id, rule='overdue', threshold='3')).status_code == 403
    client.post('/portal/logout')

    login(client, users['agent'])
    assert client.get('/portal/alerts/').status_code == 403
    assert 'alert-count' not in client.get('/portal/').get_data(as_text=True)
    client.post('/portal/logout')

    login(client, users['other'])
    html = client.get('/portal/alerts/').get_data(as_text=True)
    assert 'data-hall="%d"' % other.id in html
    assert 'data-hall="%d"' % county.id not in html
    assert client.get('/portal/alerts/?hall=%d' % county.id).status_code == 404


def test_dashboard_shows_the_alerts(city, client):
    login(client, city['users']['manager'])
    html = client.get('/portal/dashboard/').get_data(as_text=True)
    assert 'dashboard-alerts' in html
    assert 'data-rule="kiosk_uncovered"' in html


# --- Cost ----------------------------------------------------------------------


def queries(client, url):
    with statements(models.db.obj) as run:
        assert client.get(url).status_code == 200
    return len(run)


def test_list_and_menu_count_cost_the_same_at_two_sizes(city, client):
    login(client, city['users']['manager'])
    small = (queries(client, '/portal/alerts/'), queries(client, '/portal/'))
    grow(city['county'], 30)
    large = (queries(client, '/portal/alerts/'), queries(client, '/portal/'))
    assert small == large
    # The same once the acknowledgements are many.
    for alert in alerts.raised(city['county'].subtree_ids()):
        models.AlertAck.acknowledge(alert.rule, alert.hall_id, alert.subject,
                                    alerts.period(), city['users']['manager'])
    assert (queries(client, '/portal/alerts/'), queries(client, '/portal/')) == large


def test_the_daily_job_counts_open_alerts_per_hall(city, app):
    assert 'alerts' in jobs.JOBS
    facts = jobs.count_alerts(TODAY.isoformat())
    county, other = str(city['county'].id), str(city['other'].id)
    expected = len([a for a in alerts.raised([city['county'].id])])
    assert facts['alerts'][county] == expected
    assert facts['alerts'][other] >= 1
    assert jobs.count_alerts(TODAY.isoformat()) == facts
    with app.app_context():
        with_scope = jobs._describe_alerts(facts, [city['other'].id])
    assert str(facts['alerts'][other]) in str(with_scope)


def direct_queries(hall_ids):
    halls = list(models.Hall.select().where(models.Hall.id.in_(hall_ids)))
    with statements(models.db.obj) as run:
        models.Hall.staffing_breaches_of(halls)
    return len(run)


def test_staffing_costs_the_same_for_two_halls_or_twenty(city, client):
    """The staffing rule reads all halls at once: the list, the menu's
    count (which leaves the rule out) and a job's run (outside a
    request) cost the same queries whatever the number of halls."""
    login(client, city['users']['manager'])
    small = (queries(client, '/portal/alerts/'), queries(client, '/portal/'),
             direct_queries(city['county'].subtree_ids()))
    before = len([a for a in alerts.raised(city['county'].subtree_ids())
                  if a.rule == 'staffing'])
    more_halls(city['county'], 18)
    halls = city['county'].subtree_ids()
    staffing = [a for a in alerts.raised(halls) if a.rule == 'staffing']
    assert len(staffing) == before + 18
    assert (queries(client, '/portal/alerts/'), queries(client, '/portal/'),
            direct_queries(halls)) == small


def test_breaches_of_many_halls_are_each_halls_own(city):
    """Read together or one by one, every hall has the same breaches."""
    more_halls(city['county'], 3)
    halls = list(models.Hall.select().order_by(models.Hall.id))
    together = models.Hall.staffing_breaches_of(halls)
    for hall in halls:
        alone = hall.staffing_breaches()
        assert [(b.rule, str(b.message)) for b in together[hall.id]] == \
            [(b.rule, str(b.message)) for b in alone]
    assert together[city['county'].id]
