"""A hall manager sets up a new town hall from nothing, in a real browser.

The live server runs with CSRF on; everything goes through the pages a
manager sees (sign-in form, Flask-Admin forms, list delete buttons).
"""
import datetime
import re

import models
from support import screenshot

HALL_CODE = 'QL-YX-XS'
HALL_NAME = '云溪县溪山镇便民服务中心'
ITEMS = ['溪山测试事项一', '溪山测试事项二', '溪山测试事项三', '溪山测试事项四', '溪山测试事项五']


def save(page, another=False):
    """Submit a Flask-Admin form and check it was accepted."""
    with page.expect_navigation():
        page.click('input[name="_add_another"]' if another else
                   'form.admin-form input[type="submit"].btn-primary')
    assert page.locator('.alert-danger').count() == 0, page.locator('.alert-danger').all_inner_texts()
    assert page.locator('.is-invalid, .invalid-feedback:visible').count() == 0, page.url


def choose(page, field, text):
    """Pick the option of a select whose visible text is, or ends with, `text`
    (records of several halls are shown as "hall · record")."""
    labels = page.locator('select[name="%s"] option' % field).all_inner_texts()
    label = next(x for x in labels if x == text or (
        x.startswith(HALL_NAME + ' · ') and x.endswith(text)))
    page.select_option('select[name="%s"]' % field, label=label, force=True)


def type_date(page, selector, text):
    """Type (paste) a date into a date picker field, then click away to close it."""
    page.fill(selector, text)
    page.locator(selector).press('End')  # the picker reads the field on key-up
    page.mouse.click(2, 300)


