"""Identity document numbers built by their published rules, for tests.

Independent reference implementations, written from the rules themselves
and never from the code under test:

- ISO 7064 MOD 11-2 (GB 11643-1999): weight of the character at position
  i, counted from the right with the check character at 1, is 2^(i-1) mod 11;
  the check character makes the weighted sum 1 mod 11; "X" stands for 10.
- GB 11714 organisation code: weights 3 7 9 10 5 8 4 2, letters A=10..Z=35,
  check = 11 - sum mod 11 (10 is "X", 11 is "0").
- GB 32100-2015 credit code: weights 3^(i-1) mod 31 over the alphabet
  0-9 A-H J-N P-R T U W-Y, check = 31 - sum mod 31 (31 is "0").

Nationality codes are facts of ISO 3166-1 (USA 840, DEU 276, GBR 826,
KAZ 398, JPN 392, KOR 410).
"""
from datetime import date

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
NUMERIC = {'USA': '840', 'DEU': '276', 'GBR': '826', 'KAZ': '398',
           'JPN': '392', 'KOR': '410'}


def mod11_2(first17):
    """The MOD 11-2 check character completing 17 digits."""
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(first17))
    value = (12 - total % 11) % 11
    return 'X' if value == 10 else str(value)


def gb11643(head, born, sequence):
    """A number by GB 11643: head, birth YYYYMMDD, 3-digit sequence, check."""
    first17 = '%s%s%03d' % (head, born.strftime('%Y%m%d'), sequence)
    assert len(first17) == 17
    return first17 + mod11_2(first17)


def resident_id(region='150402', born=date(1990, 1, 1), sequence=123):
    return gb11643(region, born, sequence)


def residence_permit(region='830000', born=date(1985, 6, 15), sequence=31):
    """国办发〔2018〕81号: a 公民身份号码 with address code 810000/820000/830000."""
    return gb11643(region, born, sequence)


def foreign_permanent(province='31', nationality='USA', born=date(1980, 3, 9),
                      sequence=7):
    """2023 card: 9, issuing province, ISO numeric nationality, GB 11643."""
    return gb11643('9%s%s' % (province, NUMERIC[nationality]), born, sequence)


def foreign_permanent_old(nationality='DEU', office='3101', born=date(1975, 8, 20),
                          tail='12'):
    """2004/2017 card: alpha-3 nationality, 4-digit office, YYMMDD, 2 digits."""
    return '%s%s%s%s' % (nationality, office, born.strftime('%y%m%d'), tail)


def hk_macau_permit(letter='H', lifelong='12345678', renewals=None):
    """公安部出入境管理局 (2010): H/M, 8-digit lifelong number, renewal count."""
    return letter + lifelong + ('' if renewals is None else '%02d' % renewals)


def taiwan_permit(lifelong='87654321', issues=None, office=None):
    """Since 2008 the 8-digit lifelong number; before, + 2 digits + (office)."""
    number = lifelong
    if issues is not None:
        number += '%02d' % issues
    if office is not None:
        number += '(%s)' % office
    return number


def org_code(body8):
    """A GB 11714 organisation code: the body and its check character."""
    total = sum(int(c, 36) * w for c, w in zip(body8, (3, 7, 9, 10, 5, 8, 4, 2)))
    value = 11 - total % 11
    return body8 + {10: 'X', 11: '0'}.get(value, str(value))


def credit_code(authority='9', category='1', region='150402', body8='12345678'):
    """A GB 32100 code: authority, category, region, organisation code, check."""
    first17 = authority + category + region + org_code(body8)
    total = sum(CREDIT_ALPHABET.index(c) * pow(3, i, 31)
                for i, c in enumerate(first17))
    return first17 + CREDIT_ALPHABET[(31 - total % 31) % 31]


def wrong_check(number):
    """The same number with another final check character."""
    last = number[-1]
    return number[:-1] + ('0' if last != '0' else '1')
