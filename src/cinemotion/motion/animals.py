"""Animals in motion: a straight path at a steady pace with a gait-like bob (no skeleton).

What the renderer needs to pose a simple figure: where its body is, which way it faces and how far
through its stride cycle it is. Walkers' backs rise twice a cycle (each pair of legs' support);
a bird's body lifts with each downstroke.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cinemotion.direct.animals import animal_table
from cinemotion.direct.plan import PlacedAnimal, ShotPlan


@dataclass
class AnimalMotion:
    """One animal on the shot's frame grid: body centre (F, 3) world m, heading (rad), stride phase (F,) in cycles."""

    animal_id: str
    kind: str
    root: np.ndarray
    heading_rad: float
    phase: np.ndarray


def _animate(shot: ShotPlan, animal: PlacedAnimal) -> AnimalMotion:
    spec = animal_table()[animal.kind]
    body_time = np.arange(shot.n_frames) / shot.fps * shot.time_scale
    h = animal.start.heading_rad
    direction = np.array([np.cos(h), 0.0, -np.sin(h)])
    phase = animal.start.gait_phase + spec["stride_hz"] * body_time
    base = np.array(animal.start.position) + np.array([0.0, spec["height_m"] * 0.75, 0.0])
    bob = spec["bob_m"] * np.abs(np.sin(2 * np.pi * phase)) if animal.kind != "bird" else \
        spec["bob_m"] * np.sin(2 * np.pi * phase)
    root = base + np.outer(body_time * animal.start.speed_mps, direction) + np.outer(bob, [0.0, 1.0, 0.0])
    return AnimalMotion(animal_id=animal.id, kind=animal.kind, root=root, heading_rad=h, phase=phase)


def animate_animals(shot: ShotPlan) -> list[AnimalMotion]:
    """Every placed animal's path and stride on the shot's frame grid, in plan order."""
    return [_animate(shot, a) for a in shot.animals]
