"""join_segments: windows land at their frames and pose offsets at a seam fade out instead of popping."""

from __future__ import annotations

import numpy as np
from scipy.spatial.transform import Rotation

from cinemotion.motion.blend import SEAM_S, join_segments
from cinemotion.motion.segment import BodyState, Segment


def _segment(first: int, n: int, angle: float, x0: float) -> Segment:
    rot = np.tile([0.0, 0.0, 0.0, 1.0], (n, 22, 1))
    rot[:, 18] = Rotation.from_euler("x", angle).as_quat()  # the left elbow held at one angle
    root = np.stack([x0 + 0.01 * np.arange(n), np.full(n, 0.95), np.zeros(n)], axis=1)
    end = BodyState(position=root[-1], heading_rad=0.0, velocity=np.zeros(3))
    return Segment(first=first, rotations=rot, root=root, contacts=np.ones((n, 2), bool), events=[], end=end)


def test_a_pose_jump_at_a_seam_is_faded_over_the_seam_window():
    fps = 24
    joined, root, contacts = join_segments([_segment(0, 24, 0.0, 0.0), _segment(24, 24, -1.2, 0.5)], 48, fps)
    elbow = Rotation.from_quat(joined[:, 18]).magnitude()
    assert elbow[23] == 0.0 and abs(elbow[-1] - 1.2) < 1e-9
    steps = np.abs(np.diff(elbow))
    assert steps.max() < 1.2 / (SEAM_S * fps) * 1.6  # spread over the window, never one jump
    offset = 0.5 - 0.24  # where the second window starts vs where the first was heading
    assert np.abs(np.diff(root[:, 0])).max() < 0.01 + 1.6 * offset / (SEAM_S * fps)  # faded, not jumped
    assert root[24, 0] < 0.3
    assert contacts.all()
