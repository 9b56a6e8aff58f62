"""Retarget motion capture onto a character's 22-joint skeleton, keeping its timing, path and contacts.

    # 1. Find our joints in the capture's rig (body/rig.py: by names, else by shape); drop a leading reference pose
    # 2. Stand it on y = 0 (the ankles' resting height is ours) and scale heights to the character's leg length;
    #    the pelvis keeps the performer's ground path in metres, so speed and step length are the performer's
    # 3. Each bone's global rotation from the captured bone directions (twist from the neighbouring bones)
    # 4. Feet keep the capture's height profile: ankle and ball rise above their resting heights as the captured
    #    ankle and toe rise above theirs (scaled), so a flat captured foot is flat on our skeleton whatever the
    #    pitch of the capture's foot bone, and lift-offs and touchdowns happen when they did
    # 5. Legs re-solved with IK so each foot near the ground moves over it exactly as the captured foot did (our
    #    legs are scaled, the path is not: left alone, our planted feet would slide); contacts are the capture's
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial.transform import Rotation

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.bvh import BvhClip
from cinemotion.body.contacts import detect_contacts, intervals, resting_heights
from cinemotion.body.ik import _unit, align, hinge_pole, leg_rotations
from cinemotion.body.rig import map_rig
from cinemotion.body.skeleton import N_JOINTS, PARENTS, Body, J, global_rotations
from cinemotion.motion.performance import ActorMotion
from cinemotion.physics.contacts import pin_contacts


class RetargetFigures(Figures):
    reference_jump_m: Figure[float]
    low_m: Figure[float]
    ease_s: Figure[float]


FIGURES = load_table("motion/transfer/retarget.yaml", RetargetFigures)
REFERENCE_JUMP_M = FIGURES.reference_jump_m.value  # a leading frame this far from the next is a calibration pose, not motion
FORWARD = np.array([0.0, 0.0, 1.0])  # convention: the rest pose faces +Z, left = +X, Y up (DESIGN.md)
UP = np.array([0.0, 1.0, 0.0])
LEFT = np.array([1.0, 0.0, 0.0])
LOW_M = FIGURES.low_m.value  # a foot whose ankle or ball is this close to its resting height moves over the ground as captured
EASE_S = FIGURES.ease_s.value  # ... and eases into its own path over this time as it rises


@dataclass
class Retargeted:
    rotations: np.ndarray  # (F, 22, 4) local quaternions on the character's skeleton
    root: np.ndarray  # (F, 3)
    contacts: np.ndarray  # (F, 2)
    fps: float

    @property
    def duration_s(self) -> float:
        return len(self.root) / self.fps


def motion_frames(positions: np.ndarray) -> slice:
    """The frames that are motion: leading calibration poses (a jump to the next frame) are dropped."""
    first = 0
    while first < min(len(positions) - 2, 10):
        jump = np.linalg.norm(positions[first + 1] - positions[first], axis=-1).max()
        if jump < REFERENCE_JUMP_M:
            break
        first += 1
    return slice(first, len(positions))


def map_joints(clip: BvhClip, positions: np.ndarray) -> np.ndarray:
    """Positions (F, 22, 3) of our joints in the capture, upright (body/rig.py finds them in any rig)."""
    if isinstance(clip, BvhClip):
        rig = clip.humanoid()
    else:  # a clip made in code (video_pose) names our own joints
        rig = map_rig(list(clip.names), list(clip.parents), positions[0], positions[::max(1, len(positions) // 64)])
    return rig.points(positions)


def _leg_length(p: np.ndarray) -> float:
    return float(np.mean([np.linalg.norm(p[:, J[f"{s}_knee"]] - p[:, J[f"{s}_hip"]], axis=1).mean()
                          + np.linalg.norm(p[:, J[f"{s}_ankle"]] - p[:, J[f"{s}_knee"]], axis=1).mean()
                          for s in ("left", "right")]))


def foot_heights(p: np.ndarray, body: Body, scale: float) -> np.ndarray:
    """Heights (F, 22) our ankle and ball joints should have: the captured ankle's and toe's clearance above their
    resting heights, scaled to our legs, on top of our own resting heights (other joints: NaN)."""
    source_rest = resting_heights(p)
    heights = np.full(p.shape[:2], np.nan)
    for j, rest in source_rest.items():
        heights[:, j] = body.rest[j, 1] + scale * (p[:, j, 1] - rest)
    return heights


def _foot_bone(p: np.ndarray, heights: np.ndarray, body: Body, side: str, leg_front: np.ndarray) -> np.ndarray:
    """Our ankle→ball bone (F, 3): heading the captured foot's way, pitched so the ball sits at its height."""
    ankle, ball = J[f"{side}_ankle"], J[f"{side}_foot"]
    length = np.linalg.norm(body.offsets[ball])
    drop = np.clip(heights[:, ball] - heights[:, ankle], -0.99 * length, 0.99 * length)
    captured = p[:, ball] - p[:, ankle]
    # a foot pointing straight down has no heading of its own: it takes the leg's
    heading = _unit((captured + 0.05 * _unit(leg_front)) * [1, 0, 1])
    return heading * np.sqrt(length**2 - drop**2)[:, None] + UP * drop[:, None]


