"""A metering smart plug: a relay in front of an appliance and a cumulative energy counter."""

from __future__ import annotations

import math
from dataclasses import dataclass

from components.demo.appliances import Appliance


@dataclass(frozen=True, slots=True)
class PlugSnapshot:
    """One plug's readings: switch state, instantaneous power (W), total energy (Wh)."""

    name: str
    on: bool
    power_w: float
    energy_wh: float
    activity: str


class SmartPlug:
    """Switches an appliance and meters it; energy only ever grows."""

    def __init__(self, name: str, appliance: Appliance, *, on: bool) -> None:
        self._name = name
        self._appliance = appliance
        # A plug that starts on (a restart restoring it) supplies its appliance without a
        # switch-on edge: a washing machine stays idle instead of starting a new wash.
        self._on = on
        self._energy_wh = 0.0
        # The constant piece last looked up: (from, until, power). Hub ticks hit it often.
        self._piece = (math.inf, math.inf, 0.0)

    @property
    def name(self) -> str:
        return self._name

    @property
    def on(self) -> bool:
        return self._on

    @property
    def energy_wh(self) -> float:
        return self._energy_wh

    def switch(self, on: bool, now: float) -> None:
        """Turning an off plug on powers the appliance up (a washer starts its program)."""
        if on and not self._on:
            self._appliance.powered(now)
        self._on = on
        self._piece = (math.inf, math.inf, 0.0)

    def power_at(self, timestamp: float) -> float:
        return self._piece_at(timestamp)[2]

    def next_change_after(self, timestamp: float) -> float:
        return self._piece_at(timestamp)[1]

    def run(self, start: float, seconds: float) -> float:
        """Meter a stretch with no change inside it; returns the power it drew (W)."""
        power = self._piece_at(start)[2]
        self._energy_wh += power * seconds / 3600.0
        return power

    def _piece_at(self, timestamp: float) -> tuple[float, float, float]:
        piece = self._piece
        if piece[0] <= timestamp < piece[1]:
            return piece
        if self._on:
            appliance = self._appliance
            piece = (
                timestamp,
                appliance.next_change_after(timestamp),
                appliance.power_at(timestamp),
            )
        else:
            piece = (timestamp, math.inf, 0.0)
        self._piece = piece
        return piece

    def snapshot(self, timestamp: float) -> PlugSnapshot:
        on = self._on
        return PlugSnapshot(
            name=self._name,
            on=on,
            power_w=self.power_at(timestamp),
            energy_wh=self._energy_wh,
            activity=self._appliance.activity_at(timestamp) if on else "off",
        )
