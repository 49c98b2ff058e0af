"""In a real browser with CSRF on, in Chinese and English: the city's
supervisor draws the month a county was drawn already (the county is left
out and named); the city administrator sets the complaint deadline; the
statistics page says its rectification rates are as the month ended."""
import datetime

import models
from pages import follow, sign_in, switch_portal_language
from support import screenshot


def last_month():
    return (models.today().replace(day=1)
            - datetime.timedelta(days=1)).strftime('%Y-%m')


def draw(page, hall, percent):
    form = page.locator('form.sample-draw-form')
    form.locator('select[name=hall]').select_option(str(hall.id))
    form.locator('input[name=month]').fill(last_month())
    form.locator('input[name=percent]').fill(str(percent))
    with page.expect_navigation():
        form.locator('button').click()


def test_the_city_draws_around_a_county_already_drawn(page):
    county = models.Hall.get(models.Hall.code == 'QL-YX')
    city = models.Hall.get(models.Hall.code == 'QL')
    below = [h for h in county.subtree_ids()]
    sign_in(page, 'demo-supervisor')
    page.goto(page.base_url + '/portal/sampling/')
    assert '每个大厅每月只抽查一次' in page.inner_text('.sampling-overlap')
    draw(page, county, 10)
    assert '已抽取样本' in page.inner_text('.alert-success')
    page.goto(page.base_url + '/portal/sampling/')
    draw(page, city, 5)
    warning = page.inner_text('.alert-warning')
    assert '本次抽取未包含' in warning and county.name in warning
    made = models.SampleDraw.get(models.SampleDraw.hall == city)
    assert not {r.hall_id for r in made.reviews} & set(below)
    assert county.name in page.inner_text('.sample-left-out')
    screenshot(page, 'supervise-01-city-draw-zh')
    # Again: every hall is drawn now; refused, and nothing changes.
    page.goto(page.base_url + '/portal/sampling/')
    draw(page, city, 5)
    assert '已抽过' in page.inner_text('body')
    assert models.SampleDraw.select().count() == 2
    assert switch_portal_language(page) == 'en'
    page.goto(page.base_url + '/portal/sampling/%d' % made.id)
    assert 'Left out' in page.inner_text('.sample-facts')
    assert county.name in page.inner_text('.sample-left-out')
    screenshot(page, 'supervise-02-city-draw-en')
    page.goto(page.base_url + '/portal/sampling/')
    assert 'A hall is sampled once a month' in page.inner_text(
        '.sampling-overlap')
    screenshot(page, 'supervise-03-sampling-en')


def test_the_city_sets_the_complaint_deadline(page):
    city = models.Hall.get(models.Hall.code == 'QL')
    sign_in(page, 'demo-city')
    page.goto(page.base_url + '/portal/complaints/')
    form = page.locator('form.complaint-deadline')
    assert form.locator('input[name=days]').input_value() == '5'
    # A value the browser's own check would stop, sent as typed.
    form.locator('input[name=days]').evaluate(
        'e => { e.type = "text"; e.removeAttribute("max"); }')
    form.locator('input[name=days]').fill('61')
    with page.expect_navigation():
        form.locator('button').click()
    assert '投诉答复时限须为1至60' in page.inner_text('body')
    assert models.CitySettings.of(city.id).complaint_days == 5
    page.locator('form.complaint-deadline input[name=days]').fill('7')
    follow(page, 'form.complaint-deadline button')
    assert '7个工作日内答复' in page.inner_text('.alert-success')
    assert '7 个工作日内调查并答复' in page.inner_text('body')
    assert models.CitySettings.of(city.id).complaint_days == 7
    screenshot(page, 'supervise-04-complaint-deadline-zh')
    assert switch_portal_language(page) == 'en'
    assert 'within 7 working days' in page.inner_text('body')
    assert 'Deadline to answer a complaint' in page.inner_text(
        'form.complaint-deadline')
    screenshot(page, 'supervise-05-complaint-deadline-en')
    # A supervisor reads the page without the form.
    page.context.clear_cookies()
    sign_in(page, 'demo-supervisor')
    page.goto(page.base_url + '/portal/complaints/')
    assert page.locator('form.complaint-deadline').count() == 0


def test_the_statistics_say_the_rates_are_as_the_month_ended(page):
    sign_in(page, 'demo-supervisor')
    page.goto(page.base_url + '/portal/stats/?month=%s' % last_month())
    assert '按月末时的状态统计' in page.inner_text('.rates-as-of')
    screenshot(page, 'supervise-06-stats-zh')
    assert switch_portal_language(page) == 'en'
    assert 'as they stood when the month ended' in page.inner_text(
        '.rates-as-of')
    page.goto(page.base_url + '/portal/stats/?month=%s'
              % models.today().strftime('%Y-%m'))
    assert 'as they stand now' in page.inner_text('.rates-as-of')
    screenshot(page, 'supervise-07-stats-now-en')
