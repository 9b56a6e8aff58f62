"""The swing foot's path between two footfalls of one side: ankle targets, foot pitch and yaw per frame.

Over the ground, early swing follows the published thigh and knee curves (the foot trails, then whips
through) and late swing the straight print-to-print path at a bell-shaped speed, so the foot sets down
without sliding; its height is where the planned knee flexion puts it, never lower than the clearance
the toes need near the ground.
"""

from __future__ import annotations

import numpy as np
from scipy.interpolate import PchipInterpolator

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.skeleton import Body, J, ball_height, foot_points
from cinemotion.motion.locomotion.gait_plan import (
    Footfall,
    GaitPlan,
    about,
    direction,
    ease,
    planted_ankle,
    yaw,
)

SWING_KEYS = np.linspace(0.0, 1.0, 5)  # layout: gaits.yaml keys its swing curves at 0, 25, 50, 75, 100 % of swing


class SwingFigures(Figures):
    swing_dorsiflexion_deg: Figure[float]
    toe_up_by: Figure[float]
    lift_s: Figure[float]
    set_s: Figure[float]
    max_hover: Figure[float]
    swing_lag: Figure[float]
    approach_slope: Figure[float]
    approach_cap_m: Figure[float]
    sole_lift_mps: Figure[float]


FIGURES = load_table("motion/locomotion/gait_swing.yaml", SwingFigures)
# foot pitch through swing: back to ≈5° dorsiflexion by 35% of swing (Perry & Burnfield 2010, Ch. 6: ankle
# neutral by mid swing), then to the contact pitch
SWING_DORSIFLEXION_DEG = FIGURES.swing_dorsiflexion_deg.value
TOE_UP_BY = FIGURES.toe_up_by.value
# the swing foot leaves and lands near-vertically: its horizontal travel starts this long after toe-off and
# ends this long before touchdown, easing in and out (swing-foot retraction: the ground-relative foot speed
# falls toward zero at touchdown, Seyfarth et al. 2003, J Biomech 36:1053; the toe rises before it moves
# forward, Winter 1992, Phys Ther 72:45); at most this share of the swing each
LIFT_S = FIGURES.lift_s.value
SET_S = FIGURES.set_s.value
MAX_HOVER = FIGURES.max_hover.value
# the foot trails the body through early swing and is whipped through late, as the shank swings after the thigh:
# the straight path's progress runs on u^this (thigh peaks ≈ 90° in a sprint, ≈ 60° in a run, as in gait labs)
SWING_LAG = FIGURES.swing_lag.value
# the sole's height above the ground while it travels near a footprint: at least this × the horizontal
# distance to it, up to the cap (a steep approach and departure, no scuffing glide over the ground)
APPROACH_SLOPE = FIGURES.approach_slope.value
APPROACH_CAP_M = FIGURES.approach_cap_m.value
# and it leaves and meets the ground at about this vertical speed (toe-off and touchdown, Winter 1992)
SOLE_LIFT_MPS = FIGURES.sole_lift_mps.value
UP = np.array([0.0, 1.0, 0.0])  # convention: Y up (DESIGN.md)


def _at(tau: np.ndarray, values: np.ndarray, t):
    """values (n, 3) at time(s) t, linear inside the window and extrapolated at its end velocities outside."""
    t = np.asarray(t, dtype=float)
    if len(tau) == 1:
        return np.broadcast_to(values[0], t.shape + values.shape[1:]).copy()
    inside = np.stack([np.interp(t, tau, values[:, k]) for k in range(values.shape[1])], axis=-1)
    before = values[0] + (t - tau[0])[..., None] * (values[1] - values[0]) / (tau[1] - tau[0])
    after = values[-1] + (t - tau[-1])[..., None] * (values[-1] - values[-2]) / (tau[-1] - tau[-2])
    return np.where((t < tau[0])[..., None], before, np.where((t > tau[-1])[..., None], after, inside))


def _horizontal_progress(u: np.ndarray, swing_s: float) -> np.ndarray:
    """Share (0–1) of the swing's horizontal travel done at swing fraction u (see LIFT_S)."""
    lift = min(LIFT_S / max(swing_s, 1e-6), MAX_HOVER)
    land = min(SET_S / max(swing_s, 1e-6), MAX_HOVER)
    v = np.clip((u - lift) / (1 - lift - land), 0.0, 1.0)
    return ease(v ** SWING_LAG)


def _apart(points: np.ndarray, to: np.ndarray) -> np.ndarray:
    """Horizontal distances (m,) from points (m, 3) to one point (3,)."""
    return np.linalg.norm((points - to)[:, [0, 2]], axis=1)


def _curve_share(u: np.ndarray) -> np.ndarray:
    """How much of the swing's ground path follows the thigh/knee curves (rest: the straight bell path)."""
    return np.where(u < 0.5, np.sin(np.pi * np.minimum(3 * u, 0.5)) ** 0.5, np.sin(np.pi * u) ** 4)


