"""Validators, normalisers and maskers for Chinese identifiers used in forms.

Covers resident identity card numbers (GB 11643-1999), unified social credit
codes (GB 32100-2015), mainland mobile and landline phone numbers, masking for
public pages and generators of valid random numbers for demo data and tests.
Error messages are lazy gettext strings with English msgids.
"""
import re
from datetime import date

from i18n import lazy_gettext as _l

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
PROVINCE_CODES = frozenset(
    [*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47),
     *range(50, 55), *range(61, 66), 71, 81, 82])

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_AUTHORITIES = "123456789ANY"

_ID_RE = re.compile(r"[0-9]{17}[0-9X]")
_CREDIT_RE = re.compile(rf"[{CREDIT_AUTHORITIES}][{CREDIT_ALPHABET}][0-9]{{6}}[{CREDIT_ALPHABET}]{{10}}")
_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE_RE = re.compile(
    r"\(?(?P<area>0[0-9]{2,3})\)?[ -]?(?P<local>[0-9]{7,8})"
    r"(?:[ ]*(?:-|#|转|ext\.?|x)[ ]*(?P<ext>[0-9]{1,6}))?", re.IGNORECASE)


class ValidationError(ValueError):
    """A value failed validation; ``message`` is the user-facing (lazy) text."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def id_check_char(first17: str) -> str:
    """Return the GB 11643 check character for the first 17 digits of an ID."""
    return ID_CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS)) % 11]


def credit_check_char(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 chars of a credit code."""
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def _parse_birth(number: str):
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    import models  # the hall's clock; models imports this module
    return born if date(1900, 1, 1) <= born <= models.today() else None


def resident_id(value: str) -> str:
    """Normalise and validate an 18-character resident identity card number."""
    number = re.sub(r"\s+", "", _text(value)).upper()
    if not _ID_RE.fullmatch(number):
        raise ValidationError(_l("The ID number must be 18 characters: 17 digits and a check digit (0-9 or X)."))
    if int(number[:2]) not in PROVINCE_CODES:
        raise ValidationError(_l("The ID number does not start with a valid region code."))
    if _parse_birth(number) is None:
        raise ValidationError(_l("The ID number contains an impossible date of birth."))
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(_l("The ID number is mistyped: its check digit does not match."))
    return number


def credit_code(value: str) -> str:
    """Normalise and validate an 18-character unified social credit code."""
    code = _text(value).upper()
    if not _CREDIT_RE.fullmatch(code):
        raise ValidationError(_l("The unified social credit code must be 18 digits and capital letters (no I, O, S, V or Z)."))
    if credit_check_char(code[:17]) != code[17]:
        raise ValidationError(_l("The unified social credit code is mistyped: its last character does not match."))
    return code


def mobile(value) -> str:
    """Normalise and validate a mainland mobile number; return its 11 digits."""
    number = re.sub(r"[\s-]+", "", _text(value))
    if number.startswith("+86"):
        number = number[3:]
    elif number.startswith("86") and len(number) == 13:
        number = number[2:]
    if not _MOBILE_RE.fullmatch(number):
        raise ValidationError(_l("Enter a valid 11-digit mobile number."))
    return number


def _split_landline(value):
    """Return (area, local, ext) of a landline number, or None if invalid."""
    m = _LANDLINE_RE.fullmatch(_text(value))
    if not m:
        return None
    digits = m["area"] + m["local"]
    # 3-digit area codes are 010 and 02x; all others are 0 + 3 digits.
    size = 3 if digits.startswith(("010", "02")) else 4
    separated = m.end("area") != m.start("local")
    if separated and len(m["area"]) != size:
        return None
    area, local = digits[:size], digits[size:]
    if len(local) not in (7, 8):
        return None
    return area, local, m["ext"]


def landline(value) -> str:
    """Normalise and validate a landline number to ``area-local[-ext]`` form."""
    parts = _split_landline(value)
    if parts is None:
        raise ValidationError(_l("Enter a valid landline number with area code, e.g. 0471-1234567."))
    area, local, ext = parts
    return f"{area}-{local}-{ext}" if ext else f"{area}-{local}"


def phone(value) -> str:
    """Normalise and validate a number that may be either mobile or landline."""
    for check in (mobile, landline):
        try:
            return check(value)
        except ValidationError:
            pass
    raise ValidationError(_l("Enter a valid mobile or landline phone number."))


def birth_date(id_number: str) -> date:
    """Return the date of birth encoded in a valid resident ID number."""
    number = resident_id(id_number)
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def gender(id_number: str) -> str:
    """Return 'male' or 'female' from the 17th digit of a valid resident ID."""
    return "male" if int(resident_id(id_number)[16]) % 2 else "female"


def mask_name(name: str) -> str:
    """Mask a person's name for public display, keeping only the first character."""
    name = _text(name)
    if len(name) <= 1:
        return "*" * len(name)
    return name[0] + "*" * (len(name) - 1)


def mask_id(value: str) -> str:
    """Mask an ID number or credit code, keeping the first 4 and last 4 characters."""
    text = re.sub(r"\s+", "", _text(value)).upper()
    if len(text) <= 8:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 8) + text[-4:]


def mask_phone(value) -> str:
    """Mask a phone number: mobiles keep 3+4 digits, landlines area code and last 2."""
    try:
        number = mobile(value)
        return number[:3] + "****" + number[-4:]
    except ValidationError:
        pass
    parts = _split_landline(value)
    if parts is None:
        return "*" * len(_text(value))
    area, local, _ext = parts
    return f"{area}-{'*' * (len(local) - 2)}{local[-2:]}"


def generate_resident_id(rng, region="150402", birth=None, male=None) -> str:
    """Generate a valid random resident ID number (demo data and tests)."""
    if birth is None:
        start, end = date(1950, 1, 1).toordinal(), date(2005, 12, 31).toordinal()
        birth = date.fromordinal(rng.randint(start, end))
    if male is None:
        male = rng.random() < 0.5
    sequence = rng.randrange(0, 500) * 2 + (1 if male else 0)
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return resident_id(first17 + id_check_char(first17))


def _org_code(rng) -> str:
    body = "".join(rng.choice("0123456789") for _ in range(8))
    check = 11 - sum(int(d) * w for d, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2))) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def generate_credit_code(rng, authority="9", category="1", region="150402") -> str:
    """Generate a valid random unified social credit code (demo data and tests)."""
    first17 = f"{authority}{category}{region}{_org_code(rng)}"
    return credit_code(first17 + credit_check_char(first17))
