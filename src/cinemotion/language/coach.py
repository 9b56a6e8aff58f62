"""`coach`: diagnose a motion prompt the way the guide teaches, and rewrite it in its sequential structure."""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, Field

from cinemotion.language.open_actions import gerund as open_action_gerund, partner_distance
from cinemotion.language.camera import first_of
from cinemotion.language.document import read
from cinemotion.language.lexicon import PARSING, field_index, motion_index, table
from cinemotion.language.parse import parse_shot, recommended_intensity
from cinemotion.language.scene import time_scale
from cinemotion.language.timing import find_times
from cinemotion.errors import InputError
from cinemotion.spec.models import Action, Actor, Coaching, Shot

HIGH_INTENSITY = PARSING.high_intensity.value
STABILITY_NEGATIVES = {"morphing", "warping", "extra limbs"}
OPPOSITE_MOVES = [("pan_left", "pan_right"), ("tilt_up", "tilt_down"), ("zoom_in", "zoom_out"),
                  ("dolly_in", "dolly_out"), ("crane_up", "crane_down")]


class Diagnostic(BaseModel):
    code: str  # generic_verb, missing_shot_type, missing_camera_move, …
    message: str
    suggestion: Optional[str] = None


class Advice(BaseModel):
    prompt: str
    diagnostics: list[Diagnostic] = Field(default_factory=list)
    enriched_prompt: str
    negative_prompt: str
    recommended_intensity: int = Field(ge=1, le=10)


def _phrases() -> dict:
    return table("coach")


def meant_verb(action: Action) -> str:
    """The kinetic verb a generic one stands for in its context (the guide: 'running' → 'sprinting')."""
    rule = _phrases()["generic_verbs"].get(action.verb)
    if action.kind != "locomotion" or rule is None or "default" not in rule:
        return action.verb
    return rule["by_emotion"].get(action.emotion) or rule["by_speed"].get(action.speed) or rule["default"]


def coach(text: str) -> Advice:
    """Diagnostics with codes, the enriched prompt, a negative prompt fitted to the action, an intensity."""
    shot, _ = parse_shot(text)
    doc = read(text)
    diagnostics = _diagnose(text, doc, shot)
    if doc.chinese:
        diagnostics = [_in_chinese(d) for d in diagnostics]
    intensity = recommended_intensity(shot.actors)
    return Advice(prompt=text, diagnostics=diagnostics, enriched_prompt=enrich_prompt(shot),
                  negative_prompt=", ".join(negative_terms(shot)), recommended_intensity=intensity)


def coaching(text: str) -> Coaching | None:
    """The coached prompt and negative terms for a shot's text; None when there is no text or the coach refuses it."""
    if not text:
        return None
    try:
        advice = coach(text)
    except InputError:
        return None
    return Coaching(prompt=advice.enriched_prompt,
                    negative=[w.strip() for w in advice.negative_prompt.split(",") if w.strip()])


def _in_chinese(diagnostic: Diagnostic) -> Diagnostic:
    """A diagnostic said in Chinese, for a Chinese prompt (coach.yaml `zh`)."""
    said = _phrases()["zh"].get(diagnostic.code)
    if said is None:
        return diagnostic
    message = said["message"].format(detail=diagnostic.message)
    return diagnostic.model_copy(update={"message": message, "suggestion": said["suggestion"]})


