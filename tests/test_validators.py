"""Tests for validators.py.

Expected check characters come from the hand computations in the comments
and from the small independent reference implementations below, never from
the code under test.
"""
import random
from datetime import date, timedelta

import pytest
from flask import Flask
from flask_babel import Babel
from hypothesis import given, settings, strategies as st

import models
import validators as v
from validators import ValidationError

# --- independent reference implementations --------------------------------

REF_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
REF_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
REF_CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def ref_id_ok(number):
    total = 0
    for i in range(17):
        total += int(number[i]) * REF_ID_WEIGHTS[i]
    return "10X98765432"[total % 11] == number[17]


def ref_id_complete(first17):
    for check in "0123456789X":
        if ref_id_ok(first17 + check):
            return first17 + check
    raise AssertionError("no check digit")


def ref_credit_ok(code):
    total = 0
    for i in range(17):
        total += REF_CREDIT_ALPHABET.index(code[i]) * REF_CREDIT_WEIGHTS[i]
    return REF_CREDIT_ALPHABET[(31 - total % 31) % 31] == code[17]


# --- hand-verified examples ------------------------------------------------

# GB 11643-1999's own example.  Digits x weights:
# 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 % 11 = 2 -> "X".
STANDARD_ID = "11010519491231002X"
# 7+45+0+20+0+8+2+9+54+0+0+9+0+5+8+8+6 = 181; 181 % 11 = 5 -> "7".
BAOTOU_ID = "150402199001011237"
# Same as BAOTOU_ID but born 1990-02-29 (impossible): 181 - 9 + 18 + 20 - 5 + 45 = 250;
# 250 % 11 = 8 -> "4".  The check digit is right, only the date is wrong.
FEB29_NON_LEAP_ID = "150402199002291234"
# Born 2000-02-29 (2000 is a leap year): 250 + 2 - 9 - 54 = 189; 189 % 11 = 2 -> "X".
FEB29_LEAP_ID = "15040220000229123X"
# Unknown province 99: 7*9+9*9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 295;
# 295 % 11 = 9 -> "3".
BAD_REGION_ID = "990105194912310023"

# 91350100M000100Y43: values 9,1,3,5,0,1,0,0,M=21,0,0,0,1,0,0,Y=30,4 times the
# weights: 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640;
# 1640 % 31 = 28; (31 - 28) % 31 = 3 -> "3".
CREDIT = "91350100M000100Y43"
# Sum of the first 17 characters x weights is 831; 831 % 31 = 25; 31 - 25 = 6 -> "6".
CREDIT_2 = "914403001922038216"


@pytest.fixture
def app_ctx():
    app = Flask(__name__)
    Babel(app)
    with app.app_context():
        yield


def error_text(func, value):
    with pytest.raises(ValidationError) as info:
        func(value)
    return str(info.value)


def test_reference_implementations_agree_with_hand_computations():
    for number in (STANDARD_ID, BAOTOU_ID, FEB29_NON_LEAP_ID, FEB29_LEAP_ID, BAD_REGION_ID):
        assert ref_id_ok(number)
    assert ref_credit_ok(CREDIT) and ref_credit_ok(CREDIT_2)


# --- resident ID -------------------------------------------------------------

@pytest.mark.parametrize("number", [STANDARD_ID, BAOTOU_ID, FEB29_LEAP_ID])
def test_resident_id_valid(number):
    assert v.resident_id(number) == number


def test_resident_id_normalises():
    assert v.resident_id("  11010519491231002x ") == STANDARD_ID
    assert v.resident_id("110105 19491231 002x") == STANDARD_ID


def test_resident_id_wrong_check_digit():
    with pytest.raises(ValidationError):
        v.resident_id("150402199001011238")
    with pytest.raises(ValidationError):
        v.resident_id("110105194912310021")


def test_resident_id_feb29_non_leap_year():
    with pytest.raises(ValidationError):
        v.resident_id(FEB29_NON_LEAP_ID)


def test_resident_id_future_birth_date():
    future = models.today() + timedelta(days=400)
    number = ref_id_complete(f"150402{future:%Y%m%d}123")
    with pytest.raises(ValidationError):
        v.resident_id(number)


def test_resident_id_before_1900():
    number = ref_id_complete("150402189912311231"[:17])
    with pytest.raises(ValidationError):
        v.resident_id(number)


def test_resident_id_bad_region():
    with pytest.raises(ValidationError):
        v.resident_id(BAD_REGION_ID)


@pytest.mark.parametrize("value", ["", "11010519491231002", "11010519491231002X1",
                                   "1101051949123100AX", "X10105194912310021", None])
def test_resident_id_bad_format(value):
    with pytest.raises(ValidationError):
        v.resident_id(value)


def test_resident_id_messages_are_distinct(app_ctx):
    messages = {
        error_text(v.resident_id, "123"),
        error_text(v.resident_id, BAD_REGION_ID),
        error_text(v.resident_id, FEB29_NON_LEAP_ID),
        error_text(v.resident_id, "150402199001011238"),
    }
    assert len(messages) == 4
    assert error_text(v.resident_id, "123") == (
        "The ID number must be 18 characters: 17 digits and a check digit (0-9 or X).")


def test_validation_error_is_value_error():
    with pytest.raises(ValueError):
        v.resident_id("nope")


