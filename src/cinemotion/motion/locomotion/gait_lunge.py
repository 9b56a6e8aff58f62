"""Lunge: one explosive step forward into a deep split stance, trunk pitched and arms reaching, then held.

The rear foot stays planted; the lead foot swings out a step of 1.1–1.6 leg lengths (intensity) and lands
with the knee deeply flexed (gaits.yaml `lunge`); the pelvis travels to between the feet and drops as far as
the rear leg's reach allows.
"""

from __future__ import annotations

import numpy as np

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.gait_params import nominal_speed, verb_style
from cinemotion.body.skeleton import Body, J
from cinemotion.motion.locomotion.footing import standing_feet, surface_effects
from cinemotion.motion.locomotion.gait_plan import Footfall, GaitPlan, direction, ease, gait_curves
from cinemotion.motion.locomotion.gait_pose import pose
from cinemotion.motion.performance import Event
from cinemotion.motion.segment import BodyState, SceneContext, Segment
from cinemotion.spec.models import Action


class LungeFigures(Figures):
    reaction_s: Figure[float]


FIGURES = load_table("motion/locomotion/gait_lunge.yaml", LungeFigures)
REACTION_S = FIGURES.reaction_s.value  # the push-off begins this soon after the window opens


def perform_lunge(action: Action, *, actor_id: str, body: Body, start: BodyState, times: np.ndarray,
                  scene: SceneContext, rng: np.random.Generator) -> Segment:
    style = verb_style("lunge")
    time_scale = scene.motion_time_scale
    tau = (times - times[0]) * time_scale
    fraction = (scene.intensity - 1) / 9
    leg = body.leg_length
    step = leg * float(np.interp(fraction, [0, 1], style["lunge_step_leg_lengths"]))
    speed = nominal_speed("lunge", scene.intensity, action.speed)
    swing = step / speed
    strike = REACTION_S + swing
    heading = start.heading_rad
    fwd = direction(heading)
    lead = "right" if rng.random() < 0.5 else "left"
    rear = "left" if lead == "right" else "right"
    feet = standing_feet(body, start)
    curves, hips, knees = gait_curves("lunge", np.full(len(tau), speed))
    for name in ("shoulder_swing", "pelvis_rotation", "pelvis_obliquity", "elbow_swing"):
        curves[name] = np.zeros(len(tau))
    lead_ankle = feet[lead][0] + fwd * step
    footfalls = [
        Footfall(side=rear, strike=-1.0, off=np.inf, ankle=feet[rear][0], yaw=feet[rear][1], strike_pitch=0.0,
                 off_pitch=0.0, heel_rise_at=1.0),
        Footfall(side=lead, strike=-1.0, off=REACTION_S, ankle=feet[lead][0], yaw=feet[lead][1], strike_pitch=0.0,
                 off_pitch=float(curves["toe_off_foot_pitch"][0]), heel_rise_at=0.5),
        Footfall(side=lead, strike=strike, off=np.inf, ankle=lead_ankle, yaw=heading,
                 strike_pitch=float(curves["strike_foot_pitch"][0]), off_pitch=0.0, heel_rise_at=1.0, speed=speed),
    ]
    progress = ease((tau - REACTION_S) / (swing + 0.2))
    standing = start.position.copy()
    # the lunge pose: lead shin vertical, lead knee flexed, so the hip sits a thigh's reach behind the lead ankle
    knee = np.radians(style["lunge_knee_deg"]) * (0.6 + 0.4 * fraction)
    thigh = np.linalg.norm(body.offsets[J[f"{lead}_knee"]])
    shank = np.linalg.norm(body.offsets[J[f"{lead}_ankle"]])
    hip_height = body.rest[J["left_ankle"], 1] + shank + thigh * np.cos(knee)
    pelvis_above_hip = body.rest[0, 1] - body.rest[J["left_hip"], 1]
    lunge_root = standing + fwd * (float((lead_ankle - standing) @ fwd) - thigh * np.sin(knee))
    lunge_root[1] = hip_height + pelvis_above_hip
    root = standing[None] + (lunge_root - standing)[None] * progress[:, None]
    extras = {
        "lean_add": np.radians(style.get("trunk_lean_add_deg", 0.0)) * progress,
        "reach": np.radians(style["reach_shoulder_deg"]) * progress,
        "elbow_add": -curves["elbow"] * progress,
        "head_pitch": -0.3 * np.radians(style.get("trunk_lean_add_deg", 0.0)) * progress,
    }
    plan = GaitPlan(tau=tau, root=root, heading=np.full(len(tau), heading), speed=np.gradient(
        root[:, 0] * fwd[0] + root[:, 2] * fwd[2], tau) if len(tau) > 1 else np.zeros(1),
        phase=np.full(len(tau), 0.25), footfalls=footfalls, curves=curves, swing_hip=hips, swing_knee=knees,
        extras=extras)
    rotations, root, contacts = pose(plan, body)
    events = []
    surface = surface_effects(scene.surface, scene.shot.environment.effects)
    if strike < tau[-1]:
        where = tuple(lead_ankle * [1, 0, 1])
        events.append(Event(time_s=float(times[0] + strike / time_scale), kind="foot_strike", actor=actor_id,
                            side=lead, position=where, strength=0.9, speed_mps=speed, surface=scene.surface))
        if surface["splash"]:
            events.append(Event(time_s=float(times[0] + strike / time_scale), kind="splash", actor=actor_id,
                                side=lead, position=where, strength=0.9, speed_mps=speed, surface=scene.surface))
    events.append(Event(time_s=float(times[0] + REACTION_S / time_scale), kind="foot_off", actor=actor_id,
                        side=lead, position=tuple(feet[lead][0] * [1, 0, 1]), strength=0.4, speed_mps=0.0,
                        surface=scene.surface))
    end = BodyState(position=root[-1].copy(), heading_rad=heading, velocity=np.zeros(3), gait_phase=0.0,
                    verb="lunge", rotations=rotations[-1].copy())
    return Segment(first=0, rotations=rotations, root=root, contacts=contacts, events=events, end=end)
