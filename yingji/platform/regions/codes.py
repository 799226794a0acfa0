"""统计用区划代码 (12 digits, and 15 for a 网格 below a village): validation and prefix arithmetic, no database."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import CODE_LENGTH, GRID_CODE_LENGTH, PREFIX_LENGTH, Level

# full-width digits (typed with a Chinese input method) read as ASCII; any other Unicode "digit" is refused
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def is_ascii_digits(value):
    return value.isascii() and value.isdigit()


def is_full_code(text):
    """A stored code as typed in a parameter: 12 digits, or 15 for a grid."""
    return is_ascii_digits(text) and len(text) in (CODE_LENGTH, GRID_CODE_LENGTH)


def normalize(code):
    """Accept 2/4/6/9/12-digit codes (e.g. a GB/T 2260 six-digit county code) and pad to 12 digits; a 15-digit
    grid code is kept as it is."""
    code = str(code if code is not None else "").strip().translate(_FULL_WIDTH)
    if code.endswith(".0"):  # a code read from an Excel number cell
        code = code[:-2]
    if not is_ascii_digits(code) or len(code) not in (2, 4, 6, 9, 12, GRID_CODE_LENGTH):
        raise ValidationError(_("区划代码应为 2、4、6、9、12 位数字（网格为 15 位）：%(code)s") % {"code": code},
                              code="bad_code")
    return code if len(code) == GRID_CODE_LENGTH else code.ljust(CODE_LENGTH, "0")


def level_of(code):
    """The level implied by a code's non-zero segments (the stored level must agree with it)."""
    if len(code) == GRID_CODE_LENGTH:
        return Level.GRID
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
    """The closed range of codes in the subtree of (code, level): a plain indexed range scan. The upper bound is
    padded to 15 digits, so a village's (and a township's, a county's …) grids, whose codes extend the village's
    12 digits, sort inside it; a grid's subtree is the grid alone."""
    p = prefix(code, level)
    return p.ljust(CODE_LENGTH, "0"), p.ljust(GRID_CODE_LENGTH, "9")


def validate(code, level, parent=None):
    """Check a region's code against its level and its parent; raises ValidationError with Chinese messages."""
    errors = {}
    if not code or not is_full_code(code):
        raise ValidationError({"code": _("区划代码应为 12 位数字（网格为 15 位）")})
    implied = level_of(code)
    if level is not None and int(level) != implied:
        errors["level"] = _("级别与区划代码不符：代码 %(code)s 对应%(implied)s") % {
            "code": code, "implied": Level(implied).label}
    if implied == Level.GRID and code[CODE_LENGTH:] == "000":
        errors["code"] = _("网格代码的后 3 位（网格序号）不能为 000")
    if parent is None:
        if level is not None and int(level) != Level.PROVINCE:
            errors["parent"] = _("除省级外必须填写上级区划")
    else:
        if int(parent.level) >= implied:
            errors["parent"] = _("上级区划的级别必须高于本级")
        elif implied == Level.GRID and int(parent.level) != Level.VILLAGE:
            errors["parent"] = _("网格的上级区划必须是村（社区）")
        elif not code.startswith(prefix(parent.code, parent.level)):
            errors["parent"] = _("区划代码 %(code)s 不以上级代码前缀 %(prefix)s 开头") % {
                "code": code, "prefix": prefix(parent.code, parent.level)}
    if errors:
        raise ValidationError(errors)
