"""Shared test factories: hand-built plans, shots, actors and cameras, so each stage can be tested alone.

Every test that needs a ShotPlan without running the language and direct stages builds it here; the
per-area helpers (gesture_shots, jump_shots, camera_shots, …) only choose their area's defaults.
"""

from __future__ import annotations

import numpy as np

from cinemotion.camera.path import CameraPath
from cinemotion.direct.plan import ActorState, PlacedActor, Plan, ShotPlan
from cinemotion.spec.models import Action, CameraMove, Character, Environment, Look, Shot, Storyboard

FPS = 24
WIDTH, HEIGHT = 160, 90


def placed_actor(actor_id: str, actions: list[Action] = (), *, character: Character | None = None,
                 start: ActorState | None = None, **fields) -> PlacedActor:
    """An actor as direct would place it: a plain character of the same id at the origin unless told otherwise."""
    return PlacedActor(id=actor_id, character=character or Character(id=actor_id), actions=list(actions),
                       start=start or ActorState(), **fields)


def shot_plan(actors: list[PlacedActor] = (), *, duration: float = 2.0, fps: int = FPS, width: int = WIDTH,
              height: int = HEIGHT, shot_id: str = "s", index: int = 0, seed: int = 0, shot_type: str = "full_body",
              angle: str = "eye_level", camera: list[CameraMove] = (), time_scale: float = 1.0, intensity: int = 5,
              environment: Environment | None = None, look: Look | None = None, **fields) -> ShotPlan:
    """One shot's plan with `actors`, `duration` seconds long (frames rounded), a bare studio and no camera move."""
    return ShotPlan(shot_id=shot_id, index=index, seed=seed, fps=fps, width=width, height=height,
                    duration_s=duration, n_frames=int(round(duration * fps)), shot_type=shot_type, angle=angle,
                    camera=list(camera), time_scale=time_scale, intensity=intensity, actors=list(actors),
                    environment=environment or Environment(), look=look or Look(), **fields)


def plan_of(shots: list[ShotPlan], *, seed: int = 0) -> Plan:
    """A film of `shots`, with the storyboard they stand for (their ids, prompts and lengths)."""
    first = shots[0]
    storyboard = Storyboard(shots=[Shot(id=s.shot_id, prompt=s.prompt, duration_s=s.duration_s) for s in shots])
    return Plan(cinemotion_version="test", seed=seed, fps=first.fps, width=first.width, height=first.height,
                storyboard=storyboard, shots=list(shots))


def static_camera(n_frames: int, position=(0.0, 1.2, -5.0)) -> CameraPath:
    """A camera looking along world +Z: world +X appears on the LEFT of the screen (OpenCV axes)."""
    rotation = np.array([[-1.0, 0, 0], [0, -1.0, 0], [0, 0, 1.0]])
    t = -rotation @ np.asarray(position)
    return CameraPath(width=WIDTH, height=HEIGHT, fps=FPS, rotation=np.repeat(rotation[None], n_frames, 0),
                      translation=np.repeat(t[None], n_frames, 0), fx=np.full(n_frames, 120.0),
                      fy=np.full(n_frames, 120.0), cx=WIDTH / 2, cy=HEIGHT / 2,
                      focus_distance_m=np.full(n_frames, 5.0))
