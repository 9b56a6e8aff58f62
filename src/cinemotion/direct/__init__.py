"""The planner: scene layout, spatial relations, action timelines, reactions, carry-over across cuts."""

from cinemotion.direct.direct import direct, shot_seed
from cinemotion.direct.plan import ActorState, PlacedActor, PlacedProp, Plan, Reaction, ShotPlan

__all__ = ["ActorState", "PlacedActor", "PlacedProp", "Plan", "Reaction", "ShotPlan", "direct", "shot_seed"]
