"""Pose a body along a GaitPlan: pelvis and trunk, counter-swinging arms, head, and legs by IK.

Stance feet stay exactly on their footfall (rolling heel → flat → ball); swing feet follow motion/locomotion/gait_swing.py
from toe-off to the next strike.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial.transform import Rotation

from cinemotion.body.ik import leg_rotations
from cinemotion.body.skeleton import N_JOINTS, Body, J, forward_kinematics
from cinemotion.motion.locomotion.gait_com import ballistic_offsets, center_of_mass
from cinemotion.motion.locomotion.gait_plan import (
    GRAVITY, GaitPlan, about, direction, ease, lateral, planted_ankle, smooth_deficit, yaw,
)
from cinemotion.motion.locomotion.gait_swing import swing_targets


def stance_pitch(u: np.ndarray, strike: float, off: float, heel_rise: float) -> np.ndarray:
    """Foot pitch (toes up +) through stance: heel rocker → flat → heel rise to toe-off."""
    loading = 0.15
    flat_in = strike * (1 - ease(u / loading))
    rise = off * ease((u - heel_rise) / max(1 - heel_rise, 1e-3)) ** 1.5
    return np.where(u < loading, flat_in, np.where(u < heel_rise, 0.0, rise))


def _trunk_rotations(plan: GaitPlan, n: int) -> dict[str, Rotation]:
    c, x = plan.curves, plan.extras
    turn = 2 * np.pi * plan.phase
    lean = c["trunk_lean"] + x.get("lean_add", 0.0)
    roll = c["pelvis_obliquity"] / 2 * np.sin(turn) + x.get("roll", 0.0)
    twist = -c["pelvis_rotation"] / 2 * np.cos(turn)
    pelvis = yaw(plan.heading) * Rotation.from_euler("XZY", np.stack([0.6 * lean, roll, twist], axis=1))
    spine = Rotation.from_euler("XY", np.stack([0.4 * lean / 3, -0.45 * twist], axis=1))
    glance = x.get("glance", np.zeros(n))
    head_pitch = x.get("head_pitch", 0.0) - 0.5 * lean
    neck = Rotation.from_euler("XY", np.stack([0.5 * head_pitch, 0.35 * twist + 0.4 * glance], axis=1))
    head = Rotation.from_euler("XY", np.stack([0.5 * head_pitch, 0.6 * glance], axis=1))
    return {"pelvis": pelvis, "spine": spine, "neck": neck, "head": head}


def _arm_rotations(plan: GaitPlan, side: str) -> tuple[Rotation, Rotation]:
    """Shoulder and elbow: the arm swings opposite its leg (forward as the other foot strikes)."""
    c, x = plan.curves, plan.extras
    sign = 1.0 if side == "left" else -1.0
    swing = -sign * np.cos(2 * np.pi * plan.phase)  # +1 when this arm is fully forward
    flex = c["shoulder_swing"] / 2 * swing + x.get("reach", 0.0)
    abduct = sign * (np.radians(6) + x.get("arm_out", 0.0))
    elbow = c["elbow"] + c["elbow_swing"] / 2 * swing + x.get("elbow_add", 0.0)
    shoulder = Rotation.from_euler("ZX", np.stack([abduct * np.ones_like(flex), -flex], axis=1))
    return shoulder, about("x", -np.maximum(elbow, 0.0))


def _foot_targets(plan: GaitPlan, body: Body, hip: np.ndarray, side: str, lean: np.ndarray) -> tuple:
    """Ankle targets, foot pitch and yaw for every frame, stance and swing, plus contact flags."""
    n = len(plan.tau)
    ankle_rest_h = body.rest[J["left_ankle"], 1]
    target = np.zeros((n, 3))
    pitch = np.zeros(n)
    foot_yaw = plan.heading.copy()
    contact = np.zeros(n, bool)
    steps = [f for f in plan.footfalls if f.side == side]
    tau = plan.tau
    # stance
    for f in steps:
        on = (tau >= f.strike) & (tau < f.off)
        if not on.any():
            continue
        u = (tau[on] - f.strike) / (f.off - f.strike)
        p = stance_pitch(u, f.strike_pitch, f.off_pitch, f.heel_rise_at)
        slide = f.slip_m * ease((u - 0.1) / 0.5)
        flat = f.ankle[None, :] + direction(f.yaw)[None, :] * slide[:, None]
        target[on] = planted_ankle(flat, np.full(on.sum(), f.yaw), p, body)
        pitch[on] = p
        foot_yaw[on] = f.yaw
        contact[on] = (slide <= 1e-4) | (u > 0.6)
    # swing: published hip/knee angles in the sagittal plane, corrected to leave and land on the footfalls
    for prev, nxt in zip(steps[:-1], steps[1:]):
        on = (tau >= prev.off) & (tau < nxt.strike)
        if on.any():
            target[on], pitch[on], foot_yaw[on] = swing_targets(plan, body, hip, lean, prev, nxt, on)
    # frames before the first or after the last footfall of this side: hold the nearest planted pose
    covered = np.zeros(n, bool)
    for f in steps:
        covered |= (tau >= f.strike) & (tau < f.off)
    for prev, nxt in zip(steps[:-1], steps[1:]):
        covered |= (tau >= prev.off) & (tau < nxt.strike)
    if not covered.all() and steps:
        for i in np.where(~covered)[0]:
            f = min(steps, key=lambda s: min(abs(tau[i] - s.strike), abs(tau[i] - s.off)))
            lifted = tau[i] >= f.off
            target[i] = planted_ankle(f.ankle[None], np.array([f.yaw]), np.array([f.off_pitch if lifted else 0.0]),
                                      body)[0]
            pitch[i] = f.off_pitch if lifted else 0.0
            foot_yaw[i] = f.yaw
            contact[i] = True
    target[:, 1] = np.maximum(target[:, 1], ankle_rest_h * 0.5)
    return target, pitch, foot_yaw, contact


def pose(plan: GaitPlan, body: Body) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Local rotations (n, 22, 4), root (n, 3) and contacts (n, 2) for the planned gait."""
    n = len(plan.tau)
    trunk = _trunk_rotations(plan, n)
    rot = np.zeros((n, N_JOINTS, 4))
    rot[..., 3] = 1.0
    rot[:, 0] = trunk["pelvis"].as_quat()
    for name in ("spine1", "spine2", "spine3"):
        rot[:, J[name]] = trunk["spine"].as_quat()
    rot[:, J["neck"]] = trunk["neck"].as_quat()
    rot[:, J["head"]] = trunk["head"].as_quat()
    for side in ("left", "right"):
        shoulder, elbow = _arm_rotations(plan, side)
        rot[:, J[f"{side}_shoulder"]] = shoulder.as_quat()
        rot[:, J[f"{side}_elbow"]] = elbow.as_quat()
    root = plan.root.copy()
    pelvis = trunk["pelvis"]
    lean = plan.curves["trunk_lean"] + plan.extras.get("lean_add", 0.0)
    knee_length = {s: np.linalg.norm(body.offsets[J[f"{s}_knee"]]) + np.linalg.norm(body.offsets[J[f"{s}_ankle"]])
                   for s in ("left", "right")}
    # The pelvis may not ride higher than the stance legs reach (keeps planted feet on their spot).
    legs = {}
    for side in ("left", "right"):
        hip_offset = pelvis.apply(body.offsets[J[f"{side}_hip"]])
        legs[side] = _foot_targets(plan, body, root + hip_offset, side, lean) + (hip_offset,)
    limit = np.full(n, np.inf)
    for side, (target, _, _, contact, hip_offset) in legs.items():
        reach = 0.985 * knee_length[side]
        horizontal = np.linalg.norm((root + hip_offset - target)[:, [0, 2]], axis=1)
        highest = target[:, 1] + np.sqrt(np.maximum(reach**2 - horizontal**2, 0.0)) - hip_offset[:, 1]
        limit = np.where(contact, np.minimum(limit, highest), limit)
    fps = 1.0 / np.median(np.diff(plan.tau)) if n > 1 else 24.0
    root[:, 1] = smooth_deficit(root[:, 1], limit, sigma=0.015 * fps)
    contacts = np.zeros((n, 2), bool)
    feet = {}
    for k, side in enumerate(("left", "right")):
        hip_offset = legs[side][4]
        feet[side] = _foot_targets(plan, body, root + hip_offset, side, lean)
        contacts[:, k] = feet[side][3]
    _solve_legs(rot, root, pelvis, feet, plan, body)
    # 2. In the air the body is a projectile: shift the pelvis so the whole-body CoM falls as a parabola
    #    (the swing feet keep their world targets, so only the knees take up the shift)
    airborne = ~contacts.any(axis=1)
    #    (a leg stretched to its reach drags its foot along with the pelvis, so settle it twice)
    for _ in range(2 if airborne.any() else 0):
        com = center_of_mass(forward_kinematics(body.offsets, root, rot))
        root[:, 1] += ballistic_offsets(com[:, 1], plan.tau, airborne, GRAVITY)
        _solve_legs(rot, root, pelvis, feet, plan, body)
    return rot, root, contacts


def _solve_legs(rot: np.ndarray, root: np.ndarray, pelvis: Rotation, feet: dict, plan: GaitPlan,
                body: Body) -> None:
    """Both legs by IK onto their ankle targets, written into rot."""
    for side in ("left", "right"):
        target, pitch, foot_yaw, _ = feet[side]
        hip = root + pelvis.apply(body.offsets[J[f"{side}_hip"]])
        fwd = direction(plan.heading)
        out = lateral(plan.heading) * (0.12 if side == "left" else -0.12)
        foot = yaw(foot_yaw) * about("x", -pitch)
        local, _ = leg_rotations(body.offsets, pelvis, hip, target, fwd + out, foot, side)
        rot[:, [J[f"{side}_hip"], J[f"{side}_knee"], J[f"{side}_ankle"]]] = local
