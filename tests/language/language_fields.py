"""Reading a parsed Storyboard back as the fields a test case expects (DESIGN.md "The plan as JSON")."""

from __future__ import annotations

from cinemotion.language import parse
from cinemotion.spec import Storyboard

UNORDERED = {"effects", "negative"}  # lists whose order carries no meaning


def fields(storyboard: Storyboard, expected: dict) -> dict:
    """The same keys as `expected`, read from what the parser made."""
    shot = storyboard.shots[0]
    actors = {a.id: a for a in shot.actors}
    chars = {c.id: c for c in storyboard.characters}

    def per_actor(attr):
        return {k: [getattr(x, attr) for x in actors[k].actions] if k in actors else None for k in expected[attr + "s"]}

    got: dict = {}
    for key in expected:
        if key in ("duration_s", "shot_type", "angle", "time_scale", "intensity", "negative"):
            got[key] = getattr(shot, key)
        elif key == "camera":
            got[key] = [c.move for c in shot.camera]
        elif key == "camera_durations":
            got[key] = [c.duration_s for c in shot.camera]
        elif key == "camera_starts":
            got[key] = [c.start_s for c in shot.camera]
        elif key == "camera_amounts":
            got[key] = [c.amount for c in shot.camera]
        elif key in ("setting", "surface", "weather", "effects"):
            got[key] = getattr(shot.environment, key)
        elif key == "props":
            got[key] = [(p.kind, p.relation) for p in shot.environment.props]
        elif key in ("lighting", "depth_of_field", "film", "composition"):
            got[key] = getattr(shot.look, key)
        elif key == "actors":
            got[key] = {a.id: [(x.kind, x.verb, x.category) for x in a.actions] for a in shot.actors}
        elif key == "times":
            got[key] = {k: [(round(x.start_s, 2), round(x.end_s, 2) if x.end_s is not None else None)
                            for x in actors[k].actions] if k in actors else None for k in expected[key]}
        elif key in ("speeds", "emotions", "targets", "texts", "causes"):
            got[key] = per_actor({"speeds": "speed", "emotions": "emotion", "targets": "target", "texts": "text",
                                  "causes": "cause"}[key])
        elif key == "intensity_range":
            lo, hi = expected[key]
            got[key] = expected[key] if lo <= shot.intensity <= hi else shot.intensity
        elif key == "starts_after":
            got[key] = [r for r in expected[key] if r[0] in actors and r[2] in actors
                        and len(actors[r[0]].actions) > r[1] and len(actors[r[2]].actions) > r[3]
                        and actors[r[0]].actions[r[1]].start_s > actors[r[2]].actions[r[3]].start_s]
        elif key == "place":
            place = shot.environment.place
            got[key] = place.lower() if place else None
        elif key == "shots":
            got[key] = len(storyboard.shots)
        elif key == "durations":
            got[key] = [s.duration_s for s in storyboard.shots]
        elif key == "cameras":
            got[key] = [[c.move for c in s.camera] for s in storyboard.shots]
        elif key == "cast":
            got[key] = len(shot.actors)
        elif key == "ids":
            got[key] = sorted(actors)
        elif key == "has_verbs":
            present = {x.verb for a in shot.actors for x in a.actions}
            got[key] = [v for v in expected[key] if v in present]
        elif key == "has_effects":
            got[key] = [e for e in expected[key] if e in shot.environment.effects]
        elif key == "notes":  # each expected word in some note: an approximation the user is told about
            got[key] = [w for w in expected[key] if any(w in note for note in shot.notes)]
        elif key in ("shot_ids", "shot_cast", "shot_verbs"):
            got[key] = [sorted(a.id for a in s.actors) if key == "shot_ids" else len(s.actors) if key == "shot_cast"
                        else sorted({x.verb for a in s.actors for x in a.actions if x.kind != "idle"})
                        for s in storyboard.shots]
        elif key == "verbs_absent":  # verbs the plan must not contain (a misreading once made them)
            present = {x.verb for a in shot.actors for x in a.actions}
            got[key] = [v for v in expected[key] if v not in present]
        elif key == "verbs":
            got[key] = sorted({x.verb for a in shot.actors for x in a.actions if x.kind != "idle"})
        elif key in ("sex", "age", "build"):
            got[key] = {k: getattr(chars[actors[k].character], key) if k in actors else None for k in expected[key]}
        elif key == "top_color":
            got[key] = {k: chars[actors[k].character].clothing.top_color if k in actors else None for k in expected[key]}
        else:
            raise KeyError(key)
    return got


def expected_times(expected: dict) -> dict:
    """Expected (start, end) pairs rounded like the parsed ones, so 5/3 s compares equal."""
    return {k: [(round(s, 2), round(e, 2) if e is not None else None) for s, e in v] if v is not None else None
            for k, v in expected.items()}


def wrong_fields(got: dict, expected: dict) -> dict:
    """{field: (parsed, expected)} for every field the parser got wrong."""
    want = {k: expected_times(v) if k == "times" else v for k, v in expected.items()}
    return {k: (got[k], v) for k, v in want.items() if not _same(k, got[k], v)}


def _same(key: str, got, want) -> bool:
    if key in UNORDERED and isinstance(got, list) and isinstance(want, list):
        return sorted(got) == sorted(want)
    return got == want


def score(cases) -> tuple[int, int, list[str]]:
    """(fields right, fields in all, one line per miss)."""
    right = total = 0
    misses = []
    for prompt, expected in cases:
        wrong = wrong_fields(fields(parse(prompt), expected), expected)
        total += len(expected)
        right += len(expected) - len(wrong)
        misses += [f"{prompt[:60]!r} {k}: got {g!r}, expected {e!r}" for k, (g, e) in wrong.items()]
    return right, total, misses
