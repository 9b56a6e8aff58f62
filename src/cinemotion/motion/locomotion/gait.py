"""Locomotion: every verb of DESIGN.md as a gait on a path, with footfall events (a SegmentGenerator).

    # 1. Speed: the verb's nominal speed (intensity, speed modifier, surface), approached from the start speed
    # 2. Path and stride phase on the motion clock (motion time = shot time × time scale)
    # 3. Footfalls: strike/off times from the phase, each foot planted under the body part-way through stance
    # 4. Pelvis: pendulum or bounce from the table, sway over the supporting foot, style (lean, glances, lurch)
    # 5. Pose by IK (gait_pose), events on the shot clock
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter1d

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.gait_params import accel_time, nominal_speed, speed_profile, verb_style
from cinemotion.body.skeleton import Body, J, foot_points
from cinemotion.direct.plan import PlacedActor
from cinemotion.motion.locomotion.footing import standing_feet, surface_effects
from cinemotion.motion.locomotion.gait_lunge import perform_lunge
from cinemotion.motion.locomotion.gait_plan import (
    GRAVITY,
    PLANT_STANCE_FRACTION,
    Footfall,
    GaitPlan,
    Path,
    crossings,
    direction,
    gait_curves,
    lateral,
    pelvis_heights,
    stride_phase,
    support_lateral,
    yaw,
)
from cinemotion.motion.locomotion.gait_pose import pose
from cinemotion.motion.performance import Event
from cinemotion.motion.segment import BodyState, SceneContext, Segment
from cinemotion.spec.models import Action, Character

__all__ = ["perform", "plan_gait", "footfall_events"]

STOPPING_KINDS = ("idle", "transfer", "react")


class GaitFigures(Figures):
    pad_s: Figure[float]
    standing_speed_mps: Figure[float]
    max_accel_lean_deg: Figure[float]
    landing_s: Figure[float]


FIGURES = load_table("motion/locomotion/gait.yaml", GaitFigures)
PAD_S = FIGURES.pad_s.value  # footfalls are planned this far beyond the window on both sides so every frame has neighbours
STANDING_SPEED = FIGURES.standing_speed_mps.value
MAX_ACCEL_LEAN = np.radians(FIGURES.max_accel_lean_deg.value)
LANDING_S = FIGURES.landing_s.value  # a foot still in the air at a seam lands this soon


def _placed_actor(scene: SceneContext, actor_id: str) -> PlacedActor | None:
    return next((a for a in scene.shot.actors if a.id == actor_id), None)


def _waypoints_ahead(actor: PlacedActor | None, position: np.ndarray, heading: float) -> list[list[float]]:
    """The actor's path waypoints still ahead of this position (earlier windows walked the rest)."""
    if actor is None or not actor.path:
        return []
    ahead = []
    fwd = direction(heading)[[0, 2]]
    for w in actor.path:
        offset = np.asarray(w[:2], float) - position[[0, 2]]
        if ahead or (np.dot(offset, fwd) > 0.3 and np.linalg.norm(offset) > 0.3):
            ahead.append(list(w[:2]))
    return ahead


def _glances(tau: np.ndarray, every: list[float], rng: np.random.Generator) -> np.ndarray:
    """Head-turn angle over time: quick looks back over a shoulder at irregular intervals (fleeing)."""
    out = np.zeros(len(tau))
    t = rng.uniform(0.4, every[0])
    while t < tau[-1]:
        side = rng.choice([-1.0, 1.0])
        bump = np.clip(np.minimum((tau - t) / 0.2, (t + 0.75 - tau) / 0.3), 0.0, 1.0)
        out += side * np.radians(rng.uniform(60, 80)) * bump * bump * (3 - 2 * bump)
        t += 0.75 + rng.uniform(*every)
    return out


