"""Anatomical joint angles → the skeleton's local rotations.

The rest pose stands upright, arms hanging, facing +Z with the left side at +X, so every local
frame starts aligned with the world and a flexion is a rotation about the frame's X axis:
hip/shoulder flexion swings the limb forward (−X rotation), knee flexion swings the shank back
(+X), elbow flexion brings the forearm forward (−X), trunk lean tips the spine forward (+X),
ankle dorsiflexion lifts the toes (−X). Abduction swings a limb out sideways about Z.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial.transform import Rotation

from cinemotion.body.skeleton import J, N_JOINTS

# angle name → (joint, axis, sign): rotation = sign × angle about the joint's local axis
ANGLE_AXES = {
    "trunk_lean": [("spine1", "x", 0.4), ("spine2", "x", 0.35), ("spine3", "x", 0.25)],
    "trunk_twist": [("spine1", "y", 0.3), ("spine2", "y", 0.35), ("spine3", "y", 0.35)],
    "trunk_side": [("spine1", "z", 0.4), ("spine2", "z", 0.35), ("spine3", "z", 0.25)],
    "neck_flex": [("neck", "x", 0.5), ("head", "x", 0.5)],
    "head_turn": [("neck", "y", 0.5), ("head", "y", 0.5)],
    "hip_flex_l": [("left_hip", "x", -1.0)], "hip_flex_r": [("right_hip", "x", -1.0)],
    "hip_abd_l": [("left_hip", "z", 1.0)], "hip_abd_r": [("right_hip", "z", -1.0)],
    "knee_l": [("left_knee", "x", 1.0)], "knee_r": [("right_knee", "x", 1.0)],
    "ankle_l": [("left_ankle", "x", -1.0)], "ankle_r": [("right_ankle", "x", -1.0)],
    "shoulder_flex_l": [("left_shoulder", "x", -1.0)], "shoulder_flex_r": [("right_shoulder", "x", -1.0)],
    "shoulder_abd_l": [("left_shoulder", "z", 1.0)], "shoulder_abd_r": [("right_shoulder", "z", -1.0)],
    "elbow_l": [("left_elbow", "x", -1.0)], "elbow_r": [("right_elbow", "x", -1.0)],
    "pelvis_pitch": [("pelvis", "x", 1.0)], "pelvis_roll": [("pelvis", "z", 1.0)],
}
_AXIS = {"x": 0, "y": 1, "z": 2}  # layout: an axis name's index in a vector


def heading_yaw(heading_rad: np.ndarray | float) -> Rotation:
    """The pelvis yaw that turns the rest pose (facing +Z) to travel along heading (0 = +X)."""
    return Rotation.from_rotvec(np.multiply.outer(np.asarray(heading_rad, float) + np.pi / 2, [0.0, 1.0, 0.0]))


def pelvis_heading(pelvis: Rotation) -> np.ndarray:
    """Heading (travel convention, 0 = +X) the pelvis faces: the inverse of heading_yaw."""
    forward = pelvis.apply([0.0, 0.0, 1.0])
    return np.arctan2(-forward[..., 2], forward[..., 0])


def rotations_from_angles(angles: dict[str, np.ndarray], heading_rad: np.ndarray, frames: int) -> np.ndarray:
    """Local quaternions (F, 22, 4) from named angles in radians (each scalar or (F,))."""
    rotvec = np.zeros((frames, N_JOINTS, 3))
    for name, value in angles.items():
        for joint, axis, share in ANGLE_AXES[name]:
            rotvec[:, J[joint], _AXIS[axis]] += share * np.broadcast_to(value, (frames,))
    quats = Rotation.from_rotvec(rotvec.reshape(-1, 3)).as_quat().reshape(frames, N_JOINTS, 4)
    pelvis = heading_yaw(np.broadcast_to(heading_rad, (frames,))) * Rotation.from_quat(quats[:, J["pelvis"]])
    quats[:, J["pelvis"]] = pelvis.as_quat()
    return quats


def interpolate_keys(keys: list[tuple[float, dict[str, float]]], times: np.ndarray,
                     rate=None) -> dict[str, np.ndarray]:
    """Angles at `times` from (time, angles) key poses, eased between keys by `rate` (0..1 → 0..1)."""
    rate = rate or (lambda u: u * u * (3 - 2 * u))
    names = sorted({n for _, pose in keys for n in pose})
    key_t = np.array([t for t, _ in keys])
    out = {}
    idx = np.clip(np.searchsorted(key_t, times, side="right") - 1, 0, len(keys) - 1)
    nxt = np.minimum(idx + 1, len(keys) - 1)
    span = np.maximum(key_t[nxt] - key_t[idx], 1e-9)
    u = np.where(nxt > idx, np.clip((times - key_t[idx]) / span, 0.0, 1.0), 0.0)
    w = np.vectorize(rate)(u) if len(u) else u
    for n in names:
        vals = np.radians([pose.get(n, 0.0) for _, pose in keys])
        out[n] = vals[idx] * (1 - w) + vals[nxt] * w
    return out
