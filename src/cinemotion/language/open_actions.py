"""Open actions: a phrase beyond the fixed vocabulary → a label of the action catalogue, by meaning.

    # 1. Exact: the catalogue's phrases (open_actions.yaml `words`, verb heads inflected), longest match first
    # 2. Meaning: the phrase's words (lemmatised, synonyms folded, stopwords dropped) against each label's words,
    #    `about` words and the CMU descriptions of its capture segments, TF-IDF weighted, cosine similarity
    # 3. The performer: a capture segment of the label (open_actions_capture.yaml, generated with the library)
    #    or its procedural performer; None when nothing performs it (then it is performed as idle, with a note)
Nothing here knows motion: the motion stage reads `Action.performer` and plays it.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import cache

from cinemotion.language.guess import NOT_BEFORE_VERB, lemmas
from cinemotion.language.lexicon import PARSING, PhraseIndex, inflections, table, tokenize

MIN_MEANING_SCORE = PARSING.min_meaning_score.value
#                           on the unrelated-phrase set at this threshold; 0.3 let "juggles balls" reach kick_ball)
PHRASE_WINDOW = PARSING.phrase_window.value  # the verb and the words after it in its clause that say what it acts on
LIGHT_VERBS = {"do", "does", "did", "doing", "perform", "performs", "performed", "performing", "practice",
               "practices", "practiced", "practicing", "practise", "practises", "practising", "give", "gives",
               "giving", "gave", "take", "takes", "taking", "took", "make", "makes", "making", "made", "have", "has",
               "having", "exchange", "exchanges", "exchanging", "turn", "turns", "turning"}
COMPOUND_HEADS = {"arm", "salsa", "tai", "belly", "army", "commando", "leopard", "high", "swing", "ballroom", "star",
                  "jumping", "side", "torso", "sword"}


@dataclass(frozen=True)
class OpenMatch:
    label: str
    start: int  # token index of the verb
    end: int  # one past the phrase's last token
    how: str  # "phrase 'throw jabs'" or "meaning (cosine 0.61: boxing, punch)"


@cache
def catalogue() -> dict[str, dict]:
    return table("open_actions")["actions"]


@cache
def _capture() -> dict:
    return table("open_actions_capture")


@cache
def phrase_index() -> PhraseIndex:
    index = PhraseIndex()
    irregular = table("open_actions")["irregular_heads"]
    for label, entry in catalogue().items():
        index.add_phrases(entry["words"], "open_action", label, inflect=True)
        index.add_phrases(entry.get("irregular", []), "open_action", label)
        for phrase in entry["words"]:
            head, _, rest = str(phrase).partition(" ")
            index.add_phrases([f"{form} {rest}".strip() for form in irregular.get(head, [])], "open_action", label)
            if head in COMPOUND_HEADS and rest:  # "belly crawl" is a verb at its end: "a soldier belly crawls"
                *first, last = str(phrase).split()
                index.add_phrases([" ".join(first + [form]) for form in inflections(last)], "open_action", label)
    return index


def exact_at(tokens: list[str], i: int) -> OpenMatch | None:
    """The longest catalogue phrase starting at token i."""
    found = [m for m in phrase_index().scan(tokens[i:i + 10]) if m.start == 0]
    if not found:
        return None
    m = found[0]
    return OpenMatch(m.payload[0][1], i, i + m.end, f"phrase '{' '.join(tokens[i:i + m.end])}'")


def light_verb_phrases(tokens: list[str], subject_ends: set[int] = frozenset()) -> list[OpenMatch]:
    """Catalogue phrases led by a light verb ("does a pirouette", "gives him a hug"): the verb slot holds a
    word that means nothing alone, so only the whole phrase says what is done. Also compound verbs whose first
    word is a noun ("two men arm wrestle", "they salsa dance"), where no article makes it a noun phrase, and any
    catalogue phrase right after a person ("two men duel"): a bare plural verb has no ending to show it is one."""
    found = []
    for i, token in enumerate(tokens):
        if found and found[-1].end > i:
            continue
        if i in subject_ends:
            clause_end = next((k for k in range(i, len(tokens)) if not tokens[k].isalnum()), len(tokens))
            match = open_action_at(tokens, i, clause_end)
            if match is not None:
                found.append(match)
                continue
        match = exact_at(tokens, i)
        if match is None and token in LIGHT_VERBS and i + 2 < len(tokens) and tokens[i + 1] in ("a", "an", "the"):
            named = exact_at(tokens, i + 2)  # "performs a tango": the light verb's object is the catalogue's word
            if named is not None:
                match = OpenMatch(named.label, i, named.end, f"phrase '{' '.join(tokens[i:named.end])}'")
        compound = token in COMPOUND_HEADS and (i == 0 or tokens[i - 1] not in NOT_BEFORE_VERB)
        if match is not None and match.end - match.start > 1 and (token in LIGHT_VERBS or compound):
            found.append(match)
    return found


def _terms(words: list[str]) -> list[str]:
    """Content terms of words: each word's shortest base form the catalogue uses (jabs → jab, boxing → box; else
    the word), synonyms folded, stopwords dropped. Catalogue and query words go through the same steps."""
    data = table("open_actions")
    stop, synonyms, known = set(data["stopwords"]), data["synonyms"], _vocabulary()
    out = []
    for word in words:
        word = synonyms.get(word, word)
        if not word.isalpha() or word in stop:
            continue
        base = min((lemma for lemma in lemmas(word) if lemma in known), key=len, default=word)
        out.append(synonyms.get(base, base))
    return out


@cache
def _documents() -> dict[str, Counter]:
    """Each label's bag of terms: its phrases, its `about` words, its capture segments' CMU descriptions."""
    descriptions = _capture().get("descriptions", {})
    docs = {}
    for label, entry in catalogue().items():
        words = [w for phrase in entry["words"] for w in tokenize(phrase)] + list(entry.get("about", []))
        words += tokenize(" ".join(descriptions.get(label, [])))
        docs[label] = Counter(_terms(words))
    return docs


@cache
def _vocabulary() -> frozenset[str]:
    words = {w for entry in catalogue().values() for p in entry["words"] for w in tokenize(p)}
    words |= {w for entry in catalogue().values() for w in entry.get("about", [])}
    return frozenset(words | set(table("open_actions")["synonyms"]))


@cache
def _vectors() -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    docs = _documents()
    df = Counter(t for doc in docs.values() for t in doc)
    idf = {t: math.log((1 + len(docs)) / (1 + n)) + 1.0 for t, n in df.items()}
    vectors = {}
    for label, doc in docs.items():
        v = {t: (1 + math.log(c)) * idf[t] for t, c in doc.items()}
        norm = math.sqrt(sum(x * x for x in v.values()))
        vectors[label] = {t: x / norm for t, x in v.items()}
    return idf, vectors


def by_meaning(words: list[str]) -> tuple[str, float, list[str]] | None:
    """The label whose words lie nearest these words (TF-IDF cosine), with the terms they share; None if too far."""
    terms = _terms(words)
    idf, vectors = _vectors()
    query = {t: idf[t] for t in set(terms) if t in idf}  # words no label uses say nothing about which label
    if not query:
        return None
    norm = math.sqrt(sum(x * x for x in query.values()))
    best, best_score = None, 0.0
    for label, v in vectors.items():
        score = sum(x * v.get(t, 0.0) for t, x in query.items()) / norm
        if score > best_score:
            best, best_score = label, score
    if best is None or best_score < MIN_MEANING_SCORE:
        return None
    shared = sorted(t for t in query if t in vectors[best])
    return best, best_score, shared


@cache
def _manner_words() -> frozenset[str]:
    """The one-word speed and emotion words (modifiers.yaml)."""
    mods = table("modifiers")
    return frozenset(p for section in ("speed", "emotion") for entry in mods[section].values()
                     for p in entry["words"] if len(tokenize(p)) == 1)


def _says_how(word: str) -> bool:
    """A word after the verb that says how it is done (a manner word, an -ly adverb): the reader takes it as the
    manner; it says nothing of which action it is ("spins gracefully" is a slow spin, not ballet; "twirls elegantly"
    still twirls). A catalogue phrase that holds one ("dance elegantly") is matched whole before meaning is asked;
    the -ly words that are no adverbs are a compound's noun ("belly") or a person's age ("elderly")."""
    adverb = word.endswith("ly") and word not in COMPOUND_HEADS and word not in table("people")["age_words"]
    return word in _manner_words() or adverb


def open_action_at(tokens: list[str], i: int, clause_end: int) -> OpenMatch | None:
    """The open action a verb at token i names, exactly or by meaning of the words up to its clause's end."""
    exact = exact_at(tokens, i)
    if exact is not None and exact.end - exact.start > 1:
        return exact
    end = min(clause_end, i + PHRASE_WINDOW)
    found = by_meaning(tokens[i:i + 1] + [t for t in tokens[i + 1:end] if not _says_how(t)])
    head = _terms(tokens[i:i + 1])
    # the verb itself must belong to the action: "juggles balls" shares 'ball' with kicking, not its verb
    if found is None or not head or head[0] not in _documents()[found[0]]:
        return exact
    label, score, shared = found
    if exact is not None and (label == exact.label or set(shared) <= set(head)):
        return exact  # a bare verb ("throws") keeps its own label unless its object says more ("throws jabs")
    return OpenMatch(label, i, end, f"meaning (cosine {score:.2f}: {', '.join(shared)})")


