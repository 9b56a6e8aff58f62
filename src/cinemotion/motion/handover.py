"""The hand-over across a cut: an actor carries on from where its performed motion left it, at the speed it had.

direct() predicts each shot's start states from nominal speeds; the performed motion is the truth, so the
next shot is animated from the states read off the previous performance, passed as data (the plan is not edited).
"""

from __future__ import annotations

import numpy as np

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.direct.plan import ActorState, ShotPlan
from cinemotion.motion.performance import Performance


class HandoverFigures(Figures):
    moving_mps: Figure[float]


FIGURES = load_table("motion/handover.yaml", HandoverFigures)
MOVING_MPS = FIGURES.moving_mps.value  # below this the heading of a frame-to-frame step is noise: keep the planned heading


def handover_states(previous: Performance, shot: ShotPlan) -> dict[str, ActorState]:
    """Each actor of `shot` that was in `previous`: its state one frame after the previous shot's last."""
    states = {}
    for actor in shot.actors:
        motion = next((m for m in previous.actors if m.actor_id == actor.id), None)
        if motion is None or motion.n_frames < 2:
            continue
        velocity = (motion.root[-1] - motion.root[-2]) * previous.fps
        nxt = motion.root[-1] + velocity / previous.fps
        speed = float(np.hypot(velocity[0], velocity[2]))
        heading = float(np.arctan2(-velocity[2], velocity[0])) if speed > MOVING_MPS else actor.start.heading_rad
        states[actor.id] = actor.start.model_copy(update={
            "position": [float(nxt[0]), 0.0, float(nxt[2])], "heading_rad": heading,
            "speed_mps": speed / max(shot.time_scale, 1e-6)})
    return states


def starting_from(shot: ShotPlan, start_states: dict[str, ActorState]) -> ShotPlan:
    """A copy of `shot` whose actors start in `start_states` (those not named keep the planned start)."""
    return shot.model_copy(update={"actors": [
        a.model_copy(update={"start": start_states[a.id]}) if a.id in start_states else a for a in shot.actors]})
