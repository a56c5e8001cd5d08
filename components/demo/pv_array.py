"""A small south-facing PV array: clear-sky output from the sun's position, seeded clouds.

Solar position from day of year, latitude and longitude (solar time from UTC, so DST
does not move noon), Meinel's clear-sky beam irradiance through the air mass, a tilted
plane via the equivalent-latitude trick, and a performance ratio. Clouds are a per-day
cloudiness with a mean-reverting wander every five minutes. Good enough that a 3 kWp
array peaks around 2.5 kW on a clear June noon, ~1.1 kW in December, and exports at
midday.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime

from components.demo.knot_series import KNOT_INTERVAL_S, KNOTS_PER_DAY, KnotSeries

_SOLAR_CONSTANT_W_M2 = 1353.0
_PERFORMANCE_RATIO = 0.85
_DIFFUSE_SHARE = 0.1
_CLOUD_DEPTH = 0.75
"""Share of the clear-sky output a fully overcast sky takes away."""


def _declination_rad(day_of_year: int) -> float:
    return math.radians(23.44) * math.sin(2.0 * math.pi * (284 + day_of_year) / 365.0)


class PvArray:
    """PV output in W as an exactly integrable curve (linear between 5-minute knots)."""

    def __init__(
        self,
        *,
        peak_power_w: float = 3000.0,
        latitude: float = 52.0,
        longitude: float = 5.0,
        tilt_deg: float = 35.0,
        seed: int = 0,
    ) -> None:
        if peak_power_w < 0:
            raise ValueError(f"peak_power_w must be >= 0, got {peak_power_w}")
        self._peak_w = peak_power_w
        self._latitude = math.radians(latitude)
        self._longitude = longitude
        self._tilt = math.radians(tilt_deg)
        self._seed = seed
        self._series = KnotSeries(self._knots_for_day)

    def power_at(self, timestamp: float) -> float:
        return self._series.value_at(timestamp)

    def next_change_after(self, timestamp: float) -> float:
        return KnotSeries.next_knot_after(timestamp)

    def clear_sky_power_w(self, timestamp: float) -> float:
        """Output without clouds at one instant."""
        moment = datetime.fromtimestamp(timestamp, UTC)
        declination = _declination_rad(moment.timetuple().tm_yday)
        solar_hours = moment.hour + moment.minute / 60 + moment.second / 3600 + self._longitude / 15
        hour_angle = math.radians(15.0 * (solar_hours - 12.0))
        sin_elevation = math.sin(self._latitude) * math.sin(declination) + math.cos(
            self._latitude
        ) * math.cos(declination) * math.cos(hour_angle)
        if sin_elevation <= 0.01:
            return 0.0
        beam = _SOLAR_CONSTANT_W_M2 * math.pow(0.7, math.pow(1.0 / sin_elevation, 0.678))
        # A south-facing plane tilted β sees the sun as a flat plane at latitude φ - β.
        plane_latitude = self._latitude - self._tilt
        cos_incidence = math.sin(plane_latitude) * math.sin(declination) + math.cos(
            plane_latitude
        ) * math.cos(declination) * math.cos(hour_angle)
        diffuse = _DIFFUSE_SHARE * beam * (1.0 + math.cos(self._tilt)) / 2.0
        irradiance = beam * max(0.0, cos_incidence) + diffuse
        return self._peak_w * _PERFORMANCE_RATIO * irradiance / 1000.0

    def _knots_for_day(self, day: int) -> list[float]:
        rng = random.Random(f"pv-clouds:{self._seed}:{day}")
        cloudiness = rng.random() ** 1.5
        cover = cloudiness
        values = []
        for position in range(KNOTS_PER_DAY):
            cover += 0.2 * (cloudiness - cover) + rng.gauss(0.0, 0.12)
            cover = min(1.0, max(0.0, cover))
            clear = self.clear_sky_power_w(day * 86400 + position * KNOT_INTERVAL_S)
            values.append(round(clear * (1.0 - _CLOUD_DEPTH * cover), 1))
        return values
