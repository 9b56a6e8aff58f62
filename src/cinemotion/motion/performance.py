"""What the animate stage hands to render, sound and media: per-actor motion plus timed events."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from cinemotion.body.skeleton import N_JOINTS, forward_kinematics
from cinemotion.motion.animals import AnimalMotion


@dataclass
class Event:
    """Something that happens at an instant, for sound and particles.

    kind: foot_strike, foot_off, scuff, slip, splash, takeoff, landing, hand_plant, whoosh,
    clap, key_press, cloth_flap, speech, …   side: "left"/"right"/None.
    strength: 0..1 loudness hint (landing impact, strike force); speed_mps: body speed then.
    """

    time_s: float
    kind: str
    actor: str
    side: str | None = None
    position: tuple[float, float, float] = (0.0, 0.0, 0.0)
    strength: float = 0.5
    speed_mps: float = 0.0
    surface: str = "concrete"
    data: dict = field(default_factory=dict)


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


@dataclass
class PropState:
    """A placed prop: a box (centre, size, yaw) in world metres, optionally moving per frame."""

    id: str
    kind: str
    center: np.ndarray  # (3,) or (F, 3)
    size: np.ndarray  # (3,) width x, height y, depth z
    yaw: float = 0.0
    color: str = "#7a6a58"


@dataclass
class Performance:
    shot_id: str
    fps: float
    n_frames: int
    actors: list[ActorMotion]
    props: list[PropState] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    wind: np.ndarray = field(default_factory=lambda: np.zeros(3))
    extras: list[ActorMotion] = field(default_factory=list)  # background people (motion/extras.py), not cast
    animals: list[AnimalMotion] = field(default_factory=list)  # simple figures (motion/animals.py), not cast

    @property
    def duration_s(self) -> float:
        return self.n_frames / self.fps

    @property
    def times(self) -> np.ndarray:
        return np.arange(self.n_frames) / self.fps

    def actor(self, actor_id: str) -> ActorMotion:
        return next(a for a in self.actors if a.actor_id == actor_id)
