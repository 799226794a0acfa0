"""统计用区划代码 (12 digits): validation and prefix arithmetic, no database."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import PREFIX_LENGTH, Level

# full-width digits (typed with a Chinese input method) read as ASCII; any other Unicode "digit" is refused
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def is_ascii_digits(value):
    return value.isascii() and value.isdigit()


def normalize(code):
    """Accept 2/4/6/9/12-digit codes (e.g. a GB/T 2260 six-digit county code) and pad to 12 digits."""
    code = str(code if code is not None else "").strip().translate(_FULL_WIDTH)
    if code.endswith(".0"):  # a code read from an Excel number cell
        code = code[:-2]
    if not is_ascii_digits(code) or len(code) not in (2, 4, 6, 9, 12):
        raise ValidationError(_("区划代码应为 2、4、6、9 或 12 位数字：%(code)s") % {"code": code}, code="bad_code")
    return code.ljust(12, "0")


def level_of(code):
    """The level implied by a 12-digit code's non-zero segments (the stored level must agree with it)."""
    if code[9:] != "000":
        return Level.VILLAGE
    if code[6:9] != "000":
        return Level.TOWNSHIP
    if code[4:6] != "00":
        return Level.COUNTY
    if code[2:4] != "00":
        return Level.CITY
    return Level.PROVINCE


def prefix(code, level):
    return code[: PREFIX_LENGTH[Level(level)]]


def subtree_bounds(code, level):
    """The closed range of 12-digit codes in the subtree of (code, level): a plain indexed range scan."""
    p = prefix(code, level)
    return p.ljust(12, "0"), p.ljust(12, "9")


def validate(code, level, parent=None):
    """Check a region's code against its level and its parent; raises ValidationError with Chinese messages."""
    errors = {}
    if not code or len(code) != 12 or not is_ascii_digits(code):
        raise ValidationError({"code": _("区划代码应为 12 位数字")})
    implied = level_of(code)
    if level is not None and int(level) != implied:
        errors["level"] = _("级别与区划代码不符：代码 %(code)s 对应%(implied)s") % {
            "code": code, "implied": Level(implied).label}
    if parent is None:
        if level is not None and int(level) != Level.PROVINCE:
            errors["parent"] = _("除省级外必须填写上级区划")
    else:
        if int(parent.level) >= implied:
            errors["parent"] = _("上级区划的级别必须高于本级")
        elif not code.startswith(prefix(parent.code, parent.level)):
            errors["parent"] = _("区划代码 %(code)s 不以上级代码前缀 %(prefix)s 开头") % {
                "code": code, "prefix": prefix(parent.code, parent.level)}
    if errors:
        raise ValidationError(errors)
