"""Every identity document a hall serves: each type by its own rule, the
applicant's file by type and number, and the migration of existing files.

Valid numbers come from tests/documents.py, built by the published rules;
none is copied from a real person or from the code under test.
"""
import random
from datetime import date, timedelta

import pytest
from flask import Flask
from flask_babel import Babel
from hypothesis import example, given, settings, strategies as st

import documents as ref
import models
import validators as v
from validators import Document, ValidationError

TODAY = models.today()


@pytest.fixture
def app_ctx():
    """English messages, as the msgids say them."""
    app = Flask(__name__)
    Babel(app)
    with app.app_context():
        yield


# --- each type by its own rule ------------------------------------------------

VALID = [
    ('resident_id', ref.resident_id(), ref.resident_id()),
    ('residence_permit', ref.residence_permit('810000'), ref.residence_permit('810000')),
    ('residence_permit', ref.residence_permit('820000'), ref.residence_permit('820000')),
    ('residence_permit', ref.residence_permit('830000'), ref.residence_permit('830000')),
    ('foreign_permanent', ref.foreign_permanent(), ref.foreign_permanent()),
    ('foreign_permanent', ref.foreign_permanent_old(), ref.foreign_permanent_old()),
    ('passport', 'e1234567', 'E1234567'),
    ('passport', 'C01X00T47', 'C01X00T47'),
    ('hk_macau_permit', ref.hk_macau_permit('H'), 'H12345678'),
    ('hk_macau_permit', ref.hk_macau_permit('M', renewals=3), 'M12345678'),
    ('hk_macau_permit', 'h 12345678 00', 'H12345678'),
    ('taiwan_permit', ref.taiwan_permit(), '87654321'),
    ('taiwan_permit', ref.taiwan_permit(issues=2, office='B'), '87654321'),
    ('taiwan_permit', ref.taiwan_permit(issues=1), '87654321'),
    ('credit_code', ref.credit_code(), ref.credit_code()),
]


@pytest.mark.parametrize('id_type, number, stored', VALID)
def test_each_type_takes_its_valid_numbers(id_type, number, stored):
    nationality = 'USA' if id_type == 'passport' else ''
    assert v.document(id_type, number, nationality).number == stored


INVALID = [
    # The Taiwan permit's address code is not a province: it is a permit.
    ('resident_id', ref.residence_permit('830000'), 'residence permit'),
    ('resident_id', ref.residence_permit('810000'), 'residence permit'),
    ('resident_id', ref.foreign_permanent(), 'foreign permanent'),
    ('residence_permit', ref.resident_id(), 'must start with 810000'),
    ('residence_permit', ref.wrong_check(ref.residence_permit()), 'check digit'),
    ('residence_permit', ref.residence_permit(born=TODAY + timedelta(days=1)),
     'date of birth'),
    ('residence_permit', ref.residence_permit()[:17], '18 characters'),
    ('foreign_permanent', ref.wrong_check(ref.foreign_permanent()), 'check digit'),
    ('foreign_permanent', ref.foreign_permanent(province='81'), 'province'),
    ('foreign_permanent', ref.gb11643('931999', date(1980, 1, 1), 1), 'nationality'),
    ('foreign_permanent', ref.foreign_permanent(born=date(1899, 12, 31)),
     'date of birth'),
    ('foreign_permanent', ref.resident_id(), 'starting with 9'),
    ('foreign_permanent', ref.foreign_permanent_old(nationality='XYZ'), 'nationality'),
    ('foreign_permanent', ref.foreign_permanent_old(office='9901'), 'province'),
    ('foreign_permanent', 'DEU3101751320' + '12', 'date of birth'),
    ('passport', 'E123', '5 to 17'),
    ('passport', 'E' * 18, '5 to 17'),
    ('passport', 'ABCDEFG', '5 to 17'),  # no digit
    ('passport', 'E12<4567', '5 to 17'),
    ('hk_macau_permit', 'X12345678', 'H or M'),
    ('hk_macau_permit', 'H1234567', 'H or M'),
    ('hk_macau_permit', 'H123456789', 'H or M'),
    ('taiwan_permit', '1234567', '8 digits'),
    ('taiwan_permit', '123456789', '8 digits'),
    ('taiwan_permit', '1234567801(BB)', '8 digits'),
    ('credit_code', ref.wrong_check(ref.credit_code()), 'last character'),
]


@pytest.mark.parametrize('id_type, number, says', INVALID)
def test_each_type_refuses_with_its_own_message(app_ctx, id_type, number, says):
    with pytest.raises(ValidationError) as info:
        v.document(id_type, number, 'USA')
    assert says in str(info.value)


