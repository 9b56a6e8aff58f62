"""The penetration check: it finds a limb pushed into the body, and a real walk stays clear of it."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from scipy.spatial.transform import Rotation

sys.path.insert(0, str(Path(__file__).parent))
from human_shots import performed  # noqa: E402

from cinemotion.body.human.contact import part_groups, penetration_depth, seam_free  # noqa: E402
from cinemotion.body.human.pose import pose_bones, skin_points  # noqa: E402
from cinemotion.body.skeleton import J, forward_kinematics  # noqa: E402
from cinemotion.render.human import HumanRig, wears_skirt  # noqa: E402


def _depths(motion, character, step: int = 1) -> np.ndarray:
    rig = HumanRig(motion, character, 1)
    groups = seam_free(rig.body, rig.body.a_pose, part_groups(rig.body, wears_skirt(character)))
    matrices = pose_bones(rig.body, motion.rotations, motion.joints, motion.hands, motion.gaze).matrices(rig.body)
    return np.array([penetration_depth(rig.body, skin_points(rig.body, matrices[f], rig.bind), groups)
                     for f in range(0, motion.n_frames, step)])


def test_an_arm_swung_into_the_chest_is_caught():
    plan, performances, _ = performed("A full body shot of a woman walking forward briskly, 2 seconds")
    motion = performances[0].actors[0]
    character = plan.shots[0].actors[0].character
    rig = HumanRig(motion, character, 1)
    groups = seam_free(rig.body, rig.body.a_pose, part_groups(rig.body))
    # the left upper arm swung across the chest (the elbow ends beyond the midline), through it
    local = np.tile([0.0, 0.0, 0.0, 1.0], (1, 22, 1))
    local[0, J["left_shoulder"]] = Rotation.from_euler("z", -60, degrees=True).as_quat()
    joints = forward_kinematics(motion.offsets, rig.body.rest_heads[None, 0], local)
    posed = skin_points(rig.body, pose_bones(rig.body, local, joints).matrices(rig.body)[0], rig.bind)
    assert penetration_depth(rig.body, posed, groups) > 0.02
    rest = forward_kinematics(motion.offsets, rig.body.rest_heads[None, 0], np.tile([0.0, 0.0, 0.0, 1.0], (1, 22, 1)))
    at_rest = skin_points(rig.body, pose_bones(rig.body, np.tile([0.0, 0.0, 0.0, 1.0], (1, 22, 1)),
                                               rest).matrices(rig.body)[0], rig.bind)
    assert penetration_depth(rig.body, at_rest, groups) < 0.005


def test_a_brisk_walk_keeps_every_part_out_of_every_other():
    plan, performances, _ = performed("A full body shot of a woman walking forward briskly, 2 seconds")
    depths = _depths(performances[0].actors[0], plan.shots[0].actors[0].character)
    assert (depths < 0.01).mean() >= 0.99, f"{(depths >= 0.01).mean():.0%} of frames over 1 cm"