def plan_gait(verb: str, *, body: Body, start: BodyState, tau: np.ndarray, target_speed: float,
              stop_at: float | None, waypoints: list[list[float]], surface: dict,
              rng: np.random.Generator, emotion: str | None = None) -> GaitPlan:
    """The full gait plan on motion times tau (which may extend before 0 and beyond the window).

    stop_at: the motion time by which the body must stand still (None: keep going).
    """
    style = verb_style(verb, emotion)
    v0 = float(np.linalg.norm(start.velocity))
    standing = v0 < STANDING_SPEED
    # 1. Speed over motion time; the table is read at the speed the walker would reach on firm ground,
    #    so a soft surface keeps the cadence and shortens the step.
    speed = speed_profile(tau, v0, target_speed * surface["step_length_factor"], accel_time(verb, target_speed, emotion),
                          stop_at)
    speed[tau < 0] = v0 if not standing else 0.0
    firm_speed = speed / surface["step_length_factor"]
    curves, hips, knees = gait_curves(verb, np.maximum(firm_speed, 0.05), emotion)
    # 2. Path and phase
    dt = np.diff(tau, prepend=tau[0] - (tau[1] - tau[0] if len(tau) > 1 else 0.04))
    distance = np.cumsum(speed * dt)
    distance -= np.interp(0.0, tau, distance)
    path = Path(start.position, start.heading_rad, waypoints)
    xz, heading = path.at(distance)
    ground = np.stack([xz[:, 0], np.zeros(len(tau)), xz[:, 1]], axis=1)
    step_rates = None
    if "step_time_cv" in style:
        step_rates = np.clip(1.0 + style["step_time_cv"] * rng.standard_normal(int(tau[-1] - tau[0]) * 8 + 8),
                             0.6, 1.5)
    # a standing body starts in double support just after a right strike; the legs cycle only while moving
    phase0 = 0.5 if standing else start.gait_phase % 1.0
    stepping = np.clip(speed / STANDING_SPEED, 0.0, 1.0)
    phase = stride_phase(tau, curves["cadence_spm"], 0.0, stepping, step_rates)
    phase += phase0 - np.interp(0.0, tau, phase)
    # 3. Footfalls
    ratio = style.get("painful_stance_ratio", 1.0)
    painful = rng.choice(["left", "right"]) if ratio != 1.0 else None
    offset = ratio / (1 + ratio) if painful == "left" else 1 / (1 + ratio) if painful else 0.5
    feet_now = standing_feet(body, start)
    lateral_cv = style.get("lateral_wobble_m", 0.0)
    footfalls: list[Footfall] = []
    for side, side_offset in (("left", 0.0), ("right", offset)):
        sign = 1.0 if side == "left" else -1.0
        stance_scale = (np.sqrt(ratio) if side == painful else 1 / np.sqrt(ratio)) if painful else 1.0
        for strike in crossings(tau, phase, side_offset):
            stance = float(np.interp(strike, tau, curves["stance_s"])) * stance_scale
            if standing and strike <= 1e-9:
                continue
            running = stance < 60.0 / float(np.interp(strike, tau, curves["cadence_spm"]))
            when = strike + PLANT_STANCE_FRACTION[bool(running)] * stance
            point = np.array([np.interp(when, tau, ground[:, k]) for k in range(3)])
            head = float(np.interp(when, tau, heading))
            width = float(np.interp(strike, tau, curves["step_width_m"])) / 2
            wobble = lateral_cv * rng.standard_normal() if lateral_cv else 0.0
            ankle = point + lateral(head) * (sign * width + wobble)
            ankle[1] = body.rest[J["left_ankle"], 1]
            footfalls.append(Footfall(side=side, strike=strike, off=strike + stance, ankle=ankle, yaw=head,
                                      strike_pitch=float(np.interp(strike, tau, curves["strike_foot_pitch"])),
                                      off_pitch=float(np.interp(strike, tau, curves["toe_off_foot_pitch"])),
                                      heel_rise_at=float(np.interp(strike, tau, curves["heel_rise_at"])),
                                      speed=float(np.interp(strike, tau, speed))))
    # feet already on the ground at the start keep the spot they stand on
    for side, (flat, foot_yaw, grounded) in feet_now.items():
        own = [f for f in footfalls if f.side == side]
        current = max((f for f in own if f.strike <= 0), key=lambda f: f.strike, default=None)
        if standing:
            # the first step swings off the spot the foot stood on; a swing lasts stride − stance
            first = min((f.strike for f in own), default=tau[-1] + 2.0)
            stride = 120.0 / float(np.interp(first, tau, curves["cadence_spm"]))
            lift = max(first - (stride - float(np.interp(first, tau, curves["stance_s"]))), 1e-3)
            footfalls.append(Footfall(side=side, strike=tau[0] - 1.0, off=lift, ankle=flat, yaw=foot_yaw,
                                      strike_pitch=0.0, off_pitch=float(curves["toe_off_foot_pitch"][0]),
                                      heel_rise_at=0.3))
        elif current is not None and current.off > 0 and start.rotations is not None:
            if grounded:
                current.ankle, current.yaw = flat, foot_yaw
            else:  # the new gait has this foot down already (a longer stance): it lands a moment later
                current.strike = max(current.strike, LANDING_S)
                current.off = max(current.off, current.strike + LANDING_S)
    footfalls.sort(key=lambda f: f.strike)
    if stop_at is not None or target_speed <= 0.0:
        footfalls = _come_to_rest(footfalls, tau, speed, ground, heading, curves, body)
    # 4. Pelvis
    root = ground.copy()
    root[:, 1] = pelvis_heights(body, footfalls, tau, curves, ground, heading)
    fps_motion = 1.0 / max(np.median(np.diff(tau)), 1e-6) if len(tau) > 1 else 24.0
    support = support_lateral(footfalls, tau, ground, heading)
    support = gaussian_filter1d(support, 0.08 * fps_motion)
    gain = curves["lateral_sway_m"] / np.maximum(curves["step_width_m"], 1e-3)
    if lateral_cv:
        gain = np.full(len(tau), 0.7)
    root += lateral(heading) * (gain * support)[:, None]
    accel = np.gradient(gaussian_filter1d(speed, 0.1 * fps_motion), tau) if len(tau) > 2 else np.zeros(len(tau))
    extras = {"lean_add": np.clip(np.arctan2(accel, GRAVITY), -MAX_ACCEL_LEAN / 2, MAX_ACCEL_LEAN)
              + np.radians(style.get("start_lean_deg", 0.0)) * np.clip(1 - speed / max(target_speed, 0.1), 0, 1),
              "head_pitch": np.radians(style.get("head_pitch_deg", 0.0)) * np.ones(len(tau)),
              "arm_out": np.radians(style.get("shoulder_abduction_deg", 0.0)) * np.ones(len(tau))}
    # lean into turns: the ground force that bends the path must pass through the CoM, tan(lean) = v²κ/g
    turn_rate = np.gradient(heading, tau) if len(tau) > 2 else np.zeros(len(tau))
    extras["roll"] = -np.arctan(gaussian_filter1d(speed * turn_rate, 0.1 * fps_motion) / GRAVITY)
    if "glance_back_every_s" in style:
        extras["glance"] = _glances(tau, style["glance_back_every_s"], rng)
    if "trunk_sway_deg" in style:
        sway_velocity = np.gradient(gain * support, tau) if len(tau) > 2 else np.zeros(len(tau))
        extras["roll"] = extras["roll"] + np.radians(style["trunk_sway_deg"]) * np.tanh(sway_velocity / 0.3)
    if painful:
        on_painful = np.zeros(len(tau))
        for f in footfalls:
            if f.side == painful:
                on_painful[(tau >= f.strike) & (tau < f.off)] = 1.0
        lurch = np.radians(style.get("antalgic_lurch_deg", 0.0)) * gaussian_filter1d(on_painful, 0.05 * fps_motion)
        extras["roll"] = extras["roll"] + (1.0 if painful == "right" else -1.0) * lurch
    # swinging arms and a rotating pelvis come with stepping: they grow at a start and fade at a stop
    moving = np.clip(speed / max(target_speed, v0, STANDING_SPEED), 0.0, 1.0)
    for name in ("shoulder_swing", "pelvis_rotation", "pelvis_obliquity", "elbow_swing"):
        curves[name] = curves[name] * moving
    return GaitPlan(tau=tau, root=root, heading=heading, speed=speed, phase=phase, footfalls=footfalls,
                    curves=curves, swing_hip=hips, swing_knee=knees, extras=extras)


