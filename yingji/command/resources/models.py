"""Emergency resources (应急资源): warehouses and their stock ledger, the supply catalogue, rescue teams, experts,
shelters, and the dispatches that send them.

The stock ledger: `Movement` rows are append-only (never updated, never deleted: a correction is a movement the
other way); `Stock` is one balance row per (warehouse, item, batch) that services.py changes in the same
transaction as the movement, with a conditional UPDATE, and that the database keeps 0 <= reserved <= on_hand."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingji.platform.core.models import AuditedMixin, BusinessModel, ScopedMixin, ScopedQuerySet
from yingji.platform.core.privacy import ID_NUMBER, PHONE, personal
from yingji.platform.core.validators import (
    latitude_validators,
    longitude_validators,
    validate_id_number,
    validate_phone,
)

from .choices import (
    DispatchKind,
    DispatchState,
    EquipmentKind,
    ExpertField,
    MovementKind,
    ShelterKind,
    ShelterLevel,
    ShelterStatus,
    SupplyCategory,
    TeamKind,
    TeamStatus,
    WarehouseKind,
    WarehouseLevel,
)


def _lon(verbose=None):
    return models.DecimalField(verbose or _("经度"), max_digits=9, decimal_places=6, validators=longitude_validators,
                               help_text=_("东经，度（如 121.420000）"))


def _lat(verbose=None):
    return models.DecimalField(verbose or _("纬度"), max_digits=9, decimal_places=6, validators=latitude_validators,
                               help_text=_("北纬，度（如 28.650000）"))


class Located(models.Model):
    """A place on the map: lon/lat indexed together (the nearest-resource search prefilters by a bounding box)."""

    lon = _lon()
    lat = _lat()

    class Meta:
        abstract = True

    @property
    def point(self):
        return float(self.lon), float(self.lat)


class Warehouse(Located, BusinessModel):
    """A 储备库 or 储备点 and its keeper."""

    name = models.CharField(_("名称"), max_length=120)
    kind = models.CharField(_("类型"), max_length=10, choices=WarehouseKind, default=WarehouseKind.DEPOT)
    level = models.CharField(_("级别"), max_length=12, choices=WarehouseLevel, default=WarehouseLevel.COUNTY)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT,
                               related_name="+")
    address = models.CharField(_("地址"), max_length=200, blank=True)
    area_m2 = models.DecimalField(_("库房面积（㎡）"), max_digits=10, decimal_places=1, null=True, blank=True)
    keeper = models.CharField(_("保管员"), max_length=60)
    keeper_phone = personal(models.CharField(_("保管员电话"), max_length=30, validators=[validate_phone]), PHONE)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("储备库（点）")
        verbose_name_plural = _("储备库（点）")
        ordering = ["region__code", "name"]
        indexes = [models.Index(fields=["lat", "lon"], name="warehouse_lat_lon")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("resources:warehouse_detail", args=[self.pk])


class SupplyItemQuerySet(ScopedQuerySet):
    pass


class SupplyItem(BusinessModel):
    """A kind of supply in the catalogue (物资目录): 冲锋舟, 帐篷 … with its unit. A county's catalogue is seen by its
    townships too (they stock the same items), so the scope is the user's subtree and the regions above him."""

    name = models.CharField(_("物资名称"), max_length=60)
    category = models.CharField(_("类别"), max_length=16, choices=SupplyCategory)
    unit = models.CharField(_("计量单位"), max_length=10)
    spec = models.CharField(_("规格型号"), max_length=100, blank=True)
    shelf_life_days = models.PositiveIntegerField(_("保质期（天）"), null=True, blank=True,
                                                  help_text=_("食品、药品等有保质期的物资；入库时据此推算批次有效期"))
    maintenance_days = models.PositiveIntegerField(_("维护保养周期（天）"), null=True, blank=True,
                                                   help_text=_("冲锋舟、发电机、水泵等须定期保养的装备"))
    region = models.ForeignKey("regions.Region", verbose_name=_("目录所属区划"), on_delete=models.PROTECT,
                               related_name="+")

    objects = SupplyItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("物资目录")
        verbose_name_plural = _("物资目录")
        ordering = ["category", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name", "spec"], condition=Q(voided_at__isnull=True),
                                               name="supplyitem_unique_name")]

    def __str__(self):
        return f"{self.name}（{self.spec}）" if self.spec else self.name

    def get_absolute_url(self):
        return reverse("resources:supplyitem_detail", args=[self.pk])

    @classmethod
    def region_scope_q(cls, user):
        q = super().region_scope_q(user)
        if q is None:
            return None
        return q | Q(region__in=user.region.ancestors().values("pk"))


