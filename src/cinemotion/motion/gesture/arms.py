"""Arms by inverse kinematics: put a wrist on a target with a given hand orientation, then blend.

Gestures name where the hand goes (beside the head, on the face, along a line to a target) and how
it is turned (fingers, palm); the two-bone solver finds the elbow and the shoulder/elbow/wrist local
rotations follow. The result is blended into the body track by a weight, so a wave while walking
replaces only that arm's swing.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial.transform import Rotation

from cinemotion.body.ik import align, two_bone
from cinemotion.body.skeleton import J

ARM = {side: (J[f"{side}_shoulder"], J[f"{side}_elbow"], J[f"{side}_wrist"]) for side in ("left", "right")}
REST_FINGERS = np.array([0.0, -1.0, 0.0])  # the hanging hand's fingers point down
REST_PALM = {"left": np.array([-1.0, 0.0, 0.0]), "right": np.array([1.0, 0.0, 0.0])}  # palms face the thighs
ELBOW_REST_POLE = np.array([0.0, 0.0, -1.0])  # an elbow bends with its point going backward


def mirror(vector, side: str) -> np.ndarray:
    """A right-hand table vector for this side (the left mirrors x)."""
    v = np.asarray(vector, dtype=float)
    return v * np.array([-1.0, 1.0, 1.0]) if side == "left" else v


def mirror_axis(axis, side: str) -> np.ndarray:
    """A rotation axis (a pseudo-vector) for this side: mirroring x flips y and z."""
    a = np.asarray(axis, dtype=float)
    return a * np.array([1.0, -1.0, -1.0]) if side == "left" else a


def unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-12)


def to_world(frames: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """Frame-local vectors (F, 3) or (3,) → world, by per-frame rotation matrices (F, 3, 3)."""
    return np.einsum("fij,fj->fi", frames, np.broadcast_to(vectors, (frames.shape[0], 3)))


def hand_rotation(side: str, fingers: np.ndarray, palm: np.ndarray) -> Rotation:
    """Global hand rotations (F) pointing the fingers along `fingers` with the palm facing `palm` (F, 3)."""
    return align(REST_FINGERS, REST_PALM[side], fingers, palm)


def elbow_pole(shoulder: np.ndarray, elbow: np.ndarray, wrist: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """Unit direction (F, 3) the elbow points, off the shoulder–wrist line; `fallback` where the arm is straight."""
    axis = unit(wrist - shoulder)
    off = elbow - shoulder
    off = off - np.sum(off * axis, axis=-1, keepdims=True) * axis
    bent = np.linalg.norm(off, axis=-1, keepdims=True) > 1e-3
    return np.where(bent, unit(off), fallback)


def solve_arm(offsets: np.ndarray, collar: np.ndarray, shoulder: np.ndarray, side: str, wrist_target: np.ndarray,
              pole: np.ndarray, hand: Rotation | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Local quaternions (F, 3, 4) for shoulder, elbow, wrist reaching `wrist_target` (F, 3) world.

    collar: (F, 3, 3) global frames of the collar (the shoulder's parent); shoulder: (F, 3) positions;
    pole: where the elbow points; hand: global hand rotations, or None to continue the forearm palm-in.
    Returns (local quaternions, elbow positions, reached wrist positions).
    """
    _, e, w = ARM[side]
    upper, lower = np.linalg.norm(offsets[e]), np.linalg.norm(offsets[w])
    elbow, wrist = two_bone(shoulder, wrist_target, upper, lower, pole)
    upper_global = align(offsets[e], ELBOW_REST_POLE, elbow - shoulder, pole)
    fore_global = align(offsets[w], ELBOW_REST_POLE, wrist - elbow, pole)
    hand_global = fore_global if hand is None else hand
    collar_global = Rotation.from_matrix(collar)
    local = np.stack([(collar_global.inv() * upper_global).as_quat(), (upper_global.inv() * fore_global).as_quat(),
                      (fore_global.inv() * hand_global).as_quat()], axis=1)
    return local, elbow, wrist


def slerp_rotations(a: Rotation, b: Rotation, weight: np.ndarray) -> Rotation:
    """Per-frame spherical interpolation from a to b by weight (F,)."""
    return a * Rotation.from_rotvec((a.inv() * b).as_rotvec() * np.clip(weight, 0.0, 1.0)[:, None])