# --- diagnosis ----------------------------------------------------------------------------------------------
def _diagnose(text: str, doc, shot: Shot) -> list[Diagnostic]:
    p = _phrases()
    out: list[Diagnostic] = []
    actions = [a for actor in shot.actors for a in actor.actions]
    kinds = {a.kind for a in actions}
    limit = p["limits"]["max_chars"]
    if len(text) > limit:
        out.append(Diagnostic(code="too_long", message=f"the prompt is {len(text):,} characters; Kling accepts {limit:,}",
                              suggestion="keep one subject, one primary action, one environmental motion and one camera move"))
    if not shot.actors:
        out.append(Diagnostic(code="missing_subject", message="no person is named, so nothing can move",
                              suggestion="start with who moves: 'a man', 'an athletic woman', 'two kids'"))
    elif all(a.kind == "idle" for a in actions):
        out.append(Diagnostic(code="missing_action", message="nobody does anything: the result will look static",
                              suggestion="add a kinetic verb: sprinting, leaping, waving, trembling"))
    for actor in shot.actors:
        for a in actor.actions:
            rule = p["generic_verbs"].get(a.verb)
            if rule and a.guessed_from is None:
                meant = meant_verb(a)
                better = [p["gerunds"][meant]] if meant != a.verb else []
                choices = list(dict.fromkeys(better + rule["suggest"]))
                out.append(Diagnostic(code="generic_verb", message=f"'{a.verb}' is generic: the model renders it stiffly",
                                      suggestion=f"use a kinetic verb that carries speed and effort: {', '.join(choices)}"))
            if a.kind == "action" and a.performer is None:
                out.append(Diagnostic(code="unperformable_action", message=f"no motion for '{a.phrase or a.verb}': "
                                      "it is performed as idle", suggestion="name a nearby action cinemotion performs"))
            if a.guessed_from:
                out.append(Diagnostic(code="unknown_verb", message=f"'{a.guessed_from}' is not a motion word cinemotion "
                                      f"knows; read as {a.verb}", suggestion=f"say '{p['gerunds'][a.verb]}' if that is meant"))
    if first_of(doc, "camera.shot_types") is None:
        kind = _primary(actions).kind if actions else "idle"
        suggestion = p["shot_phrases"][p["suggested_shots"][kind]].removeprefix("A ").removeprefix("An ").removesuffix(" of")
        out.append(Diagnostic(code="missing_shot_type", message="no shot type: framing decides how motion reads",
                              suggestion=f"add '{suggestion}'"))
    if not _camera_named(doc):
        kind = _primary(actions).kind if actions else "idle"
        move = p["suggested_moves"][kind]
        out.append(Diagnostic(code="missing_camera_move", message="the camera does not take part in the action",
                              suggestion=f"add '{p['move_phrases'][move].format(subject=_subject_noun(shot))}'"))
    if kinds & {"locomotion", "jump"} and not shot.environment.effects and not shot.environment.props:
        effect = p["surface_effects"].get(shot.environment.surface, ["wind"])[0]
        out.append(Diagnostic(code="missing_environment_interaction",
                              message="the motion does not touch its world: the model has no physics to simulate",
                              suggestion=f"add '{p['effect_phrases'][effect]}'"))
    # the guide's step 3: a duration, or a pacing phrase ("ultra slow motion", "quick snap"), times the action
    paced = time_scale(doc, motion_index().scan(doc.tokens))[1] is not None
    if not paced and not any(t.role in ("shot", "free") for t in find_times(doc)):
        out.append(Diagnostic(code="missing_timing", message="no duration or pacing is given",
                              suggestion=f"add '{shot.duration_s:g}-second duration' or a pace such as 'slow motion'"))
    out += _conflicts(doc, shot)
    approximations = tuple(f"{prefix}: " for prefix in p["approximation_notes"])
    out += [Diagnostic(code="approximated", message=note)
            for note in shot.notes if note.startswith(approximations)]
    if max(shot.intensity, recommended_intensity(shot.actors)) >= HIGH_INTENSITY and \
            not STABILITY_NEGATIVES & set(shot.negative):
        out.append(Diagnostic(code="high_intensity_without_negatives",
                              message="a vigorous action with no negative prompt: anatomy may break at speed",
                              suggestion="add a negative prompt: morphing, warping, extra limbs"))
    return out


def _camera_named(doc) -> bool:
    return any(m.payload[0][0] == "move" for m in motion_index().scan(doc.tokens))


def _conflicts(doc, shot: Shot) -> list[Diagnostic]:
    found = []
    shot_types = {m.payload[0][1] for m in field_index("camera.shot_types").scan(doc.tokens)}
    if len(shot_types) > 1:
        found.append(f"several shot types ({', '.join(sorted(shot_types))})")
    scales = {m.payload[0][1] for m in motion_index().scan(doc.tokens) if m.payload[0][0] == "time_scale"}
    if len(scales) > 1:
        found.append(f"several time scales ({', '.join(sorted(scales))})")
    moves = {c.move for c in shot.camera}
    for a, b in OPPOSITE_MOVES:
        same_time = [c for c in shot.camera if c.move in (a, b)]
        if a in moves and b in moves and len({c.start_s for c in same_time}) == 1:
            found.append(f"opposite camera moves at once ({a} and {b})")
    speeds = [m for m in motion_index().scan(doc.tokens) if any(k == "speed" for k, _ in m.payload)]
    by_clause: dict[int, set[str]] = {}
    for m in speeds:
        by_clause.setdefault(doc.clause[m.start], set()).update(v for k, v in m.payload if k == "speed")
    if any(len(v) > 1 for v in by_clause.values()):
        found.append("both slow and fast words describe the same action")
    recommended = recommended_intensity(shot.actors)
    if abs(shot.intensity - recommended) >= 5:
        found.append(f"motion intensity {shot.intensity} does not fit the action (about {recommended} suits it)")
    return [Diagnostic(code="conflicting_instructions", message=f"conflicting instructions: {what}",
                       suggestion="keep one of them") for what in found]


