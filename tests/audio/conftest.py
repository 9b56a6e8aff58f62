"""Hand-built plans, performances and cameras for the audio tests (the other stages run elsewhere)."""

from __future__ import annotations

import numpy as np
import pytest

from cinemotion.direct.plan import PlacedActor, Plan, ShotPlan
from cinemotion.motion.performance import ActorMotion, Event, Performance
from cinemotion.motion.speech import speak_lines
from cinemotion.spec.models import Action, Character, Environment, Voice

from factories import FPS, HEIGHT, WIDTH, plan_of, shot_plan, static_camera  # noqa: F401 (the audio tests import them from here)


def standing_motion(actor_id: str, n_frames: int, x: float = 0.0) -> ActorMotion:
    joints = np.zeros((n_frames, 22, 3))
    joints[:, :, 0] = x
    joints[:, :, 1] = np.linspace(0.0, 1.7, 22)  # head (index 15) lands near 1.2 m: good enough to pan by
    return ActorMotion(actor_id=actor_id, character_id=actor_id, offsets=np.zeros((22, 3)),
                       rotations=np.tile([0, 0, 0, 1.0], (n_frames, 22, 1)), root=joints[:, 0].copy(),
                       contacts=np.ones((n_frames, 2), bool), joints=joints)


def make_shot(index: int, duration_s: float, *, environment: Environment | None = None, time_scale: float = 1.0,
              actors: list[PlacedActor] | None = None) -> ShotPlan:
    return shot_plan(actors or [], duration=duration_s, shot_id=f"shot{index + 1}", index=index,
                     time_scale=time_scale, environment=environment)


def make_plan(shots: list[ShotPlan]) -> Plan:
    return plan_of(shots)


def speaker(actor_id: str, text: str, start_s: float, voice: Voice) -> PlacedActor:
    return PlacedActor(id=actor_id, character=Character(id=actor_id, voice=voice),
                       actions=[Action(kind="speak", verb="speak", text=text, start_s=start_s, end_s=start_s + 2)])


def footsteps(times, surface="concrete", speed=3.0, actor="a", x=0.0) -> list[Event]:
    return [Event(time_s=float(t), kind="foot_strike", actor=actor, side=("left", "right")[i % 2],
                  position=(x, 0.0, 0.0), strength=0.6, speed_mps=speed, surface=surface)
            for i, t in enumerate(times)]


def scene(events, *, duration_s=2.0, environment=None, time_scale=1.0, actors=None):
    """One shot with `events`, a standing actor 'a' at x = 0, and a static camera."""
    shot = make_shot(0, duration_s, environment=environment, time_scale=time_scale, actors=actors)
    motions = [standing_motion(a.id, shot.n_frames) for a in (actors or [])]
    performance = Performance(shot_id=shot.shot_id, fps=FPS, n_frames=shot.n_frames, actors=motions,
                              events=list(events), utterances=speak_lines(shot))
    return make_plan([shot]), [performance], [static_camera(shot.n_frames)]


@pytest.fixture
def rng():
    return np.random.default_rng(7)
