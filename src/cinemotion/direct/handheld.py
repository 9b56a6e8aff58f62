"""What the hands lift, carry and set down: a box in front of the actor unless the prompt placed one.

Picking up starts it on the floor a forearm's reach ahead of the feet; carrying and putting down start it in the
hands (motion/library/props.py then moves it with them). A carry with no gait of its own is carried walking.
"""

from __future__ import annotations

import numpy as np

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.direct.plan import PlacedProp, ShotPlan
from cinemotion.spec.models import Action

HANDHELD = {"pick_up": "floor", "carry": "hands", "put_down": "hands"}


class HandheldFigures(Figures):
    box_m: Figure[list[float]]
    reach_m: Figure[float]
    hands_height: Figure[float]


FIGURES = load_table("direct/handheld.yaml", HandheldFigures)
BOX_M = FIGURES.box_m.value  # a removal carton 0.45 × 0.4 × 0.35 m (a common 'medium' size)
REACH_M = FIGURES.reach_m.value  # ahead of the pelvis to the box centre at the bottom of a stoop-squat lift (0.25 H at 1.70 m)
HANDS_HEIGHT = FIGURES.hands_height.value  # held at the waist: 0.55 of stature


def place_handheld(plan: ShotPlan) -> None:
    """A box for every lift, carry and put-down without a target; the action aims at it; in place."""
    for actor in plan.actors:
        box = None
        for k, action in enumerate(actor.actions):
            where = HANDHELD.get(action.verb) if action.kind == "action" else None
            if where is None or action.target is not None:
                continue
            if box is None:
                h = actor.start.heading_rad
                forward = np.array([np.cos(h), 0.0, -np.sin(h)])
                center = np.array([actor.start.position[0], 0.0, actor.start.position[2]]) + forward * REACH_M
                center[1] = BOX_M[1] / 2 if where == "floor" else HANDS_HEIGHT * actor.character.height_m
                box = PlacedProp(id=f"{actor.id}_box", kind="box", center=center.tolist(), size=list(BOX_M),
                                 yaw_rad=h, color="#a07d55", relation="onto")
                plan.props.append(box)
            actor.actions[k] = action.model_copy(update={"target": box.id})
            if action.verb == "carry" and not any(a.kind == "locomotion" and a.start_s < action.end_s
                                                  and a.end_s > action.start_s for a in actor.actions):
                # to carry is to move while holding (WordNet carry.v.01): the arms ride on a walk
                actor.actions.append(Action(kind="locomotion", verb="walk", category="plain", speed=action.speed,
                                            start_s=action.start_s, end_s=action.end_s))
        actor.actions.sort(key=lambda a: a.start_s)
