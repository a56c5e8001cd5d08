"""Electric storage water heater: a one-node tank model integrated in closed form.

Between two switchings of the element the lumped tank obeys the linear equation
``C·dT/dt = P - UA·(T - T_amb)``, whose solution is an exponential towards
``T_eq = T_amb + P/UA`` (devices.md §7.5). We integrate that solution exactly and split a
step at the exact moment the thermostat or the safety cut-out switches, instead of using
Euler steps. Two things follow by construction:

* the result does not depend on the step size (a 1 s tick and a one-week jump agree);
* the standing loss is the closed-form integral of ``UA·(T - T_amb)``, computed
  independently of the temperature update, yet ``element - losses - draws`` equals the
  change in stored energy to float rounding (~1e-15 relative over a week), so the balance is a real
  check rather than a definition.

One node mixes instantly, so it understates the hot water a stratified tank can deliver;
for a demo and for planning the energy it needs, that is the accepted trade-off.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

WATER_HEAT_CAPACITY_WH_PER_L_K = 1.161
"""rho·c_p of water: about 1 kg/L x 4.18 kJ/(kg·K) ÷ 3.6 kJ/Wh (devices.md §7.5)."""

_SWITCH_TOLERANCE_K = 1e-6
"""Temperatures this close to a switching threshold count as reaching it.

A crossing time computed in float lands a rounding error away from the threshold; the
tolerance makes the switch happen there instead of asking for a zero-length step.
"""


class OperationMode(StrEnum):
    """Operation modes, spelled as Home Assistant's water_heater states."""

    ECO = "eco"
    ELECTRIC = "electric"
    PERFORMANCE = "performance"
    OFF = "off"


@dataclass(frozen=True, slots=True)
class TankSpec:
    """What the datasheet and the installation fix: size, element, insulation, limits."""

    volume_l: float = 200.0
    element_power_w: float = 3000.0
    standby_loss_kwh_per_24h: float = 1.9
    """Energy-label standing loss Q_sb, measured with the store ``standby_delta_t_k``
    above ambient."""
    standby_delta_t_k: float = 45.0
    ambient_c: float = 20.0
    cold_water_c: float = 10.0
    min_target_c: float = 30.0
    max_target_c: float = 75.0
    eco_max_c: float = 50.0
    hard_max_c: float = 85.0
    """Safety cut-out: no command can heat past this."""
    safety_restart_k: float = 2.0
    """The cut-out re-arms this far below ``hard_max_c`` (a forced element cycles there)."""

    def __post_init__(self) -> None:
        positives = {
            "volume_l": self.volume_l,
            "standby_loss_kwh_per_24h": self.standby_loss_kwh_per_24h,
            "standby_delta_t_k": self.standby_delta_t_k,
            "safety_restart_k": self.safety_restart_k,
        }
        for name, value in positives.items():
            if not value > 0:
                raise ValueError(f"TankSpec.{name} must be > 0, got {value}")
        if self.element_power_w < 0:
            raise ValueError(f"TankSpec.element_power_w must be >= 0, got {self.element_power_w}")
        if not self.min_target_c <= self.eco_max_c <= self.max_target_c <= self.hard_max_c:
            raise ValueError(
                "TankSpec needs min_target_c <= eco_max_c <= max_target_c <= hard_max_c"
            )

    @property
    def heat_capacity_wh_per_k(self) -> float:
        """C = V·rho·c_p."""
        return self.volume_l * WATER_HEAT_CAPACITY_WH_PER_L_K

    @property
    def loss_coefficient_w_per_k(self) -> float:
        """UA from the label figure: Q_sb·1000 / (24 h · ΔT_sb)."""
        return self.standby_loss_kwh_per_24h * 1000.0 / (24.0 * self.standby_delta_t_k)

    @property
    def time_constant_s(self) -> float:
        """C/UA: how fast an unheated tank relaxes towards ambient."""
        return self.heat_capacity_wh_per_k / self.loss_coefficient_w_per_k * 3600.0


@dataclass(frozen=True, slots=True)
class DrawResult:
    """What a tap asked for and what the tank could give (useful energy above cold water)."""

    requested_wh: float
    delivered_wh: float

    @property
    def limited(self) -> bool:
        """True when the tank ran out before the tap was satisfied."""
        return self.delivered_wh < self.requested_wh


@dataclass(frozen=True, slots=True)
class TankSnapshot:
    """All readings of the water heater at one instant, for the entity layer."""

    temperature_c: float
    target_temperature_c: float
    effective_setpoint_c: float
    hysteresis_k: float
    operation_mode: OperationMode
    force_heating: bool | None
    element_on: bool
    element_power_w: float
    element_energy_wh: float
    element_meter_wh: int
    standing_loss_wh: float
    drawn_energy_wh: float
    stored_energy_wh: float
    min_target_c: float
    max_target_c: float


