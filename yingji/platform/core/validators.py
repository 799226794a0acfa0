"""Validators of the identifiers and values every module records: 统一社会信用代码, 身份证号, telephone numbers and
coordinates in China. One implementation each, used on the model fields, so the edit page, the API and the ledger
import all refuse the same values with the same Chinese message.

The check digits come from python-stdnum (stdnum.cn.uscc, stdnum.cn.ric); the rules around them (what a bureau
accepts, the wording of the errors) are ours. See docs/development/conventions.md (Validators).
"""

import datetime
import operator
import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc

# --- 统一社会信用代码 (GB 32100-2015) --------------------------------------------------------------------------------
# 18 characters: the 31-character alphabet (digits and capitals without I O Z S V), the last one a check character
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def normalize_credit_code(value):
    """Trimmed and upper-cased, as stored."""
    return (value or "").strip().upper()


# the weights of GB 32100-2015 (3^i mod 31) and each character's value, as python-stdnum's uscc has them
_CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_CODE_VALUES = {c: i for i, c in enumerate(CREDIT_CODE_ALPHABET)}


def credit_code_check_character(first17):
    """The check character of the first 17 characters of a credit code: stdnum.cn.uscc.calc_check_digit's, computed
    here for 17 characters of the alphabet (a ledger import checks one code per row, and stdnum's cleaning of the
    text first was four fifths of the check; test_validators compares the two), by stdnum for anything else."""
    values = _CREDIT_CODE_VALUES
    if len(first17) == 17 and all(c in values for c in first17):
        return CREDIT_CODE_ALPHABET[(31 - sum(map(operator.mul, map(values.__getitem__, first17),
                                                  _CREDIT_CODE_WEIGHTS))) % 31]
    return uscc.calc_check_digit(first17)


def with_check_character(first17):
    """A complete credit code from its first 17 characters (demo data, tests)."""
    first17 = normalize_credit_code(first17)
    return first17 + credit_code_check_character(first17)


def validate_credit_code(value):
    code = normalize_credit_code(value)
    if len(code) != 18:
        raise ValidationError(_("统一社会信用代码应为 18 位，当前为 %(n)s 位"), params={"n": len(code)},
                              code="credit_code_length")
    bad = sorted({c for c in code if c not in CREDIT_CODE_ALPHABET})
    if bad:
        raise ValidationError(_("统一社会信用代码含有不允许的字符：%(chars)s（不使用 I、O、Z、S、V）"),
                              params={"chars": "、".join(bad)}, code="credit_code_chars")
    if not code[2:8].isdigit():
        raise ValidationError(_("统一社会信用代码第 3 至 8 位应为登记管理机关的行政区划码（数字）"),
                              code="credit_code_region")
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(_("统一社会信用代码校验位错误（应为 %(expected)s），请核对"),
                              params={"expected": expected}, code="credit_code_check")


# --- 公民身份号码 (GB 11643-1999) -------------------------------------------------------------------------------------
# 6-digit address code, 8-digit birth date, 3-digit sequence, ISO 7064 MOD 11-2 check character (0-9 or X).
# The address code is not looked up: it is where the number was first issued, and counties renamed or merged since
# keep their old codes in the numbers of the people born there.
PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44",
    "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83"})
OLDEST_BIRTH_YEAR = 1880


def normalize_id_number(value):
    """Trimmed, the check character X upper-cased, as stored."""
    return (value or "").strip().upper()


def id_number_check_character(first17):
    """The check character of the first 17 digits of an ID number."""
    return ric.calc_check_digit(first17 + "0")


def with_id_check_character(first17):
    """A complete ID number from its first 17 digits (demo data, tests)."""
    return first17 + id_number_check_character(first17)


def validate_id_number(value):
    number = normalize_id_number(value)
    if len(number) != 18:
        raise ValidationError(_("身份证号应为 18 位，当前为 %(n)s 位"), params={"n": len(number)},
                              code="id_number_length")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("身份证号前 17 位应为数字，最后一位为数字或 X"), code="id_number_format")
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(_("身份证号前 2 位 %(code)s 不是省级行政区划代码"), params={"code": number[:2]},
                              code="id_number_region")
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        born = None
    if born is None or born.year < OLDEST_BIRTH_YEAR or born > datetime.date.today():
        raise ValidationError(_("身份证号中的出生日期 %(date)s 无效"), params={"date": number[6:14]},
                              code="id_number_birth_date")
    expected = id_number_check_character(number[:17])
    if number[17] != expected:
        raise ValidationError(_("身份证号校验位错误（应为 %(expected)s），请核对"), params={"expected": expected},
                              code="id_number_check")


