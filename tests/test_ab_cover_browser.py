"""In a real browser with CSRF on: A marks themselves away at the desk, B's
desk shows A's queue and cases, B works one of them, A comes back and takes
back the rest; with no B on duty the hall manager's home page says so."""
import models
from seeds import factories

from flows import user
from pages import desk_window, follow, sign_in, switch_portal_language
from support import screenshot
from pages import act, status


def sign_out(page):
    follow(page, 'form[action$="/portal/logout"] button')


def away_button(page, post):
    return 'form[action$="/portal/desk/away"]:has(input[name="post"][value="%d"]) button' % post.id


def flash(page):
    return page.locator('.alert').first.inner_text()


def test_a_away_b_covers_a_back(page):
    window = desk_window()
    post = models.Post.get(models.Post.window == window)
    a, b = post.agent_a, post.agent_b
    b_user = factories.user('ab-cover-b', 'agent', post.hall, name=b.name)
    models.Agent.update(user=b_user).where(models.Agent.id == b.id).execute()
    worked, waiting = [factories.registered_case(
        agent=a, seed=610 + n, service_form='assisted') for n in range(2)]
    tickets = [models.Ticket.issue(window, case=case) for case in (worked, waiting)]
    holds = models.Case.select().where(
        models.Case.agent == a, models.Case.hall == post.hall_id,
        models.Case.status.in_(models.SCREENING_STATUSES + models.DUE_STATUSES)
    ).count()

    # A, at the desk, marks themselves away: B has the cases and the queue.
    sign_in(page, 'demo-agent')
    page.goto(page.base_url + '/portal/desk/')
    follow(page, away_button(page, post))
    assert '%d件' % holds in flash(page) and b.name in flash(page)
    assert models.Case.get_by_id(worked.id).agent_id == b.id
    screenshot(page, 'ab-cover-01-a-away-zh')
    sign_out(page)

    # B's desk: covering for A, A's window with its queue, the cases.
    sign_in(page, 'ab-cover-b')
    page.goto(page.base_url + '/portal/desk/')
    card = page.locator('[data-covering-post="%d"]' % post.id)
    assert ('为%s顶岗' % a.name) in card.inner_text()
    queue = card.locator('.covering-queue').inner_text()
    assert all(t.label in queue for t in tickets)
    assert card.locator('tr[data-case]').count() == min(holds, 20)
    assert card.locator('tr[data-case="%d"]' % worked.id).count() == 1
    screenshot(page, 'ab-cover-02-b-desk-zh')
    follow(page, '[data-covering-window="%d"]' % window.id)
    assert page.locator('#queue').inner_text().count(tickets[0].label) == 1
    assert page.locator('[data-covering-post="%d"]' % post.id).count() == 1
    screenshot(page, 'ab-cover-03-b-at-a-window-zh')

    # B works one case from the card: it stays with B when A is back.
    follow(page, '[data-covering-post] tr[data-case="%d"] a' % worked.id)
    act(page, 'start_handling')
    assert status(page) == 'in_handling'
    switch_portal_language(page)
    page.goto(page.base_url + '/portal/desk/')
    card = page.locator('[data-covering-post="%d"]' % post.id)
    assert 'Covering for %s' % a.name in card.inner_text()
    screenshot(page, 'ab-cover-04-b-desk-en')
    sign_out(page)

    # A is back (in English): everything but the case B worked comes back.
    sign_in(page, 'demo-agent')
    switch_portal_language(page)
    page.goto(page.base_url + '/portal/desk/')
    follow(page, away_button(page, post))
    told = flash(page)
    assert 'You are back at %s. %d cases came back to you.' % (
        post.name, holds - 1) in told
    assert '1 stays with %s, who acted on it while you were away.' % b.name in told
    screenshot(page, 'ab-cover-05-a-back-en')
    assert models.Case.get_by_id(worked.id).agent_id == b.id
    assert models.Case.get_by_id(waiting.id).agent_id == a.id
    page.goto(page.base_url + '/portal/cases/%d' % worked.id)
    history = page.locator('body').inner_text()
    assert '%s keeps the case: %s acted on it while %s was away' % (
        b.name, b.name, a.name) in history
    assert 'AB cover: %s is away from %s, %s takes the case over' % (
        a.name, post.name, b.name) in history
    screenshot(page, 'ab-cover-06-case-history-en')
    sign_out(page)


def test_no_b_on_duty_alerts_the_manager(page):
    window = desk_window()
    post = models.Post.get(models.Post.window == window)
    post.set_away(post.agent_b, True)
    sign_in(page, 'demo-agent')
    page.goto(page.base_url + '/portal/desk/')
    follow(page, away_button(page, post))
    assert '无人顶岗' in flash(page)
    screenshot(page, 'ab-cover-07-a-away-nobody-covers-zh')
    sign_out(page)

    sign_in(page, 'demo-manager')
    page.goto(page.base_url + '/portal/')
    alert = page.locator('.uncovered-posts')
    assert post.name in alert.inner_text() and '无人顶岗' in alert.inner_text()
    assert alert.locator('[data-uncovered-post="%d"]' % post.id).count() == 1
    screenshot(page, 'ab-cover-08-manager-home-zh')
    switch_portal_language(page)
    page.goto(page.base_url + '/portal/staffing/')
    alert = page.locator('.uncovered-posts')
    assert 'Nobody covers these AB posts' in alert.inner_text()
    screenshot(page, 'ab-cover-09-staffing-en')
    follow(page, '.uncovered-posts a')
    assert '/portal/posts/edit/' in page.url
    assert models.User.get(models.User.username == 'demo-manager') == user('demo-manager')
