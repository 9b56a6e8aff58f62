"""Gait and physical-plausibility metrics measured on joint positions (F, 22, 3) in metres, Y up, ground y = 0.

The same code scores our renders and imported motion capture. Definitions:
- cadence: steps per minute from the median step time, a step being a touchdown of the other foot (a foot that
  touches down again, re-planted or shuffled, continues its step);
- foot-skating ratio (GMD, Karunratanakul et al. 2023): share of frames at 20 fps in which a foot joint
  (ankle or ball) below 5 cm moves more than 2.5 cm horizontally since the previous frame;
- penetration / float (PhysDiff, Yuan et al. 2023), on joints: mean depth of the lowest joint below y = 0, and
  mean height of the lowest foot joint above its own resting height while a foot is detected on the ground.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter1d

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.contacts import FOOT_JOINTS, detect_contacts, intervals, resting_heights
from cinemotion.body.skeleton import BONES, J
from cinemotion.motion.locomotion.gait_com import center_of_mass


class GaitMetricFigures(Figures):
    moving_mps: Figure[float]
    gmd_fps: Figure[float]
    gmd_height_m: Figure[float]
    gmd_skid_m: Figure[float]


FIGURES = load_table("quality/gait.yaml", GaitMetricFigures)
MOVING_MPS = FIGURES.moving_mps.value
GMD_FPS = FIGURES.gmd_fps.value
GMD_HEIGHT_M = FIGURES.gmd_height_m.value
GMD_SKID_M = FIGURES.gmd_skid_m.value


def _angle(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    cos = np.sum(a * b, axis=-1) / np.maximum(np.linalg.norm(a, axis=-1) * np.linalg.norm(b, axis=-1), 1e-12)
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))


def _resample(joints: np.ndarray, fps: float, target_fps: float) -> np.ndarray:
    t = np.arange(len(joints)) / fps
    grid = np.arange(0.0, t[-1] + 1e-9, 1.0 / target_fps)
    flat = joints.reshape(len(joints), -1)
    return np.stack([np.interp(grid, t, flat[:, k]) for k in range(flat.shape[1])], axis=1).reshape(
        len(grid), *joints.shape[1:])


def foot_skating_ratio(joints: np.ndarray, fps: float) -> float:
    """GMD foot-skating ratio (see module docstring), on the clip resampled to 20 fps."""
    if len(joints) < 3:
        return 0.0
    j20 = _resample(joints, fps, GMD_FPS)
    feet = [j for side in FOOT_JOINTS.values() for j in side]
    low = j20[1:, feet, 1] < GMD_HEIGHT_M
    skid = np.linalg.norm(np.diff(j20[:, feet][:, :, [0, 2]], axis=0), axis=-1) > GMD_SKID_M
    return float(np.mean(np.any(low & skid, axis=1)))


def planted_slide_mm(joints: np.ndarray, fps: float, contacts: np.ndarray) -> float:
    """Mean horizontal drift (mm per 1/20 s) of a flat planted foot (ankle and ball both at resting height).

    Rolling over the heel or the ball legitimately moves one of the two joints; a flat foot must not move.
    """
    rest = resting_heights(joints)
    drifts = []
    for k, side in enumerate(("left", "right")):
        ankle, ball = FOOT_JOINTS[side]
        flat = contacts[:, k] & (joints[:, ankle, 1] - rest[ankle] < 0.015) & (joints[:, ball, 1] - rest[ball] < 0.015)
        for a, b in intervals(flat):
            if b - a >= 2:
                path = joints[a:b, ball][:, [0, 2]]
                drifts.append(np.linalg.norm(np.diff(path, axis=0), axis=1).mean() * fps / GMD_FPS)
    return float(np.mean(drifts) * 1000) if drifts else 0.0


def penetration_float_mm(joints: np.ndarray, contacts: np.ndarray) -> tuple[float, float]:
    """PhysDiff-style penetration below y = 0 (all joints) and float of planted feet above their resting height."""
    penetration = np.maximum(-joints[:, :, 1].min(axis=1), 0.0)
    rest = resting_heights(joints)
    feet = [j for side in FOOT_JOINTS.values() for j in side]
    lift = np.min(np.stack([joints[:, j, 1] - max(rest[j], 0.0) for j in feet], axis=1), axis=1)
    planted = contacts.any(axis=1)
    floating = np.maximum(lift[planted], 0.0) if planted.any() else np.zeros(1)
    return float(penetration.mean() * 1000), float(floating.mean() * 1000)


def flight_gravity(joints: np.ndarray, fps: float, contacts: np.ndarray, min_frames: int = 4) -> float:
    """Median downward acceleration (m/s²) of the whole-body CoM over airborne stretches (NaN if none)."""
    airborne = ~contacts.any(axis=1)
    stretches = [(a, b) for a, b in intervals(airborne) if b - a >= min_frames and a > 0 and b < len(joints)]
    if not stretches:
        return float("nan")
    com_y = center_of_mass(joints)[:, 1]
    fits = [-2 * np.polyfit(np.arange(a, b) / fps, com_y[a:b], 2)[0] for a, b in stretches]
    return float(np.median(fits))


def bone_length_cv(joints: np.ndarray) -> tuple[float, float]:
    """Coefficient of variation of each bone's length over the clip, in %: (max over bones, mean)."""
    lengths = np.stack([np.linalg.norm(joints[:, c] - joints[:, p], axis=1) for p, c in BONES], axis=1)
    cv = lengths.std(axis=0) / np.maximum(lengths.mean(axis=0), 1e-9) * 100
    return float(cv.max()), float(cv.mean())


