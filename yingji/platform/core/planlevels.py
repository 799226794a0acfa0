"""The response levels of the plan in force: one question the plans app answers for the whole system.

The command domain's plans app (yingji/command/plans) provides the answer in its AppConfig.ready(); the warning
domain's emergency response asks it here when it starts or changes a response level, so neither domain imports the
other. With no provider registered the answer is an empty list, and callers say that no plan defines the level.

    levels_for("flood", region) -> [
        {"level": 4, "level_label": "Ⅳ级", "trigger": "启动条件…", "plan_id": 12, "plan_name": "…防汛防台应急预案",
         "actions": [{"unit": "县应急管理局", "unit_id": 3, "action": "…"}, …]},
        … Ⅲ级, Ⅱ级, Ⅰ级 (those the plan defines, Ⅳ级 first; `level` 1 is the highest)
    ]

`plan_type_code` is the plan's 适用事件类型 (plans.choices.EventType: all, flood, drought, forest_fire, geological,
earthquake, weather, production_safety, hazchem, fire, traffic, relief, public_health, event, other). The plan in
force is the government plan (专项, 部门, 乡镇（街道）or 总体) of that type issued, not abolished and not voided,
of `region` or the nearest region above it.
"""

from datetime import date

_provider = None


def provide(fn):
    """Register fn(plan_type_code, region, on) -> [level dicts]; the plans app calls this once in ready()."""
    global _provider
    _provider = fn
    return fn


def levels_for(plan_type_code, region, on: date | None = None):
    """The levels of the plan in force for `plan_type_code` at `region` (a regions.Region) on `on` (default today)."""
    if _provider is None:
        return []
    return list(_provider(plan_type_code, region, on))


def level(plan_type_code, region, level_number, on: date | None = None):
    """The one level (1–4) of that plan, or None when the plan does not define it (or there is no plan)."""
    return next((lv for lv in levels_for(plan_type_code, region, on) if lv["level"] == int(level_number)), None)
