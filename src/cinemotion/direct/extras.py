"""Background people: the shot's extras placed behind the cast, clear of its paths and the lens.

`Environment.extras` says how many people the prompt puts around the cast ("many pedestrians walk
about"). They are not cast: they take none of the cast's actions, the camera never frames them and
the control maps count them as background. Each extra gets a character, an activity (walk, jog or
stand) and a straight path in a band behind the cast, on the side away from the camera, drawn from
the shot's own extras stream (core/seeds.py) so adding them leaves the cast's performance unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np

from cinemotion.core.tables import load_table
from cinemotion.direct.plan import ActorState, PlacedExtra, ShotPlan
from cinemotion.spec.models import Character

# where the camera films the subject from, read as data from camera's table (direct sits below camera: one source)
VIEWPOINT = load_table("camera/presets.yaml")["viewpoint"]
MID_PACE = load_table("direct/extras.yaml")["calm_pace"]["value"]  # a calm pace as a fraction of the fastest
SAMPLES_PER_PATH = 24  # sampling: instants at which an extra's path is checked against the cast's


@cache
def extras_table() -> dict:
    return load_table("direct/extras.yaml")


def _camera_side(plan: ShotPlan, cast_ends: list[ActorState]) -> np.ndarray:
    """Unit ground direction from the cast toward where the camera films it (camera/framing.py
    camera_side, with the viewpoint numbers of camera/presets.yaml): a traveller from its side,
    turned a little toward where it goes; a cast that stays put from a three-quarter front view."""
    if not plan.actors:
        return np.array([0.0, 0.0, 1.0])
    subject = next((k for k, a in enumerate(plan.actors) if a.id == plan.subject), 0)
    actor, end = plan.actors[subject], cast_ends[subject]
    h = actor.start.heading_rad
    side = np.array([np.sin(h), 0.0, np.cos(h)])
    front = np.array([np.cos(h), 0.0, -np.sin(h)])
    bias, turn = np.radians(VIEWPOINT["front_bias_deg"]), np.radians(VIEWPOINT["three_quarter_deg"])
    moving = np.cos(bias) * side + np.sin(bias) * front
    standing = np.cos(turn) * front + np.sin(turn) * side
    # the camera measures the travel performed, direct only predicts it: near the threshold either
    # view may be taken, so the backdrop lies behind both (their bisector)
    ratio = np.hypot(*np.subtract(end.position, actor.start.position)[[0, 2]]) / VIEWPOINT["moving_min_travel_m"]
    if ratio >= 2.0:
        return moving
    if ratio < 0.5:
        return standing
    both = moving + standing
    return both / np.linalg.norm(both)


def _cast_paths(plan: ShotPlan, cast_ends: list[ActorState]) -> np.ndarray:
    """(actors, SAMPLES_PER_PATH, 2) ground points of each cast member, start to predicted end."""
    t = np.linspace(0.0, 1.0, SAMPLES_PER_PATH)[:, None]
    paths = [np.array(a.start.position)[[0, 2]] * (1 - t) + np.array(e.position)[[0, 2]] * t
             for a, e in zip(plan.actors, cast_ends)]
    return np.array(paths) if paths else np.zeros((0, SAMPLES_PER_PATH, 2))


def _activities(count: int, activity: str | None, rng: np.random.Generator) -> list[str]:
    if activity is not None:
        return [activity] * count
    mix = extras_table()["mix"]
    names = list(mix)
    return list(rng.choice(names, size=count, p=np.array([mix[n] for n in names]) / sum(mix.values())))


@dataclass
class Backdrop:
    """The ground behind the cast: `along` its path, `away` from the camera, and what to keep clear."""

    origin: np.ndarray  # (2,) ground x, z: the middle of the cast's paths
    along: np.ndarray  # (2,) unit, parallel to the camera's view plane
    away: np.ndarray  # (2,) unit, from the camera through the cast
    s_middle: float  # along-coordinate of the cast's middle position
    spread_m: float  # how far either side of it a figure may be at mid-shot
    q_base: float  # the cast's furthest point from the camera
    cast: np.ndarray  # (actors, SAMPLES_PER_PATH, 2)
    body_seconds: float  # seconds of body time in the shot
    routes: list[tuple[float, np.ndarray]] = field(default_factory=list)  # placed lanes (depth) and routes

    def spot(self, rng: np.random.Generator, depth: list[float], reach_mps: float,
             spread_m: float | None = None) -> tuple | None:
        """A start and a direction (±1 along) on a lane in the depth band whose whole straight route, at
        any pace up to `reach_mps`, keeps clear of the cast and of what was placed on nearby lanes; at
        mid-shot within `spread_m` (default: the set's) of the cast's middle."""
        spread_m = self.spread_m if spread_m is None else spread_m
        table = extras_table()
        t = np.linspace(0.0, 1.0, SAMPLES_PER_PATH)
        run_up = np.linspace(-1.0, 0.0, len(t)) * table["run_up_m"] * (reach_mps > 0)
        for _ in range(table["tries"]):
            direction = float(rng.choice([-1.0, 1.0]))
            # in view around the cast at mid-shot: a traveller starts half its route before that
            s = self.s_middle + rng.uniform(-spread_m, spread_m) \
                - direction * MID_PACE * reach_mps * self.body_seconds / 2
            q = self.q_base + rng.uniform(*depth)
            start = self.origin + s * self.along + q * self.away
            route = start + np.outer((t * self.body_seconds * reach_mps + run_up) * direction, self.along)
            # the placed may pass one another on lanes a shoulder apart; never the cast
            crowded = any(abs(lane - q) < table["lane_m"] and _gap(r, route) < table["clearance_m"]
                          for lane, r in self.routes)
            if _gap(self.cast, route) >= table["clearance_m"] and not crowded:
                self.routes.append((q, route))
                return start, direction
        return None

    def heading(self, direction: float) -> float:
        """The heading of travel `direction` (±1) along the backdrop."""
        d = direction * self.along
        return float(np.arctan2(-d[1], d[0]))

    def facing_cast(self, rng: np.random.Generator) -> float:
        """A heading roughly toward the cast, turned a little."""
        return float(np.arctan2(self.away[1], -self.away[0]) + rng.normal(0.0, 0.6))


def backdrop(plan: ShotPlan, cast_ends: list[ActorState], spread_m: float) -> Backdrop:
    """The backdrop of a shot whose cast ends where `cast_ends` predicts."""
    away = -_camera_side(plan, cast_ends)[[0, 2]]
    along = np.array([-away[1], away[0]])
    cast = _cast_paths(plan, cast_ends)
    points = cast.reshape(-1, 2) if len(cast) else np.zeros((1, 2))
    origin = points.mean(axis=0)
    middle = np.array([path[len(path) // 2] for path in cast]).mean(axis=0) if len(cast) else origin
    return Backdrop(origin=origin, along=along, away=away, s_middle=float((middle - origin) @ along), spread_m=spread_m,
                    q_base=float(((points - origin) @ away).max()), cast=cast,
                    body_seconds=plan.duration_s * plan.time_scale)


def set_band(setting: str) -> tuple[list[float], float]:
    """The depth band and along-spread (m) of the set's backdrop (extras.yaml)."""
    table = extras_table()
    band = table["default"] | table["settings"].get(setting, {})
    return band["depth_m"], band["spread_m"]


def place_extras(plan: ShotPlan, characters: list[Character], ground: Backdrop, rng: np.random.Generator) -> list[str]:
    """Fill `plan.extras` from `plan.environment.extras`, the k-th playing `characters[k]` (the language stage
    described them), drawing places from the extras' own stream `rng`; returns notes on what was approximated."""
    count = plan.environment.extras
    if count == 0:
        return []
    table = extras_table()
    depth, _ = set_band(plan.environment.setting)
    placed: list[PlacedExtra] = []
    for k, (activity, character) in enumerate(zip(_activities(count, plan.environment.extras_activity, rng),
                                                  characters, strict=True)):
        found = ground.spot(rng, depth, table["reach_mps"][activity])
        if found is None:
            continue
        start, direction = found
        heading = ground.facing_cast(rng) if activity == "stand" else ground.heading(direction)
        placed.append(PlacedExtra(id=f"extra{k + 1}", character=character, activity=activity,
                                  start=ActorState(position=[float(start[0]), 0.0, float(start[1])],
                                                   heading_rad=heading,
                                                   verb=activity if activity != "stand" else "idle")))
    plan.extras = placed
    notes = [f"extras: {len(placed)} background people ({', '.join(sorted(set(e.activity for e in placed)))}) "
             f"behind the cast in the {plan.environment.setting}, drawn as capsule figures"] if placed else []
    if len(placed) < count:
        notes.append(f"extras: {count - len(placed)} of {count} left out: no room clear of the cast in the set")
    return notes


def _gap(points: np.ndarray, route: np.ndarray) -> float:
    """The least distance between any of `points` (..., 2) and any point of `route` (n, 2)."""
    if not points.size:
        return float("inf")
    return float(np.linalg.norm(points.reshape(-1, 1, 2) - route[None], axis=-1).min())
