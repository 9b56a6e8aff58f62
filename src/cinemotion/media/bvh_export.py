"""BVH writer: an actor's rotations on a named rest-pose skeleton, with root motion.

The hierarchy is our 22 SMPL joints under their own names, rest pose as the character stands
(upright, arms down, facing +Z, Y up), which is what Blender's BVH importer expects (Y up, -Z
forward on import). Each joint's channels are Euler angles in degrees whose listed order is the
intrinsic composition order (`Zrotation Yrotation Xrotation` means R = Rz·Ry·Rx), the BVH rule
that Blender, MotionBuilder and the common parsers follow. The root turns heading-first
(`Yrotation Xrotation Zrotation`) so that any heading is far from gimbal lock; limbs and spine
put their twist (about the bone, Y in the rest pose) in the middle, where it stays small.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.spatial.transform import Rotation

from cinemotion.body.skeleton import JOINTS, PARENTS, anthropometry
from cinemotion.errors import InputError
from cinemotion.media.atomic import atomic_path
from cinemotion.motion.performance import ActorMotion

UNITS = {"m": 1.0, "cm": 100.0}  # definitions: file units per metre
ROOT_ORDER = "YXZ"
JOINT_ORDER = "ZYX"


def rest_positions(offsets: np.ndarray) -> np.ndarray:
    """World rest positions (22, 3) from parent-relative offsets (the pelvis's is its position)."""
    rest = np.zeros((len(PARENTS), 3))
    for j, p in enumerate(PARENTS):
        rest[j] = offsets[j] + (rest[p] if p >= 0 else 0.0)
    return rest


def standing_height(offsets: np.ndarray) -> float:
    """A skeleton's standing height from its head joint's height (anthropometric fraction)."""
    return float(rest_positions(offsets)[JOINTS.index("head"), 1] / anthropometry()["heights"]["head"])


def _end_sites(offsets: np.ndarray) -> dict[int, np.ndarray]:
    """Offsets of the End Sites that close each leaf joint: head top, hand tips, toe tips."""
    a = anthropometry()
    height = standing_height(offsets)
    ends = {JOINTS.index("head"): np.array([0.0, (a["extra"]["head_top"] - a["heights"]["head"]) * height, 0.0])}
    toe = a["extra"]["foot_length"] - a["extra"]["heel_back"] - a["forward"]["foot"]
    for side in ("left", "right"):
        wrist = JOINTS.index(f"{side}_wrist")
        forearm = offsets[wrist] / np.linalg.norm(offsets[wrist])
        ends[wrist] = forearm * a["extra"]["hand_length"] * height
        ends[JOINTS.index(f"{side}_foot")] = np.array([0.0, 0.0, toe * height])
    return ends


def _hierarchy(offsets: np.ndarray, scale: float) -> list[str]:
    children = {j: [c for c, p in enumerate(PARENTS) if p == j] for j in range(len(JOINTS))}
    ends = _end_sites(offsets)
    lines: list[str] = []

    def vec(v: np.ndarray) -> str:
        return " ".join(f"{float(x) * scale:.6f}" for x in v)

    def emit(j: int, depth: int) -> None:
        pad = "\t" * depth
        if PARENTS[j] < 0:
            # Root OFFSET 0: the position channels carry the pelvis's world position absolutely,
            # which every reader agrees on (some add the root offset to the channels, some don't).
            lines.extend([f"{pad}ROOT {JOINTS[j]}", f"{pad}{{", f"{pad}\tOFFSET {vec(np.zeros(3))}",
                          f"{pad}\tCHANNELS 6 Xposition Yposition Zposition "
                          + " ".join(f"{axis}rotation" for axis in ROOT_ORDER)])
        else:
            lines.extend([f"{pad}JOINT {JOINTS[j]}", f"{pad}{{", f"{pad}\tOFFSET {vec(offsets[j])}",
                          f"{pad}\tCHANNELS 3 " + " ".join(f"{axis}rotation" for axis in JOINT_ORDER)])
        for c in children[j]:
            emit(c, depth + 1)
        if j in ends:
            lines.extend([f"{pad}\tEnd Site", f"{pad}\t{{", f"{pad}\t\tOFFSET {vec(ends[j])}", f"{pad}\t}}"])
        lines.append(f"{pad}}}")

    lines.append("HIERARCHY")
    emit(0, 0)
    return lines


def _depth_first(j: int = 0) -> list[int]:
    return [j] + [k for c, p in enumerate(PARENTS) if p == j for k in _depth_first(c)]


def motion_channels(motion: ActorMotion, scale: float) -> np.ndarray:
    """(F, 3 + 3·22) channel values in hierarchy order: root position, then each joint's Euler degrees."""
    columns = [motion.root * scale]
    for j in _depth_first():
        order = ROOT_ORDER if PARENTS[j] < 0 else JOINT_ORDER
        euler = Rotation.from_quat(motion.rotations[:, j]).as_euler(order, degrees=True)
        # Shifting one angle by 360° keeps the rotation; unwrapping keeps curves continuous for
        # interpolating importers (Blender's F-curves) across the ±180° seam.
        columns.append(np.unwrap(euler, axis=0, period=360.0))
    return np.concatenate(columns, axis=1)


def bvh_text(motion: ActorMotion | Sequence[ActorMotion], fps: float, *, units: str = "m") -> str:
    """The BVH file of one actor; several motions (the actor's shots in film order) play one after another."""
    motions = [motion] if isinstance(motion, ActorMotion) else list(motion)
    if not motions:
        raise InputError("motion", "no frames to write")
    if units not in UNITS:
        raise InputError("units", f"{units!r} is not one of {', '.join(UNITS)}")
    if not fps > 0:
        raise InputError("fps", f"{fps!r} must be positive")
    scale = UNITS[units]
    channels = np.concatenate([motion_channels(m, scale) for m in motions])
    # Unwrap across the cuts too, so each shot continues the previous one's angle branch.
    channels[:, 3:] = np.unwrap(channels[:, 3:], axis=0, period=360.0)
    lines = _hierarchy(motions[0].offsets, scale)
    lines += ["MOTION", f"Frames: {len(channels)}", f"Frame Time: {1.0 / fps:.8f}"]
    lines += [" ".join(f"{v:.6f}" for v in row) for row in channels]
    return "\n".join(lines) + "\n"


def write_bvh(path: str | Path, motion: ActorMotion | Sequence[ActorMotion], fps: float, *,
              units: str = "m") -> None:
    """`<actor>.bvh`: the actor's rotations and root motion in metres or centimetres, written atomically.

    Pass one ActorMotion (a shot) or the actor's motions of every shot in film order (the film).
    """
    text = bvh_text(motion, fps, units=units)
    with atomic_path(path) as tmp:
        tmp.write_text(text)
