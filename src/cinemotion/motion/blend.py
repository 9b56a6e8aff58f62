"""Join consecutive body-track segments into one track, cross-fading the pose at each seam.

Each generator starts from the state the previous one ended in, so seams are nearly continuous; what is
left (a pose or position offset at the first frame) is carried into the new segment and faded out by slerp
over a short window (inertialization-style), so nothing pops.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial.transform import Rotation

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.skeleton import N_JOINTS
from cinemotion.motion.segment import Segment


class BlendFigures(Figures):
    seam_s: Figure[float]


FIGURES = load_table("motion/blend.yaml", BlendFigures)
SEAM_S = FIGURES.seam_s.value  # the cross-fade window after each seam


def _fade(n: int) -> np.ndarray:
    """Weight of the carried-over offset: 1 at the seam, easing to 0 (smoothstep)."""
    u = np.arange(n) / max(n, 1)
    return 1 - u * u * (3 - 2 * u)


def join_segments(segments: list[Segment], n_frames: int, fps: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rotations (F, 22, 4), root (F, 3) and contacts (F, 2) from segments placed at their `first` frame."""
    rotations = np.zeros((n_frames, N_JOINTS, 4))
    rotations[..., 3] = 1.0
    root = np.zeros((n_frames, 3))
    contacts = np.zeros((n_frames, 2), bool)
    filled = np.zeros(n_frames, bool)
    previous: Segment | None = None
    for seg in sorted(segments, key=lambda s: s.first):
        a = seg.first
        b = min(a + len(seg.rotations), n_frames)
        if b <= a:
            continue
        rot = seg.rotations[: b - a].copy()
        pos = seg.root[: b - a].copy()
        if previous is not None and a > 0 and filled[a - 1]:
            # offset between where the last segment would have continued and where this one starts
            expected = rotations[a - 1]
            offset = Rotation.from_quat(expected) * Rotation.from_quat(rot[0]).inv()
            vel = root[a - 1] - root[a - 2] if a > 1 and filled[a - 2] else np.zeros(3)
            pos_offset = root[a - 1] + vel - pos[0]
            n = min(int(round(SEAM_S * fps)), b - a)
            weights = _fade(n)
            for k in range(n):
                partial = Rotation.from_rotvec(offset.as_rotvec() * weights[k])
                rot[k] = (partial * Rotation.from_quat(rot[k])).as_quat()
            pos[:n] += pos_offset[None] * weights[:, None]
        rotations[a:b] = rot
        root[a:b] = pos
        contacts[a:b] = seg.contacts[: b - a]
        filled[a:b] = True
        previous = seg
    # frames no segment covered (should not happen) hold the nearest pose
    if not filled.all() and filled.any():
        idx = np.where(filled)[0]
        nearest = idx[np.abs(idx[None, :] - np.arange(n_frames)[:, None]).argmin(axis=1)]
        rotations, root, contacts = rotations[nearest], root[nearest], contacts[nearest]
    return rotations, root, contacts
