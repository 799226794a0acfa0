"""The alarm engine: rules compiled from the AlarmRule table, and a small state machine per (sensor, alarm type)
with hysteresis on both sides (Grafana's Pending and keep-firing-for):

    normal ──越限──▶ pending ──持续 pending_seconds──▶ firing ──回到限内──▶ recovering ──持续 keep_firing_seconds──▶ normal
                        └──回到限内──▶ normal                └──再次越限──▶ firing

Time is the readings' own time (ts), so a replay gives the same alarms as the live stream. Entering `firing` creates
the alarm (or, when the database already has an active one for this sensor and type — another ingest process, an
alarm still open from before — merges into it: count + 1, level raised); a higher level while firing raises the
alarm's level; `normal` again marks the alarm recovered (恢复正常) and leaves it open for a person to close.

The in-memory state is derived from database rows: a process starting (or restarting) reads each sensor's open
alarms (→ firing at their level) and its last reading (→ the rate's previous value). Only a pending or recovering
timer is lost on a restart, which delays an alarm or its recovery by at most that period and never duplicates one.
"""

import bisect
from dataclasses import dataclass, field

from .choices import AlarmLevel, Direction, Metric, alarm_type_for

NORMAL, PENDING, FIRING, RECOVERING = "normal", "pending", "firing", "recovering"


@dataclass(frozen=True)
class CompiledRule:
    rule_id: int
    alarm_type: str
    metric: str
    window: int  # minutes
    above: bool
    thresholds: tuple  # ((level, threshold), …) lowest level first
    pending: float  # seconds
    keep: float  # seconds
    basis: str = ""

    @classmethod
    def of(cls, rule):
        return cls(rule.pk, alarm_type_for(rule.metric, rule.window_minutes), rule.metric, rule.window_minutes,
                   rule.direction == Direction.ABOVE, tuple((int(lvl), float(v)) for lvl, v in rule.thresholds()),
                   float(rule.pending_seconds), float(rule.keep_firing_seconds), rule.legal_basis)

    def level_of(self, x):
        level = 0
        if self.above:
            for lvl, t in self.thresholds:
                if x >= t:
                    level = lvl
        else:
            for lvl, t in self.thresholds:
                if x <= t:
                    level = lvl
        return level

    def threshold_of(self, level):
        return dict(self.thresholds).get(level)


@dataclass
class Track:
    """The state of one (sensor, alarm type)."""

    phase: str = NORMAL
    since: float = 0.0  # epoch seconds the phase started (reading time)
    level: int = 0  # the level of the open alarm (firing/recovering) or of the pending crossing
    alarm_id: int | None = None
    peak: float | None = None


@dataclass
class Decision:
    """What the engine asks the store to do for one reading."""

    action: str  # "fire", "raise", "recover"
    rule: CompiledRule
    track: Track
    level: int
    ts: float
    value: float


def step(rule, track, level, ts, value):
    """Advance one track with the level a reading reached; returns a Decision or None. Pure (no I/O)."""
    if track.phase == NORMAL:
        if level:
            if rule.pending <= 0:
                return _fire(rule, track, level, ts, value)
            track.phase, track.since, track.level, track.peak = PENDING, ts, level, value
        return None
    if track.phase == PENDING:
        if not level:
            track.phase, track.level = NORMAL, 0
            return None
        track.level = max(track.level, level) if level else track.level
        if ts - track.since >= rule.pending:
            return _fire(rule, track, level, ts, value)
        return None
    # firing or recovering
    if level:
        track.phase = FIRING
        track.peak = value if track.peak is None else (max(track.peak, value) if rule.above else min(track.peak, value))
        if level > track.level:
            track.level = level
            return Decision("raise", rule, track, level, ts, value)
        return None
    if track.phase == FIRING:
        if rule.keep <= 0:
            return _recover(rule, track, ts, value)
        track.phase, track.since = RECOVERING, ts
        return None
    if ts - track.since >= rule.keep:
        return _recover(rule, track, ts, value)
    return None


def _fire(rule, track, level, ts, value):
    track.phase, track.since, track.level, track.peak = FIRING, ts, level, value
    return Decision("fire", rule, track, level, ts, value)


def _recover(rule, track, ts, value):
    track.phase, track.level = NORMAL, 0
    return Decision("recover", rule, track, 0, ts, value)


