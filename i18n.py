"""Translatable text whose values are escaped when a page shows it.

flask-babel's lazy strings say they are HTML (`__html__`), so Jinja prints
them unescaped, values and all: a name typed by a user and formatted into
`lazy_gettext('… %(name)s', name=…)` would run as markup in another user's
browser. Here the translated sentence, which is ours, stays markup, and
every value is escaped at the moment of rendering. Nothing is stored
escaped: `str()` of the text is the plain sentence, as before, and so is
its JSON (web.JSONProvider).

Every module imports `lazy_gettext as _l` from here, never from
flask_babel; scripts/use_safe_lazy_gettext.py rewrites such imports, and
tests/test_i18n_escaping.py fails on any that remain.
"""
from flask_babel import gettext
from flask_babel.speaklater import LazyString
from markupsafe import Markup


class LazyText(LazyString):
    """A lazily translated sentence that escapes its values in HTML."""

    def __init__(self, string, **variables):
        super().__init__(gettext, string, **variables)

    def __html__(self):
        # The sentence is translated unformatted, then Markup's `%` escapes
        # each value (a value that is itself a LazyText is escaped once).
        sentence = Markup(gettext(self._args[0]))
        return sentence % self._kwargs if self._kwargs else sentence


def lazy_gettext(string, **variables):
    """Like flask-babel's lazy_gettext, but safe to show in any page."""
    return LazyText(string, **variables)
