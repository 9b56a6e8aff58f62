"""How background people are drawn: capsule figures, counted as background in the control maps.

The human body (render/human.py) costs a skinned mesh per person; a background figure a few
dozen pixels tall reads the same as the capsule mannequin (render/body.py), which joins the cast's
single instanced capsule draw. Their instance id is 0, so depth maps show them and instance masks
keep them with the background: only the cast is segmented (the maps condition a generator on
the people the prompt is about).
"""

from __future__ import annotations

import numpy as np

from cinemotion.direct.plan import ShotPlan
from cinemotion.motion.performance import Performance
from cinemotion.render.body import ActorRig

BACKGROUND_INSTANCE = 0  # format: masks.mp4's background id


class ExtraRig(ActorRig):
    """A background figure: body segments and hair; no fingers or face (a few pixels across at their
    distance; posing 8 figures drops from 26 to 1.3 ms a frame without them, benchmarks/extras_cost.py)."""

    def capsules(self, f: int) -> np.ndarray:
        joints, frames = self.motion.joints[f], self.frames[f]
        return np.concatenate([self._segments(joints, frames), self._hair(joints, frames)])


def extras_rigs(shot: ShotPlan, performance: Performance) -> list[ActorRig]:
    """One capsule figure per animated extra, in plan order."""
    characters = {e.id: e.character for e in shot.extras}
    return [ExtraRig(m, characters[m.actor_id], BACKGROUND_INSTANCE) for m in performance.extras
            if m.actor_id in characters]
