"""The protocol every body-motion generator follows, so animate can chain them.

A generator fills one time window of one actor's timeline (a locomotion action, a jump, an
idle stretch) starting from the state the previous window ended in, and returns the state it
ends in. Rotations use the skeleton's convention (body/skeleton.py): local quaternions x y z w,
the pelvis's global; rest pose upright, facing +Z, left = +X, Y up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from cinemotion.body.skeleton import Body
from cinemotion.direct.plan import PlacedProp, ShotPlan
from cinemotion.motion.performance import Event, PropState
from cinemotion.spec.models import Action, Character


@dataclass
class BodyState:
    """The continuity between windows: where the body is and how it is moving."""

    position: np.ndarray  # (3,) pelvis world position
    heading_rad: float  # travel direction about +Y; 0 = +X
    velocity: np.ndarray  # (3,) pelvis velocity, m/s
    gait_phase: float = 0.0  # 0..1, left heel strike = 0
    verb: str = "idle"
    rotations: np.ndarray | None = None  # (22, 4) last pose, for blending


@dataclass
class SceneContext:
    """What a generator may know about the shot: props, surface, other actors' paths so far."""

    shot: ShotPlan
    props: list[PlacedProp]
    surface: str
    motion_time_scale: float  # the shot's time_scale: motion time = shot time × this
    intensity: int
    others: dict[str, np.ndarray] = field(default_factory=dict)  # actor id → (F, 3) root path
    seats: list[PlacedProp] = field(default_factory=list)  # seats sat on so far, where their sitters' postures stood them

    def placed_props(self) -> list[PlacedProp]:
        """Every prop standing in the scene: direct's, and each seat once its sitter has sat on it."""
        return self.props + self.seats


@dataclass
class Segment:
    """A generator's output for frames [first, first + n)."""

    first: int
    rotations: np.ndarray  # (n, 22, 4)
    root: np.ndarray  # (n, 3)
    contacts: np.ndarray  # (n, 2) bool
    events: list[Event]
    end: BodyState
    seats: list[PropState] = field(default_factory=list)  # seats this window stood where the body sat on them


class SegmentGenerator(Protocol):
    def __call__(
        self,
        action: Action,
        *,
        actor_id: str,
        body: Body,
        character: Character,
        start: BodyState,
        times: np.ndarray,  # shot-clock seconds of the frames to fill
        next_action: Action | None,
        scene: SceneContext,
        rng: np.random.Generator,
    ) -> Segment: ...
