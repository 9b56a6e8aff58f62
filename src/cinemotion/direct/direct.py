"""The direct stage: a Storyboard → a Plan (cast, timed actions, placement, carry-over across cuts)."""

from __future__ import annotations

import numpy as np

from cinemotion import __version__
from cinemotion.body.gait_params import nominal_speed
from cinemotion.core.seeds import shot_seed, stream
from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.direct.animals import place_animals
from cinemotion.direct.extras import backdrop, place_extras, set_band
from cinemotion.direct.footholds import place_footholds
from cinemotion.direct.handheld import place_handheld
from cinemotion.direct.layout import distance_before, place_props
from cinemotion.direct.obstacles import choose_obstacles, keep_clear
from cinemotion.direct.partners import place_partners
from cinemotion.direct.plan import ActorState, PlacedActor, Plan, ShotPlan
from cinemotion.direct.reactions import add_reactions
from cinemotion.spec.models import Action, Shot, Storyboard


class BlockingFigures(Figures):
    actor_spacing_m: Figure[float]
    facing_distance_m: Figure[float]
    conversation_distance_m: Figure[float]


FIGURES = load_table("direct/direct.yaml", BlockingFigures)
ACTOR_SPACING_M = FIGURES.actor_spacing_m.value  # side-by-side spacing of a group
FACING_DISTANCE_M = FIGURES.facing_distance_m.value  # two characters who interact start this far apart, face to face
CONVERSATION_DISTANCE_M = FIGURES.conversation_distance_m.value  # two who address each other stand this far apart


def _timed(actions: list[Action], duration_s: float) -> list[Action]:
    """Actions sorted by start, each with an end: the next body action's start or the shot's end."""
    ordered = sorted(actions, key=lambda a: a.start_s)
    timed = []
    for i, action in enumerate(ordered):
        end = action.end_s
        if end is None:
            later = [a.start_s for a in ordered[i + 1:] if a.start_s > action.start_s and a.kind == action.kind]
            end = min(later) if later else duration_s
        start = min(action.start_s, duration_s)
        timed.append(action.model_copy(update={"start_s": start, "end_s": max(start, min(end, duration_s))}))
    return timed


def _moving_speed(actor: PlacedActor, intensity: int) -> tuple[float, str]:
    """Speed and verb the actor is travelling at when its shot ends (for the next shot's start)."""
    last = next((a for a in reversed(actor.actions) if a.kind == "locomotion"), None)
    if last is None or (last.end_s or 0.0) < max((a.end_s or 0.0) for a in actor.actions):
        return 0.0, "idle"
    return nominal_speed(last.verb, intensity, last.speed), last.verb


def _predict_end(actor: PlacedActor, shot: ShotPlan) -> ActorState:
    """Where the actor will be at the end of the shot, from the nominal speeds of its locomotion."""
    distance = sum(nominal_speed(a.verb, shot.intensity, a.speed) * ((a.end_s or 0) - a.start_s)
                   for a in actor.actions if a.kind == "locomotion") * shot.time_scale
    h = actor.start.heading_rad
    x, y, z = actor.start.position
    speed, verb = _moving_speed(actor, shot.intensity)
    return ActorState(position=[x + distance * np.cos(h), y, z - distance * np.sin(h)], heading_rad=h,
                      speed_mps=speed, verb=verb)


def _already_moving(actor: PlacedActor, state: ActorState, intensity: int) -> ActorState:
    """A prompt describes motion in progress: "a man sprinting" is at speed in the first frame."""
    first = next((a for a in actor.actions if a.kind not in ("gesture", "speak")), None)
    if first is None or first.kind != "locomotion" or first.start_s > 1e-6 or first.verb == "lunge":
        return state
    speed = nominal_speed(first.verb, intensity, first.speed, first.emotion)
    return state.model_copy(update={"speed_mps": speed, "verb": first.verb})


