"""统一社会信用代码 (GB 32100-2015): 18 characters, the last one a check character over the first 17; and CAS 号."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# the code's 31-character alphabet: digits and capitals without I O Z S V
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# weight of position i is 3**i mod 31
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17):
    """The check character of the first 17 characters of a credit code."""
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalize_credit_code(value):
    return (value or "").strip().upper()


def validate_credit_code(value):
    code = normalize_credit_code(value)
    if len(code) != 18:
        raise ValidationError(_("统一社会信用代码应为 18 位，当前为 %(n)s 位"), params={"n": len(code)},
                              code="credit_code_length")
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        raise ValidationError(_("统一社会信用代码含有不允许的字符：%(chars)s（不使用 I、O、Z、S、V）"),
                              params={"chars": "、".join(bad)}, code="credit_code_chars")
    expected = check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(_("统一社会信用代码校验位错误（应为 %(expected)s），请核对"),
                              params={"expected": expected}, code="credit_code_check")


def with_check_character(first17):
    """A complete credit code from its first 17 characters."""
    first17 = normalize_credit_code(first17)
    return first17 + check_character(first17)


# --- CAS 号 (Chemical Abstracts Service registry number) -----------------------------------------------------------
# 2 to 7 digits, 2 digits, 1 check digit: "7664-41-7". The check digit is Σ (i · dᵢ) mod 10, dᵢ the other digits
# counted from the right starting at i = 1.
CAS_PATTERN = re.compile(r"^(\d{2,7})-(\d{2})-(\d)$")


def normalize_cas(value):
    """Trim, full-width hyphens and digits to ASCII."""
    value = (value or "").strip()
    return value.translate(_FULL_WIDTH)


_FULL_WIDTH = str.maketrans({"－": "-", "—": "-", "–": "-", **{chr(0xFF10 + i): str(i) for i in range(10)}})


def cas_check_digit(digits):
    """The check digit of a CAS number's digits without the check digit ("766441" → 7)."""
    return sum(i * int(d) for i, d in enumerate(reversed(digits), start=1)) % 10


def validate_cas(value):
    cas = normalize_cas(value)
    m = CAS_PATTERN.match(cas)
    if not m:
        raise ValidationError(_("CAS 号格式应为“数字-两位数字-一位校验位”，如 7664-41-7"), code="cas_format")
    expected = cas_check_digit(m.group(1) + m.group(2))
    if int(m.group(3)) != expected:
        raise ValidationError(_("CAS 号 %(cas)s 校验位错误（应为 %(expected)s），请核对"),
                              params={"cas": cas, "expected": expected}, code="cas_check")
