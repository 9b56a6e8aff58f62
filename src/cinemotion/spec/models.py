"""The user's request as data: Storyboard → Shot → Actor → Action, plus camera, environment, look.

Names and vocabulary follow DESIGN.md ("The plan as JSON"). Fields may be added;
the names below don't change without a migration note.
"""

from __future__ import annotations

import re
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from cinemotion.spec.limits import (
    MAX_ACTIONS_PER_ACTOR, MAX_ACTIONS_PER_STORYBOARD, MAX_CHARACTERS, MAX_SEED, MAX_TIME_SCALE, MIN_TIME_SCALE,
)
from cinemotion.spec.vocabulary import (
    ACTION_KINDS, ANGLES, CAMERA_MOVES, EFFECTS, EMOTIONS, GESTURE_VERBS, JUMP_TYPES, SHOT_TYPES, SPEEDS, SURFACES,
    WEATHER,
)

MAX_DURATION_S = 15.0  # the guide's generation length; --allow-long raises it
HARD_MAX_DURATION_S = 600.0  # input limit even with --allow-long: ten minutes of film
MAX_ACTORS_PER_SHOT = 8  # input limit: people a shot may cast
MAX_SHOTS = 64  # input limit: shots in one storyboard


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)


def _one_of(value: str | None, allowed: tuple[str, ...], field: str) -> str | None:
    if value is not None and value not in allowed:
        raise ValueError(f"{field} must be one of {', '.join(allowed)} (got {value!r})")
    return value


def _first_repeated(ids: list[str]) -> str | None:
    seen: set[str] = set()
    for x in ids:
        if x in seen:
            return x
        seen.add(x)
    return None


ASPECT_RATIO = re.compile(r"(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)")
ASPECT_RANGE = (0.25, 4.0)  # 1:4 … 4:1 spans every delivery format from 9:16 portrait to 2.76:1 Ultra Panavision


class Action(_Model):
    """One thing an actor does, on the shot's clock."""

    kind: Literal["locomotion", "jump", "gesture", "idle", "speak", "react", "transfer", "action"] = "idle"
    verb: str = "idle"
    category: Optional[str] = None
    speed: Literal["slow", "normal", "fast"] = "normal"
    emotion: Optional[str] = None
    start_s: float = Field(0.0, ge=0.0)
    end_s: Optional[float] = Field(None, ge=0.0)  # None: until the shot ends
    target: Optional[str] = None  # an actor id or prop id this action is aimed at
    text: Optional[str] = None  # spoken line for speak
    source: Optional[str] = None  # BVH or video path for transfer
    direction: Optional[str] = None  # toward, away, left, right, across, …
    cause: Optional[str] = None  # for react: "<actor>.<verb>" that triggered it
    guessed_from: Optional[str] = None  # the unknown word this verb was inferred from
    # an idle held seated or crouched, rising from either to stand, or turning around on the spot
    posture: Optional[Literal["sit", "crouch", "stand", "turn"]] = None
    # kind "action" (beyond the fixed vocabulary): `verb` is a label of the open-action catalogue
    # (language/open_actions.yaml), never refused; `phrase` is the user's words for it; `performer` what performs
    # it: 'capture:cmu/13_18 12.4–15.9 s "boxing"', 'procedural:crawl', or None (performed as idle, with a note)
    phrase: Optional[str] = None
    performer: Optional[str] = None

    @model_validator(mode="after")
    def _ordered(self) -> "Action":
        if self.end_s is not None and self.end_s < self.start_s:
            raise ValueError(f"end_s ({self.end_s}) is before start_s ({self.start_s})")
        return self

    @model_validator(mode="after")
    def _known_words(self) -> "Action":
        # the fixed vocabulary is performed by name; an open-world action ("action" kind) is matched by meaning
        if self.kind == "gesture":
            _one_of(self.verb, GESTURE_VERBS, "gesture verb")
        if self.kind == "jump":
            _one_of(self.category, JUMP_TYPES, "jump category")
        _one_of(self.emotion, EMOTIONS, "emotion")
        return self


class Voice(_Model):
    engine: Literal["espeak-ng", "piper"] = "espeak-ng"
    variant: str = "en-us"
    pitch: int = Field(50, ge=0, le=99)
    rate_wpm: int = Field(165, ge=80, le=450)


class Clothing(_Model):
    top: str = "t-shirt"
    top_color: str = "#3a5f8f"
    bottom: str = "trousers"
    bottom_color: str = "#2b2b33"
    shoes_color: str = "#1c1c1c"
    accessories: list[str] = Field(default_factory=list)


