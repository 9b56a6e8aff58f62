"""Hand-built shots and performances for the camera tests (the motion stage is not needed).

A performance is a rest-pose body (identity rotations) whose root travels along +X at a given
speed, with an optional vertical gait bounce at the step frequency to check the follow's smoothing.
"""

from __future__ import annotations

import numpy as np

from cinemotion.body.skeleton import N_JOINTS, make_body
from cinemotion.direct.plan import PlacedActor, ShotPlan
from cinemotion.motion.performance import ActorMotion, Performance, PropState
from cinemotion.spec.models import CameraMove, Character, Look

from factories import shot_plan

HEIGHT_M = 1.72


def actor_motion(actor_id: str, n: int, fps: float, *, speed: float = 0.0, start=(0.0, 0.0),
                 bounce_m: float = 0.0, step_hz: float = 2.8, height_m: float = HEIGHT_M) -> ActorMotion:
    body = make_body(height_m)
    t = np.arange(n) / fps
    root = np.tile(body.rest[0], (n, 1))
    root[:, 0] += start[0] + speed * t
    root[:, 2] += start[1]
    root[:, 1] += bounce_m * np.sin(2 * np.pi * step_hz * t)
    rotations = np.tile([0.0, 0.0, 0.0, 1.0], (n, N_JOINTS, 1))
    return ActorMotion(actor_id, actor_id, body.offsets, rotations, root, np.ones((n, 2), bool))


def make_shot(*, duration: float = 2.0, fps: int = 24, width: int = 160, height: int = 90,
              shot_type: str = "full_body", angle: str = "eye_level", moves: list[CameraMove] | None = None,
              actors: tuple[str, ...] = ("a",), subject: str | None = None, composition: str = "centered",
              depth_of_field: str = "none", negative: list[str] | None = None) -> ShotPlan:
    placed = [PlacedActor(id=a, character=Character(id=a), actions=[]) for a in actors]
    return shot_plan(placed, duration=duration, fps=fps, width=width, height=height, shot_type=shot_type, angle=angle,
                     camera=moves if moves is not None else [CameraMove()], subject=subject,
                     look=Look(composition=composition, depth_of_field=depth_of_field), negative=negative or [])


def performance(shot: ShotPlan, motions: list[ActorMotion], props: list[PropState] | None = None) -> Performance:
    return Performance(shot_id=shot.shot_id, fps=shot.fps, n_frames=shot.n_frames, actors=motions,
                       props=props or [])


def simple(shot: ShotPlan, **motion) -> Performance:
    """The shot's single actor standing (or moving, with `speed`) at the origin."""
    return performance(shot, [actor_motion("a", shot.n_frames, shot.fps, **motion)])
