"""Rate functions: normalised time → progress, `float -> float` easing curves (manim style).

Each takes u in [0, 1] (scalars or arrays; values outside are clamped) and returns progress,
0 at u = 0 and 1 at u = 1 except `there_and_back`, which returns to 0. Gesture phases are built
from them: a preparation eases in, a stroke rushes or snaps, a retraction settles.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Rate = Callable[[np.ndarray], np.ndarray]


def _clamp(u) -> np.ndarray:
    return np.clip(np.asarray(u, dtype=float), 0.0, 1.0)


def linear(u) -> np.ndarray:
    return _clamp(u)


def smooth(u) -> np.ndarray:
    """Smootherstep: zero velocity and acceleration at both ends (minimum-jerk-like)."""
    u = _clamp(u)
    return u**3 * (u * (6 * u - 15) + 10)


def ease_in_out(u) -> np.ndarray:
    """Smoothstep: zero velocity at both ends."""
    u = _clamp(u)
    return u * u * (3 - 2 * u)


def rush_into(u) -> np.ndarray:
    """Slow start, fast arrival: the first half of `smooth` stretched over the phase."""
    return 2 * smooth(_clamp(u) / 2)


def rush_from(u) -> np.ndarray:
    """Fast start, gentle arrival: a ballistic stroke that settles on its target."""
    return 2 * smooth(_clamp(u) / 2 + 0.5) - 1


def snap(u) -> np.ndarray:
    """Very fast departure (startle, flinch): exponential approach, exactly 1 at u = 1."""
    u = _clamp(u)
    return (1 - np.exp(-6 * u)) / (1 - np.exp(-6.0))


def overshoot(u, pull: float = 1.7) -> np.ndarray:
    """Passes the target a little and comes back (a lively stroke)."""
    u = _clamp(u) - 1
    return 1 + u * u * ((pull + 1) * u + pull)


def anticipate(u, pull: float = 1.7) -> np.ndarray:
    """Backs off a little before going (a wind-up)."""
    u = _clamp(u)
    return u * u * ((pull + 1) * u - pull)


def there_and_back(u) -> np.ndarray:
    """0 → 1 → 0 smoothly: a pulse over the phase."""
    u = _clamp(u)
    return smooth(np.where(u < 0.5, 2 * u, 2 - 2 * u))


RATES: dict[str, Rate] = {f.__name__: f for f in (linear, smooth, ease_in_out, rush_into, rush_from, snap,
                                                      overshoot, anticipate, there_and_back)}


def rate(name: str) -> Rate:
    """The rate function called `name` (names as in the YAML tables)."""
    return RATES[name]