def gerund(label: str) -> str:
    """The label's first catalogue phrase with its verb as a gerund: trip → 'tripping', handshake → 'shaking hands'."""
    words = str(catalogue()[label]["words"][0]).split()
    k = len(words) - 1 if words[0] in COMPOUND_HEADS else 0  # "belly crawl" → "belly crawling"
    words[k] = next((f for f in sorted(inflections(words[k])) if f.endswith("ing")), words[k])
    return " ".join(words)


def layers_on_gait(label: str) -> bool:
    """An upper-body action ("dribbles", "drinks") may be performed while walking or running."""
    return catalogue().get(label, {}).get("body") == "upper"


def ends_on_ground(label: str) -> bool:
    """The body lies or crawls on the ground when the action ends (a crawl, a fall)."""
    return bool(catalogue().get(label, {}).get("ends_on_ground"))


def group(label: str) -> str | None:
    return catalogue().get(label, {}).get("group")


def partner_distance(label: str) -> float | None:
    """Pelvis-to-pelvis distance of a two-person contact action (None: not one)."""
    partner = catalogue().get(label, {}).get("partner")
    return None if partner is None else float(partner["distance_m"])


def performer(label: str, rank: int = 0) -> str | None:
    """What performs the label: its first capture segment (the `rank`-th partner's for a couple's take), or
    'procedural:NAME'; None when nothing does."""
    entry = catalogue().get(label)
    if entry is None:
        return None
    if entry["performer"] != "capture":
        return entry["performer"]
    segments = _capture()["segments"].get(label, [])
    if not segments:
        return None
    lead = segments[0]
    if rank % 2 == 1:
        return _capture().get("partners", {}).get(lead, lead)
    return lead


