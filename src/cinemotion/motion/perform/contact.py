"""Two people in contact: where their hands meet, and arm IK that puts each wrist there.

Both partners compute the same meeting point from the plan (their placed spots, heights and the shot clock), so
their hands meet without either seeing the other's motion: a handshake and an arm wrestle at the midpoint, a high
five above it, a hug around the partner's upper back, a hand on the partner's near shoulder.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial.transform import Rotation

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.ik import align, hinge_pole, parent_global, two_bone
from cinemotion.body.skeleton import Body, J, forward_kinematics, make_body
from cinemotion.direct.plan import PlacedActor
from cinemotion.core.rates import ease_in_out
from cinemotion.motion.segment import SceneContext
from cinemotion.spec.models import Action

UP = np.array([0.0, 1.0, 0.0])  # convention: Y up (DESIGN.md)
FORWARD = np.array([0.0, 0.0, 1.0])  # convention: the rest pose faces +Z


class ContactPoseFigures(Figures):
    height_fraction: Figure[dict[str, float]]
    reach_fade_s: Figure[float]
    palm_m: Figure[float]
    pump_hz: Figure[float]
    pump_m: Figure[float]
    wrestle_sway_m: Figure[float]
    wrestle_period_s: Figure[float]


FIGURES = load_table("motion/perform/contact.yaml", ContactPoseFigures)
# meeting heights as fractions of the pair's mean stature: a handshake at the hand's height with the elbow bent
# ~90° (0.55 H, Drillis & Contini 1966 segment lengths), a high five at head height with the arm raised
# (1.0 H), an arm wrestle's grip above a 1.04 m table (0.75 H), a hug around the upper back (0.68 H)
HEIGHT_FRACTION = FIGURES.height_fraction.value
PUMP_HZ, PUMP_M = FIGURES.pump_hz.value, FIGURES.pump_m.value  # handshake pumps
WRESTLE_SWAY_M, WRESTLE_PERIOD_S = FIGURES.wrestle_sway_m.value, FIGURES.wrestle_period_s.value
REACH_FADE_S = FIGURES.reach_fade_s.value
PALM_M = FIGURES.palm_m.value  # palm length, wrist to knuckles (0.052 H, Drillis & Contini 1966)


def partner_of(action: Action, actor_id: str, scene: SceneContext) -> PlacedActor | None:
    """The actor aimed at, else another actor doing the same action at the same time."""
    others = [a for a in scene.shot.actors if a.id != actor_id]
    named = next((a for a in others if a.id == action.target), None)
    if named is not None:
        return named
    return next((a for a in others if any(x.kind == "action" and x.verb == action.verb and x.start_s < (action.end_s or 1e9)
                                           and (x.end_s or 1e9) > action.start_s for x in a.actions)), None)


def meeting_point(kind: str, side: str, me: np.ndarray, my_height: float, partner: np.ndarray,
                  partner_height: float, t: np.ndarray, first_id: bool) -> np.ndarray:
    """World points (n, 3) a wrist goes to."""
    toward = (partner - me) * [1, 0, 1]
    distance = max(np.linalg.norm(toward), 1e-6)
    toward = toward / distance
    my_right = np.cross(toward, UP)  # facing the partner, my right
    mid = 0.5 * (me + partner) * [1, 0, 1]
    stature = 0.5 * (my_height + partner_height)
    n = len(t)
    if kind == "behind_back":
        back = partner * [1, 0, 1] + toward * 0.1 * partner_height
        lateral = (-1 if side == "left" else 1) * 0.07 * partner_height
        point = back + my_right * lateral + UP * HEIGHT_FRACTION[kind] * partner_height
        return np.tile(point, (n, 1))
    if kind == "shoulder":
        point = partner * [1, 0, 1] + my_right * 0.11 * partner_height - toward * 0.04 + \
            UP * HEIGHT_FRACTION[kind] * partner_height
        return np.tile(point, (n, 1))
    point = np.tile(mid + UP * HEIGHT_FRACTION[kind] * stature, (n, 1))
    if kind in ("handshake", "high_five"):  # the palms meet: each wrist stops a half palm short of the midpoint
        point -= toward * PALM_M / 2
    if kind == "handshake":
        point[:, 1] += PUMP_M * np.sin(2 * np.pi * PUMP_HZ * np.clip(t - 0.8, 0.0, 1.2))
    if kind == "arm_wrestle":
        axis = my_right if first_id else -my_right  # the same world axis for both partners
        point += axis[None] * (WRESTLE_SWAY_M * np.sin(2 * np.pi * np.clip(t - 1.0, 0, None) / WRESTLE_PERIOD_S))[:, None]
    return point


def reach_arm(body: Body, root: np.ndarray, rotations: np.ndarray, side: str, target: np.ndarray,
              weight: np.ndarray) -> None:
    """Two-bone IK of one arm (shoulder–elbow–wrist) onto target, blended in by weight (n,); in place."""
    shoulder, elbow, wrist = J[f"{side}_shoulder"], J[f"{side}_elbow"], J[f"{side}_wrist"]
    joints = forward_kinematics(body.offsets, root, rotations)
    upper, lower = np.linalg.norm(body.offsets[elbow]), np.linalg.norm(body.offsets[wrist])
    lateral = joints[:, shoulder] - joints[:, J["spine3"]]
    # the elbow bends down and out / np.maximum(np.linalg.norm(lateral, axis=1, keepdims=True), 1e-9)
    pole = -UP[None] * 0.6 + lateral
    mid, end = two_bone(joints[:, shoulder], target, upper, lower, pole)
    arm_front = (end - mid) / np.maximum(np.linalg.norm(end - mid, axis=1, keepdims=True), 1e-9)
    g_shoulder = align(body.offsets[elbow], FORWARD, mid - joints[:, shoulder], arm_front)
    front = g_shoulder.apply(FORWARD)
    g_elbow = align(body.offsets[wrist], FORWARD, end - mid, hinge_pole(front, mid - joints[:, shoulder], end - mid, -1.0))
    parent = parent_global(rotations, shoulder)
    local_shoulder = parent.inv() * g_shoulder
    local_elbow = g_shoulder.inv() * g_elbow
    for joint, ik in ((shoulder, local_shoulder), (elbow, local_elbow)):
        posed = Rotation.from_quat(rotations[:, joint])
        delta = (posed.inv() * ik).as_rotvec() * weight[:, None]
        rotations[:, joint] = (posed * Rotation.from_rotvec(delta)).as_quat()


def reach_partner(spec: dict, action: Action, *, actor_id: str, body: Body, root: np.ndarray, rotations: np.ndarray,
                  elapsed: np.ndarray, scene: SceneContext) -> None:
    """Put the routine's wrists on the meeting point with the partner (no partner: the pose alone)."""
    partner = partner_of(action, actor_id, scene)
    if partner is None:
        return
    partner_body = make_body(partner.character.height_m, partner.character.build)
    me = root[0] * [1, 0, 1]
    there = np.array([partner.start.position[0], 0.0, partner.start.position[2]])
    a, b = spec.get("from_s", REACH_FADE_S * 0.5), spec.get("to_s", np.inf)
    weight = ease_in_out(np.clip(np.minimum(elapsed - a, b - elapsed) / spec.get("fade_s", REACH_FADE_S), 0.0, 1.0))
    for side in spec["wrists"]:
        target = meeting_point(spec["point"], side, me, body.height_m, there, partner_body.height_m, elapsed,
                               actor_id < partner.id)
        reach_arm(body, root, rotations, side, target, np.asarray(weight, float))
