"""Partners of two-person contact actions (handshake, hug, salsa …): placed face to face at contact distance.

The open-action catalogue (language/open_actions.yaml `partner`) gives the pelvis-to-pelvis distance. A partner
who was only named as the target ("he shakes her hand") performs the same action over the same span, so both
actors' hands meet; a couple's dance take (distance 0) shares one spot and heading, the capture keeping its spacing.
"""

from __future__ import annotations

import numpy as np

from cinemotion.direct.plan import PlacedActor, ShotPlan
from cinemotion.language.open_actions import partner_distance
from cinemotion.spec.models import Action


def _partner(plan: ShotPlan, actor: PlacedActor, action: Action) -> PlacedActor | None:
    others = [a for a in plan.actors if a.id != actor.id]
    return next((a for a in others if a.id == action.target), None) or next(
        (a for a in others if any(x.kind == "action" and x.verb == action.verb for x in a.actions)), None)


def place_partners(plan: ShotPlan) -> None:
    """Face each contact pair at its distance (first contact action of the shot decides); in place."""
    placed: set[str] = set()
    for actor in plan.actors:
        for action in actor.actions:
            distance = partner_distance(action.verb) if action.kind == "action" else None
            partner = _partner(plan, actor, action) if distance is not None else None
            if partner is None or actor.id in placed or partner.id in placed:
                continue
            if not any(x.kind == "action" and x.verb == action.verb for x in partner.actions):
                partner.actions = sorted(partner.actions + [action.model_copy(update={"target": actor.id})],
                                         key=lambda a: a.start_s)
            x, y, z = actor.start.position
            facing_away = distance > 0
            actor.start = actor.start.model_copy(update={"position": [x - distance / 2, y, z], "heading_rad": 0.0})
            partner.start = partner.start.model_copy(update={
                "position": [x + distance / 2, y, z], "heading_rad": float(np.pi) if facing_away else 0.0})
            placed |= {actor.id, partner.id}


def in_contact(plan: ShotPlan, a: str, b: str) -> bool:
    """Whether two actors perform a contact action together (their bodies may touch: no separation)."""
    actions = {actor.id: actor.actions for actor in plan.actors}
    return any(x.kind == "action" and partner_distance(x.verb) is not None
               and any(y.kind == "action" and y.verb == x.verb for y in actions.get(b, []))
               for x in actions.get(a, []))
