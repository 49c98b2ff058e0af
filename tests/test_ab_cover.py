"""AB cover (AB岗) happens by itself: A away hands A's open cases to B in one
step, one recorded event per case; A back takes back what B has not acted
on; no B on duty alerts the hall's managers."""
import pytest

import history
import models
from flows import user, window
from race import race
from seeds import factories
from support import statements


def post_of(number=1):
    return models.Post.get(models.Post.window == window(number))


def agent_of(username):
    return models.Agent.get(models.Agent.user == user(username))


def b_account(post):
    """B of the post signs in as an agent of the hall."""
    account = factories.user('ab-b-%d' % post.id, 'agent', post.hall)
    models.Agent.update(user=account).where(
        models.Agent.id == post.agent_b_id).execute()
    return account


def cases_of(agent):
    return set(c.id for c in models.Case.select(models.Case.id).where(
        models.Case.agent == agent))


def events(action, case_ids=None):
    query = models.CaseEvent.select().where(models.CaseEvent.action == action)
    if case_ids is not None:
        query = query.where(models.CaseEvent.case.in_(list(case_ids)))
    return list(query.order_by(models.CaseEvent.id))


def open_ids(agent, hall):
    return set(c.id for c in models.Case.select(models.Case.id).where(
        models.Case.agent == agent, models.Case.hall == hall,
        models.Case.status.in_(models.SCREENING_STATUSES + models.DUE_STATUSES)))


@pytest.fixture
def post(demo_app):
    """The demo agent's post (A) with three fresh cases of theirs: one
    registered, one in handling, one delivered (done: it stays)."""
    post = post_of(1)
    a = agent_of('demo-agent')
    assert post.agent_a_id == a.id and post.agent_b_id
    fresh = [factories.registered_case(agent=a, seed=900 + n,
                                       service_form='assisted') for n in range(3)]
    fresh[1].start_handling()
    for step in ('start_handling', 'mark_ready', 'deliver'):
        getattr(models.Case.get_by_id(fresh[2].id), step)()
    post.fresh = [c.id for c in fresh]
    return post


def test_a_away_hands_every_open_case_to_b_with_one_event_each(post):
    a, b = post.agent_a, post.agent_b
    mine = open_ids(a, post.hall_id)
    done = post.fresh[2]
    assert set(post.fresh[:2]) <= mine and done not in mine
    b_before = cases_of(b)
    elsewhere = factories.registered_case(agent=a, hall_code='QL-YX-BS',
                                          seed=950)  # not this post's hall

    cover = post.set_away(a, True, user('demo-agent'))

    assert sorted(cover.handed) == sorted(mine)
    assert cases_of(b) == b_before | mine
    assert models.Case.get_by_id(done).agent_id == a.id
    assert models.Case.get_by_id(elsewhere.id).agent_id == a.id
    covered = events('cover', mine)
    assert sorted(e.case_id for e in covered) == sorted(mine)
    for event in covered:
        assert event.facts['reason'] == 'ab_cover'
        assert event.facts['post'] == post.id
        assert event.actor_id == user('demo-agent').id
        assert event.from_status == event.to_status == models.Case.get_by_id(
            event.case_id).status
    assert post.on_duty().id == b.id
    assert not list(models.Post.uncovered(post.hall))


def test_away_and_back_take_the_same_statements_for_1_case_or_60(demo_app):
    post = post_of(1)
    a, b = post.agent_a, post.agent_b

    def measure(count, seed):
        models.Case.update(agent=b).where(models.Case.agent == a).execute()
        for n in range(count):
            factories.registered_case(agent=a, seed=seed + n)
        with statements(models.db.obj) as away:
            handed = post.set_away(a, True).handed
        with statements(models.db.obj) as back:
            returned = post.set_away(a, False).returned
        assert len(handed) == len(returned) == count
        return len(away), len(back)

    assert measure(1, 700) == measure(60, 800)


