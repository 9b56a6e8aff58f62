"""Rate functions for camera moves: normalised time u in [0, 1] → progress, manim style.

The curves themselves live in core/rates.py (gestures use the same ones); the camera adds the
names cinematographers use: ease_in (slow start), ease_out (gentle arrival).
"""

from __future__ import annotations

from cinemotion.core.rates import (
    RATES as _MOTION_RATES, Rate, anticipate, ease_in_out, linear, overshoot, rush_from, rush_into, smooth, snap,
    there_and_back,
)

ease_in = rush_into
ease_out = rush_from

RATES: dict[str, Rate] = {**_MOTION_RATES, "ease_in": ease_in, "ease_out": ease_out}


def rate(name: str) -> Rate:
    """The rate function called `name` (as in camera/presets.yaml)."""
    return RATES[name]


__all__ = ["RATES", "Rate", "anticipate", "ease_in", "ease_in_out", "ease_out", "linear", "overshoot", "rate",
           "rush_from", "rush_into", "smooth", "snap", "there_and_back"]
