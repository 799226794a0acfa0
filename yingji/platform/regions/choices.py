from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    PROVINCE = 1, _("省级")
    CITY = 2, _("市级")
    COUNTY = 3, _("县级")
    TOWNSHIP = 4, _("乡级")
    VILLAGE = 5, _("村级")
    # 网格 (网格化管理): below the village; its code is the village's 12 digits and a 3-digit grid number, as the
    # national codes stop at the village (docs/regions.md, "网格")
    GRID = 6, _("网格")


# significant digits of a 12-digit 统计用区划代码 at each level: 省 2, 市 4, 县 6, 乡 9, 村 12; a grid's 15-digit code 15
PREFIX_LENGTH = {Level.PROVINCE: 2, Level.CITY: 4, Level.COUNTY: 6, Level.TOWNSHIP: 9, Level.VILLAGE: 12,
                 Level.GRID: 15}
# the length of a stored code: 12 digits (统计用区划代码), 15 for a grid
CODE_LENGTH, GRID_CODE_LENGTH = 12, 15
