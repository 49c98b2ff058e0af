"""In a real browser: the city administrator reads last month's appraisal,
has the scheduled job sum the months that are over, and reads the same
figures from the sums, in Chinese and English."""
import datetime

import models
from pages import follow, sign_in, switch_portal_language
from support import screenshot


def last_month():
    return (models.today().replace(day=1)
            - datetime.timedelta(days=1)).strftime('%Y-%m')


def figures(page):
    """Each agent's row and the total, as the page shows them."""
    rows = page.locator('tr[data-agent], tr[data-total]')
    return [rows.nth(n).inner_text() for n in range(rows.count())]


def test_the_city_sums_the_months_and_reads_the_same_appraisal(page):
    county = models.Hall.get(models.Hall.code == 'QL-YX')
    address = page.base_url + '/portal/appraisal/?period=%s&hall=%d' % (
        last_month(), county.id)
    sign_in(page, 'demo-city')
    page.goto(address)
    assert page.locator('h1').inner_text() == '帮办代办员考核'
    from_records = figures(page)
    assert len(from_records) > 1  # agents and the total

    page.goto(page.base_url + '/portal/jobs/')
    row = page.locator('.job-list tr[data-job="appraisal_months"]')
    assert '考核月度汇总' in row.inner_text()
    follow(page, 'tr[data-job="appraisal_months"] form button[type=submit]')
    assert '个月的考核' in page.inner_text('.alert-success')
    assert models.AppraisalMonth.select().where(
        models.AppraisalMonth.month == models.month_span(last_month())[0]
    ).exists()
    screenshot(page, 'appraisal-sums-01-job-zh')

    page.goto(address)
    assert figures(page) == from_records
    assert '每月按月末状态统计' in page.inner_text('p.text-muted')
    screenshot(page, 'appraisal-sums-02-month-zh')

    switch_portal_language(page)
    assert page.locator('h1').inner_text() == 'Appraisal of agents'
    page.goto(page.base_url + '/portal/jobs/')
    follow(page, 'tr[data-job="appraisal_months"] form button[type=submit]')
    assert ('Every month that is over was summed already.'
            in page.inner_text('.alert-success'))
    assert 'Appraisal sums' in page.locator(
        '.job-list tr[data-job="appraisal_months"]').inner_text()
    screenshot(page, 'appraisal-sums-03-job-again-en')
    page.goto(page.base_url + '/portal/appraisal/?period=%s&hall=%d' % (
        models.today().year, county.id))
    assert page.locator('tr[data-total]').count() == 1
    assert 'Each month counts as it stood at its end' in page.inner_text('p.text-muted')
    screenshot(page, 'appraisal-sums-04-year-en')
