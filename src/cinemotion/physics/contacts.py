"""Ground contact: planted feet stay put, no joint sinks below y = 0, planted soles don't float.

Works on any ActorMotion (gaits, jumps, imported capture): during each contact interval the foot rolls on
whichever sole point is lowest (heel, then ball); that point is held where it first touched, on y = 0, and
the leg is re-solved by two-bone IK keeping the foot's orientation. Corrections ease in and out over a few
frames around each interval so the swing leg arrives and leaves without a pop.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter1d
from scipy.spatial.transform import Rotation

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.actor_motion import ActorMotion
from cinemotion.body.contacts import intervals
from cinemotion.body.ik import leg_rotations
from cinemotion.body.skeleton import Body, J, ball_height, foot_points, global_rotations


class PinningFigures(Figures):
    ease_s: Figure[float]


FIGURES = load_table("physics/contacts.yaml", PinningFigures)
EASE_S = FIGURES.ease_s.value  # corrections fade in before touchdown and out after lift-off over this time


def _sole_points(joints: np.ndarray, foot: Rotation, body: Body, side: str) -> tuple[np.ndarray, np.ndarray]:
    """The heel's sole point and the ground point under the ball joint (fixed while the foot rolls over its ball)."""
    heel, ball = foot_points(body)
    ankle = joints[:, J[f"{side}_ankle"]]
    return ankle + foot.apply(heel), ankle + foot.apply(ball) - [0.0, ball_height(body), 0.0]


def _anchor_corrections(heel: np.ndarray, ball: np.ndarray, contact: np.ndarray, fps: float) -> np.ndarray:
    """Per-frame displacement (F, 3) that holds the rolling sole point still and on the ground."""
    n = len(contact)
    correction = np.zeros((n, 3))
    weight = np.zeros(n)
    for a, b in intervals(contact):
        pivot_is_ball = ball[a:b, 1] < heel[a:b, 1]
        current = np.where(pivot_is_ball[:, None], ball[a:b], heel[a:b])
        held = current.copy()
        # each pivot (heel, then ball) is held where it was when it became the lowest point
        start = 0
        for k in range(1, b - a + 1):
            if k == b - a or pivot_is_ball[k] != pivot_is_ball[start]:
                anchor = current[start].copy()
                if start > 0:  # the new pivot continues from where the previous pivot left the foot
                    anchor = current[start] + (held[start - 1] - current[start - 1])
                held[start:k] = anchor
                start = k
        held[:, 1] = 0.0
        correction[a:b] = held - current
        weight[a:b] = 1.0
        # ease the end corrections into the neighbouring swing frames
        ramp = max(int(round(EASE_S * fps)), 1)
        for k in range(1, ramp + 1):
            w = 1 - k / (ramp + 1)
            if a - k >= 0 and weight[a - k] < w:
                correction[a - k], weight[a - k] = correction[a] * w, w
            if b - 1 + k < n and weight[b - 1 + k] < w:
                correction[b - 1 + k], weight[b - 1 + k] = correction[b - 1] * w, w
    return correction


def pin_contacts(motion: ActorMotion, body: Body, fps: float) -> None:
    """Re-solve the legs so planted feet hold still on y = 0; lift the body where a joint would sink."""
    motion.refresh_joints()
    glob = global_rotations(motion.rotations)
    pelvis = Rotation.from_matrix(glob[:, 0])
    for k, side in enumerate(("left", "right")):
        foot = Rotation.from_matrix(glob[:, J[f"{side}_ankle"]])
        heel, ball = _sole_points(motion.joints, foot, body, side)
        correction = _anchor_corrections(heel, ball, motion.contacts[:, k], fps)
        # swing feet must not scrape below the ground either
        lowest = np.minimum(heel[:, 1], ball[:, 1]) + correction[:, 1]
        correction[:, 1] += np.maximum(-lowest, 0.0)
        if not np.any(np.abs(correction) > 1e-6):
            continue
        joints = motion.joints
        ankle_target = joints[:, J[f"{side}_ankle"]] + correction
        knee_dir = joints[:, J[f"{side}_knee"]] - 0.5 * (joints[:, J[f"{side}_hip"]] + joints[:, J[f"{side}_ankle"]])
        pole = knee_dir + 0.3 * (foot.apply([0.0, 0.0, 1.0]))
        local, _ = leg_rotations(motion.offsets, pelvis, joints[:, J[f"{side}_hip"]], ankle_target, pole, foot, side)
        motion.rotations[:, [J[f"{side}_hip"], J[f"{side}_knee"], J[f"{side}_ankle"]]] = local
    motion.refresh_joints()
    # anything still below the ground (a hand, a knee, an out-of-reach foot): raise the whole body
    sink = np.maximum(-motion.joints[:, :, 1].min(axis=1), 0.0)
    if sink.any():
        lift = np.maximum(gaussian_filter1d(sink, max(fps * 0.03, 0.5)), sink)
        motion.root[:, 1] += lift
        motion.refresh_joints()
