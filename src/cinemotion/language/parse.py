"""`parse_shot`: one shot's prompt → a Shot, every field of DESIGN.md's plan read from the words."""

from __future__ import annotations

import numpy as np

from cinemotion.errors import InputError
from cinemotion.language.actions import Draft, Reader, Reading
from cinemotion.language.animals import animal_figures
from cinemotion.language.mentions import disambiguate
from cinemotion.language.open_actions import ends_on_ground, group, performer
from cinemotion.language.places import approximation_note, dressing_props
from cinemotion.language.camera import find_moves, first_of
from cinemotion.language.character import describe_character
from cinemotion.language.document import Document, read
from cinemotion.language.lexicon import PARSING, field_index, motion_index, table, tokenize
from cinemotion.language.scene import (
    described_light, effect_notes, environment, light_note, look, negatives, outdoor_note, time_scale,
)
from cinemotion.language.timeline import needed_duration, schedule
from cinemotion.language.timing import TimeMention, find_times
from cinemotion.spec.models import (
    HARD_MAX_DURATION_S, Action, Actor, CameraMove, Character, Prop, Shot,
)
from cinemotion.spec.vocabulary import category_of

DEFAULT_DURATION_S = PARSING.default_duration_s.value
MIN_DURATION_S = 0.1  # input limit: shorter than a few frames at 24 fps is not a shot


def parse_shot(text: str, *, seed: int = 0, known: dict[str, str] | None = None,
               shot_id: str = "shot1", duration_s: float | None = None,
               earlier: list[tuple[str, str]] = ()) -> tuple[Shot, list[Character]]:
    """One shot from a prompt, and a Character for each new actor. `known`: name/id → Character id.
    `duration_s`: the shot's length when the storyboard (or a shot header) already fixed it.
    `earlier`: (Character id, sex) of the people earlier shots filmed, most recent last: who a pronoun no one in
    this shot answers means."""
    fixed_duration = duration_s
    # 1. Read the words: tokens, quotes, the negative section; phrases of every table
    doc = read(text)
    matches = disambiguate(doc, motion_index().scan(doc.tokens))
    notes: list[str] = []
    # 2. People and their actions, manner, targets, props
    reading = Reader(doc, matches, known or {}, list(earlier)).read()
    notes += reading.notes
    _link_reactions(reading)
    # 3. Camera: moves, shot type, angle, composition
    moves, camera_notes = find_moves(doc, matches)
    notes += camera_notes + _jargon_notes(doc)
    # 4. Time: the shot's duration, per-move and per-action times
    times = find_times(doc, exclude={k for m in moves for k in m.amount_at})
    duration_s, explicit_duration = _attach_times(doc, times, moves, reading.drafts)
    if fixed_duration is not None:  # the actions are timed on the shot as it will be cut
        duration_s, explicit_duration = fixed_duration, True
    move_end = max((m.duration_s or 0) + (m.start_s or 0) for m in moves) if moves else 0.0
    if not explicit_duration:  # stated spans of moves and actions lengthen the default shot
        duration_s = max(duration_s, move_end, needed_duration(doc, reading.drafts, len(reading.cast.members)))
    _check_duration(duration_s)
    scale, scale_name = time_scale(doc, matches)
    # 5. Timeline, actors, props
    times_by_draft = schedule(doc, reading.drafts, duration_s, len(reading.cast.members))
    reading.cast.finalise_ids()
    props = _props(reading)
    actors = _actors(reading, times_by_draft, props, duration_s)
    notes += _rise_from_ground(actors)
    # 6. Environment and look
    env, place = environment(doc, [p.kind for p in props], any(x.kind == "jump" for a in actors for x in a.actions))
    env.props = props + (dressing_props(place, props) if place else [])
    env.extras = reading.extras
    env.extras_activity = reading.extras_activity
    env.animals, animal_notes = animal_figures(doc)
    notes += animal_notes
    if place and (note := approximation_note(place)):
        notes.append(note)
    if note := outdoor_note(env):
        notes.append(note)
    shot_type = first_of(doc, "camera.shot_types")
    if shot_type is None:
        shot_type = _default_shot_type(actors)
        notes.append(f"shot_type: not given, chose {shot_type} for the action")
    composition = first_of(doc, "camera.composition")
    shot = Shot(
        id=shot_id, prompt=text, duration_s=round(duration_s, 3), shot_type=shot_type,
        angle=first_of(doc, "camera.angles") or "eye_level",
        camera=_camera(moves, duration_s) or [CameraMove()], time_scale=scale,
        intensity=explicit_intensity(doc) or recommended_intensity(actors), actors=actors,
        environment=env, look=look(doc, composition, env), negative=negatives(doc), notes=notes,
    )
    if doc.unread:
        shot.notes.append(f"not read: {', '.join(repr(w) for w in doc.unread)} (no word table lists them)")
    if (described := described_light(doc)) is not None:
        shot.notes.append(light_note(described))
    shot.notes += effect_notes(doc)
    if "motion blur" in shot.negative:  # "NO motion blur": the render's shutter stays shut
        shot.look.motion_blur = False
    if scale_name:
        shot.notes.append(f"time_scale: {scale_name} ({scale:g})")
    return shot, _characters(reading, seed)


