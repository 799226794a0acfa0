"""The noise budget: a recorded storm replayed through plain thresholds and through Yingji's rules.

Plain thresholds notify on every upward crossing of a level (what a threshold check per reading does: a flickering
detector notifies on each flicker). Yingji notifies when an alarm is created or its level raised (pending period,
keep-firing period, one active alarm per sensor and type). A real crossing is the noise-free signal (`truth`)
reaching a level; it is missed when Yingji's alarm for that sensor and type does not stand at that level or higher
within the rule's pending period plus three reporting intervals. Latency is counted in the readings' own time.
"""

import gzip
import json
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path

from . import engine
from .choices import Metric

FIXTURE = Path(__file__).parent / "tests" / "fixtures" / "storm.json.gz"


@dataclass
class Budget:
    readings: int = 0
    plain: int = 0
    yingji: int = 0
    real: int = 0
    missed: list = field(default_factory=list)
    latencies: list = field(default_factory=list)
    censored: int = 0

    @property
    def reduction(self):
        return 1 - self.yingji / self.plain if self.plain else 0.0


def load_fixture(path=FIXTURE):
    with gzip.open(path, "rt") as f:
        return json.load(f)


def _metric_series(rule, points):
    """[(ts, x)] of a rule's metric over [(ts, value)] (value, rate against the previous, or the window sum)."""
    out, window = [], deque()
    total = 0.0
    for ts, v in points:
        if rule.metric == Metric.VALUE:
            out.append((ts, v))
        elif rule.metric == Metric.RATE:
            while window and window[0][0] < ts - rule.window * 60:
                window.popleft()
            if window and ts - window[0][0] >= rule.window * 30:
                out.append((ts, (v - window[0][1]) / (ts - window[0][0]) * rule.window * 60))
            window.append((ts, v))
        else:
            window.append((ts, v))
            total += v
            while window and window[0][0] <= ts - rule.window * 60:
                total -= window.popleft()[1]
            out.append((ts, total))
    return out


def replay(fixture, rules_by_code, events):
    """The budget of a replay: `events` are the pipeline's decisions (code, alarm type, action, level, ts)."""
    b = Budget(readings=len(fixture["readings"]))
    measured, truths = defaultdict(list), defaultdict(list)
    for ts, code, value, true in fixture["readings"]:
        measured[code].append((ts, value))
        truths[code].append((ts, true))
    timeline = defaultdict(list)  # (code, type) -> [(ts, level)]
    for code, alarm_type, action, level, ts in events:
        if action in ("fire", "raise"):
            b.yingji += 1
        if action == "merge":  # a crossing merged into the open alarm: it stands at least at this level
            level = max(level, timeline[(code, alarm_type)][-1][1] if timeline[(code, alarm_type)] else 0)
        timeline[(code, alarm_type)].append((ts, 0 if action == "recover" else level))
    intervals = fixture["intervals"]
    for code, rules in rules_by_code.items():
        for rule in rules:
            last = 0
            for _ts, x in _metric_series(rule, measured[code]):
                level = rule.level_of(x)
                if level > last:
                    b.plain += level - last  # one notification per level crossed upwards
                last = level
            last = 0
            budget = rule.pending + 3 * intervals[code]
            for ts, x in _metric_series(rule, truths[code]):
                level = rule.level_of(x)
                if level > last and ts + budget > fixture["end"]:
                    b.censored += 1  # too near the end of the recording to judge
                elif level > last:
                    b.real += 1
                    caught = _first_at_least(timeline[(code, rule.alarm_type)], level, ts, budget)
                    if caught is None:
                        b.missed.append((code, rule.alarm_type, level, ts))
                    else:
                        b.latencies.append(caught)
                last = level
    return b


def _first_at_least(points, level, t, budget):
    """Seconds from t until the alarm's level is ≥ level (0 if it already is), within budget; else None."""
    current = 0
    for ts, lvl in points:
        if ts > t:
            break
        current = lvl
    if current >= level:
        return 0.0
    for ts, lvl in points:
        if t < ts <= t + budget and lvl >= level:
            return ts - t
    return None