class Character(_Model):
    """A reusable definition (an Element): body, looks, voice."""

    id: str
    description: str = ""
    sex: Literal["female", "male", "neutral"] = "neutral"
    age: Literal["child", "young", "adult", "old"] = "adult"
    height_m: float = Field(1.72, ge=0.8, le=2.3)
    build: Literal["slim", "average", "athletic", "heavy"] = "average"
    skin_color: str = "#c68d6b"
    hair_style: Literal["bald", "short", "long", "ponytail", "curly", "bun"] = "short"
    hair_color: str = "#2a1d14"
    clothing: Clothing = Field(default_factory=Clothing)
    voice: Voice = Field(default_factory=Voice)
    reference_images: list[str] = Field(default_factory=list, max_length=4)


class Actor(_Model):
    id: str
    description: str = ""
    character: Optional[str] = None  # id of a Character in Storyboard.characters
    actions: list[Action] = Field(default_factory=list, max_length=MAX_ACTIONS_PER_ACTOR)


class CameraMove(_Model):
    move: str = "static"
    start_s: float = Field(0.0, ge=0.0)
    duration_s: Optional[float] = Field(None, gt=0.0)  # None: to the end of the shot
    amount: Optional[float] = None  # move-specific strength (degrees, metres, zoom ratio)

    @field_validator("move")
    @classmethod
    def _known(cls, v: str) -> str:
        return _one_of(v, CAMERA_MOVES, "camera move")  # type: ignore[return-value]


class Prop(_Model):
    id: str
    kind: str  # log, gap, rooftop, ledge, barrier, stone, platform, wall, ball, bench, …
    relation: Optional[str] = None  # over, across, onto, around, toward, past
    size_m: Optional[list[float]] = None  # width (along path), height, depth
    position_m: Optional[list[float]] = None  # x, y, z when the user gives it


class Environment(_Model):
    place: Optional[str] = None  # the place as the user named it ("gym", "健身房"); `setting` is the set built for it
    setting: str = "studio"
    surface: str = "concrete"
    weather: str = "clear"
    effects: list[str] = Field(default_factory=list)
    props: list[Prop] = Field(default_factory=list)
    time_of_day: Optional[str] = None
    extras: int = Field(0, ge=0, le=50)  # background people around the cast ("many pedestrians"), not cast
    extras_activity: Optional[Literal["walk", "jog", "stand"]] = None  # what they do; None: a mix (direct/extras.yaml)
    # common animals the prompt names, one entry each; drawn as simple moving figures (direct/animals.py)
    animals: list[Literal["dog", "cat", "horse", "bird"]] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _known_ground_and_sky(self) -> "Environment":
        _one_of(self.surface, SURFACES, "surface")
        _one_of(self.weather, WEATHER, "weather")
        for effect in self.effects:
            _one_of(effect, EFFECTS, "effect")
        return self


class Look(_Model):
    lighting: str = "daylight"
    depth_of_field: Literal["none", "shallow", "deep", "cinematic"] = "none"
    film: Optional[str] = None  # e.g. "35mm"
    composition: Literal["centered", "rule_of_thirds"] = "centered"
    motion_blur: bool = True
    aspect_ratio: Optional[str] = None  # "16:9", "2.39:1"
    body: Literal["human", "capsule"] = "human"  # capsule: the stylised mannequin

    @field_validator("aspect_ratio")
    @classmethod
    def _ratio(cls, v: str | None) -> str | None:
        ratio = ASPECT_RATIO.fullmatch(v) if v is not None else None
        if v is not None and (ratio is None or float(ratio[2]) == 0
                              or not ASPECT_RANGE[0] <= float(ratio[1]) / float(ratio[2]) <= ASPECT_RANGE[1]):
            raise ValueError(f"aspect_ratio must be WIDTH:HEIGHT between 1:4 and 4:1, like 16:9 (got {v!r})")
        return v


class MotionBrush(_Model):
    region: str | list[list[float]]  # named part ("mara.hair") or polygon in 0..1 image coords
    path: list[list[float]] = Field(default_factory=list)  # [[t_s, x, y], …] normalised
    static: bool = False


class Coaching(_Model):
    """The prompt coach's advice for one shot's text, decided once by the language stage and read downstream."""
    prompt: str  # the enriched prompt, in the guide's sequential structure
    negative: list[str] = Field(default_factory=list)  # negative terms fitted to the action


class ShotFacts(_Model):
    """What the language stage decided about a shot (language.complete), for the later stages to read, not redo."""
    cast: dict[str, Character]  # the character each actor plays in this shot, by actor id
    coaching: Optional[Coaching] = None  # the coach's advice on the shot's prompt; None: no prompt, or refused
    extras: list[Character] = Field(default_factory=list)  # the background people's characters, in order