def _come_to_rest(footfalls: list[Footfall], tau: np.ndarray, speed: np.ndarray, ground: np.ndarray,
                  heading: np.ndarray, curves: dict, body: Body) -> list[Footfall]:
    """Once the body has slowed to a standstill, stop stepping: the trailing foot closes beside the other."""
    peak = float(tau[np.argmax(speed)]) if speed.max() >= STANDING_SPEED else 0.0
    slow = np.where((tau > max(peak, 0.0)) & (speed < STANDING_SPEED))[0]
    if not len(slow):
        return footfalls
    rest_time = float(tau[slow[0]])
    kept = [f for f in footfalls if f.strike <= rest_time]
    last = {side: max((f for f in kept if f.side == side), key=lambda f: f.strike, default=None)
            for side in ("left", "right")}
    point = ground[slow[0]]
    head = float(heading[slow[0]])
    width = float(curves["step_width_m"][slow[0]]) / 2
    for side, f in sorted(last.items(), key=lambda item: -item[1].strike if item[1] else 0):
        if f is not None and f.off > rest_time:
            f.off = np.inf
            continue
        sign = 1.0 if side == "left" else -1.0
        lifted = f.off if f is not None else rest_time
        other = last["right" if side == "left" else "left"]
        centre = point if other is None else other.ankle + lateral(other.yaw) * sign * width
        ankle = centre + lateral(head) * sign * width
        ankle[1] = body.rest[J["left_ankle"], 1]
        kept.append(Footfall(side=side, strike=max(rest_time, lifted + 0.3), off=np.inf, ankle=ankle, yaw=head,
                             strike_pitch=float(curves["strike_foot_pitch"][slow[0]]) * 0.5, off_pitch=0.0,
                             heel_rise_at=1.0, speed=float(speed[slow[0]])))
    return sorted(kept, key=lambda f: f.strike)


