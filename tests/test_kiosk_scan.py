"""The one place payloads are understood: kiosk.scan.parse."""
import random

import pytest
from hypothesis import given, strategies as st

import models
import validators
from kiosk.scan import Payload, parse

RNG = random.Random(7)
PERSON = validators.generate_resident_id(RNG, region='150402')
ENTERPRISE = validators.generate_credit_code(RNG)


@pytest.mark.parametrize('prefix, kind', [
    ('Y', 'appointment'), ('C', 'card'), ('R', 'receipt'), ('B', 'badge'),
    ('K', 'kiosk'),
])
def test_our_codes_are_read_with_their_case_kept(prefix, kind):
    code = models.new_code(prefix)
    assert parse(code) == Payload(kind, code)
    assert parse('  %s\n' % code) == Payload(kind, code)
    # Codes are case-sensitive secrets: a changed case is another code.
    assert parse(code.swapcase()) != Payload(kind, code)


def test_receipt_url_from_the_qr_code():
    code = models.new_code('R')
    for url in ('https://hall.example/p/%s' % code,
                'http://10.1.2.3:8000/p/%s/' % code,
                'https://hall.example/prefix/p/%s' % code):
        assert parse(url) == Payload('receipt', code)


def test_receipt_code_elsewhere_in_a_url_is_not_ours():
    code = models.new_code('R')
    assert parse('https://hall.example/x/%s' % code) is None
    assert parse('https://hall.example/p/%s/more' % code) is None


def test_appointment_url_in_the_path_or_the_query():
    code = models.new_code('Y')
    assert parse('https://hall.example/book/%s' % code) == Payload(
        'appointment', code)
    assert parse('https://hall.example/book/view?code=%s&x=1' % code) == \
        Payload('appointment', code)


def test_other_urls_are_not_ours():
    assert parse('https://example.com/') is None
    assert parse('https://example.com/p/R123') is None
    card = models.new_code('C')
    assert parse('https://example.com/card/%s' % card) is None


def test_resident_id_and_credit_code_are_normalised():
    person = validators.Document('resident_id', PERSON, '')
    assert parse(PERSON) == Payload('document', person)
    assert parse(PERSON[:6] + ' ' + PERSON[6:]) == Payload('document', person)
    assert parse(ENTERPRISE.lower()) == Payload(
        'document', validators.Document('credit_code', ENTERPRISE, ''))


def test_id_with_a_wrong_check_digit_says_so():
    wrong = PERSON[:17] + ('0' if PERSON[17] != '0' else '1')
    payload = parse(wrong)
    assert payload.kind == 'invalid'
    assert 'check digit' in str(payload.value)


def test_credit_code_with_a_wrong_check_character_says_so():
    last = validators.CREDIT_ALPHABET[
        (validators.CREDIT_ALPHABET.index(ENTERPRISE[17]) + 1) % 31]
    payload = parse(ENTERPRISE[:17] + last)
    assert payload.kind == 'invalid'
    assert 'credit code' in str(payload.value)


@pytest.mark.parametrize('text', [
    '', '   ', None, 'hello', '1234', 'R' + 'a' * 21, 'Q' + 'a' * 22,
    'x' * 600, 'javascript:alert(1)', 'ftp://hall.example/p/R' + 'a' * 22,
])
def test_anything_else_is_not_understood(text):
    assert parse(text) is None


@given(st.text(max_size=80))
def test_parse_never_fails_and_only_returns_known_kinds(text):
    payload = parse(text)
    assert payload is None or payload.kind in {
        'appointment', 'card', 'receipt', 'badge', 'kiosk', 'document',
        'choose', 'invalid'}
