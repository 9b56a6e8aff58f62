"""What stands in a path: the obstacle each jump goes over (chosen once here and named as the jump's target), and the
prop a walk would go through, which it steps around or stops short of.

A jump takes only a prop its body meets: one whose box comes within reach of the straight path the jumper
travels, ahead of where the jump's window opens. A vault with nothing on its path, or a jump whose named
prop stands off it, is said in the plan's notes; motion performs the target it is given and looks for no other.
A seat's place is decided by its sitter's posture (motion), so a seat named as a jump's target is kept as named.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from cinemotion.body.gait_params import distance_to_stop
from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.direct.plan import PlacedActor, PlacedProp, ShotPlan
from cinemotion.spec.models import Action


class ObstacleFigures(Figures):
    verb_types: Figure[dict[str, str]]
    kinds: Figure[dict[str, list[str]]]
    flat_kinds: Figure[list[str]]
    takeoff_before_m: Figure[float]
    landing_after_m: Figure[float]
    approach_m: Figure[float]
    path_reach_m: Figure[float]
    reach_ahead_m: Figure[float]
    stop_short_m: Figure[float]
    detour_clear_m: Figure[float]
    detour_lead_m: Figure[float]
    detour_rejoin_m: Figure[float]
    actor_clear_m: Figure[float]


FIGURES = load_table("direct/obstacles.yaml", ObstacleFigures)
VERB_TYPES = FIGURES.verb_types.value
KINDS = FIGURES.kinds.value  # jump technique → the prop kinds it goes over, across or onto
FLAT_KINDS = FIGURES.flat_kinds.value
TAKEOFF_BEFORE_M = FIGURES.takeoff_before_m.value  # take-off mark before an obstacle's near face
LANDING_AFTER_M = FIGURES.landing_after_m.value  # landing mark past its far face
APPROACH_M = FIGURES.approach_m.value  # where a jump's window opens before the obstacle it clears
PATH_REACH_M = FIGURES.path_reach_m.value
REACH_AHEAD_M = FIGURES.reach_ahead_m.value
STOP_SHORT_M = FIGURES.stop_short_m.value  # a walk that ends at a prop in its way ends this far before its near face
DETOUR_CLEAR_M = FIGURES.detour_clear_m.value  # a walk around a prop passes its side this far out (the pelvis line)
DETOUR_LEAD_M = FIGURES.detour_lead_m.value  # ... from this far before its near face to this far past its far face
DETOUR_REJOIN_M = FIGURES.detour_rejoin_m.value  # ... and is back on its line this far past it
ACTOR_CLEAR_M = FIGURES.actor_clear_m.value  # a detour passes another person's pelvis no nearer than this if it can


def jump_type(action: Action) -> str:
    """The jump's technique: its category, else the one its verb names."""
    if action.category in KINDS or action.category == "casual":
        return action.category
    return VERB_TYPES.get(action.verb, "vertical")


def clears(kind: str) -> bool:
    """Whether a prop of this kind stands up from the ground, so a jump over it must clear its box."""
    return kind not in FLAT_KINDS


def path_extent(prop: PlacedProp, origin: np.ndarray, heading: float) -> tuple[float, float, float]:
    """Near and far distance of a prop's box along a path from `origin` at `heading`, and how far its box lies
    to the side of the path's line (0 when the line passes through it)."""
    d = np.array([np.cos(heading), 0.0, -np.sin(heading)])
    side = np.array([np.sin(heading), 0.0, np.cos(heading)])
    offset = np.array(prop.center, dtype=float) - origin
    turn = prop.yaw_rad - heading  # the box turned against the path: its footprint's extents along and across
    half_along = abs(prop.size[0] / 2 * np.cos(turn)) + abs(prop.size[2] / 2 * np.sin(turn))
    half_across = abs(prop.size[0] / 2 * np.sin(turn)) + abs(prop.size[2] / 2 * np.cos(turn))
    along, across = float(offset @ d), float(offset @ side)
    return along - half_along, along + half_along, max(0.0, abs(across) - half_across)


