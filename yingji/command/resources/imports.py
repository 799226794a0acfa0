"""库存台账 import: an existing stock ledger (one row per batch held) becomes 入库 lines of the ledger, all rows or
none; each row is checked like the 出入库登记 page (warehouse and item in scope, a positive whole quantity, dates)."""

from types import SimpleNamespace

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingji.platform.core import imports

from .choices import MovementKind
from .models import Movement, SupplyItem, Warehouse

DATE_FORMATS = imports.LEDGER_DATE_FORMATS


class StockRowForm(forms.Form):
    warehouse = forms.CharField(max_length=120)
    item = forms.CharField(max_length=60)
    spec = forms.CharField(max_length=100, required=False)
    batch = forms.CharField(max_length=40, required=False)
    quantity = forms.IntegerField(min_value=1, max_value=10**12,
                                  error_messages={"min_value": gettext_lazy("数量须大于 0"),
                                                  "invalid": gettext_lazy("数量须为正整数")})
    occurred_on = forms.DateField(input_formats=DATE_FORMATS, required=False)
    expires_on = forms.DateField(input_formats=DATE_FORMATS, required=False)
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, data=None, user=None, ctx=None):
        super().__init__(data=data)
        self.ctx = ctx

    def clean_warehouse(self):
        name = self.cleaned_data["warehouse"].strip()
        w = self.ctx["warehouses"].get(name)
        if w is None:
            raise ValidationError(_("储备库（点）“%(n)s”不存在、已作废或不在您的管辖范围内") % {"n": name})
        return w

    def clean(self):
        data = super().clean()
        if "item" in data:
            key = (data["item"].strip(), (data.get("spec") or "").strip())
            item = self.ctx["items"].get(key)
            if item is None:
                self.add_error("item", _("物资目录中没有“%(n)s”（规格：%(s)s）") % {"n": key[0], "s": key[1] or "无"})
            else:
                data["item"] = item
        return data

    def save(self, commit=False):
        return SimpleNamespace(**{k: v for k, v in self.cleaned_data.items() if k != "spec"})


@imports.register
class StockLedgerImport(imports.ImportSpec):
    name = "resources-stock"
    label = gettext_lazy("库存台账（期初库存）")
    model = Movement
    form_class = StockRowForm
    columns = [
        imports.Column(gettext_lazy("储备库（点）名称"), "warehouse", required=True, example="安澜县应急物资储备库"),
        imports.Column(gettext_lazy("物资名称"), "item", required=True, help=gettext_lazy("物资目录中的名称"),
                       example="冲锋舟"),
        imports.Column(gettext_lazy("规格型号"), "spec", help=gettext_lazy("物资目录中有规格的须填写")),
        imports.Column(gettext_lazy("批次"), "batch", example="202605"),
        imports.Column(gettext_lazy("数量"), "quantity", required=True, example="10"),
        imports.Column(gettext_lazy("入库日期"), "occurred_on", example="2026-05-01"),
        imports.Column(gettext_lazy("有效期至"), "expires_on"),
        imports.Column(gettext_lazy("说明"), "note"),
    ]

    def prepare(self, user, rows):
        warehouses = {w.name: w for w in Warehouse.objects.restrict(user, "view").active()}
        items = {(i.name, i.spec): i for i in SupplyItem.objects.restrict(user, "view").active()}
        return {"warehouses": warehouses, "items": items}

    def save(self, objs, user):
        from .services import record_movement

        if not user.has_perm("resources.add_movement"):
            raise ValidationError(_("您没有登记出入库的权限"))
        for o in objs:
            record_movement(warehouse=o.warehouse, item=o.item, kind=MovementKind.RECEIVE, quantity=o.quantity,
                            actor=user, batch=o.batch, occurred_on=o.occurred_on, expires_on=o.expires_on,
                            note=o.note or _("台账导入"))
