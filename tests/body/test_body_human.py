"""The human body: shaped from the spec, fitted to the motion's skeleton, skinned without candy-wrap,
fingers on the hand poses, and the same body in the renderer's instance mask."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from scipy.spatial.transform import Rotation

sys.path.insert(0, str(Path(__file__).parent))
from human_shots import performed  # noqa: E402

from cinemotion.body.human.dress import vertex_regions  # noqa: E402
from cinemotion.body.human.model import bone_names, fit_body  # noqa: E402
from cinemotion.body.human.pose import pose_bones, skin_points  # noqa: E402
from cinemotion.body.skeleton import J, make_body  # noqa: E402

WALK = "A full body shot of a woman walking forward briskly, 2 seconds"
WAVE = "A medium shot of a man waving hello at the camera"


def _skinned_joint_error(motion, body, joint: str) -> np.ndarray:
    """Per frame, how far the joint that the skinned mesh implies is from the performance's joint:
    the centroid of the mesh ring around the joint at rest, carried by the skinning, plus its rest
    offset turned by the joint's rotation."""
    rest = body.rest_heads[J[joint]]
    ring = np.nonzero(np.linalg.norm(body.positions - rest, axis=1) < 0.05)[0]
    offset = rest - body.positions[ring].mean(axis=0)
    poses = pose_bones(body, motion.rotations, motion.joints, motion.hands, motion.gaze)
    matrices = poses.matrices(body)
    errors = []
    for f in range(0, motion.n_frames, 4):
        posed = skin_points(body, matrices[f])[ring]
        implied = posed.mean(axis=0) + poses.rotations[f, J[joint]] @ offset
        errors.append(np.linalg.norm(implied - motion.joints[f, J[joint]]))
    return np.array(errors)


def test_skinned_ankles_wrists_and_head_stay_on_the_performance_joints():
    plan, performances, _ = performed(WALK)
    motion = performances[0].actors[0]
    c = plan.shots[0].actors[0].character
    body = fit_body(motion.offsets, c.sex, c.age, c.build)
    for joint in ("left_ankle", "right_ankle", "left_wrist", "right_wrist", "head"):
        error = _skinned_joint_error(motion, body, joint)
        assert error.max() < 0.015, f"{joint}: {error.max() * 100:.2f} cm"


def test_shape_follows_height_build_and_sex():
    def fitted(height, build="average", sex="neutral", age="adult"):
        return fit_body(make_body(height, build).offsets, sex, age, build)

    tall, short = fitted(1.90), fitted(1.55)
    # the crown stands a head-top above the skeleton's head joint, at the character's height
    for body, h in ((tall, 1.90), (short, 1.55)):
        assert abs(body.positions[:, 1].max() - h) < 0.04
        assert abs(body.positions[:, 1].min()) < 0.02  # soles on the ground

    def waist_girth(body):
        y = body.rest_heads[J["spine1"], 1]
        trunk = np.isin(vertex_regions(body), ("torso", "hips"))
        band = body.positions[(np.abs(body.positions[:, 1] - y) < 0.01) & trunk]
        return np.ptp(band[:, 0]) + np.ptp(band[:, 2])

    assert waist_girth(fitted(1.72, "heavy")) > 1.15 * waist_girth(fitted(1.72, "slim"))
    def breadth(body, joint, regions):
        y = body.rest_heads[J[joint], 1]
        band = (np.abs(body.positions[:, 1] - y) < 0.01) & np.isin(vertex_regions(body), regions)
        return np.ptp(body.positions[band, 0])

    def hips_to_chest(body):
        return breadth(body, "left_hip", ("hips", "thigh_top")) / breadth(body, "spine3", ("torso",))

    # on the same skeleton, a woman's hips are broader for her chest than a man's
    assert hips_to_chest(fitted(1.72, sex="female")) > 1.3 * hips_to_chest(fitted(1.72, sex="male"))


def test_a_twisted_forearm_keeps_its_girth():
    body = fit_body(make_body(1.72).offsets)
    elbow, wrist = body.rest_heads[J["left_elbow"]], body.rest_heads[J["left_wrist"]]
    axis = (wrist - elbow) / np.linalg.norm(wrist - elbow)
    # the forearm's skin just above the wrist, where the twist of the hand pulls on it
    t = (body.positions - elbow) @ axis / np.linalg.norm(wrist - elbow)
    radial = body.positions - elbow - np.outer((body.positions - elbow) @ axis, axis)
    ring = np.nonzero((t > 0.75) & (t < 0.9) & (np.linalg.norm(radial, axis=1) < 0.06))[0]
    rest_r = np.linalg.norm(radial[ring], axis=1).mean()
    local = np.tile([0.0, 0.0, 0.0, 1.0], (1, 22, 1))
    local[0, J["left_wrist"]] = Rotation.from_rotvec(axis * np.radians(150)).as_quat()
    rest_joints = body.rest_heads[None, :22]
    poses = pose_bones(body, local, rest_joints)
    posed = skin_points(body, poses.matrices(body)[0])
    radial_now = posed[ring] - elbow - np.outer((posed[ring] - elbow) @ axis, axis)
    # a linear blend of the same bones keeps 0.89 of it (measured), dual quaternions all of it
    assert np.linalg.norm(radial_now, axis=1).mean() > 0.97 * rest_r


def test_fingers_point_where_the_hand_landmarks_do():
    plan, performances, _ = performed(WAVE)
    motion = performances[0].actors[0]
    assert motion.hands is not None
    c = plan.shots[0].actors[0].character
    body = fit_body(motion.offsets, c.sex, c.age, c.build)
    poses = pose_bones(body, motion.rotations, motion.joints, motion.hands, motion.gaze)
    names = bone_names()
    worst = 1.0
    for f in range(0, motion.n_frames, 6):
        for side, k in (("left", 0), ("right", 1)):
            for digit, (a, b) in {"index": (5, 6), "middle": (9, 10), "pinky": (17, 18)}.items():
                bone = names.index(f"{side}_{digit}1")
                nxt = names.index(f"{side}_{digit}2")
                mesh_dir = poses.positions[f, nxt] - poses.positions[f, bone]
                seen = motion.hands[f, k, b] - motion.hands[f, k, a]
                cos = mesh_dir @ seen / np.linalg.norm(mesh_dir) / np.linalg.norm(seen)
                worst = min(worst, cos)
    assert worst > 0.97
