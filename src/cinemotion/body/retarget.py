"""Retarget motion capture onto a character's 22-joint skeleton, keeping its timing, path and contacts.

    # 1. Map the capture's joints to ours by name (bvh_joints.yaml); drop a leading reference pose
    # 2. Stand it on y = 0 and scale heights to the character's leg length (the ground path keeps its metres,
    #    so speed and step length are the performer's)
    # 3. Each bone's global rotation from the captured bone directions (twist from the neighbouring bones)
    # 4. Contacts detected from the capture's kinematics; feet re-pinned with IK on the character's legs
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import yaml
from scipy.spatial.transform import Rotation

from cinemotion.body.bvh import BvhClip
from cinemotion.body.ik import _unit, align, hinge_pole
from cinemotion.body.skeleton import JOINTS, N_JOINTS, PARENTS, Body, J
from cinemotion.errors import InputError
from cinemotion.quality.contacts import detect_contacts

REFERENCE_JUMP_M = 0.25  # a leading frame this far from the next is a calibration pose, not motion
FORWARD = np.array([0.0, 0.0, 1.0])
UP = np.array([0.0, 1.0, 0.0])
LEFT = np.array([1.0, 0.0, 0.0])


@cache
def joint_names() -> dict:
    return yaml.safe_load(Path(__file__).with_name("bvh_joints.yaml").read_text())


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
    """Positions (F, 22, 3) of our joints picked from the capture's (see bvh_joints.yaml)."""
    table = joint_names()
    lower = {name.lower(): i for i, name in enumerate(clip.names)}
    used: set[int] = set()
    mapped: dict[str, np.ndarray] = {}
    for joint in JOINTS:
        for candidate in table["joints"][joint]:
            i = lower.get(candidate)
            if i is not None and i not in used:
                used.add(i)
                mapped[joint] = positions[:, i]
                break
    for joint, (a, b) in table["between"].items():
        if joint not in mapped and a in mapped and b in mapped:
            mapped[joint] = 0.5 * (mapped[a] + mapped[b])
    missing = [j for j in JOINTS if j not in mapped]
    if missing:
        raise InputError("source", f"cannot map motion capture joints {', '.join(missing)} "
                                   f"(skeleton has {', '.join(clip.names[:12])}, …)")
    return np.stack([mapped[j] for j in JOINTS], axis=1)


def _leg_length(p: np.ndarray) -> float:
    return float(np.mean([np.linalg.norm(p[:, J[f"{s}_knee"]] - p[:, J[f"{s}_hip"]], axis=1).mean()
                          + np.linalg.norm(p[:, J[f"{s}_ankle"]] - p[:, J[f"{s}_knee"]], axis=1).mean()
                          for s in ("left", "right")]))


def global_rotations_from_positions(p: np.ndarray, body: Body) -> list[Rotation]:
    """Each joint's global rotation that turns our rest bones onto the captured bone directions."""
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
        g[J[f"{s}_ankle"]] = align(off[J[f"{s}_foot"]], UP, foot, -shank)
        g[J[f"{s}_foot"]] = g[J[f"{s}_ankle"]]
    return g


def local_from_global(g: list[Rotation]) -> np.ndarray:
    out = np.zeros((len(g[0]), N_JOINTS, 4))
    for j, parent in enumerate(PARENTS):
        out[:, j] = (g[j] if parent < 0 else g[parent].inv() * g[j]).as_quat()
    return out


def retarget(clip: BvhClip, body: Body) -> Retargeted:
    """The clip performed by this body (see module docstring)."""
    from cinemotion.motion.performance import ActorMotion
    from cinemotion.physics.contacts import pin_contacts

    positions = clip.positions()
    positions = positions[motion_frames(positions)]
    p = map_joints(clip, positions)
    our_leg = float(np.linalg.norm(body.offsets[J["left_knee"]]) + np.linalg.norm(body.offsets[J["left_ankle"]]))
    scale = our_leg / _leg_length(p)
    # stand on the ground: the toes' resting height becomes our ball-of-foot height
    toes = p[:, [J["left_foot"], J["right_foot"]], 1]
    p[..., 1] -= np.percentile(toes, 5) - body.rest[J["left_foot"], 1] / scale
    contacts = detect_contacts(p, clip.fps)
    globals_ = global_rotations_from_positions(p, body)
    rotations = local_from_global(globals_)
    # our hips sit where the performer's hips were (heights scaled to our legs, the ground path kept)
    hip_centre = 0.5 * (p[:, J["left_hip"]] + p[:, J["right_hip"]])
    hip_centre[:, 1] *= scale
    rest_hips = 0.5 * (body.offsets[J["left_hip"]] + body.offsets[J["right_hip"]])
    root = hip_centre - globals_[0].apply(rest_hips)
    motion = ActorMotion(actor_id="retarget", character_id="retarget", offsets=body.offsets, rotations=rotations,
                         root=root, contacts=contacts)
    pin_contacts(motion, body, clip.fps)
    return Retargeted(rotations=motion.rotations, root=motion.root, contacts=contacts, fps=clip.fps)
