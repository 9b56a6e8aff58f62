"""Chinese and mixed Chinese/English prompts: segmented with jieba, read through the Chinese lexicon.

Each Chinese word becomes the English words the English tables already understand (zh.yaml, and the
`zh` lists of places.yaml); English inside a Chinese prompt passes through unchanged. A word the
lexicon lacks is split into the longest lexicon words it contains, else left out (it names nothing
the vocabulary can perform). The originals keep the Chinese word behind every gloss token, so a place
keeps the user's words ("健身房").
"""

from __future__ import annotations

import re
from functools import cache

from cinemotion.language.lexicon import PARSING, known_verb_forms, table, tokenize, verb_entry

NUMERALS = {"一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8",
            "九": "9", "十": "10"}
LEXICON_WORD_FREQ = PARSING.lexicon_word_freq.value  # jieba dict.txt counts: 的 3.2e5, 台上 1297, 火车站 1117
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
SERIAL_GLUE = {"and", "then", "while", "or", ",", "to"}
PREPOSITIONS = {"in", "on", "at", "from", "to", "toward"}  # the glosses of 在 从 到 向 朝 往 对
LOCATIVES = {"in", "on", "at", "under", "behind", "beside", "near", "inside", "outside", "above", "below", "by",
             "through", "across", "around", "in front of", "over"}


@cache
def lexicon() -> dict[str, str]:
    """Chinese word → English gloss, every section of zh.yaml and the Chinese place words."""
    zh = table("zh")
    words: dict[str, str] = {}
    for section in zh["sections"].values():
        words.update({str(k): str(v) for k, v in section["words"].items()})
    for entry in table("places")["places"].values():
        for word in entry["zh"]:
            words.setdefault(word, entry["words"][0])
    return words


@cache
def verbs() -> frozenset[str]:
    """The Chinese words that name actions (zh.yaml verbs, open actions, more verbs)."""
    sections = table("zh")["sections"]
    return frozenset(w for name in ("verbs", "open_actions", "more_verbs") for w in sections[name]["words"])


@cache
def _segmenter():
    """jieba's tokenizer with every lexicon word added, so each stays one segment."""
    import jieba  # imported on the first Chinese prompt: importing and loading its dictionary take ~1 s

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in lexicon():
        if len(word) > 1:  # as common as jieba's frequent words: "火车站台上" → 火车站台 上, not 火车站 台上
            tokenizer.add_word(word, freq=LEXICON_WORD_FREQ)
    return tokenizer


def _headers(text: str) -> str:
    """Shot headers ("镜头1：", "第二个镜头") → "Shot N:" so the storyboard splitter finds them."""
    for pattern in table("zh")["shot_headers"]:
        text = re.sub(pattern, lambda m: f"\nShot {NUMERALS.get(m.group(1), m.group(1))}: ", text)
    return text


def _split_unknown(word: str, known: dict[str, str]) -> list[str]:
    """The longest lexicon words inside an unknown word, left to right; the rest is dropped. Single characters
    count only when the whole word is made of lexicon words ("里切" → 里 切): alone, one character is too often
    part of a word the lexicon lacks (画室 is a studio, not 画 "paints")."""
    whole = _cover(word, known)
    if whole is not None:
        return whole
    out, i = [], 0
    while i < len(word):
        for j in range(len(word), i, -1):
            if word[i:j] in known and (j - i > 1 or not CJK.match(word[i])):
                out.append(word[i:j])
                i = j
                break
        else:
            i += 1
    return out


def _names_a_person(words: list[str], k: int, known: dict[str, str], suffix: str = "") -> bool:
    """An unlisted word ending in an agent suffix (zh.yaml person_suffixes) names a person: "消防员", "一名焊工"."""
    word = words[k] + suffix
    if word in known or not CJK.match(word[-1]) or len(word) < 2 or (suffix and words[k] in known):
        return False
    rules = table("zh")["person_suffixes"]
    after_classifier = k > 0 and words[k - 1] in rules["classifiers"]
    return word[-1] in rules["always"] or (after_classifier and word[-1] in rules["after_classifier"])


def _subject_noun(words: list[str], k: int, known: dict[str, str]) -> bool:
    """An unlisted noun that a classifier counts at the head of its clause and a verb follows is the clause's subject,
    a person: "一个保安站在门口", "一名渔夫在河边钓鱼" (zh.yaml person_suffixes `subject_classifiers`; jieba's
    dictionary says it is a noun, or does not know it)."""
    word = words[k]
    if word in known or not CJK.match(word[0]) or len(word) < 2 or k == 0:
        return False
    rules = table("zh")["person_suffixes"]
    counters = rules["classifiers"] + rules["subject_classifiers"]
    c = k - 1 if words[k - 1] in counters else k - 2  # one listed word may stand between: "一个街头艺人"
    if c < 0 or words[c] not in counters or (c == k - 2 and words[k - 1] not in known):
        return False
    marks = table("zh")["punctuation"]
    clause_start = c == 0 or words[c - 1] in marks or words[c - 1] in marks.values()  # "，" or a splitter's ","
    if not clause_start and not (c == 1 and words[0] in rules["openers"]):
        return False  # "拿起一个杯子走": counted after a verb, it is the verb's object
    nxt = words[k + 1] if k + 1 < len(words) else ""
    tag = _noun_tags().get(word)
    return (nxt in verbs() or nxt in rules["before_verb"]) and (tag is None or tag in rules["noun_tags"])


