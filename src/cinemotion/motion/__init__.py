"""Action generators (locomotion, idle, transfer, jumps, gestures), blending, and the animate stage."""

from cinemotion.motion.animate import animate
from cinemotion.motion.blend import join_segments
from cinemotion.body.gait_params import gait_at, nominal_speed
from cinemotion.motion.performance import ActorMotion, Event, Performance, PropState

__all__ = ["ActorMotion", "Event", "Performance", "PropState", "animate", "gait_at", "join_segments",
           "nominal_speed"]