def on_path(prop: PlacedProp, origin: np.ndarray, heading: float, from_m: float) -> bool:
    """Whether a jump whose window opens `from_m` along the path meets this prop: within reach of the line,
    ahead of the window's start (or under the jumper there) and no farther than a run-up away."""
    near, far, aside = path_extent(prop, origin, heading)
    return aside <= PATH_REACH_M and far > from_m and near < from_m + REACH_AHEAD_M


def _jump_origin(actor: PlacedActor) -> np.ndarray:
    return np.array([actor.start.position[0], 0.0, actor.start.position[2]])


def _choose(actor: PlacedActor, jump: Action, plan: ShotPlan, from_m: float) -> tuple[str | None, str | None]:
    """The jump's target and, when it is not what was asked, a note saying so."""
    kind = jump_type(jump)
    if kind == "casual" or any(seat.id == jump.target for seat in plan.seats):
        return jump.target, None
    origin, heading = _jump_origin(actor), actor.start.heading_rad
    props = [p for p in plan.props if p.relation != "dressing"]
    named = next((p for p in props if p.id == jump.target), None)
    if named is not None and on_path(named, origin, heading, from_m):
        return named.id, None
    ahead = sorted((p for p in props if p.kind in KINDS[kind] and on_path(p, origin, heading, from_m)),
                   key=lambda p: path_extent(p, origin, heading)[0])
    chosen = ahead[0].id if ahead else None
    where = f"{plan.shot_id}: {actor.id}'s {jump.verb} at {jump.start_s:g} s"
    if named is not None:
        instead = f"takes the {chosen} in its way instead" if chosen else "is performed over open ground"
        return chosen, f"{where}: the {named.id} stands off its path, so it {instead}"
    if chosen is None and kind == "athletic":
        return None, f"{where}: nothing to vault on its path, so it is performed over open ground"
    return chosen, None


def choose_obstacles(plan: ShotPlan, travelled: Callable[[PlacedActor, float, ShotPlan], float]) -> list[str]:
    """Name each jump's obstacle (Action.target) from the props on its path; in place. Returns the notes.

    `travelled(actor, until_s, plan)` is how far the actor has come along its path by then (direct.layout)."""
    notes = []
    for actor in plan.actors:
        for k, jump in enumerate(actor.actions):
            if jump.kind != "jump":
                continue
            target, note = _choose(actor, jump, plan, travelled(actor, jump.start_s, plan))
            if note:
                notes.append(note)
            if target != jump.target:
                actor.actions[k] = jump.model_copy(update={"target": target})
    return notes


def _in_the_way(actor: PlacedActor, plan: ShotPlan, from_m: float, to_m: float) -> tuple[PlacedProp, float] | None:
    """The first standing prop a straight walk from `from_m` to `to_m` along the actor's path would go through,
    and its near face; props the actor itself meets (walks to, sits on, lifts, jumps) are meant to be reached."""
    own = {a.target for a in actor.actions if a.target}
    origin, heading = _jump_origin(actor), actor.start.heading_rad
    blocking = []
    for prop in plan.props:
        if prop.id in own or prop.walkable or not clears(prop.kind):
            continue
        near, far, aside = path_extent(prop, origin, heading)
        if aside <= PATH_REACH_M and far > from_m and near < to_m + STOP_SHORT_M:
            blocking.append((near, prop))
    return min(((p, n) for n, p in blocking), key=lambda pn: pn[1], default=None)


def _detour(actor: PlacedActor, prop: PlacedProp, others: list[np.ndarray]) -> list[list[float]]:
    """Waypoints [x, z] that take a straight path around a prop's box and back onto its line beyond it: on the
    side the line is nearer to the box's edge (the camera's side when it runs through the middle), unless someone
    stands on that side's way and the other side passes them wider. `others`: where the other actors stand [x, z]."""
    origin, heading = _jump_origin(actor), actor.start.heading_rad
    d = np.array([np.cos(heading), -np.sin(heading)])
    side = np.array([np.sin(heading), np.cos(heading)])  # (sin h, cos h): the side the camera films a traveller from
    near, far, _ = path_extent(prop, origin, heading)
    across = float((np.array(prop.center, dtype=float) - origin)[[0, 2]] @ side)
    turn = prop.yaw_rad - heading
    half_across = abs(prop.size[0] / 2 * np.sin(turn)) + abs(prop.size[2] / 2 * np.cos(turn))
    start = origin[[0, 2]]

    def around(sign: float) -> list[list[float]]:
        lateral = across + sign * (half_across + DETOUR_CLEAR_M)
        points = [(near - DETOUR_LEAD_M, lateral), (far + DETOUR_LEAD_M, lateral), (far + DETOUR_REJOIN_M, 0.0)]
        return [(start + d * along + side * off).tolist() for along, off in points]

    preferred, other = (around(-1.0), around(1.0)) if across > 1e-6 else (around(1.0), around(-1.0))
    passing = [_passes(start, path, others) for path in (preferred, other)]
    return other if passing[0] < ACTOR_CLEAR_M and passing[1] > passing[0] else preferred


