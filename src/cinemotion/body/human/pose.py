"""Bone transforms of a fitted body for each frame of a performance: the 22 joints' rotations, the
fingers solved from the hand landmarks, the eyes turned to the gaze.

A bone's transform maps its bind-pose (rest) points to world: x ↦ G (x - rest) + p.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.spatial.transform import Rotation

from cinemotion.body.human.model import HumanBody, bone_names, bone_parents, human_table
from cinemotion.body.skeleton import N_JOINTS, global_rotations
from cinemotion.core.tables import Figure, Figures, load_table


class BonePoseFigures(Figures):
    max_eye_turn_deg: Figure[float]


# how far the eyes turn in the head before they look ahead again
MAX_EYE_TURN_RAD = np.radians(load_table("body/human/pose.yaml", BonePoseFigures).max_eye_turn_deg.value)


@dataclass(frozen=True)
class BonePoses:
    rotations: np.ndarray   # (F, B, 3, 3) global
    positions: np.ndarray   # (F, B, 3) each bone's joint, world

    @property
    def local_quaternions(self) -> np.ndarray:
        """(F, B, 4) xyzw: each bone's rotation relative to its parent's (the root's is global)."""
        parents = bone_parents()
        local = self.rotations.copy()
        for b, p in enumerate(parents):
            if p >= 0:
                local[:, b] = np.swapaxes(self.rotations[:, p], 1, 2) @ self.rotations[:, b]
        f, n = local.shape[:2]
        return Rotation.from_matrix(local.reshape(-1, 3, 3)).as_quat().reshape(f, n, 4)

    def matrices(self, body: HumanBody) -> np.ndarray:
        """(F, B, 3, 4) skinning transforms: [G | p - G rest]."""
        t = self.positions - np.einsum("fbij,bj->fbi", self.rotations, body.rest_heads)
        return np.concatenate([self.rotations, t[..., None]], axis=-1)


def _swing(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """(N, 3, 3) smallest rotations taking each u onto each v (rows of unit vectors)."""
    u = u / (np.linalg.norm(u, axis=-1, keepdims=True) + 1e-12)
    v = v / (np.linalg.norm(v, axis=-1, keepdims=True) + 1e-12)
    axis = np.cross(u, v)
    s = np.linalg.norm(axis, axis=-1)
    angle = np.arctan2(s, np.einsum("ni,ni->n", u, v))
    rotvec = axis / np.maximum(s, 1e-12)[:, None] * angle[:, None]
    return Rotation.from_rotvec(rotvec).as_matrix()


def pose_bones(body: HumanBody, rotations: np.ndarray, joints: np.ndarray, hands: np.ndarray | None = None,
               gaze: np.ndarray | None = None) -> BonePoses:
    """Every bone's global rotation and position per frame.

    rotations: (F, 22, 4) local quaternions; joints: (F, 22, 3) world; hands: (F, 2, 21, 3) OpenPose
    landmarks (left, right) or None (the fitted rest hand); gaze: (F, 3) world point or None.
    """
    names, parents = bone_names(), bone_parents()
    frames = rotations.shape[0]
    glob = np.zeros((frames, len(names), 3, 3))
    pos = np.zeros((frames, len(names), 3))
    glob[:, :N_JOINTS] = global_rotations(rotations)
    pos[:, :N_JOINTS] = joints
    rest = body.rest_heads
    fingers = human_table()["fingers"]
    for b in range(N_JOINTS, len(names)):
        p = parents[b]
        glob[:, b] = glob[:, p]
        pos[:, b] = pos[:, p] + np.einsum("fij,j->fi", glob[:, p], rest[b] - rest[p])
        name = names[b]
        if name.endswith("_eye"):
            if gaze is not None:
                ahead = glob[:, p] @ np.array([0.0, 0.0, 1.0])
                look = gaze - pos[:, b]
                look /= np.linalg.norm(look, axis=1, keepdims=True) + 1e-12
                turn = _swing(ahead, look)
                angle = np.linalg.norm(Rotation.from_matrix(turn).as_rotvec(), axis=1)
                keep = angle <= MAX_EYE_TURN_RAD  # beyond the eyes' reach: look ahead
                glob[keep, b] = turn[keep] @ glob[keep, p]
            continue
        if hands is None:
            continue
        side, digit, k = name.split("_")[0], name.split("_")[1][:-1], int(name[-1])
        chain = fingers[digit]
        seen = hands[:, 0 if side == "left" else 1]
        # the rest direction of this bone: towards the next bone's joint (the last continues the one before)
        nxt = b + 1 if k < 3 else b
        prv = b if k < 3 else b - 1
        rest_dir = rest[nxt] - rest[prv] if k < 3 else rest[b] - rest[b - 1]
        now = glob[:, p] @ rest_dir
        want = seen[:, chain[k]] - seen[:, chain[k - 1]]
        glob[:, b] = _swing(now, want) @ glob[:, p]
    return BonePoses(rotations=glob, positions=pos)


def dual_quaternions(matrices: np.ndarray) -> np.ndarray:
    """(..., 8) dual quaternions (real xyzw, dual xyzw) of rigid transforms (..., 3, 4), for the
    vertex shader's dual-quaternion blend (no candy-wrap where elbows and wrists twist)."""
    shape = matrices.shape[:-2]
    m = matrices.reshape(-1, 3, 4)
    q = Rotation.from_matrix(m[:, :, :3]).as_quat()  # xyzw
    t = m[:, :, 3]
    # dual part: 0.5 * (t, 0) * q
    x, y, z, w = q.T
    tx, ty, tz = t.T
    dual = 0.5 * np.stack([tx * w + ty * z - tz * y, -tx * z + ty * w + tz * x,
                           tx * y - ty * x + tz * w, -tx * x - ty * y - tz * z], axis=1)
    return np.concatenate([q, dual], axis=1).reshape(*shape, 8)


def rotate(q: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Vectors (N, 3) turned by unit quaternions (N, 4) xyzw (the shader's `rotate`:
    v + 2 u × (u × v + w v)), written out per component (np.cross costs twice as much here)."""
    x, y, z, w = q.T
    vx, vy, vz = v.T
    cx, cy, cz = y * vz - z * vy + w * vx, z * vx - x * vz + w * vy, x * vy - y * vx + w * vz
    return np.stack([vx + 2.0 * (y * cz - z * cy), vy + 2.0 * (z * cx - x * cz), vz + 2.0 * (x * cy - y * cx)],
                    axis=1)


def blend_bones(body: HumanBody, dual_quats: np.ndarray, vertices: np.ndarray | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
    """Each vertex's blended rigid transform, as the vertex shader blends it: (V, 4) unit rotation
    quaternions xyzw and (V, 3) translations, from one frame's (B, 8) bone dual quaternions; of
    `vertices` only where given."""
    index = body.bone_index.astype(np.intp)
    weight = body.bone_weight
    if vertices is not None:
        index, weight = index[vertices], weight[vertices]
    n = len(index)
    # the shader turns each bone's quaternion into its first bone's hemisphere: the sign of every
    # bone pair's dot, looked up per influence; then the blend is a sparse (V, B) weighting
    flip = np.where(dual_quats[:, :4] @ dual_quats[:, :4].T < 0.0, -1.0, 1.0)[index, index[:, :1]]
    weights = sparse.csr_matrix(((weight * flip).ravel(), index.ravel(), np.arange(0, 4 * n + 1, 4)),
                                shape=(n, len(dual_quats)))
    blend = weights @ dual_quats.astype(np.float64)
    norm = np.linalg.norm(blend[:, :4], axis=1, keepdims=True)
    real, dual = blend[:, :4] / norm, blend[:, 4:] / norm
    # translation = 2 (w d - d_w r + r × d), r, d the vector parts
    rx, ry, rz, rw = real.T
    dx, dy, dz, dw = dual.T
    t = 2.0 * np.stack([rw * dx - dw * rx + ry * dz - rz * dy, rw * dy - dw * ry + rz * dx - rx * dz,
                        rw * dz - dw * rz + rx * dy - ry * dx], axis=1)
    return real, t


def skin_points(body: HumanBody, matrices: np.ndarray, points: np.ndarray | None = None) -> np.ndarray:
    """CPU reference of the shader's dual-quaternion skinning: (V, 3) world positions for one
    frame's (B, 3, 4) transforms (bind-pose `points`, default the body's)."""
    pts = body.positions if points is None else points
    real, t = blend_bones(body, dual_quaternions(matrices))
    return rotate(real, pts) + t
