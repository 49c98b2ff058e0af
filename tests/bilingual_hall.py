"""The demo's Mongolian–Chinese bilingual hall (松岭镇, QL-SM-SL): how its
vertical Mongolian columns lay out in Chromium, and the recorded pieces of
its Mongolian call."""
import io
import wave

import flows
import models

TOWN = 'QL-SM-SL'


def columns(page):
    """Every Mongolian span on the page as the browser lays it out: its
    writing mode, font, lang, size, and whether the font is ready."""
    page.evaluate('document.fonts.ready.then(() => true)')
    return page.evaluate('''(font) => Array.from(
        document.querySelectorAll('.mn')).filter((el) => el.offsetParent).map((el) => {
            const style = getComputedStyle(el), box = el.getBoundingClientRect();
            return {text: el.textContent, mode: style.writingMode,
                    orientation: style.textOrientation, lang: el.lang,
                    family: style.fontFamily, width: box.width, height: box.height,
                    size: parseFloat(style.fontSize),
                    loaded: document.fonts.check('24px "' + font + '"', el.textContent)};
        })''', FONT)


def assert_vertical_and_loaded(page, minimum):
    found = columns(page)
    assert len(found) >= minimum, found
    for column in found:
        assert column['mode'] == 'vertical-lr', column
        assert column['orientation'] == 'mixed', column
        assert column['lang'] == 'mn-Mong' and FONT in column['family'], column
        assert column['loaded'], column
    # A name of several letters runs top to bottom: its box is several
    # letters high (a line across would be one and a bit).
    long_ones = [c for c in found if len(c['text']) >= 6]
    assert long_ones and all(c['height'] > 3 * c['size'] for c in long_ones), long_ones
    word, apart = joined(page, 'ᠪᠠᠯᠭᠠᠰᠤ')
    assert word < apart * 0.9, (word, apart)


def hall(code=TOWN):
    return models.Hall.get(models.Hall.code == code)


def clip_bytes(frames=800, tone=0):
    """A tiny valid WAV: 0.1 s of 8 kHz mono."""
    data = io.BytesIO()
    with wave.open(data, 'wb') as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(8000)
        out.writeframes(bytes([128 + tone]) * frames)
    return data.getvalue()


def record_all(hall_, user=None, window_names=()):
    """Every phrase, letter and digit, and the names of these windows."""
    keys = list(PHRASES) + [models.CallClip.character_key(c)
                            for c in models.CALL_CHARACTERS]
    keys += [models.CallClip.window_key(w.id) for w in window_names]
    for number, key in enumerate(keys):
        models.CallClip.upload(hall_, key, clip_bytes(tone=number % 100),
                               key + '.wav', user=user)


def call_at(window):
    ticket = models.Ticket.issue(window)
    models.Ticket.call_next(window, flows.user('demo-agent'))
    return ticket


FONT = 'Bangban Mongolian'


def joined(page, word):
    """Whether the browser joins the word's letters: laid out vertically in
    the page's font, the word is shorter than its letters set apart (each
    in its isolated form, with a zero-width non-joiner between)."""
    return page.evaluate('''(word) => {
        const measure = (text) => {
            const el = document.createElement('span');
            el.className = 'mn'; el.lang = 'mn-Mong'; el.textContent = text;
            el.style.maxHeight = 'none';
            document.body.appendChild(el);
            const height = el.getBoundingClientRect().height;
            el.remove();
            return height;
        };
        return [measure(word), measure(Array.from(word).join('\\u200c'))];
    }''', word)


PHRASES = ('opening', 'to_window', 'closing')