# --- rewrite ------------------------------------------------------------------------------------------------
def _primary(actions: list[Action]) -> Action:
    order = ("jump", "locomotion", "react", "gesture", "speak", "idle")
    return min(actions, key=lambda a: order.index(a.kind) if a.kind in order else len(order))


def _noun(actor: Actor) -> str:
    """How the rewrite names an actor: its description's noun, or its name."""
    if actor.description and actor.description[:1].isupper():
        return actor.description
    return (actor.description or actor.id).split()[-1]


def _subject_noun(shot: Shot) -> str:
    if not shot.actors:
        return "subject"
    noun = _noun(shot.actors[0])
    return noun if noun[:1].isupper() else f"the {noun}"


def _article(words: str) -> str:
    return ("an " if words[:1].lower() in "aeiou" else "a ") + words


def _plural(noun: str) -> str:
    irregular: dict[str, str] = {}
    for plural, single in table("people")["singular"].items():
        irregular.setdefault(single, plural)
    if noun in irregular:
        return irregular[noun]
    if noun.endswith(("s", "sh", "ch", "x")):
        return noun + "es"
    return noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else noun + "s"


def _action_phrase(action: Action, shot: Shot, nouns: dict[str, str]) -> str:
    p = _phrases()
    if action.kind == "action":  # an open action reads back as its catalogue phrase ("throwing jabs")
        words = [open_action_gerund(action.verb)]
        if action.speed in p["speed_words"]:
            words.append(p["speed_words"][action.speed])
        if action.target in nouns and partner_distance(action.verb) is None:
            words.append(f"at {nouns[action.target]}")
        return " ".join(words)
    verb = meant_verb(action)
    words = [p["posture_gerunds"][action.posture] if action.posture else p["gerunds"][verb]]
    if action.speed in p["speed_words"]:
        words.append(p["speed_words"][action.speed])
    default_emotion = table("verbs")["verbs"][verb].get("emotion")
    if action.emotion and action.emotion != default_emotion and action.emotion in p["emotion_words"]:
        words.append(p["emotion_words"][action.emotion])
    if action.kind == "jump" and action.category:
        words.append(p["jump_type_phrases"][action.category])
    prop = next((x for x in shot.environment.props if x.id == action.target), None)
    if prop is not None:
        words.append(f"{'on' if action.posture == 'sit' else prop.relation or 'toward'} the {prop.kind}")
    elif action.target in nouns and action.kind != "react":
        preposition = {"flee": "from", "beckon": "to"}.get(verb, "at")
        words.append(f"{preposition} {nouns[action.target]}")
    if action.kind == "speak" and action.text:
        words.append(f'"{action.text}"')
    return " ".join(words)


def _actions_phrase(actor: Actor, shot: Shot, nouns: dict[str, str]) -> str:
    actions = sorted(actor.actions, key=lambda a: a.start_s)
    parts = []
    for k, a in enumerate(actions):
        phrase = _action_phrase(a, shot, nouns)
        overlaps = k and actions[k - 1].end_s is not None and a.start_s < actions[k - 1].end_s - 1e-6
        parts.append(phrase if k == 0 else f"while {phrase}" if overlaps else f"then {phrase}")
    return ", ".join(parts)


def _named(actor: Actor, introduced: set[str]) -> str:
    """An actor as the rewrite names it: a name, "the rival" once introduced, else "a rival"."""
    noun = _noun(actor)
    if noun[:1].isupper():
        return noun
    return f"the {noun}" if actor.id in introduced else _article(actor.description or noun)


def _subject_words(members: list[Actor], introduced: set[str]) -> str:
    """'a man and a woman', 'three people', 'the rival': who does one group's actions."""
    p = _phrases()
    by_description: dict[str, list[Actor]] = {}
    for actor in members:
        by_description.setdefault(actor.description or actor.id, []).append(actor)
    parts = []
    for description, same in by_description.items():
        if len(same) > 1 and not description[:1].isupper():
            words = description.split()
            parts.append(" ".join([p["count_words"][min(len(same), 8)]] + words[:-1] + [_plural(words[-1])]))
        else:
            parts += [_named(actor, introduced) for actor in same]
    return " and ".join(parts)


