"""The language stage's word tables (YAML beside this module) and a longest-match phrase index.

Every lexicon word is stored in its tokenised form; verbs are expanded to their inflections
(-s, -ing, -ed) by the regular spelling rules (Quirk et al. 1985, §3.5–3.9) plus the irregular
table in verbs.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Iterable


from cinemotion.core.tables import Figure, Figures, load_table

TOKEN = re.compile(r"[a-z0-9]+(?:'(?!s\b)[a-z]+)?|'s\b|[.,;:!?()\[\]\"/]|\u2014|\n")
VOWELS = set("aeiou")


class ParsingFigures(Figures):
    """The language stage's numeric judgements (parsing.yaml): word windows, match thresholds, default times."""

    amount_reach: Figure[int]
    negation_reach: Figure[int]
    scan_limit: Figure[int]
    object_reach: Figure[int]
    phrase_window: Figure[int]
    guess_note_object_words: Figure[int]
    min_typo_length: Figure[int]
    spelling_cutoff: Figure[float]
    min_similarity: Figure[float]
    min_meaning_score: Figure[float]
    high_intensity: Figure[int]
    lexicon_word_freq: Figure[int]
    default_duration_s: Figure[float]
    min_step_s: Figure[float]
    playback_fps: Figure[float]
    year_min: Figure[int]


PARSING = load_table("language/parsing.yaml", ParsingFigures)


def tokenize(text: str) -> list[str]:
    """Lower-case word and punctuation tokens; hyphens and apostrophes of possessives split off."""
    return TOKEN.findall(text.lower().replace("’", "'"))


@cache
def table(name: str) -> dict:
    return load_table(f"language/{name}.yaml")


def _double_final(word: str) -> bool:
    """One-syllable words ending consonant–vowel–consonant double it: hop → hopping, jog → jogged."""
    if len(word) < 3 or word[-1] in "wxy" or word[-1] in VOWELS:
        return False
    vowel_groups = re.findall(r"[aeiou]+", word)
    return len(vowel_groups) == 1 and len(vowel_groups[0]) == 1 and word[-2] in VOWELS and word[-3] not in VOWELS


def inflections(verb: str) -> set[str]:
    """The regular forms of a verb: base, third person, present participle, past."""
    forms = {verb}
    if verb.endswith("ee"):
        forms |= {verb + "s", verb + "ing", verb + "d"}
    elif verb.endswith("e"):
        forms |= {verb + "s", verb[:-1] + "ing", verb + "d"}
    elif re.search(r"[^aeiou]y$", verb):
        forms |= {verb[:-1] + "ies", verb + "ing", verb[:-1] + "ied"}
    elif re.search(r"(s|sh|ch|x|z)$", verb):
        forms |= {verb + "es", verb + "ing", verb + "ed"}
    elif _double_final(verb):
        forms |= {verb + "s", verb + verb[-1] + "ing", verb + verb[-1] + "ed"}
    else:
        forms |= {verb + "s", verb + "ing", verb + "ed"}
    return forms | set(table("verbs")["irregular"].get(verb, []))


def phrase_forms(phrase: str, *, inflect: bool) -> set[tuple[str, ...]]:
    """Token tuples of a phrase; for a verb phrase, every inflection of its head word."""
    words = tuple(tokenize(phrase))
    if not words:
        return set()
    if not inflect:
        return {words}
    return {(head,) + words[1:] for head in inflections(words[0])}


@dataclass(frozen=True)
class Match:
    start: int  # token index
    end: int  # one past the last token
    payload: tuple  # (kind, value) pairs this phrase means


