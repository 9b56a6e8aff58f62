"""Projectile flight of the body's centre: one solve ties takeoff speed, angle, apex and flight time."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cinemotion.core.tables import Figure, Figures, load_table


class BallisticsFigures(Figures):
    gravity_mps2: Figure[float]


FIGURES = load_table("physics/ballistics.yaml", BallisticsFigures)
G = FIGURES.gravity_mps2.value


@dataclass(frozen=True)
class Launch:
    """Takeoff of a ballistic point: height y (m), horizontal speed vx and vertical speed vy (m/s)."""

    y: float
    vx: float
    vy: float

    @property
    def speed(self) -> float:
        return float(np.hypot(self.vx, self.vy))

    @property
    def angle_rad(self) -> float:
        return float(np.arctan2(self.vy, self.vx))

    @property
    def apex_s(self) -> float:
        return max(self.vy, 0.0) / G

    @property
    def apex_y(self) -> float:
        return self.y + max(self.vy, 0.0) ** 2 / (2 * G)

    def height(self, t):
        return self.y + self.vy * np.asarray(t) - 0.5 * G * np.asarray(t) ** 2

    def vertical_velocity(self, t):
        return self.vy - G * np.asarray(t)

    def speed_at(self, t) -> float:
        return float(np.hypot(self.vx, self.vertical_velocity(t)))

    def flight_s(self, y_land: float) -> float:
        """Time until the point comes back down to y_land."""
        return float((self.vy + np.sqrt(max(self.vy**2 + 2 * G * (self.y - y_land), 0.0))) / G)


def hermite(p0: float, v0: float, p1: float, v1: float, duration: float, t):
    """Cubic Hermite from (p0, v0) to (p1, v1) over `duration`: position and velocity both match."""
    s = np.clip(np.asarray(t, float) / duration, 0.0, 1.0)
    return ((2 * s**3 - 3 * s**2 + 1) * p0 + (s**3 - 2 * s**2 + s) * duration * v0
            + (-2 * s**3 + 3 * s**2) * p1 + (s**3 - s**2) * duration * v1)


def _through(distance: float, vx: float, y0: float, y_land: float) -> float:
    """The vertical speed that lands at y_land after covering `distance` at horizontal speed vx."""
    t = distance / vx
    return (y_land - y0 + 0.5 * G * t * t) / t


def solve_launch(*, y0: float, horizontal_m: float = 0.0, y_land: float | None = None,
                 rise_m: float | None = None, apex_y: float | None = None, angle_rad: float | None = None,
                 min_speed: float = 0.0, max_speed: float = np.inf, clear_y: float | None = None,
                 clear_at_m: float | None = None) -> Launch:
    """Takeoff velocity for a jump that rises `rise_m`, peaks at `apex_y`, or covers `horizontal_m`
    at `angle_rad`, landing at y_land; horizontal speed kept within [min_speed, max_speed] and the
    path raised, if needed, to pass above clear_y at clear_at_m."""
    y_land = y0 if y_land is None else y_land
    if rise_m is not None or apex_y is not None:
        vy = float(np.sqrt(2 * G * max(rise_m if rise_m is not None else apex_y - y0, 0.0)))
        launch = Launch(y0, 0.0, vy)
        if horizontal_m > 0:
            launch = Launch(y0, horizontal_m / launch.flight_s(y_land), vy)
        return launch
    k = np.tan(angle_rad if angle_rad is not None else np.radians(25.0))
    drop = y0 - y_land
    vx = horizontal_m * np.sqrt(G / (2 * max(horizontal_m * k + drop, 1e-6)))
    vx = float(np.clip(vx, max(min_speed, 0.5), max_speed))
    launch = Launch(y0, vx, _through(horizontal_m, vx, y0, y_land))
    if clear_y is not None and clear_at_m is not None:
        # Trade horizontal speed for height until the path clears the obstacle.
        for _ in range(60):
            if launch.height(clear_at_m / launch.vx) >= clear_y or launch.vx <= 1.0:
                break
            vx = launch.vx * 0.96
            launch = Launch(y0, vx, _through(horizontal_m, vx, y0, y_land))
    return launch
