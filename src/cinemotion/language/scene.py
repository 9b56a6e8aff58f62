"""Where and in what light: environment (setting, surface, weather, effects), look, time scale, negatives."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cinemotion.language.document import Document
from cinemotion.language.lexicon import PARSING, field_index, negative_index, table, tokenize
from cinemotion.language.places import Place, built_sets, find_places, places
from cinemotion.spec.limits import MAX_TIME_SCALE, MIN_TIME_SCALE
from cinemotion.spec.models import Environment, Look
from cinemotion.spec.vocabulary import TIME_SCALES

LIST_GLUE = {",", "or", "and", "nor", "any"}

# A setting's ground when the prompt does not name one (render/environments.yaml grounds).
SETTING_SURFACE = {"city_street": "concrete", "neon_street": "concrete", "rooftop": "concrete",
                   "running_track": "track", "park": "grass", "beach": "sand", "forest": "gravel",
                   "alley": "concrete", "corridor": "concrete", "office": "wood", "kitchen": "concrete",
                   "studio": "concrete", "snowy_slope": "snow", "river": "grass", "desert": "sand",
                   "gym": "wood", "warehouse": "concrete", "station": "concrete", "cafe": "wood"}
WEATHER_SURFACE = {"rain": "wet", "snow": "snow"}
# the place a prop or a ground implies when no setting is named ("bounds across the gap" → rooftops)
PROP_SETTING = {"gap": "rooftop", "rooftop": "rooftop"}
SURFACE_SETTING = {"snow": "snowy_slope", "sand": "beach", "grass": "park", "track": "running_track", "ice": "snowy_slope"}
WEATHER_EFFECT = {"rain": "rain", "snow": "snow", "fog": "fog", "wind": "wind"}
# the outdoor set a sky's effect implies when nothing else places the shot: rain, snow and falling leaves fall
# outdoors, never in a studio ("a hiker trudging through the snow"); fog, wind and dust a studio can make
EFFECT_SETTING = {"snow": "snowy_slope", "rain": "city_street", "falling_leaves": "park"}
TIME_OF_DAY_LIGHT = {"night": "night", "golden_hour": "golden_hour", "day": "daylight"}


def _all(doc: Document, section: str) -> list[str]:
    seen: list[str] = []
    for m in field_index(section).scan(doc.tokens):
        for _, value in m.payload:
            if not value.startswith("_") and value not in seen and not doc.negated(m.start):
                seen.append(value)
    return seen


def environment(doc: Document, props: list[str] = (), jumps: bool = False) -> tuple[Environment, Place | None]:
    """Setting, surface, weather and effects, and the place they stand for; with no place named, the
    props or the ground imply one (and a jump's props outweigh a place named only as where they are)."""
    named = find_places(doc, excluded=doc.negated)
    place = named[0] if named else None
    named_surfaces = _all(doc, "scene.surfaces")
    implied = next((PROP_SETTING[p] for p in props if p in PROP_SETTING), None) or \
        next((SURFACE_SETTING[s] for s in named_surfaces if s in SURFACE_SETTING), None)
    if place and implied and jumps and places()["places"][place.key].get("props_win"):
        place = None  # "leaps from one building to another": the building is the jump's rooftop, not a street
    weather = _all(doc, "scene.weather")
    effects = _all(doc, "scene.effects")
    effects += [e for w in weather if (e := WEATHER_EFFECT.get(w)) and e not in effects]
    outdoors = next((EFFECT_SETTING[e] for e in effects if e in EFFECT_SETTING), None)
    setting = place.setting if place else implied or outdoors or "studio"
    surfaces = [s for s in named_surfaces if s != "track" or setting == "running_track"]
    main_weather = next((w for w in weather if w not in ("clear", "overcast")), weather[0] if weather else "clear")
    surface = surfaces[0] if surfaces else WEATHER_SURFACE.get(main_weather, SETTING_SURFACE.get(setting, "concrete"))
    if surfaces and surfaces[0] in ("concrete", "track", "grass") and main_weather in WEATHER_SURFACE:
        surface = WEATHER_SURFACE[main_weather]  # rain on asphalt makes it wet
    times = _all(doc, "scene.time_of_day")
    env = Environment(place=place.words if place else None, setting=setting, surface=surface, weather=main_weather,
                      effects=effects, time_of_day=times[0] if times else None)
    if not (place or implied):  # a default set: a later shot of a storyboard continues the scene instead
        env.__pydantic_fields_set__.discard("setting")
        env.__pydantic_fields_set__.discard("place")
    return env, place


def outdoor_note(env: Environment) -> str | None:
    """What a shot that names no place is told when its weather or leaves took it outdoors (EFFECT_SETTING)."""
    if env.place is not None or "setting" in env.model_fields_set or env.setting not in EFFECT_SETTING.values():
        return None
    cause = next(e for e in env.effects if EFFECT_SETTING.get(e) == env.setting).replace("_", " ")
    return f"place: none named; rendered as {built_sets()[env.setting]}, outdoors for the {cause}"


def effect_notes(doc: Document) -> list[str]:
    """What an effect word names but the renderer draws as another effect ("thick smoke" drawn as fog)."""
    notes = []
    for name, entry in table("scene")["effects"].items():
        instead = {tuple(tokenize(w)) for w in entry.get("draws_instead", [])}
        for m in field_index("scene.effects").scan(doc.tokens):
            if tuple(doc.tokens[m.start:m.end]) in instead and not doc.negated(m.start):
                notes.append(f"effects: '{doc.original_words(m.start, m.end)}' drawn as {name} (no effect of its own)")
    return list(dict.fromkeys(notes))


@dataclass(frozen=True)
class LightReading:
    preset: str
    phrase: str  # the prompt's words
    votes: dict[str, float]


def described_light(doc: Document) -> LightReading | None:
    """A light phrase no preset spells ("warm morning light"): its words vote (scene.yaml light_phrases), and so does
    a time of day said elsewhere ("warm sunlight at noon"); the nearest preset wins. None when every light phrase is
    a preset's own words."""
    rules = table("scene")["light_phrases"]
    heads, qualities = rules["heads"], rules["qualities"]
    exact = field_index("scene.lighting").scan(doc.tokens)
    for i, tok in enumerate(doc.tokens):
        if tok not in heads or doc.negated(i):
            continue
        if i + 1 < len(doc.tokens) and doc.tokens[i + 1] in heads and doc.tokens[i] in qualities:
            continue  # "warm morning light": the phrase goes on to its last noun
        start = _described_from(doc, i, qualities)
        if start == i or any(m.start <= start and i < m.end for m in exact):
            continue  # no describing words, or a preset's own phrase ("warm golden light", "soft daylight")
        if not heads[tok] and any(m.start == start and m.end == i for m in exact):
            continue  # "golden hour lighting", "magic hour light": a preset's words and a bare light noun name it
        votes: dict[str, float] = {}
        for words, table_ in _vote_words(doc.tokens[start:i + 1], qualities):
            for preset, weight in (heads if table_ == "head" else qualities)[words].items():
                votes[preset] = votes.get(preset, 0.0) + weight
        for m in exact:  # a preset phrase among the describing words votes for its preset (the noun voted above)
            if start <= m.start and m.end <= i + 1 and not (m.start == i and m.end == i + 1):
                preset = m.payload[0][1]
                votes[preset] = votes.get(preset, 0.0) + 1.5
        for m in field_index("scene.time_of_day").scan(doc.tokens):  # "warm sunlight at noon": the sun is high
            if (m.end <= start or m.start > i) and not doc.negated(m.start):
                words = " ".join(doc.tokens[m.start:m.end])
                if m.start > 0 and f"{doc.tokens[m.start - 1]} {words}" in qualities:
                    words = f"{doc.tokens[m.start - 1]} {words}"  # "in the late afternoon" votes as one
                for said in [words] if words in qualities else [w for w in doc.tokens[m.start:m.end] if w in qualities]:
                    for preset, weight in qualities[said].items():
                        votes[preset] = votes.get(preset, 0.0) + weight
        if votes:
            best = max(votes, key=lambda p: votes[p])
            return LightReading(best, doc.original_words(start, i + 1), votes)
    return None


def _vote_words(span: list[str], qualities: dict) -> list[tuple[str, str]]:
    """The words of a light phrase that vote, left to right: a two-word quality ("early morning", which may end on
    the phrase's noun) as one, else each describing word, and the noun last ("quality" or "head" votes)."""
    out, k = [], 0
    while k < len(span):
        pair = " ".join(span[k:k + 2])
        if k + 1 < len(span) and pair in qualities:
            out.append((pair, "quality"))
            k += 2
            continue
        out.append((span[k], "head" if k == len(span) - 1 else "quality"))
        k += 1
    return [(w, t) for w, t in out if t == "head" or w in qualities]


def _described_from(doc: Document, head: int, qualities: dict) -> int:
    """Where the words describing a light noun begin: the quality words before it in its clause, across at most one
    word that is none ("harsh operating lights", "soft window light")."""
    start, skipped = head, 0
    while start > 0 and doc.clause[start - 1] == doc.clause[head]:
        word = doc.tokens[start - 1]
        if word in qualities:
            start -= 1
        elif not skipped and start == head and word.isalpha() and start > 1 and doc.tokens[start - 2] in qualities:
            start, skipped = start - 1, 1
        else:
            break
    return start


def light_note(reading: LightReading) -> str:
    ranked = sorted(reading.votes.items(), key=lambda kv: -kv[1])
    others = ", ".join(f"{p} {w:g}" for p, w in ranked[1:3])
    return (f"lighting: '{reading.phrase}' is no preset; lit as {reading.preset}, the nearest "
            f"(votes {reading.preset} {reading.votes[reading.preset]:g}" + (f"; {others}" if others else "") + ")")


def look(doc: Document, composition: str | None, env: Environment) -> Look:
    lights = _all(doc, "scene.lighting")
    described = described_light(doc)
    if described is not None:
        lights = [described.preset] + [x for x in lights if x != described.preset]
    if lights:
        lighting = lights[0]
        if lighting == "night" and "neon" in lights:
            lighting = "neon"  # neon signs are what light a night street
    elif env.time_of_day in TIME_OF_DAY_LIGHT:
        lighting = TIME_OF_DAY_LIGHT[env.time_of_day]
    elif env.setting == "neon_street":
        lighting = "neon"
    elif env.weather in ("rain", "snow", "fog", "overcast"):
        lighting = "overcast"
    elif env.setting == "studio":
        lighting = "studio"
    else:
        lighting = "daylight"
    dof = _all(doc, "scene.depth_of_field")
    film = _all(doc, "scene.film")
    result = Look(lighting=lighting, depth_of_field=dof[0] if dof else "none", film=film[0] if film else None,
                  composition=composition or "centered")
    if not lights:  # derived, not named: a later shot of a storyboard keeps the scene's light instead
        result.__pydantic_fields_set__.discard("lighting")
    return result


SPEED = re.compile(r"(?:at\s+)?(\d+(?:\.\d+)?)\s*x\s+(?:speed|playback)|(?:speed|playback)\s+(?:of\s+)?(\d+(?:\.\d+)?)\s*x",
                   re.IGNORECASE)
FRAME_RATE = re.compile(r"(\d{2,4})\s*(?:fps|frames per second|帧)", re.IGNORECASE)
PLAYBACK_FPS = PARSING.playback_fps.value  # high-speed footage is played back at the film rate: 240 fps → 0.1x


def time_scale(doc: Document, matches) -> tuple[float, str | None]:
    """The shot's playback speed: "at 0.3x speed" as written; else a slow-motion phrase (at the
    frame rate it names, "240fps slow-motion": 24/240), a negated one ("no slow motion") left out."""
    speed = SPEED.search(doc.text)
    if speed:
        value = float(speed.group(1) or speed.group(2))
        if MIN_TIME_SCALE <= value <= MAX_TIME_SCALE:
            return value, f"{value:g}x speed"
    for m in matches:
        kind, name = m.payload[0]
        if kind == "time_scale" and not doc.negated(m.start):
            rate = FRAME_RATE.search(doc.text)
            if name in ("slow_motion", "ultra_slow_motion") and rate and float(rate.group(1)) > 2 * PLAYBACK_FPS:
                scale = max(MIN_TIME_SCALE, round(PLAYBACK_FPS / float(rate.group(1)), 3))  # the slowest a shot plays
                return scale, f"{name} at {rate.group(1)} fps"
            return float(TIME_SCALES[name]), name
    return 1.0, None


def negatives(doc: Document) -> list[str]:
    """What to exclude: the `negative:` section, and "no X" / "without X" phrases naming a distortion.

    A negated list ("no morphing, warping or flicker") negates each of its items.
    """
    found = [m.payload[0][1] for m in negative_index().scan(tokenize(doc.negative_text))]
    previous_end = None
    for m in negative_index().scan(doc.tokens):
        listed = previous_end is not None and set(doc.tokens[previous_end:m.start]) <= LIST_GLUE
        if doc.negated(m.start) or listed:
            found.append(m.payload[0][1])
            previous_end = m.end
        else:
            previous_end = None
    return list(dict.fromkeys(found))
