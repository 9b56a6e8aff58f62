"""Analytic inverse kinematics: two-bone limbs (hip–knee–ankle) and bone-frame alignment.

Everything is vectorised over frames: positions are (F, 3), rotations scipy `Rotation` stacks.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial.transform import Rotation

from cinemotion.body.skeleton import PARENTS, J

LEGS = {"left": (J["left_hip"], J["left_knee"], J["left_ankle"], J["left_foot"]),
        "right": (J["right_hip"], J["right_knee"], J["right_ankle"], J["right_foot"])}
REACH_SLACK = 0.999  # numerical guard: a limb never straightens fully: keeps the knee's bend direction defined


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-12)


def _basis(direction: np.ndarray, pole: np.ndarray) -> np.ndarray:
    """Orthonormal frames (F, 3, 3) whose columns are (pole⊥, direction × pole⊥, direction)."""
    d = _unit(direction)
    p = _unit(pole - np.sum(pole * d, axis=-1, keepdims=True) * d)
    return np.stack([p, np.cross(d, p), d], axis=-1)


def align(rest_dir: np.ndarray, rest_pole: np.ndarray, direction: np.ndarray, pole: np.ndarray) -> Rotation:
    """The rotation taking a rest bone (direction + pole hint) onto a posed one, per frame."""
    frames = direction.shape[0]
    rest = _basis(np.broadcast_to(rest_dir, (frames, 3)), np.broadcast_to(rest_pole, (frames, 3)))
    posed = _basis(direction, pole)
    return Rotation.from_matrix(posed @ np.transpose(rest, (0, 2, 1)))


def two_bone(root: np.ndarray, target: np.ndarray, upper: float, lower: float,
             pole: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Middle-joint and end positions (F, 3) for a limb reaching from root toward target.

    The limb bends in the plane of root, target and the pole direction (the knee points along the pole).
    A target out of reach is pulled back along the root–target line, so the end lands short of it.
    """
    to_target = target - root
    dist = np.linalg.norm(to_target, axis=-1)
    reach = np.clip(dist, abs(upper - lower) + 1e-6, (upper + lower) * REACH_SLACK)
    axis = _unit(to_target)
    end = root + axis * reach[:, None]
    # law of cosines: distance along the axis to the middle joint's foot, and its height off the axis
    along = (upper**2 - lower**2 + reach**2) / (2 * reach)
    height = np.sqrt(np.maximum(upper**2 - along**2, 0.0))
    bend = _unit(pole - np.sum(pole * axis, axis=-1, keepdims=True) * axis)
    middle = root + axis * along[:, None] + bend * height[:, None]
    return middle, end


def hinge_pole(upper_front: np.ndarray, upper: np.ndarray, lower: np.ndarray, bend: float = 1.0) -> np.ndarray:
    """The lower bone's front direction after a hinge flexes: the upper front turned by the flexion angle.

    Knees (bend +1) swing the shin back, so its front tilts toward the thigh's direction; elbows (bend −1)
    swing the forearm forward, so its front tilts away from it. (A fixed pole would flip the lower bone's
    twist once the joint bends past 90°.)
    """
    u, v = _unit(upper), _unit(lower)
    cos = np.clip(np.sum(u * v, axis=-1, keepdims=True), -1.0, 1.0)
    return cos * upper_front + bend * np.sqrt(1 - cos**2) * u


def leg_rotations(offsets: np.ndarray, pelvis: Rotation, hip: np.ndarray, ankle_target: np.ndarray,
                  knee_pole: np.ndarray, foot: Rotation, side: str) -> tuple[np.ndarray, np.ndarray]:
    """Local quaternions (F, 3, 4) for hip, knee, ankle putting the ankle on its target.

    pelvis: the pelvis's global rotation; hip: world hip positions; foot: the foot's global rotation.
    Returns (local quaternions, reached ankle positions).
    """
    h, k, a, f = LEGS[side]
    thigh, shank = offsets[k], offsets[a]
    knee, ankle = two_bone(hip, ankle_target, np.linalg.norm(thigh), np.linalg.norm(shank), knee_pole)
    forward = np.array([0.0, 0.0, 1.0])
    hip_global = align(thigh, forward, knee - hip, knee_pole)
    knee_global = align(shank, forward, ankle - knee, hinge_pole(hip_global.apply(forward), knee - hip, ankle - knee))
    local = np.stack([(pelvis.inv() * hip_global).as_quat(), (hip_global.inv() * knee_global).as_quat(),
                      (knee_global.inv() * foot).as_quat()], axis=1)
    return local, ankle


def parent_global(rotations: np.ndarray, joint: int) -> Rotation:
    """Global rotation of a joint's parent frame, from local quaternions (F, 22, 4)."""
    chain = []
    j = PARENTS[joint]
    while j >= 0:
        chain.append(j)
        j = PARENTS[j]
    glob = Rotation.from_quat(rotations[:, chain[-1]])
    for j in reversed(chain[:-1]):
        glob = glob * Rotation.from_quat(rotations[:, j])
    return glob
