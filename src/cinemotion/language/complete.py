"""`complete`: the language stage's last step, deciding once what the later stages read about a storyboard.

Every shot's place is settled on a built set (language/places.py); each shot then carries, as `Shot.facts`,
the character each actor plays (the storyboard's own, else described from the actor's words), the coach's
advice on its prompt and the characters of its background people. `direct` reads these; it describes no one.
"""

from __future__ import annotations

import numpy as np

from cinemotion.core.seeds import shot_seed, stream
from cinemotion.language.character import describe_character
from cinemotion.language.coach import coaching
from cinemotion.language.places import settle_places
from cinemotion.spec.models import Actor, Character, Shot, ShotFacts, Storyboard


def complete(storyboard: Storyboard) -> Storyboard:
    """The storyboard with its places settled and every shot's facts decided (a completed one is returned as is)."""
    if storyboard.completed:
        return storyboard
    storyboard = settle_places(storyboard)  # any place → the nearest built set, noted on its shot
    shots = [shot.with_facts(_shot_facts(storyboard, shot, shot_seed(storyboard.seed, index)))
             for index, shot in enumerate(storyboard.shots)]
    return storyboard.model_copy(update={"shots": shots})


def _shot_facts(storyboard: Storyboard, shot: Shot, seed: int) -> ShotFacts:
    extras = stream(seed, "extras", "characters")  # its own stream: placing the extras draws from another
    return ShotFacts(cast={actor.id: _character(storyboard, actor, seed) for actor in shot.actors},
                     coaching=coaching(shot.prompt),
                     extras=[describe_character("person", character_id=f"extra{k + 1}", rng=extras)
                             for k in range(shot.environment.extras)])


def _character(storyboard: Storyboard, actor: Actor, seed: int) -> Character:
    """The storyboard's character the actor names, else one described from the actor's words (seeded per shot)."""
    known = storyboard.character(actor.character)
    if known is not None:
        return known
    rng = np.random.default_rng([seed, sum(map(ord, actor.id))])
    return describe_character(actor.description or actor.id, character_id=actor.id, rng=rng)
