"""Scene layout: props named in the prompt, placed in the world where the action meets them."""

from __future__ import annotations

from functools import cache

import numpy as np

from cinemotion.core.tables import load_table
from cinemotion.body.gait_params import nominal_speed
from cinemotion.direct.obstacles import APPROACH_M, clears, jump_type
from cinemotion.direct.plan import PlacedActor, PlacedProp, PlannedSeat, ShotPlan
from cinemotion.spec.models import Action, Prop

SEATS = ("bench", "chair")


@cache
def prop_table() -> dict:
    return load_table("direct/props.yaml")


def _meeting(plan: ShotPlan, prop: Prop) -> tuple[PlacedActor, Action | None] | None:
    """The actor (and its action) that meets this prop: the one whose action targets it."""
    for actor in plan.actors:
        for action in actor.actions:
            if action.target == prop.id:
                return actor, action
    for actor in plan.actors:  # a prop with no named user goes on the subject's first jump
        jump = next((a for a in actor.actions if a.kind == "jump"), None)
        if jump is not None and prop.relation != "dressing":  # a place's dressing is never an obstacle
            return actor, jump
    return (plan.actors[0], None) if plan.actors else None


def distance_before(actor: PlacedActor, until_s: float, plan: ShotPlan) -> float:
    """How far the actor travels before `until_s`, from the nominal speed of each locomotion."""
    travelled = 0.0
    for a in actor.actions:
        if a.kind == "locomotion" and a.start_s < until_s:
            travelled += nominal_speed(a.verb, plan.intensity, a.speed) * (min(a.end_s or until_s, until_s) - a.start_s)
    return travelled * plan.time_scale


def gap_width(prop: Prop, prompt: str, running: bool = True) -> float:
    """The gap's span from the words; a standing jump gets a gap a standing jump can clear."""
    if prop.size_m:
        return float(prop.size_m[0])
    table = prop_table()["gap"]
    words = [w for w in table["width_words"] if w in prompt.lower().split()]
    width = float(table["width_words"][words[0]]) if words else float(table["default_m"])
    return width if running else width * table["standing_scale"]


def _rooftops(prop: Prop, near_x: float, heading: float, origin: np.ndarray, width: float) -> list[PlacedProp]:
    roof = prop_table()["gap"]["rooftop"]
    length, depth, drop = roof["length"], roof["depth"], roof["drop"]
    d = np.array([np.cos(heading), 0.0, -np.sin(heading)])
    placed = []
    for name, along in (("near", near_x - length / 2), ("far", near_x + width + length / 2)):
        c = origin + d * along
        placed.append(PlacedProp(id=f"{prop.id}_{name}_roof", kind="rooftop", center=[c[0], -drop / 2, c[2]],
                                 size=[length, drop, depth], yaw_rad=heading, color=roof["color"],
                                 relation=prop.relation, walkable=True))
    edge = origin + d * (near_x + width / 2)
    placed.append(PlacedProp(id=prop.id, kind="gap", center=[edge[0], -drop / 2, edge[2]],
                             size=[width, drop, depth], yaw_rad=heading, color="#000000",
                             relation=prop.relation))
    return placed


def _seat_for(plan: ShotPlan, actor: PlacedActor, sit: Action) -> Prop:
    """The prop this sitter sits on: the one named, the one walked to, or a bench (a chair indoors)."""
    named = [p for p in plan.environment.props if p.id == sit.target]
    before = [a for a in actor.actions if a.kind == "locomotion" and a.start_s < sit.start_s and a.target]
    walked_to = [p for p in plan.environment.props if before and p.id == before[-1].target and p.kind in SEATS]
    if named or walked_to:
        return (named or walked_to)[0]
    indoor = plan.environment.setting in prop_table()["seat"]["indoor_settings"]
    return Prop(id=f"{actor.id}_seat", kind="chair" if indoor else "bench", relation="onto")


def place_seats(plan: ShotPlan) -> set[str]:
    """A seat for every sitter (plan.seats), as high as the knees at most; returns the seats' prop ids.

    Where a seat stands is not decided here: the sitter's posture stands it under the body where it sits down."""
    table = prop_table()
    placed: set[str] = set()
    for actor in plan.actors:
        for sit in (a for a in actor.actions if a.posture == "sit"):
            prop = _seat_for(plan, actor, sit)
            if prop.id in placed:
                continue
            spec = table["kinds"][prop.kind]
            size = np.array(prop.size_m or spec["size"], dtype=float)
            if not prop.size_m:
                size[1] = min(size[1], table["seat"]["popliteal_h"] * actor.character.height_m)
            plan.seats.append(PlannedSeat(id=prop.id, kind=prop.kind, size=size.tolist(), color=spec["color"],
                                          sitter=actor.id))
            placed.add(prop.id)
    return placed


def place_props(plan: ShotPlan, rng: np.random.Generator) -> None:
    """Place every prop of the shot's environment in world coordinates (plan.props)."""
    table = prop_table()
    seats = place_seats(plan)
    for prop in plan.environment.props:
        if prop.id in seats:
            continue
        met = _meeting(plan, prop)
        if met is None:
            continue
        actor, action = met
        heading = actor.start.heading_rad
        origin = np.array([actor.start.position[0], 0.0, actor.start.position[2]])
        when = action.start_s if action is not None else plan.duration_s / 2
        # a jump's window opens where it runs up to an obstacle it clears, or a toe's length short of an edge
        over = action is not None and action.kind == "jump" and jump_type(action) in ("athletic", "horizontal") \
            and clears(prop.kind) and not table["kinds"].get(prop.kind, {}).get("walkable", False)
        near = distance_before(actor, when, plan) + (APPROACH_M if over else table["approach_m"])
        if prop.kind in ("gap", "rooftop", "rooftops", "roof"):
            if not any(p.kind == "gap" for p in plan.props):
                running = distance_before(actor, when, plan) > 2.0 or actor.start.speed_mps > 1.5
                plan.props += _rooftops(prop, near, heading, origin, gap_width(prop, plan.prompt, running))
            continue
        spec = table["kinds"].get(prop.kind, table["kinds"]["box"])
        size = np.array(prop.size_m or spec["size"], dtype=float)
        if prop.kind == "ledge":
            reach = 1.33 * actor.character.height_m  # standing reach (props.yaml sources)
            size[1] = reach + 0.25
        d = np.array([np.cos(heading), 0.0, -np.sin(heading)])
        if prop.position_m:
            center = np.array(prop.position_m, dtype=float)
        else:
            center = origin + d * (near + size[0] / 2)
            if action is None or action.kind != "jump":
                # A prop nobody jumps is set beside the path, not in it.
                # (sin h, 0, cos h) is the side the camera films a traveller from (camera/framing.camera_side):
                # a place's dressing stands on the far side, in the background, never between lens and actor.
                aside = -(table["dressing_offset_m"] + size[2] / 2) if prop.relation == "dressing" else 1.2 + size[2] / 2
                center += np.array([np.sin(heading), 0.0, np.cos(heading)]) * aside
            center[1] = size[1] / 2
        plan.props.append(PlacedProp(id=prop.id, kind=prop.kind, center=center.tolist(), size=size.tolist(),
                                     yaw_rad=heading, color=spec["color"], relation=prop.relation,
                                     walkable=bool(spec.get("walkable", False))))
