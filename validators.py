"""Validators, normalisers and maskers for Chinese identifiers used in forms.

Covers every identity document a hall serves, each by its own published rule
(see DOCUMENT_TYPES below): resident identity cards (GB 11643-1999), residence
permits for Hong Kong, Macau and Taiwan residents, foreign permanent resident
ID cards, passports, the two mainland travel permits, and unified social
credit codes (GB 32100-2015); mainland mobile and landline phone numbers;
masking for public pages; and generators of valid random numbers for demo
data. Error messages are lazy gettext strings with English msgids.
"""
import functools
import re
from collections import namedtuple
from datetime import date

import pycountry
from babel import Locale, UnknownLocaleError
from flask_babel import get_locale
from errors import DomainError
from i18n import lazy_gettext as _l

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
# GB/T 2260 province codes a resident ID may start with. 81 (Hong Kong) and
# 82 (Macau) are not among them: those numbers are residence permits.
PROVINCE_CODES = frozenset(
    [*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47),
     *range(50, 55), *range(61, 66), 71])
# Where a foreign permanent resident ID is issued: a mainland province.
MAINLAND_PROVINCES = PROVINCE_CODES - {71}
# 《港澳台居民居住证申领发放办法》(国办发〔2018〕81号), art. 5: the permit's
# 公民身份号码 takes the address code of Hong Kong, Macau or Taiwan.
PERMIT_REGIONS = ('810000', '820000', '830000')

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_AUTHORITIES = "123456789ANY"

_ID_RE = re.compile(r"[0-9]{17}[0-9X]")
_CREDIT_RE = re.compile(rf"[{CREDIT_AUTHORITIES}][{CREDIT_ALPHABET}][0-9]{{6}}[{CREDIT_ALPHABET}]{{10}}")
_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE_RE = re.compile(
    r"\(?(?P<area>0[0-9]{2,3})\)?[ -]?(?P<local>[0-9]{7,8})"
    r"(?:[ ]*(?:-|#|转|ext\.?|x)[ ]*(?P<ext>[0-9]{1,6}))?", re.IGNORECASE)


class ValidationError(DomainError):
    """A typed value is not a valid document number, phone or code; the
    message says what to correct."""


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def id_check_char(first17: str) -> str:
    """Return the GB 11643 check character for the first 17 digits of an ID."""
    return ID_CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS)) % 11]


ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_check_char(body8: str) -> str:
    """Return the GB 11714 check character of an 8-character organisation
    code body (digits, and letters valued A=10 to Z=35)."""
    total = sum(int(c, 36) * w for c, w in zip(body8, ORG_WEIGHTS))
    return {10: "X", 11: "0"}.get(11 - total % 11, str(11 - total % 11))


