"""Camera words: shot type, angle, composition, and each move with its direction and timing."""

from __future__ import annotations

from dataclasses import dataclass

from cinemotion.language.document import Document
from cinemotion.language.lexicon import Match, field_index, table, tokenize

SEQUENCE_WORDS = {"then", "next", "finally", "afterwards", "afterward", "later", "before", "followed"}
# nouns that say "from here to there" for a pan or a tilt
UP_ENDS = {"face", "head", "sky", "top", "eyes", "ceiling", "skyline", "horizon", "up", "clouds", "roof", "rooftops"}
DOWN_ENDS = {"feet", "foot", "ground", "floor", "toes", "shoes", "bottom", "down", "street", "pavement", "legs"}
LEFT_ENDS = {"left"}
RIGHT_ENDS = {"right"}


@dataclass
class MoveMention:
    move: str
    match: Match
    start_s: float | None = None
    duration_s: float | None = None
    after_previous: bool = False  # "then": starts when the previous move ends


def first_of(doc: Document, section: str) -> str | None:
    matches = field_index(section).scan(doc.tokens)
    return matches[0].payload[0][1] if matches else None


def _direction(doc: Document, move: str, end: int) -> tuple[str, bool]:
    """The directed move for pan/tilt from the words after it; (name, whether the words said it)."""
    spec = table("camera")["moves"][move]
    axis, default = spec["directional"], spec["default"]
    stop = min(len(doc.tokens), end + 9)
    span = [t for k, t in enumerate(doc.tokens[end:stop], start=end) if doc.sentence[k] == doc.sentence[end - 1]]
    if "to" in span:  # "from his feet to his face": the end point names the direction
        after_to = span[span.index("to") + 1: span.index("to") + 4]
        ends = {"horizontal": ((LEFT_ENDS, "pan_left"), (RIGHT_ENDS, "pan_right")),
                "vertical": ((UP_ENDS, "tilt_up"), (DOWN_ENDS, "tilt_down"))}[axis]
        for words, name in ends:
            if words & set(after_to):
                return name, True
    directions = table("camera")["directions"][axis]
    phrases = sorted(((tuple(tokenize(p)), name) for name, ps in directions.items() for p in ps),
                     key=lambda x: -len(x[0]))
    for k in range(len(span)):
        if span[k] in {",", ".", ";"}:
            break
        for words, name in phrases:
            if tuple(span[k:k + len(words)]) == words:
                return name, True
    return default, False


def find_moves(doc: Document, matches: list[Match]) -> tuple[list[MoveMention], list[str]]:
    """Camera moves in order of mention (a move named twice in one breath counts once), with notes."""
    notes: list[str] = []
    moves: list[MoveMention] = []
    for m in matches:
        kind, name = m.payload[0]
        if kind != "move":
            continue
        nxt = doc.tokens[m.end] if m.end < len(doc.tokens) else ""
        if nxt in ("his", "her", "their", "its", "head") and name in ("pan", "tilt"):
            continue  # "tilts her head" is a gesture, not a camera move
        if name in ("pan", "tilt"):
            name, said = _direction(doc, name, m.end)
            if not said:
                notes.append(f"camera: no direction given for '{' '.join(doc.tokens[m.start:m.end])}', "
                             f"assumed {name}")
        between = doc.tokens[moves[-1].match.end:m.start] if moves else []
        sequential = bool(SEQUENCE_WORDS & set(between))
        if moves and moves[-1].move == name and not sequential:
            continue
        if name == "static" and moves:
            continue
        moves.append(MoveMention(name, m, after_previous=sequential))
    if len(moves) > 1 and moves[0].move == "static":
        moves = moves[1:]
    return moves, notes
