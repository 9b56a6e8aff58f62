"""Camera words: shot type, angle, composition, and each move with its direction and timing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from cinemotion.language.document import Document
from cinemotion.language.guess import looks_like_verb
from cinemotion.language.lexicon import PARSING, Match, field_index, table, tokenize
from cinemotion.language.timing import NUMBER_WORDS

SEQUENCE_WORDS = {"then", "next", "finally", "afterwards", "afterward", "later", "before", "followed"}
# nouns that say "from here to there" for a pan or a tilt
UP_ENDS = {"face", "head", "sky", "top", "eyes", "ceiling", "skyline", "horizon", "up", "clouds", "roof", "rooftops"}
DOWN_ENDS = {"feet", "foot", "ground", "floor", "toes", "shoes", "bottom", "down", "street", "pavement", "legs"}
LEFT_ENDS = {"left"}
RIGHT_ENDS = {"right"}
COMPACT_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)([a-z]+)|x(\d+(?:\.\d+)?)")  # "2x", "3m", "45deg", "x2"
AMOUNT_REACH = PARSING.amount_reach.value


@dataclass
class MoveMention:
    move: str
    match: Match
    start_s: float | None = None
    duration_s: float | None = None
    after_previous: bool = False  # "then": starts when the previous move ends
    amount: float | None = None  # degrees, ratio or metres (camera.yaml amounts)
    amount_at: tuple[int, ...] = ()  # the tokens that gave the amount (not a time)
    mentions: list[Match] = field(default_factory=list)  # the move named again ("…, 3-second dolly zoom")


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
                "whip": ((LEFT_ENDS, "whip_pan_left"), (RIGHT_ENDS, "whip_pan_right")),
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


@cache
def _units() -> dict[str, tuple[str, dict[str, float], dict[str, float]]]:
    """move → (unit name, unit word → factor, number word → amount)."""
    out = {}
    for unit, spec in table("camera")["amounts"].items():
        for move in spec["moves"]:
            out[move] = (unit, spec["units"], spec.get("words", {}))
    return out


def _amount_at(doc: Document, k: int, units: dict[str, float], words: dict[str, float]) -> tuple[float, tuple[int, ...]] | None:
    """An amount written at token k: "45 degrees", "2x", "x2", "3 meters", "twice"."""
    tokens = doc.tokens
    tok = tokens[k]
    if tok in words:
        return words[tok], (k,)
    if tok.isdigit() and k + 2 < len(tokens) and tokens[k + 1] == "." and COMPACT_AMOUNT.fullmatch(tokens[k + 2]):
        tok, k = f"{tok}.{tokens[k + 2]}", k + 2  # "1.5x" reads as 1 . 5x
        compact = COMPACT_AMOUNT.fullmatch(tok)
        if compact and compact.group(2) in units:
            return float(compact.group(1)) * units[compact.group(2)], (k - 2, k - 1, k)
        return None
    compact = COMPACT_AMOUNT.fullmatch(tok)
    if compact and compact.group(3):
        return (float(compact.group(3)), (k,)) if "x" in units else None
    if compact and compact.group(2) in units:
        return float(compact.group(1)) * units[compact.group(2)], (k,)
    if tok in NUMBER_WORDS and tok not in ("a", "an") and k + 1 < len(tokens) and tokens[k + 1] in units:
        return NUMBER_WORDS[tok] * units[tokens[k + 1]], (k, k + 1)  # "ten feet", "two meters"
    if not tok.isdigit():
        return None
    value, j = float(tok), k + 1
    if j + 1 < len(tokens) and tokens[j] == "." and tokens[j + 1].isdigit():
        value, j = float(f"{tok}.{tokens[j + 1]}"), j + 2
    if j < len(tokens) and tokens[j] in units:
        return value * units[tokens[j]], tuple(range(k, j + 1))
    return None


def read_amount(doc: Document, move: str, start: int, end: int, others: list[Match]) -> tuple[float | None, tuple[int, ...]]:
    """The amount of a move from its clause: first after the move word, then just before it, never past another move."""
    if move not in _units():
        return None, ()
    _, units, words = _units()[move]
    clause = doc.clause[start]
    after_stop = min([o.start for o in others if o.start >= end] + [end + AMOUNT_REACH, len(doc.tokens)])
    before_stop = max([o.end for o in others if o.end <= start] + [start - 4, 0])
    for k in list(range(end, after_stop)) + list(range(start - 1, before_stop - 1, -1)):
        if doc.clause[k] != clause:
            continue
        found = _amount_at(doc, k, units, words)
        if found:
            return found
    return None, ()


def find_moves(doc: Document, matches: list[Match]) -> tuple[list[MoveMention], list[str]]:
    """Camera moves in order of mention (a move named twice in one breath counts once), with notes."""
    notes: list[str] = []
    moves: list[MoveMention] = []
    ruled_out: set[str] = set()
    for m, name in ((match, v) for match in matches for k, v in match.payload
                    if k == "move" and match.payload[0][0] == "move"):
        if doc.negated(m.start):
            notes.append(f"camera: '{doc.original_words(m.start, m.end)}' is ruled out, not performed")
            ruled_out.add(name)
            continue
        nxt = doc.tokens[m.end] if m.end < len(doc.tokens) else ""
        if nxt in ("his", "her", "their", "its", "head") and name in ("pan", "tilt"):
            continue  # "tilts her head" is a gesture, not a camera move
        if _object_of_a_verb(doc, m.start):
            continue  # "throws a pan at the waiter": a thing, not a move
        said = True
        if name in ("pan", "tilt", "whip_pan"):
            name, said = _direction(doc, name, m.end)
        between = doc.tokens[moves[-1].mentions[-1].end:m.start] if moves else []
        sequential = bool(SEQUENCE_WORDS & set(between))
        repeated = next((x for x in reversed(moves) if x.match is not m and
                         (x.move == name or not said and _same_axis(x.move, name))), None)
        if repeated is not None and not sequential:  # "pans left to right …, 4-second pan": one move
            repeated.mentions.append(m)
            continue
        if not said:
            notes.append(f"camera: no direction given for '{' '.join(doc.tokens[m.start:m.end])}', assumed {name}")
        if name == "static" and moves:
            continue
        moves.append(MoveMention(name, m, after_previous=sequential, mentions=[m]))
    if len(moves) > 1 and moves[0].move == "static":
        moves = moves[1:]
    if "static" in ruled_out and not moves:  # "never tripod-locked": a camera that is not locked off
        moves = [MoveMention("handheld", Match(0, 0, (("move", "handheld"),)))]
        moves[0].mentions = []
        notes.append("camera: a locked-off camera is ruled out, filmed handheld")
    move_matches = [x for mv in moves for x in mv.mentions]
    for mv in moves:
        for mention in mv.mentions:
            others = [x for x in move_matches if x is not mention]
            amount, at = read_amount(doc, mv.move, mention.start, mention.end, others)
            if amount is not None and mv.amount is None:
                mv.amount, mv.amount_at = amount, at
        if mv.move == "orbit" and mv.amount is not None and _clockwise(doc, mv.mentions[0].start):
            mv.amount = -mv.amount  # CameraMove.amount > 0 orbits counter-clockwise seen from above
    return moves, notes


def _clockwise(doc: Document, start: int) -> bool:
    words = [doc.tokens[k] for k in doc.clause_span(start)]
    return any(w == "clockwise" and (k == 0 or words[k - 1] not in ("counter", "anti")) for k, w in enumerate(words))


def _object_of_a_verb(doc: Document, start: int) -> bool:
    """A move word that is the object of a verb no camera table knows ("throws a pan", "grabs the crane")."""
    if start < 2 or doc.tokens[start - 1] not in ("a", "an", "the", "his", "her", "their"):
        return False
    verb = doc.tokens[start - 2]
    return looks_like_verb(verb) and not field_index("camera.moves").scan([verb])


def _same_axis(earlier: str, move: str) -> bool:
    """An undirected "pan" after "pans left" names the same pan."""
    return earlier.split("_")[0] == move.split("_")[0] and earlier.split("_")[0] in ("pan", "tilt", "whip")
