"""Animals in the shot: each one the prompt names on a straight path through the backdrop.

They share the extras' backdrop (direct/extras.py): behind the cast, on the side away from the
camera, on lanes clear of the cast's paths and of the extras'. Birds fly above it. Their own random
stream leaves the cast's performance unchanged.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from cinemotion.core.tables import load_table
from cinemotion.direct.extras import Backdrop
from cinemotion.direct.plan import ActorState, PlacedAnimal, ShotPlan

PACE_SPREAD = tuple(load_table("direct/animals.yaml")["pace_spread"]["value"])  # one animal quicker than another


@cache
def animal_table() -> dict:
    return load_table("direct/animals.yaml")["kinds"]


def place_animals(plan: ShotPlan, ground: Backdrop, rng: np.random.Generator) -> list[str]:
    """Fill `plan.animals` from `plan.environment.animals` (drawing from the animals' own stream `rng`);
    returns notes on those left out."""
    placed: list[PlacedAnimal] = []
    flock = None  # birds of one shot fly together: one heading, loosely spaced
    for k, kind in enumerate(plan.environment.animals):
        spec = animal_table()[kind]
        if kind == "bird":
            if flock is None:  # the flock crosses the cast's middle at mid-shot, far behind it
                direction = float(rng.choice([-1.0, 1.0]))
                flock = ground.origin + (ground.q_base + rng.uniform(*spec["depth_m"])) * ground.away \
                    + (ground.s_middle - direction * spec["speed_mps"] * ground.body_seconds / 2) * ground.along, \
                    direction
            centre, direction = flock
            start = centre + rng.normal(0.0, 1.2) * ground.along + rng.normal(0.0, 0.8) * ground.away
            height = float(rng.uniform(*spec["flight_m"]))
        else:
            found = ground.spot(rng, spec["depth_m"], spec["speed_mps"] * PACE_SPREAD[1], spec["spread_m"])
            if found is None:
                continue
            start, direction = found
            height = 0.0
        placed.append(PlacedAnimal(id=f"{kind}{k + 1}", kind=kind, start=ActorState(
            position=[float(start[0]), height, float(start[1])], heading_rad=ground.heading(direction),
            speed_mps=spec["speed_mps"] * float(rng.uniform(*PACE_SPREAD)), verb="fly" if kind == "bird" else "walk",
            gait_phase=float(rng.uniform()))))
    plan.animals = placed
    left = len(plan.environment.animals) - len(placed)
    return [f"animals: {left} left out: no room clear of the cast in the set"] if left else []
