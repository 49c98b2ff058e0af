"""In Chromium: a call made at the desk shows on the hall screen and is spoken.

The desk runs at 1366×900 and the screen at 1920×1080, in one browser
context against the live server. Speech synthesis and audio are replaced by
recorders (add_init_script) so the test can see what the hall would hear.
"""
import json
import random

import pytest
from playwright.sync_api import expect

import models
import seeds
from pages import desk_window, follow, open_screen, sign_in
from support import screenshot

# Records utterances and audio plays instead of making sound. `voices` are
# the voices the fake device offers; None removes speech synthesis entirely.
# Until the page gets a click, audio is refused as browsers do by default.
RECORDER = """
(() => {
  const voices = %s;
  const gestureFree = %s;
  window.__spoken = [];
  window.__played = [];
  window.__gesture = false;
  document.addEventListener('click', () => { window.__gesture = true; }, true);
  if (voices === null) {
    Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: undefined});
  } else {
    window.SpeechSynthesisUtterance = class {
      constructor(text) { this.text = text; this.lang = ''; this.voice = null; this.rate = 1; }
    };
    Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: {
      speak(u) { window.__spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.lang}); },
      getVoices() { return voices; },
      cancel() {}, pause() {}, resume() {},
      speaking: false, pending: false, paused: false,
      addEventListener() {}, removeEventListener() {},
    }});
  }
  HTMLMediaElement.prototype.play = function () {
    if (!gestureFree && !window.__gesture) {
      return Promise.reject(new DOMException('no gesture yet', 'NotAllowedError'));
    }
    window.__played.push({src: this.src, volume: this.volume});
    return Promise.resolve();
  };
  HTMLMediaElement.prototype.pause = function () {};
})();
"""
ZH_VOICES = [{'name': 'Mandarin', 'lang': 'zh-CN', 'default': False,
              'localService': True, 'voiceURI': 'mandarin'},
             {'name': 'English', 'lang': 'en-US', 'default': True,
              'localService': True, 'voiceURI': 'english'}]


def recorder(voices=ZH_VOICES, gesture_free=True):
    return RECORDER % (json.dumps(voices), json.dumps(gesture_free))


def assert_touch_targets(tab, selector):
    """Every visible control matched is at least 48×48 CSS pixels."""
    sizes = tab.eval_on_selector_all(selector, """nodes => nodes
        .filter(n => n.offsetParent !== null)
        .map(n => { const r = n.getBoundingClientRect();
                    return [n.textContent.trim(), r.width, r.height]; })""")
    assert sizes, 'no controls matched %s' % selector
    small = [s for s in sizes if s[1] < 48 or s[2] < 47.5]
    assert not small, small


def issue_tickets():
    """A proxy case's ticket, then a plain one, at window 1."""
    window = desk_window()
    applicant = models.Applicant.find_or_create(
        **seeds.fictional_person(random.Random(11)))
    item = (models.Item.select()
            .where(models.Item.offers_proxy == True)  # noqa: E712
            .first())
    case, _ = models.Case.open(window.hall, applicant, 'proxy', 'kiosk',
                               item=item, green_reason='elderly')
    first = models.Ticket.issue(window, case=case,
                                priority=models.PRIORITY_GREEN)
    models.Ticket.issue(window)
    models.Ticket.issue(window)
    return first, case


@pytest.mark.parametrize('lang', ['zh', 'en'])
def test_desk_call_shows_and_is_spoken_then_served(page, demo_app, lang):
    sign_in(page)
    if lang == 'en':
        page.click('nav button:has-text("English")')
    screen = open_screen(page, recorder())
    expect(screen.locator('#sound-overlay')).to_be_hidden()
    screenshot(screen, 'display-%s-1-idle' % lang)

    first, case = issue_tickets()
    window = desk_window()
    page.goto(page.base_url + '/portal/desk/')
    assert_touch_targets(page, '.desk .btn, .desk button')
    screenshot(page, 'desk-%s-0-choose' % lang)
    follow(page, 'a[href="/portal/desk/%d"]' % window.id)
    expect(page.locator('#queue tr')).to_have_count(3)
    assert_touch_targets(page, '.desk .btn, .desk button')
    screenshot(page, 'desk-%s-1-queue' % lang)

    page.click('[data-action=call]')
    expect(screen.locator('#now-ticket')).to_have_text(first.label, timeout=2000)
    expect(screen.locator('#now-window')).to_contain_text('1', timeout=2000)
    sentence = '请%s号到1号窗口办理' % first.label
    screen.wait_for_function('() => window.__spoken.length >= 1', timeout=2000)
    assert screen.evaluate('window.__spoken') == [
        {'text': sentence, 'lang': 'zh-CN', 'voice': 'zh-CN'}]
    expect(screen.locator('#now')).to_have_class('now flash')
    expect(screen.locator('#windows li[data-window="1"] .current')).to_have_text(first.label)
    screenshot(screen, 'display-%s-2-calling' % lang)
    # The flash is over (its animation's end removes the class): the
    # resting screen.
    expect(screen.locator('.flash')).to_have_count(0, timeout=15000)
    screenshot(screen, 'display-%s-3-called' % lang)
    assert_touch_targets(screen, '.display-controls button')

    expect(page.locator('[data-ticket="%s"]' % first.label)).to_be_visible()
    # The queue refreshes by itself, without reloading the page.
    page.evaluate('() => { window.__same_page = true; }')
    models.Ticket.issue(window)
    expect(page.locator('#queue tr')).to_have_count(3, timeout=5000)
    expect(page.locator('#waiting')).to_have_text('3')
    assert page.evaluate('() => window.__same_page') is True
    screenshot(page, 'desk-%s-2-called' % lang)
    page.click('[data-action=recall]')
    screen.wait_for_function('() => window.__spoken.length >= 2', timeout=2000)
    assert [u['text'] for u in screen.evaluate('window.__spoken')] == [sentence] * 2

    page.click('[data-action=serve]')
    expect(page.locator('[data-status=serving]')).to_be_visible()
    expect(page.locator('a[href="/portal/cases/%d"]' % case.id)).to_be_visible()
    expect(screen.locator('#windows li[data-window="1"] .current')).to_have_text(
        first.label, timeout=2000)
    assert_touch_targets(page, '.desk .btn, .desk button')
    screenshot(page, 'desk-%s-3-serving' % lang)

    page.click('[data-action=finish]')
    expect(page.locator('[data-action=call]')).to_be_visible()
    expect(page.locator('#queue tr')).to_have_count(3)
    assert models.Ticket.get_by_id(first.id).status == 'done'
    expect(screen.locator('#windows li[data-window="1"] .current')).to_have_text(
        '—', timeout=2000)
    screenshot(page, 'desk-%s-4-finished' % lang)
    screenshot(screen, 'display-%s-4-after' % lang)
    assert screen.errors == []


