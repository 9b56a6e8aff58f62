"""`describe_character`: "athletic woman, short black hair, red jacket, grey joggers" → a spec.Character."""

from __future__ import annotations

import re
from functools import cache

import numpy as np

from cinemotion.errors import InputError
from cinemotion.language.lexicon import PhraseIndex, table, tokenize
from cinemotion.spec.models import Character, Clothing, Voice

HEIGHT = re.compile(r"(\d(?:\.\d+)?)\s*m\b|(\d{2,3})\s*cm\b|(\d)\s*(?:'|ft|foot|feet)\s*(?:(\d{1,2})\s*(?:\"|in|inches)?)?",
                    re.IGNORECASE)
HAIR_WORDS = {"hair", "haired", "hairstyle", "locks", "curls", "ponytail", "bun", "braid", "braids"}


@cache
def _index(key: str) -> PhraseIndex:
    """Longest-match index of one characters.yaml table ({value: [phrases]} or {phrase: value})."""
    lexicon = table("characters")[key]
    index = PhraseIndex()
    for k, v in lexicon.items():
        if isinstance(v, list):
            index.add_phrases(v, key, k)
        else:
            index.add_phrases([k], key, v)
    return index


def _phrases(words: list[str], key: str) -> list[tuple[int, int, object]]:
    """(start, end, value) for each longest phrase of a characters.yaml table in the words."""
    return [(m.start, m.end, m.payload[0][1]) for m in _index(key).scan(words)]


def _pick(rng: np.random.Generator, weights: dict[str, float]) -> str:
    names = list(weights)
    p = np.array([weights[n] for n in names], dtype=float)
    return names[int(rng.choice(len(names), p=p / p.sum()))]


def _hair_segment(words: list[str], i: int) -> bool:
    """Is word i part of a hair description ("short black hair", "blonde ponytail")?"""
    return any(w in HAIR_WORDS for w in words[i:i + 4])


def describe_character(description: str, *, character_id: str, rng: np.random.Generator) -> Character:
    """A Character from a free description; traits it does not state are drawn from `rng` (plausible ranges)."""
    if not isinstance(description, str) or len(description) > 5000:
        raise InputError("description", "must be text of at most 5,000 characters")
    t = table("characters")
    words = tokenize(description)
    sex = next((s for w in words for s, ws in t["sex"].items() if w in ws), None)
    age = next((a for _, _, a in _phrases(words, "age")), None)  # longest phrase: "middle-aged" is not "aged"
    build = next((b for _, _, b in _phrases(words, "build")), None)
    drawn_sex = sex or ("female" if rng.random() < 0.5 else "male")
    age = age or "adult"
    # Height: stated, or the population's distribution shifted by "tall"/"short" (not "short hair")
    mean, sd = t["height_m"][age][drawn_sex]
    shift = sum(t["height_words"][w] for k, w in enumerate(words) if w in t["height_words"] and not _hair_segment(words, k))
    stated = HEIGHT.search(description)
    height = _stated_height(stated) if stated else mean + sd * (shift + float(np.clip(rng.normal(), -1.5, 1.5))
                                                                * (0.4 if shift else 1.0))
    build = build or _pick(rng, t["build_weights"] if age != "child" else {"slim": 0.5, "average": 0.5})
    hair_style, hair_color = _hair(words, t, rng, drawn_sex, age)
    skin = _skin(words, t, rng)
    clothing = _clothing(words, t, rng)
    pitch = t["voice_pitch"]["child" if age == "child" else drawn_sex]
    variant = t["voice_variant"]["child" if age == "child" else drawn_sex]
    return Character(id=character_id, description=description, sex=sex or drawn_sex, age=age,
                     height_m=round(float(np.clip(height, 0.8, 2.3)), 3), build=build, skin_color=skin,
                     hair_style=hair_style, hair_color=hair_color, clothing=clothing, voice=Voice(pitch=pitch, variant=variant))


def _stated_height(m: re.Match) -> float:
    metres, cm, feet, inches = m.groups()
    if metres:
        return float(metres)
    if cm:
        return float(cm) / 100
    return (int(feet) * 12 + int(inches or 0)) * 0.0254


def _hair(words, t, rng, sex, age) -> tuple[str, str]:
    style = next((s for i, _, s in _phrases(words, "hair_style")
                  if s != "short" or _hair_segment(words, i) or "haired" in words[i:i + 2]), None)
    color = None
    for i, _, c in _phrases(words, "hair_color_words"):
        if _hair_segment(words, i) or words[i].endswith("haired") or c in ("blonde", "red") and words[i] in (
                "blonde", "blond", "redhead", "ginger"):
            color = c
            break
    if style is None:
        weights = dict(t["hair_style_weights"][sex])
        if age == "old" and sex == "male":
            weights["bald"] = weights.get("bald", 0) + 0.3
        style = _pick(rng, weights)
    if color is None:
        color = _pick(rng, {"grey": 0.6, "white": 0.3, "silver": 0.1}) if age == "old" else _pick(rng, t["hair_color_weights"])
    return style, t["hair_colors"][color]


def _skin(words, t, rng) -> str:
    for i, _, tone in _phrases(words, "skin_words"):
        if not _hair_segment(words, i) and (i + 1 >= len(words) or words[i + 1] in ("skin", "skinned", "complexion")
                                              or "skin" in words[i]
                                              or words[i] in ("pale", "olive", "tanned", "freckled", "ebony")):
            return t["skin_tones"][tone - 1]
    return t["skin_tones"][int(rng.integers(0, len(t["skin_tones"])))]


def _colour_before(words: list[str], start: int, colors: dict) -> str | None:
    """The colour named just before a garment ("grey joggers", "dark blue jeans")."""
    for span in (2, 1):
        phrase = " ".join(words[max(0, start - span):start])
        if phrase in colors:
            return colors[phrase]
    return None


def _clothing(words, t, rng) -> Clothing:
    colors = t["colors"]
    palette = t["clothing_defaults"]["palette"]
    stated: dict[str, tuple[str, str | None]] = {}
    accessories = []
    for start, end, slot in _phrases(words, "clothing"):
        name = " ".join(words[start:end])
        color = _colour_before(words, start, colors)
        if slot == "accessory":
            accessories.append(name)
        elif slot == "full":
            stated.setdefault("top", (name, color))
            stated.setdefault("bottom", (name, color))
        else:
            stated.setdefault(slot, (name, color))

    def pick(slot: str, choices: list[str]) -> tuple[str, str]:
        name, color = stated.get(slot, (None, None))
        return (name or choices[int(rng.integers(0, len(choices)))],
                color or palette[int(rng.integers(0, len(palette)))])

    top, top_color = pick("top", t["clothing_defaults"]["tops"])
    bottom, bottom_color = pick("bottom", t["clothing_defaults"]["bottoms"])
    if stated.get("top", (None,))[0] == stated.get("bottom", (None,))[0] and "top" in stated:
        bottom_color = top_color
    _, shoes_color = pick("shoes", ["shoes"])
    return Clothing(top=top, top_color=top_color, bottom=bottom, bottom_color=bottom_color,
                    shoes_color=shoes_color, accessories=accessories)
