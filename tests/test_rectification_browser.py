"""差评整改 in a real browser with CSRF on: the manager calls back, the
agent records the rectification, the supervisor verifies (in Chinese; in
English the supervisor returns it once), the city sets its deadline and
reads the rates beside 附件8; the rating reminders list."""
import models

from seeds.factories import registered_case
from support import screenshot
from pages import follow, sign_in, switch_portal_language


def bad_rating(seed, comment):
    """A delivered case in 云溪县 rated 不满意: its task."""
    case = registered_case(seed=seed, service_form='assisted')
    case.start_handling()
    case.mark_ready()
    case.deliver()
    case.evaluate(2, 'onsite', comment=comment)
    return models.FollowUp.get(models.FollowUp.case == case.id)


def english(page):
    """The portal in English, whichever language the session had."""
    if page.locator('form[action="/lang/en"]').count():
        switch_portal_language(page)
    assert page.locator('form[action="/lang/zh_Hans_CN"]').count() == 1


def open_task(page, task):
    page.goto(page.base_url + '/portal/cases/follow-ups?show=all')
    follow(page, 'tr[data-task="%d"] a.btn' % task.id)
    assert page.url.endswith('/portal/cases/follow-ups/%d' % task.id)


def state(page):
    return page.locator('.follow-up-summary').get_attribute('data-state')


def call_back(page, outcome, note=''):
    form = page.locator('form.record-callback')
    form.locator('select[name="outcome"]').select_option(outcome)
    form.locator('textarea[name="note"]').fill(note)
    follow(page, 'form.record-callback button[type=submit]')


def rectify(page, note):
    page.locator('form.record-rectification textarea[name="note"]').fill(note)
    follow(page, 'form.record-rectification button[type=submit]')


def verify(page, verdict, note=''):
    form = page.locator('form.record-verification')
    form.locator('input[value="%s"]' % verdict).check()
    form.locator('textarea[name="note"]').fill(note)
    follow(page, 'form.record-verification button[type=submit]')


def test_the_closed_loop_in_chinese(page):
    task = bad_rating(81, '窗口等候时间太长')
    sign_in(page, 'demo-manager')
    page.goto(page.base_url + '/portal/cases/follow-ups')
    row = page.locator('tr[data-task="%d"]' % task.id)
    assert row.get_attribute('data-state') == 'awaiting_callback'
    assert '待回访' in row.inner_text()
    screenshot(page, 'rectification-01-list-zh')
    open_task(page, task)
    assert page.locator('form.record-rectification').count() == 0
    call_back(page, 'unreachable')
    assert state(page) == 'awaiting_callback'  # an attempt is kept, no more
    call_back(page, 'reached', '申请人反映等候时间长，已致歉')
    assert state(page) == 'awaiting_rectification'
    screenshot(page, 'rectification-02-called-back-zh')

    sign_in(page, 'demo-agent')
    open_task(page, task)
    rectify(page, ' ')  # the browser's required check lets spaces through
    assert '请填写所采取的整改措施' in page.inner_text('body')
    rectify(page, '高峰时段增开一个综合窗口')
    assert state(page) == 'awaiting_verification'
    assert page.locator('form.record-verification').count() == 0  # agents don't
    screenshot(page, 'rectification-03-rectified-zh')

    sign_in(page, 'demo-supervisor')
    open_task(page, task)
    assert page.locator('form.record-callback').count() == 0
    verify(page, 'confirmed', '已核实')
    assert state(page) == 'closed'
    steps = page.locator('tr[data-step]')
    assert [steps.nth(i).get_attribute('data-step') for i in range(steps.count())] \
        == ['callback', 'callback', 'rectification', 'verification']
    screenshot(page, 'rectification-04-verified-zh')
    task = models.FollowUp.get_by_id(task.id)
    assert task.closed_by.username == 'demo-supervisor'
    assert task.outcome == '高峰时段增开一个综合窗口'

    page.goto(page.base_url + '/portal/stats/?month=%s&by=hall'
              % models.today().strftime('%Y-%m'))
    rates = page.locator('table.rectification-rates tfoot')
    assert rates.count() == 1 and '%' in rates.inner_text()
    screenshot(page, 'rectification-05-stats-zh')

    sign_in(page, 'demo-city')
    page.goto(page.base_url + '/portal/cases/follow-ups')
    page.fill('form.rectification-deadline input[name="days"]', '5')
    follow(page, 'form.rectification-deadline button[type=submit]')
    assert '5个工作日' in page.inner_text('body')
    city = models.Hall.get(models.Hall.code == 'QL')
    assert models.CitySettings.of(city.id).rectification_days == 5
    screenshot(page, 'rectification-06-city-deadline-zh')
    page.goto(page.base_url + '/portal/cases/follow-ups/reminders')
    assert page.locator('table.rating-reminders').count() == 1
    screenshot(page, 'rectification-07-reminders-zh')


def test_the_closed_loop_in_english_with_a_return(page):
    task = bad_rating(82, '材料退还慢')
    sign_in(page, 'demo-agent')
    page.goto(page.base_url + '/portal/cases/follow-ups')
    english(page)
    open_task(page, task)
    assert 'Awaiting call-back' in page.locator('.follow-up-summary').inner_text()
    call_back(page, 'reached', 'The applicant waited a week for the originals')
    rectify(page, 'Originals are returned the same day from now on')
    screenshot(page, 'rectification-11-rectified-en')

    sign_in(page, 'demo-supervisor')
    page.goto(page.base_url + '/portal/cases/follow-ups')
    english(page)
    open_task(page, task)
    verify(page, 'returned')  # without saying what is left: refused
    assert 'Say what is still to be rectified' in page.inner_text('body')
    verify(page, 'returned', 'Also tell the applicant by phone')
    assert state(page) == 'awaiting_rectification'
    screenshot(page, 'rectification-12-returned-en')

    sign_in(page, 'demo-manager')
    page.goto(page.base_url + '/portal/cases/follow-ups')
    english(page)
    open_task(page, task)
    rectify(page, 'Called the applicant and returned the originals')
    sign_in(page, 'demo-supervisor')
    english(page)
    open_task(page, task)
    verify(page, 'confirmed')
    assert state(page) == 'closed'
    screenshot(page, 'rectification-13-closed-en')
    page.goto(page.base_url + '/portal/cases/follow-ups?show=closed')
    assert page.locator('tr[data-task="%d"]' % task.id).get_attribute(
        'data-state') == 'closed'
    screenshot(page, 'rectification-14-list-en')
    page.goto(page.base_url + '/portal/stats/?month=%s&by=hall'
              % models.today().strftime('%Y-%m'))
    assert 'Call-back rate' in page.locator('table.rectification-rates').inner_text()
    screenshot(page, 'rectification-15-stats-en')
    page.goto(page.base_url + '/portal/cases/follow-ups/reminders')
    assert 'Rating reminders' in page.inner_text('body')
    screenshot(page, 'rectification-16-reminders-en')
