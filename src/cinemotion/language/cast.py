"""Who is in the shot: people named in the prompt, how many, and who each pronoun means."""

from __future__ import annotations

from dataclasses import dataclass, field

from cinemotion.language.chinese import verbs as chinese_verbs
from cinemotion.language.document import Document
from cinemotion.language.guess import looks_like_verb
from cinemotion.language.lexicon import Match, field_index, table, tokenize
from cinemotion.spec.models import MAX_ACTORS_PER_SHOT

MAX_ACTORS = MAX_ACTORS_PER_SHOT  # the storyboard's limit (spec/models.py)
DESCRIPTION_OPENERS = ("in", "with", "wearing", "dressed", "carrying")  # words a description after a person noun starts with
DETERMINERS = {"a", "an", "the", "his", "her", "their", "its", "my", "your", "our", "this", "that", "these",
               "those", "another", "some", "each", "every", "both", "one"}
PUNCTUATION = {",", ".", ";", ":", "!", "?", "(", ")", "—", "\n"}
POSSESSIVES = {"his", "her", "their", "my", "your", "our", "its"}
CAMERA_SECTIONS = ("camera.shot_types", "camera.angles", "camera.composition")  # framing words, never a description
# nouns that name a role rather than a new person: "the athlete" after "a man" is the man
ROLE_NOUNS = {"person", "athlete", "dancer", "fighter", "soldier", "officer", "worker", "teen"}


@dataclass
class Member:
    key: str  # the noun's group in people.yaml (man, woman, kid, …) or a name: what references match
    sex: str | None
    age: str | None
    description: str
    name: str | None = None
    character: str | None = None  # a storyboard Character id
    head: str = ""  # the noun as written, singular ("bully", "runner"): the id stem
    id: str = ""


@dataclass
class Cast:
    members: list[Member] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, member: Member) -> int:
        if len(self.members) >= MAX_ACTORS:
            if not any("actors" in n for n in self.notes):
                self.notes.append(f"actors: more than {MAX_ACTORS} people named; kept the first {MAX_ACTORS}")
            return len(self.members) - 1
        self.members.append(member)
        return len(self.members) - 1

    def find(self, key: str) -> int | None:
        return next((k for k in range(len(self.members) - 1, -1, -1) if self.members[k].key == key), None)

    def pronoun(self, kind: str, recent: list[int], exclude: tuple[int, ...] = ()) -> list[int]:
        """The members a pronoun refers to: the most recent of matching sex (or all, for 'they').

        `exclude`: the clause's subject, which an object pronoun ("points at her") cannot mean.
        """
        if not self.members:
            return []
        if exclude and len(self.members) > len(exclude):
            recent = [k for k in recent if k not in exclude] or [k for k in range(len(self.members)) if k not in exclude]
        if kind == "plural":
            return recent if len(recent) > 1 else list(range(len(self.members))) if len(self.members) > 1 else recent
        order = [k for k in dict.fromkeys(list(reversed(recent)) + list(range(len(self.members) - 1, -1, -1)))
                 if k not in exclude or len(self.members) <= len(exclude)]
        for k in order:
            if self.members[k].sex == kind:
                return [k]
        for k in order:  # a person of unstated sex takes the pronoun's
            if self.members[k].sex is None:
                self.members[k].sex = kind
                return [k]
        return [] if kind in ("male", "female") else [order[0]]  # "He sprints. She follows.": someone new

    def finalise_ids(self) -> None:
        """Short stable ids: the noun, numbered when two people share it (kid1, kid2)."""
        counts: dict[str, int] = {}
        for m in self.members:
            counts[m.head or m.key] = counts.get(m.head or m.key, 0) + 1
        seen: dict[str, int] = {}
        for m in self.members:
            stem = m.head or m.key
            if m.character:
                m.id = m.character
                continue
            seen[stem] = seen.get(stem, 0) + 1
            m.id = stem if counts[stem] == 1 else f"{stem}{seen[stem]}"


def noun_phrase(doc: Document, match: Match, taken: set[int]) -> tuple[str | None, int, list[str], int]:
    """The determiner, count, words and first token of the noun phrase ending in a person noun."""
    people = table("people")
    numbers = people["numbers"]
    words: list[str] = []
    det, count = None, None
    framing = {k for section in CAMERA_SECTIONS for m in field_index(section).scan(doc.tokens)
               for k in range(m.start, m.end)}
    k = match.start - 1
    while k >= 0 and match.start - k <= 6 and doc.clause[k] == doc.clause[match.start] and k not in taken:
        tok = doc.tokens[k]
        if tok == "of" and k > 0 and doc.tokens[k - 1] in numbers:
            k -= 1
            continue
        counted = " ".join(doc.tokens[max(0, k - 2):k + 1])
        if tok == "of" and counted in numbers and count is None:  # "a bunch of friends"
            det, count, k = doc.tokens[k - 2], int(numbers[counted]), k - 2
            break
        if tok == "of" or k in framing:
            break  # "medium full shot of friend", "close-up of girl": the framing is the camera's, not a description
        if tok in numbers and tok not in ("a", "an", "one", "another") and count is None:
            count = int(numbers[tok])
            k -= 1
            continue
        if tok in DETERMINERS:
            det = tok
            break
        if not tok.isalpha() and not tok.replace("-", "").isalpha():
            break
        words.insert(0, tok)
        k -= 1
    start = k if det is not None else k + 1
    noun_words = doc.tokens[match.start:match.end]
    return det, count or 1, words + noun_words, max(0, start)


def describe_after(doc: Document, end: int, stop: set[int]) -> list[str]:
    """'in a red jacket', 'with short black hair', 'wearing grey joggers' after a person noun."""
    if end >= len(doc.tokens) or doc.tokens[end] not in DESCRIPTION_OPENERS:
        return []
    clothing = {w for ws in table("characters")["clothing"].values() for p in ws for w in p.split()}
    words = []
    k = end
    while k < len(doc.tokens) and k not in stop and doc.clause[k] == doc.clause[end] and len(words) < 10:
        tok = doc.tokens[k]
        if tok in PUNCTUATION:
            break  # "一名杂技演员在广场上，…": the clause's comma ends the description
        if words and tok not in clothing and looks_like_verb(tok):
            break  # "a woman in a white dress dances": the description ends at its verb
        if doc.chinese and doc.originals[k] in chinese_verbs():
            break  # "消防员在仓库里匍匐前进": the gloss of a Chinese verb ("belly crawls") is no description
        words.append(tok)
        k += 1
    while words and (words[-1] in DETERMINERS or words[-1] in DESCRIPTION_OPENERS):
        words.pop()  # "old woman in (park)": the place that stopped it leaves its preposition behind
    return words


def singular(word: str) -> str:
    irregular = table("people")["singular"]
    if word in irregular:
        return irregular[word]
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def person_traits(key: str, words: list[str]) -> tuple[str | None, str | None]:
    people = table("people")
    entry = people["nouns"][key]
    sex, age = entry.get("sex"), entry.get("age")
    text = f" {' '.join(words)} "
    for table_name in ("age_words", "sex_words"):  # longest phrase first: "middle-aged" before "aged"
        for phrase, value in sorted(people[table_name].items(), key=lambda p: -len(p[0])):
            if f" {' '.join(tokenize(phrase))} " in text:
                age, sex = (value, sex) if table_name == "age_words" else (age, value)
                break
    return sex, age
