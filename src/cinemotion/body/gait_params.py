"""Gait parameters of a locomotion verb at a speed, read from gaits.yaml (every figure cited there)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from cinemotion.core.tables import load_table
from cinemotion.errors import InputError

SPEED_MODIFIERS = ("slow", "normal", "fast")
UNITS = ("deg", "m", "s", "spm")  # figures named <what>_<unit> may be scaled by a style's <what>_factor


@cache
def gait_table() -> dict:
    return load_table("body/gaits.yaml")


def verbs() -> tuple[str, ...]:
    return tuple(gait_table()["verbs"])


def verb_style(verb: str, emotion: str | None = None) -> dict:
    """A verb's style (gaits.yaml `verbs`), coloured by an emotion when one is given and tabled."""
    table = gait_table()["verbs"]
    if verb not in table:
        raise InputError("verb", f"unknown locomotion verb {verb!r}; known: {', '.join(table)}")
    style = dict(table[verb])
    for key, value in gait_table()["emotions"].get(emotion or "", {}).items():
        if key.endswith("_factor"):
            style[key] = style.get(key, 1.0) * value
        elif key.endswith("_deg"):
            style[key] = style.get(key, 0.0) + value
        else:
            style.setdefault(key, value)
    return style


def _at_speed(value, speed: float):
    """A figure from the table: a constant, or {at_speed: [[v, x], …]} interpolated (held beyond the ends)."""
    if not isinstance(value, dict):
        return np.asarray(value, dtype=float)
    rows = value["at_speed"]
    speeds = np.array([r[0] for r in rows], dtype=float)
    values = np.array([r[1] for r in rows], dtype=float)
    if values.ndim == 1:
        return np.asarray(np.interp(speed, speeds, values))
    return np.array([np.interp(speed, speeds, values[:, k]) for k in range(values.shape[1])])


def nominal_speed(verb: str, intensity: int = 5, speed: str = "normal", emotion: str | None = None) -> float:
    """The steady speed (m/s) of a verb at a motion intensity 1–10, a speed modifier and an emotion."""
    style = verb_style(verb, emotion)
    if speed not in SPEED_MODIFIERS:
        raise InputError("speed", f"must be one of {', '.join(SPEED_MODIFIERS)} (got {speed!r})")
    if not 1 <= int(intensity) <= 10:
        raise InputError("intensity", f"must be 1–10 (got {intensity})")
    lo, hi = style["speed_mps"]
    fraction = (int(intensity) - 1) / 9 + gait_table()["speed_modifiers"][speed]
    return float(lo + (hi - lo) * np.clip(fraction, 0.0, 1.0)) * style.get("speed_factor", 1.0)


@dataclass(frozen=True)
class GaitParams:
    """One verb's gait at one speed. Angles in radians, lengths in metres, times in seconds."""

    verb: str
    flight: bool
    speed: float
    cadence_spm: float
    stance_s: float
    vertical_oscillation_m: float
    stance_knee: float
    swing_hip: np.ndarray  # (5,) at swing fractions 0, .25, .5, .75, 1
    swing_knee: np.ndarray
    strike_foot_pitch: float
    toe_off_foot_pitch: float
    heel_rise_at: float
    shoulder_swing: float
    elbow: float
    elbow_swing: float
    trunk_lean: float
    step_width_m: float
    pelvis_rotation: float
    pelvis_obliquity: float
    lateral_sway_m: float
    accel_time_s: float
    foot_clearance_m: float

    @property
    def step_time_s(self) -> float:
        return 60.0 / self.cadence_spm

    @property
    def step_length_m(self) -> float:
        return self.speed * self.step_time_s

    @property
    def duty_factor(self) -> float:
        return self.stance_s / (2.0 * self.step_time_s)


