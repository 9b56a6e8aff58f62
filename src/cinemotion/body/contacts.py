"""Foot contacts detected from kinematics alone (height and speed of the foot joints), for any skeleton data.

Works on our joints and on imported motion capture: no labels, only positions (F, 22, 3) and fps.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import binary_closing, binary_opening, uniform_filter1d

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.skeleton import J

FOOT_JOINTS = {"left": (J["left_ankle"], J["left_foot"]), "right": (J["right_ankle"], J["right_foot"])}


class ContactFigures(Figures):
    height_tol_m: Figure[float]
    speed_tol_mps: Figure[float]
    gap_s: Figure[float]
    touch_s: Figure[float]


FIGURES = load_table("body/contacts.yaml", ContactFigures)
HEIGHT_TOL_M = FIGURES.height_tol_m.value  # above the joint's own resting height (its 5th-percentile height over the clip)
SPEED_TOL_MPS = FIGURES.speed_tol_mps.value  # horizontal joint speed while planted
GAP_S = FIGURES.gap_s.value
TOUCH_S = FIGURES.touch_s.value


def horizontal_speed(points: np.ndarray, fps: float) -> np.ndarray:
    """Horizontal speed (F,) of a point track (F, 3), central differences."""
    if len(points) < 2:
        return np.zeros(len(points))
    return np.linalg.norm(np.gradient(points[:, [0, 2]], axis=0), axis=1) * fps


def resting_heights(joints: np.ndarray) -> dict[int, float]:
    """Each foot joint's height when its foot is on the ground: a low percentile over the clip."""
    return {j: float(np.percentile(joints[:, j, 1], 5)) for side in FOOT_JOINTS.values() for j in side}


def detect_contacts(joints: np.ndarray, fps: float) -> np.ndarray:
    """(F, 2) bool: left and right foot on the ground (ankle or ball low and nearly still)."""
    rest = resting_heights(joints)
    smooth = uniform_filter1d(joints, size=max(1, int(round(fps / 60))), axis=0)
    contacts = np.zeros((len(joints), 2), bool)
    for k, side in enumerate(("left", "right")):
        on = np.zeros(len(joints), bool)
        for j in FOOT_JOINTS[side]:
            low = smooth[:, j, 1] - rest[j] < HEIGHT_TOL_M
            still = horizontal_speed(smooth[:, j], fps) < SPEED_TOL_MPS
            on |= low & still
        # a lift shorter than a swing could be (~60 ms) or a touch shorter than any stance (~40 ms, a sprint's
        # is ≈100 ms [Weyand 2000]) is detection noise, not gait
        gap, touch = max(1, int(round(GAP_S * fps))), max(1, int(round(TOUCH_S * fps)))
        on = binary_closing(np.pad(on, gap, mode="edge"), structure=np.ones(gap + 1))[gap:-gap] if gap > 1 else on
        on = binary_opening(np.pad(on, touch, mode="edge"), structure=np.ones(touch))[touch:-touch] \
            if touch > 1 else on
        contacts[:, k] = on
    return contacts


def intervals(flags: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) frame ranges where flags are True."""
    padded = np.concatenate([[False], flags, [False]]).astype(int)
    edges = np.diff(padded)
    return list(zip(np.where(edges == 1)[0], np.where(edges == -1)[0]))
