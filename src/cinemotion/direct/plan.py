"""The Plan: what `direct` decided for each shot (placed actors, props, timed actions, camera).

It is the single record of understanding and decisions, saved as plan.json beside every
render; later stages read it and never re-parse text.
"""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field

from cinemotion.spec.models import (
    Action, CameraMove, Character, Coaching, Environment, Look, MotionBrush, Storyboard,
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ActorState(_Model):
    """Where an actor is and how it moves at a shot boundary (carried across cuts)."""

    position: list[float] = Field(default_factory=lambda: [0.0, 0.0, 0.0])  # pelvis x, z on ground: y ignored
    heading_rad: float = 0.0  # direction of travel about +Y; 0 = +X (screen right in a default shot)
    speed_mps: float = 0.0
    verb: str = "idle"
    gait_phase: float = 0.0  # 0..1 through the stride, left heel strike = 0


class PlacedActor(_Model):
    id: str
    character: Character
    actions: list[Action]  # end_s always filled, sorted by start_s, times on the shot clock
    start: ActorState = Field(default_factory=ActorState)
    path: list[list[float]] = Field(default_factory=list)  # optional waypoints [x, z] the root follows


class PlacedExtra(_Model):
    """A background person (direct/extras.py): not cast, takes no actions, counted as background."""

    id: str
    character: Character
    activity: str  # walk, jog or stand
    start: ActorState  # position, heading and (for walkers and joggers) speed, held through the shot


class PlacedAnimal(_Model):
    """An animal drawn as a simple figure (direct/animals.py): a straight path at a steady pace."""

    id: str
    kind: str  # dog, cat, horse, bird (direct/animals.yaml)
    start: ActorState  # position (y: flight height), heading, speed, gait phase at the first frame


class PlacedProp(_Model):
    id: str
    kind: str
    center: list[float]  # box centre x, y, z (m)
    size: list[float]  # extent x, y, z (m)
    yaw_rad: float = 0.0
    color: str = "#7a6a58"
    relation: Optional[str] = None
    walkable: bool = False  # rooftops, platforms, ledges: feet may stand on its top face


class PlannedSeat(_Model):
    """A seat someone sits on. direct chooses it (which prop, its size and colour, whose it is); where it stands is
    decided once, by its sitter's posture from where the body sits (motion/posture/sitting.py → Performance.props)."""
    id: str
    kind: str
    size: list[float]  # extent x, y, z (m); the top is the seat's height
    color: str
    sitter: str  # the actor whose sitting down places it


class Reaction(_Model):
    actor: str
    verb: str
    cause_actor: str
    cause_verb: str
    cause_time_s: float
    delay_s: float
    rule: str  # the reaction rule's name in direct/reactions.yaml


class ShotPlan(_Model):
    shot_id: str
    index: int
    seed: int
    fps: int
    width: int
    height: int
    duration_s: float
    n_frames: int
    shot_type: str
    angle: str
    camera: list[CameraMove]
    time_scale: float
    intensity: int
    actors: list[PlacedActor]
    props: list[PlacedProp] = Field(default_factory=list)
    seats: list[PlannedSeat] = Field(default_factory=list)  # placed by their sitters (motion), not here
    extras: list[PlacedExtra] = Field(default_factory=list)  # background people, behind the cast
    animals: list[PlacedAnimal] = Field(default_factory=list)  # animals as simple figures, behind the cast
    environment: Environment
    look: Look
    negative: list[str] = Field(default_factory=list)
    motion_brushes: list[MotionBrush] = Field(default_factory=list)
    transition: str = "cut"
    reactions: list[Reaction] = Field(default_factory=list)
    subject: Optional[str] = None  # the actor the camera frames
    prompt: str = ""
    coaching: Optional[Coaching] = None  # the coach's advice on `prompt` (language.coaching), None if it refused


class Plan(_Model):
    cinemotion_version: str
    seed: int
    fps: int
    width: int
    height: int
    storyboard: Storyboard
    shots: list[ShotPlan]
    notes: list[str] = Field(default_factory=list)

    @property
    def duration_s(self) -> float:
        return sum(s.duration_s for s in self.shots)
