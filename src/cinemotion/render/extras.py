"""How background people are drawn: capsule figures, counted as background in the control maps.

The human body (render/human.py) costs a skinned mesh per person; a background figure a few
dozen pixels tall reads the same as the capsule mannequin (render/body.py), which joins the cast's
single instanced capsule draw. Their instance id is 0, so depth maps show them and instance masks
keep them with the background: only the cast is segmented (the maps condition a generator on
the people the prompt is about).
"""

from __future__ import annotations

from cinemotion.direct.plan import ShotPlan
from cinemotion.motion.performance import Performance
from cinemotion.render.body import ActorRig

BACKGROUND_INSTANCE = 0


def extras_rigs(shot: ShotPlan, performance: Performance) -> list[ActorRig]:
    """One full capsule rig per animated extra, in plan order."""
    characters = {e.id: e.character for e in shot.extras}
    return [ActorRig(m, characters[m.actor_id], BACKGROUND_INSTANCE) for m in performance.extras
            if m.actor_id in characters]