# --- telephone numbers ------------------------------------------------------------------------------------------
# mobile: 1[3-9] and 9 more digits, optionally after +86;
# landline: area code 0xx or 0xxx (with a hyphen, or in brackets), 7 or 8 digits not starting with 0 or 1, and an
#           optional extension (-123, 转123);
# service numbers: 400/800 (10 digits), 95xxx (5 to 8 digits), the 12xxx government hotlines (12345, 12350 …).
_SEPARATORS = re.compile(r"[\s\u3000]")
PHONE_PATTERN = re.compile(
    r"^(?:"
    r"(?:\+86-?|0086-?)?1[3-9]\d{9}"
    r"|(?:0\d{2,3}-?|\(0\d{2,3}\)|（0\d{2,3}）)[2-9]\d{6,7}(?:(?:-|转|ext\.?|EXT\.?|#)\d{1,6})?"
    r"|[48]00-?\d{3}-?\d{4}"
    r"|95\d{3,6}"
    r"|12\d{3}"
    r")$")


def normalize_phone(value):
    """Trimmed, spaces inside removed."""
    return _SEPARATORS.sub("", value or "")


def validate_phone(value):
    """A mobile number, a landline with its area code, or a service number (400, 95xxx, 12345 …)."""
    if value in (None, ""):
        return
    if not PHONE_PATTERN.match(normalize_phone(value)):
        raise ValidationError(
            _("电话号码“%(value)s”格式不正确：手机号为 11 位（如 13812345678），固定电话须带区号（如 0576-88888888，"
              "分机可写 0576-88888888-123），服务号码如 400-123-4567、95598、12345"),
            params={"value": value}, code="phone")


def validate_mobile(value):
    """A mobile number only (an account or a 灾害信息员 who must be reachable by text message)."""
    if value in (None, ""):
        return
    if not re.fullmatch(r"(?:\+86-?|0086-?)?1[3-9]\d{9}", normalize_phone(value)):
        raise ValidationError(_("手机号码“%(value)s”格式不正确，应为 11 位手机号，如 13812345678"),
                              params={"value": value}, code="mobile")


# --- coordinates -------------------------------------------------------------------------------------------------
# China's extent, rounded outwards: longitude 73°E (Pamir) to 136°E (Heixiazi island), latitude 3°N (Zengmu
# shoal) to 54°N (Mohe). A value outside is a typo or swapped longitude/latitude.
LONGITUDE_RANGE = (73, 136)
LATITUDE_RANGE = (3, 54)
LONGITUDE_MESSAGE = _("经度应在 73 至 136 之间（我国范围，东经，单位：度）")
LATITUDE_MESSAGE = _("纬度应在 3 至 54 之间（我国范围，北纬，单位：度）")



@deconstructible
class InRange:
    """low <= value <= high, else `message`. One validator rather than Django's Min/MaxValueValidator pair, which
    DRF turns into its own generic min_value/max_value messages: the API then says what the page says."""

    def __init__(self, low, high, message):
        self.low, self.high, self.message = low, high, message

    def __call__(self, value):
        if value is not None and not self.low <= value <= self.high:
            raise ValidationError(self.message, code="out_of_range", params={"value": value})

    def __eq__(self, other):
        return isinstance(other, InRange) and (self.low, self.high, str(self.message)) == (
            other.low, other.high, str(other.message))


longitude_validators = [InRange(*LONGITUDE_RANGE, LONGITUDE_MESSAGE)]
latitude_validators = [InRange(*LATITUDE_RANGE, LATITUDE_MESSAGE)]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control_characters(value):
    """Text without the control characters a person cannot type (tab, line feed and carriage return are kept): a
    vertical tab or an escape pasted into a description would otherwise break every export that shows it."""
    return _CONTROL.sub("", value) if _CONTROL.search(value) else value


# --- Long free text (issue 16, item 10) -----------------------------------------------------------------------------
# A model TextField without a max_length of its own takes at most this many characters in every model form
# (ScopedModelForm, so also the ledger imports) and every model serializer (ScopedSerializerMixin); a field that
# needs more declares its own max_length. 10,000 characters is some fifteen pages of Chinese text.
TEXT_MAX_LENGTH = 10_000
TEXT_TOO_LONG = _("内容过长：最多 %(limit_value)s 个字（现有 %(show_value)s 个字）")
