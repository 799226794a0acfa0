"""CAS 号 (Chemical Abstracts Service registry number). The 统一社会信用代码 check is platform's
(yingji/platform/core/validators.py), shared with every module."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