def credit_check_char(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 chars of a credit code."""
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def _valid_birth(born):
    """The birth date if it is possible (1900 to today), else None."""
    import models  # the hall's clock; models imports this module
    return born if date(1900, 1, 1) <= born <= models.today() else None


def _parse_birth(number: str, start=6):
    """The YYYYMMDD date of birth at `start`, or None if impossible."""
    try:
        born = date(int(number[start:start + 4]), int(number[start + 4:start + 6]),
                    int(number[start + 6:start + 8]))
    except ValueError:
        return None
    return _valid_birth(born)


def _compact(value) -> str:
    """Upper case, without spaces: how every document number is compared."""
    return re.sub(r"\s+", "", _text(value)).upper()


def resident_id(value: str) -> str:
    """Normalise and validate an 18-character resident identity card number.

    GB 11643-1999: six-digit address code (GB/T 2260), birth date YYYYMMDD,
    three-digit sequence (odd for men), ISO 7064 MOD 11-2 check character.
    """
    number = _compact(value)
    if not _ID_RE.fullmatch(number):
        raise ValidationError(_l("The ID number must be 18 characters: 17 digits and a check digit (0-9 or X)."))
    if number[:6] in PERMIT_REGIONS:
        raise ValidationError(_l("This number is a residence permit for Hong Kong, Macau or Taiwan residents, not a resident ID card: choose that document type."))
    if number[0] == "9":
        raise ValidationError(_l("This number is a foreign permanent resident ID card, not a resident ID card: choose that document type."))
    if int(number[:2]) not in PROVINCE_CODES:
        raise ValidationError(_l("The ID number does not start with a valid region code."))
    if _parse_birth(number) is None:
        raise ValidationError(_l("The ID number contains an impossible date of birth."))
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(_l("The ID number is mistyped: its check digit does not match."))
    return number


def credit_code(value: str) -> str:
    """Normalise and validate an 18-character unified social credit code.

    GB 32100-2015: registering authority, category, six-digit region code,
    nine-character organisation code (GB 11714, its last character a MOD 11
    check), and a MOD 31 check character.
    """
    code = _text(value).upper()
    if not _CREDIT_RE.fullmatch(code):
        raise ValidationError(_l("The unified social credit code must be 18 digits and capital letters (no I, O, S, V or Z)."))
    if org_check_char(code[8:16]) != code[16]:
        raise ValidationError(_l("The unified social credit code is mistyped: the check character of its organisation code (17th character) does not match."))
    if credit_check_char(code[:17]) != code[17]:
        raise ValidationError(_l("The unified social credit code is mistyped: its last character does not match."))
    return code


def residence_permit(value: str) -> str:
    """Normalise and validate a residence permit for Hong Kong, Macau and
    Taiwan residents (港澳台居民居住证).

    国办发〔2018〕81号, art. 5: the permit carries a 公民身份号码 by
    GB 11643-1999 whose address code is 810000 (Hong Kong), 820000 (Macau)
    or 830000 (Taiwan): birth date, sequence and MOD 11-2 check character as
    on a resident ID card.
    """
    number = _compact(value)
    if not _ID_RE.fullmatch(number):
        raise ValidationError(_l("The residence permit number must be 18 characters: 17 digits and a check digit (0-9 or X)."))
    if number[:6] not in PERMIT_REGIONS:
        raise ValidationError(_l("The residence permit number must start with 810000 (Hong Kong), 820000 (Macau) or 830000 (Taiwan)."))
    if _parse_birth(number) is None:
        raise ValidationError(_l("The residence permit number contains an impossible date of birth."))
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(_l("The residence permit number is mistyped: its check digit does not match."))
    return number


# Nationalities are ISO 3166-1 codes (GB/T 2659 takes the same codes).
_ALPHA3 = {c.alpha_3: c for c in pycountry.countries}
_NUMERIC = {c.numeric: c.alpha_3 for c in pycountry.countries}
_PR_OLD_RE = re.compile(r"[A-Z]{3}[0-9]{12}")


def nationality(value) -> str:
    """Normalise and validate a nationality: an ISO 3166-1 alpha-3 code."""
    code = _compact(value)
    if code not in _ALPHA3:
        raise ValidationError(_l("Choose the nationality from the list (a three-letter ISO 3166 code such as USA or DEU)."))
    return code


def _pr_old_birth(number):
    """The YYMMDD date of birth of an old-form card: the 2000s if that is
    not in the future, else the 1900s (see foreign_permanent_id)."""
    import models
    try:
        year = int(number[7:9])
        month, day = int(number[9:11]), int(number[11:13])
        born = date(2000 + year, month, day)
        if born > models.today():
            born = date(1900 + year, month, day)
    except ValueError:
        return None
    return _valid_birth(born)


def foreign_permanent_id(value: str) -> str:
    """Normalise and validate a foreign permanent resident ID card number
    (外国人永久居留身份证), either form.

    The 2023 card (国家移民管理局, 新版外国人永久居留身份证机读信息规则, in
    force 2023-12-01) follows GB 11643-1999: "9", the two-digit province
    where it was issued, the three-digit ISO 3166-1 numeric nationality
    code, birth date YYYYMMDD, a three-digit sequence and the MOD 11-2 check
    character of a resident ID card.

    The older cards (2004 and 2017 editions, still valid until they expire)
    carry 15 characters: the same notice describes them as three Latin
    letters (the ISO 3166-1 alpha-3 nationality) and twelve digits. Four
    digits name the issuing office (a province code first), then the birth
    date YYMMDD and two more digits. No published rule for the last digit
    as a check digit could be found (one library reads it as an ICAO 9303
    7-3-1 check; that is not an official source), so only the structure,
    the nationality, the province and the birth date are checked here: a
    wrong check would turn real cardholders away.
    """
    number = _compact(value)
    if _PR_OLD_RE.fullmatch(number):
        if number[:3] not in _ALPHA3:
            raise ValidationError(_l("The permanent resident ID card number does not start with a known three-letter nationality code."))
        if int(number[3:5]) not in MAINLAND_PROVINCES:
            raise ValidationError(_l("The permanent resident ID card number does not name a valid issuing province."))
        if _pr_old_birth(number) is None:
            raise ValidationError(_l("The permanent resident ID card number contains an impossible date of birth."))
        return number
    if not _ID_RE.fullmatch(number) or number[0] != "9":
        raise ValidationError(_l("The permanent resident ID card number must be 18 characters starting with 9 (the 2023 card), or 3 letters and 12 digits (older cards)."))
    if int(number[1:3]) not in MAINLAND_PROVINCES:
        raise ValidationError(_l("The permanent resident ID card number does not name a valid issuing province."))
    if number[3:6] not in _NUMERIC:
        raise ValidationError(_l("The permanent resident ID card number does not carry a known nationality code."))
    if _parse_birth(number) is None:
        raise ValidationError(_l("The permanent resident ID card number contains an impossible date of birth."))
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(_l("The permanent resident ID card number is mistyped: its check digit does not match."))
    return number


_PASSPORT_RE = re.compile(r"[A-Z0-9]{5,17}")


def passport(value: str) -> str:
    """Normalise and validate a passport number.

    ICAO Doc 9303 (part 4) leaves the document number to the issuing state:
    up to nine characters A-Z and 0-9 in the machine-readable zone, longer
    ones continuing in the optional data. We take 5 to 17 letters and
    digits with at least one digit (every state numbers its passports);
    there is no check digit outside the machine-readable zone.
    """
    number = _compact(value)
    if not _PASSPORT_RE.fullmatch(number) or not re.search(r"[0-9]", number):
        raise ValidationError(_l("The passport number must be 5 to 17 letters and digits, as printed on the passport."))
    return number


_HK_MACAU_RE = re.compile(r"[HM][0-9]{8}(?:[0-9]{2})?")


def hk_macau_permit(value: str) -> str:
    """Normalise and validate a mainland travel permit for Hong Kong and
    Macau residents (港澳居民来往内地通行证, 回乡证); returns its lifelong
    number.

    公安部出入境管理局, 港澳居民来往内地通行证号码规则 (2010-03-10): "H"
    (Hong Kong) or "M" (Macau), an eight-digit lifelong number, then two
    digits counting renewals (00 at first issue). The card of 2013 prints
    the nine-character lifelong part alone. Both are taken; the file keeps
    the lifelong part, which the rule says stays the same on every renewal.
    """
    number = re.sub(r"[\s()（）-]+", "", _text(value)).upper()
    if not _HK_MACAU_RE.fullmatch(number):
        raise ValidationError(_l("The Hong Kong and Macau travel permit number must be H or M followed by 8 digits (or 10 digits on older permits)."))
    return number[:9]


_TAIWAN_RE = re.compile(r"[0-9]{8}(?:[0-9]{2}(?:[A-Z0-9])?)?")


def taiwan_permit(value: str) -> str:
    """Normalise and validate a mainland travel permit for Taiwan residents
    (台湾居民来往大陆通行证, 台胞证); returns its lifelong number.

    Since 2008-09-25 (公安部出入境管理局, "一人一号、终身不变") the number is
    the eight-digit lifelong number alone. Older permits (from 1992) add
    two digits counting issues and, in brackets, a letter or digit naming
    the issuing office, e.g. 12345678 01 (B). The file keeps the eight
    lifelong digits.
    """
    number = re.sub(r"[\s()（）-]+", "", _text(value)).upper()
    if not _TAIWAN_RE.fullmatch(number):
        raise ValidationError(_l("The Taiwan travel permit number must be 8 digits (or 10 digits, with the issuing office in brackets, on older permits)."))
    return number[:8]


# --- Identity documents: one rule per type -----------------------------------

# The document types, in the order a person chooses them. The last one is an
# enterprise's; every other one identifies a person.
DOCUMENT_TYPES = [
    ('resident_id', _l('Resident ID card')),
    ('residence_permit', _l('Residence permit for Hong Kong, Macau and Taiwan residents')),
    ('foreign_permanent', _l('Foreign permanent resident ID card')),
    ('passport', _l('Passport')),
    ('hk_macau_permit', _l('Mainland travel permit for Hong Kong and Macau residents')),
    ('taiwan_permit', _l('Mainland travel permit for Taiwan residents')),
    ('credit_code', _l('Unified social credit code')),
]
PERSON_DOCUMENTS = [value for value, _label in DOCUMENT_TYPES if value != 'credit_code']
DOCUMENT_RULES = {
    'resident_id': resident_id,
    'residence_permit': residence_permit,
    'foreign_permanent': foreign_permanent_id,
    'passport': passport,
    'hk_macau_permit': hk_macau_permit,
    'taiwan_permit': taiwan_permit,
    'credit_code': credit_code,
}
# Types whose number carries the holder's date of birth.
BIRTH_DOCUMENTS = ('resident_id', 'residence_permit', 'foreign_permanent')

Document = namedtuple('Document', 'type number nationality')


def document_type_label(id_type):
    """The name of a document type in the reader's language."""
    return dict(DOCUMENT_TYPES).get(id_type, id_type)


def document_kind(id_type) -> str:
    """'enterprise' for a credit code, 'person' for every other document."""
    return 'enterprise' if id_type == 'credit_code' else 'person'


def document_nationality(id_type, number) -> str:
    """The nationality a valid number itself states, or ''."""
    # Hong Kong, Macau and Taiwan residents are Chinese nationals: their
    # permits name a region, which the type already says, not a nationality.
    if id_type == 'foreign_permanent':
        return number[:3] if len(number) == 15 else _NUMERIC[number[3:6]]
    return ''


def document(id_type, value, nationality_code='') -> Document:
    """Validate a number by its document type's own rule.

    An unknown type is refused, never guessed. A passport needs the
    nationality (ISO 3166-1 alpha-3); the other types state it themselves
    or have none to record.
    """
    rule = DOCUMENT_RULES.get(id_type)
    if rule is None:
        raise ValidationError(_l("Choose the type of identity document from the list."))
    number = rule(value)
    if id_type == 'passport':
        return Document(id_type, number, nationality(nationality_code))
    return Document(id_type, number, document_nationality(id_type, number))


def matching_types(value, types=None):
    """Every document type whose rule accepts the number (nationality aside)."""
    found = []
    for id_type in types or DOCUMENT_RULES:
        try:
            DOCUMENT_RULES[id_type](value)
        except ValidationError:
            continue
        found.append(id_type)
    return found


def classify(value, types=None):
    """The Document a number stands for when exactly one type's rule takes
    it, or None: then the type has to be asked.

    A passport is never guessed: its number has no structure of its own,
    any short run of letters and digits could be one, and it needs a
    nationality that a number alone does not give.
    """
    found = matching_types(value, types)
    if len(found) != 1 or found[0] == 'passport':
        return None
    return document(found[0], value)


def document_error(value):
    """The message of the rule a wrong number most looks like, or None."""
    number = _compact(value)
    if re.fullmatch(r"[0-9]{17}[0-9X]", number):
        rule = {"8": residence_permit, "9": foreign_permanent_id}.get(number[0], resident_id)
    elif len(number) == 18:
        rule = credit_code
    elif re.fullmatch(r"[A-Z]{3}[0-9]{12}", number):
        rule = foreign_permanent_id
    else:
        return None
    try:
        rule(number)
    except ValidationError as error:
        return error.message
    return None


def _locale():
    try:
        return Locale.parse(str(get_locale() or 'zh_Hans_CN'))
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse('zh_Hans_CN')


def country_name(code) -> str:
    """A nationality's name in the reader's language (the code if unknown)."""
    country = _ALPHA3.get(code or '')
    if country is None:
        return code or ''
    return _locale().territories.get(country.alpha_2, country.name)


def countries():
    """Every nationality as (alpha-3 code, name), by name in the reader's language."""
    return _countries(str(_locale()))


@functools.lru_cache(maxsize=8)
def _countries(locale_name):
    locale = Locale.parse(locale_name)
    rows = [(code, locale.territories.get(c.alpha_2, c.name))
            for code, c in _ALPHA3.items()]
    if locale.language == 'zh':  # by pinyin, as Chinese lists are ordered
        from pypinyin import lazy_pinyin
        return tuple(sorted(rows, key=lambda row: lazy_pinyin(row[1])))
    return tuple(sorted(rows, key=lambda row: row[1]))


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


def _birth_document(id_number, id_type):
    """The (type, number) of a birth-bearing document; the type is found
    from the number when not given and only one such type takes it."""
    if id_type is None:
        found = matching_types(id_number, BIRTH_DOCUMENTS)
        if len(found) != 1:
            # The resident ID's own message says what is wrong.
            return 'resident_id', resident_id(id_number)
        id_type = found[0]
    if id_type not in BIRTH_DOCUMENTS:
        raise ValidationError(_l("This type of document does not carry a date of birth."))
    return id_type, DOCUMENT_RULES[id_type](id_number)


def birth_date(id_number: str, id_type=None) -> date:
    """Return the date of birth encoded in a valid document number: a
    resident ID, a residence permit or a foreign permanent resident ID."""
    id_type, number = _birth_document(id_number, id_type)
    if len(number) == 15:
        return _pr_old_birth(number)
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def gender(id_number: str, id_type=None) -> str:
    """Return 'male' or 'female' from the 17th digit of an 18-digit number
    by GB 11643 (resident ID, residence permit, 2023 permanent resident ID)."""
    id_type, number = _birth_document(id_number, id_type)
    if len(number) != 18:
        raise ValidationError(_l("This type of document does not state the holder's sex."))
    return "male" if int(number[16]) % 2 else "female"


def mask_name(name: str) -> str:
    """Mask a person's name for public display, keeping only the first character."""
    name = _text(name)
    if len(name) <= 1:
        return "*" * len(name)
    return name[0] + "*" * (len(name) - 1)


def mask_id(value: str, id_type=None) -> str:
    """Mask a document number for public pages, by its type.

    Eighteen-character numbers keep the first 4 and last 4 characters (the
    date of birth is hidden); an older permanent resident ID keeps its
    nationality letters and last 2; a travel permit keeps its H or M and
    last 2; a passport and a Taiwan permit keep their last 2. Without a
    type, the first 4 and last 4 of a long number, nothing of a short one.
    """
    text = _compact(value)
    if id_type == 'foreign_permanent' and len(text) == 15:
        return text[:3] + "*" * 10 + text[-2:]
    if id_type == 'hk_macau_permit' and len(text) > 3:
        return text[0] + "*" * (len(text) - 3) + text[-2:]
    if id_type in ('passport', 'taiwan_permit') and len(text) > 2:
        return "*" * (len(text) - 2) + text[-2:]
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


def _generate_gb11643(rng, head, birth, male):
    """Seventeen digits after `head` and a birth date, and the check digit."""
    if birth is None:
        start, end = date(1950, 1, 1).toordinal(), date(2005, 12, 31).toordinal()
        birth = date.fromordinal(rng.randint(start, end))
    if male is None:
        male = rng.random() < 0.5
    sequence = rng.randrange(0, 500) * 2 + (1 if male else 0)
    first17 = f"{head}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_char(first17)


def generate_resident_id(rng, region="150402", birth=None, male=None) -> str:
    """Generate a valid random resident ID number (demo data)."""
    return resident_id(_generate_gb11643(rng, region, birth, male))


def generate_residence_permit(rng, region="830000", birth=None, male=None) -> str:
    """Generate a valid random residence permit number (demo data)."""
    return residence_permit(_generate_gb11643(rng, region, birth, male))


def generate_foreign_permanent_id(rng, province="11", nationality="840",
                                  birth=None, male=None) -> str:
    """Generate a valid random 2023 foreign permanent resident ID (demo data)."""
    return foreign_permanent_id(_generate_gb11643(
        rng, f"9{province}{nationality}", birth, male))


def _org_code(rng) -> str:
    body = "".join(rng.choice("0123456789") for _ in range(8))
    return body + org_check_char(body)


def generate_credit_code(rng, authority="9", category="1", region="150402") -> str:
    """Generate a valid random unified social credit code (demo data and tests)."""
    first17 = f"{authority}{category}{region}{_org_code(rng)}"
    return credit_code(first17 + credit_check_char(first17))


# --- Traditional Mongolian names ----------------------------------------------

# What a Mongolian name may hold: the Mongolian block (letters, its own
# digits and punctuation, the free variation selectors), the narrow no-break
# space (U+202F) that joins suffixes, the zero-width (non-)joiners, spaces,
# digits and common punctuation. Anything else is most likely a name typed
# in the wrong field (Chinese, Cyrillic) or pasted with stray characters.
_MONGOLIAN_NAME_RE = re.compile(
    '[\u1800-\u18af\u202f\u200c\u200d 0-9.,;:()\\-/\'"\u00b7\u3001\uff0c\u3002\uff1a\uff08\uff09]*')
_MONGOLIAN_LETTER_RE = re.compile('[\u1820-\u18af]')
MONGOLIAN_REFUSAL = _l(
    'Mongolian text is written in traditional Mongolian script (with '
    'spaces, digits and common punctuation); type it again with a '
    'Mongolian keyboard.')


def mongolian_name(value) -> str:
    """A name in traditional Mongolian script, its outer spaces removed;
    '' for none. Raises DomainError for any other script."""
    # Only plain spaces fold: U+202F is "whitespace" to str.split() but
    # a part of the word here.
    text = re.sub(' +', ' ', _text(value))
    if not text:
        return ''
    if not _MONGOLIAN_NAME_RE.fullmatch(text) or not _MONGOLIAN_LETTER_RE.search(text):
        raise DomainError(MONGOLIAN_REFUSAL)
    return text