@cache
def _noun_tags() -> dict[str, str]:
    """jieba's part-of-speech tag of each dictionary word (n noun, nr person's name, v verb, …)."""
    import jieba.posseg  # with jieba: loading its tag table takes ~0.3 s, only for a prompt with an unlisted noun

    return jieba.posseg.POSTokenizer(_segmenter()).word_tag_tab


def _is_gait(english: str) -> bool:
    verb = known_verb_forms().get(english)
    return verb is not None and verb_entry(verb)["kind"] == "locomotion"


def _directed(word: str, tokens: list[str], known: dict[str, str]) -> list[tuple[str, str]] | None:
    """A gait verb's directional complement as the English path word (zh.yaml directional_complements): "走上" →
    walks up, "跑" "上楼梯" → runs up the stairs, "下楼" after a gait → down the stairs; None if `word` is none."""
    rules = table("zh")["directional_complements"]
    directions = rules["directions"]
    gait, direction = word[:-1], word[-1:]
    if direction in directions and gait in known and _is_gait(tokenize(known[gait])[0] if known[gait] else ""):
        return [(known[gait], gait), (directions[direction], direction)]  # jieba's one word for verb + complement
    if not tokens or not _is_gait(tokens[-1]) or word[0] not in directions:
        return None
    rest = word[1:].lstrip("".join(rules["endings"]))
    if not rest:
        return [(directions[word[0]], word)]
    place = rules["floors"].get(rest) or known.get(rest)
    return [(directions[word[0]], word[0]), (place, rest)] if place else None


def _cover(word: str, known: dict[str, str]) -> list[str] | None:
    """The word as lexicon words end to end, the longest first at each point; None if some part is unknown."""
    if not word:
        return []
    for j in range(len(word), 0, -1):
        if word[:j] in known and (rest := _cover(word[j:], known)) is not None:
            return [word[:j]] + rest
    return None


def segments(text: str) -> list[str]:
    return [s for s in _segmenter().lcut(_headers(text), HMM=True) if s.strip()]


def gloss(text: str) -> tuple[list[str], list[str]]:
    """(English tokens, the original word behind each token) for a Chinese or mixed prompt."""
    tokens, originals, _ = _read(text)
    return tokens, originals


def unread(text: str) -> list[str]:
    """The Chinese words of a prompt that no table reads (they add nothing to the plan: the plan says so)."""
    return list(dict.fromkeys(_read(text)[2]))


def _read(text: str) -> tuple[list[str], list[str], list[str]]:
    known = lexicon()
    punctuation = table("zh")["punctuation"]
    verbs_ = verbs()
    words = segments(text)
    tokens: list[str] = []
    originals: list[str] = []
    dropped: list[str] = []
    verb_before = False  # a verb earlier in this clause: a second one is a serial verb ("坐在门口剥豆子")
    for k, word in enumerate(words):
        directed = _directed(word, tokens, known)  # "跑上楼梯": the complement is the run's path, not a second verb
        if word in verbs_ and verb_before and tokens and tokens[-1] not in SERIAL_GLUE and directed is None:
            tokens.append("and")  # "sits at the door and shells beans": English joins what Chinese lines up
            originals.append(word)
        if word in punctuation:
            pieces = [(punctuation[word], word)]
        elif not CJK.search(word):
            pieces = [(word, word)]
        elif word == "在" and k + 1 < len(words) and words[k + 1] in verbs_:
            pieces = []  # 在 + verb is the progressive ("一个人在鼓掌": a person is clapping), not "in"
        elif directed is not None:
            pieces = directed
        elif word in known:
            pieces = [(known[word], word)]
        elif _names_a_person(words, k, known) or _subject_noun(words, k, known):
            pieces = [("person", word)]
        elif k > 0 and _names_a_person(words, k - 1, known, suffix=word):
            pieces = [("person", words[k - 1] + word)]  # jieba's "快递" "员": the suffix ends the word before it
            while originals and originals[-1] == words[k - 1]:
                tokens.pop(), originals.pop()
        else:
            pieces = [(known[part], part) for part in _split_unknown(word, known)]
            if not pieces:
                dropped.append(word)
                if tokens and tokens[-1] in PREPOSITIONS and originals[-1] == words[k - 1]:
                    tokens.pop(), originals.pop()  # "在黑板上写字": "in" with no place would hold the verb's slot
        english = tokenize(pieces[0][0]) if pieces else []
        if english and english[0] in LOCATIVES and tokens and tokens[-1] in PREPOSITIONS and originals[-1] == "在":
            tokens.pop(), originals.pop()  # "在树下": the place word says where ("under a tree"), not 在's "in"
        verb_before = (verb_before or any(original in verbs_ for _, original in pieces)) and word not in punctuation
        for english, original in pieces:
            for token in tokenize(english):
                tokens.append(token)
                originals.append(original)
    return tokens, originals, dropped
