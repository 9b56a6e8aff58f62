"""Pose a body along a GaitPlan: pelvis and trunk, counter-swinging arms, head, and legs by IK.

Stance feet stay exactly on their footfall (rolling heel → flat → ball); swing legs follow the published
hip and knee flexion curves, corrected smoothly so the foot leaves and lands exactly where planned.
"""

from __future__ import annotations

import numpy as np
from scipy.interpolate import PchipInterpolator
from scipy.spatial.transform import Rotation

from cinemotion.body.ik import leg_rotations
from cinemotion.body.skeleton import N_JOINTS, Body, J, forward_kinematics
from cinemotion.motion.gait_com import ballistic_offsets, center_of_mass
from cinemotion.motion.gait_plan import (
    GRAVITY, GaitPlan, ball_height, direction, foot_points, lateral, planted_ankle, smooth_deficit,
)

SWING_KEYS = np.linspace(0.0, 1.0, 5)
# foot pitch through swing: back to ≈5° dorsiflexion by 35% of swing (Perry & Burnfield 2010, Ch. 6: ankle
# neutral by mid swing), then to the contact pitch
SWING_DORSIFLEXION_DEG = 5.0
TOE_UP_BY = 0.35
# the swing foot leaves and lands near-vertically: its horizontal travel starts this long after toe-off and
# ends this long before touchdown, easing in and out (swing-foot retraction: the ground-relative foot speed
# falls toward zero at touchdown, Seyfarth et al. 2003, J Biomech 36:1053; the toe rises before it moves
# forward, Winter 1992, Phys Ther 72:45); at most this share of the swing each
LIFT_S = 0.02
SET_S = 0.03
MAX_HOVER = 0.2
# the sole's height above the ground while it travels near a footprint: at least this × the horizontal
# distance to it, up to the cap (a steep approach and departure, no scuffing glide over the ground)
APPROACH_SLOPE = 1.5
APPROACH_CAP_M = 0.035
# and it leaves and meets the ground at about this vertical speed (toe-off and touchdown, Winter 1992)
SOLE_LIFT_MPS = 1.5
UP = np.array([0.0, 1.0, 0.0])


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


def _at(tau: np.ndarray, values: np.ndarray, t):
    """values (n, 3) at time(s) t, linear inside the window and extrapolated at its end velocities outside."""
    t = np.asarray(t, dtype=float)
    if len(tau) == 1:
        return np.broadcast_to(values[0], t.shape + values.shape[1:]).copy()
    inside = np.stack([np.interp(t, tau, values[:, k]) for k in range(values.shape[1])], axis=-1)
    before = values[0] + (t - tau[0])[..., None] * (values[1] - values[0]) / (tau[1] - tau[0])
    after = values[-1] + (t - tau[-1])[..., None] * (values[-1] - values[-2]) / (tau[-1] - tau[-2])
    return np.where((t < tau[0])[..., None], before, np.where((t > tau[-1])[..., None], after, inside))


def _horizontal_progress(u: np.ndarray, swing_s: float) -> np.ndarray:
    """Share (0–1) of the swing's horizontal travel done at swing fraction u (see LIFT_S)."""
    lift = min(LIFT_S / max(swing_s, 1e-6), MAX_HOVER)
    land = min(SET_S / max(swing_s, 1e-6), MAX_HOVER)
    return ease((u - lift) / (1 - lift - land))


def _curve_share(u: np.ndarray) -> np.ndarray:
    """How much of the swing's ground path follows the thigh/knee curves (rest: the straight bell path)."""
    return np.where(u < 0.5, np.sin(np.pi * np.minimum(3 * u, 0.5)) ** 0.5, np.sin(np.pi * u) ** 4)


