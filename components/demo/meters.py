"""The home's utility meters: a bidirectional electricity meter and a water meter."""

from __future__ import annotations


class GridMeter:
    """Import and export registers fed with stretches of linearly changing net power.

    A real meter counts each instant in the import or the export register, so a stretch
    whose net power crosses zero is split at the crossing; with net power linear over the
    stretch that split is exact, and ``import - export`` equals the net energy.
    """

    def __init__(self) -> None:
        self._import_wh = 0.0
        self._export_wh = 0.0

    @property
    def import_wh(self) -> float:
        return self._import_wh

    @property
    def export_wh(self) -> float:
        return self._export_wh

    @property
    def import_kwh(self) -> float:
        return self._import_wh / 1000.0

    @property
    def export_kwh(self) -> float:
        return self._export_wh / 1000.0

    def record(self, start_w: float, end_w: float, seconds: float) -> None:
        """Count a stretch whose net power (+ import, - export) runs linearly start → end."""
        hours = seconds / 3600.0
        if start_w >= 0.0 and end_w >= 0.0:
            self._import_wh += (start_w + end_w) / 2.0 * hours
        elif start_w <= 0.0 and end_w <= 0.0:
            self._export_wh -= (start_w + end_w) / 2.0 * hours
        else:
            crossing = start_w / (start_w - end_w)  # share of the stretch before zero
            first = start_w / 2.0 * hours * crossing
            second = end_w / 2.0 * hours * (1.0 - crossing)
            self._import_wh += max(first, second)
            self._export_wh -= min(first, second)


class WaterMeter:
    """Cumulative water volume; the hub reports it in m³ like a utility meter."""

    def __init__(self) -> None:
        self._litres = 0.0

    @property
    def litres(self) -> float:
        return self._litres

    @property
    def cubic_metres(self) -> float:
        return self._litres / 1000.0

    def add(self, litres: float) -> None:
        if litres < 0:
            raise ValueError(f"a water meter does not run backwards ({litres} L)")
        self._litres += litres
