"""One actor's joint transforms on a shot's frame grid: what motion fills and physics, camera and render read.

It lives with the skeleton (below physics and motion) so the physics that pins feet and separates bodies
works on it without importing the stage that made it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from cinemotion.body.skeleton import N_JOINTS, forward_kinematics


@dataclass
class ActorMotion:
    """One actor's performance on the shot's frame grid.

    rotations: (F, 22, 4) local quaternions (x, y, z, w); the pelvis's is global.
    root: (F, 3) pelvis position, world metres.  joints: (F, 22, 3) world positions (FK).
    contacts: (F, 2) bool, left and right foot on the ground.
    hands: (F, 2, 21, 3) world landmarks (left, right; OpenPose hand order) or None.
    face: (F, 70, 3) world landmarks (OpenPose face-70 order) or None.
    expression: named weights per frame (e.g. blink, jaw_open, brow_raise, smile), each (F,).
    """

    actor_id: str
    character_id: str
    offsets: np.ndarray
    rotations: np.ndarray
    root: np.ndarray
    contacts: np.ndarray
    joints: np.ndarray | None = None
    hands: np.ndarray | None = None
    face: np.ndarray | None = None
    expression: dict[str, np.ndarray] = field(default_factory=dict)
    gaze: np.ndarray | None = None  # (F, 3) world point the eyes look at
    secondary: dict[str, np.ndarray] = field(default_factory=dict)  # spring states: hair, cloth …

    def __post_init__(self) -> None:
        assert self.rotations.shape[1:] == (N_JOINTS, 4), self.rotations.shape
        if self.joints is None:
            self.refresh_joints()

    def refresh_joints(self) -> None:
        self.joints = forward_kinematics(self.offsets, self.root, self.rotations)

    @property
    def n_frames(self) -> int:
        return self.rotations.shape[0]