@pytest.mark.parametrize('voices', [[{'name': 'English', 'lang': 'en-US'}], None],
                         ids=['no-chinese-voice', 'no-speech-api'])
def test_without_a_mandarin_voice_the_chime_plays(page, demo_app, voices):
    screen = open_screen(page, recorder(voices))
    screen.wait_for_function('() => window.__played.length >= 1')  # the sound check
    window = desk_window()
    models.Ticket.issue(window)
    ticket = models.Ticket.call_next(window)
    expect(screen.locator('#now-ticket')).to_have_text(ticket.label, timeout=2000)
    screen.wait_for_function(
        '() => window.__played.some(p => p.volume === 1 && new URL(p.src).pathname === "/static/audio/chime.wav")',
        timeout=2000)
    assert screen.evaluate('window.__spoken') == []
    expect(screen.locator('#now')).to_have_class('now flash')
    expect(screen.locator('#voice-state')).not_to_be_empty()


def test_a_silent_browser_asks_for_one_tap(page, demo_app):
    screen = open_screen(page, recorder(gesture_free=False))
    overlay = screen.locator('#sound-overlay')
    expect(overlay).to_be_visible()
    assert_touch_targets(screen, '#sound-enable, .display-controls button')
    screenshot(screen, 'display-zh-0-tap-for-sound')
    window = desk_window()
    models.Ticket.issue(window)
    ticket = models.Ticket.call_next(window)
    # Calls still show while the sound is off.
    expect(screen.locator('#now-ticket')).to_have_text(ticket.label, timeout=2000)
    screen.click('#sound-enable')
    expect(overlay).to_be_hidden()
    expect(screen.locator('#sound-state')).to_have_attribute('aria-pressed', 'true')


def test_transfer_from_the_desk(page, demo_app):
    window = desk_window()
    ticket = models.Ticket.issue(window)
    sign_in(page)
    with page.expect_navigation():
        page.click('nav button:has-text("English")')
    page.goto(page.base_url + '/portal/desk/%d' % window.id)
    with page.expect_navigation():
        page.click('[data-action=call]')
    page.click('summary:has-text("Transfer")')
    target = models.Window.get(models.Window.hall == window.hall_id,
                               models.Window.number == 2)
    page.select_option('select[name=to]', str(target.id))
    page.fill('input[name=reason]', '企业开办一件事')
    assert_touch_targets(page, '.desk .btn, .desk button, .desk select, .desk input[name=reason]')
    screenshot(page, 'desk-en-5-transfer')
    with page.expect_navigation():
        page.click('button[data-action=transfer]')
    moved = models.Ticket.get(models.Ticket.window == target)
    expect(page.locator('.alert-success')).to_contain_text(
        '%s was sent to window 2 as %s' % (ticket.label, moved.label))
    assert models.Ticket.get_by_id(ticket.id).status == 'transferred'
    expect(page.locator('[data-action=call]')).to_be_visible()


def test_the_browsers_own_speech_and_audio(page, demo_app):
    """Unstubbed headless Chromium: whatever it offers, the call shows."""
    screen = open_screen(page)
    window = desk_window()
    models.Ticket.issue(window)
    ticket = models.Ticket.call_next(window)
    expect(screen.locator('#now-ticket')).to_have_text(ticket.label, timeout=2000)
    expect(screen.locator('#voice-state')).not_to_be_empty()
    assert screen.errors == []