def hand_task(label: str) -> dict | None:
    """The hand-work parameters of a label (open_actions.yaml `hand_work`), None for any other action."""
    return catalogue().get(label, {}).get("hand_work")


def hand_work_note(label: str) -> str | None:
    """What the plan must say of a hand-work task: the performer is one general routine, the tool is not drawn."""
    task = hand_task(label)
    if task is None:
        return None
    hands = "both hands" if task["hands"] == "both" else "the right hand (the left steadies)"
    tool = "" if task["tool"] == "none" else f" holding a {task['tool']}"
    return (f"{label}: approximated as hand work in front of the body: {hands}{tool}, {task['path']} strokes at "
            f"{task['rhythm_hz']:g} Hz, {task['height']:.2f} of stature high; the tool and what is worked are not drawn")


def footholds(performer_: str | None) -> list[list[float]] | None:
    """Where a captured climb's feet stood above the floor ([along, left, height] m, reference body), if any."""
    return _capture().get("footholds", {}).get(performer_ or "")


def covered_phrases() -> dict[str, int]:
    """How many distinct catalogue phrases each performer kind covers (capture, procedural)."""
    counts: Counter = Counter()
    for label, entry in catalogue().items():
        kind = "capture" if entry["performer"] == "capture" else "procedural"
        if performer(label) is not None:
            counts[kind] += len(entry["words"])
    return dict(counts)