def _foot_targets(plan: GaitPlan, body: Body, hip: np.ndarray, side: str, lean: np.ndarray) -> tuple:
    """Ankle targets, foot pitch and yaw for every frame, stance and swing, plus contact flags."""
    n = len(plan.tau)
    thigh = np.linalg.norm(body.offsets[J[f"{side}_knee"]])
    shank = np.linalg.norm(body.offsets[J[f"{side}_ankle"]])
    ankle_rest_h = body.rest[J["left_ankle"], 1]
    heel, ball = foot_points(body)
    ball_h = ball_height(body)
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
        if not on.any():
            continue
        u = (tau[on] - prev.off) / (nxt.strike - prev.off)
        mid = np.where(on)[0][len(u) // 2]
        hip_keys = PchipInterpolator(SWING_KEYS, plan.swing_hip[mid])
        knee_keys = PchipInterpolator(SWING_KEYS, plan.swing_knee[mid])
        lean_mid = lean[mid] if np.ndim(lean) else lean

        def from_hip(v: np.ndarray, heading: np.ndarray) -> np.ndarray:
            thigh_angle = hip_keys(v) - 0.6 * lean_mid
            shank_angle = thigh_angle - knee_keys(v)
            forward = thigh * np.sin(thigh_angle) + shank * np.sin(shank_angle)
            drop = thigh * np.cos(thigh_angle) + shank * np.cos(shank_angle)
            return forward[:, None] * direction(heading) - drop[:, None] * UP

        start = planted_ankle(prev.ankle[None] + direction(prev.yaw)[None] * prev.slip_m,
                              np.array([prev.yaw]), np.array([prev.off_pitch]), body)[0]
        end = planted_ankle(nxt.ankle[None], np.array([nxt.yaw]), np.array([nxt.strike_pitch]), body)[0]

        def bent_height(v: np.ndarray, ground: np.ndarray) -> np.ndarray:
            """Ankle height at which hip-to-ankle spans a leg bent by the planned swing knee angle."""
            at_hip = _at(tau, hip, prev.off + v * (nxt.strike - prev.off))
            reach = np.sqrt(thigh**2 + shank**2 + 2 * thigh * shank * np.cos(knee_keys(v)))
            across = np.linalg.norm(ground - at_hip[:, [0, 2]], axis=1)
            # a foot far out front cannot rise above a leg slanted 60° (there the knee straightens instead)
            return at_hip[:, 1] - np.maximum(np.sqrt(np.maximum(reach**2 - across**2, 0.0)), 0.5 * reach)

        # over the ground: early swing follows the published thigh and knee curves (the foot trails, then
        # whips through), late swing the straight print-to-print path at a bell-shaped speed, so the foot
        # sets down without sliding; its height is where the planned knee flexion puts it
        rel = from_hip(np.array([0.0, 1.0]), np.array([prev.yaw, nxt.yaw]))
        c0 = start - _at(tau, hip, prev.off) - rel[0]
        c1 = end - _at(tau, hip, nxt.strike) - rel[1]
        t = prev.off + u * (nxt.strike - prev.off)
        w = ease(u)[:, None]
        curves = _at(tau, hip, t) + from_hip(u, np.interp(t, tau, plan.heading)) + (1 - w) * c0 + w * c1
        ankle = start + (end - start) * _horizontal_progress(u, nxt.strike - prev.off)[:, None]
        share = _curve_share(u)[:, None]
        ankle[:, [0, 2]] = (1 - share) * ankle[:, [0, 2]] + share * curves[:, [0, 2]]
        ends = bent_height(np.array([0.0, 1.0]), np.stack([start[[0, 2]], end[[0, 2]]]))
        ankle[:, 1] = bent_height(u, ankle[:, [0, 2]]) + (1 - w[:, 0]) * (start[1] - ends[0]) + w[:, 0] * (
            end[1] - ends[1])
        # the ankle dorsiflexes back to neutral through initial swing so the toes clear, then sets for contact
        neutral = np.radians(SWING_DORSIFLEXION_DEG)
        p = np.where(u < TOE_UP_BY, prev.off_pitch + (neutral - prev.off_pitch) * ease(u / TOE_UP_BY),
                     neutral + (nxt.strike_pitch - neutral) * ease((u - TOE_UP_BY) / (1 - TOE_UP_BY)))
        swing_yaw = prev.yaw + (nxt.yaw - prev.yaw) * ease(u)
        turn = yaw(swing_yaw) * about("x", -p)
        sole_low = np.minimum(turn.apply(heel)[:, 1], turn.apply(ball)[:, 1] - ball_h)
        clearance = plan.curves["foot_clearance_m"][on] * np.sqrt(np.sin(np.pi * u))
        # near its footprints the foot rises before it travels and is over its footfall before it sets down
        ball_at = ankle + turn.apply(ball)  # the ball also swings forward as the foot un-pitches
        ball_prints = [start + (yaw(prev.yaw) * about("x", -prev.off_pitch)).apply(ball),
                       end + (yaw(nxt.yaw) * about("x", -nxt.strike_pitch)).apply(ball)]
        from_prints = np.maximum(
            np.minimum(np.linalg.norm((ankle - start)[:, [0, 2]], axis=1), np.linalg.norm((ankle - end)[:, [0, 2]], axis=1)),
            np.minimum(*(np.linalg.norm((ball_at - b)[:, [0, 2]], axis=1) for b in ball_prints)))
        from_ends_s = np.minimum(u, 1 - u) * (nxt.strike - prev.off)
        clearance = np.maximum(clearance, np.minimum(np.maximum(APPROACH_SLOPE * from_prints,
                                                                 SOLE_LIFT_MPS * from_ends_s), APPROACH_CAP_M))
        ankle[:, 1] = np.maximum(ankle[:, 1], clearance - sole_low)
        target[on] = ankle
        pitch[on] = p
        foot_yaw[on] = swing_yaw
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
