from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yingji.platform.core import imports
from yingji.platform.core.validators import normalize_credit_code
from yingji.platform.regions.choices import Level
from yingji.platform.regions.models import Region

from .forms import CriticalQuantityForm, EnterpriseForm
from .models import CriticalQuantity, Enterprise, supervising_departments_for


@imports.register
class EnterpriseImport(imports.ImportSpec):
    """The bureau's enterprise ledger (企业安全生产台账): one row per enterprise, validated by the edit page's form."""

    name = "enterprises"
    label = _("企业档案")
    model = Enterprise
    edit_form = EnterpriseForm
    columns = [
        imports.Column(_("企业名称"), "name", required=True, example="安澜县示例化工有限公司"),
        imports.Column(_("统一社会信用代码"), "credit_code", required=True,
                       help=_("18 位，按 GB 32100-2015 校验"), example="91350100M000100Y43"),
        imports.Column(_("地址"), "address", required=True, example="青石镇工业园区 8 号"),
        imports.Column(_("所在区划代码"), "region", required=True,
                       help=_("乡镇（街道）或村（社区）的 12 位区划代码"), example="331099101000"),
        imports.Column(_("行业类别"), "sector", required=True,
                       help=_("危险化学品生产/危险化学品经营/危险化学品使用/非煤矿山/烟花爆竹/工贸/建筑施工/道路运输/"
                              "城镇燃气/人员密集场所/九小场所/其他"), example="危险化学品使用"),
        imports.Column(_("工贸细分行业"), "subsector", help=_("工贸企业必填：冶金/有色/建材/机械/轻工/纺织/烟草/商贸")),
        imports.Column(_("企业规模"), "size", help=_("规上/小微，默认小微"), example="规上"),
        imports.Column(_("行业主管部门"), "supervising_department", required=True,
                       help=_("单位全称或简称，须已在系统中"), example="安澜县应急管理局"),
        imports.Column(_("风险等级"), "risk_grade", help=_("A/B/C/D 或 红/橙/黄/蓝，默认 D"), example="B",
                       aliases=(("红", "A"), ("橙", "B"), ("黄", "C"), ("蓝", "D"))),
        imports.Column(_("经营状态"), "status", help=_("在产/停产/关闭，默认在产"), example="在产"),
        imports.Column(_("安全生产标准化等级"), "standardisation_grade",
                       help=_("一级/二级/三级/小微企业标准化/未定级"), example="三级"),
        imports.Column(_("安责险承保机构"), "insurer", example="中国人民财产保险"),
        imports.Column(_("安责险保单号"), "insurance_policy", example="PZAA202633100000001"),
        imports.Column(_("安责险到期日"), "insurance_expiry", help=_("如 2026-12-31"), example="2026-12-31"),
        imports.Column(_("主要负责人"), "principal_name", required=True, example="张三"),
        imports.Column(_("主要负责人电话"), "principal_phone", help=_("手机号，或带区号的固定电话"),
                       example="13800000000"),
        imports.Column(_("经度"), "longitude", help=_("73 至 136 之间（度）"), example="121.123456"),
        imports.Column(_("纬度"), "latitude", help=_("3 至 54 之间（度）"), example="28.654321"),
        imports.Column(_("建档日期"), "filed_on", help=_("纳入监管、建立一企一档的日期，如 2019-05-20；空为导入当天"),
                       example="2019-05-20"),
    ]

    def prepare(self, user, rows):
        wanted = set()
        for _n, data in rows:
            raw = str(data.get("region") or "").strip()
            if raw.isdigit():
                wanted.add(raw.ljust(12, "0") if len(raw) == 9 else raw)
        regions = {}
        scoped = Region.objects.restrict(user).active().filter(level__in=[Level.TOWNSHIP, Level.VILLAGE, Level.GRID])
        wanted = sorted(wanted)
        for i in range(0, len(wanted), 900):
            regions.update({r.code: r for r in scoped.filter(code__in=wanted[i:i + 900])})
        departments = {}
        for org in supervising_departments_for(user).order_by("-pk"):
            departments[org.name] = org
            if org.short_name:
                departments[org.short_name] = org
        return {"regions": regions, "departments": departments}

    def resolve_region(self, text, ctx):
        raw = text.strip()
        region = ctx["regions"].get(raw.ljust(12, "0") if raw.isdigit() and len(raw) == 9 else raw)
        if region is None:
            raise ValidationError(_("区划代码 %(c)s 不存在、不是乡镇或村级，或不在您的管辖范围内") % {"c": raw})
        return region

    def resolve_supervising_department(self, text, ctx):
        org = ctx["departments"].get(text.strip())
        if org is None:
            raise ValidationError(_("行业主管部门“%(n)s”不存在或不在您的管辖范围内（请填写单位全称或简称）")
                                  % {"n": text.strip()})
        return org

    def row_key(self, obj):
        return obj.credit_code

    def duplicate_column(self):
        return str(self.columns[1].header)

    def existing_keys(self, keys):
        return imports.keys_in(Enterprise.objects.all(), ("credit_code",), {normalize_credit_code(k) for k in keys})


@imports.register
class CriticalQuantityImport(imports.ImportSpec):
    """Administrators add named chemicals of GB 18218 表1 beyond the seeded ones, or a revised standard (new rows
    with their own 施行日期; the row in force on the day applies)."""

    name = "critical-quantities"
    label = _("危险化学品临界量（GB 18218 表1）")
    model = CriticalQuantity
    edit_form = CriticalQuantityForm
    columns = [
        imports.Column(_("品名"), "name", required=True, example="二硫化碳"),
        imports.Column(_("别名"), "aliases", help=_("多个用顿号分隔")),
        imports.Column(_("CAS 号"), "cas_no", help=_("按校验位核对"), example="75-15-0"),
        imports.Column(_("临界量（吨）"), "critical_quantity", required=True, example="50"),
        imports.Column(_("校正系数 β"), "beta", help=_("表3 列出的毒性气体填写")),
        imports.Column(_("依据"), "standard", help=_("默认 GB 18218-2018 表1")),
        imports.Column(_("施行日期"), "valid_from", required=True, example="2019-03-01"),
        imports.Column(_("废止日期"), "valid_to"),
    ]

    def row_key(self, obj):
        return (obj.name, obj.valid_from)

    def existing_keys(self, keys):
        return {k for k in keys if CriticalQuantity.objects.filter(name=k[0], valid_from=k[1]).exists()}