def swing_targets(plan: GaitPlan, body: Body, hip: np.ndarray, lean, prev: Footfall, nxt: Footfall,
                  on: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ankle targets (m, 3), foot pitch (m,) and yaw (m,) for the frames `on`, prev's toe-off to nxt's strike."""
    tau = plan.tau
    thigh = np.linalg.norm(body.offsets[J[f"{prev.side}_knee"]])
    shank = np.linalg.norm(body.offsets[J[f"{prev.side}_ankle"]])
    heel, ball = foot_points(body)
    ball_h = ball_height(body)
    u = (tau[on] - prev.off) / (nxt.strike - prev.off)
    mid = np.where(on)[0][len(u) // 2]
    hip_keys = PchipInterpolator(SWING_KEYS, plan.swing_hip[mid])
    knee_keys = PchipInterpolator(SWING_KEYS, plan.swing_knee[mid])
    lean_mid = lean[mid] if np.ndim(lean) else lean

    def from_hip(v: np.ndarray, heading: np.ndarray) -> np.ndarray:
        thigh_angle = hip_keys(v) - 0.6 * lean_mid
        shank_angle = thigh_angle - knee_keys(v)
        forward = thigh * np.sin(thigh_angle) + shank * np.sin(shank_angle)
        drop = thigh * np.cos(thigh_angle) + shank * np.cos(shank_angle)
        return forward[:, None] * direction(heading) - drop[:, None] * UP

    start = planted_ankle(prev.ankle[None] + direction(prev.yaw)[None] * prev.slip_m,
                          np.array([prev.yaw]), np.array([prev.off_pitch]), body)[0]
    end = planted_ankle(nxt.ankle[None], np.array([nxt.yaw]), np.array([nxt.strike_pitch]), body)[0]

    def bent_height(v: np.ndarray, ground: np.ndarray) -> np.ndarray:
        """Ankle height at which hip-to-ankle spans a leg bent by the planned swing knee angle."""
        at_hip = _at(tau, hip, prev.off + v * (nxt.strike - prev.off))
        reach = np.sqrt(thigh**2 + shank**2 + 2 * thigh * shank * np.cos(knee_keys(v)))
        across = np.linalg.norm(ground - at_hip[:, [0, 2]], axis=1)
        # a foot far out front cannot rise above a leg slanted 60° (there the knee straightens instead)
        return at_hip[:, 1] - np.maximum(np.sqrt(np.maximum(reach**2 - across**2, 0.0)), 0.5 * reach)

    # over the ground: early swing follows the published thigh and knee curves (the foot trails, then
    # whips through), late swing the straight print-to-print path at a bell-shaped speed, so the foot
    # sets down without sliding; its height is where the planned knee flexion puts it
    rel = from_hip(np.array([0.0, 1.0]), np.array([prev.yaw, nxt.yaw]))
    c0 = start - _at(tau, hip, prev.off) - rel[0]
    c1 = end - _at(tau, hip, nxt.strike) - rel[1]
    t = prev.off + u * (nxt.strike - prev.off)
    w = ease(u)[:, None]
    curves = _at(tau, hip, t) + from_hip(u, np.interp(t, tau, plan.heading)) + (1 - w) * c0 + w * c1
    ankle = start + (end - start) * _horizontal_progress(u, nxt.strike - prev.off)[:, None]
    share = _curve_share(u)[:, None]
    ankle[:, [0, 2]] = (1 - share) * ankle[:, [0, 2]] + share * curves[:, [0, 2]]
    ends = bent_height(np.array([0.0, 1.0]), np.stack([start[[0, 2]], end[[0, 2]]]))
    ankle[:, 1] = bent_height(u, ankle[:, [0, 2]]) + (1 - w[:, 0]) * (start[1] - ends[0]) + w[:, 0] * (
        end[1] - ends[1])
    # the ankle dorsiflexes back to neutral through initial swing so the toes clear, then sets for contact
    neutral = np.radians(SWING_DORSIFLEXION_DEG)
    p = np.where(u < TOE_UP_BY, prev.off_pitch + (neutral - prev.off_pitch) * ease(u / TOE_UP_BY),
                 neutral + (nxt.strike_pitch - neutral) * ease((u - TOE_UP_BY) / (1 - TOE_UP_BY)))
    swing_yaw = prev.yaw + (nxt.yaw - prev.yaw) * ease(u)
    turn = yaw(swing_yaw) * about("x", -p)
    sole_low = np.minimum(turn.apply(heel)[:, 1], turn.apply(ball)[:, 1] - ball_h)
    clearance = plan.curves["foot_clearance_m"][on] * np.sqrt(np.sin(np.pi * u))
    # near its footprints the foot rises before it travels and is over its footfall before it sets down
    ball_at = ankle + turn.apply(ball)  # the ball also swings forward as the foot un-pitches
    ball_prints = [start + (yaw(prev.yaw) * about("x", -prev.off_pitch)).apply(ball),
                   end + (yaw(nxt.yaw) * about("x", -nxt.strike_pitch)).apply(ball)]
    from_prints = np.maximum(np.minimum(_apart(ankle, start), _apart(ankle, end)),
                             np.minimum(*(_apart(ball_at, b) for b in ball_prints)))
    from_ends_s = np.minimum(u, 1 - u) * (nxt.strike - prev.off)
    clearance = np.maximum(clearance, np.minimum(np.maximum(APPROACH_SLOPE * from_prints,
                                                             SOLE_LIFT_MPS * from_ends_s), APPROACH_CAP_M))
    ankle[:, 1] = np.maximum(ankle[:, 1], clearance - sole_low)
    return ankle, p, swing_yaw