def test_a_back_takes_back_what_b_has_not_acted_on(post):
    a, b = post.agent_a, post.agent_b
    b_user = b_account(post)
    b_own = cases_of(b)
    handed = set(post.set_away(a, True, user('demo-agent')).handed)
    acted, untouched = post.fresh[0], post.fresh[1]
    assert {acted, untouched} <= handed
    models.Case.get_by_id(acted).start_handling(user=b_user)
    # Someone other than B acting does not make it B's.
    models.Case.get_by_id(untouched).mark_ready(user=user('demo-manager'))

    cover = post.set_away(a, False, user('demo-agent'))

    assert cover.kept == [acted]
    assert sorted(cover.returned) == sorted(handed - {acted})
    assert models.Case.get_by_id(acted).agent_id == b.id
    assert models.Case.get_by_id(untouched).agent_id == a.id
    assert cases_of(b) == b_own | {acted}  # B's own cases stay B's
    assert [e.case_id for e in events('cover_kept')] == [acted]
    assert sorted(e.case_id for e in events('cover_back')) == sorted(
        handed - {acted})
    # A away again: only what A holds now passes, once more with an event.
    again = post.set_away(a, True)
    assert acted not in again.handed and untouched in again.handed
    assert len(events('cover', [acted])) == 1


def test_the_history_says_why_the_agent_changed(post, demo_app):
    a, b = post.agent_a, post.agent_b
    b_user = b_account(post)
    post.set_away(a, True, user('demo-agent'))
    kept, back = post.fresh[0], post.fresh[1]
    models.Case.get_by_id(kept).start_handling(user=b_user)
    post.set_away(a, False, user('demo-agent'))
    for lang, words in (('en', ('AB cover: %s is away from %s, %s takes the '
                                'case over' % (a.name, post.name, b.name),
                                'AB cover ends: %s is back at %s and takes '
                                'the case back from %s' % (a.name, post.name,
                                                           b.name),
                                '%s keeps the case: %s acted on it while %s '
                                'was away' % (b.name, b.name, a.name))),
                        ('zh_Hans_CN', ('AB岗顶岗：%s离岗（%s），由%s接办' % (
                            a.name, post.name, b.name),
                            'AB岗顶岗结束：%s返回%s，从%s收回此件' % (
                                a.name, post.name, b.name),
                            '%s继续办理：%s离岗期间%s已办理过此件' % (
                                b.name, a.name, b.name)))):
        with demo_app.test_request_context(headers={'Accept-Language': lang}):
            from flask_babel import force_locale
            with force_locale(lang):
                told_back = [history.told(e) for e in
                             models.Case.get_by_id(back).history()]
                told_kept = [history.told(e) for e in
                             models.Case.get_by_id(kept).history()]
        assert words[0] in told_back and words[1] in told_back
        assert words[0] in told_kept and words[2] in told_kept
        assert words[1] not in told_kept


def test_no_b_on_duty_keeps_the_cases_and_alerts_the_managers(post, auth,
                                                             demo_client):
    a, b = post.agent_a, post.agent_b
    mine = open_ids(a, post.hall_id)
    post.set_away(b, True)
    assert post.set_away(a, True).handed == []
    assert open_ids(a, post.hall_id) == mine
    assert [p.id for p in models.Post.uncovered(post.hall)] == [post.id]
    assert [p.id for p in models.Post.uncovered([post.hall_id])] == [post.id]

    auth.login('demo-manager')
    home = demo_client.get('/portal/').get_data(as_text=True)
    assert 'data-uncovered-post="%d"' % post.id in home
    staffing = demo_client.get('/portal/staffing/').get_data(as_text=True)
    assert 'data-uncovered-post="%d"' % post.id in staffing
    auth.logout()
    auth.login('demo-supervisor')  # reads, does not staff the hall
    assert 'data-uncovered-post' not in demo_client.get('/portal/').get_data(
        as_text=True)
    auth.logout()
    auth.login('demo-agent')
    assert 'data-uncovered-post' not in demo_client.get('/portal/').get_data(
        as_text=True)

    # B back while A is away: B takes over now, and the alert goes.
    assert sorted(post.set_away(b, False).handed) == sorted(mine)
    assert not list(models.Post.uncovered(post.hall))
    auth.logout()
    auth.login('demo-manager')
    assert 'data-uncovered-post' not in demo_client.get('/portal/').get_data(
        as_text=True)


def test_a_b_who_left_does_not_cover(post):
    a, b = post.agent_a, post.agent_b
    models.Agent.update(is_active=False).where(models.Agent.id == b.id).execute()
    post = models.Post.get_by_id(post.id)
    assert post.set_away(a, True).handed == []
    assert post.on_duty() is None
    assert [p.id for p in models.Post.uncovered(post.hall)] == [post.id]


def test_a_post_without_b_is_uncovered_when_a_is_away(demo_app):
    post = post_of(1)
    post.agent_b = None
    post.save()
    assert not list(models.Post.uncovered(post.hall))
    assert post.set_away(post.agent_a, True).handed == []
    assert [p.id for p in models.Post.uncovered(post.hall)] == [post.id]
    other_hall = models.Hall.get(models.Hall.code == 'QL-YX-BS')
    assert not list(models.Post.uncovered(other_hall))


