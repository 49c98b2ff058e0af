"""In Chromium, with the server's own clock in New York and the browser's in
Honolulu and six years wrong: the hall screen, the desk and the portal's date
pickers all show the hall's time (Asia/Shanghai), as the server keeps it."""
import pytest
from playwright.sync_api import expect

import models
from support import screenshot
from pages import desk_window, open_screen, sign_in

pytestmark = [pytest.mark.server_zone('America/New_York'),
              pytest.mark.browser_zone('Pacific/Honolulu')]

WRONG_BROWSER_CLOCK = '2020-06-15T12:00:00Z'


class HallMinute:
    """The hall's time to the minute, read before and after a check: what a
    page shows is one of the two (the minute may turn in between)."""

    def __enter__(self):
        self.before = models.now().strftime('%Y-%m-%d %H:%M')
        return self

    def __exit__(self, *exc):
        self.after = models.now().strftime('%Y-%m-%d %H:%M')

    @property
    def values(self):
        return {self.before, self.after}


@pytest.mark.parametrize('lang', ['zh', 'en'])
def test_the_hall_screen_shows_the_halls_time_not_its_own(page, demo_app, lang):
    page.clock.set_fixed_time(WRONG_BROWSER_CLOCK)
    assert page.evaluate('new Date().getFullYear()') == 2020
    sign_in(page)
    if lang == 'en':
        page.click('nav button:has-text("English")')
    page.clock.set_fixed_time(WRONG_BROWSER_CLOCK)
    window = desk_window()
    ticket = models.Ticket.issue(window)

    with HallMinute() as minute:
        screen = open_screen(page)
        screen.clock.set_fixed_time(WRONG_BROWSER_CLOCK)
        rendered = screen.inner_text('#clock')
        with screen.expect_response('**/calls.json'):
            pass  # one poll: the clock now runs on the server's reading
        ticked = screen.evaluate('document.getElementById("clock").textContent')
        health = screen.request.get(page.base_url + '/healthz').json()
    assert rendered in minute.values and ticked in minute.values
    assert health['time_zone'] == 'Asia/Shanghai'
    assert health['hall_time'][:16].replace('T', ' ') in minute.values
    assert screen.errors == []

    # A call made at the desk by the New York server is stamped in hall time.
    page.goto(page.base_url + '/portal/desk/%d' % window.id)
    with HallMinute() as called:
        page.click('[data-action=call]')
        expect(screen.locator('#now-ticket')).to_have_text(ticket.label, timeout=3000)
    stamp = screen.inner_text('#recent li:first-child .at')
    assert stamp[:5] in {value[-5:] for value in called.values}
    assert models.Ticket.get_by_id(ticket.id).called_at.strftime(
        '%Y-%m-%d %H:%M') in called.values
    screenshot(screen, 'display-%s-hall-clock' % lang)


def test_a_blank_date_picker_starts_at_the_halls_time(page, demo_app):
    page.clock.set_fixed_time(WRONG_BROWSER_CLOCK)
    sign_in(page, 'demo-manager')
    with HallMinute() as minute:
        page.goto(page.base_url + '/portal/shifts/new/')
        page.click('#starts_at')
        prefilled = page.evaluate(
            "$('#starts_at').data('daterangepicker').startDate"
            ".format('YYYY-MM-DD HH:mm')")
    assert prefilled in minute.values


@pytest.mark.parametrize('lang', ['zh', 'en'])
def test_the_audit_log_shows_the_time_zone_entries(page, demo_app, lang):
    models.AuditLog.create(action='time_zone', model='Database', after=(
        '{"assumed_zone": "Asia/Shanghai", "hall_zone": "Asia/Shanghai", '
        '"since_utc": "2026-12-01T00:00:00+00:00"}'))
    models.AuditLog.create(action='shift_times', model='Database',
                           before='{"stored_before": "2026-12-01 00:00:00", "zone": "UTC"}',
                           after='{"rows": {"case.created_at": 3}, "zone": "Asia/Shanghai"}')
    sign_in(page, 'demo-city')
    if lang == 'en':
        page.click('nav button:has-text("English")')
    page.goto(page.base_url + '/portal/audit/?kind=shift_times')
    labels = {'zh': '已将存储时间换算为大厅时区', 'en': "Stored times converted to the hall's zone"}
    expect(page.locator('table.model-list')).to_contain_text(labels[lang])
    screenshot(page, 'portal-audit-time-zone-%s' % lang)
