"""The canonical vocabulary of DESIGN.md, read from vocabulary.yaml."""

from __future__ import annotations

from functools import cache


from cinemotion.core.tables import load_table


@cache
def vocabulary() -> dict:
    return load_table("spec/vocabulary.yaml")


_V = vocabulary()
LOCOMOTION_CATEGORIES: dict[str, list[str]] = _V["locomotion"]
GESTURE_CATEGORIES: dict[str, list[str]] = _V["gestures"]
LOCOMOTION_VERBS = tuple(v for verbs in LOCOMOTION_CATEGORIES.values() for v in verbs)
GESTURE_VERBS = tuple(v for verbs in GESTURE_CATEGORIES.values() for v in verbs)
JUMP_TYPES = tuple(_V["jump_types"])
SPEEDS = tuple(_V["speeds"])
EMOTIONS = tuple(_V["emotions"])
SHOT_TYPES = tuple(_V["shot_types"])
ANGLES = tuple(_V["angles"])
CAMERA_MOVES = tuple(_V["camera_moves"])
TIME_SCALES: dict[str, float] = _V["time_scales"]
ACTION_KINDS = tuple(_V["action_kinds"])
SURFACES = tuple(_V["surfaces"])
WEATHER = tuple(_V["weather"])
EFFECTS = tuple(_V["effects"])


def category_of(verb: str) -> str | None:
    """The DESIGN.md group of a locomotion or gesture verb (None when it has none)."""
    for table in (LOCOMOTION_CATEGORIES, GESTURE_CATEGORIES):
        for category, verbs in table.items():
            if verb in verbs:
                return None if category == "other" else category
    return None
