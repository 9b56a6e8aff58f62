"""Hand-built shot plans for jump tests (no parser in the loop)."""

from __future__ import annotations

import numpy as np

from cinemotion.direct.plan import ActorState, PlacedActor, ShotPlan
from cinemotion.spec.models import Action, Character, Environment, Prop

from factories import shot_plan


def jump_shot(actions: list[Action], *, props: list[Prop] = (), duration: float = 3.0, fps: int = 60,
              speed: float = 0.0, verb: str = "idle", prompt: str = "") -> ShotPlan:
    character = Character(id="hero", height_m=1.72, build="athletic")
    actor = PlacedActor(id="hero", character=character, actions=actions,
                        start=ActorState(position=[0.0, 0.0, 0.0], heading_rad=0.0, speed_mps=speed, verb=verb))
    return shot_plan([actor], duration=duration, fps=fps, width=320, height=180, seed=1, intensity=7,
                     environment=Environment(props=list(props)), prompt=prompt, subject="hero")


def joints_inside(joints: np.ndarray, center, size, yaw: float) -> np.ndarray:
    """(frame, joint) pairs of joints strictly inside a yawed box."""
    rel = joints - np.asarray(center, float)
    c, s = np.cos(yaw), np.sin(yaw)
    local = np.stack([c * rel[..., 0] - s * rel[..., 2], rel[..., 1], s * rel[..., 0] + c * rel[..., 2]], -1)
    return np.argwhere((np.abs(local) < np.asarray(size, float) / 2).all(axis=-1))
