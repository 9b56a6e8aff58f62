"""Each export read back by an independent reader matches what it was made from."""

from __future__ import annotations

import json

import bvhio
import numpy as np
import pytest
from export_shots import performance_of, plan_of, shot_plan, tracking_camera, walking_actor

from cinemotion.media.bvh_export import write_bvh
from cinemotion.body.skeleton import J, JOINTS
from cinemotion.errors import InputError
from cinemotion.media.camera_export import (read_camera_txt, write_camera_motionctrl, write_camera_realestate10k,
                                             write_camera_txt)
from cinemotion.media.openpose import COCO18, openpose_frames, write_openpose


def pinhole(camera, frame: int, points: np.ndarray) -> np.ndarray:
    """Pixels of world points through K [R | t], written out independently of CameraPath.project."""
    K = np.array([[camera.fx[frame], 0, camera.cx], [0, camera.fy[frame], camera.cy], [0, 0, 1]])
    h = K @ (camera.world_to_camera(frame) @ np.vstack([points.T, np.ones(len(points))]))
    return (h[:2] / h[2]).T


# ── BVH through bvhio ─────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("units,scale", [("m", 1.0), ("cm", 100.0)])
def test_bvh_reads_back_through_bvhio_to_the_same_joints(tmp_path, units, scale):
    actor = walking_actor(frames=30, heading_turns=1.25)  # a full turn and more: every heading, knees past 90°
    path = tmp_path / "mara.bvh"
    write_bvh(path, actor, 30.0, units=units)
    root = bvhio.readAsHierarchy(str(path))
    names = [joint.Name for joint, _, _ in root.layout()]
    assert sorted(names) == sorted(JOINTS)
    worst = 0.0
    for frame in range(actor.n_frames):
        root.loadPose(frame)
        for joint, _, _ in root.layout():
            error = np.abs(np.array(joint.PositionWorld) / scale - actor.joints[frame, J[joint.Name]]).max()
            worst = max(worst, error)
    assert worst <= 1e-3, f"bvhio positions differ from ActorMotion.joints by {worst * 1000:.3f} mm (limit 1 mm)"


def test_bvh_header_is_what_blender_reads(tmp_path):
    path = tmp_path / "a.bvh"
    write_bvh(path, walking_actor(frames=5), 24.0)
    text = path.read_text()
    assert text.startswith("HIERARCHY\nROOT pelvis\n")
    assert "CHANNELS 6 Xposition Yposition Zposition Yrotation Xrotation Zrotation" in text
    assert text.count("CHANNELS 3 Zrotation Yrotation Xrotation") == 21 and text.count("End Site") == 5
    motion = text.split("MOTION\n")[1].splitlines()
    assert motion[0] == "Frames: 5" and float(motion[1].split(":")[1]) == pytest.approx(1 / 24)
    assert all(len(line.split()) == 6 + 3 * 21 for line in motion[2:])
    euler = np.array([line.split() for line in motion[2:]], float)[:, 3:]
    assert np.abs(np.diff(euler, axis=0)).max() < 90, "Euler curves should be continuous for Blender's F-curves"


def test_bvh_refuses_unknown_units(tmp_path):
    with pytest.raises(InputError, match="units"):
        write_bvh(tmp_path / "a.bvh", walking_actor(frames=3), 24.0, units="inch")
    assert not (tmp_path / "a.bvh").exists()


# ── OpenPose JSON by ControlNet's loading rules ───────────────────────────────────────────


def test_openpose_json_follows_controlnet_loading_rules(tmp_path):
    shots = [shot_plan("s1", actors=("mara", "ben")), shot_plan("s2", index=1)]
    performances = [performance_of(s) for s in shots]
    cameras = [tracking_camera(), tracking_camera(dolly_m=4.0)]
    path = tmp_path / "openpose.json"
    write_openpose(path, plan_of(*shots), performances, cameras)
    frames = json.loads(path.read_text())
    assert isinstance(frames, list) and len(frames) == sum(s.n_frames for s in shots)
    assert [len(f["people"]) for f in frames] == [2] * 24 + [1] * 24
    visible = 0
    for frame in frames:
        assert (frame["canvas_width"], frame["canvas_height"]) == (160, 90)
        for person in frame["people"]:
            for key, count in (("pose_keypoints_2d", 18), ("face_keypoints_2d", 70),
                               ("hand_left_keypoints_2d", 21), ("hand_right_keypoints_2d", 21)):
                points = np.array(person[key], float).reshape(-1, 3)
                assert points.shape == (count, 3), key
                assert set(points[:, 2]) <= {0.0, 1.0}, "confidence is exactly 1.0 or 0"
                assert np.all(points[points[:, 2] == 0] == 0), "an absent point is 0, 0, 0"
                shown = points[points[:, 2] == 1]
                assert np.all((shown[:, 0] >= 0) & (shown[:, 0] < 160) & (shown[:, 1] >= 0) & (shown[:, 1] < 90))
            visible += int(np.sum(np.array(person["pose_keypoints_2d"])[2::3]))
    assert visible > 0.8 * 18 * 2 * 24


def test_openpose_points_are_the_projected_joints():
    shot = shot_plan()
    performance, camera = performance_of(shot), tracking_camera(dolly_m=0.0, zoom=1.0)
    actor = performance.actors[0]
    frames = openpose_frames(shot, performance, camera)
    for f in (0, 11, 23):
        pose = np.array(frames[f]["people"][0]["pose_keypoints_2d"]).reshape(18, 3)
        for name in ("right_wrist", "left_knee", "right_shoulder", "left_ankle"):
            expected = pinhole(camera, f, actor.joints[f, [J[name]]])[0]
            got = pose[COCO18.index(name)]
            assert got[2] == 1.0 and np.allclose(got[:2], expected, atol=2e-3), (f, name, got, expected)
        neck = pinhole(camera, f, actor.joints[f, [J["left_shoulder"], J["right_shoulder"]]].mean(axis=0)[None])[0]
        assert np.allclose(pose[1, :2], neck, atol=2e-3)
        head = pinhole(camera, f, actor.joints[f, [J["head"]]])[0]
        assert np.linalg.norm(pose[0, :2] - head) < 8, "the estimated nose sits on the head"


