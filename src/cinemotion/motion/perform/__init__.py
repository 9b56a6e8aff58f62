"""Procedural performers for what the capture lacks: crawling, kneeling, lifting, throwing, falling, pushing,
tai chi, two-person contact (handshake, hug, high five, hand on the shoulder, pulling by the arm, arm wrestling), and
hand work at a surface (handwork.py: kneading, chopping, stirring, wiping, sweeping, writing, …).

Each is a routine of key poses (poses.yaml, with sources) performed on the actor's spot and heading:
    # 1. Key poses → local rotations per frame (slerp between keys on an ease-in-out curve; cycles repeat, with
    #    ground travel along the heading)
    # 2. Contact routines: the wrists reach the meeting point with the partner by two-bone IK (contact.py); hand
    #    work: the wrists trace the task's path in front of the body (handwork.py)
    # 3. The body stands on the ground frame by frame: lifted until no joint is below its contact radius
"""

from __future__ import annotations

from functools import cache

import numpy as np
from scipy.spatial.transform import Rotation, Slerp

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.skeleton import JOINTS, N_JOINTS, Body, J, forward_kinematics
from cinemotion.motion.library.events import end_state, footfalls
from cinemotion.language.open_actions import hand_task
from cinemotion.motion.perform.contact import reach_partner
from cinemotion.motion.perform.handwork import routine as hand_work_routine, work_hands
from cinemotion.motion.pose import heading_yaw
from cinemotion.core.rates import ease_in_out
from cinemotion.motion.performance import Event
from cinemotion.motion.segment import BodyState, SceneContext, Segment
from cinemotion.spec.models import Action


class PerformFigures(Figures):
    speed_rate: Figure[dict[str, float]]
    touch_m: Figure[float]


FIGURES = load_table("motion/perform/perform.yaml", PerformFigures)
SPEED_RATE = FIGURES.speed_rate.value
TOUCH_M = FIGURES.touch_m.value


@cache
def table() -> dict:
    return load_table("motion/perform/poses.yaml")


def _mirror_name(name: str) -> str:
    return name.replace("left_", "@").replace("right_", "left_").replace("@", "right_")


@cache
def pose(name: str) -> np.ndarray:
    """Local quaternions (22, 4) of a key pose (mirror poses swap sides and flip the Y and Z rotations)."""
    spec = table()["poses"][name]
    out = np.tile([0.0, 0.0, 0.0, 1.0], (N_JOINTS, 1))
    if "mirror" in spec:
        for joint, angles in table()["poses"][spec["mirror"]].items():
            x, y, z = angles
            out[J[_mirror_name(joint)]] = Rotation.from_euler("XYZ", [x, -y, -z], degrees=True).as_quat()
        return out
    for joint, angles in spec.items():
        out[J[joint]] = Rotation.from_euler("XYZ", angles, degrees=True).as_quat()
    return out


def keyframes(routine: dict, duration_s: float) -> tuple[list[float], list[str], float]:
    """Key times and poses over a window: enter keys, the cycle repeated to fill the window, and travel speed."""
    keys = [(float(t), p) for p, t in routine["enter"]]
    cycle = routine.get("cycle")
    travel = 0.0
    if cycle:
        t = keys[-1][0]
        poses = cycle["poses"]
        step = cycle["period_s"] / len(poses)
        k = 1
        while t < duration_s:
            t += step
            keys.append((t, poses[k % len(poses)]))
            k += 1
        travel = cycle["travel_mps"]
    return [t for t, _ in keys], [p for _, p in keys], travel


