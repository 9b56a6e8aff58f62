"""Background people in motion: each extra's walk, jog or standing idle from the cast's generators.

Cheap on purpose: one body-track window per extra (no gestures, hands, face, springs or
avoidance), straight along the heading direct gave it, from the extras' own random stream so the
cast's performance is the same with or without them.
"""

from __future__ import annotations

import numpy as np

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.actor_motion import ActorMotion
from cinemotion.body.gait_params import nominal_speed
from cinemotion.body.skeleton import make_body
from cinemotion.direct.plan import PlacedExtra, ShotPlan
from cinemotion.motion.blend import join_segments
from cinemotion.motion.locomotion.gait import perform as perform_gait
from cinemotion.motion.posture.standing import perform as perform_standing
from cinemotion.motion.segment import BodyState, SceneContext
from cinemotion.physics.contacts import pin_contacts
from cinemotion.spec.models import Action


class ExtrasMotionFigures(Figures):
    extras_intensity: Figure[int]


FIGURES = load_table("motion/extras.yaml", ExtrasMotionFigures)
# Background people move at a calm pace: intensity 4 of 10 puts a walk at 1.2 m/s, inside the
# comfortable 1.1–1.4 m/s of adult pedestrians (Bohannon 1997), and a jog at 2.5 m/s.
EXTRAS_INTENSITY = FIGURES.extras_intensity.value


def _perform_extra(shot: ShotPlan, extra: PlacedExtra, rng: np.random.Generator) -> ActorMotion:
    body = make_body(extra.character.height_m, extra.character.build)
    times = np.arange(shot.n_frames) / shot.fps
    moving = extra.activity != "stand"
    action = Action(kind="locomotion" if moving else "idle", verb=extra.activity if moving else "idle",
                    start_s=0.0, end_s=shot.duration_s)
    h = extra.start.heading_rad
    speed = nominal_speed(extra.activity, EXTRAS_INTENSITY) * shot.time_scale if moving else 0.0
    start = BodyState(position=np.array([extra.start.position[0], body.rest[0, 1], extra.start.position[2]]),
                      heading_rad=h, velocity=np.array([np.cos(h), 0.0, -np.sin(h)]) * speed,
                      gait_phase=float(rng.uniform()), verb=action.verb)
    scene = SceneContext(shot=shot, props=[], surface=shot.environment.surface,
                         motion_time_scale=shot.time_scale, intensity=EXTRAS_INTENSITY)
    generator = perform_gait if moving else perform_standing
    segment = generator(action, actor_id=extra.id, body=body, character=extra.character, start=start,
                        times=times, next_action=None, scene=scene, rng=rng)
    segment.first = 0
    rotations, root, contacts = join_segments([segment], shot.n_frames, shot.fps)
    motion = ActorMotion(actor_id=extra.id, character_id=extra.character.id, offsets=body.offsets,
                         rotations=rotations, root=root, contacts=contacts)
    pin_contacts(motion, body, shot.fps)
    return motion


def animate_extras(shot: ShotPlan, *, rng: np.random.Generator) -> list[ActorMotion]:
    """Every placed extra's motion on the shot's frame grid, in plan order, from the extras' stream `rng`."""
    return [_perform_extra(shot, extra, rng) for extra in shot.extras]