def test_credit_code_organisation_code_check(app_ctx):
    code = ref.credit_code()
    # Another 17th character (the organisation code's check) with the MOD 31
    # check recomputed: only the GB 11714 check can catch it.
    first17 = code[:16] + ('1' if code[16] != '1' else '2')
    total = sum(ref.CREDIT_ALPHABET.index(c) * pow(3, i, 31)
                for i, c in enumerate(first17))
    wrong = first17 + ref.CREDIT_ALPHABET[(31 - total % 31) % 31]
    with pytest.raises(ValidationError) as info:
        v.credit_code(wrong)
    assert 'organisation code' in str(info.value)


def test_an_unknown_type_is_refused_never_guessed(app_ctx):
    for id_type in ('', None, 'id', 'RESIDENT_ID', 'person', '<script>'):
        with pytest.raises(ValidationError) as info:
            v.document(id_type, ref.resident_id())
        assert 'type of identity document' in str(info.value)


def test_a_passport_needs_its_nationality(app_ctx):
    assert v.document('passport', 'E1234567', 'deu') == Document('passport', 'E1234567', 'DEU')
    for bad in ('', 'D', 'XXA', 'ZZZ', 'Germany'):
        with pytest.raises(ValidationError) as info:
            v.document('passport', 'E1234567', bad)
        assert 'nationality' in str(info.value)


def test_nationality_comes_from_a_permanent_resident_number():
    assert v.document('foreign_permanent', ref.foreign_permanent(nationality='KAZ')).nationality == 'KAZ'
    assert v.document('foreign_permanent', ref.foreign_permanent_old('GBR')).nationality == 'GBR'
    # Hong Kong, Macau and Taiwan residents are Chinese nationals.
    for id_type, number in (('residence_permit', ref.residence_permit()),
                            ('hk_macau_permit', ref.hk_macau_permit()),
                            ('taiwan_permit', ref.taiwan_permit())):
        assert v.document(id_type, number, 'USA').nationality == ''


# --- classification without a type -------------------------------------------

@pytest.mark.parametrize('number, id_type', [
    (ref.resident_id(), 'resident_id'),
    (ref.residence_permit('830000'), 'residence_permit'),
    (ref.residence_permit('810000'), 'residence_permit'),
    (ref.foreign_permanent(), 'foreign_permanent'),
    (ref.credit_code(), 'credit_code'),
])
def test_a_number_only_one_rule_takes_is_classified(number, id_type):
    assert v.classify(number).type == id_type


@pytest.mark.parametrize('number, types', [
    # Eight digits: a Taiwan travel permit, or some state's passport.
    (ref.taiwan_permit(), ['passport', 'taiwan_permit']),
    (ref.hk_macau_permit(), ['hk_macau_permit', 'passport']),
    (ref.foreign_permanent_old(), ['foreign_permanent', 'passport']),
    # A passport number alone is never guessed.
    ('E1234567', ['passport']),
])
def test_a_number_several_rules_take_is_not_classified(number, types):
    assert v.classify(number) is None
    assert sorted(v.matching_types(number)) == types


def test_a_resident_id_that_is_also_a_credit_code_is_asked():
    # Search the reference numbers for one that both rules take: about one
    # resident ID in 340 is also a well-formed credit code.
    for sequence in range(1000):
        number = ref.resident_id(sequence=sequence)
        if _credit_ok(number):
            break
    else:
        raise AssertionError('no resident ID in range is also a credit code')
    assert v.classify(number) is None
    assert sorted(v.matching_types(number)) == ['credit_code', 'resident_id']


def _credit_ok(code):
    if any(c not in ref.CREDIT_ALPHABET for c in code) or code[0] not in '123456789ANY':
        return False
    return ref.credit_code(code[0], code[1], code[2:8], code[8:16]) == code


def test_nothing_is_classified_from_rubbish():
    for text in ('', 'hello', '1234', '<script>alert(1)</script>', '\x00' * 9,
                 'x' * 100000, "\"'><img onerror=x>"):
        assert v.classify(text) is None


# --- birth dates, sex, masking ------------------------------------------------

def test_birth_date_for_every_type_that_carries_one():
    born = date(1962, 2, 28)
    assert v.birth_date(ref.resident_id(born=born)) == born
    assert v.birth_date(ref.residence_permit(born=born)) == born
    assert v.birth_date(ref.residence_permit(born=born), 'residence_permit') == born
    assert v.birth_date(ref.foreign_permanent(born=born)) == born
    assert v.birth_date(ref.foreign_permanent_old(born=born), 'foreign_permanent') == born
    # YYMMDD: the 2000s unless that is in the future.
    assert v.birth_date(ref.foreign_permanent_old(born=date(2005, 1, 2))) == date(2005, 1, 2)
    with pytest.raises(ValidationError):
        v.birth_date('E1234567', 'passport')
    with pytest.raises(ValidationError):
        v.birth_date(ref.taiwan_permit())


