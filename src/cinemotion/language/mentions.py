"""Mentions the phrase tables cannot see alone: names, unlisted person nouns, camera-or-verb phrases."""

from __future__ import annotations

from cinemotion.language.cast import CAMERA_SECTIONS
from cinemotion.language.document import Document
from cinemotion.language.guess import NOT_BEFORE_VERB, guess_verb, looks_like_verb
from cinemotion.language.lexicon import Match, field_index, prop_index, table
from cinemotion.language.open_actions import exact_at
from cinemotion.language.places import place_index

OBJECT_PREPS = {"at", "toward", "towards", "to", "with", "past", "behind", "after", "from", "than", "by", "beside",
                "around", "against", "into", "onto", "over", "near", "alongside", "chasing", "follows", "following"}
PEOPLE_KINDS = ("person", "people", "pronoun", "name")



def in_camera_clause(doc: Document, matches: list[Match], verb: Match) -> bool:
    """'tracking shot following the athlete': a verb after a camera move in its clause is the camera's."""
    for m in matches:
        if m.start >= verb.start:
            return False
        if doc.clause[m.start] != doc.clause[verb.start]:
            continue
        kind = m.payload[0][0]
        if kind == "move" or (doc.tokens[m.start] == "camera"):
            if not any(m.start < x.start < verb.start and x.payload[0][0] in PEOPLE_KINDS for x in matches):
                return True
    return "camera" in doc.tokens[doc.clause_span(verb.start).start:verb.start]


def disambiguate(doc: Document, matches: list[Match]) -> list[Match]:
    """A phrase both a move and a verb ("pull back") is the camera's unless a person leads its clause."""
    out = []
    for m in matches:
        kinds = {k for k, _ in m.payload}
        if {"move", "verb"} <= kinds:
            person_before = any(x.start < m.start and doc.clause[x.start] == doc.clause[m.start]
                                and x.payload[0][0] in ("person", "people", "pronoun") for x in matches)
            keep = "verb" if person_before else "move"
            m = Match(m.start, m.end, tuple(p for p in m.payload if p[0] == keep))
        out.append(m)
    return out


def unnamed_people(doc: Document, matches: list[Match]) -> list[Match]:
    """'An exhausted hiker staggers': an unknown noun after a determiner, right before a verb, is a person."""
    taken = {k for m in matches for k in range(m.start, m.end)}
    verbs_at = {m.start for m in matches if m.payload[0][0] == "verb"}
    common = set(table("people")["function_words"])
    found = []
    speed_at = {m.start for m in matches if m.payload[0][0] == "speed"}
    things = {k for m in prop_index().scan(doc.tokens) for k in range(m.start, m.end)}
    things |= {k for section in ("scene.surfaces", "scene.weather") for m in
               field_index(section).scan(doc.tokens) for k in range(m.start, m.end)}  # "a snowy mountain pass"
    things |= {k for m in place_index().scan(doc.tokens) for k in range(m.start, m.end)}
    animals = set(table("people")["animals"])
    framing = set(table("people")["framing_nouns"])
    groups = set(table("people")["group_nouns"])
    slots = set(verbs_at) | {k for k, t in enumerate(doc.tokens) if k not in taken and guess_verb(t)[0] is not None}
    # "a blacksmith hammers a sword": a verb-shaped word that heads a catalogue phrase is a verb too
    slots |= {k for k, t in enumerate(doc.tokens) if k not in taken and k > 0 and t.endswith("s")
              and looks_like_verb(t) and doc.tokens[k - 1] not in NOT_BEFORE_VERB and exact_at(doc.tokens, k)}
    # "a cheerleader does a backflip": an agent noun (-er, -ist, …) before any verb-shaped word
    slots |= {k for k, t in enumerate(doc.tokens) if k > 0 and k not in taken and looks_like_verb(t)
              and doc.tokens[k - 1].endswith(tuple(table("people")["agent_suffixes"]))}
    people_end = {m.end for m in matches if m.payload[0][0] in ("person", "people")}
    for i in sorted(slots):
        k = i - 1
        if k in people_end:
            continue  # "a traceur speed-vaults": the word after a known person noun is not another person
        while k in speed_at:  # "the old fisherman slowly pulls"
            k -= 1
        if k < 0 or k in taken or k in things or not doc.tokens[k].isalpha() or doc.tokens[k] in common \
                or looks_like_verb(doc.tokens[k]):
            continue
        if doc.chinese and doc.originals[k] == doc.originals[i]:
            continue  # "匍匐前进" → "belly crawls": two tokens of one Chinese verb, never a noun and its verb
        det = next((j for j in range(k - 1, max(-1, k - 4), -1) if doc.tokens[j] in ("a", "an", "the")), None)
        if det is None or any(doc.clause[j] != doc.clause[i] for j in range(det, i)):
            continue
        framed = det > 1 and doc.tokens[det - 1] == "of" and doc.tokens[det - 2] in framing
        # "cranes down to a couple walking": a group met on the way is people; "a man in a crowd" is not
        met_group = det > 0 and doc.tokens[k] in groups and doc.tokens[det - 1] in OBJECT_PREPS
        if det > 0 and doc.tokens[det - 1] in OBJECT_PREPS | {"in", "on", "of", "wearing", "under", "through"} \
                and not framed and not met_group:  # "close-up of a barista tapping" frames a person
            continue  # "a man in a red jacket jogs": the noun belongs to a description or a place
        kind = "animal" if doc.tokens[k] in animals else "person"
        found.append(Match(k, k + 1, ((kind, kind),)))
    return found


