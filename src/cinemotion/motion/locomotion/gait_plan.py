"""Plan a stretch of locomotion: speed profile, path, footfalls and the pelvis trajectory.

Motion time τ runs from 0 at the window's first frame. Speed follows a first-order approach to the
target (v(τ) = V + (v0 − V)·e^(−τ/T), Samozino 2016) and a smooth stop when the body must come to rest.
The gait phase advances at the cadence of the current speed; each strike plants the foot under where the
pelvis will be part-way through that stance, so step length × cadence = speed by construction.
The pelvis rises and falls as walking's inverted pendulum (peak at mid single support) or running's
spring-mass bounce (lowest at mid stance, ballistic parabola in flight).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.interpolate import CubicSpline
from scipy.ndimage import gaussian_filter1d
from scipy.spatial.transform import Rotation

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.gait_params import gait_at
from cinemotion.body.skeleton import Body, J, foot_points
from cinemotion.physics.ballistics import G as GRAVITY


class GaitPlanFigures(Figures):
    symmetry_m: Figure[float]
    plant_stance_fraction: Figure[dict[bool, float]]


FIGURES = load_table("motion/locomotion/gait_plan.yaml", GaitPlanFigures)
SYMMETRY_M = FIGURES.symmetry_m.value  # touchdown and toe-off pelvis heights of a running step differ by at most this
SIDES = ("left", "right")
# Where under the stance the foot lands: the ankle sits below the pelvis this far through stance, so the
# foot touches down ahead of the body and leaves behind it. Running lands closer under the body and pushes
# off further behind (Novacheck 1998, Fig. 2; Cavanagh & Kram 1989).
PLANT_STANCE_FRACTION = FIGURES.plant_stance_fraction.value  # by whether the gait has a flight phase
GAIT_FIELDS = ("cadence_spm", "stance_s", "vertical_oscillation_m", "stance_knee", "strike_foot_pitch",
               "toe_off_foot_pitch", "heel_rise_at", "shoulder_swing", "elbow", "elbow_swing", "trunk_lean",
               "step_width_m", "pelvis_rotation", "pelvis_obliquity", "lateral_sway_m", "foot_clearance_m")


@dataclass
class Footfall:
    side: str
    strike: float  # motion time of initial contact
    off: float  # motion time of toe-off
    ankle: np.ndarray  # (3,) ankle position when the foot lies flat at this spot
    yaw: float  # foot heading (travel direction convention: 0 = +X)
    strike_pitch: float
    off_pitch: float
    heel_rise_at: float
    slip_m: float = 0.0  # the foot slides this far forward during stance (slick surface)
    speed: float = 0.0


@dataclass
class GaitPlan:
    tau: np.ndarray  # (n,) motion time
    root: np.ndarray  # (n, 3) pelvis position
    heading: np.ndarray  # (n,) travel direction
    speed: np.ndarray  # (n,) m/s
    phase: np.ndarray  # (n,) 0..1 per stride, left strike = 0 (unwrapped: integer part counts strides)
    footfalls: list[Footfall]
    curves: dict[str, np.ndarray]  # per-frame gait figures (GAIT_FIELDS) and swing angle keys
    swing_hip: np.ndarray  # (n, 5)
    swing_knee: np.ndarray  # (n, 5)
    extras: dict[str, np.ndarray] = field(default_factory=dict)  # style curves: glance, sway, slip recovery


def direction(heading: np.ndarray | float) -> np.ndarray:
    """Unit travel vector(s) for heading(s): 0 → +X, h → (cos h, 0, −sin h)."""
    h = np.asarray(heading, dtype=float)
    return np.stack([np.cos(h), np.zeros_like(h), -np.sin(h)], axis=-1)


def lateral(heading: np.ndarray | float) -> np.ndarray:
    """Unit vector(s) to the walker's left for heading(s)."""
    h = np.asarray(heading, dtype=float)
    return np.stack([-np.sin(h), np.zeros_like(h), -np.cos(h)], axis=-1)


