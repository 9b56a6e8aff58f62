"""Inverse kinematics, and real capture retargeted onto our skeleton keeping timing, path and contacts."""

from __future__ import annotations


import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.transform import Rotation

from cinemotion.body.bvh import read_bvh
from cinemotion.body.ik import leg_rotations, two_bone
from cinemotion.motion.transfer.retarget import map_joints, motion_frames, retarget
from cinemotion.body.skeleton import J, forward_kinematics, make_body
from cinemotion.body.contacts import detect_contacts, intervals
from cinemotion.quality.gait import measure_gait

from mocap_data import MOCAP
BODY = make_body(1.72)


@settings(max_examples=60, deadline=None)
@given(st.floats(-0.5, 0.5), st.floats(-0.85, -0.2), st.floats(-0.5, 0.5))
def test_two_bone_ik_reaches_reachable_targets_with_rigid_bones(dx, dy, dz):
    root = np.zeros((1, 3))
    target = np.array([[dx, dy, dz]])
    middle, end = two_bone(root, target, 0.42, 0.42, np.array([[0.0, 0.0, 1.0]]))
    assert np.linalg.norm(middle - root) == pytest.approx(0.42, abs=1e-9)
    assert np.linalg.norm(end - middle) == pytest.approx(0.42, abs=1e-9)
    if np.linalg.norm(target) < 0.83:
        assert np.allclose(end, target, atol=1e-9)


def test_leg_rotations_put_the_ankle_on_its_target_with_a_forward_knee():
    frames = 5
    pelvis = Rotation.from_euler("y", np.linspace(0, 1, frames)[:, None])
    root = np.tile(BODY.rest[0], (frames, 1))
    hip = root + pelvis.apply(BODY.offsets[J["left_hip"]])
    target = hip + np.array([0.25, -0.7, 0.3])
    foot = Rotation.identity(frames)
    local, reached = leg_rotations(BODY.offsets, pelvis, hip, target, np.tile([0.3, 0.0, 1.0], (frames, 1)),
                                   foot, "left")
    rot = np.tile([0.0, 0.0, 0.0, 1.0], (frames, 22, 1))
    rot[:, 0] = pelvis.as_quat()
    rot[:, [J["left_hip"], J["left_knee"], J["left_ankle"]]] = local
    joints = forward_kinematics(BODY.offsets, root, rot)
    assert np.allclose(joints[:, J["left_ankle"]], target, atol=1e-6)
    knee_out = joints[:, J["left_knee"]] - 0.5 * (hip + target)
    assert (knee_out @ np.array([0.3, 0.0, 1.0]) > 0).all()


@pytest.fixture(scope="module")
def walk_clip():
    clip = read_bvh(MOCAP / "cmu_131_01_start_walk_stop.bvh")
    positions = clip.positions()
    source = map_joints(clip, positions[motion_frames(positions)])
    return clip, source


CAPTURES = sorted(path.name for path in MOCAP.glob("cmu_*.bvh"))


@pytest.fixture(scope="module", params=CAPTURES)
def capture_pair(request):
    """(fps, the capture's joints mapped to ours, the capture retargeted onto BODY), for every CMU clip."""
    clip = read_bvh(MOCAP / request.param)
    positions = clip.positions()
    source = map_joints(clip, positions[motion_frames(positions)])
    moved = retarget(clip, BODY)
    return clip.fps, source, forward_kinematics(BODY.offsets, moved.root, moved.rotations)


def _touchdowns(joints: np.ndarray, fps: float) -> list[np.ndarray]:
    contacts = detect_contacts(joints, fps)
    return [np.array([a for a, _ in intervals(contacts[:, k])]) for k in range(2)]


def test_retargeted_capture_keeps_speed_contacts_and_rigid_bones(capture_pair):
    fps, source, joints = capture_pair
    src, ours = measure_gait(source, fps), measure_gait(joints, fps)
    assert ours["speed_mps"] == pytest.approx(src["speed_mps"], rel=0.01)
    agreement = np.mean(detect_contacts(joints, fps) == detect_contacts(source, fps))
    assert agreement > 0.95, agreement
    assert ours["contact_time_s"] == pytest.approx(src["contact_time_s"], rel=0.05)
    for side, theirs, mine in zip(("left", "right"), _touchdowns(source, fps), _touchdowns(joints, fps)):
        late = [int(t) for t in theirs if np.abs(mine - t).min() > 0.1 * fps]
        assert not late, f"{side} touchdowns of the capture at frames {late} have none on ours within 0.1 s"
    assert ours["bone_length_cv_max_pct"] < 0.1
    assert joints[:, :, 1].min() > -1e-6
    assert ours["penetration_mm"] < 0.5


def test_retargeting_introduces_no_sliding(capture_pair):
    fps, source, joints = capture_pair
    src, ours = measure_gait(source, fps), measure_gait(joints, fps)
    # planted feet drift no more than the performer's did (within a tenth and half a millimetre per 1/20 s)
    assert ours["planted_slide_mm"] <= 1.1 * src["planted_slide_mm"] + 0.5, (ours["planted_slide_mm"],
                                                                             src["planted_slide_mm"])
    # our ball joint rests 2-3 cm lower than a CMU toe joint, so more of a low swing counts below GMD's 5 cm
    assert ours["foot_skating_ratio"] <= src["foot_skating_ratio"] + 0.15, (ours["foot_skating_ratio"],
                                                                            src["foot_skating_ratio"])


@pytest.mark.parametrize("name", CAPTURES)
def test_retargeted_capture_keeps_cadence(name):
    clip = read_bvh(MOCAP / name)
    positions = clip.positions()
    source = map_joints(clip, positions[motion_frames(positions)])
    moved = retarget(clip, BODY)
    joints = forward_kinematics(BODY.offsets, moved.root, moved.rotations)
    src, ours = measure_gait(source, clip.fps), measure_gait(joints, clip.fps)
    # steps alternate feet (quality/gait.py): a re-planted foot near the contact threshold adds no step
    assert ours["cadence_spm"] == pytest.approx(src["cadence_spm"], rel=0.04)


def test_retargeting_onto_a_tall_character_scales_heights_but_not_the_path(walk_clip):
    clip, _ = walk_clip
    short, tall = retarget(clip, make_body(1.55)), retarget(clip, make_body(1.95))
    assert np.allclose(short.root[:, [0, 2]], tall.root[:, [0, 2]], atol=0.05)
    assert tall.root[:, 1].mean() > short.root[:, 1].mean() * 1.15


def test_every_dialect_retargets(walk_clip):
    for name in ("cmu_01_01_forward_jumps.bvh", "cmu_60_05_salsa_lead_pair.bvh"):
        clip = read_bvh(MOCAP / name)
        moved = retarget(clip, BODY)
        joints = forward_kinematics(BODY.offsets, moved.root[::20], moved.rotations[::20])
        assert np.isfinite(joints).all() and joints[:, :, 1].min() > -1e-6
        head_above_pelvis = joints[:, J["head"], 1] - joints[:, 0, 1]
        assert np.median(head_above_pelvis) > 0.4  # upright, not flipped
