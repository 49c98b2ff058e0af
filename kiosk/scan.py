"""What a scanned or typed payload is: one small pure function, `parse`.

Scanners in keyboard-wedge mode, the camera decoder and typing all end here.
Our own codes are a one-letter kind and 22 URL-safe characters (models.new_code);
the appointment page and the receipt QR carry them inside a URL.
"""
import re
from collections import namedtuple
from urllib.parse import parse_qsl, unquote, urlsplit

import validators

Payload = namedtuple('Payload', 'kind value')

CODE_KINDS = {
    'Y': 'appointment',
    'C': 'card',
    'R': 'receipt',
    'B': 'badge',
    'K': 'kiosk',
}
_CODE_RE = re.compile(r'[YCRBK][A-Za-z0-9_-]{22}')
# What an identity document's number may look like: letters and digits, with
# the brackets of an old Taiwan travel permit's issuing office.
_NUMBER_RE = re.compile(r'[0-9A-Za-z()（）]{5,20}')
MAX_LENGTH = 512


def parse(text):
    """The Payload a scan or a typed text stands for, or None if not ours.

    Kinds: appointment, card, receipt, badge, kiosk (codes, case kept);
    document (the value is a validators.Document: exactly one document
    type's rule takes the number); choose (the value is (number, types):
    several types, or only a passport, could take it, so the type is
    asked); and invalid (a number that looks like an ID or a credit code
    but has a mistake; the value is the message to show).
    """
    text = (text or '').strip()
    if not text or len(text) > MAX_LENGTH:
        return None
    if _CODE_RE.fullmatch(text):
        return Payload(CODE_KINDS[text[0]], text)
    if text.lower().startswith(('http://', 'https://')):
        return _from_url(text)
    compact = re.sub(r'[\s-]+', '', text)
    if not _NUMBER_RE.fullmatch(compact):
        return None
    document = validators.classify(compact)
    if document is not None:
        return Payload('document', document)
    types = validators.matching_types(compact)
    if types:
        return Payload('choose', (compact.upper(), tuple(types)))
    message = validators.document_error(compact)
    return Payload('invalid', message) if message is not None else None


def _from_url(url):
    """Our codes inside a URL: a receipt page /p/<R…>, or an appointment
    code anywhere in the path or the query."""
    parts = urlsplit(url)
    segments = [unquote(s) for s in parts.path.split('/') if s]
    if len(segments) >= 2 and segments[-2] == 'p' and \
            _CODE_RE.fullmatch(segments[-1]) and segments[-1][0] == 'R':
        return Payload('receipt', segments[-1])
    values = segments + [value for _, value in parse_qsl(parts.query)]
    for value in values:
        if _CODE_RE.fullmatch(value) and value[0] == 'Y':
            return Payload('appointment', value)
    return None
