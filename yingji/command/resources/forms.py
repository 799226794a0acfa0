from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.forms import ScopedModelForm
from yingji.platform.core.validators import latitude_validators, longitude_validators

from .choices import MANUAL_KINDS, TeamStatus
from .models import Expert, RescueTeam, Shelter, SupplyItem, TeamEquipment, TeamMember, Warehouse


class WarehouseForm(ScopedModelForm):
    class Meta:
        model = Warehouse
        fields = ["name", "kind", "level", "region", "address", "lon", "lat", "area_m2", "keeper", "keeper_phone",
                  "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class SupplyItemForm(ScopedModelForm):
    class Meta:
        model = SupplyItem
        fields = ["name", "category", "unit", "spec", "shelf_life_days", "maintenance_days", "region"]


class RescueTeamForm(ScopedModelForm):
    class Meta:
        model = RescueTeam
        fields = ["name", "kind", "region", "organisation", "specialties", "headcount", "leader", "leader_phone",
                  "duty_phone", "lon", "lat", "status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def clean_status(self):
        status = self.cleaned_data["status"]
        # 出动 is set by a dispatch and cleared by its return, never typed in
        if self.instance.pk and self.instance.status == TeamStatus.DEPLOYED and status != TeamStatus.DEPLOYED:
            raise forms.ValidationError(_("队伍正在执行调派任务，请在调派记录中登记返回"))
        if status == TeamStatus.DEPLOYED and (self.instance.pk is None or
                                              self.instance.status != TeamStatus.DEPLOYED):
            raise forms.ValidationError(_("“出动”状态由资源调派设置，不能直接选择"))
        return status


TeamMemberFormSet = inlineformset_factory(
    RescueTeam, TeamMember, fields=["name", "id_number", "phone", "role", "skills", "certificates", "first_responder"],
    extra=1, can_delete=True)
TeamEquipmentFormSet = inlineformset_factory(
    RescueTeam, TeamEquipment, fields=["kind", "name", "quantity", "plate"], extra=1, can_delete=True)


class ExpertForm(ScopedModelForm):
    class Meta:
        model = Expert
        fields = ["name", "field", "title", "organisation", "speciality", "phone", "region"]


class ShelterForm(ScopedModelForm):
    class Meta:
        model = Shelter
        fields = ["name", "kind", "level", "region", "address", "lon", "lat", "capacity", "area_m2", "facilities",
                  "manager", "manager_phone", "status"]


def _styled(form):
    for field in form.fields.values():
        w = field.widget
        css = "form-select" if isinstance(w, forms.Select) else "form-control"
        w.attrs.setdefault("class", css)
        if isinstance(w, forms.DateInput):
            w.input_type = "date"


TRANSFER = "transfer"


class MovementForm(forms.Form):
    """出入库登记 (one line of the ledger); 调拨 and dispatch have their own pages."""

    warehouse = forms.ModelChoiceField(label=_("储备库（点）"), queryset=Warehouse.objects.all())
    item = forms.ModelChoiceField(label=_("物资"), queryset=SupplyItem.objects.all())
    kind = forms.ChoiceField(label=_("类型"), choices=[(k.value, k.label) for k in MANUAL_KINDS] + [
        (TRANSFER, _("调拨"))])
    batch = forms.CharField(label=_("批次"), max_length=40, required=False, help_text=_("无批次管理的物资留空"))
    quantity = forms.IntegerField(label=_("数量"), min_value=1, max_value=10**12,
                                  error_messages={"min_value": _("数量须大于 0"), "invalid": _("数量须为正整数")})
    occurred_on = forms.DateField(label=_("业务日期"), required=False, widget=forms.DateInput())
    expires_on = forms.DateField(label=_("有效期至"), required=False, widget=forms.DateInput(),
                                 help_text=_("入库时填写；空则按物资保质期推算"))
    to_warehouse = forms.ModelChoiceField(label=_("调入库（点）"), queryset=Warehouse.objects.all(), required=False,
                                          help_text=_("调拨时填写"))
    borrower = forms.CharField(label=_("借用/领用单位"), max_length=120, required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None:
            self.fields["warehouse"].queryset = Warehouse.objects.restrict(user, "view").active()
            self.fields["item"].queryset = SupplyItem.objects.restrict(user, "view").active()
            self.fields["to_warehouse"].queryset = Warehouse.objects.restrict(user, "view").active()
        _styled(self)

    def clean(self):
        data = super().clean()
        if data.get("kind") == TRANSFER:
            if not data.get("to_warehouse"):
                self.add_error("to_warehouse", _("调拨须选择调入库（点）"))
            elif data.get("warehouse") and data["to_warehouse"] == data["warehouse"]:
                self.add_error("to_warehouse", _("调入库（点）不能与调出库（点）相同"))
        return data


class NeedForm(forms.Form):
    """The dispatch page's question: where, what for, and what is needed."""

    incident = forms.ModelChoiceField(label=_("突发事件"), queryset=None, required=False,
                                      help_text=_("选择事件则调派写入其时间线；经纬度取自事件"))
    lon = forms.DecimalField(label=_("经度"), max_digits=9, decimal_places=6, validators=longitude_validators,
                             required=False)
    lat = forms.DecimalField(label=_("纬度"), max_digits=9, decimal_places=6, validators=latitude_validators,
                             required=False)
    task = forms.CharField(label=_("任务"), max_length=300, required=False)
    item = forms.ModelChoiceField(label=_("所需物资"), queryset=SupplyItem.objects.all(), required=False)
    quantity = forms.IntegerField(label=_("物资数量"), min_value=1, max_value=10**12, required=False)
    people = forms.IntegerField(label=_("待安置人数"), min_value=1, max_value=10**7, required=False)

    def __init__(self, *args, user=None, **kwargs):
        from yingji.command.incidents.models import Incident

        super().__init__(*args, **kwargs)
        self.fields["incident"].queryset = Incident.objects.none()
        if user is not None:
            self.fields["item"].queryset = SupplyItem.objects.restrict(user, "view").active()
            self.fields["incident"].queryset = Incident.objects.restrict(user, "view").active().order_by("-pk")[:50] \
                if not self.is_bound else Incident.objects.restrict(user, "view").active()
        _styled(self)

    def clean(self):
        data = super().clean()
        incident = data.get("incident")
        if incident is not None:
            if data.get("lon") is None and data.get("lat") is None and incident.longitude is not None:
                data["lon"], data["lat"] = incident.longitude, incident.latitude
            if not (data.get("task") or "").strip():
                data["task"] = str(incident)
        if data.get("lon") is None or data.get("lat") is None:
            if "lon" not in self.errors and "lat" not in self.errors:
                self.add_error("lon", _("请填写目的地经纬度，或选择有坐标的突发事件"))
        if not (data.get("task") or "").strip():
            self.add_error("task", _("请填写调派任务"))
        if data.get("item") and not data.get("quantity"):
            self.add_error("quantity", _("请填写所需物资数量"))
        return data


class ReturnForm(forms.Form):
    consumed = forms.IntegerField(label=_("消耗数量"), min_value=0, required=False, initial=0,
                                  help_text=_("物资调派：未归还（已消耗）的数量"))
    team_status = forms.ChoiceField(label=_("队伍返回后状态"), required=False, initial=TeamStatus.STANDBY,
                                    choices=[(TeamStatus.STANDBY.value, TeamStatus.STANDBY.label),
                                             (TeamStatus.RESTING.value, TeamStatus.RESTING.label)])
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)
