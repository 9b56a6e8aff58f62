"""Keep several characters' bodies apart by steering their root paths smoothly."""

from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter1d, maximum_filter1d

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.actor_motion import ActorMotion
from cinemotion.body.skeleton import make_body
from cinemotion.direct.partners import in_contact
from cinemotion.direct.plan import ShotPlan
from cinemotion.physics.capsules import body_distance
from cinemotion.physics.contacts import pin_contacts


class CollisionFigures(Figures):
    margin_m: Figure[float]
    smooth_s: Figure[float]


FIGURES = load_table("physics/collisions.yaml", CollisionFigures)
MARGIN_M = FIGURES.margin_m.value  # personal-space margin kept between capsule surfaces
SMOOTH_S = FIGURES.smooth_s.value  # steering changes over about a quarter second, like a side-step


def _height(shot: ShotPlan, actor_id: str) -> float:
    return next(a.character.height_m for a in shot.actors if a.id == actor_id)


def _repin(motion: ActorMotion, shot: ShotPlan) -> None:
    """The steered root drags planted feet; pin them again where they first touched down."""
    character = next(a.character for a in shot.actors if a.id == motion.actor_id)
    pin_contacts(motion, make_body(character.height_m, character.build), shot.fps)


def separate_actors(actors: list[ActorMotion], shot: ShotPlan, iterations: int = 4) -> None:
    """Push overlapping bodies apart in the ground plane; the faster mover yields the way."""
    if len(actors) < 2:
        return
    fps = shot.fps
    for _ in range(iterations):
        moved = False
        for i in range(len(actors)):
            for j in range(i + 1, len(actors)):
                a, b = actors[i], actors[j]
                if in_contact(shot, a.actor_id, b.actor_id):
                    continue  # a hug or a couple's dance: their bodies are meant to touch
                gap = body_distance(a.joints, b.joints, _height(shot, a.actor_id), _height(shot, b.actor_id))
                need = np.maximum(MARGIN_M - gap, 0.0)
                if not need.any():
                    continue
                moved = True
                speed_a = np.linalg.norm(np.gradient(a.root[:, [0, 2]], axis=0), axis=1).mean()
                speed_b = np.linalg.norm(np.gradient(b.root[:, [0, 2]], axis=0), axis=1).mean()
                mover, other = (a, b) if speed_a >= speed_b else (b, a)
                away = mover.root[:, [0, 2]] - other.root[:, [0, 2]]
                norm = np.linalg.norm(away, axis=1, keepdims=True)
                away = np.where(norm > 1e-6, away / np.maximum(norm, 1e-6), np.array([[0.0, 1.0]]))
                # Widen the push in time, then smooth, so the correction is a gentle side-step.
                width = max(1, int(SMOOTH_S * fps))
                amount = gaussian_filter1d(maximum_filter1d(need, size=2 * width + 1), sigma=width / 2) * 1.3
                amount = np.maximum(amount, need * 1.05)
                shift = np.zeros_like(mover.root)
                shift[:, [0, 2]] = away * amount[:, None]
                mover.root = mover.root + shift
                mover.refresh_joints()
                _repin(mover, shot)
        if not moved:
            return
