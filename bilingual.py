"""Traditional Mongolian beside Chinese in bilingual halls (蒙汉双语).

Inner Mongolia's halls sign in Mongolian and Chinese. In a hall set
bilingual, the applicant's screens and papers (the call screen, the kiosk,
the receipt with its ticket, the progress page) show a Mongolian line
beside the Chinese: the names typed in the portal (`name_mn`) and the fixed
strings of the Mongolian catalogue (translations/mn_Mong_CN), which a hall
may word its own way (models.MongolianPhrase). Chinese stays the page's
language; Mongolian never replaces it, and the portal stays Chinese/English.

A page asks `mongolian()`: false in a hall that is not bilingual, so its
font and styles are not even linked there. A hall's own wordings are read
once per request, in one query.
"""
import datetime
import os

from babel.support import Translations
from flask import current_app, g
from markupsafe import Markup

import models
from i18n import LazyText

LOCALE = 'mn_Mong_CN'
HTML_LANG = 'mn-Mong'
SPAN = Markup('<span class="mn" lang="%s">{}</span>' % HTML_LANG)


def catalogue():
    """The compiled Mongolian catalogue, read once a process."""
    found = current_app.extensions.get('mongolian_catalogue')
    if found is None:
        folder = os.path.join(current_app.root_path, 'translations')
        found = current_app.extensions['mongolian_catalogue'] = (
            Translations.load(folder, [LOCALE]))
    return found


def strings():
    """{msgid: Mongolian} of the catalogue: the fixed strings a hall may
    word its own way. A count is worded alike whatever the number (a
    Mongolian noun after a numeral stays singular): a plural string is its
    singular msgid, with the first form."""
    messages = getattr(catalogue(), '_catalog', {})
    found = {msgid: text for msgid, text in messages.items()
             if isinstance(msgid, str) and msgid and text}
    found.update((key[0], text) for key, text in messages.items()
                 if isinstance(key, tuple) and key[1] == 0 and key[0] and text)
    return found


def _value(value):
    """A value put into a Mongolian sentence: a date as digits, a string of
    ours in Mongolian, anything else as it is."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime('%Y.%m.%d')
    if isinstance(value, LazyText):
        return mongolian().text(value)
    return value


class Mongolian:
    """The Mongolian lines of one bilingual hall's pages."""

    def __init__(self, hall):
        self.hall = hall
        self._wordings = None

    def __bool__(self):
        return True

    @property
    def wordings(self):
        if self._wordings is None:
            self._wordings = models.MongolianPhrase.of(self.hall.id)
        return self._wordings

    def text(self, msgid, **values):
        """The Mongolian of a fixed string (a msgid, or a sentence of ours
        with its values: models' and timeline's lazy texts): the hall's
        wording, else the catalogue's; '' when there is none (never a
        Chinese stand-in)."""
        if isinstance(msgid, LazyText):
            msgid, values = msgid._args[0], dict(msgid._kwargs, **values)
        text = self.wordings.get(msgid) or strings().get(msgid, '')
        if text and values:
            text = text % {key: _value(value) for key, value in values.items()}
        return text

    def say(self, msgid, **values):
        """The Mongolian of a fixed string as a vertical column."""
        text = self.text(msgid, **values)
        return SPAN.format(text) if text else ''

    def name(self, record):
        """A record's Mongolian name (or the name itself) as a vertical
        column, if there is one."""
        text = record if isinstance(record, str) else getattr(
            record, 'name_mn', '')
        return SPAN.format(text) if text else ''


class _Monolingual:
    """A hall that is not bilingual: no Mongolian anywhere."""

    def __bool__(self):
        return False

    def text(self, msgid, **values):
        return ''

    def say(self, msgid, **values):
        return ''

    def name(self, record):
        return ''


MONOLINGUAL = _Monolingual()


def use(hall):
    """The hall whose language setting this request's page follows (or a
    function giving it, asked only when a page shows Mongolian)."""
    g.mongolian_hall = hall
    g.pop('mongolian', None)


def mongolian():
    """The Mongolian lines of this request's hall (false if none)."""
    found = g.get('mongolian')
    if found is None:
        hall = g.get('mongolian_hall')
        if callable(hall):
            hall = hall()
        found = (Mongolian(hall) if hall is not None and hall.bilingual_mongolian
                 else MONOLINGUAL)
        g.mongolian = found
    return found


def init_app(app):
    app.jinja_env.globals['mongolian'] = mongolian
