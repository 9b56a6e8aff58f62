"""The 22-joint SMPL / HumanML3D skeleton: names, parents, rest pose scaled from height, FK."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy.spatial.transform import Rotation

from cinemotion.core.tables import load_table

JOINTS = (
    "pelvis", "left_hip", "right_hip", "spine1", "left_knee", "right_knee", "spine2",
    "left_ankle", "right_ankle", "spine3", "left_foot", "right_foot", "neck", "left_collar",
    "right_collar", "head", "left_shoulder", "right_shoulder", "left_elbow", "right_elbow",
    "left_wrist", "right_wrist",
)
PARENTS = (-1, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 12, 13, 14, 16, 17, 18, 19)  # layout: SMPL's kinematic tree
J = {name: i for i, name in enumerate(JOINTS)}
N_JOINTS = len(JOINTS)
BONES = tuple((p, c) for c, p in enumerate(PARENTS) if p >= 0)  # layout: every (parent, child) but the root's


@cache
def anthropometry() -> dict:
    return load_table("body/anthropometry.yaml")


@dataclass(frozen=True)
class Body:
    """A character's skeleton: rest joint positions (22, 3) in metres, feet on y = 0."""

    height_m: float
    rest: np.ndarray  # (22, 3) world rest positions, facing +Z, left = +X
    width_scale: float = 1.0

    @property
    def offsets(self) -> np.ndarray:
        """Each joint's rest offset from its parent (the pelvis's is its rest position)."""
        off = self.rest.copy()
        for c, p in enumerate(PARENTS):
            if p >= 0:
                off[c] = self.rest[c] - self.rest[p]
        return off

    @property
    def bone_lengths(self) -> np.ndarray:
        return np.array([np.linalg.norm(self.rest[c] - self.rest[p]) for p, c in BONES])

    @property
    def leg_length(self) -> float:
        return float(self.rest[J["left_hip"], 1])

    @property
    def mass_kg(self) -> float:
        # BMI 22 for average build, scaled by width² for other builds.
        return 22.0 * self.height_m**2 * self.width_scale**2


def make_body(height_m: float = 1.72, build: str = "average") -> Body:
    """Rest pose for a person of this height and build (anthropometric fractions)."""
    a = anthropometry()
    h, w, f = a["heights"], a["widths"], a["forward"]
    ws = a["extra"]["build_width"].get(build, 1.0)
    rest = np.zeros((N_JOINTS, 3))
    for name in JOINTS:
        side = 1.0 if name.startswith("left_") else -1.0 if name.startswith("right_") else 0.0
        key = name.removeprefix("left_").removeprefix("right_")
        rest[J[name]] = (side * w.get(key, 0.0) * ws, h[key], f.get(key, 0.0))
    return Body(height_m=height_m, rest=rest * height_m, width_scale=ws)


def forward_kinematics(offsets: np.ndarray, root: np.ndarray, local_rot: np.ndarray) -> np.ndarray:
    """World joint positions (F, 22, 3) from local rotations (F, 22, 4 xyzw) and root (F, 3).

    Each joint's local rotation turns its children's rest offsets; the pelvis's rotation is global.
    """
    frames = local_rot.shape[0]
    glob = [None] * N_JOINTS
    pos = np.zeros((frames, N_JOINTS, 3))
    for j, p in enumerate(PARENTS):
        r = Rotation.from_quat(local_rot[:, j])
        if p < 0:
            glob[j] = r
            pos[:, j] = root
        else:
            glob[j] = glob[p] * r
            pos[:, j] = pos[:, p] + glob[p].apply(offsets[j])
    return pos


def global_rotations(local_rot: np.ndarray) -> np.ndarray:
    """Global rotation matrices (F, 22, 3, 3) of each joint's frame."""
    frames = local_rot.shape[0]
    out = np.zeros((frames, N_JOINTS, 3, 3))
    glob: list[Rotation] = [None] * N_JOINTS  # type: ignore[list-item]
    for j, p in enumerate(PARENTS):
        r = Rotation.from_quat(local_rot[:, j])
        glob[j] = r if p < 0 else glob[p] * r
        out[:, j] = glob[j].as_matrix()
    return out


def foot_points(body: Body) -> tuple[np.ndarray, np.ndarray]:
    """The heel's sole point and the ball joint (the toes' hinge) relative to the ankle, in the rest (foot-flat) frame.

    A planted foot rolls about the heel's sole point (toes up) and about the ball joint itself (heel up): the toes
    stay flat on the ground while the heel rises, so the ball of the foot does not move until toe-off.
    """
    a = anthropometry()["extra"]
    ankle = body.rest[J["left_ankle"]]
    ball = body.rest[J["left_foot"]]
    heel = np.array([0.0, -ankle[1], -a["heel_back"] * body.height_m])
    return heel, np.array([0.0, ball[1] - ankle[1], ball[2] - ankle[2]])


def ball_height(body: Body) -> float:
    """Height of the ball joint above the ground when the foot is flat."""
    return float(body.rest[J["left_foot"], 1])