class PhraseIndex:
    """Longest-match lookup of multi-word phrases in a token list."""

    def __init__(self) -> None:
        self._by_first: dict[str, dict[tuple[str, ...], list]] = {}

    def add(self, words: tuple[str, ...], kind: str, value: object) -> None:
        entries = self._by_first.setdefault(words[0], {}).setdefault(words, [])
        if (kind, value) not in entries:
            entries.append((kind, value))

    def add_phrases(self, phrases: Iterable[str], kind: str, value: object, *, inflect: bool = False) -> None:
        for phrase in phrases:
            for words in phrase_forms(str(phrase), inflect=inflect):
                self.add(words, kind, value)

    def scan(self, tokens: list[str]) -> list[Match]:
        """Non-overlapping matches, left to right, the longest phrase at each position."""
        found, i = [], 0
        while i < len(tokens):
            candidates = self._by_first.get(tokens[i])
            best = None
            if candidates:
                for words, payload in candidates.items():
                    n = len(words)
                    if tuple(tokens[i:i + n]) == words and (best is None or n > len(best[0])):
                        best = (words, payload)
            if best is None:
                i += 1
                continue
            found.append(Match(i, i + len(best[0]), tuple(best[1])))
            i += len(best[0])
        return found

    def words(self) -> list[tuple[str, ...]]:
        return [w for entries in self._by_first.values() for w in entries]


def _index_of(section: dict, kind: str, *, inflect: bool = False) -> PhraseIndex:
    index = PhraseIndex()
    for name, entry in section.items():
        index.add_phrases(entry["words"], kind, name, inflect=inflect)
    return index


@cache
def motion_index() -> PhraseIndex:
    """People, verbs, camera moves, manner words and time scales compete for the same words."""
    verbs, camera, people, mods, scene = (table(n) for n in ("verbs", "camera", "people", "modifiers", "scene"))
    index = PhraseIndex()
    for verb, entry in verbs["verbs"].items():
        index.add_phrases(entry["words"], "verb", verb, inflect=True)
        index.add_phrases(entry.get("irregular", []), "verb", verb)
    for entry in verbs["not_actions"]:
        index.add_phrases(entry["words"], "not_action", None)
    for move, entry in camera["moves"].items():
        index.add_phrases(entry["words"], "move", move)
    for phrase, moves in camera["compound"].items():
        for move in moves:  # one phrase, two moves: both payloads, in order
            index.add_phrases([phrase], "move", move)
    for noun, entry in people["nouns"].items():
        index.add_phrases(entry["words"], "person", noun)
        index.add_phrases(entry["plural"], "people", noun)
    for sex, words in people["pronouns"].items():
        index.add_phrases(words, "pronoun", sex)
    index.add_phrases(people["relative"], "relative", None)
    for rank, words in enumerate(people["distributive"].values()):
        index.add_phrases(words, "distributive", rank)
    for speed, entry in mods["speed"].items():
        index.add_phrases(entry["words"], "speed", speed)
    for emotion, entry in mods["emotion"].items():
        index.add_phrases(entry["words"], "emotion", emotion)
    for scale, entry in scene["time_scales"].items():
        index.add_phrases(entry["words"], "time_scale", scale)
    for words in camera["directions"].values():
        for direction, phrases in words.items():
            index.add_phrases([p for p in phrases if len(tokenize(p)) > 1 and " to " in f" {p} "],
                              "direction", direction)
    return index


@cache
def field_index(section: str, name: str | None = None) -> PhraseIndex:
    """Longest-match index of one vocabulary section (e.g. scene.settings, camera.shot_types)."""
    file, key = section.split(".")
    return _index_of(table(file)[key], name or key)


@cache
def prop_index() -> PhraseIndex:
    return _index_of(table("modifiers")["props"], "prop")


@cache
def negative_index() -> PhraseIndex:
    index = PhraseIndex()
    for phrase, canonical in table("scene")["negatives"]["words"].items():
        index.add_phrases([phrase], "negative", canonical)
    return index


def verb_entry(verb: str) -> dict:
    return table("verbs")["verbs"][verb]


@cache
def known_verb_forms() -> dict[str, str]:
    """Every single-word form of every motion verb → its canonical verb (for fuzzy guessing)."""
    forms: dict[str, str] = {}
    for verb, entry in table("verbs")["verbs"].items():
        for phrase in entry["words"]:
            words = tokenize(phrase)
            if len(words) == 1:
                for form in inflections(words[0]):
                    forms.setdefault(form, verb)
    return forms