def test_birth_date_and_gender():
    assert v.birth_date(STANDARD_ID) == date(1949, 12, 31)
    assert v.gender(STANDARD_ID) == "female"  # 17th digit 2 is even
    assert v.birth_date(BAOTOU_ID) == date(1990, 1, 1)
    assert v.gender(BAOTOU_ID) == "male"  # 17th digit 3 is odd


# --- credit code ---------------------------------------------------------------

@pytest.mark.parametrize("code", [CREDIT, CREDIT_2])
def test_credit_code_valid(code):
    assert v.credit_code(code) == code


def test_credit_code_normalises():
    assert v.credit_code(" 91350100m000100y43 ") == CREDIT


def test_credit_code_wrong_check_char():
    with pytest.raises(ValidationError):
        v.credit_code("91350100M000100Y44")


@pytest.mark.parametrize("letter", "IOZSV")
def test_credit_code_forbidden_letters(letter):
    with pytest.raises(ValidationError):
        v.credit_code(f"91350100M000100{letter}43")


@pytest.mark.parametrize("code", ["", "91350100M000100Y4", "91350100M000100Y433",
                                  "B1350100M000100Y43", "913501A0M000100Y43"])
def test_credit_code_bad_format(code):
    with pytest.raises(ValidationError):
        v.credit_code(code)


def test_credit_code_messages_are_distinct(app_ctx):
    assert error_text(v.credit_code, "91350100M000100Y44") != error_text(
        v.credit_code, "91350100M000100I43")


# --- phones --------------------------------------------------------------------

@pytest.mark.parametrize("value", ["13812345678", "138 1234 5678", "138-1234-5678",
                                   "+8613812345678", "+86 138 1234 5678", "8613812345678"])
def test_mobile_valid(value):
    assert v.mobile(value) == "13812345678"


@pytest.mark.parametrize("value", ["138123456789", "12812345678", "1381234567",
                                   "23812345678", "1381234567a", "", None])
def test_mobile_invalid(value):
    with pytest.raises(ValidationError):
        v.mobile(value)


@pytest.mark.parametrize("value, expected", [
    ("010-12345678", "010-12345678"),
    ("01012345678", "010-12345678"),
    ("021 87654321", "021-87654321"),
    ("0471 1234567", "0471-1234567"),
    ("(0471)1234567", "0471-1234567"),
    ("(0471) 1234567", "0471-1234567"),
    ("047112345678", "0471-12345678"),
    ("0471-1234567-123", "0471-1234567-123"),
    ("010-12345678 转 8001", "010-12345678-8001"),
])
def test_landline_valid(value, expected):
    assert v.landline(value) == expected


@pytest.mark.parametrize("value", ["12345678", "0471-123456", "0471-123456789",
                                   "0101-2345678", "13812345678", ""])
def test_landline_invalid(value):
    with pytest.raises(ValidationError):
        v.landline(value)


def test_phone():
    assert v.phone("+86 138 1234 5678") == "13812345678"
    assert v.phone("(0471)1234567") == "0471-1234567"
    for bad in ("12812345678", "12345", "abc"):
        with pytest.raises(ValidationError):
            v.phone(bad)


def test_phone_message(app_ctx):
    assert error_text(v.phone, "12345") == "Enter a valid mobile or landline phone number."


# --- masking -------------------------------------------------------------------

def test_mask_name():
    assert v.mask_name("张三") == "张*"
    assert v.mask_name("欧阳娜娜") == "欧***"
    assert v.mask_name("张") == "*"


def test_mask_id():
    # Masking does not validate (the example's check digit should be 7).
    assert v.mask_id("15040219900101123X") == "1504**********123X"
    assert v.mask_id(CREDIT) == "9135**********0Y43"


def test_mask_phone():
    assert v.mask_phone("13812345678") == "138****5678"
    assert v.mask_phone("+86 138-1234-5678") == "138****5678"
    assert v.mask_phone("0471-1234567") == "0471-*****67"
    assert v.mask_phone("010 12345678") == "010-******78"


# --- generators ----------------------------------------------------------------

def test_generated_numbers_valid_over_200_seeds():
    for seed in range(200):
        number = v.generate_resident_id(random.Random(seed))
        assert ref_id_ok(number) and v.resident_id(number) == number
        code = v.generate_credit_code(random.Random(seed))
        assert ref_credit_ok(code) and v.credit_code(code) == code


def test_generators_are_deterministic():
    assert v.generate_resident_id(random.Random(7)) == v.generate_resident_id(random.Random(7))
    assert v.generate_credit_code(random.Random(7)) == v.generate_credit_code(random.Random(7))


@settings(max_examples=200, database=None)
@given(seed=st.integers(0, 2**32),
       region=st.sampled_from(["110105", "150402", "440304", "650102", "710102"]),
       birth=st.dates(min_value=date(1900, 1, 1), max_value=models.today()),
       male=st.booleans())
def test_generate_resident_id_roundtrip(seed, region, birth, male):
    number = v.generate_resident_id(random.Random(seed), region=region, birth=birth, male=male)
    assert ref_id_ok(number)
    assert number.startswith(region)
    assert v.birth_date(number) == birth
    assert v.gender(number) == ("male" if male else "female")


@settings(max_examples=200, database=None)
@given(seed=st.integers(0, 2**32), authority=st.sampled_from("123456789ANY"),
       category=st.sampled_from(REF_CREDIT_ALPHABET))
def test_generate_credit_code_valid(seed, authority, category):
    code = v.generate_credit_code(random.Random(seed), authority=authority, category=category)
    assert ref_credit_ok(code) and v.credit_code(code) == code
