"""Hand-built shots and body tracks for gesture tests (no parser, no body generators in the loop)."""

from __future__ import annotations

import numpy as np

from cinemotion.body.skeleton import N_JOINTS, Body, make_body
from cinemotion.direct.plan import ActorState, PlacedActor, ShotPlan
from cinemotion.motion.performance import ActorMotion
from cinemotion.spec.models import Action, Character

from factories import shot_plan

FACING_Z = -np.pi / 2  # heading whose travel direction is +Z: the rest pose's facing


def gesture_shot(actions: list[Action], *, duration: float = 3.0, fps: int = 24, intensity: int = 5,
                 others: list[PlacedActor] = (), height: float = 1.72, time_scale: float = 1.0) -> ShotPlan:
    character = Character(id="hero", height_m=height)
    actor = PlacedActor(id="hero", character=character, actions=actions,
                        start=ActorState(position=[0.0, 0.0, 0.0], heading_rad=FACING_Z))
    return shot_plan([actor, *others], duration=duration, fps=fps, seed=1, shot_type="medium_close_up",
                     time_scale=time_scale, intensity=intensity, subject="hero")


def standing_motion(shot: ShotPlan, body: Body | None = None) -> tuple[ActorMotion, Body]:
    """The rest pose held for the whole shot: a body track with nothing moving."""
    actor = shot.actors[0]
    body = body or make_body(actor.character.height_m)
    n = shot.n_frames
    rotations = np.tile(np.array([0.0, 0.0, 0.0, 1.0]), (n, N_JOINTS, 1))
    root = np.tile(body.rest[0], (n, 1))
    motion = ActorMotion(actor_id=actor.id, character_id=actor.character.id, offsets=body.offsets,
                         rotations=rotations, root=root, contacts=np.ones((n, 2), bool))
    return motion, body


def walking_motion(shot: ShotPlan, verb: str = "walk") -> tuple[ActorMotion, Body]:
    """A real gait track from the locomotion generator, heading along +Z for the whole shot."""
    from cinemotion.motion.locomotion.gait import perform
    from cinemotion.motion.segment import BodyState, SceneContext

    actor = shot.actors[0]
    body = make_body(actor.character.height_m)
    times = np.arange(shot.n_frames) / shot.fps
    start = BodyState(position=np.array([0.0, body.rest[0, 1], 0.0]), heading_rad=FACING_Z, velocity=np.zeros(3))
    scene = SceneContext(shot=shot, props=[], surface="concrete", motion_time_scale=shot.time_scale,
                         intensity=shot.intensity)
    segment = perform(Action(kind="locomotion", verb=verb, start_s=0.0, end_s=shot.duration_s), actor_id=actor.id,
                      body=body, character=actor.character, start=start, times=times, next_action=None, scene=scene,
                      rng=np.random.default_rng(3))
    motion = ActorMotion(actor_id=actor.id, character_id=actor.character.id, offsets=body.offsets,
                         rotations=segment.rotations, root=segment.root, contacts=segment.contacts)
    return motion, body