def _add_slip(plan: GaitPlan, window_end: float, rng: np.random.Generator) -> Footfall | None:
    """One planted foot skids forward mid-window; arms fly out and the trunk rights itself (recovery)."""
    candidates = [f for f in plan.footfalls if 0.25 * window_end < f.strike < 0.75 * window_end]
    if not candidates:
        return None
    foot = candidates[int(rng.integers(len(candidates)))]
    foot.slip_m = float(np.clip(0.05 * foot.speed + 0.06, 0.06, 0.25))
    after = plan.tau - foot.strike
    recovery = np.clip(after / 0.12, 0, 1) * np.exp(-np.clip(after, 0, None) / 0.5)
    plan.extras["arm_out"] = plan.extras["arm_out"] + np.radians(45) * recovery
    plan.extras["lean_add"] = plan.extras["lean_add"] - np.radians(10) * recovery
    return foot


def footfall_events(plan: GaitPlan, actor_id: str, body: Body, t0: float, time_scale: float, window_end: float,
                     surface_name: str, surface: dict, slipped: Footfall | None) -> list[Event]:
    heel, ball = foot_points(body)
    events = []
    for f in plan.footfalls:
        contact = heel if f.strike_pitch >= 0 else ball
        where = f.ankle + yaw(f.yaw).apply(contact)
        where[1] = 0.0
        strength = float(np.clip(0.2 + 0.09 * f.speed, 0.1, 1.0))
        if 0.0 <= f.strike < window_end:
            t = t0 + f.strike / time_scale
            events.append(Event(time_s=t, kind="foot_strike", actor=actor_id, side=f.side, position=tuple(where),
                                strength=strength, speed_mps=f.speed, surface=surface_name))
            if surface["splash"]:
                events.append(Event(time_s=t, kind="splash", actor=actor_id, side=f.side, position=tuple(where),
                                    strength=strength, speed_mps=f.speed, surface=surface_name))
            if f is slipped:
                events.append(Event(time_s=t + 0.1 * (f.off - f.strike) / time_scale, kind="slip", actor=actor_id,
                                    side=f.side, position=tuple(where), strength=0.8, speed_mps=f.speed,
                                    surface=surface_name, data={"distance_m": f.slip_m}))
        if 0.0 <= f.off < window_end:
            toe_point = f.ankle + yaw(f.yaw).apply(ball) + direction(f.yaw) * f.slip_m
            toe_point[1] = 0.0
            events.append(Event(time_s=t0 + f.off / time_scale, kind="foot_off", actor=actor_id, side=f.side,
                                position=tuple(toe_point), strength=0.3 * strength, speed_mps=f.speed,
                                surface=surface_name))
    return events


