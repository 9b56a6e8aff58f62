"""Perform a hand-built shot's body track (the body-track half of motion.animate) for locomotion tests."""

from __future__ import annotations

import numpy as np

from cinemotion.body.skeleton import make_body
from cinemotion.direct.plan import ActorState, PlacedActor, ShotPlan
from cinemotion.motion.animate import body_track, _generator
from cinemotion.motion.blend import join_segments
from cinemotion.body.gait_params import nominal_speed
from cinemotion.motion.performance import ActorMotion
from cinemotion.motion.segment import BodyState, SceneContext
from cinemotion.physics.contacts import pin_contacts
from cinemotion.spec.models import Action, CameraMove, Character, Environment

import factories


def shot_plan(actions: list[Action], duration: float, *, fps: int = 60, intensity: int = 5,
              surface: str = "concrete", effects: tuple = (), time_scale: float = 1.0,
              path: tuple = (), start: ActorState | None = None) -> ShotPlan:
    actor = PlacedActor(id="a", character=Character(id="a"), actions=actions, path=[list(p) for p in path],
                        start=start or ActorState())
    return factories.shot_plan([actor], duration=duration, fps=fps, camera=[CameraMove()], time_scale=time_scale,
                               intensity=intensity, environment=Environment(surface=surface, effects=list(effects)))


def perform_shot(shot: ShotPlan, seed: int = 0):
    """(ActorMotion after contact pinning, events) for the shot's first actor."""
    actor = shot.actors[0]
    scene = SceneContext(shot=shot, props=[], surface=shot.environment.surface,
                         motion_time_scale=shot.time_scale, intensity=shot.intensity)
    body = make_body(actor.character.height_m, actor.character.build)
    rng = np.random.default_rng(seed)
    n, fps = shot.n_frames, shot.fps
    times = np.arange(n) / fps
    s = actor.start
    state = BodyState(position=np.array([s.position[0], body.rest[0, 1], s.position[2]]), heading_rad=s.heading_rad,
                      velocity=np.array([np.cos(s.heading_rad), 0.0, -np.sin(s.heading_rad)]) * s.speed_mps
                      * shot.time_scale,
                      gait_phase=s.gait_phase, verb=s.verb)
    track = body_track(actor, shot.duration_s)
    segments, events = [], []
    for i, action in enumerate(track):
        first = int(round(action.start_s * fps))
        last = n if i == len(track) - 1 else int(round(action.end_s * fps))
        if last <= first:
            continue
        seg = _generator(action, state)(action, actor_id=actor.id, body=body, character=actor.character, start=state,
                                      times=times[first:last], next_action=track[i + 1] if i + 1 < len(track) else None,
                                      scene=scene, rng=rng)
        seg.first = first
        segments.append(seg)
        events += seg.events
        state = seg.end
    rotations, root, contacts = join_segments(segments, n, fps)
    motion = ActorMotion(actor_id=actor.id, character_id=actor.character.id, offsets=body.offsets,
                         rotations=rotations, root=root, contacts=contacts)
    pin_contacts(motion, body, fps)
    return motion, events


def cruising(verb: str, duration: float = 4.0, *, fps: int = 60, intensity: int = 5, seed: int = 0, **kw):
    """A verb performed for the whole shot by a body already moving at the verb's speed (steady state)."""
    speed = nominal_speed(verb, intensity) if verb != "lunge" else 0.0
    start = ActorState(speed_mps=speed, verb=verb)  # the body's real speed
    shot = shot_plan([Action(kind="locomotion", verb=verb, start_s=0.0, end_s=duration)], duration, fps=fps,
                     intensity=intensity, start=start, **kw)
    return perform_shot(shot, seed)
