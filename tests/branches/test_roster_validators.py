"""身份证号 (GB 11643) and phone checks, and masking."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from branches.validators import (
    id_birth_date,
    id_check_char,
    id_gender,
    mask_id_number,
    mask_phone,
    validate_id_number,
    validate_phone,
)
from tests.clock import TODAY
from tests.factories import make_id_number

# A published example of the standard: 11010519491231002X.
KNOWN_VALID = "11010519491231002X"


def test_known_id_number_passes_and_its_check_digit_is_x():
    validate_id_number(KNOWN_VALID)
    assert id_check_char(KNOWN_VALID[:17]) == "X"


def test_lowercase_x_is_accepted():
    validate_id_number(KNOWN_VALID.lower())


def test_wrong_check_digit_is_rejected_with_the_expected_digit():
    wrong = KNOWN_VALID[:17] + "5"
    with pytest.raises(ValidationError) as error:
        validate_id_number(wrong)
    assert "校验位不正确" in error.value.messages[0]
    assert "X" in error.value.messages[0]


@pytest.mark.parametrize(
    "value",
    ["32041119900230123X", "320411199013011234", "320411199000011234"],
    ids=["30 February", "month 13", "month 0"],
)
def test_id_number_with_an_impossible_birth_date_is_rejected(value):
    first17 = value[:17]
    with pytest.raises(ValidationError) as error:
        validate_id_number(first17 + id_check_char(first17))
    assert "不是有效日期" in error.value.messages[0]


def test_id_number_born_in_the_future_is_rejected():
    future = TODAY + datetime.timedelta(days=400)
    with pytest.raises(ValidationError):
        validate_id_number(make_id_number(future))


@pytest.mark.parametrize(
    "value", ["3204111990", "32041119900101123", "3204111990010112345", "ABCDEFGHIJKLMNOPQR"]
)
def test_id_number_of_the_wrong_shape_is_rejected(value):
    with pytest.raises(ValidationError) as error:
        validate_id_number(value)
    assert "18 位" in error.value.messages[0]


def test_masked_id_number_is_rejected():
    with pytest.raises(ValidationError) as error:
        validate_id_number("3204**********1234")
    assert "遮盖" in error.value.messages[0]


def test_birth_date_and_gender_are_read_from_the_id_number():
    value = make_id_number(datetime.date(1975, 3, 9), male=False)
    assert id_birth_date(value) == datetime.date(1975, 3, 9)
    assert id_gender(value) == "F"


@pytest.mark.parametrize(
    "value",
    [
        "13812345678",
        "138 1234 5678",
        "+86 13812345678",
        "0519-86123456",
        "051986123456",
        "023-68123456-801",
    ],
)
def test_chinese_mobile_and_landline_numbers_pass(value):
    validate_phone(value)


@pytest.mark.parametrize(
    "value", ["12812345678", "1381234567", "86123456", "0519-0123456", "phone", "138123456789"]
)
def test_bad_phone_numbers_are_rejected_with_a_chinese_message(value):
    with pytest.raises(ValidationError) as error:
        validate_phone(value)
    assert "手机号" in error.value.messages[0]


def test_masks_keep_only_the_region_and_the_last_four():
    assert mask_id_number("320411199001011234") == "3204**********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0519-86123456") == "0519-****3456"
    assert mask_id_number("") == "" and mask_phone("") == ""
