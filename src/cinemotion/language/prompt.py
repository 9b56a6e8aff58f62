"""`parse`: a motion prompt → a Storyboard; a prompt written as several shots becomes several shots."""

from __future__ import annotations

from cinemotion.errors import InputError
from cinemotion.language.complete import complete
from cinemotion.language.document import check_prompt, normalise
from cinemotion.language.enrich import enrich_storyboard
from cinemotion.language.parse import MIN_DURATION_S, parse_shot
from cinemotion.language.shots import split_shots
from cinemotion.spec.models import HARD_MAX_DURATION_S, Shot, Storyboard


def parse(text: str, *, seed: int = 0) -> Storyboard:
    """Understand a prompt: one shot, or one per shot header ("Shot 1 (0-3s):", "[00:02-00:04]", "镜头2："),
    each with the span its header gives, its own camera, and the characters and scene carried across cuts;
    completed (language/complete.py) for the later stages."""
    parts = split_shots(normalise(check_prompt(text)))
    if parts is None:
        shot, characters = parse_shot(text, seed=seed)
        return complete(Storyboard(seed=seed, characters=characters, shots=[shot]))
    for k, part in enumerate(parts):
        if part.duration_s is not None and not MIN_DURATION_S <= part.duration_s <= HARD_MAX_DURATION_S:
            raise InputError(f"shots[{k}].prompt (shot{k + 1}): duration",
                             f"{part.duration_s:g} s: a shot lasts {MIN_DURATION_S:g}–{HARD_MAX_DURATION_S:g} s")
    shots = [Shot(id=f"shot{k + 1}", prompt=part.text, **({"duration_s": part.duration_s} if part.duration_s else {}))
             for k, part in enumerate(parts)]
    return complete(enrich_storyboard(Storyboard(seed=seed, shots=shots)))
