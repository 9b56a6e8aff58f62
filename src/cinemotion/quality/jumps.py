"""Jump and interaction metrics, measured from joints alone: flights, dips, clearance, spacing."""

from __future__ import annotations

import numpy as np

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.skeleton import J
from cinemotion.motion.locomotion.gait_com import center_of_mass
from cinemotion.physics.capsules import body_distance, box_clearance

FOOT_JOINTS = [J["left_ankle"], J["right_ankle"], J["left_foot"], J["right_foot"]]


class JumpMetricFigures(Figures):
    airborne_m: Figure[float]


FIGURES = load_table("quality/jumps.yaml", JumpMetricFigures)
AIRBORNE_M = FIGURES.airborne_m.value  # every foot joint this far above its standing height → airborne


def flights(joints: np.ndarray, fps: float, min_frames: int = 4) -> list[tuple[int, int]]:
    """Frame ranges [a, b) where both feet are off the ground (ground = each joint's low percentile)."""
    feet = joints[:, FOOT_JOINTS, 1]
    ground = np.percentile(feet, 5, axis=0)
    air = (feet > ground + AIRBORNE_M).all(axis=1)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], air.astype(int), [0]])))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2]) if b - a >= min_frames]


def fit_parabola(heights: np.ndarray, fps: float) -> dict:
    t = np.arange(len(heights)) / fps
    coef, residual, *_ = np.polyfit(t, heights, 2, full=True)
    rms = float(np.sqrt(residual[0] / len(t))) if len(residual) else 0.0
    return {"gravity": float(-2 * coef[0]), "rms_mm": rms * 1000.0, "duration_s": len(t) / fps}


def dips(joints: np.ndarray, fps: float, flight: tuple[int, int], window_s: float = 0.8) -> dict:
    """How far the pelvis sinks below standing height before takeoff and after touchdown."""
    pelvis = joints[:, J["pelvis"], 1]
    standing = float(np.percentile(pelvis, 75))
    w = int(window_s * fps)
    a, b = flight
    before = pelvis[max(0, a - w):a]
    after = pelvis[b:b + w]
    return {"countermovement_m": float(standing - before.min()) if len(before) else 0.0,
            "landing_m": float(standing - after.min()) if len(after) else 0.0}


def jump_report(plan, performances) -> dict:
    """Per shot and actor: flights with implied gravity, dips, prop clearance, body spacing, reactions."""
    shots = []
    for shot, performance in zip(plan.shots, performances):
        heights = {a.id: a.character.height_m for a in shot.actors}
        actors = {}
        for motion in performance.actors:
            jt = motion.joints
            fl = flights(jt, performance.fps)
            com_y = center_of_mass(jt)[:, 1]  # the whole body is in free fall, not the pelvis
            entry = {"flights": [{**fit_parabola(com_y[a:b], performance.fps), **dips(jt, performance.fps, (a, b)),
                                  "start_s": a / performance.fps} for a, b in fl]}
            clear = {}
            for prop in shot.props:
                if prop.kind == "gap":
                    continue
                radius_scale = 0.0 if prop.walkable else 1.0
                c = box_clearance(jt, heights[motion.actor_id] * radius_scale, prop.center, prop.size, prop.yaw_rad)
                clear[prop.id] = float(c.min())
            entry["prop_clearance_m"] = clear
            actors[motion.actor_id] = entry
        spacing = {}
        ms = performance.actors
        for i in range(len(ms)):
            for k in range(i + 1, len(ms)):
                d = body_distance(ms[i].joints, ms[k].joints, heights[ms[i].actor_id], heights[ms[k].actor_id])
                spacing[f"{ms[i].actor_id}-{ms[k].actor_id}"] = float(d.min())
        shots.append({"shot": shot.shot_id, "actors": actors, "min_body_distance_m": spacing,
                      "reactions": [r.model_dump() for r in shot.reactions]})
    return {"shots": shots}
