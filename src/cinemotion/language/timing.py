"""Durations and times written in a prompt: "4-second duration", "for 2 seconds", "at 3 s", "8 seconds"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cinemotion.language.document import Document
from cinemotion.language.lexicon import PARSING

# definitions: the number each number word names, and each time unit in seconds
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                "twenty": 20, "thirty": 30, "half": 0.5, "a": 1, "an": 1}
UNITS = {"second": 1.0, "seconds": 1.0, "sec": 1.0, "secs": 1.0, "s": 1.0, "minute": 60.0, "minutes": 60.0,
         "min": 60.0, "mins": 60.0}
# "31m" is metres (camera.yaml units), never minutes: minutes are written out ("2min", "2 minutes")
COMPACT = re.compile(r"(\d+(?:\.\d+)?)(s|sec|secs|seconds?|min|mins|minutes?)")
SHOT_AFTER = {"duration", "video", "clip", "film", "sequence", "scene", "generation", "long", "total", "runtime",
              "length", "movie", "reel", "story", "storyboard", "shot"}
SHOT_BEFORE = {"duration", "lasting", "length", "total", "runtime", "lasts", "last"}
YEAR_MIN = PARSING.year_min.value  # "1980s", "2049s": a number this large with an s is a decade or a year
START_BEFORE = {"at", "after", "from"}
SPAN_BEFORE = {"for", "over", "during", "within"}


@dataclass(frozen=True)
class TimeMention:
    start: int  # first token of the phrase (the number)
    end: int  # one past its unit
    seconds: float
    role: str  # "shot" (the whole clip), "span" (an action's or move's duration), "start" (when it begins)
    after: bool  # the phrase precedes what it times ("5-second dolly zoom") rather than follows it


def _number(doc: Document, i: int) -> tuple[float, int] | None:
    """A number at token i (digits, decimals split by '.', or a number word) and the index after it."""
    tok = doc.tokens[i]
    if tok.isdigit():
        if i + 2 < len(doc.tokens) and doc.tokens[i + 1] == "." and doc.tokens[i + 2].isdigit():
            return float(f"{tok}.{doc.tokens[i + 2]}"), i + 3
        return float(tok), i + 1
    if tok in NUMBER_WORDS and tok not in ("a", "an"):
        return float(NUMBER_WORDS[tok]), i + 1
    return None


def find_times(doc: Document, exclude: set[int] = frozenset()) -> list[TimeMention]:
    """Every time phrase, except at `exclude` (tokens already read as something else: "crane up 3m")."""
    found = []
    tokens = doc.tokens
    for i, tok in enumerate(tokens):
        value = end = None
        if i in exclude:
            continue
        compact = COMPACT.fullmatch(tok)
        if compact and compact.group(2) == "s" and _decade(tokens, i, float(compact.group(1))):
            continue  # "the 1980s", "in the 80s": a decade, not a duration
        if compact:
            unit = UNITS.get(compact.group(2), 60.0 if compact.group(2).startswith("min") else 1.0)
            value, end = float(compact.group(1)) * unit, i + 1
        else:
            number = _number(doc, i)
            before_article = tokens[i - 1] if i > 0 else ""
            if number is None and tok in ("a", "an") and i + 1 < len(tokens) and tokens[i + 1] in ("second", "minute") \
                    and (before_article in SPAN_BEFORE | START_BEFORE | SHOT_BEFORE | {"in", "half"}
                         or tokens[i + 2:i + 5] == ["and", "a", "half"]):
                number = (0.5 if before_article == "half" else 1.0, i + 1)  # "for a second", "half a minute"
            if number is None:
                continue
            j = number[1]
            if j < len(tokens) and tokens[j] in UNITS and not (tokens[j] == "s" and j + 1 < len(tokens) and tokens[j + 1] == "'"):
                value, end = number[0] * UNITS[tokens[j]], j + 1
                if tokens[end:end + 3] == ["and", "a", "half"]:  # "a minute and a half"
                    value, end = value + 0.5 * UNITS[tokens[j]], end + 3
            if i > 0 and tokens[i - 1] == "." and i > 1 and tokens[i - 2].isdigit():
                continue  # the fraction part of a decimal already read
        if value is None:
            continue
        before = tokens[i - 1] if i > 0 else ""
        if before in (":", "=", "is", "of") and i > 1 and tokens[i - 2] in SHOT_BEFORE | SHOT_AFTER:
            before = "duration"  # "clip runtime: 10 seconds", "total length of 8 seconds"
        following = [t for t in tokens[end:end + 2]]
        if before in SHOT_BEFORE or (following and following[0] in SHOT_AFTER) or \
                (len(following) > 1 and following[0] in ("of", "in") and following[1] in SHOT_AFTER):
            role = "shot"
        elif before in START_BEFORE:
            role = "start"
        elif before in SPAN_BEFORE:
            role = "span"
        else:
            role = "free"  # decided by what it sits next to (a move or a verb) or else the shot
        found.append(TimeMention(i, end, value, role, after=before not in SPAN_BEFORE and role != "start"))
    return found


def _decade(tokens: list[str], i: int, value: float) -> bool:
    """A number with an s that names a decade: four digits ("1980s"), or two after "the" ("the 80s")."""
    return value >= YEAR_MIN or (value % 10 == 0 and i > 0 and tokens[i - 1] in ("the", "'", "early", "late", "mid"))