def _travel(joints: np.ndarray, fps: float) -> tuple[np.ndarray, np.ndarray]:
    """Smoothed horizontal pelvis velocity (F, 3) and unit travel directions (F, 3)."""
    raw = np.gradient(joints[:, 0], axis=0) * fps if len(joints) > 1 else np.zeros((len(joints), 3))
    vel = gaussian_filter1d(raw, max(fps * 0.25, 1.0), axis=0, mode="nearest")  # averages out the stride
    vel[:, 1] = 0
    speed = np.linalg.norm(vel, axis=1, keepdims=True)
    return vel, vel / np.maximum(speed, 1e-9)


def measure_gait(joints: np.ndarray, fps: float) -> dict:
    """Every metric of the module as a flat dict of floats (NaN where not measurable, e.g. no steps)."""
    joints = np.asarray(joints, dtype=float)
    contacts = detect_contacts(joints, fps)
    vel, fwd = _travel(joints, fps)
    speed = np.linalg.norm(vel, axis=1)
    moving = speed > MOVING_MPS
    nan = float("nan")
    out: dict[str, float] = {"frames": float(len(joints)), "fps": float(fps), "duration_s": len(joints) / fps}

    # steps: contact onsets while moving
    strikes = []  # (frame, side)
    stances = {"left": [], "right": []}
    for k, side in enumerate(("left", "right")):
        for a, b in intervals(contacts[:, k]):
            if a > 0 and moving[a]:
                strikes.append((a, side))
            if a > 0 and b < len(joints) and moving[min(a, len(joints) - 1)]:
                stances[side].append((b - a) / fps)
    strikes.sort()
    # a step lands the other foot: a foot touching down again (a shuffle, a re-plant) continues its own step,
    # and both feet touching down in one frame (a two-footed landing) are one touchdown, not a step of no time
    steps: list[tuple[int, str]] = []
    for frame, side in strikes:
        if not steps or (side != steps[-1][1] and frame > steps[-1][0]):
            steps.append((frame, side))
    out["speed_mps"] = float(speed[moving].mean()) if moving.any() else 0.0
    out["moving_fraction"] = float(moving.mean())
    step_times = np.diff([s[0] for s in steps]) / fps if len(steps) > 1 else np.array([])
    alternating = [i for i in range(len(strikes) - 1) if strikes[i][1] != strikes[i + 1][1]]
    if len(step_times):
        step_time = float(np.median(step_times))
        out["cadence_spm"] = 60.0 / step_time
        out["step_time_cv"] = float(np.std(step_times) / np.mean(step_times))
    else:
        step_time = nan
        out["cadence_spm"] = out["step_time_cv"] = nan
    if alternating:
        ball = {s: J[f"{s}_foot"] for s in ("left", "right")}
        lengths, widths = [], []
        for i in alternating:
            (fa, sa), (fb, sb) = strikes[i], strikes[i + 1]
            gap = joints[fb, ball[sb]] - joints[fa, ball[sa]]
            direction = fwd[(fa + fb) // 2]
            lengths.append(abs(np.dot(gap, direction)))
            widths.append(np.linalg.norm(gap - np.dot(gap, direction) * direction - gap[1] * np.array([0, 1, 0])))
        out["step_length_m"] = float(np.median(lengths))
        out["step_width_m"] = float(np.median(widths))
    else:
        out["step_length_m"] = out["step_width_m"] = nan
    all_stance = stances["left"] + stances["right"]
    out["contact_time_s"] = float(np.median(all_stance)) if all_stance else nan
    if stances["left"] and stances["right"]:
        out["stance_asymmetry"] = float(abs(np.log(np.median(stances["left"]) / np.median(stances["right"]))))
    else:
        out["stance_asymmetry"] = nan
    if moving.any():
        out["flight_fraction"] = float(np.mean(~contacts[moving].any(axis=1)))
        out["double_support_fraction"] = float(np.mean(contacts[moving].all(axis=1)))
    else:
        out["flight_fraction"] = out["double_support_fraction"] = nan
    out["flight_time_s"] = out["flight_fraction"] * step_time if np.isfinite(step_time) else nan
    out["duty_factor"] = out["contact_time_s"] / (2 * step_time) if np.isfinite(step_time) else nan
    # vertical oscillation of the pelvis per step
    if len(strikes) > 2:
        ys = joints[:, 0, 1]
        swings = [np.ptp(ys[a:b + 1]) for (a, _), (b, _) in zip(strikes[:-1], strikes[1:]) if b > a]
        out["vertical_oscillation_m"] = float(np.median(swings))
    else:
        out["vertical_oscillation_m"] = nan
    # trunk lean toward the travel direction, and sagittal joint angles
    trunk = joints[:, J["neck"]] - joints[:, 0]
    lean = np.degrees(np.arctan2(np.sum(trunk * fwd, axis=1), trunk[:, 1]))
    out["trunk_lean_deg"] = float(lean[moving].mean()) if moving.any() else float(lean.mean())
    sel = moving if moving.sum() > 2 else np.ones(len(joints), bool)
    knee = np.concatenate([180 - _angle(joints[sel, J[f"{s}_hip"]] - joints[sel, J[f"{s}_knee"]],
                                        joints[sel, J[f"{s}_ankle"]] - joints[sel, J[f"{s}_knee"]])
                           for s in ("left", "right")])
    elbow = np.concatenate([180 - _angle(joints[sel, J[f"{s}_shoulder"]] - joints[sel, J[f"{s}_elbow"]],
                                         joints[sel, J[f"{s}_wrist"]] - joints[sel, J[f"{s}_elbow"]])
                            for s in ("left", "right")])
    hip_flex, arm_swing = [], []
    for s in ("left", "right"):
        thigh = joints[sel, J[f"{s}_knee"]] - joints[sel, J[f"{s}_hip"]]
        arm = joints[sel, J[f"{s}_elbow"]] - joints[sel, J[f"{s}_shoulder"]]
        down = -trunk[sel] / np.linalg.norm(trunk[sel], axis=1, keepdims=True)
        hip_flex.append(np.degrees(np.arctan2(np.sum(thigh * fwd[sel], axis=1), np.sum(thigh * down, axis=1))))
        arm_swing.append(np.degrees(np.arctan2(np.sum(arm * fwd[sel], axis=1), np.sum(arm * down, axis=1))))
    out["knee_flexion_min_deg"], out["knee_flexion_max_deg"] = float(np.percentile(knee, 2)), float(np.percentile(knee, 98))
    out["hip_flexion_min_deg"] = float(np.percentile(np.concatenate(hip_flex), 2))
    out["hip_flexion_max_deg"] = float(np.percentile(np.concatenate(hip_flex), 98))
    out["elbow_flexion_mean_deg"] = float(np.mean(elbow))
    out["shoulder_swing_range_deg"] = float(np.mean([np.percentile(a, 98) - np.percentile(a, 2) for a in arm_swing]))
    # how quickly the body reaches its cruising speed
    if moving.any():
        cruise = np.percentile(speed, 90)
        first = np.argmax(moving)
        reached = np.argmax(speed >= 0.9 * cruise)
        out["time_to_cruise_s"] = float(max(reached - first, 0) / fps)
    else:
        out["time_to_cruise_s"] = nan
    out["lateral_sway_m"] = float(np.ptp(np.sum((joints[sel, 0] - gaussian_filter1d(joints[:, 0], fps, axis=0)[sel])
                                                * np.cross(fwd[sel], [0, 1, 0]), axis=1))) if sel.any() else nan
    # plausibility: free fall while airborne (whole-body CoM, segment masses), contacts, ground, rigid bones
    out["flight_gravity_mps2"] = flight_gravity(joints, fps, contacts)
    out["foot_skating_ratio"] = foot_skating_ratio(joints, fps)
    out["planted_slide_mm"] = planted_slide_mm(joints, fps, contacts)
    out["penetration_mm"], out["float_mm"] = penetration_float_mm(joints, contacts)
    out["bone_length_cv_max_pct"], out["bone_length_cv_mean_pct"] = bone_length_cv(joints)
    out["contact_fraction_left"], out["contact_fraction_right"] = map(float, contacts.mean(axis=0))
    return out
