"""In Chromium: the call screen of a bilingual hall whose manager recorded
the Mongolian call plays its clips after the Mandarin voice (or instead of
it), from its service worker's cache once kept; a hall without them speaks
Mandarin only. The clips are tiny WAV files made here; Chromium plays them
silently. The Mandarin voice is a recorder (the machine has none), which
ends each sentence a moment after it starts."""
from playwright.sync_api import expect

import models
from pages import sign_in, switch_language
from support import screenshot
from bilingual_hall import TOWN, call_at, clip_bytes, hall, record_all

import flows

DISPLAY = {'width': 1920, 'height': 1080}

# What the hall hears, in order, in window.__heard: a sentence of the
# Mandarin voice ('speak'), a clip started ('play') or ended ('ended').
HEARING = """
(() => {
  window.__heard = [];
  const voices = [{name: 'Mandarin', lang: 'zh-CN', default: true,
                   localService: true, voiceURI: 'mandarin'}];
  window.SpeechSynthesisUtterance = class {
    constructor(text) { this.text = text; this.lang = ''; this.voice = null; this.rate = 1; }
  };
  Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: {
    speak(u) {
      window.__heard.push({what: 'speak', text: u.text, lang: u.lang});
      setTimeout(() => u.onend && u.onend(), 100);
    },
    getVoices() { return voices; },
    cancel() {}, pause() {}, resume() {},
    speaking: false, pending: false, paused: false,
    addEventListener() {}, removeEventListener() {},
  }});
  for (const type of ['play', 'ended']) {
    document.addEventListener(type, (event) => {
      if (event.target.id === 'mongolian-call') {
        window.__heard.push({what: type, src: new URL(event.target.src).pathname
                                              + new URL(event.target.src).search});
      }
    }, true);
  }
})();
"""

# Whether the display's service worker keeps an address.
KEPT = '''async (address) => {
  for (const name of await caches.keys()) {
    if (name.startsWith('bangban-display-') &&
        await (await caches.open(name)).match(address)) { return true; }
  }
  return false;
}'''


def open_display(page, code):
    page.add_init_script(HEARING)
    page.set_viewport_size(DISPLAY)
    page.goto(page.base_url + '/display/' + code)
    # The one tap a wall screen may need before the browser lets it play
    # sound (anywhere on the screen).
    page.mouse.click(5, 5)
    expect(page.locator('#sound-overlay')).to_be_hidden()
    expect(page.locator('#sound-state')).to_have_attribute('aria-pressed', 'true')
    page.evaluate('() => { window.__heard.length = 0; }')


def heard_after(page, count):
    """What the screen said, once `count` things were heard."""
    page.wait_for_function('(n) => window.__heard.length >= n', arg=count,
                           timeout=20000)
    return page.evaluate('window.__heard')


def expected_clips(client, code):
    return client.get('/display/%s/calls.json' % code).get_json()['calls'][0]['clips']


def test_a_bilingual_hall_with_its_clips_says_the_call_in_mongolian(page, live_server, demo_app):
    town = hall()
    first, second = flows.window(1, TOWN), flows.window(2, TOWN)
    record_all(town, window_names=[first])
    open_display(page, TOWN)
    assert page.evaluate('getComputedStyle(document.getElementById("mongolian-call")).display') == 'none'

    ticket = call_at(first)
    clips = expected_clips(demo_app.test_client(), TOWN)
    assert clips and clips[-1].startswith('/display/%s/clip/window-%d' % (TOWN, first.id))
    heard = heard_after(page, 1 + 2 * len(clips))
    # The Mandarin sentence first, then every clip played to its end, in order.
    assert heard[0] == {'what': 'speak', 'lang': 'zh-CN',
                        'text': '请%s号到1号窗口办理' % ticket.label}
    assert heard[1:] == [{'what': what, 'src': src} for src in clips
                         for what in ('play', 'ended')]
    expect(page.locator('#voice-state')).to_have_text('播报：普通话＋蒙古语录音')
    screenshot(page, 'mongolian-call-display-zh')
    # The service worker kept the clips (the page asked for all of them).
    page.wait_for_function('() => navigator.serviceWorker.controller !== null')
    for address in clips:
        page.wait_for_function(KEPT, arg=address)

    # Instead of the Mandarin voice, when the hall says so; in English too.
    models.CallClip.set_mode(town, 'instead')
    assert switch_language(page) == 'en'
    page.mouse.click(5, 5)
    expect(page.locator('#sound-state')).to_have_attribute('aria-pressed', 'true')
    page.evaluate('() => { window.__heard.length = 0; }')
    call_at(second)
    clips = expected_clips(demo_app.test_client(), TOWN)
    assert not any('window-' in clip for clip in clips)  # its name is not recorded
    heard = heard_after(page, 2 * len(clips))
    assert heard == [{'what': what, 'src': src} for src in clips
                     for what in ('play', 'ended')]
    expect(page.locator('#voice-state')).to_have_text('Announcements: Mongolian recording')
    screenshot(page, 'mongolian-call-display-en')


def test_a_call_without_all_its_clips_is_said_in_mandarin(page, live_server, demo_app):
    town = hall()
    record_all(town)
    models.CallClip.remove(town, 'closing')  # one phrase missing
    open_display(page, TOWN)
    ticket = call_at(flows.window(1, TOWN))
    heard = heard_after(page, 1)
    assert heard == [{'what': 'speak', 'lang': 'zh-CN',
                      'text': '请%s号到1号窗口办理' % ticket.label}]
    expect(page.locator('#voice-state')).to_have_text('播报方式：普通话语音')
    # Nothing more comes: a clip would follow the sentence's end at once.
    page.evaluate('() => new Promise((done) => setTimeout(done, 1500))')
    assert len(page.evaluate('window.__heard')) == 1


def test_a_hall_that_is_not_bilingual_speaks_mandarin(page, live_server, demo_app):
    open_display(page, 'QL-YX')
    assert page.locator('#mongolian-call').count() == 0
    ticket = call_at(flows.window(1))
    heard = heard_after(page, 1)
    assert heard == [{'what': 'speak', 'lang': 'zh-CN',
                      'text': '请%s号到1号窗口办理' % ticket.label}]
    screenshot(page, 'mongolian-call-display-mandarin-only')


def test_a_manager_records_a_clip_in_the_portal(page, live_server, demo_app, tmp_path):
    town = hall()
    path = tmp_path / 'opening.wav'
    path.write_bytes(clip_bytes())
    sign_in(page, 'demo-city')
    page.goto(page.base_url + '/portal/mongolian-call/?hall=%d' % town.id)
    expect(page.locator('[data-missing]')).to_be_visible()
    row = page.locator('tr[data-piece="opening"]')
    row.locator('input[type=file]').set_input_files(str(path))
    with page.expect_navigation():
        row.locator('button[type=submit]').click()
    expect(page.locator('.alert-success')).to_contain_text('录音已保存')
    expect(page.locator('tr[data-piece="opening"] audio')).to_have_count(1)
    screenshot(page, 'mongolian-call-portal-zh')
    bad = tmp_path / 'closing.wav'
    bad.write_bytes(b'%PDF-1.4 forged')
    row = page.locator('tr[data-piece="closing"]')
    row.locator('input[type=file]').set_input_files(str(bad))
    with page.expect_navigation():
        row.locator('button[type=submit]').click()
    expect(page.locator('.alert-danger, .alert-error')).to_contain_text('内容与文件名不符')
    assert list(models.CallClip.recorded(town.id)) == ['opening']
    screenshot(page, 'mongolian-call-portal-refused-zh')
