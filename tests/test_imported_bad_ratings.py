"""A hall moving off paper brings its ledger in (附件4). A bad rating
(不满意, 非常不满意) in it that is still within the city's rectification
deadline today opens its rectification task, as if rated in the system on
that day; an older one was handled on paper: it counts among the month's
bad ratings but opens no task. The import says how many of each."""
import datetime
import json

import pytest

import models
from flows import sign_in as login
from ledgers import ID_A, ID_B, city, ledger_sheet, line, upload  # noqa: F401

TODAY = datetime.date(2026, 10, 20)  # the ledger tests' clock


def rows(*fed_back_and_rating):
    return ledger_sheet([
        line(day=day.isoformat(), fed_back=day.isoformat(), rating=rating,
             accepted='人社 %s' % day.isoformat(),
             done='人社 %s' % day.isoformat(),
             id_number=(ID_A, ID_B)[n % 2], matter='城乡居民养老保险参保登记')
        for n, (day, rating) in enumerate(fed_back_and_rating)])


def imported_case(day):
    return models.Case.get(models.Case.is_imported == True,  # noqa: E712
                           models.Case.closed_at == datetime.datetime.combine(
                               day, datetime.time.min))


@pytest.mark.parametrize('lang, said', [
    ('zh_Hans_CN', '其中差评：1 件仍在整改时限内，已开启整改任务；1 件较早的已在纸质台账中处理，未开启任务。'),
    ('en', 'Bad ratings among them: 1 still within the rectification deadline '
           'opened a rectification task; 1 older ones were handled on paper')])
def test_a_recent_bad_rating_opens_its_task_an_old_one_does_not(
        city, client, lang, said):
    recent, old, fine = (datetime.date(2026, 10, 9), datetime.date(2026, 7, 8),
                         datetime.date(2026, 10, 12))
    login(client, 'manager-lga')
    client.post('/lang/%s' % lang)
    sheet = rows((recent, '不满意'), (old, '非常不满意'), (fine, '满意'))
    response = upload(client, sheet)
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers['Location']).get_data(as_text=True)
    assert said in page
    task = models.FollowUp.get()
    rated = imported_case(recent)
    assert task.case_id == rated.id and task.hall_id == city['county'].id
    assert task.evaluation_id == rated.evaluations.get().id
    # Opened when the rating was given; due 15 working days later, as the
    # city's deadline reads; not past it today.
    assert task.created_at == datetime.datetime(2026, 10, 9)
    assert task.due_date == city['county'].add_working_days(recent, 15)
    assert task.due_date >= TODAY and not task.is_overdue(TODAY)
    assert task.state() == 'awaiting_callback'
    # The old bad rating is counted, not opened.
    assert imported_case(old).evaluations.get().rating == 1
    assert not imported_case(old).follow_ups.exists()
    assert not imported_case(fine).follow_ups.exists()
    entry = (models.AuditLog.select()
             .where(models.AuditLog.action == 'import')
             .order_by(models.AuditLog.id.desc()).get())
    assert json.loads(entry.after)['rectifying'] == 1
    assert json.loads(entry.after)['on_paper'] == 1
    # The same sheet again opens nothing more.
    assert upload(client, sheet).status_code == 302
    assert models.FollowUp.select().count() == 1
    # The task is worked as any other: it is in the list, called back.
    listed = client.get('/portal/cases/follow-ups').get_data(as_text=True)
    assert 'data-task="%d"' % task.id in listed
    task.record_callback(city['manager'], '帮办员甲',
                         datetime.datetime(2026, 10, 19, 9, 0), 'reached',
                         '已致歉')
    assert task.state() == 'awaiting_rectification'


def test_the_deadline_is_the_citys_and_its_last_day_still_opens(city, app):
    """The rating whose deadline ends today opens its task; one a working
    day older does not. A shorter deadline for the city leaves more to
    paper."""
    hall = city['county']
    day, opened_from = TODAY, None
    while hall.add_working_days(day, 15) >= TODAY:
        opened_from, day = day, day - datetime.timedelta(days=1)
    assert hall.add_working_days(opened_from, 15) == TODAY
    too_old = day  # the latest day whose deadline ended before today
    from portal import imports
    sheet = [(5 + n, [''] + line(
        day=d.isoformat(), fed_back=d.isoformat(), rating='不满意',
        accepted='人社 %s' % d.isoformat(), done='人社 %s' % d.isoformat(),
        id_number=(ID_A, ID_B)[n]))
        for n, d in enumerate((opened_from, too_old))]
    with app.test_request_context():
        values, _already, errors = imports.check_ledger(sheet, hall)
        assert not errors
        done = imports.apply_ledger(hall, values, city['manager'])
    assert tuple(done) == (2, 1, 1)
    assert [t.case_id for t in models.FollowUp.select()] == [
        imported_case(opened_from).id]


def test_a_shorter_city_deadline_leaves_the_rating_to_paper(city, client):
    admin = models.User.get(models.User.username == 'city-admin')
    models.FollowUp.set_deadline(admin.city_id, 5, admin)
    login(client, 'manager-lga')
    # 9 October + 5 working days is the 16th, before the 20th.
    assert upload(client, rows((datetime.date(2026, 10, 9), '不满意'))
                  ).status_code == 302
    assert models.FollowUp.select().count() == 0
    assert imported_case(datetime.date(2026, 10, 9)).evaluations.get(
    ).rating == 2


def test_an_import_without_bad_ratings_says_nothing_of_them(city, client):
    login(client, 'manager-lga')
    response = upload(client, rows((datetime.date(2026, 10, 9), '满意')))
    page = client.get(response.headers['Location']).get_data(as_text=True)
    assert '其中差评' not in page
    assert models.FollowUp.select().count() == 0


def test_the_import_page_explains_the_rule_with_the_citys_days(city, client):
    login(client, 'manager-lga')
    page = client.get('/portal/excel/ledger/').get_data(as_text=True)
    assert 'imported-bad-ratings' in page and '15个工作日' in page
    client.post('/lang/en')
    page = client.get('/portal/excel/ledger/').get_data(as_text=True)
    assert 'within the rectification deadline (15 working days)' in page