def perform(action: Action, *, actor_id: str, body: Body, character: Character, start: BodyState,
            times: np.ndarray, next_action: Action | None, scene: SceneContext,
            rng: np.random.Generator) -> Segment:
    """Fill a window of the actor's timeline with the action's gait (see module docstring)."""
    verb_style(action.verb)
    if action.verb == "lunge":
        return perform_lunge(action, actor_id=actor_id, body=body, start=start, times=times, scene=scene,
                             rng=rng)
    time_scale = scene.motion_time_scale
    frame_dt = (times[1] - times[0]) if len(times) > 1 else 1.0 / scene.shot.fps
    pad = int(np.ceil(PAD_S / (frame_dt * time_scale)))
    steps = np.arange(-pad, len(times) + pad)
    tau = steps * frame_dt * time_scale
    window_end = len(times) * frame_dt * time_scale
    surface = surface_effects(scene.surface, scene.shot.environment.effects)
    target = nominal_speed(action.verb, scene.intensity, action.speed, action.emotion)
    target *= float(np.exp(0.03 * rng.standard_normal()))  # one person's own pace (≈3% between people)
    stop = next_action is not None and next_action.kind in STOPPING_KINDS
    motion_start = BodyState(position=start.position, heading_rad=start.heading_rad,
                             velocity=start.velocity / time_scale, gait_phase=start.gait_phase, verb=start.verb,
                             rotations=start.rotations)
    waypoints = _waypoints_ahead(_placed_actor(scene, actor_id), start.position, start.heading_rad)
    plan = plan_gait(action.verb, body=body, start=motion_start, tau=tau, target_speed=target,
                     stop_at=window_end if stop else None, waypoints=waypoints, surface=surface, rng=rng,
                     emotion=action.emotion)
    slipped = _add_slip(plan, window_end, rng) if surface["slip"] else None
    rotations, root, contacts = pose(plan, body)
    window = slice(pad, pad + len(times))
    events = footfall_events(plan, actor_id, body, float(times[0]), time_scale, window_end, scene.surface,
                              surface, slipped)
    last = pad + len(times) - 1
    end = BodyState(position=root[last].copy(), heading_rad=float(plan.heading[last]),
                    velocity=direction(plan.heading[last]) * plan.speed[last] * time_scale,
                    gait_phase=float(plan.phase[last] % 1.0), verb=action.verb, rotations=rotations[last].copy())
    return Segment(first=0, rotations=rotations[window], root=root[window], contacts=contacts[window],
                   events=events, end=end)
