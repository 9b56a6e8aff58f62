"""Where and in what light: environment (setting, surface, weather, effects), look, time scale, negatives."""

from __future__ import annotations

from cinemotion.language.document import NEGATED, Document
from cinemotion.language.lexicon import field_index, negative_index, tokenize
from cinemotion.language.places import Place, find_places
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
TIME_OF_DAY_LIGHT = {"night": "night", "golden_hour": "golden_hour", "day": "daylight"}


def _all(doc: Document, section: str) -> list[str]:
    seen: list[str] = []
    for m in field_index(section).scan(doc.tokens):
        for _, value in m.payload:
            if not value.startswith("_") and value not in seen and not _negated(doc, m.start):
                seen.append(value)
    return seen


def _negated(doc: Document, i: int) -> bool:
    """A word the writer excluded: "no rain", "without dust"."""
    before = " ".join(doc.tokens[max(0, i - 2):i])
    return bool(NEGATED.search(before)) and doc.clause[max(0, i - 1)] == doc.clause[i]


def environment(doc: Document, props: list[str] = ()) -> tuple[Environment, Place | None]:
    """Setting, surface, weather and effects, and the place they stand for; with no place named, the
    props or the ground imply one."""
    named = find_places(doc, excluded=lambda start: _negated(doc, start))
    place = named[0] if named else None
    named_surfaces = _all(doc, "scene.surfaces")
    implied = next((PROP_SETTING[p] for p in props if p in PROP_SETTING), None) or \
        next((SURFACE_SETTING[s] for s in named_surfaces if s in SURFACE_SETTING), None)
    setting = place.setting if place else implied or "studio"
    weather = _all(doc, "scene.weather")
    effects = _all(doc, "scene.effects")
    surfaces = [s for s in named_surfaces if s != "track" or setting == "running_track"]
    main_weather = next((w for w in weather if w not in ("clear", "overcast")), weather[0] if weather else "clear")
    surface = surfaces[0] if surfaces else WEATHER_SURFACE.get(main_weather, SETTING_SURFACE.get(setting, "concrete"))
    if surfaces and surfaces[0] in ("concrete", "track", "grass") and main_weather in WEATHER_SURFACE:
        surface = WEATHER_SURFACE[main_weather]  # rain on asphalt makes it wet
    effects += [e for w in weather if (e := WEATHER_EFFECT.get(w)) and e not in effects]
    times = _all(doc, "scene.time_of_day")
    env = Environment(place=place.words if place else None, setting=setting, surface=surface, weather=main_weather,
                      effects=effects, time_of_day=times[0] if times else None)
    if not (place or implied):  # the default set: a later shot of a storyboard continues the scene instead
        env.__pydantic_fields_set__.discard("setting")
        env.__pydantic_fields_set__.discard("place")
    return env, place


def look(doc: Document, composition: str | None, env: Environment) -> Look:
    lights = _all(doc, "scene.lighting")
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


def time_scale(matches) -> tuple[float, str | None]:
    scales = TIME_SCALES
    for m in matches:
        kind, name = m.payload[0]
        if kind == "time_scale":
            return float(scales[name]), name
    return 1.0, None


def negatives(doc: Document) -> list[str]:
    """What to exclude: the `negative:` section, and "no X" / "without X" phrases naming a distortion.

    A negated list ("no morphing, warping or flicker") negates each of its items.
    """
    found = [m.payload[0][1] for m in negative_index().scan(tokenize(doc.negative_text))]
    previous_end = None
    for m in negative_index().scan(doc.tokens):
        listed = previous_end is not None and set(doc.tokens[previous_end:m.start]) <= LIST_GLUE
        if _negated(doc, m.start) or listed:
            found.append(m.payload[0][1])
            previous_end = m.end
        else:
            previous_end = None
    return list(dict.fromkeys(found))
