"""``distance()`` and ``closest()``: distances on the WGS-84 ellipsoid (Vincenty's
inverse formula), in the hub's length unit (km or mi)."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from typing import Any, Final

_LOGGER = logging.getLogger("hub.template")

_AXIS_A: Final = 6378137.0  # metres
_FLATTENING: Final = 1 / 298.257223563
_AXIS_B: Final = 6356752.314245
_MAX_ITERATIONS: Final = 200
_CONVERGENCE: Final = 1e-12
ATTR_LATITUDE: Final = "latitude"
ATTR_LONGITUDE: Final = "longitude"


def vincenty_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float | None:
    """Distance in metres between two points; None when the formula does not converge
    (nearly antipodal points)."""
    if lat1 == lat2 and lon1 == lon2:
        return 0.0
    u1 = math.atan((1 - _FLATTENING) * math.tan(math.radians(lat1)))
    u2 = math.atan((1 - _FLATTENING) * math.tan(math.radians(lat2)))
    sin_u1, cos_u1 = math.sin(u1), math.cos(u1)
    sin_u2, cos_u2 = math.sin(u2), math.cos(u2)
    longitude_delta = math.radians(lon2 - lon1)
    lam = longitude_delta
    for _ in range(_MAX_ITERATIONS):
        sin_lam, cos_lam = math.sin(lam), math.cos(lam)
        sin_sigma = math.hypot(cos_u2 * sin_lam, cos_u1 * sin_u2 - sin_u1 * cos_u2 * cos_lam)
        if sin_sigma == 0:
            return 0.0
        cos_sigma = sin_u1 * sin_u2 + cos_u1 * cos_u2 * cos_lam
        sigma = math.atan2(sin_sigma, cos_sigma)
        sin_alpha = cos_u1 * cos_u2 * sin_lam / sin_sigma
        cos_sq_alpha = 1 - sin_alpha**2
        cos_2sigma_m = cos_sigma - 2 * sin_u1 * sin_u2 / cos_sq_alpha if cos_sq_alpha else 0.0
        c = _FLATTENING / 16 * cos_sq_alpha * (4 + _FLATTENING * (4 - 3 * cos_sq_alpha))
        previous = lam
        lam = longitude_delta + (1 - c) * _FLATTENING * sin_alpha * (
            sigma + c * sin_sigma * (cos_2sigma_m + c * cos_sigma * (-1 + 2 * cos_2sigma_m**2))
        )
        if abs(lam - previous) < _CONVERGENCE:
            break
    else:
        return None
    u_sq = cos_sq_alpha * (_AXIS_A**2 - _AXIS_B**2) / _AXIS_B**2
    a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    delta_sigma = (
        b
        * sin_sigma
        * (
            cos_2sigma_m
            + b
            / 4
            * (
                cos_sigma * (-1 + 2 * cos_2sigma_m**2)
                - b / 6 * cos_2sigma_m * (-3 + 4 * sin_sigma**2) * (-3 + 4 * cos_2sigma_m**2)
            )
        )
    )
    kilometres = round(_AXIS_B * a * (sigma - delta_sigma) / 1000, 6)
    return kilometres * 1000


def has_location(state: Any) -> bool:
    """Whether a state carries float ``latitude`` and ``longitude`` attributes."""
    attributes = getattr(state, "attributes", None)
    return (
        attributes is not None
        and isinstance(attributes.get(ATTR_LATITUDE), float)
        and isinstance(attributes.get(ATTR_LONGITUDE), float)
    )


def closest_state(latitude: float, longitude: float, states: Iterable[Any]) -> Any:
    """The state with a location nearest to the point (None when none has one)."""
    best, best_distance = None, math.inf
    for state in states:
        if not has_location(state):
            continue
        metres = vincenty_metres(
            latitude,
            longitude,
            state.attributes[ATTR_LATITUDE],
            state.attributes[ATTR_LONGITUDE],
        )
        if metres is not None and metres < best_distance:
            best, best_distance = state, metres
    return best


def as_float(value: Any) -> float | None:
    """``float(value)`` or None."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
