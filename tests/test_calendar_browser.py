"""A city administrator enters next year's holiday notice in a real browser,
in Chinese, then reads the same pages in English.

The city's calendar library is switched off first, so the years shown are
unknown until entered, whatever the library carries.
"""
import datetime

import models
from support import screenshot


def _a_weekend_day(year):
    """A Saturday or Sunday of January that is no statutory day."""
    day = datetime.date(year, 1, 8)
    while day.weekday() < 5:
        day += datetime.timedelta(days=1)
    return day


def test_city_admin_enters_a_notice_in_chinese_and_english(page, demo_app):
    city = models.Hall.get(code='QL')
    models.CitySettings.of(city.id).change(library_notices=False)
    year = models.today().year + 1
    base = page.base_url
    page.goto(base + '/portal/login')
    page.fill('input[name="username"]', 'demo-city')
    page.fill('input[name="password"]', 'bangban-demo')
    with page.expect_navigation():
        page.click('form:has(input[name="password"]) button[type="submit"]')
    # The banner names this year, whose adjusted days are unknown now.
    assert str(models.today().year) in page.locator('.portal-notice').first.inner_text()

    page.goto(base + '/portal/notices/')
    assert page.locator('tr[data-year="%d"][data-source="unknown"]' % year).count() == 1
    screenshot(page, 'portal-notices-zh')

    with page.expect_navigation():
        page.click('tr[data-year="%d"] a.btn-primary' % year)
    # The form starts from the statutory days by rule.
    assert page.input_value('input[name="holiday_name_2"]') == '春节'
    first = page.input_value('input[name="holiday_first_2"]')
    assert first, 'the rule gives the Spring Festival'
    spring_last = (datetime.date.fromisoformat(first) +
                   datetime.timedelta(days=7)).isoformat()
    page.fill('input[name="holiday_last_2"]', spring_last)
    page.fill('input[name="reference"]', '国办发明电〔%d〕1号' % (year - 1))
    # A weekday as a working day is refused, with its row, and nothing saved.
    page.fill('input[name="workday_1"]', '%d-01-13' % year if datetime.date(
        year, 1, 13).weekday() < 5 else '%d-01-14' % year)
    page.fill('input[name="workday_name_1"]', '元旦')
    with page.expect_navigation():
        page.click('form.notice-form button[type="submit"]')
    assert page.locator('.notice-errors li').count() == 2
    assert '调休上班第 1 行' in page.locator('.notice-errors').inner_text()
    assert not models.HolidayNotice.select().exists()
    screenshot(page, 'portal-notice-refused-zh')

    # Corrected; one more working day on a row added with the button.
    weekend = _a_weekend_day(year)
    page.fill('input[name="workday_1"]', weekend.isoformat())
    rows = page.locator('#workdays tbody tr').count()
    page.click('button.add-row[data-table="workdays"]')
    assert page.locator('#workdays tbody tr').count() == rows + 1
    page.fill('input[name="workday_%d"]' % (rows + 1),
              (weekend + datetime.timedelta(days=7)).isoformat())
    with page.expect_navigation():
        page.click('form.notice-form button[type="submit"]')
    assert page.locator('.alert-danger').count() == 0, page.inner_text('body')
    assert page.locator('.notice-source[data-source="city"]').count() == 1
    notice = models.HolidayNotice.get(models.HolidayNotice.year == year)
    assert [d.first_day for d in notice.workdays()] == [
        weekend, weekend + datetime.timedelta(days=7)]
    assert max(d.last_day for d in notice.holidays()).isoformat() >= spring_last
    screenshot(page, 'portal-notice-saved-zh')

    page.goto(base + '/portal/cases/?status=registered')
    screenshot(page, 'portal-cases-provisional-zh')

    # The same pages in English.
    with page.expect_navigation():
        page.click('text=English')
    page.goto(base + '/portal/notices/')
    assert page.locator('tr[data-year="%d"][data-source="city"]' % year).count() == 1
    assert 'Holiday notices' in page.inner_text('body')
    screenshot(page, 'portal-notices-en')
    page.goto(base + '/portal/notices/%d' % year)
    assert page.locator('text=Adjusted working days').count() >= 1
    screenshot(page, 'portal-notice-form-en')
    page.goto(base + '/portal/notices/%d' % (year + 1))
    assert page.locator('.notice-unknown').count() == 1
    screenshot(page, 'portal-notice-unknown-en')
    page.goto(base + '/portal/cases/?status=registered')
    screenshot(page, 'portal-cases-provisional-en')