def _jargon_notes(doc: Document) -> list[str]:
    """Camera jargon filmed as the nearest framing or move (camera.yaml `approximated`): what it could not do."""
    entries = table("camera")["approximated"]
    return [f"camera: {name.replace('_', '-')} ('{doc.original_words(m.start, m.end)}') {entries[name]['note']}"
            for m in field_index("camera.approximated").scan(doc.tokens) for _, name in m.payload[:1]]


def _check_duration(duration_s: float) -> None:
    if duration_s < MIN_DURATION_S:
        raise InputError("duration", f"{duration_s:g} s: a shot must last at least {MIN_DURATION_S:g} s")
    if duration_s > HARD_MAX_DURATION_S:
        raise InputError("duration", f"{duration_s:g} s is longer than the {HARD_MAX_DURATION_S:g} s limit")


def _link_reactions(reading: Reading) -> None:
    """A reaction verb with no stated cause reacts to the latest action aimed at (or near) its actor."""
    for draft in reading.drafts:
        if draft.kind != "react" or draft.cause is not None:
            continue
        before = [d for d in reading.drafts if d.at < draft.at and not set(d.actors) & set(draft.actors)]
        aimed = [d for d in before if d.target and d.target[0] == "actor" and d.target[1] in draft.actors]
        if aimed or before:
            draft.cause = (aimed or before)[-1]
    for draft in reading.drafts:  # everything in a reacting clause follows the cause
        if draft.cause is None:
            continue
        for other in reading.drafts:
            if other.actors == draft.actors and other.at > draft.at and other.cause is None and \
                    abs(other.at - draft.at) < 12 and other.kind == "react":
                other.cause = draft.cause


def _attach_times(doc: Document, times: list[TimeMention], moves, drafts: list[Draft]) -> tuple[float, bool]:
    """Give each time phrase to the move or action it sits beside; the rest set the shot's duration."""
    timed = [(x.start, x.end, m) for m in moves for x in m.mentions] + [(d.at, d.end, d) for d in drafts]
    shot = None
    for t in times:
        owner = None
        if t.role != "shot":
            after = [x for x in timed if t.end <= x[0] <= t.end + 3 and doc.clause[x[0]] == doc.clause[t.start]]
            before = [x for x in timed if x[1] <= t.start and doc.clause[x[1] - 1] == doc.clause[t.start]]
            if t.after and after:
                owner = min(after, key=lambda x: x[0])[2]
            elif before and t.role in ("span", "start"):
                owner = max(before, key=lambda x: x[1])[2]
            elif after and t.role == "start":
                owner = min(after, key=lambda x: x[0])[2]
        if owner is None:
            if t.role == "start" and shot is None:
                continue
            shot = shot if shot is not None else t.seconds
            continue
        is_move = not isinstance(owner, Draft)
        if t.role == "start":
            owner.start_s = t.seconds
        elif is_move:
            owner.duration_s = t.seconds
        else:
            owner.span_s = t.seconds
    return (shot, True) if shot is not None else (DEFAULT_DURATION_S, False)


def _camera(moves, duration_s: float) -> list[CameraMove]:
    out: list[CameraMove] = []
    chain = [m for m in moves if m.after_previous]
    unspecified = [m for m in moves if m.duration_s is None and (m.after_previous or (chain and m is moves[0]))]
    fixed = sum(m.duration_s or 0 for m in moves if m.after_previous or (chain and m is moves[0]))
    share = max(0.5, (duration_s - fixed) / len(unspecified)) if unspecified else None
    clock = 0.0
    for m in moves:
        start = m.start_s if m.start_s is not None else (clock if m.after_previous else 0.0)
        start = min(start, duration_s * 0.95)
        length = m.duration_s if m.duration_s is not None else (share if chain and m in unspecified else None)
        if length is not None:
            length = min(length, duration_s - start) or None
        # a move of under a millisecond ("0.0001 s craning up") is kept as the shortest the plan records
        out.append(CameraMove(move=m.move, start_s=round(start, 3), duration_s=max(round(length, 3), 0.001) if length else None,
                              amount=m.amount))
        clock = start + (length or 0)
    return out


def _props(reading: Reading) -> list[Prop]:
    props, counts = [], {}
    for kind, _ in reading.props:
        counts[kind] = counts.get(kind, 0) + 1
    seen: dict[str, int] = {}
    for kind, relation in reading.props:
        seen[kind] = seen.get(kind, 0) + 1
        pid = kind if counts[kind] == 1 else f"{kind}{seen[kind]}"
        props.append(Prop(id=pid, kind=kind, relation=relation))
    return props


