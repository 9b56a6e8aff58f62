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

from cinemotion.language.lexicon import PARSING, table, tokenize

NUMERALS = {"一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8",
            "九": "9", "十": "10"}
LEXICON_WORD_FREQ = PARSING.lexicon_word_freq.value  # jieba dict.txt counts: 的 3.2e5, 台上 1297, 火车站 1117
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


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
    """The longest lexicon words inside an unknown word, left to right; the rest is dropped."""
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


def segments(text: str) -> list[str]:
    return [s for s in _segmenter().lcut(_headers(text), HMM=True) if s.strip()]


def gloss(text: str) -> tuple[list[str], list[str]]:
    """(English tokens, the original word behind each token) for a Chinese or mixed prompt."""
    known = lexicon()
    punctuation = table("zh")["punctuation"]
    verbs = set(table("zh")["sections"]["verbs"]["words"])
    words = segments(text)
    tokens: list[str] = []
    originals: list[str] = []
    for k, word in enumerate(words):
        if word in punctuation:
            pieces = [(punctuation[word], word)]
        elif not CJK.search(word):
            pieces = [(word, word)]
        elif word == "在" and k + 1 < len(words) and words[k + 1] in verbs:
            pieces = []  # 在 + verb is the progressive ("一个人在鼓掌": a person is clapping), not "in"
        elif word in known:
            pieces = [(known[word], word)]
        else:
            pieces = [(known[part], part) for part in _split_unknown(word, known)]
        for english, original in pieces:
            for token in tokenize(english):
                tokens.append(token)
                originals.append(original)
    return tokens, originals
