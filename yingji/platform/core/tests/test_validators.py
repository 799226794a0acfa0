"""统一社会信用代码, 身份证号, telephone numbers and coordinates: what is accepted and the Chinese error otherwise."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from yingji.platform.core.validators import (
    credit_code_check_character,
    id_number_check_character,
    latitude_validators,
    longitude_validators,
    validate_credit_code,
    validate_id_number,
    validate_mobile,
    validate_phone,
    with_check_character,
    with_id_check_character,
)

# published codes of real organisations (their check characters are part of the public record)
KNOWN_VALID = ["91350100M000100Y43", "91110000802100433B", "91440300708461136T"]


def message(validator, value):
    with pytest.raises(ValidationError) as e:
        validator(value)
    return e.value.messages[0]


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_known_codes_pass(code):
    validate_credit_code(code)
    assert credit_code_check_character(code[:17]) == code[17]


def test_lower_case_and_spaces_are_normalised():
    validate_credit_code(" 91350100m000100y43 ")


@pytest.mark.parametrize("code, fragment", [
    ("91350100M000100Y44", "校验位错误（应为 3）"),
    ("91350100M000100Y4", "应为 18 位"),
    ("91350100M000100Y433", "应为 18 位"),
    ("91350100M0001O0Y43", "不允许的字符：O"),
    ("9135A100M000100Y43", "行政区划码"),
    ("", "应为 18 位"),
])
def test_bad_codes_refused(code, fragment):
    assert fragment in message(validate_credit_code, code)


def test_check_character_is_python_stdnums():
    import random

    from stdnum.cn import uscc

    from yingji.platform.core.validators import CREDIT_CODE_ALPHABET

    rnd = random.Random(14)
    for _i in range(5000):
        first17 = "".join(rnd.choice(CREDIT_CODE_ALPHABET) for _j in range(17))
        assert credit_code_check_character(first17) == uscc.calc_check_digit(first17), first17
    for other in ("9135 0100-m000100y4", "91350100M000100Y"):  # not 17 characters of the alphabet: stdnum's own
        assert credit_code_check_character(other) == uscc.calc_check_digit(other)


def test_check_character_zero_and_letters():
    # a sum divisible by 31 gives the check character 0
    assert with_check_character("00000000000000000") == "000000000000000000"
    for n in range(200):
        validate_credit_code(with_check_character(f"91331099{n:09d}"))


# --- 身份证号 -------------------------------------------------------------------------------------------------------
# the GB 11643 standard's own example and numbers whose check character is X
@pytest.mark.parametrize("number", ["11010519491231002X", "331099195601011234", "11010519491231002x",
                                    " 440524188001010014 "])
def test_valid_id_numbers_pass(number):
    validate_id_number(number)


@pytest.mark.parametrize("number, fragment", [
    ("331099195601011235", "校验位错误（应为 4）"),
    ("33109919560101123", "应为 18 位，当前为 17 位"),
    ("3310991956010112345", "应为 18 位"),
    ("33109919560101123A", "最后一位为数字或 X"),
    ("3310991956O101123X", "前 17 位应为数字"),
    (with_id_check_character("99109919560101123"), "不是省级行政区划代码"),
    (with_id_check_character("33109919560231123"), "出生日期 19560231 无效"),
    (with_id_check_character("33109918000101123"), "出生日期 18000101 无效"),
    (with_id_check_character(f"331099{datetime.date.today().year + 1}0101123"), "出生日期"),
])
def test_bad_id_numbers_refused(number, fragment):
    assert fragment in message(validate_id_number, number)


def test_the_check_character_is_iso_7064_mod_11_2():
    assert id_number_check_character("11010519491231002") == "X"
    assert with_id_check_character("33109919560101123") == "331099195601011234"


# --- telephone numbers ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("number", [
    "13812345678", "19912345678", "+8613812345678", "138 1234 5678",
    "0576-88888888", "057688888888", "010-62345678", "0576-8800110", "(0576)88888888", "（0576）88888888",
    "0576-88888888-123", "0576-88888888转123",
    "400-123-4567", "4001234567", "800-123-4567", "95598", "95588", "12345", "12350", "",
])
def test_phone_numbers_accepted(number):
    validate_phone(number)


@pytest.mark.parametrize("number", [
    "abc", "1381234567", "138123456789", "12812345678", "88888888", "0576-0888888", "0576-888888",
    "400-123-456", "110", "电话13812345678", "13812345678/13912345678",
])
def test_bad_phone_numbers_refused_in_chinese(number):
    text = message(validate_phone, number)
    assert f"电话号码“{number}”格式不正确" in text and "0576-88888888" in text


def test_a_mobile_field_takes_a_mobile_number_only():
    validate_mobile("13812345678")
    validate_mobile("")
    for number in ("0576-88888888", "95598", "abc"):
        assert "应为 11 位手机号" in message(validate_mobile, number)


# --- coordinates ------------------------------------------------------------------------------------------------
def _run(validators, value):
    for v in validators:
        v(Decimal(value))


@pytest.mark.parametrize("value", ["73", "121.123456", "136"])
def test_longitudes_in_china_pass(value):
    _run(longitude_validators, value)


@pytest.mark.parametrize("value", ["72.9", "136.1", "28.6", "-121", "0"])
def test_longitudes_outside_china_refused(value):
    with pytest.raises(ValidationError) as e:
        _run(longitude_validators, value)
    assert "经度应在 73 至 136 之间" in e.value.messages[0]


@pytest.mark.parametrize("value, ok", [("3", True), ("28.654321", True), ("54", True), ("2.9", False),
                                       ("54.1", False), ("121.1", False), ("-28", False)])
def test_latitudes_within_china(value, ok):
    if ok:
        _run(latitude_validators, value)
    else:
        with pytest.raises(ValidationError) as e:
            _run(latitude_validators, value)
        assert "纬度应在 3 至 54 之间" in e.value.messages[0]