def test_manager_sets_up_a_town_hall_until_staffing_has_no_breach(page, demo_app):
    base = page.base_url
    page.goto(base + '/portal/halls/')
    assert '/portal/login' in page.url
    page.fill('input[name="username"]', 'demo-manager')
    page.fill('input[name="password"]', 'bangban-demo')
    with page.expect_navigation():
        page.click('form:has(input[name="password"]) button[type="submit"]')
    assert '/portal/halls/' in page.url and 'login' not in page.url

    # The hall, below the manager's county.
    page.goto(base + '/portal/halls/new/')
    page.fill('#code', HALL_CODE)
    page.fill('#name', HALL_NAME)
    page.select_option('#level', 'town')
    choose(page, 'parent', '云溪县政务服务中心')
    page.fill('#address', '溪山镇溪山路1号')
    save(page)

    # Stationed departments.
    for department in ('人社', '民政'):
        page.goto(base + '/portal/stations/new/')
        choose(page, 'hall', HALL_NAME)
        choose(page, 'department', department)
        save(page)

    # Five items with their materials.
    for number, name in enumerate(ITEMS, start=1):
        page.goto(base + '/portal/items/new/')
        page.fill('#code', 'XS-%03d' % number)
        choose(page, 'department', '人社' if number <= 3 else '民政')
        page.fill('#name', name)
        page.select_option('#power_kind', 'public_service')
        page.select_option('#category', 'social_insurance' if number <= 3 else 'civil_affairs')
        page.fill('#time_limit_days', str(number))
        for level in ('county', 'city'):
            page.uncheck('input[name="levels"][value="%s"]' % level)
        page.click('#materials-button')
        page.fill('input[name="materials-0-name"]', '居民身份证')
        page.fill('input[name="materials-0-source"]', '申请人自备')
        if number == 1:
            screenshot(page, 'portal-item-form-zh')
        save(page)
    assert models.Item.get(models.Item.name == ITEMS[0]).materials.count() == 1

    # Agents: two full-time (one also on kiosk duty), two part-time.
    for name, employment in (('溪甲', 'full_time'), ('溪乙', 'full_time'),
                             ('溪丙', 'part_time'), ('溪丁', 'part_time')):
        page.goto(base + '/portal/agents/new/')
        choose(page, 'hall', HALL_NAME)
        page.fill('#name', name)
        page.select_option('#employment', employment)
        page.fill('#phone', '1390000%04d' % (9000 + len(name) + ord(name[-1]) % 900))
        save(page)

    # Two windows: the assisted window and a comprehensive one for the five items.
    page.goto(base + '/portal/windows/new/')
    choose(page, 'hall', HALL_NAME)
    page.fill('#number', '1')
    page.fill('#name', '帮办代办窗口')
    page.select_option('#kind', 'assisted')
    page.fill('#prefix', 'A')
    page.select_option('select[name="served_departments"]', label=['人社', '民政'], force=True)
    save(page)
    page.goto(base + '/portal/windows/new/')
    choose(page, 'hall', HALL_NAME)
    page.fill('#number', '2')
    page.fill('#name', '综合窗口')
    page.select_option('#kind', 'comprehensive')
    page.fill('#prefix', 'B')
    page.select_option('select[name="served_items"]', label=ITEMS, force=True)
    page.click('#slot_capacities-button')
    page.select_option('select[name="slot_capacities-0-weekday"]', '0')
    page.select_option('select[name="slot_capacities-0-half_day"]', 'am')
    page.fill('input[name="slot_capacities-0-capacity"]', '4')
    save(page)
    hall = models.Hall.get(models.Hall.code == HALL_CODE)
    comprehensive = hall.windows.where(models.Window.number == 2).get()
    assert {link.item.name for link in comprehensive.item_links} == set(ITEMS)

    # AB posts: the same person as A and B is refused, with the reason.
    page.goto(base + '/portal/posts/new/')
    choose(page, 'hall', HALL_NAME)
    page.fill('#name', '帮办代办岗')
    choose(page, 'window', '帮办代办窗口')
    choose(page, 'agent_a', '溪甲')
    choose(page, 'agent_b', '溪甲')
    with page.expect_navigation():
        page.click('form.admin-form input[type="submit"].btn-primary')
    assert page.locator('select[name="agent_b"] ~ .invalid-feedback, '
                        '.invalid-feedback').count() >= 1
    screenshot(page, 'portal-post-error-zh')
    choose(page, 'agent_b', '溪乙')
    save(page)
    page.goto(base + '/portal/posts/new/')
    choose(page, 'hall', HALL_NAME)
    page.fill('#name', '综窗岗')
    choose(page, 'window', '综合窗口')
    choose(page, 'agent_a', '溪丙')
    choose(page, 'agent_b', '溪丁')
    save(page)

    # Liaisons, one per stationed department.
    for department, agent in (('人社', '溪丙'), ('民政', '溪丁')):
        page.goto(base + '/portal/liaisons/new/')
        choose(page, 'hall', HALL_NAME)
        choose(page, 'department', department)
        choose(page, 'agent', agent)
        page.fill('#title', '%s联络员' % department)
        save(page)

    # A kiosk, its device token, and a roster for the coming working days.
    page.goto(base + '/portal/kiosks/new/')
    choose(page, 'hall', HALL_NAME)
    page.fill('#name', '自助服务区')
    save(page)
    page.goto(base + '/portal/kiosks/?search=' + '自助服务区')
    row = page.locator('tr', has_text=HALL_NAME)
    with page.expect_navigation():
        row.locator('form.token-form button').click()
    token = page.inner_text('#token')
    kiosk = models.Kiosk.get(models.Kiosk.hall == hall)
    assert kiosk.token_hash == models.digest(token)

    page.goto(base + '/portal/staffing/?hall=%d' % hall.id)
    assert page.locator('tr[data-rule="kiosk_duty"]').count() >= 1
    screenshot(page, 'portal-staffing-breaches-zh')

    day = models.today()
    while not hall.is_workday(day):
        day += datetime.timedelta(days=1)
    page.goto(base + '/portal/shifts/new/')
    choose(page, 'kiosk', '自助服务区')
    choose(page, 'helper', '溪甲')
    type_date(page, '#starts_at', '%s 09:00:00' % day.isoformat())
    type_date(page, '#ends_at', '%s 17:30:00' % day.isoformat())
    assert page.input_value('#ends_at') == '%s 17:30:00' % day.isoformat()
    page.fill('#repeat', '8')
    save(page)
    assert models.Shift.select().where(models.Shift.kiosk == kiosk).count() == 9

    # A mistaken holiday, removed from the list with its delete button (CSRF).
    page.goto(base + '/portal/holidays/new/')
    choose(page, 'hall', HALL_NAME)
    type_date(page, '#day', '2031-10-08')
    page.select_option('#kind', 'off')
    save(page)
    assert models.Holiday.select().where(models.Holiday.hall == hall).count() == 1
    page.goto(base + '/portal/holidays/')
    page.locator('tr', has_text=HALL_NAME).locator('button[data-confirm]').click()
    with page.expect_navigation():
        page.click('#confirm-dialog button[value=confirm]')
    assert models.Holiday.select().where(models.Holiday.hall == hall).count() == 0

    # The staffing page now shows no breach.
    page.goto(base + '/portal/staffing/?hall=%d' % hall.id)
    assert page.locator('.staffing-ok').count() == 1, page.inner_text('body')
    assert hall.staffing_breaches() == []
    screenshot(page, 'portal-staffing-ok-zh')

    # Every step was audited.
    actions = {(e.model, e.action) for e in models.AuditLog.select().where(
        models.AuditLog.hall == hall.id)}
    for model in ('Hall', 'HallDepartment', 'Window', 'Agent', 'Post', 'Liaison',
                  'Kiosk', 'Shift'):
        assert (model, 'create') in actions, model
    assert ('Kiosk', 'token') in actions and ('Holiday', 'delete') in actions


def test_main_pages_in_chinese_and_english(page):
    base = page.base_url
    page.goto(base + '/portal/login')
    page.fill('input[name="username"]', 'demo-manager')
    page.fill('input[name="password"]', 'bangban-demo')
    with page.expect_navigation():
        page.click('form:has(input[name="password"]) button[type="submit"]')
    pages = {'home': '/portal/', 'windows': '/portal/windows/', 'items': '/portal/items/?search=ylbx',
             'item': '/portal/items/edit/?id=1', 'staffing': '/portal/staffing/',
             'excel': '/portal/excel/', 'audit': '/portal/audit/', 'roster': '/portal/shifts/new/'}
    for language in ('zh', 'en'):
        if language == 'en':
            page.goto(base + '/portal/')
            with page.expect_navigation():
                page.click('text=English')
            assert page.locator('html').inner_text().count('Sign out') == 1
        for name, url in pages.items():
            response = page.goto(base + url)
            assert response.status == 200, url
            screenshot(page, 'portal-%s-%s' % (name, language))