def test_a_second_click_hands_nothing_twice(post):
    a = post.agent_a
    first = post.set_away(a, True)
    stale = models.Post.get_by_id(post.id)
    stale.a_away = False  # a page loaded before the first click
    assert stale.set_away(a, True) is None
    assert len(events('cover')) == len(first.handed)


def test_cases_at_the_window_of_another_post_of_a_stay_for_its_b(post):
    a = post.agent_a
    second = models.Post.create(
        hall=post.hall, window=window(2), name='第二岗', agent_a=a,
        agent_b=models.Agent.select().where(
            models.Agent.hall == post.hall_id,
            models.Agent.id.not_in([a.id, post.agent_b_id])).first())
    there = factories.registered_case(agent=a, seed=960)
    models.Case.update(window=window(2)).where(
        models.Case.id == there.id).execute()
    assert there.id not in post.set_away(a, True).handed
    assert models.Case.get_by_id(there.id).agent_id == a.id
    assert there.id in second.set_away(a, True).handed
    assert models.Case.get_by_id(there.id).agent_id == second.agent_b_id


def _mark_away(post_id):
    post = models.Post.get_by_id(post_id)
    agent = post.agent_a
    return lambda: post.set_away(agent, True) and 'handed'


def test_two_aways_at_once_hand_over_once(post, demo_app):
    mine = open_ids(post.agent_a, post.hall_id)
    outcomes = race(demo_app.config['DATABASE_URL'], _mark_away,
                    [(post.id,)] * 4)
    assert outcomes.count('handed') == 1, outcomes
    assert outcomes.count(None) == 3, outcomes
    assert sorted(e.case_id for e in events('cover')) == sorted(mine)


def test_the_manager_marking_a_away_on_the_post_form_hands_over(post, auth,
                                                                demo_client):
    mine = open_ids(post.agent_a, post.hall_id)
    auth.login('demo-manager')
    page = demo_client.get('/portal/posts/edit/?id=%d' % post.id)
    assert page.status_code == 200
    form = dict(hall=post.hall_id, name=post.name, window=post.window_id,
                agent_a=post.agent_a_id, agent_b=post.agent_b_id, a_away='y')
    response = demo_client.post('/portal/posts/edit/?id=%d' % post.id,
                                data=form)
    assert response.status_code == 302
    assert models.Post.get_by_id(post.id).a_away is True
    assert sorted(e.case_id for e in events('cover')) == sorted(mine)
    assert {e.actor_id for e in events('cover')} == {user('demo-manager').id}
    form.pop('a_away')
    demo_client.post('/portal/posts/edit/?id=%d' % post.id, data=form)
    assert models.Post.get_by_id(post.id).a_away is False
    assert sorted(e.case_id for e in events('cover_back')) == sorted(mine)


def test_the_alert_costs_the_same_for_one_uncovered_post_or_all(auth,
                                                                demo_client):
    posts = list(models.Post.select().where(
        models.Post.hall == window(1).hall_id).order_by(models.Post.id))
    assert len(posts) > 3
    auth.login('demo-manager')

    def home_statements():
        with statements(models.db.obj) as run:
            page = demo_client.get('/portal/').get_data(as_text=True)
        return page.count('data-uncovered-post='), len(run)

    away = models.Post.update(a_away=True, b_away=True)
    away.where(models.Post.id == posts[0].id).execute()
    shown, one = home_statements()
    assert shown == 1
    away.where(models.Post.hall == window(1).hall_id).execute()
    shown, every = home_statements()
    assert shown == len(posts) and every == one


def test_the_applicant_reads_the_cover_in_plain_words(post, demo_client):
    a = post.agent_a
    b_user = b_account(post)
    kept, back = post.fresh[0], post.fresh[1]
    codes = {case_id: models.Case.get_by_id(case_id).issue_receipt()
             for case_id in (kept, back)}
    post.set_away(a, True)
    models.Case.get_by_id(kept).start_handling(user=b_user)
    post.set_away(a, False)
    page = demo_client.get('/p/%s' % codes[kept]).get_data(as_text=True)
    assert '已更换帮办代办员跟进您的案件' in page  # the cover
    assert '顶岗的帮办代办员继续为您办理' in page
    page = demo_client.get('/p/%s' % codes[back]).get_data(as_text=True)
    assert '原帮办代办员继续为您办理' in page
    assert post.agent_b.name not in page and 'ab_cover' not in page