def _subjects(shot: Shot) -> list[tuple[str, str]]:
    """(subject words, action words) per group of actors who do the same thing ("three people walking")."""
    by_id = {a.id: a for a in shot.actors}
    the = {a.id: f"the {_noun(a)}" for a in shot.actors}
    groups: dict[str, list[Actor]] = {}
    for actor in shot.actors:
        groups.setdefault(_actions_phrase(actor, shot, the), []).append(actor)
    introduced: set[str] = set()
    out = []
    for members in groups.values():
        subject = _subject_words(members, introduced)
        introduced.update(a.id for a in members)
        refs = {i: _named(a, introduced) for i, a in by_id.items()}
        out.append((subject, _actions_phrase(members[0], shot, refs)))
        introduced.update(a.target for a in members[0].actions if a.target in by_id)
    return out


def enrich_prompt(shot: Shot) -> str:
    """Subject + Primary Action + Environmental Motion + Camera Motion (+ timing + style), as one prompt."""
    p = _phrases()
    actions = [a for actor in shot.actors for a in actor.actions]
    kind = _primary(actions).kind if actions else "idle"
    travels = any(a.kind in ("locomotion", "jump") for a in actions)
    setting = (None if travels else p["still_setting_phrases"].get(shot.environment.setting)) or \
        p["setting_phrases"].get(shot.environment.setting, "in a studio")
    # 1. Subject + primary action, framed and placed
    frame = p["shot_phrases"][shot.shot_type]
    angle = p["angle_phrases"].get(shot.angle)
    if angle:
        frame = frame.replace(" of", f", {angle}, of", 1)
    sentences = []
    for k, (subject, what) in enumerate(_subjects(shot)):
        sentence = f"{frame} {subject} {what}" if k == 0 else f"{subject[:1].upper()}{subject[1:]} {what}"
        sentences.append(sentence + (f" {setting}" if k == 0 else ""))
    if not sentences:
        sentences.append(f"{frame.removesuffix(' of')} {setting}")
    # 2. Environmental motion: what the writer named, or what the ground implies
    effects = list(shot.environment.effects)
    if not effects and kind in ("locomotion", "jump"):
        effects = p["surface_effects"].get(shot.environment.surface, ["wind"])
    scene = [p["effect_phrases"][e] for e in effects if e in p["effect_phrases"]] or [p["gesture_effect"]]
    # 3. Camera motion: the writer's moves, or the one the guide suggests for the action
    moves = [c for c in shot.camera if c.move != "static"]
    if not moves and shot.actors and not any(c.move == "static" for c in shot.camera if c.duration_s):
        moves = [type(shot.camera[0])(move=p["suggested_moves"][kind])]
    camera = []
    for c in moves or shot.camera:
        phrase = p["move_phrases"][c.move].format(subject=_subject_noun(shot))
        camera.append(f"{c.duration_s:g}-second {phrase}" if c.duration_s else phrase)
    # 4. Timing and style
    style = [f"{shot.duration_s:g}-second duration"]
    if f"{shot.time_scale:g}" in p["time_scale_phrases"]:
        style.insert(0, p["time_scale_phrases"][f"{shot.time_scale:g}"])
    style.append(p["lighting_phrases"].get(shot.look.lighting, shot.look.lighting))
    if shot.look.depth_of_field in p["dof_phrases"]:
        style.append(p["dof_phrases"][shot.look.depth_of_field])
    if shot.look.film in p["film_phrases"]:
        style.append(p["film_phrases"][shot.look.film])
    if shot.look.composition == "rule_of_thirds":
        style.append("rule of thirds")
    camera_text = ", ".join(camera)
    text = ". ".join(sentences) + f", {', '.join(scene)}. {camera_text[:1].upper()}{camera_text[1:]}, {', '.join(style)}."
    return text.replace('.".', '."').replace('?".', '?"').replace('!".', '!"')


def negative_terms(shot: Shot) -> list[str]:
    """The guide's stability negatives plus those the action risks, then the writer's own."""
    n = _phrases()["negatives"]
    actions = [a for actor in shot.actors for a in actor.actions]
    terms = list(n["always"])
    if recommended_intensity(shot.actors) >= HIGH_INTENSITY or shot.intensity >= HIGH_INTENSITY:
        terms += n["vigorous"]
    if any(a.kind == "jump" for a in actions) or shot.environment.props:
        terms += n["jump"]
    if any(a.kind == "gesture" and a.category in ("communication", "precise_task", "emotional") for a in actions):
        terms += n["hands"]
    if shot.shot_type in ("close_up", "extreme_close_up", "medium_close_up") or any(a.kind == "speak" for a in actions):
        terms += n["face"]
    if len(shot.actors) > 1:
        terms += n["group"]
    return list(dict.fromkeys(terms + list(shot.negative)))
