"""Reactions to another character, on the body track: recoil, stepping back, dodging aside.

The upper-body part of a flinch (arms up, head away, eyes shut) is a gesture layered on top
by motion/gesture/layer.py; here the legs, pelvis and trunk react. Other react verbs (a wave
answered, a glance) keep the legs in a quiet stance.
"""

from __future__ import annotations

import numpy as np

from cinemotion.body.skeleton import Body, J
from cinemotion.core.tables import load_table
from cinemotion.motion.performance import Event
from cinemotion.motion.pose import interpolate_keys, rotations_from_angles
from cinemotion.motion.segment import BodyState, SceneContext, Segment
from cinemotion.spec.models import Action, Character

_STEPS = load_table("motion/react.yaml")
STEP_S = _STEPS["step_back"]["step_s"]
STEP_M = _STEPS["step_back"]["step_m"]
DODGE_M = _STEPS["dodge"]["step_m"]


def _step_plan(verb: str, duration: float) -> tuple[np.ndarray, list[int]]:
    """Direction of travel in the body frame (forward, left) and the stepping foot order."""
    if verb == "dodge":
        return np.array([0.0, 1.0]), [0]
    if verb == "step_back":
        return np.array([-1.0, 0.0]), [1, 0] * max(1, int(duration / STEP_S / 2 + 0.5))
    return np.zeros(2), []


def _recoil_keys(verb: str, tau_end: float) -> list[tuple[float, dict[str, float]]]:
    if verb == "flinch":
        recoil = {"trunk_lean": -12, "neck_flex": -12, "knee_l": 18, "knee_r": 18, "hip_flex_l": 10, "hip_flex_r": 10}
        return [(0.0, {}), (0.12, recoil), (0.35, recoil), (min(tau_end, 0.9), {"trunk_lean": -3})]
    if verb == "dodge":
        lean = {"trunk_side": 18, "trunk_lean": 10, "knee_l": 25, "knee_r": 25}
        return [(0.0, {}), (0.18, lean), (0.5, lean), (min(tau_end, 1.0), {})]
    if verb == "step_back":
        guard = {"trunk_lean": -8, "neck_flex": -6, "shoulder_flex_l": 25, "shoulder_flex_r": 25,
                 "elbow_l": 60, "elbow_r": 60}
        return [(0.0, {}), (0.25, guard), (max(0.3, tau_end - 0.3), guard), (tau_end, {"trunk_lean": -2})]
    return [(0.0, {}), (tau_end, {})]


def perform(action: Action, *, actor_id: str, body: Body, character: Character, start: BodyState,
            times: np.ndarray, next_action: Action | None, scene: SceneContext,
            rng: np.random.Generator) -> Segment:
    """Fill a react window: the legs and trunk answer the cause (step back, dodge, recoil)."""
    tau = (times - times[0]) * scene.motion_time_scale
    tau_end = float(tau[-1]) if len(tau) > 1 else 0.1
    heading = start.heading_rad
    forward = np.array([np.cos(heading), 0.0, -np.sin(heading)])
    left = np.array([np.sin(heading), 0.0, np.cos(heading)])
    direction, feet = _step_plan(action.verb, tau_end)
    step_len = DODGE_M if action.verb == "dodge" else STEP_M
    root = np.repeat(start.position[None, :], len(tau), axis=0).astype(float)
    root[:, 1] = body.rest[J["pelvis"], 1]
    contacts = np.ones((len(tau), 2), bool)
    angles_extra: dict[str, np.ndarray] = {}
    events: list[Event] = []
    travel = direction[0] * forward + direction[1] * left
    for k, foot in enumerate(feet):
        t0, t1 = 0.05 + k * STEP_S, 0.05 + (k + 1) * STEP_S
        if t1 > tau_end:
            break
        u = np.clip((tau - t0) / STEP_S, 0.0, 1.0)
        ease = u * u * (3 - 2 * u)
        root += travel[None, :] * (step_len * 0.5 * ease)[:, None]  # the pelvis moves half of each step
        swing = (tau >= t0) & (tau < t1 - 0.12)
        contacts[swing, foot] = False
        side = "lr"[foot]
        lift = np.sin(np.pi * np.clip((tau - t0) / (STEP_S - 0.12), 0, 1)) * swing
        angles_extra[f"knee_{side}"] = angles_extra.get(f"knee_{side}", 0.0) + np.radians(35) * lift
        angles_extra[f"hip_flex_{side}"] = angles_extra.get(f"hip_flex_{side}", 0.0) + np.radians(
            -15 if direction[0] < 0 else 10) * lift
        if action.verb == "dodge":
            angles_extra[f"hip_abd_{side}"] = np.radians(12) * lift
        strike = times[0] + (t1 - 0.12) / scene.motion_time_scale
        events.append(Event(time_s=float(strike), kind="foot_strike", actor=actor_id, side=["left", "right"][foot],
                            position=tuple(float(v) for v in root[min(len(root) - 1, np.searchsorted(tau, t1))] * [1, 0, 1]),
                            strength=0.3, speed_mps=step_len / STEP_S, surface=scene.surface))
    angles = interpolate_keys(_recoil_keys(action.verb, tau_end), tau)
    for name, value in angles_extra.items():
        angles[name] = angles.get(name, 0.0) + value
    rotations = rotations_from_angles(angles, np.full(len(tau), heading), len(tau))
    end = BodyState(position=root[-1].copy(), heading_rad=heading, velocity=np.zeros(3), verb=action.verb,
                    rotations=rotations[-1].copy())
    return Segment(first=0, rotations=rotations, root=root, contacts=contacts, events=events, end=end)
