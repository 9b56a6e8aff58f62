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
    rung_size_m: Figure[list[float]]


FIGURES = load_table("direct/footholds.yaml", FootholdFigures)
REFERENCE_HEIGHT_M = FIGURES.reference_height_m.value  # the library's reference body
STEP_TOLERANCE_M = FIGURES.step_tolerance_m.value
STEP_M = FIGURES.step_m.value  # a stair tread's footprint
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
            kind = "ladder" if action.verb == "climb_ladder" else "steps"
            for k, (point, height) in enumerate(_levels(holds)):
                top = height * scale
                center = origin + (forward * point[0] + left * point[1]) * scale
                size = RUNG_SIZE if kind == "ladder" else [STEP_M, top, STEP_M]
                center[1] = top - size[1] / 2
                plan.props.append(PlacedProp(id=f"{actor.id}_{kind}{k + 1}", kind=kind, center=center.tolist(),
                                             size=list(size), yaw_rad=h, color=COLORS[kind], relation="onto",
                                             walkable=kind == "steps"))
