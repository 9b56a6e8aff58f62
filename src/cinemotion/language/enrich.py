"""`enrich_storyboard`: fill each shot's unset fields from its prompt; what the YAML set explicitly wins."""

from __future__ import annotations

from cinemotion.errors import InputError
from cinemotion.language.parse import parse_shot
from cinemotion.language.scene import outdoor_note
from cinemotion.spec.models import Storyboard

# Shot fields a prompt can imply (id, prompt, transition and motion brushes only come from the YAML).
IMPLIED = ("duration_s", "shot_type", "angle", "camera", "time_scale", "intensity", "actors", "environment",
           "look", "negative")


def _merge_model(explicit, implied):
    """A sub-model (environment, look): fields the YAML set stay; the rest come from the prompt."""
    update = {name: getattr(implied, name) for name in type(explicit).model_fields
              if name not in explicit.model_fields_set}
    return explicit.model_copy(update=update)


def _continue_scene(update: dict, shot, implied, previous) -> bool:
    """A shot whose prompt names no place or light stays where the previous shot was (a cut, not a new scene);
    whether its place came from there."""
    continued = "environment" not in shot.model_fields_set and "setting" not in implied.environment.model_fields_set
    if continued:
        update["environment"] = previous.environment.model_copy(update={"props": implied.environment.props})
    if "look" not in shot.model_fields_set and "lighting" not in implied.look.model_fields_set:
        update["look"] = update["look"].model_copy(update={
            "lighting": previous.look.lighting, "film": update["look"].film or previous.look.film})
    return continued


def enrich_storyboard(storyboard: Storyboard) -> Storyboard:
    """Parse every shot's `prompt`; fields the storyboard set explicitly override what the text implies."""
    known = {c.id.lower(): c.id for c in storyboard.characters}  # "mara sprints" names character mara
    for c in storyboard.characters:  # "Mara, an athletic woman, …": a capitalised first word is a name too
        first = c.description.split(",")[0].split()[:1]
        if first and first[0][:1].isupper() and first[0].isalpha() and first[0].lower() not in known:
            known[first[0].lower()] = c.id
    characters = list(storyboard.characters)
    shots = []
    earlier: list[tuple[str, str]] = []  # (character id, sex) of the people already filmed, most recent last
    for index, shot in enumerate(storyboard.shots):
        if not shot.prompt.strip():
            shots.append(shot)
            continue
        try:
            fixed = shot.duration_s if "duration_s" in shot.model_fields_set else None
            implied, new_characters = parse_shot(shot.prompt, seed=storyboard.seed + index, known=known,
                                                 shot_id=shot.id, duration_s=fixed, earlier=earlier)
        except InputError as err:
            raise InputError(f"shots[{index}].prompt ({shot.id}): {err.field}", err.message) from None
        update = {}
        for name in IMPLIED:
            if name not in shot.model_fields_set:
                update[name] = getattr(implied, name)
            elif name in ("environment", "look"):
                update[name] = _merge_model(getattr(shot, name), getattr(implied, name))
        continued = bool(shots) and _continue_scene(update, shot, implied, shots[-1])
        # a continued scene's place is the previous shot's: the weather no longer chose it
        stale = outdoor_note(implied.environment) if continued or "environment" in shot.model_fields_set else None
        update["notes"] = list(shot.notes) + [n for n in implied.notes if n not in shot.notes and n != stale]
        if "actors" not in shot.model_fields_set:
            used = {a.character for a in implied.actors}
            for c in new_characters:
                if c.id in used and storyboard.character(c.id) is None and all(x.id != c.id for x in characters):
                    characters.append(c)
                    known[c.id.lower()] = c.id
        shots.append(shot.model_copy(update=update))
        by_id = {c.id: c for c in characters}
        filmed = [(a.character, by_id[a.character].sex) for a in shots[-1].actors if a.character in by_id]
        earlier = [e for e in earlier if e not in filmed] + filmed  # "Shot 2: she turns": the woman of shot 1
    return storyboard.model_copy(update={"shots": shots, "characters": characters})