class Shot(_Model):
    id: str = "shot1"
    prompt: str = ""
    duration_s: float = Field(5.0, gt=0.0)
    shot_type: str = "full_body"
    angle: str = "eye_level"
    camera: list[CameraMove] = Field(default_factory=lambda: [CameraMove()])
    time_scale: float = Field(1.0, ge=MIN_TIME_SCALE, le=MAX_TIME_SCALE)
    intensity: int = Field(5, ge=1, le=10)
    actors: list[Actor] = Field(default_factory=list, max_length=MAX_ACTORS_PER_SHOT)
    environment: Environment = Field(default_factory=Environment)
    look: Look = Field(default_factory=Look)
    negative: list[str] = Field(default_factory=list)
    motion_brushes: list[MotionBrush] = Field(default_factory=list)
    transition: Literal["cut", "crossfade", "match_cut"] = "cut"
    notes: list[str] = Field(default_factory=list)  # what the parser guessed or could not place
    # Decided by language.complete, never read from a document nor written to one (plan.json records the plan's copy).
    _facts: Optional[ShotFacts] = PrivateAttr(None)

    @property
    def facts(self) -> Optional[ShotFacts]:
        return self._facts

    def with_facts(self, facts: ShotFacts) -> "Shot":
        """This shot carrying what the language stage decided about it."""
        shot = self.model_copy()
        shot._facts = facts
        return shot

    @field_validator("shot_type")
    @classmethod
    def _shot_type(cls, v: str) -> str:
        return _one_of(v, SHOT_TYPES, "shot_type")  # type: ignore[return-value]

    @field_validator("angle")
    @classmethod
    def _angle(cls, v: str) -> str:
        return _one_of(v, ANGLES, "angle")  # type: ignore[return-value]

    @field_validator("duration_s")
    @classmethod
    def _duration(cls, v: float) -> float:
        if v > HARD_MAX_DURATION_S:
            raise ValueError(f"duration_s must be at most {HARD_MAX_DURATION_S:g} s (got {v!r})")
        return v

    @model_validator(mode="after")
    def _actor_ids(self) -> "Shot":
        duplicate = _first_repeated([a.id for a in self.actors])
        if duplicate is not None:
            raise ValueError(f"actor id {duplicate!r} is used by more than one actor in the shot")
        return self


class Storyboard(_Model):
    version: int = 1
    title: str = ""
    seed: int = Field(0, ge=0, le=MAX_SEED)
    fps: int = Field(24, ge=12, le=120)
    width: int = Field(1280, ge=16, le=3840)
    height: int = Field(720, ge=16, le=3840)
    characters: list[Character] = Field(default_factory=list, max_length=MAX_CHARACTERS)
    shots: list[Shot] = Field(default_factory=list, min_length=1, max_length=MAX_SHOTS)

    @model_validator(mode="after")
    def _shot_ids(self) -> "Storyboard":
        for i, shot in enumerate(self.shots):
            if "id" not in shot.model_fields_set:
                shot.id = f"shot{i + 1}"
        duplicate = _first_repeated([shot.id for shot in self.shots])
        if duplicate is not None:
            raise ValueError(f"shot id {duplicate!r} is used by more than one shot")
        duplicate = _first_repeated([c.id for c in self.characters])
        if duplicate is not None:
            raise ValueError(f"character id {duplicate!r} is defined more than once")
        return self

    @model_validator(mode="after")
    def _action_count(self) -> "Storyboard":
        count = sum(len(actor.actions) for shot in self.shots for actor in shot.actors)
        if count > MAX_ACTIONS_PER_STORYBOARD:
            raise ValueError(f"the storyboard has {count} actions, more than the {MAX_ACTIONS_PER_STORYBOARD} "
                             "allowed")
        return self

    @model_validator(mode="after")
    def _resolution(self) -> "Storyboard":
        if self.width * self.height > 3840 * 2160 or min(self.width, self.height) > 2160:
            raise ValueError(f"size {self.width}x{self.height} is larger than 3840x2160")
        return self

    @property
    def duration_s(self) -> float:
        return sum(s.duration_s for s in self.shots)

    @property
    def completed(self) -> bool:
        """Whether the language stage has decided every shot's facts (language.complete)."""
        return all(shot.facts is not None for shot in self.shots)

    def character(self, character_id: str | None) -> Character | None:
        return next((c for c in self.characters if c.id == character_id), None)


__all__ = [
    "Action", "Actor", "CameraMove", "Character", "Clothing", "Environment", "Look",
    "MotionBrush", "Prop", "Shot", "Storyboard", "Voice", "SPEEDS", "ACTION_KINDS",
    "MAX_DURATION_S",
]
