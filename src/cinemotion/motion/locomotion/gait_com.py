"""Whole-body centre of mass from joint positions and segment mass fractions (Winter 2009, Table 4.1).

Used to keep a body's centre of mass ballistic while no foot touches the ground, and by quality metrics.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from cinemotion.body.skeleton import J, anthropometry
from cinemotion.core.tables import load_table

Segment = tuple[str, str, float, str]  # proximal joint, distal joint, CoM fraction from proximal, mass-fraction key


class SegmentTable(BaseModel):
    """Each segment's centre of mass along it (gait_com.yaml): the trunk and head, then the limbs of each side."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    source: str = Field(min_length=8)
    axial: tuple[Segment, ...]
    limbs: tuple[Segment, ...]


_TABLE = load_table("motion/locomotion/gait_com.yaml", SegmentTable)
SEGMENTS = [*_TABLE.axial, *[(f"{s}_{a}", f"{s}_{b}", frac, key) for s in ("left", "right")
                             for a, b, frac, key in _TABLE.limbs]]


def center_of_mass(joints: np.ndarray) -> np.ndarray:
    """CoM (F, 3) of joint positions (F, 22, 3), segment masses as fractions of body mass."""
    fractions = anthropometry()["mass_fractions"]
    total = np.zeros(joints.shape[:1] + (3,))
    weight = 0.0
    for proximal, distal, along, key in SEGMENTS:
        mass = fractions[key]
        point = joints[:, J[proximal]] + along * (joints[:, J[distal]] - joints[:, J[proximal]])
        total += mass * point
        weight += mass
    return total / weight


def ballistic_offsets(com_y: np.ndarray, tau: np.ndarray, airborne: np.ndarray, gravity: float) -> np.ndarray:
    """Vertical corrections (n,) that make the CoM a free-fall parabola over each airborne stretch.

    The parabola keeps the CoM height where the stretch starts and ends (take-off and touchdown).
    """
    offsets = np.zeros(len(tau))
    padded = np.concatenate([[False], airborne, [False]]).astype(int)
    starts, ends = np.where(np.diff(padded) == 1)[0], np.where(np.diff(padded) == -1)[0]
    for a, b in zip(starts, ends):
        a0, b0 = max(a - 1, 0), min(b, len(tau) - 1)  # the last contact frame before, the first after
        if b0 - a0 < 2:
            continue
        t = tau[a0:b0 + 1] - tau[a0]
        duration = t[-1]
        v0 = (com_y[b0] - com_y[a0]) / duration + gravity * duration / 2
        parabola = com_y[a0] + v0 * t - gravity * t**2 / 2
        offsets[a0:b0 + 1] = parabola - com_y[a0:b0 + 1]
    return offsets