def _initial_states(actors: list[PlacedActor]) -> list[ActorState]:
    """A first layout: interacting pairs face each other, everyone else side by side.

    The first actor stands where it would alone and the others join at alternate sides, so adding an actor
    moves no one already there.
    """
    targets = {a.id: next((x.target for x in a.actions if x.target in {b.id for b in actors}), None)
               for a in actors}
    states = []
    for k, actor in enumerate(actors):
        z = (k + 1) // 2 * ACTOR_SPACING_M * (1 if k % 2 else -1)
        target = targets[actor.id]
        chased_by = next((a for a, t in targets.items() if t == actor.id), None)
        mutual = target is not None and targets.get(target) == actor.id
        if mutual and [a.id for a in actors].index(target) < k:
            # two who address each other (talk, argue): the second stands at conversation distance, facing the first
            states.append(ActorState(position=[CONVERSATION_DISTANCE_M, 0.0, 0.0], heading_rad=np.pi))
        elif chased_by is not None and target is None:
            # The one being approached stands ahead, facing back toward whoever comes at them.
            states.append(ActorState(position=[FACING_DISTANCE_M, 0.0, 0.0], heading_rad=np.pi))
        elif target is not None:
            states.append(ActorState(position=[0.0, 0.0, 0.0], heading_rad=0.0))
        else:
            states.append(ActorState(position=[0.0, 0.0, z], heading_rad=0.0))
    return states


def _plan_shot(storyboard: Storyboard, shot: Shot, index: int,
               carried: dict[str, ActorState], notes: list[str]) -> ShotPlan:
    seed = shot_seed(storyboard.seed, index)
    placed = [PlacedActor(id=a.id, character=shot.facts.cast[a.id], actions=_timed(a.actions, shot.duration_s))
              for a in shot.actors]
    for actor, state in zip(placed, _initial_states(placed)):
        actor.start = carried.get(actor.id) or _already_moving(actor, state, shot.intensity)
    subject = next((a.id for a in placed if any(x.kind in ("locomotion", "jump") for x in a.actions)),
                   placed[0].id if placed else None)
    plan = ShotPlan(
        shot_id=shot.id, index=index, seed=seed, fps=storyboard.fps, width=storyboard.width,
        height=storyboard.height, duration_s=shot.duration_s,
        n_frames=max(1, int(round(shot.duration_s * storyboard.fps))), shot_type=shot.shot_type,
        angle=shot.angle, camera=shot.camera, time_scale=shot.time_scale, intensity=shot.intensity,
        actors=placed, environment=shot.environment, look=shot.look, negative=shot.negative,
        motion_brushes=shot.motion_brushes, transition=shot.transition, subject=subject,
        prompt=shot.prompt, coaching=shot.facts.coaching,
    )
    place_props(plan, stream(seed, "props"))
    place_partners(plan)
    place_footholds(plan)
    place_handheld(plan)
    notes += choose_obstacles(plan, distance_before)
    notes += keep_clear(plan, distance_before)
    add_reactions(plan)
    cast_ends = [_predict_end(a, plan) for a in plan.actors]
    ground = backdrop(plan, cast_ends, set_band(plan.environment.setting)[1])  # shared: animals keep clear of extras
    notes += place_extras(plan, shot.facts.extras, ground, stream(seed, "extras"))
    notes += place_animals(plan, ground, stream(seed, "animals"))
    return plan


def direct(storyboard: Storyboard) -> Plan:
    """Decide who is where, doing what and when, shot by shot; carry actors across cuts.

    The storyboard comes completed by the language stage (language.complete: places settled, each shot's cast,
    coaching and extras' characters decided); direct reads those facts and re-derives none of them.
    """
    if not storyboard.completed:
        raise ValueError("direct reads a completed storyboard: pass it through language.complete first")
    shots: list[ShotPlan] = []
    carried: dict[str, ActorState] = {}
    decided: list[str] = []  # what direct itself approximated (extras left out, drawn simply)
    for index, shot in enumerate(storyboard.shots):
        plan = _plan_shot(storyboard, shot, index, carried, decided)
        shots.append(plan)
        carried = {a.id: _predict_end(a, plan) for a in plan.actors}
    return Plan(cinemotion_version=__version__, seed=storyboard.seed, fps=storyboard.fps,
                width=storyboard.width, height=storyboard.height, storyboard=storyboard, shots=shots,
                notes=[n for s in storyboard.shots for n in s.notes] + decided)
