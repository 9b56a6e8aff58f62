"""What a captured climb stands on: steps under a stair climb, rungs under a ladder climb.

The motion library records where each climb's feet stood above the floor (open_actions_capture.yaml
`footholds`, measured by tools/build_motion_library.py); the set is built there, scaled to the climber, so the
capture's feet land on something. Heights within STEP_TOLERANCE_M are one step.
"""

from __future__ import annotations

import numpy as np

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.direct.layout import distance_before
from cinemotion.direct.plan import PlacedProp, ShotPlan
from cinemotion.language.open_actions import footholds


class FootholdFigures(Figures):
    reference_height_m: Figure[float]
    step_tolerance_m: Figure[float]
    step_m: Figure[float]
    stair_width_m: Figure[float]
    tread_shade: Figure[float]
    rung_size_m: Figure[list[float]]


FIGURES = load_table("direct/footholds.yaml", FootholdFigures)
REFERENCE_HEIGHT_M = FIGURES.reference_height_m.value  # the library's reference body
STEP_TOLERANCE_M = FIGURES.step_tolerance_m.value
STEP_M = FIGURES.step_m.value  # the top tread's depth past the last foothold
STAIR_WIDTH_M = FIGURES.stair_width_m.value
TREAD_SHADE = FIGURES.tread_shade.value  # each step up this much lighter than the one below
RUNG_SIZE = FIGURES.rung_size_m.value  # a ladder rung's box
COLORS = {"steps": "#8d8478", "ladder": "#9a6b3c"}


def _levels(holds: list[list[float]]) -> list[tuple[np.ndarray, float]]:
    """(mean along/left point, sole height) of each distinct height the feet stood at."""
    levels: list[list[list[float]]] = []
    for hold in sorted(holds, key=lambda h: h[2]):
        if levels and abs(levels[-1][-1][2] - hold[2]) < STEP_TOLERANCE_M:
            levels[-1].append(hold)
        else:
            levels.append([hold])
    return [(np.mean([h[:2] for h in group], axis=0), float(np.mean([h[2] for h in group]))) for group in levels]


def place_footholds(plan: ShotPlan) -> None:
    """Steps or rungs under every captured climb of the shot; in place."""
    for actor in plan.actors:
        for action in actor.actions:
            holds = footholds(action.performer) if action.kind == "action" else None
            if not holds:
                continue
            scale = actor.character.height_m / REFERENCE_HEIGHT_M
            h = actor.start.heading_rad
            forward = np.array([np.cos(h), 0.0, -np.sin(h)])
            left = np.cross([0.0, 1.0, 0.0], forward)
            origin = np.array([actor.start.position[0], 0.0, actor.start.position[2]]) \
                + forward * distance_before(actor, action.start_s, plan)
            levels = [(origin + (forward * point[0] + left * point[1]) * scale, height * scale)
                      for point, height in _levels(holds)]
            if action.verb == "climb_ladder":
                for k, (center, top) in enumerate(levels):
                    center[1] = top - RUNG_SIZE[1] / 2
                    plan.props.append(PlacedProp(id=f"{actor.id}_ladder{k + 1}", kind="ladder", center=center.tolist(),
                                                 size=list(RUNG_SIZE), yaw_rad=h, color=COLORS["ladder"],
                                                 relation="onto", walkable=False))
            else:
                plan.props += _flight(actor.id, levels, h)


def _tread_shade(k: int) -> str:
    """Step k's colour: each step up a little lighter, so a flight seen from its front reads as steps, not a block."""
    base = np.array([int(COLORS["steps"][i:i + 2], 16) for i in (1, 3, 5)], float)
    shade = np.clip(base * (1 + TREAD_SHADE * k), 0, 255).round().astype(int)
    return "#" + "".join(f"{c:02x}" for c in shade)


def _flight(actor_id: str, levels: list[tuple[np.ndarray, float]], heading: float) -> list[PlacedProp]:
    """A flight of solid steps, one per tread the feet stood on, laid along the climb (first tread to last):
    each from the floor to its tread, as deep as the way to the next, STAIR_WIDTH_M across."""
    points = np.array([p[[0, 2]] for p, _ in levels])
    way = points[-1] - points[0]
    if len(levels) < 2 or np.linalg.norm(way) < 1e-6:
        way = np.array([np.cos(heading), -np.sin(heading)])  # one tread: faced as the climber starts
    way /= np.linalg.norm(way)
    across = np.array([-way[1], way[0]])
    along = (points - points[0]) @ way
    lateral = float(np.mean(points @ across))
    bounds = np.concatenate([[along[0] - (along[1] - along[0] if len(along) > 1 else STEP_M) / 2],
                             (along[1:] + along[:-1]) / 2, [along[-1] + STEP_M / 2]])
    props = []
    for k, (_, top) in enumerate(levels):
        middle = (bounds[k] + bounds[k + 1]) / 2
        xz = points[0] @ way * way + way * middle + across * lateral
        props.append(PlacedProp(id=f"{actor_id}_steps{k + 1}", kind="steps", center=[xz[0], top / 2, xz[1]],
                                size=[float(bounds[k + 1] - bounds[k]), top, STAIR_WIDTH_M],
                                yaw_rad=float(np.arctan2(-way[1], way[0])), color=_tread_shade(k), relation="onto",
                                walkable=True))
    return props