class Stock(ScopedMixin, models.Model):
    """The balance of one batch of one item in one warehouse. Written only by services.py, in the transaction of the
    movement that changes it; the database refuses a negative quantity or more reserved than on hand."""

    warehouse = models.ForeignKey(Warehouse, verbose_name=_("储备库（点）"), on_delete=models.PROTECT,
                                  related_name="stocks")
    item = models.ForeignKey(SupplyItem, verbose_name=_("物资"), on_delete=models.PROTECT, related_name="stocks")
    batch = models.CharField(_("批次"), max_length=40, blank=True, default="")
    on_hand = models.BigIntegerField(_("库存数量"), default=0)
    reserved = models.BigIntegerField(_("已预留"), default=0)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    next_maintenance_on = models.DateField(_("下次保养日期"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    scope_region_field = "warehouse__region"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("库存")
        verbose_name_plural = _("库存")
        ordering = ["warehouse", "item", "batch"]
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "item", "batch"], name="stock_unique_batch"),
            models.CheckConstraint(condition=Q(on_hand__gte=0), name="stock_on_hand_not_negative",
                                   violation_error_message=_("库存数量不能为负数")),
            models.CheckConstraint(condition=Q(reserved__gte=0) & Q(reserved__lte=F("on_hand")),
                                   name="stock_reserved_within_on_hand",
                                   violation_error_message=_("预留数量须在 0 与库存数量之间")),
        ]
        indexes = [models.Index(fields=["item", "warehouse"], name="stock_item_warehouse"),
                   models.Index(fields=["expires_on"], name="stock_expires"),
                   models.Index(fields=["next_maintenance_on"], name="stock_maintenance")]

    def __str__(self):
        batch = f" {self.batch}" if self.batch else ""
        return f"{self.warehouse} {self.item}{batch}"

    def get_absolute_url(self):
        return reverse("resources:stock_detail", args=[self.pk])

    @property
    def available(self):
        return self.on_hand - self.reserved


