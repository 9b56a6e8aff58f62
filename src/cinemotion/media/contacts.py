"""`contacts.npz`: per actor a `[T, 4]` boolean array (left heel, left toe, right heel, right toe).

Motion tools (Kimodo, DeepMotion, Plask, Uthana) exchange foot contacts in this form for foot locking after
retargeting. The stance comes from the motion's own plan (`ActorMotion.contacts`, per foot); within a planted
foot, the heel and the toe each count as down while that part of the sole sits on the ground and holds still,
which is how the foot rolls heel → flat → toe-off.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cinemotion.body.skeleton import J, forward_kinematics
from cinemotion.media.formats import formats

CONTACT_LABELS = ("left_heel", "left_toe", "right_heel", "right_toe")
SOLE_JOINTS = (("left_ankle", "left_foot"), ("right_ankle", "right_foot"))


def rest_heights(offsets: np.ndarray) -> np.ndarray:
    """Each joint's height when standing in the rest pose (the pelvis's offset is its rest position, feet on y = 0)."""
    identity = np.tile([0.0, 0.0, 0.0, 1.0], (1, len(offsets), 1))
    return forward_kinematics(offsets, offsets[:1], identity)[0][:, 1]


def foot_contacts(joints: np.ndarray, planted: np.ndarray, offsets: np.ndarray, fps: float) -> np.ndarray:
    """(F, 4) heel/toe contacts of one actor: planned stance, the sole part down and still."""
    limits = formats()["contacts"]
    rest = rest_heights(offsets)
    contacts = np.zeros((len(joints), 4), bool)
    for side, pair in enumerate(SOLE_JOINTS):
        for part, name in enumerate(pair):
            track = joints[:, J[name]]
            lift = track[:, 1] - rest[J[name]]
            speed = np.linalg.norm(np.gradient(track, axis=0), axis=1) * fps if len(track) > 1 else np.zeros(1)
            down = (lift < limits["height_m"]) & (speed < limits["speed_mps"])
            contacts[:, 2 * side + part] = planted[:, side] & down
    return contacts


def film_contacts(motions: dict[str, list], fps: float) -> dict[str, np.ndarray]:
    """Each actor's contacts across the film, shot after shot (the same order as joints.npz)."""
    return {actor_id: np.concatenate([foot_contacts(m.joints, m.contacts, m.offsets, fps) for m in shots])
            for actor_id, shots in motions.items()}


def write_contacts(path: Path, motions: dict[str, list], fps: float) -> None:
    np.savez_compressed(path, fps=np.float32(fps), labels=np.array(CONTACT_LABELS), **film_contacts(motions, fps))
