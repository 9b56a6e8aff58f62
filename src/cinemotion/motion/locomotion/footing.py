"""Where the feet stand when a window opens, and what the surface does to a step (gaits.yaml `surfaces`)."""

from __future__ import annotations

import numpy as np
from scipy.spatial.transform import Rotation

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.gait_params import gait_table
from cinemotion.body.skeleton import Body, J, foot_points, forward_kinematics, global_rotations
from cinemotion.motion.locomotion.gait_plan import yaw
from cinemotion.motion.segment import BodyState


class FootingFigures(Figures):
    grounded_m: Figure[float]


FIGURES = load_table("motion/locomotion/footing.yaml", FootingFigures)
GROUNDED_M = FIGURES.grounded_m.value  # a foot whose sole is this close to the ground at a seam is standing on it


def surface_effects(surface: str, effects: list[str]) -> dict:
    """Step-length factor, splash and slip for a surface and the prompt's effects (gaits.yaml `surfaces`)."""
    table = gait_table()
    row = table["surfaces"].get(surface, {})
    words = {e.lower() for e in effects}
    return {
        "step_length_factor": float(row.get("step_length_factor", 1.0)),
        "splash": bool(row.get("splash")) or bool(words & set(table["splash_effects"])),
        "slip": bool(words & set(table["slip_effects"])) and (bool(row.get("slippery")) or surface == "concrete"
                                                               and "wet" in words),
    }


def standing_feet(body: Body, start: BodyState) -> dict[str, tuple[np.ndarray, float]]:
    """Flat ankle positions and yaw of each foot at the window's start (from the last pose when known)."""
    heel, _ = foot_points(body)
    if start.rotations is not None:
        rot = start.rotations[None]
        joints = forward_kinematics(body.offsets, start.position[None], rot)[0]
        glob = global_rotations(rot)[0]
        feet = {}
        for side in ("left", "right"):
            foot = Rotation.from_matrix(glob[J[f"{side}_ankle"]])
            forward = foot.apply([0.0, 0.0, 1.0])
            foot_yaw = float(np.arctan2(-forward[2], forward[0]))
            pivot = joints[J[f"{side}_ankle"]] + foot.apply(heel)  # heel sole point where the foot rests
            flat = pivot - yaw(foot_yaw).apply(heel)
            flat[1] = body.rest[J["left_ankle"], 1]
            sole = min(joints[J[f"{side}_foot"], 1] - body.rest[J["left_foot"], 1], pivot[1])
            feet[side] = (flat, foot_yaw, bool(sole < GROUNDED_M))
        return feet
    pelvis_turn = yaw(start.heading_rad)
    ground = np.array([start.position[0], 0.0, start.position[2]])
    return {side: (ground + pelvis_turn.apply(body.rest[J[f"{side}_ankle"]] * [1, 1, 0]), start.heading_rad, True)
            for side in ("left", "right")}
