"""The animate stage: a shot's plan → each actor's joint transforms per frame, plus events."""

from __future__ import annotations

import numpy as np

from cinemotion.body.skeleton import make_body
from cinemotion.core.seeds import substream
from cinemotion.direct.plan import ActorState, PlacedActor, ShotPlan
from cinemotion.motion.animals import animate_animals
from cinemotion.motion import react
from cinemotion.motion.blend import join_segments
from cinemotion.motion.brush import apply_brushes
from cinemotion.motion.extremities.face import perform_face
from cinemotion.motion.extremities.hands import perform_hands
from cinemotion.motion.gesture.layer import layer_gestures
from cinemotion.motion.handover import starting_from
from cinemotion.motion.jump import phases as jump
from cinemotion.motion.extras import animate_extras
from cinemotion.motion.locomotion import gait
from cinemotion.motion.performance import ActorMotion, Event, Performance, PropState, SpokenLine
from cinemotion.motion.library import hold_props, layer_actions, layered
from cinemotion.motion.library import player as library_player
from cinemotion.motion.posture import sitting, standing
from cinemotion.motion.segment import BodyState, SceneContext, Segment, SegmentGenerator
from cinemotion.motion.speech import speak_lines
from cinemotion.motion.transfer import clip
from cinemotion.physics.collisions import separate_actors
from cinemotion.physics.contacts import pin_contacts
from cinemotion.physics.springs import shot_wind, simulate_secondary
from cinemotion.spec.models import Action

# Which generator fills the body track for each action kind.
# Gestures, speech and upper-body reactions are layers on top of the body track, not windows.
BODY_GENERATORS: dict[str, SegmentGenerator] = {
    "locomotion": gait.perform,
    "jump": jump.perform,
    "idle": standing.perform,
    "transfer": clip.perform,
    "react": react.perform,
    "action": library_player.perform,
}
LAYER_KINDS = ("gesture", "speak")


def _generator(action: Action, start: BodyState) -> SegmentGenerator:
    """The body-track generator of an action; an idle window that sits, crouches, turns or stays seated is a posture."""
    if action.kind == "idle" and sitting.takes_over(action, start):
        return sitting.perform
    return BODY_GENERATORS[action.kind]


def body_track(actor: PlacedActor, duration_s: float) -> list[Action]:
    """The actor's body-driving actions in order, gaps filled with idle."""
    track: list[Action] = []
    clock = 0.0
    body_actions = [a for a in actor.actions if a.kind not in LAYER_KINDS and not layered(a, actor.actions)]
    for action in sorted(body_actions, key=lambda a: a.start_s):
        if action.start_s > clock + 1e-6:
            track.append(Action(kind="idle", verb="idle", start_s=clock, end_s=action.start_s))
        elif track and action.start_s < clock - 1e-6:
            # An overlapping body action (a reaction cutting in) ends the one before it.
            track[-1] = track[-1].model_copy(update={"end_s": max(track[-1].start_s, action.start_s)})
            if track[-1].end_s - track[-1].start_s < 1e-6:
                track.pop()
        track.append(action)
        clock = max(clock, action.end_s if action.end_s is not None else duration_s)
    if clock < duration_s - 1e-6:
        track.append(Action(kind="idle", verb="idle", start_s=clock, end_s=duration_s))
    return track


def _perform_actor(shot: ShotPlan, actor: PlacedActor, scene: SceneContext, lines: list[SpokenLine],
                   rng: np.random.Generator) -> tuple[ActorMotion, list[Event], list[PropState]]:
    fps, n = shot.fps, shot.n_frames
    times = np.arange(n) / fps
    body = make_body(actor.character.height_m, actor.character.build)
    start = actor.start
    state = BodyState(
        position=np.array([start.position[0], body.rest[0, 1], start.position[2]]),
        heading_rad=start.heading_rad,
        # ActorState speeds are the body's real speed; generators take velocities on the shot clock
        velocity=np.array([np.cos(start.heading_rad), 0.0, -np.sin(start.heading_rad)]) * start.speed_mps
        * shot.time_scale,
        gait_phase=start.gait_phase,
        verb=start.verb,
    )
    track = body_track(actor, shot.duration_s)
    segments: list[Segment] = []
    for i, action in enumerate(track):
        first = int(round(action.start_s * fps))
        last = n if i == len(track) - 1 else int(round((action.end_s or shot.duration_s) * fps))
        if last <= first:
            continue
        segment = _generator(action, state)(
            action, actor_id=actor.id, body=body, character=actor.character, start=state,
            times=times[first:last], next_action=track[i + 1] if i + 1 < len(track) else None,
            scene=scene, rng=rng,
        )
        segment.first = first
        segments.append(segment)
        state = segment.end
        scene.seats += [sitting.placed_seat(seat) for seat in segment.seats  # later windows and actors meet it there
                        if seat.id not in {placed.id for placed in scene.seats}]

    # 1. Join the windows into one track, cross-fading poses at each seam
    rotations, root, contacts = join_segments(segments, n, fps)
    events = [e for s in segments for e in s.events]
    motion = ActorMotion(actor_id=actor.id, character_id=actor.character.id, offsets=body.offsets,
                         rotations=rotations, root=root, contacts=contacts)

    # 2. Pin planted feet and keep every joint above the ground
    pin_contacts(motion, body, fps)

    # 3. Layer gestures, speech and involuntary life on top of the body track
    events += layer_gestures(motion, actor, body, shot, lines=lines, rng=rng, props=scene.placed_props())
    events += layer_actions(motion, actor.actions, body, scene)
    return motion, events, [seat for s in segments for seat in s.seats]


