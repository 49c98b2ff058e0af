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
# Eighteen characters that look like an ID number or a credit code: these get
# the validator's own message ("check digit does not match") when wrong.
_NUMBER_RE = re.compile(r'[0-9A-Za-z]{18}')
MAX_LENGTH = 512


def parse(text):
    """The Payload a scan or a typed text stands for, or None if not ours.

    Kinds: appointment, card, receipt, badge, kiosk (codes, case kept),
    person (resident ID), enterprise (credit code), and invalid (an ID or
    credit code with a mistake; the value is the message to show).
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
    errors = []
    for kind, check in (('person', validators.resident_id),
                        ('enterprise', validators.credit_code)):
        try:
            return Payload(kind, check(compact))
        except validators.ValidationError as error:
            errors.append(error.message)
    # All digits (or digits and a final X) reads as an ID number.
    looks_like_id = re.fullmatch(r'[0-9]{17}[0-9Xx]', compact) is not None
    return Payload('invalid', errors[0] if looks_like_id else errors[1])


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
