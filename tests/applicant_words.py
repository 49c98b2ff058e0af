"""The words an applicant reads: the progress page /p/ with its history,
the kiosk's applicant screens, the receipt with its ticket and the call
screen; their msgids, walked from the templates, the timeline and the
model choices those pages show as values."""
import os

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po

import models

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def catalogue_path(locale):
    return os.path.join(ROOT, 'translations', locale, 'LC_MESSAGES', 'messages.po')


def catalogue(locale):
    """{msgid (a plural by its singular): message} of a catalogue."""
    with open(catalogue_path(locale), 'rb') as po:
        return {message.id if isinstance(message.id, str) else message.id[0]: message
                for message in read_po(po, locale=locale) if message.id}


# What applicants read, template by template.
APPLICANT_TEMPLATES = (
    'templates/public/progress.html',
    'templates/public/layout.html',
    'templates/kiosk/start.html',
    'templates/kiosk/print/receipt.html',
    'templates/kiosk/_next_steps.html',
    'templates/display/screen.html',
)

# Model choices the progress page shows as values (a case's service form,
# a material's state, a result's kind, the rating words).
SHOWN_CHOICES = {
    'SERVICE_FORMS': models.SERVICE_FORMS,
    'MATERIAL_STATES': models.MATERIAL_STATES,
    'RESULT_KINDS': models.RESULT_KINDS,
    'RATINGS': models.RATINGS,
}


def template_strings(path):
    """The msgids (a plural by its singular) of a template's _() and
    ngettext()."""
    found = []
    for _line, message, _comments, _context in extract_from_file(
            'jinja2', os.path.join(ROOT, path),
            options={'extensions': 'jinja2.ext.i18n'}):
        found.append(message[0] if isinstance(message, tuple) else message)
    return list(dict.fromkeys(found))


def timeline_strings():
    """Every sentence the progress page's history and headline are told in."""
    keywords = dict(DEFAULT_KEYWORDS, _l=None)
    return list(dict.fromkeys(
        message for _line, message, _comments, _context in extract_from_file(
            'python', os.path.join(ROOT, 'public', 'timeline.py'), keywords=keywords)
        if isinstance(message, str)))


def choice_strings():
    """The msgids of the choices the progress page shows as values."""
    return [str(title._args[0]) for choices in SHOWN_CHOICES.values()
            for _value, title in choices]


def applicant_strings():
    """Every msgid an applicant may read on those pages."""
    found = [s for path in APPLICANT_TEMPLATES for s in template_strings(path)]
    return list(dict.fromkeys(found + timeline_strings() + choice_strings()))
