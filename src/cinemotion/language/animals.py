"""Animals the prompt names that the render can show: "a dog", "birds", "两匹马".

cinemotion performs people; the common animals (people.yaml `animal_figures`) are drawn as simple
figures moving through the background, and what the prompt says they do is not performed (noted).
"""

from __future__ import annotations

from cinemotion.language.document import Document
from cinemotion.language.lexicon import table


def animal_figures(doc: Document) -> tuple[list[str], list[str]]:
    """One kind per animal named ("three horses": three; a bare plural a small group), and a note for each mention."""
    figures = table("people")["animal_figures"]
    numbers = table("people")["numbers"]
    animals: list[str] = []
    notes: list[str] = []
    for i, word in enumerate(doc.tokens):
        kind = figures["kinds"].get(word)
        if kind is None or doc.negated(i):
            continue
        before = doc.tokens[i - 1] if i > 0 else ""
        stated = numbers.get(before) if before.isalpha() else (int(before) if before.isdigit() else None)
        count = stated if stated is not None and word in figures["plural_count"] else figures["plural_count"].get(word, 1)
        animals += [kind] * count
        figure = "simple figures" if count > 1 else "a simple figure"
        moving = "flying" if kind == "bird" else "walking"
        notes.append(f"animals: '{doc.original_words(i, i + 1)}' drawn as {figure} {moving} through the background;"
                     " what it does is not performed")
    return animals[:20], notes
