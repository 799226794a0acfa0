"""The data appendix (.xlsx): every figure of the report with its label, value, unit and the query behind it."""

from yingji.platform.core import excel

HEADERS = ["序号", "章节", "指标", "数值", "单位", "去年同期", "同比", "数据查询", "去年同期查询"]


def rows(report, base_url=""):
    out = []
    for i, f in enumerate(report.figures, start=1):
        link = f"{base_url}{f.link}" if f.link else ""
        previous_link = f"{base_url}{f.previous_link}" if f.previous_link else ""
        previous = _value(f.previous) if f.previous is not None else ""
        out.append([i, f.section, f.label, _value(f.value), f.unit, previous, f.change, link, previous_link])
    return out


def _value(value):
    if isinstance(value, int):
        return value
    return float(value)


def write_xlsx(report, base_url=""):
    ctx = report.ctx
    notes = [
        ("报告", report.title),
        ("行政区划", f"{ctx.region.name}（{ctx.region.code}）"),
        ("统计期间", f"{ctx.start.isoformat()} 至 {ctx.end.isoformat()}"),
        ("同比期间", f"{ctx.previous_start.isoformat()} 至 {ctx.previous_end.isoformat()}"),
        ("说明", "所有数值由系统按生成人的数据权限从业务记录实时统计；“数据查询”为对应记录清单或接口的地址。"),
    ]
    return excel.write_xlsx(HEADERS, rows(report, base_url), sheet_title="数据附表", notes=notes)