def test_openpose_uses_face_and_hands_when_present_and_drops_hidden_points():
    shot = shot_plan()
    performance, camera = performance_of(shot), tracking_camera(dolly_m=0.0, zoom=1.0)
    actor = performance.actors[0]
    rng = np.random.default_rng(0)
    actor.face = actor.joints[:, [J["head"]]] + rng.normal(0, 0.03, (24, 70, 3)) + [0, 0, 0.1]
    actor.hands = actor.joints[:, [J["left_wrist"], J["right_wrist"]], None] + rng.normal(0, 0.03, (24, 2, 21, 3))
    actor.hands[5, 1, 7] = [0.0, 1.0, 9.0]  # behind the camera (which stands at z = 5 looking at -z)
    frame = openpose_frames(shot, performance, camera)[5]["people"][0]
    face = np.array(frame["face_keypoints_2d"]).reshape(70, 3)
    assert np.allclose(face[:, :2], pinhole(camera, 5, actor.face[5]), atol=2e-3) and np.all(face[:, 2] == 1)
    pose = np.array(frame["pose_keypoints_2d"]).reshape(18, 3)
    assert np.allclose(pose[0, :2], face[30, :2]) and np.allclose(pose[14, :2], face[68, :2])
    right = np.array(frame["hand_right_keypoints_2d"]).reshape(21, 3)
    assert list(right[7]) == [0, 0, 0] and right[:, 2].sum() == 20


def test_openpose_zeroes_points_outside_the_canvas():
    shot = shot_plan()
    performance = performance_of(shot)
    camera = tracking_camera(zoom=4.0)  # zoomed onto the hips: head and feet leave the frame
    pose = np.array(openpose_frames(shot, performance, camera)[-1]["people"][0]["pose_keypoints_2d"]).reshape(18, 3)
    assert pose[0, 2] == 0 and pose[COCO18.index("left_ankle"), 2] == 0 and pose[COCO18.index("right_hip"), 2] == 1


# ── camera.txt as RealEstate10K, camera_motionctrl.json ───────────────────────────────────


def test_camera_txt_is_one_line_per_frame_in_seconds(tmp_path):
    cameras = [tracking_camera(), tracking_camera(frames=12, dolly_m=3.0, zoom=2.0)]
    write_camera_txt(tmp_path / "camera.txt", cameras)
    lines = (tmp_path / "camera.txt").read_text().splitlines()
    assert len(lines) == 36 and all(len(line.split()) == 19 for line in lines)
    assert [float(line.split()[0]) for line in lines] == pytest.approx([k / 24 for k in range(36)], abs=1e-6)
    times, intrinsics, w2c = read_camera_txt(tmp_path / "camera.txt")
    assert np.allclose(w2c[cameras[0].n_frames + 1], cameras[1].world_to_camera(1), atol=1e-8)


def test_realestate10k_file_parses_back_to_the_camera_path(tmp_path):
    cameras = [tracking_camera(), tracking_camera(frames=12, dolly_m=3.0, zoom=2.0)]
    path = tmp_path / "camera_realestate10k.txt"
    write_camera_realestate10k(path, cameras)
    lines = path.read_text().splitlines()
    assert len(lines) == 1 + 36, "a header line (the dataset's URL slot, which CameraCtrl skips), then a frame each"
    frames = [(c, f) for c in cameras for f in range(c.n_frames)]
    for k, ((camera, f), line) in enumerate(zip(frames, lines[1:])):
        values = [float(v) for v in line.split()]
        assert len(values) == 19
        assert values[0] == round(k / 24 * 1e6), "timestamps in microseconds on the film clock"
        assert np.allclose(values[1:5], [camera.fx[f] / 160, camera.fy[f] / 90, 0.5, 0.5], atol=1e-8)
        assert values[5:7] == [0.0, 0.0]
        w2c = np.array(values[7:]).reshape(3, 4)
        assert np.allclose(w2c, camera.world_to_camera(f), atol=1e-8)
        # OpenCV world-to-camera: the camera centre maps to the origin, the look-at point lies ahead (+z)
        assert np.allclose(w2c[:, :3] @ camera.position(f) + w2c[:, 3], 0, atol=1e-7)


def test_motionctrl_json_is_the_flat_rt_per_frame(tmp_path):
    cameras = [tracking_camera(frames=10)]
    path = tmp_path / "camera_motionctrl.json"
    write_camera_motionctrl(path, cameras)
    poses = json.loads(path.read_text())
    assert len(poses) == 10 and all(len(p) == 12 for p in poses)
    assert np.allclose(np.array(poses[7]).reshape(3, 4), cameras[0].world_to_camera(7), atol=1e-8)


def test_bvh_of_several_shots_plays_them_in_order(tmp_path):
    shots = [walking_actor(frames=10), walking_actor(frames=14, heading_turns=-0.5, x0=3.0)]
    path = tmp_path / "film.bvh"
    write_bvh(path, shots, 24.0)
    root = bvhio.readAsHierarchy(str(path))
    film = np.concatenate([s.joints for s in shots])
    assert "Frames: 24" in path.read_text()
    for frame in (0, 9, 10, 23):
        root.loadPose(frame)
        for joint, _, _ in root.layout():
            assert np.abs(np.array(joint.PositionWorld) - film[frame, J[joint.Name]]).max() < 1e-3