def test_sex_from_the_gb11643_sequence():
    assert v.gender(ref.residence_permit(sequence=31)) == 'male'
    assert v.gender(ref.foreign_permanent(sequence=8)) == 'female'


@pytest.mark.parametrize('id_type, number, masked', [
    ('resident_id', '150402199001011237', '1504**********1237'),
    ('residence_permit', '830000198506150315', '8300**********0315'),
    ('foreign_permanent', '931840198003090074', '9318**********0074'),
    ('foreign_permanent', 'DEU310175082012', 'DEU**********12'),
    ('passport', 'E1234567', '******67'),
    ('hk_macau_permit', 'H12345678', 'H******78'),
    ('taiwan_permit', '87654321', '******21'),
    ('credit_code', '91350100M000100Y43', '9135**********0Y43'),
])
def test_masking_follows_the_type(id_type, number, masked):
    assert v.mask_id(number, id_type) == masked
    # The date of birth never shows.
    assert '1990' not in masked and '750820' not in masked


# --- round trips ----------------------------------------------------------------

def assert_classified(number, document):
    """Classified as the document, or, when the digits also happen to form a
    valid credit code (about one number in 340), asked."""
    if _credit_ok(number):
        assert v.classify(number) is None
        assert sorted(v.matching_types(number)) == sorted(['credit_code', document.type])
    else:
        assert v.classify(number) == document
    assert v.document(document.type, number) == document


BIRTHS = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)


@settings(max_examples=150, database=None, deadline=None)
@given(region=st.sampled_from(['810000', '820000', '830000']), born=BIRTHS,
       sequence=st.integers(0, 999))
def test_residence_permit_roundtrip(region, born, sequence):
    number = ref.residence_permit(region, born, sequence)
    assert_classified(number, Document('residence_permit', number, ''))
    assert v.birth_date(number) == born
    assert v.gender(number) == ('male' if sequence % 2 else 'female')
    with pytest.raises(ValidationError):
        v.resident_id(number)


@settings(max_examples=150, database=None, deadline=None)
@given(province=st.sampled_from(['11', '15', '31', '44', '65']),
       nationality=st.sampled_from(sorted(ref.NUMERIC)), born=BIRTHS,
       sequence=st.integers(0, 999))
# Digits that are a valid credit code as well: asked, not guessed.
@example(province='65', nationality='DEU', born=date(1966, 10, 24), sequence=368)
def test_foreign_permanent_roundtrip(province, nationality, born, sequence):
    number = ref.foreign_permanent(province, nationality, born, sequence)
    if (province, nationality, born, sequence) == ('65', 'DEU', date(1966, 10, 24), 368):
        assert _credit_ok(number) and v.classify(number) is None
    assert_classified(number, Document('foreign_permanent', number, nationality))
    assert v.birth_date(number) == born
    with pytest.raises(ValidationError):
        v.document('foreign_permanent', ref.wrong_check(number))


@settings(max_examples=150, database=None, deadline=None)
@given(nationality=st.sampled_from(sorted(ref.NUMERIC)),
       office=st.sampled_from(['1100', '3101', '4403', '1501']),
       born=st.dates(min_value=TODAY.replace(year=TODAY.year - 99) + timedelta(days=1),
                     max_value=TODAY),
       tail=st.integers(0, 99))
def test_foreign_permanent_old_roundtrip(nationality, office, born, tail):
    number = ref.foreign_permanent_old(nationality, office, born, '%02d' % tail)
    found = v.document('foreign_permanent', number)
    assert found == Document('foreign_permanent', number, nationality)
    assert v.birth_date(number, 'foreign_permanent') == born


@settings(max_examples=150, database=None, deadline=None)
@given(letter=st.sampled_from('HM'), lifelong=st.from_regex(r'\A[0-9]{8}\Z'),
       renewals=st.one_of(st.none(), st.integers(0, 99)))
def test_hk_macau_permit_roundtrip(letter, lifelong, renewals):
    number = ref.hk_macau_permit(letter, lifelong, renewals)
    assert v.document('hk_macau_permit', number).number == letter + lifelong
    assert v.document('hk_macau_permit', number.lower()).number == letter + lifelong


@settings(max_examples=150, database=None, deadline=None)
@given(lifelong=st.from_regex(r'\A[0-9]{8}\Z'),
       issues=st.one_of(st.none(), st.integers(0, 99)),
       office=st.one_of(st.none(), st.sampled_from('AB1CZ')))