def _perform_extremities(shot: ShotPlan, actors: list[ActorMotion], lines: list[SpokenLine],
                         rng: np.random.Generator) -> None:
    """Hands and face landmarks from each final pose (after bodies were steered apart)."""
    for placed, motion in zip(shot.actors, actors):
        body = make_body(placed.character.height_m, placed.character.build)
        perform_hands(motion, placed, body, shot)
        perform_face(motion, placed, body, shot, lines=lines, rng=substream(rng, placed.id, "face"))


def animate(shot: ShotPlan, *, rng: np.random.Generator,
            start_states: dict[str, ActorState] | None = None) -> Performance:
    """Turn each actor's action timeline into joint transforms per frame.

    Each actor draws from its own stream of `rng` (body, face, springs), so adding an actor changes no other's motion.
    `start_states` (the hand-over across a cut, motion.handover) replaces the planned start of the actors it names;
    `shot` itself is not changed, and the performance records the states it started from.
    """
    start_states = start_states or {}
    shot = starting_from(shot, start_states)
    # 1. Scene context: placed props, surface, time scale; every spoken line synthesised once
    lines = speak_lines(shot)
    scene = SceneContext(shot=shot, props=shot.props, surface=shot.environment.surface,
                         motion_time_scale=shot.time_scale, intensity=shot.intensity)
    # 2. Perform each actor, sitters first so a seat stands where its sitter sat before anyone aims at or jumps it
    #    (each actor draws from its own stream, so the order changes no one's draws); the cast keeps plan order
    sitters = {seat.sitter for seat in shot.seats}
    performed: dict[str, ActorMotion] = {}
    events: list[Event] = []
    seats: dict[str, PropState] = {}  # each seat stands where its sitter sat down (direct chose it, not where)
    for actor in sorted(shot.actors, key=lambda a: a.id not in sitters):
        motion, actor_events, placed = _perform_actor(shot, actor, scene, lines, substream(rng, actor.id))
        scene.others[actor.id] = motion.root
        performed[actor.id] = motion
        events += actor_events
        seats |= {seat.id: seat for seat in reversed(placed)}  # the first time it is sat on
    actors = [performed[actor.id] for actor in shot.actors]
    # 3. Keep bodies apart and let cloth and hair follow (springs)
    separate_actors(actors, shot)
    simulate_secondary(actors, shot, rng=rng)
    props = [seats[s.id] for s in shot.seats if s.id in seats] + [
        PropState(id=p.id, kind=p.kind, center=np.array(p.center), size=np.array(p.size), yaw=p.yaw_rad, color=p.color)
        for p in shot.props]
    hold_props(props, events, actors, shot.fps)  # what the hands lift and carry moves with them
    events.sort(key=lambda e: (e.time_s, e.actor, e.kind))
    wind = shot_wind(shot)
    performance = Performance(shot_id=shot.shot_id, fps=shot.fps, n_frames=shot.n_frames, actors=actors,
                              props=props, events=events, wind=wind, extras=animate_extras(shot, rng=substream(rng, "extras")),
                              animals=animate_animals(shot), start_states=dict(start_states), utterances=lines)
    # 4. Painted motion brushes move what they cover; then hands and faces on the final bodies
    apply_brushes(performance, shot)
    _perform_extremities(shot, actors, lines, rng)
    return performance