def _actors(reading: Reading, times: dict, props: list[Prop], duration_s: float) -> list[Actor]:
    members = reading.cast.members
    actors = []
    for k, member in enumerate(members):
        actions = []
        for d in reading.drafts:
            if k not in d.actors:
                continue
            start, end = times[id(d)]
            target = None
            if d.target and d.target[0] == "actor" and d.target[1] != k:
                target = members[d.target[1]].id
            elif d.target and d.target[0] == "prop":
                target = props[d.target[1]].id
            elif d.target is None and d.kind == "speak" and len(d.actors) == 2:
                target = members[d.actors[1 - d.actors.index(k)]].id  # "a man and a woman argue": at each other
            cause = None
            if d.cause is not None:
                causer = next((j for j in d.cause.actors if j != k), None)
                if causer is not None:
                    cause = f"{members[causer].id}.{d.cause.verb}"
                    target = target or members[causer].id
            verb = _gait_of(member.description, d.verb) if d.guessed_from else d.verb
            category = d.category if d.kind == "jump" else group(verb) if d.kind == "action" else category_of(verb)
            actions.append(Action(
                kind=d.kind, verb=verb, category=category,
                speed=d.speed, emotion=d.emotion, start_s=start, end_s=end, target=target, text=d.text,
                direction=d.direction, cause=cause, guessed_from=d.guessed_from, posture=d.posture,
                phrase=d.phrase, performer=performer(verb, d.actors.index(k)) if d.kind == "action" else None))
        if not actions:  # present but not moving: "a terrified man in a hallway" still looks terrified
            still = sum(1 for j in range(len(members)) if not any(j in d.actors for d in reading.drafts))
            mood = reading.moods[0] if reading.moods and still == 1 else None  # "a woman laughing": hers
            actions.append(Action(kind="idle", verb="idle", start_s=0.0, end_s=duration_s,
                                  emotion=_described_emotion(member.description) or mood))
        actions.sort(key=lambda a: a.start_s)
        actors.append(Actor(id=member.id, description=member.description or member.key,
                            character=member.character or member.id, actions=actions))
    return actors


def _rise_from_ground(actors: list[Actor]) -> list[str]:
    """'crawls, then stands up': standing up from the ground is getting up (procedural:get_up), not rising from a
    seat; the note says so."""
    notes = []
    for actor in actors:
        for k in range(1, len(actor.actions)):
            before, action = actor.actions[k - 1], actor.actions[k]
            if action.posture == "stand" and before.kind == "action" and ends_on_ground(before.verb):
                actor.actions[k] = action.model_copy(update={"kind": "action", "verb": "get_up", "posture": None,
                                                             "category": group("get_up"),
                                                             "performer": performer("get_up")})
                notes.append(f"{actor.id}: standing up after {before.verb} is performed as get_up, from the ground")
    return notes


def _gait_of(description: str, verb: str) -> str:
    """A guessed plain walk performed by someone named for their gait ('a runner crosses …') takes that gait."""
    if verb != "walk":
        return verb
    found = [value for m in field_index("people.gait_nouns").scan(tokenize(description or ""))
             for _, value in m.payload]
    return found[0] if found else verb


def _described_emotion(description: str) -> str | None:
    found = [value for m in motion_index().scan(tokenize(description or "")) for kind, value in m.payload
             if kind == "emotion"]
    return found[0] if found else None


def _default_shot_type(actors: list[Actor]) -> str:
    kinds = {a.kind for actor in actors for a in actor.actions}
    if not actors:
        return "wide"
    if kinds & {"locomotion", "jump", "react"} or len(actors) > 2:
        return "full_body"
    return "medium"


def explicit_intensity(doc: Document) -> int | None:
    tokens = doc.tokens
    for i, tok in enumerate(tokens):
        if tok != "intensity":
            continue
        for j in range(i + 1, min(len(tokens), i + 5)):
            if tokens[j].isdigit():
                value = int(tokens[j]) if len(tokens[j]) <= 3 else None
                if value is None or not 1 <= value <= 10:
                    raise InputError("intensity", f"motion intensity {tokens[j]} is outside 1–10")
                return value
            if tokens[j] not in ("of", "level", "at", ":", "=", "is", "set", "to", "setting"):
                break
    return None


def recommended_intensity(actors: list[Actor]) -> int:
    """The guide's setting for the most vigorous action: running 7–10, subtle breathing 1–3."""
    table_ = table("modifiers")["intensity"]
    best = None
    for actor in actors:
        for a in actor.actions:
            base = table_["jump_types"].get(a.category, 8) if a.kind == "jump" else table_["verbs"].get(a.verb, 4)
            base += {"fast": 1, "slow": -1}.get(a.speed, 0)
            best = base if best is None else max(best, base)
    return int(np.clip(5 if best is None else best, 1, 10))


def _characters(reading: Reading, seed: int) -> list[Character]:
    out = []
    for k, member in enumerate(reading.cast.members):
        if member.character:
            continue
        words = member.description or member.key
        sex_words = {w for ws in table("characters")["sex"].values() for w in ws}
        if member.sex and not sex_words & set(words.split()):
            words = f"{member.sex} {words}"
        rng = np.random.default_rng([seed, k])
        out.append(describe_character(words, character_id=member.id, rng=rng))
    return out