def compiled_rules(sensors):
    """{code: [CompiledRule]} for saved sensors, as the pipeline chooses them."""
    from .models import AlarmRule

    rules = list(AlarmRule.objects.valid_on().select_related("region"))
    return {s.code: [engine.CompiledRule.of(r) for r in engine.choose_rules(rules, s.kind, s.code,
                                                                             s.station.region)]
            for s in sensors}


# --- the storm fixture (generated by the simulator, kept in tests/fixtures) -------------------------------------------
FIXTURE_SENSORS = [  # code, kind, interval, trouble
    *[(f"RG-{i}", "rainfall", 300, "") for i in range(3)],
    ("GS-FLICKER", "combustible_gas", 60, "flicker"), ("GS-LEAK", "combustible_gas", 60, ""),
    ("GS-1", "combustible_gas", 60, ""),
    ("EC-FLICKER", "residual_current", 60, "flicker"), ("EC-1", "residual_current", 60, ""),
    *[(f"DP-{i}", "displacement", 600, "") for i in range(2)],
]


def make_fixture(path=FIXTURE, hours=8, seed=3):
    """Write the storm fixture: `hours` of readings of FIXTURE_SENSORS with a storm peaking in the middle, a leak
    at the peak, dropouts, a flickering gas detector and a flickering residual-current detector."""
    import random

    from . import simulate

    rnd = random.Random(seed)
    start = 1_796_000_000.0  # 2026-11-30, a fixed time: the fixture is the same on every machine
    end = start + hours * 3600
    storm = simulate.Storm(centre=start + hours * 1800, width=1.5 * 3600, peak=70.0)
    profiles = [simulate.profile_for(code, kind, interval, rnd, trouble, 2000 if kind == "displacement" else
                                     (200 if kind == "rainfall" else 1000)) for code, kind, interval, trouble
                in FIXTURE_SENSORS]
    rows = simulate.series(profiles, start, end, storm, seed=seed,
                           leak={"GS-LEAK": (storm.centre, storm.centre + 1200)})
    doc = {"start": start, "end": end, "intervals": {c: i for c, _k, i, _t in FIXTURE_SENSORS},
           "sensors": [[c, k, i, t] for c, k, i, t in FIXTURE_SENSORS],
           "readings": [[ts, code, value, round(true, 4)] for ts, code, value, true in rows]}
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt") as f:
        json.dump(doc, f)
    return doc


def run_replay(fixture, batch=500):
    """Create the fixture's sensors (in a test or scratch database), feed its readings through the pipeline in time
    order and return the Budget."""
    from yingji.platform.regions.models import Region

    from .ingest import Pipeline
    from .models import Sensor, Station

    region = Region.objects.order_by("level", "code").first()
    station = Station.objects.create(code="NOISE-1", name="噪声预算", kind="hazard_source", region=region)
    ranges = {"rainfall": (0, 200), "combustible_gas": (0, 100), "residual_current": (0, 1000),
              "displacement": (-2000, 2000)}
    sensors = [Sensor.objects.create(code=c, station=station, kind=k, unit="", range_min=ranges[k][0],
                                     range_max=ranges[k][1], interval_seconds=i) for c, k, i, _t in fixture["sensors"]]
    pipeline, events = Pipeline("noise"), []
    import datetime

    now = datetime.datetime.fromtimestamp(fixture["end"] + 60, datetime.UTC)
    rows = fixture["readings"]
    for i in range(0, len(rows), batch):
        payload = json.dumps({"readings": [{"sensor": c, "ts": ts, "value": v} for ts, c, v, _t in rows[i:i + batch]]})
        events += pipeline.process([("noise", payload.encode())], now=now).events
    for s in sensors:
        s.station = station
    return replay(fixture, compiled_rules(sensors), events)