def gait_at(verb: str, speed: float, emotion: str | None = None) -> GaitParams:
    """The verb's gait at this speed: family curves × the verb's (and emotion's) style factors."""
    style = verb_style(verb, emotion)
    v = max(float(speed), 0.05)
    # nobody walks faster than the walk–run transition: above it a walking verb is performed running
    running_instead = style["family"] == "walk" and v > gait_table()["walk_run_transition_mps"]
    family = gait_table()["families"]["run" if running_instead else style["family"]]
    if running_instead:
        style = {"family": "run"}

    def figure(name: str) -> np.ndarray:
        value = _at_speed(style[name] if name in style else family[name], v)
        base, _, unit = name.rpartition("_")
        return value * style.get(f"{base}_factor", 1.0) if unit in UNITS else value

    cadence = float(figure("cadence_spm"))
    if family["flight"]:
        stance = float(_at_speed(family["contact_time_s"], v))
    else:
        stance = float(figure("duty_factor")) * 2 * 60.0 / cadence
    deg = np.radians
    return GaitParams(
        verb=verb,
        flight=bool(family["flight"]),
        speed=v,
        cadence_spm=cadence,
        stance_s=stance,
        vertical_oscillation_m=float(figure("vertical_oscillation_m")),
        stance_knee=float(deg(figure("stance_knee_deg"))),
        swing_hip=deg(figure("swing_hip_deg")),
        swing_knee=deg(figure("swing_knee_deg")),
        strike_foot_pitch=float(deg(figure("strike_foot_pitch_deg"))),
        toe_off_foot_pitch=float(deg(figure("toe_off_foot_pitch_deg"))),
        heel_rise_at=float(figure("heel_rise_at")),
        shoulder_swing=float(deg(figure("shoulder_swing_deg"))),
        elbow=float(deg(figure("elbow_deg") + style.get("elbow_add_deg", 0.0))),
        elbow_swing=float(deg(figure("elbow_swing_deg"))),
        trunk_lean=float(deg(figure("trunk_lean_deg") + style.get("trunk_lean_add_deg", 0.0))),
        step_width_m=float(figure("step_width_m")),
        pelvis_rotation=float(deg(figure("pelvis_rotation_deg"))),
        pelvis_obliquity=float(deg(figure("pelvis_obliquity_deg"))),
        lateral_sway_m=float(figure("lateral_sway_m")),
        accel_time_s=float(figure("accel_time_s")),
        foot_clearance_m=float(figure("foot_clearance_m")),
    )


def accel_time(verb: str, speed: float, emotion: str | None = None) -> float:
    """The start/stop time constant (s) of a verb's gait at a speed, its style's factor applied."""
    return gait_at(verb, speed, emotion).accel_time_s * verb_style(verb, emotion).get("accel_time_factor", 1.0)


def speed_profile(tau: np.ndarray, v0: float, target: float, accel_time: float,
                  stop_at: float | None) -> np.ndarray:
    """Speed over motion time: first-order approach to the target, and a smooth stop to rest by stop_at."""
    speed = target + (v0 - target) * np.exp(-np.maximum(tau, 0.0) / max(accel_time, 1e-3))
    if stop_at is not None:
        ramp = min(max(1.5 * accel_time, 0.6), max(stop_at, 0.2))
        remaining = np.clip((stop_at - tau) / ramp, 0.0, 1.0)
        speed = speed * remaining * remaining * (3 - 2 * remaining)
    return np.maximum(speed, 0.0)


def distance_to_stop(verb: str, duration_s: float, *, v0: float = 0.0, intensity: int = 5, speed: str = "normal",
                     emotion: str | None = None) -> float:
    """How far a gait started at speed `v0` (m/s, 0: from rest) covers when it must stand still `duration_s` (motion
    time) later: the speed profile locomotion performs (motion/locomotion/gait.py) integrated, its start and its
    stopping steps included."""
    target = nominal_speed(verb, intensity, speed, emotion)
    tau = np.linspace(0.0, max(duration_s, 0.0), 241)  # 241 samples: the integral to well under a millimetre
    profile = speed_profile(tau, v0, target, accel_time(verb, target, emotion), duration_s)
    return float(np.sum((profile[1:] + profile[:-1]) / 2 * np.diff(tau)))