def global_rotations_from_positions(p: np.ndarray, body: Body, heights: np.ndarray) -> list[Rotation]:
    """Each joint's global rotation that turns our rest bones onto the captured bone directions.

    The feet are pitched for the ankle and ball heights given (see foot_heights) rather than along the captured
    foot bone, whose rest pitch is the capture skeleton's, not ours.
    """
    rest = body.rest
    off = body.offsets
    g: list[Rotation] = [None] * N_JOINTS  # type: ignore[list-item]

    def bone(a: str, b: str, fallback: tuple[str, str] | None = None) -> np.ndarray:
        """Captured bone vector; where a skeleton puts two joints at one spot, the fallback bone's."""
        v = p[:, J[b]] - p[:, J[a]]
        if fallback is not None:
            short = np.linalg.norm(v, axis=1) < 0.01
            v[short] = bone(*fallback)[short]
        return v

    hips_lateral = bone("right_hip", "left_hip")
    shoulders_lateral = bone("right_shoulder", "left_shoulder")
    g[0] = align(rest[J["neck"]] - rest[0], LEFT, bone("pelvis", "neck"), hips_lateral)
    g[J["spine1"]] = align(off[J["spine2"]], LEFT, bone("spine1", "spine2", ("pelvis", "neck")), hips_lateral)
    g[J["spine2"]] = align(off[J["spine3"]], LEFT, bone("spine2", "spine3", ("spine1", "neck")),
                           hips_lateral + shoulders_lateral)
    g[J["spine3"]] = align(off[J["neck"]], LEFT, bone("spine3", "neck", ("spine2", "head")), shoulders_lateral)
    g[J["neck"]] = align(off[J["head"]], LEFT, bone("neck", "head", ("spine3", "head")), shoulders_lateral)
    g[J["head"]] = g[J["neck"]]
    trunk_up = bone("spine3", "neck", ("spine2", "head"))
    trunk_front = np.cross(shoulders_lateral, trunk_up)
    for s in ("left", "right"):
        g[J[f"{s}_collar"]] = align(off[J[f"{s}_shoulder"]], UP, bone(f"{s}_collar", f"{s}_shoulder"), trunk_up)
        upper, lower = bone(f"{s}_shoulder", f"{s}_elbow"), bone(f"{s}_elbow", f"{s}_wrist")
        arm_front = _unit(lower) + 0.05 * _unit(trunk_front)  # the forearm shows which way the arm faces
        g[J[f"{s}_shoulder"]] = align(off[J[f"{s}_elbow"]], FORWARD, upper, arm_front)
        front = g[J[f"{s}_shoulder"]].apply(FORWARD)
        g[J[f"{s}_elbow"]] = align(off[J[f"{s}_wrist"]], FORWARD, lower, hinge_pole(front, upper, lower, -1.0))
        g[J[f"{s}_wrist"]] = g[J[f"{s}_elbow"]]
        thigh, shank = bone(f"{s}_hip", f"{s}_knee"), bone(f"{s}_knee", f"{s}_ankle")
        foot = bone(f"{s}_ankle", f"{s}_foot")
        knee_out = p[:, J[f"{s}_knee"]] - 0.5 * (p[:, J[f"{s}_hip"]] + p[:, J[f"{s}_ankle"]])
        knee_front = knee_out + 0.02 * _unit(foot * [1, 0, 1])  # a straight leg faces where its foot points
        g[J[f"{s}_hip"]] = align(off[J[f"{s}_knee"]], FORWARD, thigh, knee_front)
        front = g[J[f"{s}_hip"]].apply(FORWARD)
        g[J[f"{s}_knee"]] = align(off[J[f"{s}_ankle"]], FORWARD, shank, hinge_pole(front, thigh, shank, 1.0))
        g[J[f"{s}_ankle"]] = align(off[J[f"{s}_foot"]], UP, _foot_bone(p, heights, body, s, front), -shank)
        g[J[f"{s}_foot"]] = g[J[f"{s}_ankle"]]
    return g