class Movement(ScopedMixin, models.Model):
    """One line of the stock ledger (台账): append-only. Its effect on the balance row is (delta_on_hand,
    delta_reserved); the sum of a balance row's movements is its balance (the nightly check proves it)."""

    stock = models.ForeignKey(Stock, verbose_name=_("库存"), on_delete=models.PROTECT, related_name="movements")
    warehouse = models.ForeignKey(Warehouse, verbose_name=_("储备库（点）"), on_delete=models.PROTECT,
                                  related_name="movements")
    item = models.ForeignKey(SupplyItem, verbose_name=_("物资"), on_delete=models.PROTECT, related_name="movements")
    batch = models.CharField(_("批次"), max_length=40, blank=True, default="")
    kind = models.CharField(_("类型"), max_length=16, choices=MovementKind)
    quantity = models.PositiveBigIntegerField(_("数量"))
    delta_on_hand = models.BigIntegerField(_("库存变动"))
    delta_reserved = models.BigIntegerField(_("预留变动"), default=0)
    on_hand_after = models.BigIntegerField(_("结存"))
    occurred_on = models.DateField(_("业务日期"), default=timezone.localdate)
    counterpart = models.ForeignKey(Warehouse, verbose_name=_("对方库（点）"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    pair = models.OneToOneField("self", verbose_name=_("对应记录"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    borrower = models.CharField(_("借用/领用单位"), max_length=120, blank=True)
    dispatch = models.ForeignKey("Dispatch", verbose_name=_("调派"), null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="movements")
    note = models.CharField(_("说明"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, on_delete=models.PROTECT,
                              related_name="+")
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    scope_region_field = "warehouse__region"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("出入库记录")
        verbose_name_plural = _("出入库记录")
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="movement_quantity_positive",
                                              violation_error_message=_("数量须大于 0"))]
        indexes = [models.Index(fields=["stock", "created_at"], name="movement_stock_time"),
                   models.Index(fields=["item", "created_at"], name="movement_item_time"),
                   models.Index(fields=["occurred_on"], name="movement_occurred")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.item} {self.quantity}"

    def get_absolute_url(self):
        return reverse("resources:movement_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("出入库记录只能追加，不能修改；如有差错请登记一笔反向记录"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("出入库记录只能追加，不能删除；如有差错请登记一笔反向记录"))


class LedgerCheck(models.Model):
    """One run of the 账实核对 (movements summed vs balances); the nightly sweep writes one a day."""

    day = models.DateField(_("核对日期"), unique=True)
    checked_at = models.DateTimeField(_("核对时间"), default=timezone.now)
    balances = models.PositiveIntegerField(_("核对库存行数"), default=0)
    mismatches = models.JSONField(_("不符记录"), default=list)

    class Meta:
        verbose_name = _("账实核对")
        verbose_name_plural = _("账实核对")
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day} {len(self.mismatches)}"


class RescueTeam(Located, BusinessModel):
    name = models.CharField(_("队伍名称"), max_length=120)
    kind = models.CharField(_("队伍类型"), max_length=20, choices=TeamKind)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT,
                               related_name="+")
    organisation = models.CharField(_("主管/依托单位"), max_length=120, blank=True)
    specialties = models.CharField(_("专业方向"), max_length=200, blank=True, help_text=_("如：水域救援、山地搜救、危化处置"))
    headcount = models.PositiveIntegerField(_("队员人数"), default=0)
    leader = models.CharField(_("队长"), max_length=60)
    leader_phone = personal(models.CharField(_("队长电话"), max_length=30, validators=[validate_phone]), PHONE)
    duty_phone = personal(models.CharField(_("值班电话"), max_length=30, blank=True, validators=[validate_phone]),
                          PHONE)
    status = models.CharField(_("状态"), max_length=10, choices=TeamStatus, default=TeamStatus.STANDBY)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("救援队伍")
        verbose_name_plural = _("救援队伍")
        ordering = ["region__code", "name"]
        indexes = [models.Index(fields=["lat", "lon"], name="team_lat_lon"),
                   models.Index(fields=["status", "lat", "lon"], name="team_status_lat_lon")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("resources:rescueteam_detail", args=[self.pk])


class TeamMember(AuditedMixin, models.Model):
    team = models.ForeignKey(RescueTeam, verbose_name=_("队伍"), on_delete=models.PROTECT, related_name="members")
    name = models.CharField(_("姓名"), max_length=60)
    id_number = personal(models.CharField(_("身份证号"), max_length=18, blank=True,
                                          validators=[validate_id_number]), ID_NUMBER)
    phone = personal(models.CharField(_("联系电话"), max_length=30, blank=True, validators=[validate_phone]), PHONE)
    role = models.CharField(_("职务"), max_length=30, blank=True)
    skills = models.CharField(_("技能"), max_length=200, blank=True)
    certificates = models.CharField(_("资格证书"), max_length=200, blank=True)
    first_responder = models.BooleanField(_("应急第一响应人"), default=False)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True, editable=False)

    audit_parent = "team"

    class Meta:
        verbose_name = _("队员")
        verbose_name_plural = _("队员")
        ordering = ["team", "pk"]

    def __str__(self):
        return self.name


class TeamEquipment(AuditedMixin, models.Model):
    team = models.ForeignKey(RescueTeam, verbose_name=_("队伍"), on_delete=models.PROTECT, related_name="equipment")
    kind = models.CharField(_("类型"), max_length=10, choices=EquipmentKind, default=EquipmentKind.EQUIPMENT)
    name = models.CharField(_("名称"), max_length=80)
    quantity = models.PositiveIntegerField(_("数量"), default=1)
    plate = models.CharField(_("车牌/船号"), max_length=20, blank=True)
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True, editable=False)

    audit_parent = "team"

    class Meta:
        verbose_name = _("装备与车辆")
        verbose_name_plural = _("装备与车辆")
        ordering = ["team", "kind", "pk"]

    def __str__(self):
        return f"{self.name}×{self.quantity}"


class Expert(BusinessModel):
    name = models.CharField(_("姓名"), max_length=60)
    field = models.CharField(_("专业领域"), max_length=16, choices=ExpertField)
    title = models.CharField(_("职称"), max_length=60, blank=True)
    organisation = models.CharField(_("工作单位"), max_length=120, blank=True)
    speciality = models.CharField(_("专长"), max_length=200, blank=True)
    phone = personal(models.CharField(_("联系电话"), max_length=30, validators=[validate_phone]), PHONE)
    region = models.ForeignKey("regions.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT,
                               related_name="+")

    class Meta:
        verbose_name = _("专家")
        verbose_name_plural = _("专家库")
        ordering = ["field", "name"]

    def __str__(self):
        return f"{self.name}（{self.get_field_display()}）"

    def get_absolute_url(self):
        return reverse("resources:expert_detail", args=[self.pk])


class Shelter(Located, BusinessModel):
    """An 应急避难场所. Its occupancy is changed only by the dispatch services, with a conditional UPDATE; the
    database refuses an occupancy above capacity."""

    name = models.CharField(_("名称"), max_length=120)
    kind = models.CharField(_("类型"), max_length=12, choices=ShelterKind)
    level = models.CharField(_("级别"), max_length=12, choices=ShelterLevel, default=ShelterLevel.IMMEDIATE)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT,
                               related_name="+")
    address = models.CharField(_("地址"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("容纳人数"))
    area_m2 = models.DecimalField(_("有效避难面积（㎡）"), max_digits=10, decimal_places=1)
    facilities = models.CharField(_("设施"), max_length=300, blank=True, help_text=_("如：应急供水、供电、厕所、医疗点"))
    manager = models.CharField(_("管理人"), max_length=60, blank=True)
    manager_phone = personal(models.CharField(_("管理人电话"), max_length=30, blank=True,
                                              validators=[validate_phone]), PHONE)
    status = models.CharField(_("状态"), max_length=8, choices=ShelterStatus, default=ShelterStatus.CLOSED)
    occupancy = models.PositiveIntegerField(_("当前安置人数"), default=0, editable=False)

    class Meta:
        verbose_name = _("应急避难场所")
        verbose_name_plural = _("应急避难场所")
        ordering = ["region__code", "name"]
        constraints = [models.CheckConstraint(condition=Q(occupancy__lte=F("capacity")),
                                              name="shelter_occupancy_within_capacity",
                                              violation_error_message=_("安置人数不能超过容纳人数"))]
        indexes = [models.Index(fields=["lat", "lon"], name="shelter_lat_lon")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("resources:shelter_detail", args=[self.pk])

    @property
    def free(self):
        return self.capacity - self.occupancy

    def clean(self):
        super().clean()
        if self.capacity is not None and self.occupancy > self.capacity:
            raise ValidationError({"capacity": _("容纳人数不能少于当前安置人数（%(n)s人）") % {"n": self.occupancy}})


class Dispatch(BusinessModel):
    """A resource sent to an incident or a place: a team (出动), a quantity of one stock batch (预留), or places in a
    shelter (安置). Returning it releases what it held."""

    kind = models.CharField(_("调派类型"), max_length=10, choices=DispatchKind)
    incident = models.ForeignKey("incidents.Incident", verbose_name=_("突发事件"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="resource_dispatches")
    state = models.CharField(_("状态"), max_length=10, choices=DispatchState, default=DispatchState.ACTIVE,
                             editable=False)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT,
                               related_name="+", help_text=_("所派资源的区划"))
    lon = _lon(_("目的地经度"))
    lat = _lat(_("目的地纬度"))
    task = models.CharField(_("任务"), max_length=300)
    team = models.ForeignKey(RescueTeam, verbose_name=_("队伍"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="dispatches")
    stock = models.ForeignKey(Stock, verbose_name=_("库存"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="dispatches")
    shelter = models.ForeignKey(Shelter, verbose_name=_("避难场所"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="dispatches")
    quantity = models.PositiveIntegerField(_("数量/人数"), default=0)
    distance_km = models.DecimalField(_("距离（公里）"), max_digits=8, decimal_places=2, null=True, blank=True)
    dispatched_at = models.DateTimeField(_("调派时间"), default=timezone.now)
    returned_at = models.DateTimeField(_("返回时间"), null=True, blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("返回登记人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    consumed = models.PositiveIntegerField(_("消耗数量"), default=0, help_text=_("物资返回时未归还（已消耗）的数量"))

    class Meta:
        verbose_name = _("资源调派")
        verbose_name_plural = _("资源调派")
        ordering = ["-dispatched_at", "-pk"]
        indexes = [models.Index(fields=["kind", "dispatched_at"], name="dispatch_kind_time")]

    def __str__(self):
        target = self.team or self.stock or self.shelter
        return f"{self.get_kind_display()}：{target}（{self.task[:20]}）"

    def get_absolute_url(self):
        return reverse("resources:dispatch_detail", args=[self.pk])
