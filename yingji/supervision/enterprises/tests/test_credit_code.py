import pytest
from django.core.exceptions import ValidationError

from yingji.supervision.enterprises.validators import check_character, validate_credit_code, with_check_character

# published codes of real organisations (their check characters are part of the public record)
KNOWN_VALID = ["91350100M000100Y43", "91110000802100433B", "91440300708461136T"]


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_known_codes_pass(code):
    validate_credit_code(code)
    assert check_character(code[:17]) == code[17]


def test_lower_case_and_spaces_are_normalised():
    validate_credit_code(" 91350100m000100y43 ")


@pytest.mark.parametrize("code, fragment", [
    ("91350100M000100Y44", "校验位错误（应为 3）"),
    ("91350100M000100Y4", "应为 18 位"),
    ("91350100M000100Y433", "应为 18 位"),
    ("91350100M0001O0Y43", "不允许的字符：O"),
    ("", "应为 18 位"),
])
def test_bad_codes_refused(code, fragment):
    with pytest.raises(ValidationError) as e:
        validate_credit_code(code)
    assert fragment in e.value.messages[0]


def test_check_character_zero_and_letters():
    # a sum divisible by 31 gives the check character 0
    assert with_check_character("00000000000000000") == "000000000000000000"
    for n in range(200):
        validate_credit_code(with_check_character(f"91331099{n:09d}"))
