"""Places: the words a prompt names a place with → the nearest built set, its dressing props and a note.

The table (places.yaml) maps place phrases, English and Chinese, to the sets render/ builds. A place
it doesn't list is never refused: a storyboard's setting resolves by the place phrases inside it
("moon base hall" → hall), by a Chinese head character (…馆 → a room), else to the fallback set,
and a note says what was approximated.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from cinemotion.language.document import Document, has_chinese, read
from cinemotion.language.lexicon import PhraseIndex, table
from cinemotion.spec.models import Environment, Prop, Storyboard


@dataclass(frozen=True)
class Place:
    key: str  # places.yaml entry
    words: str  # as the user wrote them
    setting: str  # the built set standing in for it
    props: tuple[str, ...]  # dressing that makes the place read
    start: int  # token span in the document
    end: int


def places() -> dict:
    return table("places")


def built_sets() -> dict[str, str]:
    """Set name → how a note describes it."""
    return places()["sets"]


@cache
def place_index() -> PhraseIndex:
    index = PhraseIndex()
    for key, entry in places()["places"].items():
        index.add_phrases(entry["words"], "place", key)
    return index


def chinese_place_words() -> dict[str, str]:
    """Chinese place word → the English phrase it reads as (the entry's first word)."""
    return {zh: entry["words"][0] for entry in places()["places"].values() for zh in entry["zh"]}


def find_places(doc: Document, excluded=lambda start: False) -> list[Place]:
    """Every place the prompt names, in order (collocations like "tracking shot" are not places)."""
    found = []
    for m in place_index().scan(doc.tokens):
        key = m.payload[0][1]
        entry = places()["places"][key]
        if entry["set"] is None or excluded(m.start):
            continue
        found.append(Place(key, doc.original_words(m.start, m.end), entry["set"], tuple(entry.get("props", [])),
                           m.start, m.end))
    return found


def approximation_note(place: Place) -> str | None:
    """What the render makes of the place, when the set is not simply that place."""
    description = built_sets()[place.setting]
    # the set is that place when it is the table's own set, or when both the place's kind and the word
    # the prompt used for it ("room"; not "house" or 房子, drawn as an office room) name what is drawn
    said = place.words.lower().split()[-1] if place.words.strip() else ""
    if not place.props and (place.key == place.setting or (place.key.split("_")[0] in description
                                                           and said in description.split())):
        return None
    dressing = " and ".join("a " + p.replace("_", " ") for p in place.props)
    return f"place: '{place.words}' rendered as {description}" + (f", with {dressing}" if dressing else "")


def dressing_props(place: Place, existing: list[Prop]) -> list[Prop]:
    """The place's dressing props not already in the shot, beside the action (relation "dressing")."""
    have = {p.kind for p in existing} | {p.id for p in existing}
    return [Prop(id=kind, kind=kind, relation="dressing") for kind in place.props if kind not in have]


def resolve_place(text: str) -> tuple[Place, bool]:
    """The set for any place phrase, and whether the table knew it (False: a head-noun or fallback guess)."""
    doc = read(text)
    found = find_places(doc)
    if found:
        return found[0], True
    words = text.strip()
    heads = places()["zh_heads"]
    if has_chinese(words) and words[-1] in heads:
        return Place("", words, heads[words[-1]], (), 0, 0), False
    return Place("", words, places()["fallback_set"], (), 0, 0), False


def settle_place(env: Environment) -> tuple[Environment, str | None]:
    """An environment whose setting is a built set; a setting that isn't one ("gym", "moon base") is
    read as a place: the set nearest it, its dressing props, and a note saying so."""
    if env.setting in built_sets():
        return env, None
    place, known = resolve_place(env.setting)
    described = built_sets()[place.setting]
    if not known:
        note = f"place: '{env.setting}' is not a place this renderer knows; rendered as {described}"
    elif place.words.lower() != env.setting.strip().lower():  # "moon base hall": read by the "hall" in it
        note = f"place: '{env.setting}' rendered as {described} (read as '{place.words}')"
    else:
        note = approximation_note(place)
    settled = env.model_copy(update={"place": env.place or env.setting, "setting": place.setting,
                                     "props": env.props + dressing_props(place, env.props)})
    return settled, note


def settle_places(storyboard: Storyboard) -> Storyboard:
    """The storyboard with every shot's setting a built set, each approximation noted on its shot."""
    shots = []
    for shot in storyboard.shots:
        env, note = settle_place(shot.environment)
        shots.append(shot if note is None and env is shot.environment else
                     shot.model_copy(update={"environment": env, "notes": shot.notes + ([note] if note else [])}))
    return storyboard.model_copy(update={"shots": shots})