def sample_poses(times: list[float], names: list[str], t: np.ndarray) -> np.ndarray:
    """Local rotations (n, 22, 4) at times t: eased slerp between consecutive key poses; held past the last."""
    out = np.zeros((len(t), N_JOINTS, 4))
    keys = np.array(times)
    for i, ti in enumerate(t):
        k = int(np.clip(np.searchsorted(keys, ti, side="right") - 1, 0, len(keys) - 1))
        if k == len(keys) - 1:
            out[i] = pose(names[k])
            continue
        u = float(ease_in_out((ti - keys[k]) / max(keys[k + 1] - keys[k], 1e-6)))
        a, b = pose(names[k]), pose(names[k + 1])
        for j in range(N_JOINTS):
            out[i, j] = Slerp([0, 1], Rotation.from_quat([a[j], b[j]]))(u).as_quat()
    return out


def stand_on_ground(offsets: np.ndarray, root: np.ndarray, rotations: np.ndarray) -> np.ndarray:
    """Root heights putting each frame's lowest joint (by its contact radius) on y = 0."""
    radius = table()["contact_radius_m"]
    r = np.array([radius.get(name, radius["default"]) for name in JOINTS])
    flat = root * [1, 0, 1]
    joints = forward_kinematics(offsets, flat, rotations)
    return flat + np.array([0.0, 1.0, 0.0]) * np.max(r[None] - joints[..., 1], axis=1)[:, None]


def touching_ground(offsets: np.ndarray, root: np.ndarray, rotations: np.ndarray) -> np.ndarray:
    """(n, 2) bool: each foot's ankle or ball resting on the ground (within TOUCH_M of its contact radius)."""
    radius = table()["contact_radius_m"]
    joints = forward_kinematics(offsets, root, rotations)
    out = np.zeros((len(root), 2), bool)
    for k, side in enumerate(("left", "right")):
        for name in (f"{side}_ankle", f"{side}_foot"):
            out[:, k] |= joints[:, J[name], 1] - radius.get(name, radius["default"]) < TOUCH_M
    return out


def perform_procedural(name: str, action: Action, *, actor_id: str, body: Body, start: BodyState,
                       times: np.ndarray, scene: SceneContext) -> Segment:
    """Perform routine `name` over the window, from the actor's spot and heading (see module docstring)."""
    task = hand_task(action.verb) if name == "hand_work" else None
    routine = hand_work_routine(task) if task is not None else table()["routines"][name]
    rate = SPEED_RATE[action.speed] * scene.motion_time_scale
    elapsed = (times - times[0]) * rate
    key_times, key_poses, travel = keyframes(routine, float(elapsed[-1]) + 1.0)
    rotations = sample_poses(key_times, key_poses, elapsed)
    rotations[:, 0] = (heading_yaw(start.heading_rad) * Rotation.from_quat(rotations[:, 0])).as_quat()
    forward = np.array([np.cos(start.heading_rad), 0.0, -np.sin(start.heading_rad)])
    cycle_start = key_times[len(routine["enter"]) - 1]
    distance = travel * np.clip(elapsed - cycle_start, 0.0, None) * (body.height_m / 1.72)
    root = start.position * [1, 0, 1] + forward[None] * distance[:, None]
    root = stand_on_ground(body.offsets, root, rotations)
    if "reach" in routine:
        reach_partner(routine["reach"], action, actor_id=actor_id, body=body, root=root, rotations=rotations,
                      elapsed=elapsed, scene=scene)
    if task is not None:
        work_hands(task, body, root, rotations, start.heading_rad, elapsed)
    contacts = touching_ground(body.offsets, root, rotations)
    events = footfalls(root, contacts, times, actor_id, scene)
    if "hold" in routine and action.target is not None:  # the hands hold a prop (motion/library/props.py moves it)
        held = (elapsed >= routine["hold"][0]) & (elapsed <= routine["hold"][1])
        if held.any():
            events.append(Event(time_s=float(times[held][0]), kind="hold", actor=actor_id, strength=0.0,
                                data={"prop": action.target, "until_s": float(times[held][-1])}))
    return Segment(first=0, rotations=rotations, root=root, contacts=contacts, events=events,
                   end=end_state(rotations, root, times, name))