def _ground_shift(ours: np.ndarray, captured: np.ndarray, low: np.ndarray, fps: float) -> np.ndarray:
    """Horizontal shift (F, 3) making our point move as the captured one does while low, easing out in the air.

    Our legs are scaled while the ground path keeps its metres, so a foot near the ground would otherwise slide
    (or stand still) where the performer's did not: while low, our point keeps a fixed offset from the captured one.
    """
    offset = (ours - captured) * [1, 0, 1]
    shift = np.zeros_like(ours)
    weight = np.zeros(len(ours))
    ramp = max(int(round(EASE_S * fps)), 1)
    for a, b in intervals(low):
        shift[a:b] = offset[a:b].mean(axis=0) - offset[a:b]
        weight[a:b] = 1.0
        for k in range(1, ramp + 1):
            w = 1 - k / (ramp + 1)
            if a - k >= 0 and weight[a - k] < w:
                shift[a - k], weight[a - k] = shift[a] * w, w
            if b - 1 + k < len(low) and weight[b - 1 + k] < w:
                shift[b - 1 + k], weight[b - 1 + k] = shift[b - 1] * w, w
    return shift


def follow_captured_feet(motion, body: Body, p: np.ndarray, heights: np.ndarray, contacts: np.ndarray,
                         fps: float) -> None:
    """Re-solve each leg (two-bone IK, foot orientation kept): the ankle at its height (see foot_heights), and a
    foot on or near the ground moving over it as the captured foot does (its ball following the captured toe)."""
    motion.refresh_joints()
    glob = global_rotations(motion.rotations)
    pelvis = Rotation.from_matrix(glob[:, 0])
    for k, side in enumerate(("left", "right")):
        hip, knee, ankle, ball = (motion.joints[:, J[f"{side}_{name}"]] for name in ("hip", "knee", "ankle", "foot"))
        foot_joints = [J[f"{side}_ankle"], J[f"{side}_foot"]]
        clearance = heights[:, foot_joints] - body.rest[foot_joints, 1]
        low = contacts[:, k] | (clearance.min(axis=1) < LOW_M)
        target = ankle + _ground_shift(ball, p[:, J[f"{side}_foot"]], low, fps)
        target[:, 1] = heights[:, J[f"{side}_ankle"]]
        pole = knee - 0.5 * (hip + ankle)
        foot = Rotation.from_matrix(glob[:, J[f"{side}_ankle"]])
        local, _ = leg_rotations(motion.offsets, pelvis, hip, target, pole, foot, side)
        motion.rotations[:, [J[f"{side}_hip"], J[f"{side}_knee"], J[f"{side}_ankle"]]] = local
    motion.refresh_joints()


def local_from_global(g: list[Rotation]) -> np.ndarray:
    out = np.zeros((len(g[0]), N_JOINTS, 4))
    for j, parent in enumerate(PARENTS):
        out[:, j] = (g[j] if parent < 0 else g[parent].inv() * g[j]).as_quat()
    return out


def retarget(clip: BvhClip, body: Body) -> Retargeted:
    """The clip performed by this body (see module docstring)."""
    positions = clip.positions()
    positions = positions[motion_frames(positions)]
    p = map_joints(clip, positions)
    our_leg = float(np.linalg.norm(body.offsets[J["left_knee"]]) + np.linalg.norm(body.offsets[J["left_ankle"]]))
    scale = our_leg / _leg_length(p)
    # stand on the ground: the ankles' resting height becomes ours, so the hips stand as high above the ankles
    # (scaled) as the performer's and a leg straight in the capture is straight, not out of reach, on ours
    ankles = p[:, [J["left_ankle"], J["right_ankle"]], 1]
    p[..., 1] -= np.percentile(ankles, 5) - body.rest[J["left_ankle"], 1] / scale
    contacts = detect_contacts(p, clip.fps)
    heights = foot_heights(p, body, scale)
    globals_ = global_rotations_from_positions(p, body, heights)
    rotations = local_from_global(globals_)
    # our hips stand as high as the performer's (scaled to our legs); our pelvis travels the performer's ground
    # path in metres, so speed and step length are the performer's
    hip_centre = 0.5 * (p[:, J["left_hip"]] + p[:, J["right_hip"]])
    rest_hips = 0.5 * (body.offsets[J["left_hip"]] + body.offsets[J["right_hip"]])
    root = p[:, 0].copy()
    root[:, 1] = hip_centre[:, 1] * scale - globals_[0].apply(rest_hips)[:, 1]
    # the feet already move over the ground as the performer's did (follow_captured_feet): holding a planted one
    # still as well would fight the capture wherever the performer pivots on a heel or a toe, and pull the leg
    # out of reach; pin_contacts, given no contacts to hold, only keeps every sole point above the ground
    motion = ActorMotion(actor_id="retarget", character_id="retarget", offsets=body.offsets, rotations=rotations,
                         root=root, contacts=np.zeros_like(contacts))
    follow_captured_feet(motion, body, p, heights, contacts, clip.fps)
    pin_contacts(motion, body, clip.fps)
    return Retargeted(rotations=motion.rotations, root=motion.root, contacts=contacts, fps=clip.fps)
