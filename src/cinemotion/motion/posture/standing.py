"""Standing: a body arriving at speed slows over a few steps and closes its feet; then small weight shifts.

Quiet standing sways the centre of mass by ≈1 cm with slow, irregular weight shifts between the feet
(Winter DA (1995) Human balance and posture control during standing and walking. Gait Posture 3:193–214);
intensity 1 is stillness, higher intensities shift weight more and more often.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter1d

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.gait_params import verbs
from cinemotion.body.skeleton import Body
from cinemotion.motion.locomotion.footing import surface_effects
from cinemotion.motion.locomotion.gait import PAD_S, footfall_events, plan_gait
from cinemotion.motion.locomotion.gait_plan import lateral
from cinemotion.motion.locomotion.gait_pose import pose
from cinemotion.motion.segment import BodyState, SceneContext, Segment
from cinemotion.spec.models import Action, Character


class StandingFigures(Figures):
    sway_m: Figure[float]
    shift_period_s: Figure[tuple[float, float]]
    stopping_s: Figure[float]


FIGURES = load_table("motion/posture/standing.yaml", StandingFigures)
SWAY_M = FIGURES.sway_m.value  # quiet-standing CoM sway amplitude at full intensity [Winter 1995]
SHIFT_PERIOD_S = FIGURES.shift_period_s.value  # time between weight shifts
STOPPING_S = FIGURES.stopping_s.value  # a body arriving at speed comes to rest within this (a few decelerating steps) [Jian 1993]


def _weight_shifts(tau: np.ndarray, intensity: int, rng: np.random.Generator) -> np.ndarray:
    """Lateral pelvis offset (n,): slow, irregular shifts from foot to foot, zero at intensity 1."""
    amount = SWAY_M * (intensity - 1) / 9
    out = np.zeros(len(tau))
    if amount <= 0 or len(tau) < 2:
        return out
    t, side = tau[0] + rng.uniform(0.0, SHIFT_PERIOD_S[0]), rng.choice([-1.0, 1.0])
    level = np.zeros(len(tau))
    while t < tau[-1]:
        level[tau >= t] = side * amount * rng.uniform(0.5, 1.0)
        side = -side
        t += rng.uniform(*SHIFT_PERIOD_S) * (1.2 - intensity / 10)
    fps = 1.0 / np.median(np.diff(tau))
    return gaussian_filter1d(level, 0.6 * fps)


def perform(action: Action, *, actor_id: str, body: Body, character: Character, start: BodyState,
            times: np.ndarray, next_action: Action | None, scene: SceneContext,
            rng: np.random.Generator) -> Segment:
    """Stand (decelerating first when the body arrives moving) for the window; sitting: motion.posture.sitting."""
    time_scale = scene.motion_time_scale
    frame_dt = (times[1] - times[0]) if len(times) > 1 else 1.0 / scene.shot.fps
    pad = int(np.ceil(PAD_S / (frame_dt * time_scale)))
    tau = np.arange(-pad, len(times) + pad) * frame_dt * time_scale
    verb = start.verb if start.verb in verbs() else "walk"
    motion_start = BodyState(position=start.position, heading_rad=start.heading_rad,
                             velocity=start.velocity / time_scale, gait_phase=start.gait_phase, verb=verb,
                             rotations=start.rotations)
    window_end = len(times) * frame_dt * time_scale
    plan = plan_gait(verb, body=body, start=motion_start, tau=tau, target_speed=0.0,
                     stop_at=min(window_end, STOPPING_S), waypoints=[], surface=surface_effects(scene.surface, []),
                     rng=rng)
    shift = _weight_shifts(tau, scene.intensity, rng) * (tau >= 0)
    plan.root += lateral(plan.heading) * shift[:, None]
    plan.extras["roll"] = plan.extras.get("roll", 0.0) + 3.0 * shift  # the pelvis drops toward the unloaded leg
    rotations, root, contacts = pose(plan, body)
    window = slice(pad, pad + len(times))
    last = pad + len(times) - 1
    end = BodyState(position=root[last].copy(), heading_rad=float(plan.heading[last]), velocity=np.zeros(3),
                    gait_phase=float(plan.phase[last] % 1.0), verb="idle", rotations=rotations[last].copy())
    events = footfall_events(plan, actor_id, body, float(times[0]), time_scale, window_end,
                              scene.surface, surface_effects(scene.surface, []), None)
    return Segment(first=0, rotations=rotations[window], root=root[window], contacts=contacts[window],
                   events=events, end=end)