def test_taiwan_permit_roundtrip(lifelong, issues, office):
    number = ref.taiwan_permit(lifelong, issues, office if issues is not None else None)
    assert v.document('taiwan_permit', number).number == lifelong


@settings(max_examples=150, database=None, deadline=None)
@given(number=st.from_regex(r'\A[A-Z0-9]{4,16}[0-9]\Z'),
       nationality=st.sampled_from(sorted(ref.NUMERIC)))
def test_passport_roundtrip(number, nationality):
    found = v.document('passport', number.lower(), nationality.lower())
    assert found == Document('passport', number, nationality)
    assert v.classify(number) is None  # never guessed


@settings(max_examples=200, database=None, deadline=None)
@given(text=st.text(max_size=40), id_type=st.sampled_from(
    [t for t, _label in v.DOCUMENT_TYPES] + ['', 'unknown']))
def test_rules_only_accept_or_refuse(text, id_type):
    try:
        found = v.document(id_type, text, 'USA')
    except ValidationError:
        return
    assert found.type == id_type and len(found.number) <= 18


# --- the applicant's file ------------------------------------------------------

@pytest.fixture
def files(app):
    with app.test_request_context():
        yield


def test_one_file_per_document(files):
    number = ref.taiwan_permit()
    permit = models.Applicant.find_or_create('taiwan_permit', number, '测试台')
    again = models.Applicant.find_or_create('taiwan_permit', number + '03(B)', '测试台',
                                            '13900001234')
    assert again.id == permit.id and again.phone == '13900001234'
    # The same digits as a passport are another document, another file.
    passport = models.Applicant.find_or_create('passport', number, 'Test Person',
                                               nationality='USA')
    other_state = models.Applicant.find_or_create('passport', number, 'Test Other',
                                                  nationality='DEU')
    assert len({permit.id, passport.id, other_state.id}) == 3
    assert (passport.kind, passport.id_type, passport.nationality) == (
        'person', 'passport', 'USA')
    assert passport.masked_id == '******21'
    credit = models.Applicant.find_or_create('credit_code', ref.credit_code(), '测试公司')
    assert credit.kind == 'enterprise'


def test_the_applicant_kinds_are_still_understood(files):
    person = models.Applicant.find_or_create('person', ref.residence_permit(), '测试港')
    assert person.id_type == 'residence_permit'
    assert person.birth_date == date(1985, 6, 15)
    firm = models.Applicant.find_or_create('enterprise', ref.credit_code(body8='87654321'),
                                           '测试企业')
    assert firm.id_type == 'credit_code'
    with pytest.raises(models.DomainError):  # a Taiwan permit or a passport?
        models.Applicant.find_or_create('person', ref.taiwan_permit(), '测试')
    with pytest.raises(ValidationError):
        models.Applicant.find_or_create('person', '12345', '测试')


def test_hostile_values_change_nothing(files):
    before = models.Applicant.select().count()
    for name, extra in (('x' * 100000, {}), ('测试', {'contact_name': 'y' * 61}),
                        ('测试', {'address': 'z' * 201})):
        with pytest.raises(models.DomainError):
            models.Applicant.find_or_create('passport', 'E7654321', name,
                                            nationality='USA', **extra)
    with pytest.raises(models.DomainError):
        models.Applicant.find_or_create('passport', 'E7654321\x00', 'x', nationality='USA')
    assert models.Applicant.select().count() == before


def test_migration_sorts_existing_files_into_types(tmp_path):
    """Rows written before 0005 keep their file: resident IDs, credit codes,
    and the Hong Kong and Macau numbers that passed as resident IDs."""
    from playhouse.migrations import Runner
    from app import connect_database
    from cli import MIGRATIONS
    database = connect_database('sqlite:///%s' % (tmp_path / 'old.db'))
    Runner(database, MIGRATIONS).up(target='0001_initial')
    rows = [('person', ref.resident_id()), ('person', ref.residence_permit('810000')),
            ('person', ref.residence_permit('820000')), ('enterprise', ref.credit_code())]
    for kind, number in rows:
        database.execute_sql(
            "INSERT INTO applicant (kind, id_number, name, phone, address, "
            "contact_name, created_at) VALUES (?, ?, 'x', '', '', '', '2026-01-01')",
            (kind, number))
    Runner(database, MIGRATIONS).up()
    found = database.execute_sql(
        'SELECT id_number, id_type, nationality FROM applicant ORDER BY id').fetchall()
    assert found == [(rows[0][1], 'resident_id', ''), (rows[1][1], 'residence_permit', ''),
                     (rows[2][1], 'residence_permit', ''), (rows[3][1], 'credit_code', '')]
