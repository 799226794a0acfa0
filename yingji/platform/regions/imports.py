from django.utils.translation import gettext_lazy as _

from yingji.platform.core import imports

from .forms import RegionImportForm
from .models import Region


@imports.register
class RegionImport(imports.ImportSpec):
    name = "regions"
    label = _("行政区划")
    model = Region
    form_class = RegionImportForm
    columns = [
        imports.Column(_("区划代码"), "code", required=True, help=_("12 位统计用区划代码（县级可写 6 位）"),
                       example="331003101000"),
        imports.Column(_("名称"), "name", required=True, example="示例镇"),
        imports.Column(_("上级区划代码"), "parent_code", help=_("省级可空；上级可以是系统中已有的，也可以在本文件中"),
                       example="331003000000"),
    ]

    def prepare(self, user, rows):
        from django.core.exceptions import ValidationError

        from . import codes

        wanted = set()
        for _n, data in rows:
            for key in ("parent_code",):
                if data.get(key):
                    try:
                        wanted.add(codes.normalize(data[key]))
                    except ValidationError:
                        pass  # reported by the row's form
        existing = {r.code: r for r in Region.objects.filter(code__in=wanted)}
        # the rows' new regions, made without Model.__init__'s loop over the fields per row (imports.instance_maker)
        return {"existing": existing, "pending": {}, "root": user.region,
                "new_region": imports.instance_maker(Region)}

    def order_rows(self, rows):
        from . import codes

        def level(item):
            try:
                return codes.level_of(codes.normalize(item[1]["code"]))
            except Exception:
                return 9

        return sorted(rows, key=level)

    def row_key(self, obj):
        return obj.code

    def existing_keys(self, keys):
        return imports.keys_in(Region.objects.all(), ("code",), keys)

    def save(self, objs, user):
        by_level = {}
        for o in objs:
            by_level.setdefault(o.level, []).append(o)
        for level in sorted(by_level):
            super().save(by_level[level], user)
