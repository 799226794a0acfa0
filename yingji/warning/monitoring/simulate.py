"""Realistic sensor signals for the demo, `yingji simulate-sensors`, the storm fixture and the benchmarks.

Each sensor gets a profile by its kind: a true signal (diurnal cycle, slow trends, the response to a storm) plus
measurement noise, occasional dropouts (a reading that never arrives) and, for a few chosen sensors, trouble: a
gas detector that flickers just under its alarm level, a leak, a sensor that falls silent. A storm is a rain
intensity curve over the county (a Gaussian bump of `peak` mm/h); rivers and reservoirs rise after it, slopes
creep faster. `truth` is the noise-free value, used to count the real crossings the rules must not miss.

Deterministic for a given seed.
"""

import math
import random
from dataclasses import dataclass

from .choices import SensorKind


@dataclass
class Storm:
    centre: float  # epoch seconds of the peak
    width: float = 2 * 3600.0  # seconds (one standard deviation)
    peak: float = 60.0  # mm/h at the peak

    def intensity(self, t):
        return self.peak * math.exp(-0.5 * ((t - self.centre) / self.width) ** 2)

    def fallen(self, t):
        """mm fallen since the storm began (the integral of the intensity up to t)."""
        z = (t - self.centre) / (self.width * math.sqrt(2))
        return self.peak * self.width / 3600 * math.sqrt(math.pi / 2) * (1 + math.erf(z))


@dataclass
class Profile:
    code: str
    kind: str
    interval: float
    base: float = 0.0
    trouble: str = ""  # "", "flicker", "leak", "silent"
    range_max: float = 100.0
    phase: float = 0.0


def profile_for(code, kind, interval, rnd, trouble="", range_max=100.0):
    base = {SensorKind.RAINFALL: 0.0, SensorKind.WATER_LEVEL: rnd.uniform(2.0, 3.5),
            SensorKind.DISPLACEMENT: rnd.uniform(0, 30), SensorKind.CRACK: rnd.uniform(5, 15),
            SensorKind.COMBUSTIBLE_GAS: rnd.uniform(1, 4), SensorKind.TOXIC_GAS: rnd.uniform(0.2, 1.5),
            SensorKind.TANK_LEVEL: rnd.uniform(4, 8), SensorKind.TEMPERATURE: rnd.uniform(20, 30),
            SensorKind.PRESSURE: rnd.uniform(0.3, 0.6), SensorKind.RESIDUAL_CURRENT: rnd.uniform(30, 90),
            SensorKind.CABLE_TEMPERATURE: rnd.uniform(28, 38)}.get(kind, 0.0)
    return Profile(code, kind, interval, base, trouble, range_max, rnd.uniform(0, 2 * math.pi))


NOISE = {SensorKind.RAINFALL: 0.2, SensorKind.WATER_LEVEL: 0.02, SensorKind.DISPLACEMENT: 0.3,
         SensorKind.CRACK: 0.05, SensorKind.COMBUSTIBLE_GAS: 0.8, SensorKind.TOXIC_GAS: 0.3,
         SensorKind.TANK_LEVEL: 0.02, SensorKind.TEMPERATURE: 0.3, SensorKind.PRESSURE: 0.005,
         SensorKind.RESIDUAL_CURRENT: 6.0, SensorKind.CABLE_TEMPERATURE: 0.5}
FLICKER_NOISE = 2.0


def truth(p, t, storm, *, leak=None):
    """The noise-free value of profile p at epoch seconds t."""
    day = 2 * math.pi * ((t + 8 * 3600) % 86400) / 86400  # local (UTC+8) time of day
    diurnal = math.sin(day - math.pi / 2 + p.phase * 0.1)  # lowest at dawn, highest mid-afternoon
    k = p.kind
    if k == SensorKind.RAINFALL:
        return storm.intensity(t) * p.interval / 3600 if storm else 0.0
    if k == SensorKind.WATER_LEVEL:
        rise = 0.06 * storm.fallen(t - 3 * 3600) if storm else 0.0  # the river answers 3 h later
        return p.base + 0.1 * diurnal + rise
    if k == SensorKind.DISPLACEMENT:
        creep = 0.5 * (t % (30 * 86400)) / 86400  # mm, 0.5 mm a day
        wet = 0.3 * storm.fallen(t - 2 * 3600) if storm else 0.0
        return p.base + creep + wet
    if k == SensorKind.CRACK:
        return p.base + 0.02 * diurnal + (0.05 * storm.fallen(t) if storm else 0.0)
    if k == SensorKind.COMBUSTIBLE_GAS:
        if p.trouble == "flicker":
            return 22.5
        value = p.base + 0.5 * diurnal
        if leak and leak[0] <= t <= leak[1]:
            value += 40 * min(1.0, (t - leak[0]) / 300)  # ramps up over five minutes to ~43 %LEL
        return value
    if k == SensorKind.RESIDUAL_CURRENT:
        return 297.0 if p.trouble == "flicker" else p.base + 10 * diurnal
    if k in (SensorKind.TEMPERATURE, SensorKind.CABLE_TEMPERATURE):
        return p.base + 6 * diurnal
    return p.base + 0.05 * p.base * diurnal


def measure(p, t, storm, rnd, *, leak=None, dropout=0.02):
    """(value, truth) of one reading, or None when it drops out (or the sensor is silent)."""
    if p.trouble == "silent" or rnd.random() < dropout:
        return None
    true = truth(p, t, storm, leak=leak)
    sigma = FLICKER_NOISE if p.trouble == "flicker" else NOISE.get(p.kind, 0.1)
    value = true + rnd.gauss(0, sigma)
    if p.kind == SensorKind.RAINFALL:
        value = max(0.0, round(value * 2) / 2 if true > 0.05 else (0.5 if rnd.random() < 0.01 else 0.0))
    elif p.kind in (SensorKind.COMBUSTIBLE_GAS, SensorKind.TOXIC_GAS, SensorKind.RESIDUAL_CURRENT):
        value = max(0.0, value)
    return round(min(value, p.range_max), 3), true


def series(profiles, start, end, storm, *, seed=1, leak=None, dropout=0.02):
    """[(ts, code, value, truth)] of every profile between start and end (epoch seconds), in time order."""
    rnd = random.Random(seed)
    out = []
    for p in profiles:
        t = start - (start % p.interval)
        while t < end:
            m = measure(p, t, storm, rnd, leak=leak.get(p.code) if leak else None, dropout=dropout)
            if m is not None:
                out.append((t, p.code, m[0], m[1]))
            t += p.interval
    out.sort()
    return out
