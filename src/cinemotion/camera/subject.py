"""What the camera frames: the subject's stature, ground, travel and facing, read from its joints."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.skeleton import J, make_body
from cinemotion.motion.performance import ActorMotion

UP = np.array([0.0, 1.0, 0.0])  # convention: Y up (DESIGN.md)


class SubjectFigures(Figures):
    stride_dip_m: Figure[float]


FIGURES = load_table("camera/subject.yaml", SubjectFigures)
STRIDE_DIP_M = FIGURES.stride_dip_m.value  # lower than this below standing, the body sits or crouches
# A pose-independent measure of size: the leg and trunk chain from ankle to head.
_STATURE_CHAIN = ("left_ankle", "left_knee", "left_hip", "pelvis", "spine1", "spine2", "spine3", "neck", "head")


@cache
def presets() -> dict:
    return load_table("camera/presets.yaml")


@cache
def _chain_per_stature() -> float:
    return _chain_length(make_body(1.0).rest[None])[0]


def _chain_length(joints: np.ndarray) -> np.ndarray:
    idx = [J[n] for n in _STATURE_CHAIN]
    return np.linalg.norm(np.diff(joints[:, idx], axis=1), axis=2).sum(axis=1)


def stature(joints: np.ndarray) -> float:
    """Standing height (m) of the skeleton in `joints` (F, 22, 3), whatever its pose.

    Bone lengths don't change with pose, so the ankle-to-head chain over its rest fraction of H gives H.
    """
    joints = joints.reshape(-1, *joints.shape[-2:])
    return float(np.median(_chain_length(joints)) / _chain_per_stature())


def ground_height(joints: np.ndarray, height_m: float) -> np.ndarray:
    """Height of the ground under the feet, per frame: the lower foot less its rest height above the floor."""
    rest = make_body(height_m).rest
    feet = [J["left_ankle"], J["right_ankle"], J["left_foot"], J["right_foot"]]
    return (joints[..., feet, 1] - rest[feet, 1]).min(axis=-1)


def above_head(joints: np.ndarray, height_m: float, landmark: str) -> np.ndarray:
    """A head landmark (presets.yaml `landmarks`): the head joint lifted to its standing height."""
    lift = presets()["landmarks"][landmark] - make_body(1.0).rest[J["head"], 1]
    return joints[..., J["head"], :] + UP * lift * height_m


def head_top(joints: np.ndarray, height_m: float) -> np.ndarray:
    """The top of the head: the head joint lifted by 0.095 H (Drillis & Contini 1966 via Winter 2009)."""
    return above_head(joints, height_m, "head_top")


def eye_point(joints: np.ndarray, height_m: float) -> np.ndarray:
    """The eyes (the follow-focus target)."""
    return above_head(joints, height_m, presets()["focus"]["landmark"])


def horizontal(v: np.ndarray) -> np.ndarray:
    return v * np.array([1.0, 0.0, 1.0])


def mean_facing(joints: np.ndarray) -> np.ndarray:
    """Mean horizontal facing direction (unit): the hips' left axis crossed with up."""
    left = joints[:, J["left_hip"]] - joints[:, J["right_hip"]]
    f = horizontal(np.cross(left, UP)).mean(axis=0)
    n = np.linalg.norm(f)
    return f / n if n > 1e-9 else np.array([0.0, 0.0, 1.0])


@dataclass
class Subject:
    """The actors a shot frames, reduced to what framing needs."""

    actors: list[ActorMotion]  # the principal first
    height_m: float            # the principal's stature
    tallest_m: float

    @property
    def principal(self) -> ActorMotion:
        return self.actors[0]

    @property
    def root(self) -> np.ndarray:
        return self.principal.joints[:, J["pelvis"]]

    @property
    def travel(self) -> np.ndarray:
        """Horizontal root displacement over the shot."""
        return horizontal(self.root[-1] - self.root[0])

    def rise(self) -> np.ndarray:
        """How far (m) the principal's standing frame has risen off y = 0 per frame: jumps, rooftops.

        Both the feet and the pelvis must be up: a runner's flight lifts the feet, not the body. A body
        that sits or crouches (the pelvis well below standing, beyond a stride's dip) lowers the frame with it.
        """
        joints = self.principal.joints
        pelvis = joints[:, J["pelvis"], 1] - make_body(self.height_m).rest[J["pelvis"], 1]
        lowered = pelvis * np.clip((-pelvis - STRIDE_DIP_M) / STRIDE_DIP_M, 0.0, 1.0)
        return np.minimum(ground_height(joints, self.height_m), np.maximum(pelvis, 0.0)) + lowered

    def ground_points(self) -> np.ndarray:
        """(F, A, 3) each framed actor's pelvis projected to the floor (y = 0)."""
        return horizontal(np.stack([a.joints[:, J["pelvis"]] for a in self.actors], axis=1))


def choose_subject(actors: list[ActorMotion], subject_id: str | None, group: bool) -> Subject:
    """The subject (or the first actor), plus the rest of the cast when the shot size frames a group."""
    if not actors:
        raise ValueError("a shot with no actors has nothing to frame")
    principal = next((a for a in actors if a.actor_id == subject_id), actors[0])
    framed = [principal] + ([a for a in actors if a is not principal] if group else [])
    heights = [stature(a.joints) for a in framed]
    return Subject(actors=framed, height_m=heights[0], tallest_m=max(heights))
