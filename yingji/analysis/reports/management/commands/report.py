"""yingji report annual --region CODE --year 2023 --out report.docx [--xlsx appendix.xlsx] [--user USERNAME]
                     [--base-url https://yingji.example.gov.cn]
yingji report annual --region CODE --start 2023-07-01 --end 2023-09-30 --out q3.docx      (any period within a year)

Without --user the report is made with the system's view of every record (the command is run by whoever operates
the server); with --user it covers exactly what that account may see, as in the web page.
"""

import time
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from yingji.platform.audit.context import acting
from yingji.platform.audit.models import AuditEvent
from yingji.platform.audit.recorder import record_event


class SystemUser:
    """The command's actor without --user: sees every record (restrict() lets a superuser through unfiltered)."""

    pk = None
    id = None
    username = "system"
    full_name = "系统"
    region = None
    region_id = None
    organisation = None
    department_scope = None
    is_active = True
    is_authenticated = True
    is_anonymous = False
    is_superuser = True
    is_staff = False

    def has_perm(self, perm, obj=None):
        return True

    def __str__(self):
        return self.full_name


class Command(BaseCommand):
    help = "生成报告。annual：年度工作总结（.docx），可同时输出数据附表（.xlsx）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="kind", title="报告类型", required=True)
        annual = sub.add_parser("annual", help="年度工作总结",
                                description="按行政区划和年度生成年度工作总结 .docx（及数据附表 .xlsx）")
        annual.add_argument("--region", required=True, help="行政区划代码（12 位统计用区划代码，如 331099000000）")
        annual.add_argument("--year", help="年度，如 2023（不填起止日期时按该年全年）")
        annual.add_argument("--start", help="开始日期 YYYY-MM-DD（与 --end 同时填写，同一年度内，如一季度、上半年）")
        annual.add_argument("--end", help="结束日期 YYYY-MM-DD")
        annual.add_argument("--out", required=True, help="输出的 .docx 文件路径")
        annual.add_argument("--xlsx", help="同时输出数据附表 .xlsx 的路径")
        annual.add_argument("--user", help="按该用户的数据权限生成（默认：系统，全部记录）")
        annual.add_argument("--base-url", default="", help="数据附表中查询链接的网址前缀，如 https://yingji.example.gov.cn")

    def handle(self, *args, kind, **options):
        if kind == "annual":
            return self.annual(**options)
        raise CommandError(f"未知的报告类型：{kind}")

    def annual(self, *, region, year=None, out, xlsx=None, user=None, base_url="", start=None, end=None, **options):
        from yingji.analysis.reports import appendix, docx
        from yingji.analysis.reports.engine import annual_report, region_in_scope
        from yingji.analysis.reports.views import read_dates

        try:
            start, end = read_dates({"start": start, "end": end})
        except ValidationError as e:
            raise CommandError("；".join(e.messages))
        if start is None and not year:
            raise CommandError("请填写 --year，或同时填写 --start 和 --end")
        from yingji.platform.accounts.models import User
        from yingji.platform.regions.models import Region

        if user:
            try:
                actor = User.objects.get(username=user, is_active=True)
            except User.DoesNotExist:
                raise CommandError(f"用户“{user}”不存在或已停用")
        else:
            actor = SystemUser()
        try:
            region_obj = region_in_scope(actor, region)
        except Region.DoesNotExist:
            if user:
                raise CommandError(f"行政区划代码“{region}”不存在，或不在用户“{user}”的管辖范围内")
            raise CommandError(f"行政区划代码“{region}”不存在（应为 12 位统计用区划代码，如 331099000000）")
        out_path = Path(out)
        if out_path.suffix.lower() != ".docx":
            raise CommandError("--out 应为 .docx 文件")
        if not out_path.parent.exists():
            raise CommandError(f"输出目录不存在：{out_path.parent}")
        started = time.monotonic()
        with acting(actor if getattr(actor, "pk", None) else None, source="command"):
            try:
                report = annual_report(actor, region_obj, year, start=start, end=end)
            except ValidationError as e:
                raise CommandError("；".join(e.messages))
            except PermissionDenied as e:
                raise CommandError(str(e))
            out_path.write_bytes(docx.write_docx(report))
            if xlsx:
                Path(xlsx).write_bytes(appendix.write_xlsx(report, base_url=base_url.rstrip("/")))
            record_event(AuditEvent.Kind.DOWNLOAD, user=actor if getattr(actor, "pk", None) else None,
                         target=getattr(actor, "username", "system"), region_id=region_obj.pk,
                         detail={"report": "annual", "region": region_obj.code, "year": report.ctx.year,
                                 "start": report.ctx.start.isoformat(), "end": report.ctx.end.isoformat(),
                                 "format": "docx" + ("+xlsx" if xlsx else ""), "source": "command",
                                 "figures": len(report.figures)})
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(
            f"已生成《{report.title}》：{out_path}（{len(report.figures)} 个数字，{elapsed:.1f} 秒）"))
        if xlsx:
            self.stdout.write(f"数据附表：{xlsx}")
