"""The grade a gait verb's path climbs or descends: "jogs up the stairs", "walks down the hill".

The ground cinemotion films on is level. A climb up stairs is performed as the motion library's captured
stair climb (with steps under it, direct/footholds.py), at the pace the gait verb lends it; a descent or a
slope is walked on the level and said in a note, never silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from cinemotion.language.lexicon import table


@dataclass(frozen=True)
class Grade:
    direction: str  # "up" | "down"
    surface: str  # "stairs" | "slope"
    end: int  # one past the path's last token


@cache
def _words() -> tuple[dict[str, str], dict[str, str], dict[str, str], int]:
    grades = table("grades")
    directions = {w: name for name, entry in grades["directions"].items() for w in entry["words"] if " " not in w}
    surfaces = {w: name for name, entry in grades["surfaces"].items() for w in entry["words"] if " " not in w}
    return directions, surfaces, grades["self_paths"], grades["gap_words"]["value"]


def grade_after(tokens: list[str], at: int, clause_end: int) -> Grade | None:
    """The grade named by the path right after a gait verb ending at token `at`, if its words name one."""
    directions, surfaces, self_paths, gap = _words()
    if at >= clause_end or tokens[at] not in directions:
        return None
    direction = directions[tokens[at]]
    if tokens[at] in self_paths:
        return Grade(direction, self_paths[tokens[at]], at + 1)
    if at + 1 < clause_end and tokens[at + 1] in ("to", "and", "at"):
        return None  # "walks up to the door": a goal, not a path that climbs
    for k in range(at + 1, min(clause_end, at + 2 + gap)):
        if tokens[k] in surfaces:
            return Grade(direction, surfaces[tokens[k]], k + 1)
        if not tokens[k].isalpha():
            return None
    return None


def climb_speed(verb: str) -> str:
    """The manner a gait verb lends a captured climb: a running gait quickens it, a laboured one slows it."""
    for speed, entry in table("grades")["climb_speed"].items():
        if verb in entry["verbs"]:
            return speed
    return "normal"