class Path:
    """The ground path the pelvis follows, by arc length: waypoints smoothed by a spline, then straight."""

    def __init__(self, start: np.ndarray, heading: float, waypoints: list[list[float]]):
        points = [np.asarray(start, float)[[0, 2]]] + [np.asarray(w, float)[:2] for w in waypoints]
        points = [p for i, p in enumerate(points) if i == 0 or np.linalg.norm(p - points[i - 1]) > 0.05]
        self.start_heading = heading
        if len(points) < 2:
            self.spline = None
            self.origin = points[0]
            self.length = 0.0
            self.end_heading = heading
            return
        pts = np.array(points)
        chord = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(pts, axis=0), axis=1))])
        d0 = direction(heading)[[0, 2]]
        self.spline = CubicSpline(chord, pts, bc_type=((1, d0), "natural"))
        fine = np.linspace(0.0, chord[-1], max(64, int(chord[-1] * 50)))
        seg = np.linalg.norm(np.diff(self.spline(fine), axis=0), axis=1)
        self.arc = np.concatenate([[0.0], np.cumsum(seg)])
        self.fine = fine
        self.length = float(self.arc[-1])
        tangent = self.spline(chord[-1], 1)
        self.end_heading = float(np.arctan2(-tangent[1], tangent[0]))
        self.end_point = pts[-1]

    def at(self, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Ground points (n, 2: x, z) and headings (n,) at arc lengths s."""
        s = np.asarray(s, float)
        if self.spline is None:
            d = direction(self.start_heading)[[0, 2]]
            return self.origin + s[:, None] * d, np.full(s.shape, float(self.start_heading))
        before = np.minimum(s, 0.0)
        inside = np.clip(s, 0.0, self.length)
        chord = np.interp(inside, self.arc, self.fine)
        xz = self.spline(chord)
        tangent = self.spline(chord, 1)
        heading = np.arctan2(-tangent[:, 1], tangent[:, 0])
        beyond = np.maximum(s - self.length, 0.0)
        xz = xz + beyond[:, None] * direction(self.end_heading)[[0, 2]]
        xz = xz + before[:, None] * direction(self.start_heading)[[0, 2]]
        heading = np.where(s > self.length, self.end_heading, np.where(s < 0, self.start_heading, heading))
        return xz, np.unwrap(heading)


def gait_curves(verb: str, speed: np.ndarray, emotion: str | None = None) -> tuple[dict, np.ndarray, np.ndarray]:
    """Every gait figure per frame: the table evaluated on a grid of speeds, interpolated."""
    grid = np.linspace(max(speed.min(), 0.05), max(speed.max(), 0.06), 9)
    params = [gait_at(verb, v, emotion) for v in grid]
    curves = {f: np.interp(speed, grid, [getattr(p, f) for p in params]) for f in GAIT_FIELDS}
    hips = np.stack([np.interp(speed, grid, [p.swing_hip[k] for p in params]) for k in range(5)], axis=1)
    knees = np.stack([np.interp(speed, grid, [p.swing_knee[k] for p in params]) for k in range(5)], axis=1)
    return curves, hips, knees


def stride_phase(tau: np.ndarray, cadence_spm: np.ndarray, phase0: float,
                 rate_noise: np.ndarray | None = None, step_rates: np.ndarray | None = None) -> np.ndarray:
    """Unwrapped gait phase (strides) integrated from the cadence (two steps per stride).

    step_rates: a rate multiplier per step (cycled), so each step's duration varies on its own.
    """
    rate = cadence_spm / 120.0 * np.ones_like(tau)
    if rate_noise is not None:
        rate = rate * rate_noise
    dt = np.diff(tau, prepend=tau[0])
    if step_rates is None:
        return phase0 + np.cumsum(rate * dt)
    phase = np.empty_like(tau)
    current = phase0
    for i, (r, d) in enumerate(zip(rate, dt)):
        current += r * d * step_rates[int(np.floor(2 * (current - phase0))) % len(step_rates)]
        phase[i] = current
    return phase


def crossings(tau: np.ndarray, phase: np.ndarray, offset: float) -> list[float]:
    """Motion times at which phase − offset passes an integer (linear between frames; extrapolated past)."""
    times = []
    lo, hi = np.floor(phase[0] - offset), np.floor(phase[-1] - offset)
    for k in np.arange(lo + 1, hi + 1):
        times.append(float(np.interp(k + offset, phase, tau)))
    return times


def planted_ankle(flat_ankle: np.ndarray, foot_yaw: np.ndarray, pitch: np.ndarray, body: Body) -> np.ndarray:
    """Ankle positions (n, 3) of a planted foot rolling about its heel (toes up) or its ball (heel up)."""
    heel, ball = foot_points(body)
    pivot_rest = np.where(np.asarray(pitch)[:, None] >= 0, heel, ball)
    turn = Rotation.from_euler("y", np.asarray(foot_yaw)[:, None] + np.pi / 2)
    pivot = flat_ankle + turn.apply(pivot_rest)
    return pivot - (turn * Rotation.from_euler("x", -np.asarray(pitch)[:, None])).apply(pivot_rest)


def _highest_pelvis(body: Body, ankle: np.ndarray, pelvis_ground: np.ndarray, heading: float, side: str,
                    knee: float) -> float:
    """The highest pelvis (over this ground point) from which a leg with this knee flexion reaches the ankle."""
    off = body.offsets
    thigh, shank = np.linalg.norm(off[J["left_knee"]]), np.linalg.norm(off[J["left_ankle"]])
    reach = 0.985 * np.sqrt(thigh**2 + shank**2 + 2 * thigh * shank * np.cos(knee))
    hip = body.rest[J[f"{side}_hip"]]
    hip_ground = pelvis_ground + lateral(heading) * hip[0] * np.sign(hip[0]) * (1 if side == "left" else -1)
    horizontal = np.linalg.norm((ankle - hip_ground)[[0, 2]])
    return float(ankle[1] + np.sqrt(max(reach**2 - horizontal**2, 0.0)) + body.rest[0, 1] - hip[1])


def pelvis_heights(body: Body, footfalls: list[Footfall], tau: np.ndarray, curves: dict,
                   ground: np.ndarray, heading: np.ndarray) -> np.ndarray:
    """Pelvis height per frame: inverted pendulum (walk), or spring-mass stance with ballistic flight (run).

    Running: the pelvis lands at the height from which the leg (knee slightly flexed) reaches the footfall,
    sinks to the stance knee flexion at mid stance, leaves at the height the extended leg reaches behind, and
    flies a parabola under gravity to the next touchdown (take-off speed solved for the flight time).
    """
    off = body.offsets
    thigh, shank = np.linalg.norm(off[J["left_knee"]]), np.linalg.norm(off[J["left_ankle"]])
    ankle_h = body.rest[J["left_ankle"], 1]
    pelvis_above_hip = body.rest[0, 1] - body.rest[J["left_hip"], 1]
    knee = curves["stance_knee"]
    leg = np.sqrt(thigh**2 + shank**2 + 2 * thigh * shank * np.cos(knee))
    mid_stance = ankle_h + leg + pelvis_above_hip  # foot under the hip at the stance's knee flexion
    osc = curves["vertical_oscillation_m"]
    steps = sorted(footfalls, key=lambda f: f.strike)
    y = mid_stance.copy()
    if len(steps) < 2:
        return y

    def at(values: np.ndarray, t: float):
        return np.interp(t, tau, values) if values.ndim == 1 else np.array(
            [np.interp(t, tau, values[:, k]) for k in range(values.shape[1])])

    # touchdown and toe-off heights of each stance, limited by the leg's reach (used by running steps)
    ends = []
    for k, f in enumerate(steps):
        # the table's oscillation is peak to peak: the flight's own rise (g·tf²/8) is part of it
        flight_time = max(steps[k + 1].strike - f.off, 0.0) if k + 1 < len(steps) else 0.0
        top = float(at(mid_stance, f.strike) + at(osc, f.strike)) - GRAVITY * min(flight_time, 0.3) ** 2 / 8
        td_ankle = planted_ankle(f.ankle[None], np.array([f.yaw]), np.array([f.strike_pitch]), body)[0]
        to_ankle = planted_ankle(f.ankle[None], np.array([f.yaw]), np.array([f.off_pitch]), body)[0]
        h_td = min(top, _highest_pelvis(body, td_ankle, at(ground, f.strike), float(at(heading, f.strike)),
                                        f.side, np.radians(15)))
        off = min(f.off, f.strike + 1.0)
        h_to = min(top, _highest_pelvis(body, to_ankle, at(ground, off), float(at(heading, off)), f.side,
                                        np.radians(5)))
        # running is near symmetric: the pelvis lands about as high as it took off
        ends.append((min(h_td, h_to + SYMMETRY_M), min(h_to, h_td + SYMMETRY_M)))
    for k, (f, g) in enumerate(zip(steps[:-1], steps[1:])):
        inside = (tau >= f.strike) & (tau < g.strike)
        if g is steps[-1]:
            inside |= tau >= g.strike
        step = g.strike - f.strike
        if not inside.any() or step < 1e-6:
            continue
        t = tau[inside] - f.strike
        flight_time = g.strike - f.off
        if flight_time <= 1e-3:  # walking: inverted pendulum, lowest mid double support
            contact = min(f.off - f.strike, 2 * step)  # a closing step stays down
            low_time = max(contact - step, 0.0) / 2.0
            phase = np.clip(t, 0.0, step)
            y[inside] = mid_stance[inside] - osc[inside] * np.cos(np.pi * (phase - low_time) / step) ** 2
            continue
        h_td, h_to = ends[k]
        contact = f.off - f.strike
        prev_tf = f.strike - steps[k - 1].off if k > 0 else flight_time
        if k == 0:
            v_land = -GRAVITY * flight_time / 2
        elif prev_tf > 1e-3:
            v_land = (h_td - ends[k - 1][1]) / prev_tf - GRAVITY * prev_tf / 2
        else:
            v_land = 0.0
        v_off = (ends[k + 1][0] - h_to) / flight_time + GRAVITY * flight_time / 2
        u = np.clip(t / max(contact, 1e-3), 0.0, 1.0)
        h00, h01 = 2 * u**3 - 3 * u**2 + 1, -2 * u**3 + 3 * u**2
        h10, h11 = u**3 - 2 * u**2 + u, u**3 - u**2
        hermite = h00 * h_td + h01 * h_to + contact * (h10 * v_land + h11 * v_off)
        middle = 0.5 * (h_td + h_to) + contact * (v_land - v_off) / 8
        sink = max(middle - float(at(mid_stance, f.strike + contact / 2)), 0.0)
        stance_y = hermite - sink * 16 * (u * (1 - u)) ** 2
        tf = np.clip(t - contact, 0.0, flight_time)
        flight_y = h_to + v_off * tf - 0.5 * GRAVITY * tf**2
        y[inside] = np.where(t < contact, stance_y, flight_y)
    return y


def support_lateral(footfalls: list[Footfall], tau: np.ndarray, centre: np.ndarray,
                    heading: np.ndarray) -> np.ndarray:
    """Lateral offset (to the left) of the supporting feet from the path, per frame (flight interpolated)."""
    left = lateral(heading)
    total = np.zeros(len(tau))
    count = np.zeros(len(tau))
    for f in footfalls:
        on = (tau >= f.strike) & (tau < f.off)
        total[on] += np.sum((f.ankle[None, [0, 2]] - centre[on][:, [0, 2]]) * left[on][:, [0, 2]], axis=1)
        count[on] += 1
    known = count > 0
    if not known.any():
        return np.zeros(len(tau))
    return np.interp(tau, tau[known], total[known] / count[known])


def smooth_deficit(y: np.ndarray, limit: np.ndarray, sigma: float) -> np.ndarray:
    """Lower y wherever it exceeds limit, with a smooth transition that never lets it exceed the limit."""
    deficit = np.maximum(y - limit, 0.0)
    if not deficit.any():
        return y
    from scipy.ndimage import maximum_filter1d
    width = max(int(sigma), 1)
    smooth = gaussian_filter1d(maximum_filter1d(deficit, 2 * width + 1), sigma) if sigma > 0 else deficit
    return y - np.maximum(deficit, smooth)


def about(axis: str, angle) -> Rotation:
    """Rotation(s) about one body axis ("x" lateral, "y" up, "z" forward) by angle(s) in radians."""
    a = np.asarray(angle, dtype=float)
    return Rotation.from_euler(axis, a[..., None] if a.ndim else a)


def yaw(heading) -> Rotation:
    """Rotation turning the rest pose (facing +Z) to face a travel heading (0 = +X)."""
    return about("y", np.asarray(heading, dtype=float) + np.pi / 2)


def ease(u: np.ndarray) -> np.ndarray:
    """Smoothstep: zero slope at both ends."""
    u = np.clip(u, 0.0, 1.0)
    return u * u * (3 - 2 * u)
