"""In a real browser with CSRF on: the city administrator runs the day close
and the monthly 附件8 now, downloads a unit's official copy and sets the
report day, in Chinese and English; a hall manager reads the same page
without the buttons."""
import datetime

import models
from pages import follow, sign_in, switch_portal_language
from support import screenshot


def run_now(page, job):
    follow(page, 'tr[data-job="%s"] form button[type=submit]' % job)


def test_the_city_runs_jobs_and_a_manager_reads_them(page):
    hall = models.Hall.get(models.Hall.code == 'QL-YX')
    window = hall.windows.order_by(models.Window.id).first()
    yesterday = models.today() - datetime.timedelta(days=1)
    left = [models.Ticket.issue(window, day=yesterday) for _ in range(2)]

    sign_in(page, 'demo-city')
    page.goto(page.base_url + '/portal/jobs/')
    assert page.locator('h1').inner_text() == '定时任务'
    assert page.locator('tr[data-job="day_close"]').get_attribute(
        'data-status') == 'never'
    screenshot(page, 'jobs-01-never-run-zh')

    run_now(page, 'day_close')
    assert '已关闭2个' in page.inner_text('.alert-success')
    row = page.locator('.job-list tr[data-job="day_close"]')
    assert row.get_attribute('data-status') == 'done'
    assert '由演示市管理员手动运行' in row.inner_text()
    assert [models.Ticket.get_by_id(t.id).status for t in left] == ['closed'] * 2

    run_now(page, 'monthly_report')
    units = models.Hall.get(models.Hall.code == 'QL').subtree_ids()
    assert page.locator('.monthly-reports tbody tr').count() == len(units)
    with page.expect_download() as download:
        page.locator('.monthly-reports tr[data-hall="QL-YX"] a').click()
    assert download.value.suggested_filename.startswith('annex8-QL-YX-')
    screenshot(page, 'jobs-02-ran-zh')

    page.select_option('#report_day', '20')
    follow(page, 'form.report-day button[type=submit]')
    assert '每月20日' in page.inner_text('.alert-success')

    switch_portal_language(page)
    assert page.locator('h1').inner_text() == 'Scheduled jobs'
    run_now(page, 'day_close')  # again: nothing left to close
    assert '0 tickets left waiting or called were closed' in page.inner_text(
        '.alert-success')
    screenshot(page, 'jobs-03-ran-again-en')

    page.context.clear_cookies()
    sign_in(page, 'demo-manager')
    page.goto(page.base_url + '/portal/jobs/')
    assert page.locator('.job-list form').count() == 0
    assert page.locator('form.report-day').count() == 0
    assert page.locator('.monthly-reports tbody tr').count() == len(
        hall.subtree_ids())
    screenshot(page, 'jobs-04-manager-zh')