def _lettered(doc: Document, i: int) -> bool:
    """A single capital that names a person: "A and B", "B shrugs" after an "A" named so."""
    orig = doc.originals
    if len(orig[i]) != 1 or not orig[i].isupper():
        return False
    pair = lambda j: 0 <= j < len(orig) and len(orig[j]) == 1 and orig[j].isupper()  # noqa: E731
    return (i + 2 < len(orig) and orig[i + 1].lower() == "and" and pair(i + 2)) or \
        (i >= 2 and orig[i - 1].lower() == "and" and pair(i - 2)) or \
        any(orig[j] == orig[i] and pair(j) and ((j + 2 < len(orig) and orig[j + 1].lower() == "and" and pair(j + 2)) or
            (j >= 2 and orig[j - 1].lower() == "and" and pair(j - 2))) for j in range(len(orig)) if j != i)


def names(doc: Document, matches: list[Match], known: dict[str, str]) -> list[Match]:
    """Named characters: a storyboard character's id or name, or a capitalised word before a verb."""
    taken = {k for m in matches for k in range(m.start, m.end)}
    taken |= {k for section in CAMERA_SECTIONS for m in field_index(section).scan(doc.tokens)
              for k in range(m.start, m.end)}  # "Bird's-eye view", "Worm's-eye": camera words, not names
    verbs_at = {m.start for m in matches if m.payload[0][0] == "verb"}
    common = set(table("people")["function_words"])
    found = []
    names: set[str] = set()
    for i, tok in enumerate(doc.tokens):
        if i in taken:
            continue
        if tok in known:
            found.append(Match(i, i + 1, (("name", (tok, known[tok])),)))
            continue
        if tok in names:
            found.append(Match(i, i + 1, (("name", (tok, None)),)))
            continue
        orig = doc.originals[i]
        capitalised = orig[:1].isupper() and orig[1:].islower() and tok.isalpha() and len(tok) > 1
        # a screenplay's cast in capitals ("YURI and RENA"), or lettered ("A and B", "A hands B the cup")
        shouted = orig.isupper() and orig.isalpha() and (len(orig) >= 3 or _lettered(doc, i))
        if not (capitalised or shouted) or (tok in common and not _lettered(doc, i)):
            continue
        following = doc.tokens[i + 1] if i + 1 < len(doc.tokens) else ""
        previous = doc.tokens[i - 1] if i > 0 else ""
        if (i + 1) in verbs_at or (following in ("and", "'s") and i + 2 < len(doc.tokens)) or \
                (following == "," and i + 2 in verbs_at) or (previous in OBJECT_PREPS and doc.sentence[i - 1] == doc.sentence[i]):
            found.append(Match(i, i + 1, (("name", (tok, None)),)))
            names.add(tok)
    return found