@dataclass
class SensorState:
    sensor_id: int
    code: str
    kind: str
    station_id: int
    region_id: int
    range_min: float
    range_max: float
    offline_seconds: float
    label: str = ""
    unit: str = ""
    rules: list = field(default_factory=list)
    has_sums: bool = False  # a rule on sums over a window (set with the rules, read once per reading)
    quiet_bounds: tuple | None = None  # (low, high): values strictly inside reach no threshold (quiet_bounds())
    tracks: dict = field(default_factory=dict)  # alarm_type -> Track
    last_ts: float | None = None
    last_value: float | None = None
    status_ts: float = 0.0  # reading time of the last SensorStatus write
    region: object = None  # the station's Region (rules are chosen by it)

    def refresh(self, sensor):
        """Take the attributes of a (re)loaded Sensor row (with station__region); the alarm state is kept."""
        self.kind, self.station_id, self.region_id = sensor.kind, sensor.station_id, sensor.station.region_id
        self.range_min, self.range_max, self.offline_seconds = sensor.range_min, sensor.range_max, sensor.offline_seconds
        self.label, self.unit, self.region = f"{sensor.station.name} {sensor.code}", sensor.unit, sensor.station.region

    def quiet(self, low, high):
        """True when values from `low` to `high` are level 0 for every rule: every rule judges the value and both lie
        strictly inside quiet_bounds (values, not windows: a rate or a sum has no such bounds)."""
        if self.quiet_bounds is None:
            return False
        return self.quiet_bounds[0] < low and high < self.quiet_bounds[1]

    def normal(self):
        """True when no track is pending, firing or recovering: level-0 readings then change nothing."""
        for t in self.tracks.values():
            if t.phase != NORMAL:
                return False
        return True

    def track(self, alarm_type):
        t = self.tracks.get(alarm_type)
        if t is None:
            t = self.tracks[alarm_type] = Track()
        return t


def settle_quietly(st, readings):
    """The decisions of a sensor's readings [(code, ts, value)] by time that are all level 0 for every rule
    (st.quiet), without stepping each one: for a level-0 reading step() leaves a normal track as it is, ends a
    pending one, turns a firing one recovering (or recovers it when keep is 0) and recovers a recovering one whose
    keep-firing period has passed — so a track changes at most at the first reading and at the first one at least
    `keep` after its recovering began. Those two are stepped (a bisection finds the second), in the order
    stepping every reading would take them (by reading, then by rule); the tracks end as that would leave them."""
    steps = []  # (index of the reading, position of the rule, decision)
    first = readings[0]
    for pos, rule in enumerate(st.rules):
        track = st.tracks.get(rule.alarm_type)
        if track is None or track.phase == NORMAL:
            continue
        decision = step(rule, track, 0, first[1], first[2])
        if decision is not None:
            steps.append((0, pos, decision))
        if track.phase == RECOVERING:
            since, keep = track.since, rule.keep
            # the first reading that recovers it (ts - since grows with ts); one at the first reading's time, not
            # judged, cannot be it: the first did not recover it (or made it recovering, since = its time, keep > 0)
            i = bisect.bisect_left(readings, True, 1, key=lambda r: r[1] - since >= keep)
            if i < len(readings):
                decision = step(rule, track, 0, readings[i][1], readings[i][2])
                if decision is not None:
                    steps.append((i, pos, decision))
    steps.sort(key=lambda s: s[:2])
    return [d for _i, _pos, d in steps]


def quiet_bounds(rules):
    """(low, high) such that a value strictly between them is level 0 for every rule (level_of), or None when a
    rule judges something else than the value (a rate or a sum needs its window, reading by reading)."""
    low, high = float("-inf"), float("inf")
    for r in rules:
        if r.metric != Metric.VALUE:
            return None
        limits = [t for _level, t in r.thresholds]
        if limits:
            if r.above:
                high = min(high, *limits)
            else:
                low = max(low, *limits)
    return low, high


def choose_rules(rules, kind, code, region):
    """The rules that apply to a sensor: for each (metric, window) the sensor's own row if any, else its kind's;
    among those, the most specific region (rules.py's most_specific)."""
    from yingji.platform.core.rules import most_specific

    groups = {}
    for r in rules:
        if r.sensor_kind != kind or r.sensor_code not in ("", code) or not r.applies_in(region):
            continue
        groups.setdefault((r.metric, r.window_minutes), []).append(r)
    chosen = []
    for rows in groups.values():
        own = [r for r in rows if r.sensor_code]
        chosen.append(most_specific(own or rows))
    return chosen


LEVEL_NAMES = dict(AlarmLevel.choices)
