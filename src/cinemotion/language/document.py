"""A prompt read into tokens: quotes set aside, the negative prompt split off, sentences and clauses marked."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from cinemotion.errors import InputError
from cinemotion.language.chinese import gloss, unread
from cinemotion.language.lexicon import PARSING, tokenize
from cinemotion.spec.limits import MAX_PROMPT_CHARS

QUOTE_MARK = "zzquote{}zz"
QUOTE_TOKEN = re.compile(r"zzquote(\d+)zz")
# Dialogue in straight or typographic quotes; an apostrophe inside a word (don't, she's) never opens one.
QUOTED = re.compile(r"\"([^\"]{1,2000}?)\"|“([^”]{1,2000}?)”|(?<![\w])'([^']{1,2000}?)'(?![\w])|‘([^’]{1,2000}?)’"
                    r"|「([^」]{1,2000}?)」")
NEGATIVE_SECTION = re.compile(r"(?:^|[\n.;,。；，])\s*(?:negative(?:\s+prompts?)?|negatives|avoid|exclude|"
                              r"负面提示词|反向提示词|负面词|负向提示词|负面|不要出现)\s*[:=\-–：]\s*([^\n]*)", re.IGNORECASE)
CHINESE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Words that rule out what follows them in the clause ("no slow motion", "never tripod-locked",
# "without dust"); between the negator and the thing, only these may stand ("no visible camera shake").
NEGATORS = {"no", "not", "without", "never", "avoid", "avoiding", "nor", "zero", "don't", "dont", "exclude",
            "excluding", "minus"}
NEGATION_FILLER = {"a", "an", "the", "any", "in", "at", "on", "of", "with", "or", "and", ",", "to", "too", "much",
                   "more", "visible", "obvious", "excessive", "unnecessary", "overly", "heavy", "sudden", "show",
                   "shown", "showing", "use", "using", "add", "over", "from", "camera", "motion"}
NEGATION_REACH = PARSING.negation_reach.value  # tokens back from a word to its negator
SENTENCE_END = {".", "!", "?", ";", "\n"}
CLAUSE_END = SENTENCE_END | {",", ":", "—", "(", ")"}


@dataclass
class Document:
    text: str  # the prompt as given (normalised)
    tokens: list[str]  # lower-case tokens, dialogue replaced by zzquoteNzz
    originals: list[str]  # the same tokens with their original case
    quotes: list[str]
    negative_text: str  # everything the writer asked to exclude
    chinese: bool = False  # written (partly) in Chinese: tokens are its English gloss, originals its words
    sentence: list[int] = field(default_factory=list)  # sentence number of each token
    clause: list[int] = field(default_factory=list)  # clause number of each token
    unread: list[str] = field(default_factory=list)  # Chinese words no table reads (the plan's notes name them)

    def quote_at(self, i: int) -> str | None:
        m = QUOTE_TOKEN.fullmatch(self.tokens[i])
        return self.quotes[int(m.group(1))] if m and int(m.group(1)) < len(self.quotes) else None

    def original_words(self, start: int, end: int) -> str:
        """The prompt's own words for tokens [start, end): a Chinese word glossed as several tokens once."""
        words = [w for k, w in enumerate(self.originals[start:end]) if k == 0 or w != self.originals[start + k - 1]]
        return ("" if self.chinese else " ").join(words)

    def negated(self, i: int) -> bool:
        """Token i is something the writer ruled out: a negator before it in its clause, with at most one
        content word between ("no slow motion", "never tripod-locked", "not in a gym", "free of dust")."""
        content = 0
        for k in range(i - 1, max(-1, i - 1 - NEGATION_REACH), -1):
            if self.clause[k] != self.clause[i]:
                return False
            tok = self.tokens[k]
            if tok in NEGATORS or (tok == "free" and k + 1 < len(self.tokens) and self.tokens[k + 1] == "of"):
                return True
            if tok not in NEGATION_FILLER:
                content += 1
                if content > 1:
                    return False
        return False

    def clause_span(self, i: int) -> range:
        c = self.clause[i]
        lo = i
        while lo > 0 and self.clause[lo - 1] == c:
            lo -= 1
        hi = i
        while hi + 1 < len(self.tokens) and self.clause[hi + 1] == c:
            hi += 1
        return range(lo, hi + 1)


def check_prompt(text: object, field_name: str = "prompt") -> str:
    if not isinstance(text, str):
        raise InputError(field_name, f"must be text, got {type(text).__name__}")
    if not text.strip():
        raise InputError(field_name, "is empty: describe who moves, how, where, and how the camera films it")
    if len(text) > MAX_PROMPT_CHARS:
        raise InputError(field_name, f"is {len(text):,} characters long; the limit is {MAX_PROMPT_CHARS:,}")
    return text


def has_chinese(text: str) -> bool:
    return bool(CHINESE.search(text))


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = text.replace("–", "—").replace(" - ", " — ").replace("…", ".")
    return text.replace("°", " degrees ").replace("×", "x")  # "45°", "2×": the units the camera's amounts read


def read(text: str) -> Document:
    """Tokenise a prompt: quotes → placeholders, the negative section apart, clause numbers."""
    text = normalise(check_prompt(text))
    quotes: list[str] = []

    def keep(m: re.Match) -> str:
        quotes.append(next(g for g in m.groups() if g is not None).strip())
        return " " + QUOTE_MARK.format(len(quotes) - 1) + " "

    body = QUOTED.sub(keep, text)
    negatives = [m.group(1) for m in NEGATIVE_SECTION.finditer(body)]
    body = NEGATIVE_SECTION.sub(". ", body)
    chinese = has_chinese(body) or any(has_chinese(n) for n in negatives)
    if chinese:  # read in its English gloss; the originals keep the Chinese words (places, names)
        tokens, originals = gloss(body)
        negatives = [" ".join(gloss(n)[0]) for n in negatives]
    else:
        originals = re.findall(r"[A-Za-z0-9]+(?:['’](?![sS]\b)[A-Za-z]+)?|['’][sS]\b|[.,;:!?()\[\]\"/]|\u2014|\n", body)
        tokens = tokenize(body)
        if len(originals) != len(tokens):  # a character whose lower case changes length: keep the lower case
            originals = tokens[:]
    doc = Document(text=text, tokens=tokens, originals=originals, quotes=quotes, negative_text=" , ".join(negatives),
                   chinese=chinese, unread=unread(body) if chinese else [])
    sentence = clause = 0
    for i, tok in enumerate(tokens):
        doc.sentence.append(sentence)
        doc.clause.append(clause)
        if tok in SENTENCE_END and not _decimal_point(tokens, i):
            sentence += 1
        if tok in CLAUSE_END and not _decimal_point(tokens, i):
            clause += 1
    return doc


def _decimal_point(tokens: list[str], i: int) -> bool:
    return tokens[i] == "." and 0 < i < len(tokens) - 1 and tokens[i - 1].isdigit() and tokens[i + 1][:1].isdigit()