def _passes(start: np.ndarray, waypoints: list[list[float]], others: list[np.ndarray]) -> float:
    """How near (m) a path from `start` through its waypoints comes to any of the points `others`."""
    points = [start] + [np.asarray(w, dtype=float) for w in waypoints]
    nearest = np.inf
    for a, b in zip(points, points[1:]):
        ab = b - a
        for o in others:
            t = float(np.clip((o - a) @ ab / max(ab @ ab, 1e-12), 0.0, 1.0))
            nearest = min(nearest, float(np.linalg.norm(a + t * ab - o)))
    return nearest


def _time_to_cover(actor: PlacedActor, walk: Action, distance_m: float, plan: ShotPlan) -> float:
    """How long (shot seconds, at most the walk's window) a walk must last to stand still `distance_m` on: its gait
    reaches its pace from the speed it starts at (in stride when the shot opens on it, else from rest) and its
    stopping steps cover less than that pace would (body.gait_params.distance_to_stop)."""
    window = walk.end_s - walk.start_s
    v0 = actor.start.speed_mps / plan.time_scale if walk.start_s <= 0.0 else 0.0
    covered = lambda s: distance_to_stop(walk.verb, s * plan.time_scale, v0=v0,  # noqa: E731
                                         intensity=plan.intensity, speed=walk.speed, emotion=walk.emotion)
    if distance_m <= 0.0:
        return 0.0
    if covered(window) <= distance_m:
        return window
    lo, hi = 0.0, window
    for _ in range(30):  # bisection to a window / 2^30: far below a frame
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if covered(mid) < distance_m else (lo, mid)
    return hi


def keep_clear(plan: ShotPlan, travelled: Callable[[PlacedActor, float, ShotPlan], float]) -> list[str]:
    """Walks do not go through props in their way: a walk that carries on past the prop steps around it (the actor's
    path waypoints), one that ends at it stops a step short; in place. Returns the notes saying so.

    `travelled` as for choose_obstacles: the straight-line distance the nominal speeds cover."""
    notes = []
    for actor in plan.actors:
        for k, walk in enumerate(actor.actions):
            if walk.kind != "locomotion" or walk.end_s <= walk.start_s:
                continue
            from_m, to_m = travelled(actor, walk.start_s, plan), travelled(actor, walk.end_s, plan)
            found = _in_the_way(actor, plan, from_m, to_m)
            if found is None or to_m <= from_m:
                continue
            prop, near = found
            where = f"{plan.shot_id}: {actor.id}'s {walk.verb}"
            if not actor.path and travelled(actor, plan.duration_s, plan) > path_extent(
                    prop, _jump_origin(actor), actor.start.heading_rad)[1] + DETOUR_REJOIN_M:
                others = [np.array(a.start.position, dtype=float)[[0, 2]] for a in plan.actors if a is not actor]
                actor.path = _detour(actor, prop, others)
                notes.append(f"{where} steps around the {prop.id} in its way")
                break
            stop_s = walk.start_s + _time_to_cover(actor, walk, near - STOP_SHORT_M - from_m, plan)
            for j in range(k, len(actor.actions)):  # this walk and every later one would carry on through it
                later = actor.actions[j]
                if later.kind == "locomotion":
                    start = min(later.start_s, stop_s) if j == k else max(later.start_s, stop_s)
                    actor.actions[j] = later.model_copy(update={"start_s": start, "end_s": max(start, stop_s)})
            notes.append(f"{where} stops at {stop_s:.2f} s, short of the {prop.id} in its way")
            break
    return notes
