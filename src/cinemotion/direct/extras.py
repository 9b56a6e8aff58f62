"""Background people: the shot's extras placed behind the cast, clear of its paths and the lens.

`Environment.extras` says how many people the prompt puts around the cast ("many pedestrians walk
about"). They are not cast: they take none of the cast's actions, the camera never frames them and
the control maps count them as background. Each extra gets a character, an activity (walk, jog or
stand) and a straight path in a band behind the cast, on the side away from the camera, drawn from
the shot's own extras stream so adding them leaves the cast's performance unchanged.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import yaml

from cinemotion.direct.plan import ActorState, PlacedExtra, ShotPlan
from cinemotion.language import describe_character

EXTRAS_STREAM = 0xE7  # the SeedSequence spawn key of the extras' stream (placement here, motion in motion/)
SAMPLES_PER_PATH = 24  # instants at which an extra's path is checked against the cast's


@cache
def extras_table() -> dict:
    return yaml.safe_load(Path(__file__).with_name("extras.yaml").read_text())


def extras_rng(seed: int, stage: int) -> np.random.Generator:
    """The extras' own stream for one stage (0 = placement, 1 = motion), independent of the cast's."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(EXTRAS_STREAM, stage)))


def _camera_side(plan: ShotPlan, cast_ends: list[ActorState]) -> np.ndarray:
    """Unit ground direction from the cast toward where the camera films it.

    The camera films a traveller from its side, (sin h, 0, cos h) for heading h (camera/framing.py
    camera_side); a cast that stays put is filmed from a three-quarter front view, between its facing
    and that side.
    """
    if not plan.actors:
        return np.array([0.0, 0.0, 1.0])
    subject = next((k for k, a in enumerate(plan.actors) if a.id == plan.subject), 0)
    actor, end = plan.actors[subject], cast_ends[subject]
    h = actor.start.heading_rad
    side = np.array([np.sin(h), 0.0, np.cos(h)])
    travel = np.subtract(end.position, actor.start.position)
    if np.hypot(travel[0], travel[2]) > 0.5:
        return side
    front = np.array([np.cos(h), 0.0, -np.sin(h)])
    view = front + side
    return view / np.linalg.norm(view)


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


def place_extras(plan: ShotPlan, cast_ends: list[ActorState]) -> list[str]:
    """Fill `plan.extras` from `plan.environment.extras`; returns notes on what was approximated."""
    count = plan.environment.extras
    if count == 0:
        return []
    table = extras_table()
    rng = extras_rng(plan.seed, 0)
    band = table["settings"].get(plan.environment.setting, {}) | {}
    depth = band.get("depth_m", table["default"]["depth_m"])
    spread = band.get("spread_m", table["default"]["spread_m"])
    away = -_camera_side(plan, cast_ends)[[0, 2]]  # ground direction behind the cast
    along = np.array([-away[1], away[0]])
    cast = _cast_paths(plan, cast_ends)
    points = cast.reshape(-1, 2) if len(cast) else np.zeros((1, 2))
    origin = points.mean(axis=0)
    s_span = (points - origin) @ along
    s0, s1 = s_span.min() - spread, s_span.max() + spread
    q_base = ((points - origin) @ away).max()  # the cast's furthest point from the camera
    t = np.linspace(0.0, 1.0, SAMPLES_PER_PATH)
    reach = plan.duration_s * plan.time_scale  # seconds of body time in the shot
    placed: list[PlacedExtra] = []
    routes: list[tuple[float, np.ndarray]] = []  # each placed extra's lane (depth) and reachable route
    for k, activity in enumerate(_activities(count, plan.environment.extras_activity, rng)):
        character = describe_character("person", character_id=f"extra{k + 1}", rng=rng)
        for _ in range(table["tries"]):
            s, q = rng.uniform(s0, s1), q_base + rng.uniform(*depth)
            direction = float(rng.choice([-1.0, 1.0]))
            start = origin + s * along + q * away
            # every point it could reach at any pace up to its fastest, whatever the time
            route = start + np.outer((t * reach * table["reach_mps"][activity] + np.linspace(-1, 0, len(t)) * (
                activity != "stand") * table["run_up_m"]) * direction, along)
            # extras may pass one another on lanes a shoulder apart; never the cast
            crowded = any(abs(lane - q) < table["lane_m"] and _gap(r, route) < table["clearance_m"]
                          for lane, r in routes)
            if _gap(cast, route) >= table["clearance_m"] and not crowded:
                break
        else:
            continue
        routes.append((q, route))
        heading = float(np.arctan2(-(direction * along)[1], (direction * along)[0]))
        if activity == "stand":  # a stander faces somewhere plausible: roughly toward the action, turned a little
            heading = float(np.arctan2(away[1], -away[0]) + rng.normal(0.0, 0.6))
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
