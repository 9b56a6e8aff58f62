"""What an action meets: a jump's type from its words, props after relation words, a direction of travel."""

from __future__ import annotations

from cinemotion.language.document import Document
from cinemotion.language.lexicon import PARSING, Match, table, tokenize, verb_entry


def first_phrase(words: list[str], phrases: list[tuple[tuple[str, ...], str]]) -> str | None:
    for k in range(len(words)):
        for phrase, name in sorted(phrases, key=lambda p: -len(p[0])):
            if tuple(words[k:k + len(phrase)]) == phrase:
                return name
    return None


def jump_type(verb: str, words: list[str]) -> str:
    default = verb_entry(verb).get("jump_type", "vertical")
    if verb in ("vault", "hop", "skip"):
        return default
    text = f" {' '.join(words)} "
    for cue in table("modifiers")["jump_cues"]:
        if any(f" {' '.join(tokenize(w))} " in text for w in cue["words"]):
            return cue["type"]
    return default


OBJECT_REACH = PARSING.object_reach.value  # "vaults a low concrete wall": the object noun within a few words of the verb
NOT_OBJECT = {"in", "on", "at", "near", "by", "with", "of", "for", "during", "while", "and", "then", ",", "."}


def props_after(doc: Document, span: list[int], prop_matches: list[Match], relations: dict,
                object_relation: str | None = None) -> list[tuple[str, str | None]]:
    """Props after a relation word: 'over a fallen log' → (log, over); 'the gap between two rooftops'.

    `object_relation`: how the verb meets its direct object ("hurdles a fence": over).
    """
    found: list[tuple[str, str | None]] = []
    relation = None
    rel_at = -10
    span_set = set(span)
    if object_relation and span:
        before_prop = next((k for k in span if any(p.start == k for p in prop_matches)), None)
        if before_prop is not None and before_prop - span[0] < OBJECT_REACH and \
                not {doc.tokens[k] for k in range(span[0], before_prop)} & (NOT_OBJECT | set(relations)):
            relation, rel_at = object_relation, before_prop
    for k in span:
        tok = doc.tokens[k]
        pair = f"{tok} {doc.tokens[k + 1]}" if k + 1 < len(doc.tokens) else tok
        if tok == "of" and found:  # "onto the ledge of the building": the building is where the ledge is
            relation = None
        elif pair in relations:
            relation, rel_at = relations[pair], k
        elif tok in relations:
            relation, rel_at = (relations[tok] if tok != "between" or relation is None else relation), k
        m = next((p for p in prop_matches if p.start == k), None)
        if m is not None and relation is not None and k - rel_at <= 5 and m.start in span_set:
            kind = m.payload[0][1]
            if all(kind != f[0] for f in found):
                found.append((kind, relation))
    return found
