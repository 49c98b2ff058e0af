"""Eligibility by the identity number in headless Chromium, in Chinese and
English: a man is refused a women-only item at the 1080 × 1920 kiosk, and a
34-year-old cannot book 高龄津贴 on a 360 × 740 phone; the refusals are
translated, what was typed stays, and nothing is recorded."""
import datetime
import random

import pytest

import models
import validators
from pages import PHONE, assert_touch_targets, follow, switch_language, wedge_scan
from support import screenshot
from pages import bound_and_signed_in, sign_in_helper

REFUSED = {'zh-CN': '仅限女性办理', 'en': 'is for women only'}
TOO_YOUNG = {'zh-CN': '须年满80周岁方可办理；按您的身份证件，您现年',
             'en': 'is for applicants of at least 80 years; by your identity document you are'}


def man(seed):
    return models.Applicant.find_or_create(
        'person', validators.generate_resident_id(
            random.Random(seed), region='150402',
            birth=datetime.date(1970, 5, 1), male=True), '邢男', '13900004401')


def test_a_man_is_refused_a_women_only_item_at_the_kiosk(page, live_server, kiosk_on_duty):
    target = models.Item.get(models.Item.code == 'YBJ-003')
    target.sex = 'female'
    target.save()
    kiosk, token = kiosk_on_duty
    bound_and_signed_in(page, kiosk, token)
    sign_in_helper(page)
    for language, seed in (('zh-CN', 61), ('en', 62)):
        if page.get_attribute('html', 'lang') != language:
            switch_language(page)
        applicant = man(seed)
        wedge_scan(page, applicant.id_number)
        page.fill('input[name=q]', '慢特病')
        with page.expect_navigation():
            page.keyboard.press('Enter')
        follow(page, 'a.choice:has-text("门诊慢特病病种待遇认定")')
        refusal = page.locator('[data-ineligible]')
        assert refusal.is_visible() and REFUSED[language] in refusal.inner_text()
        assert '1970-05-01' not in page.inner_text('main')
        # Only the refusal is offered, with the reason written in.
        assert page.locator('form[action$="/open"]:not(:has(input[name=then]))').count() == 0
        assert_touch_targets(page)
        screenshot(page, 'eligibility-01-man-refused-%s' % language)
        follow(page, 'form[action$="/open"] button.danger')
        assert REFUSED[language] in page.input_value('textarea[name=reason]')
        screenshot(page, 'eligibility-02-man-refuse-form-%s' % language)
        follow(page, 'a.button:has-text("%s")' % ('Back' if language == 'en' else '返回'))
        follow(page, '.applicant-strip button')
        assert applicant.cases.get().status == 'consultation'


@pytest.mark.parametrize('language', ['zh-CN', 'en'])
def test_a_young_applicant_cannot_book_the_old_age_allowance_on_a_phone(
        page, live_server, language):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + '/book/QL-YX/MZJ-004/')
    if page.get_attribute('html', 'lang') != language:
        switch_language(page)
    number = validators.generate_resident_id(
        random.Random(63), region='150402', birth=datetime.date(1992, 5, 1))
    page.locator('input[name=slot]').first.check()
    page.fill('input[name=name]', '<b>杨</b>')
    page.fill('input[name=id_number]', number)
    page.fill('input[name=phone]', '13900004402')
    before = models.Appointment.select().count()
    follow(page, 'form button[type=submit].primary')
    assert TOO_YOUNG[language] in page.inner_text('main')
    assert 'Refuse' not in page.inner_text('main')  # written for the applicant
    assert page.input_value('input[name=name]') == '<b>杨</b>'
    assert page.input_value('input[name=id_number]') == number
    assert models.Appointment.select().count() == before
    screenshot(page, 'eligibility-03-booking-refused-%s' % language)
