"""In a real browser with CSRF on: a supervisor draws last month's sample
and records a shortcoming; the hall manager records the correction, takes
a complaint and answers it; the city reads the appraisal and downloads
it; in Chinese and in English."""
import datetime

from openpyxl import load_workbook

import models
from pages import follow, sign_in, switch_portal_language
from support import screenshot


def last_month():
    return (models.today().replace(day=1)
            - datetime.timedelta(days=1)).strftime('%Y-%m')


def draw_scope(page):
    return page.locator('form.sample-draw-form select[name=hall]').input_value()


def sign_in_again(page, username):
    page.context.clear_cookies()
    sign_in(page, username)


def test_sampling_complaints_and_appraisal_end_to_end(page, tmp_path):
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    # The supervisor: 监督 → 定期抽查, draws 10 % of last month's cases.
    sign_in(page, 'demo-supervisor')
    page.goto(page.base_url + '/portal/')
    page.click('.portal-menu a.dropdown-toggle:text-is("监督")')
    follow(page, '.portal-menu .dropdown-menu a:text-is("定期抽查")')
    assert page.locator('h1').inner_text() == '办结案件定期抽查'
    form = page.locator('form.sample-draw-form')
    form.locator('select[name=hall]').select_option(str(hall.id))
    form.locator('input[name=month]').fill(last_month())
    # A share the browser's own check would stop, sent as typed.
    form.locator('input[name=percent]').evaluate(
        'e => { e.type = "text"; e.removeAttribute("min"); }')
    form.locator('input[name=percent]').fill('abc')
    with page.expect_navigation():
        form.locator('button').click()
    assert '抽查比例须为 1 至 100 之间的整数百分比' in page.inner_text('body')
    assert models.SampleDraw.select().count() == 0
    assert draw_scope(page) != str(hall.id)  # the form starts afresh
    form.locator('select[name=hall]').select_option(str(hall.id))
    form.locator('input[name=percent]').fill('10')
    form.locator('input[name=seed]').fill('二〇二六年抽查')
    with page.expect_navigation():
        form.locator('button').click()
    assert '已抽取样本' in page.inner_text('.alert-success')
    draw = models.SampleDraw.get()
    assert draw.hall_id == hall.id
    assert draw.seed == '二〇二六年抽查' and draw.percent == 10
    assert page.locator('[data-reproduced="1"]').count() == 1
    sampled = page.locator('tr[data-review]').count()
    assert sampled == draw.reviews.count() >= 1
    screenshot(page, 'supervision-01-draw-zh')

    follow(page, 'tr[data-review] >> nth=0 >> a.btn')
    page.check('#finding-serious')
    page.fill('#note', '未见授权委托书')
    page.fill('#task', '补签授权委托书并归档')
    with page.expect_navigation():
        page.click('form.sample-review-form button')
    assert '审查结论已记录' in page.inner_text('.alert-success')
    assert '严重问题' in page.inner_text('.sample-finding')
    review = models.SampleReview.get(models.SampleReview.finding == 'serious')
    assert review.task_open
    screenshot(page, 'supervision-02-review-zh')

    # The hall manager records the correction on the same review.
    sign_in_again(page, 'demo-manager')
    page.goto(page.base_url + '/portal/sampling/review/%d' % review.id)
    page.fill('#outcome', '已补签并归档')
    with page.expect_navigation():
        page.click('form.sample-correction button')
    assert '整改情况已登记' in page.inner_text('.alert-success')
    assert not models.SampleReview.get_by_id(review.id).task_open
    screenshot(page, 'supervision-03-correction-zh')

    # ... takes a complaint from the 12345 hotline about a case, then
    # answers it.
    case = (models.Case.select()
            .where(models.Case.hall == hall, models.Case.agent.is_null(False))
            .order_by(models.Case.id).first())
    page.goto(page.base_url + '/portal/complaints/')
    form = page.locator('form.complaint-form')
    form.locator('select[name=channel]').select_option('hotline')
    form.locator('input[name=complainant]').fill('王先生')
    form.locator('input[name=case]').fill(case.number)
    form.locator('textarea[name=content]').fill('等候时间过长，工作人员解释不清')
    with page.expect_navigation():
        form.locator('button').click()
    assert '投诉已登记' in page.inner_text('.alert-success')
    complaint = models.Complaint.get()
    assert complaint.agent_id == case.agent_id
    assert complaint.due_date == hall.add_working_days(models.today(), 5)
    screenshot(page, 'supervision-04-complaint-zh')
    page.check('#verdict-upheld')
    page.fill('#answer', '已约谈相关人员并向投诉人致歉')
    with page.expect_navigation():
        page.click('form.complaint-answer-form button')
    assert '答复已登记' in page.inner_text('.alert-success')
    assert models.Complaint.get_by_id(complaint.id).verdict == 'upheld'

    switch_portal_language(page)
    page.goto(page.base_url + '/portal/complaints/?show=all')
    assert page.locator('h1').inner_text() == 'Complaints'
    row = page.locator('tr[data-complaint="%d"]' % complaint.id)
    assert '12345 hotline' in row.inner_text() and 'Upheld' in row.inner_text()
    screenshot(page, 'supervision-05-complaints-en')
    page.goto(page.base_url + '/portal/sampling/%d' % draw.id)
    assert 'Sample of %s' % last_month() in page.inner_text('h1')
    screenshot(page, 'supervision-06-draw-en')

    # The city: the appraisal of last month, on screen and in Excel.
    sign_in_again(page, 'demo-city')
    page.goto(page.base_url + '/portal/appraisal/?period=%s&hall=%d' % (
        last_month(), case.agent.hall_id))
    assert page.locator('h1').inner_text() == '帮办代办员考核'
    agent_row = page.locator('tr[data-agent="%d"]' % case.agent_id)
    assert agent_row.count() == 1
    total = page.locator('tr[data-total]').inner_text()
    assert '(1)' in total  # the upheld complaint and the shortcoming
    screenshot(page, 'supervision-07-appraisal-zh')
    with page.expect_download() as download:
        page.click('a[data-export]')
    saved = tmp_path / 'appraisal.xlsx'
    download.value.save_as(saved)
    sheet = load_workbook(saved).active
    assert '考核' in sheet['A1'].value and sheet['B2'].value == '大厅'
    switch_portal_language(page)
    assert page.locator('h1').inner_text() == 'Appraisal of agents'
    screenshot(page, 'supervision-08-appraisal-en')
    page.goto(page.base_url + '/portal/dashboard/?hall=%d' % hall.id)
    tile = page.locator('[data-figure="complaints"]')
    assert 'Complaints not answered' in tile.inner_text()
    screenshot(page, 'supervision-09-dashboard-en')
