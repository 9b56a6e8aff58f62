"""What the animate stage hands to render, sound and media: per-actor motion (body/actor_motion.py), timed events
and the lines spoken (each synthesised once, here, for the face, the beats, the soundtrack and lip sync)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from cinemotion.body.actor_motion import ActorMotion
from cinemotion.direct.plan import ActorState
from cinemotion.language.voice import Utterance
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
class PropState:
    """A placed prop: a box (centre, size, yaw) in world metres, optionally moving per frame."""

    id: str
    kind: str
    center: np.ndarray  # (3,) or (F, 3)
    size: np.ndarray  # (3,) width x, height y, depth z
    yaw: float = 0.0
    color: str = "#7a6a58"


@dataclass(frozen=True)
class SpokenLine:
    """A line an actor says, on the shot clock, with its synthesised speech (samples, phoneme and word timings)."""

    actor: str
    start_s: float
    text: str
    utterance: Utterance

    @property
    def end_s(self) -> float:
        return self.start_s + self.utterance.duration_s


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
    start_states: dict[str, ActorState] = field(default_factory=dict)  # the hand-over it started from, by actor
    utterances: list[SpokenLine] = field(default_factory=list)  # every spoken line, in actor then action order

    @property
    def duration_s(self) -> float:
        return self.n_frames / self.fps

    @property
    def times(self) -> np.ndarray:
        return np.arange(self.n_frames) / self.fps

    def actor(self, actor_id: str) -> ActorMotion:
        return next(a for a in self.actors if a.actor_id == actor_id)