class WaterTank:
    """A storage water heater: thermostat, element, standing losses and taps.

    The element follows a latched band: it switches on below ``low`` and off at ``high``.
    The band comes from the operation mode and target (thermostat), or from an external
    ``force_heating`` command (a relay a planner drives): ``True`` heats up to the safety
    cut-out regardless of the thermostat, ``False`` blocks the element. ``OFF`` mode wins
    over a forced ``True``: a user who switched the heater off (holiday) is not overruled
    by a price planner.
    """

    def __init__(
        self,
        spec: TankSpec | None = None,
        *,
        temperature_c: float | None = None,
        target_temperature_c: float = 60.0,
        hysteresis_k: float = 5.0,
        operation_mode: OperationMode = OperationMode.ELECTRIC,
    ) -> None:
        if not hysteresis_k > 0:
            raise ValueError(f"hysteresis_k must be > 0, got {hysteresis_k}")
        self._spec = spec or TankSpec()
        # Derived constants, read on every sub-step.
        self._capacity = self._spec.heat_capacity_wh_per_k
        self._ua = self._spec.loss_coefficient_w_per_k
        self._tau_s = self._spec.time_constant_s
        self._target_c = self._clamp_target(target_temperature_c)
        self._hysteresis_k = hysteresis_k
        self._mode = operation_mode
        self._force: bool | None = None
        self._temperature_c = self._target_c if temperature_c is None else temperature_c
        self._element_on = False
        self._band = self._control_band()
        self._element_wh = 0.0
        self._loss_wh = 0.0
        self._drawn_wh = 0.0
        self._settle_switch()

    # --- readings -------------------------------------------------------------------

    @property
    def spec(self) -> TankSpec:
        return self._spec

    @property
    def temperature_c(self) -> float:
        return self._temperature_c

    @property
    def target_temperature_c(self) -> float:
        """The user's setpoint; ``effective_setpoint_c`` is what the thermostat uses."""
        return self._target_c

    @property
    def hysteresis_k(self) -> float:
        return self._hysteresis_k

    @property
    def operation_mode(self) -> OperationMode:
        return self._mode

    @property
    def force_heating(self) -> bool | None:
        """External relay command: None = thermostat decides, True = heat, False = block."""
        return self._force

    @property
    def element_on(self) -> bool:
        return self._element_on

    @property
    def element_power_w(self) -> float:
        return self._spec.element_power_w if self._element_on else 0.0

    @property
    def effective_setpoint_c(self) -> float:
        """Thermostat setpoint after the mode: eco caps it, performance raises it to max."""
        if self._mode is OperationMode.ECO:
            return min(self._target_c, self._spec.eco_max_c)
        if self._mode is OperationMode.PERFORMANCE:
            return self._spec.max_target_c
        return self._target_c

    @property
    def element_energy_wh(self) -> float:
        """Electricity the element has used since the tank was created."""
        return self._element_wh

    @property
    def element_meter_wh(self) -> int:
        """The element's energy as a whole-Wh register; floor keeps it from going back."""
        return math.floor(self._element_wh)

    @property
    def standing_loss_wh(self) -> float:
        return self._loss_wh

    @property
    def drawn_energy_wh(self) -> float:
        """Useful energy (above cold water) delivered to taps."""
        return self._drawn_wh

    @property
    def stored_energy_wh(self) -> float:
        """Heat content above cold water: C·(T - T_cold)."""
        return self._capacity * (self._temperature_c - self._spec.cold_water_c)

    def snapshot(self) -> TankSnapshot:
        return TankSnapshot(
            temperature_c=self._temperature_c,
            target_temperature_c=self._target_c,
            effective_setpoint_c=self.effective_setpoint_c,
            hysteresis_k=self._hysteresis_k,
            operation_mode=self._mode,
            force_heating=self._force,
            element_on=self._element_on,
            element_power_w=self.element_power_w,
            element_energy_wh=self._element_wh,
            element_meter_wh=self.element_meter_wh,
            standing_loss_wh=self._loss_wh,
            drawn_energy_wh=self._drawn_wh,
            stored_energy_wh=self.stored_energy_wh,
            min_target_c=self._spec.min_target_c,
            max_target_c=self._spec.max_target_c,
        )

    # --- commands -------------------------------------------------------------------

    def set_operation_mode(self, mode: OperationMode) -> None:
        self._mode = OperationMode(mode)
        self._reconfigure()

    def set_target_temperature(self, temperature_c: float) -> None:
        """Set the setpoint; like a real knob it stops at the spec's min and max."""
        self._target_c = self._clamp_target(temperature_c)
        self._reconfigure()

    def set_hysteresis(self, hysteresis_k: float) -> None:
        if not hysteresis_k > 0:
            raise ValueError(f"hysteresis_k must be > 0, got {hysteresis_k}")
        self._hysteresis_k = hysteresis_k
        self._reconfigure()

    def set_force_heating(self, force: bool | None) -> None:
        """Drive the element from outside; True starts heating at once below the hard max."""
        self._force = force
        if force and self._mode is not OperationMode.OFF:
            self._element_on = self._temperature_c < self._spec.hard_max_c - _SWITCH_TOLERANCE_K
        self._reconfigure()

    # --- physics --------------------------------------------------------------------

    def step(self, seconds: float) -> None:
        """Advance by ``seconds``, switching the element at the exact crossing times."""
        if seconds < 0:
            raise ValueError(f"cannot step backwards ({seconds} s)")
        remaining = seconds
        while remaining > 0:
            self._settle_switch()
            segment = min(remaining, self.seconds_until_switch())
            self._integrate(segment)
            remaining -= segment
        self._settle_switch()

    def seconds_until_switch(self) -> float:
        """Time until the element would switch if nothing else happened (inf if never)."""
        low, high = self._band
        ambient = self._spec.ambient_c
        if self._element_on:
            equilibrium = ambient + self._spec.element_power_w / self._ua
            threshold = high
            if equilibrium <= threshold:
                return math.inf
        else:
            equilibrium = ambient
            threshold = low
            if threshold <= equilibrium:
                return math.inf
        ratio = (self._temperature_c - equilibrium) / (threshold - equilibrium)
        if ratio <= 1.0:
            return 0.0
        return self._tau_s * math.log(ratio)

    def draw_energy(self, energy_wh: float) -> DrawResult:
        """Take useful energy out; a tap cannot cool the tank below cold water."""
        if energy_wh < 0:
            raise ValueError(f"cannot draw negative energy ({energy_wh} Wh)")
        delivered = min(energy_wh, max(0.0, self.stored_energy_wh))
        self._remove_heat(delivered)
        return DrawResult(requested_wh=energy_wh, delivered_wh=delivered)

    def draw_volume(self, litres: float, tap_temperature_c: float) -> DrawResult:
        """Run ``litres`` at the tap, mixed to ``tap_temperature_c`` while the tank allows.

        While the tank is hotter than the tap, a mixer blends it with cold water and each
        litre takes ``c·(T_tap - T_cold)``. Once the tank has fallen to the tap
        temperature the tap gets tank water only, and in a fully mixed node the content
        then decays as ``exp(-V/V_tank)``; so a long draw ends lukewarm instead of
        pulling the tank below cold water.
        """
        if litres < 0:
            raise ValueError(f"cannot draw negative volume ({litres} L)")
        spec = self._spec
        per_litre_wh = WATER_HEAT_CAPACITY_WH_PER_L_K * (tap_temperature_c - spec.cold_water_c)
        if per_litre_wh <= 0:
            return DrawResult(requested_wh=0.0, delivered_wh=0.0)
        requested = litres * per_litre_wh
        content = max(0.0, self.stored_energy_wh)
        at_tap_temperature = spec.heat_capacity_wh_per_k * (tap_temperature_c - spec.cold_water_c)
        mixed = min(requested, max(0.0, content - at_tap_temperature))
        litres_left = litres - mixed / per_litre_wh
        unmixed = (content - mixed) * -math.expm1(-litres_left / spec.volume_l)
        delivered = mixed + max(0.0, unmixed)
        self._remove_heat(delivered)
        return DrawResult(requested_wh=requested, delivered_wh=delivered)

    # --- internals ------------------------------------------------------------------

    def _clamp_target(self, temperature_c: float) -> float:
        if not math.isfinite(temperature_c):
            raise ValueError(f"target temperature must be finite, got {temperature_c}")
        return min(max(temperature_c, self._spec.min_target_c), self._spec.max_target_c)

    def _control_band(self) -> tuple[float, float]:
        """(switch on below, switch off at) for whoever controls the element now."""
        if self._mode is OperationMode.OFF or self._force is False:
            return (-math.inf, -math.inf)
        if self._force:
            hard_max = self._spec.hard_max_c
            return (hard_max - self._spec.safety_restart_k, hard_max)
        high = self.effective_setpoint_c
        return (high - self._hysteresis_k, high)

    def _reconfigure(self) -> None:
        self._band = self._control_band()
        self._settle_switch()

    def _settle_switch(self) -> None:
        low, high = self._band
        if self._element_on and self._temperature_c >= high - _SWITCH_TOLERANCE_K:
            self._element_on = False
        elif not self._element_on and self._temperature_c < low + _SWITCH_TOLERANCE_K:
            self._element_on = True

    def _integrate(self, seconds: float) -> None:
        """Exact solution over a stretch with the element in one state."""
        ambient = self._spec.ambient_c
        power = self.element_power_w
        ua = self._ua
        start = self._temperature_c
        equilibrium = ambient + power / ua
        x = seconds / self._tau_s
        relaxed = -math.expm1(-x)  # 1 - e^(-x): share of the way to equilibrium
        hours = seconds / 3600.0
        # ∫UA·(T - T_amb)dt with T = T0 + (T_eq - T0)(1 - e^(-t/τ)), and UA·τ = C.
        loss = ua * (start - ambient) * hours + self._capacity * (equilibrium - start) * (
            x + math.expm1(-x)
        )
        self._temperature_c = start + (equilibrium - start) * relaxed
        self._element_wh += power * hours
        self._loss_wh += loss

    def _remove_heat(self, energy_wh: float) -> None:
        self._temperature_c -= energy_wh / self._capacity
        self._drawn_wh += energy_wh
        self._settle_switch()
