"""Framing by shot size, aspect ratio, composition, angle and group; lens settings."""

from __future__ import annotations

import numpy as np
import pytest

from camera_shots import actor_motion, make_shot, performance, simple
from cinemotion.body.skeleton import J
from cinemotion.camera import film
from cinemotion.camera.subject import eye_point, head_top
from cinemotion.motion.performance import PropState
from cinemotion.quality.video import camera_motion_summary, projected_height_fraction
from cinemotion.spec.models import CameraMove

SIZES = ("extreme_wide", "wide", "full_body", "medium", "medium_close_up", "close_up", "extreme_close_up")


def _filmed(shot, perf, seed=0):
    return film(shot, perf, rng=np.random.default_rng(seed))


def _outline(cam, joints, frame):
    """Pixels of the head top and the ground under the pelvis."""
    ground = joints[frame, J["pelvis"]] * [1, 0, 1]
    uv, z = cam.project(frame, np.stack([head_top(joints[frame], 1.72), ground]))
    assert (z > 0).all()
    return uv


def test_shot_sizes_are_ordered_and_in_range():
    fractions = {}
    for size in SIZES:
        shot = make_shot(shot_type=size, duration=0.5)
        perf = simple(shot)
        fractions[size] = projected_height_fraction(_filmed(shot, perf), perf.actors[0].joints, 0)
    values = [fractions[s] for s in SIZES]
    assert all(a < b for a, b in zip(values, values[1:])), fractions
    assert fractions["extreme_wide"] < 0.2
    assert 0.3 <= fractions["wide"] <= 0.5
    assert 0.8 <= fractions["full_body"] <= 0.9
    # waist up: the head-to-waist span (0.40 H) fills ~88 % of the frame, so the whole body is ~2.2 frames
    assert 1.8 <= fractions["medium"] <= 2.6
    assert 4.0 <= fractions["close_up"] <= 6.5
    assert fractions["extreme_close_up"] >= 9.0


def test_extreme_close_up_frames_eyes_and_mouth():
    shot = make_shot(shot_type="extreme_close_up", duration=0.5)
    perf = simple(shot)
    cam = _filmed(shot, perf)
    head = perf.actors[0].joints[0, J["head"]]
    eyes, mouth = head + [0, 0.031 * 1.72, 0], head - [0, 0.015 * 1.72, 0]  # 0.936 H and 0.890 H
    uv, _ = cam.project(0, np.stack([eyes, mouth, head_top(perf.actors[0].joints[0], 1.72)]))
    assert 0.1 * shot.height < uv[0, 1] < 0.5 * shot.height < uv[1, 1] < shot.height
    assert uv[2, 1] < 0  # the top of the head is cut


@pytest.mark.parametrize("width,height", [(160, 90), (90, 160), (120, 120)])
def test_full_body_fits_every_aspect_ratio(width, height):
    shot = make_shot(width=width, height=height, duration=0.5)
    perf = simple(shot)
    cam = _filmed(shot, perf)
    uv = _outline(cam, perf.actors[0].joints, 0)
    assert 0.8 <= projected_height_fraction(cam, perf.actors[0].joints, 0) <= 0.9
    assert (uv[:, 1] > 0).all() and (uv[:, 1] < height).all()  # head and feet in frame
    assert (abs(uv[:, 0] - width / 2) < 0.15 * width).all()


def test_medium_shot_cuts_at_the_waist_and_close_up_below_the_shoulders():
    for size, landmark, low, high in (("medium", "spine1", 0.75, 1.1), ("close_up", "left_shoulder", 0.6, 1.0)):
        shot = make_shot(shot_type=size, duration=0.5)
        perf = simple(shot)
        cam = _filmed(shot, perf)
        j = perf.actors[0].joints[0]
        uv, _ = cam.project(0, np.stack([j[J[landmark]], head_top(j, 1.72)]))
        assert low * shot.height <= uv[0, 1] <= high * shot.height, (size, uv)
        assert 0 < uv[1, 1] < 0.15 * shot.height  # a little headroom above the head


@pytest.mark.parametrize("composition,expect", [("rule_of_thirds", 1 / 3), ("centered", 0.42)])
def test_travelling_subject_gets_lead_room(composition, expect):
    shot = make_shot(composition=composition, moves=[CameraMove(move="tracking")], duration=2.0)
    perf = simple(shot, speed=3.0)
    cam = _filmed(shot, perf)
    pelvis = perf.actors[0].joints[:, J["pelvis"]]
    columns = [cam.project(f, pelvis[f:f + 1])[0][0, 0] / shot.width for f in range(12, 36)]
    assert np.median(columns) == pytest.approx(expect, abs=0.04)  # behind centre: room ahead of +X travel
    # it travels toward screen right
    assert cam.project(30, pelvis[30:31] + [1.0, 0, 0])[0][0, 0] > cam.project(30, pelvis[30:31])[0][0, 0]


def test_angles():
    def filmed(angle):
        shot = make_shot(angle=angle, duration=0.5)
        perf = simple(shot)
        return _filmed(shot, perf), perf.actors[0].joints[0]

    eye, joints = filmed("eye_level")
    assert abs(eye.rotation[0][2][1]) < 0.05  # looks level
    low, joints = filmed("low")
    assert low.position(0)[1] < joints[J["pelvis"], 1] and low.rotation[0][2][1] > 0.1  # below, looking up
    high, joints = filmed("high")
    assert high.position(0)[1] > head_top(joints, 1.72)[1] and high.rotation[0][2][1] < -0.3
    overhead, _ = filmed("overhead")
    assert overhead.rotation[0][2][1] < -0.95  # nearly straight down
    dutch, _ = filmed("dutch")
    assert camera_motion_summary(dutch)["shot"]["roll_deg"] == 0.0
    right = dutch.rotation[0][0]
    assert np.degrees(np.arcsin(abs(right[1]))) == pytest.approx(15.0, abs=0.5)


def test_group_framed_together_but_close_up_frames_the_subject():
    for size in ("full_body", "close_up"):
        shot = make_shot(shot_type=size, actors=("a", "b"), subject="b", duration=0.5)
        perf = performance(shot, [actor_motion("a", shot.n_frames, shot.fps, start=(-1.5, 0.0)),
                                  actor_motion("b", shot.n_frames, shot.fps, start=(1.5, 0.0))])
        cam = _filmed(shot, perf)
        cols = [cam.project(0, a.joints[0, [J["pelvis"]]])[0][0, 0] for a in perf.actors]
        inside = [0 < c < shot.width for c in cols]
        assert inside == ([True, True] if size == "full_body" else [False, True]), (size, cols)


def test_still_camera_frames_the_whole_path():
    shot = make_shot(duration=3.0)
    perf = simple(shot, speed=4.0)
    cam = _filmed(shot, perf)
    joints = perf.actors[0].joints
    assert np.ptp([cam.position(f) for f in range(shot.n_frames)], axis=0).max() < 1e-9
    for f in range(shot.n_frames):
        uv = _outline(cam, joints, f)
        assert (uv >= 0).all() and (uv[:, 0] <= shot.width).all() and (uv[:, 1] <= shot.height).all()


def test_lens_follows_depth_of_field_and_focus_follows_the_eyes():
    shot = make_shot(depth_of_field="shallow", moves=[CameraMove(move="dolly_in")], duration=2.0)
    perf = simple(shot, speed=1.0)
    cam = _filmed(shot, perf)
    assert 1.8 <= cam.f_number <= 2.8
    assert 8.0 <= _filmed(make_shot(depth_of_field="deep"), simple(make_shot())).f_number <= 11.0
    eyes = eye_point(perf.actors[0].joints, 1.72)
    depth = np.array([cam.project(f, eyes[f:f + 1])[1][0] for f in range(shot.n_frames)])
    assert np.allclose(cam.focus_distance_m, depth, rtol=0.03)
    assert depth[-1] < 0.8 * depth[0]  # the dolly brought it closer and focus followed
    assert cam.focal_length_mm(0) == pytest.approx(35.0)


def test_camera_stays_above_ground_and_out_of_props():
    wall = PropState("wall", "wall", center=np.array([-1.0, 1.5, 3.0]), size=np.array([4.0, 3.0, 0.6]))
    for angle, moves in (("low", [CameraMove(move="crane_down")]),
                         ("eye_level", [CameraMove(move="orbit", amount=360)])):
        shot = make_shot(angle=angle, moves=moves)
        perf = performance(shot, [actor_motion("a", shot.n_frames, shot.fps)], props=[wall])
        cam = _filmed(shot, perf)
        positions = np.array([cam.position(f) for f in range(shot.n_frames)])
        assert positions[:, 1].min() >= 0.1
        inside = np.all(np.abs(positions - wall.center) < wall.size / 2, axis=1)
        assert not inside.any()


def test_close_up_keeps_the_face_when_the_subject_crouches():
    shot = make_shot(shot_type="close_up", duration=2.0)
    motion = actor_motion("a", shot.n_frames, shot.fps)
    drop = 0.35 * np.clip(np.linspace(-1, 2, shot.n_frames), 0, 1)  # sinks 35 cm, then stays down
    motion.root[:, 1] -= drop
    motion.refresh_joints()
    perf = performance(shot, [motion])
    cam = _filmed(shot, perf)
    assert np.ptp([cam.position(f) for f in range(shot.n_frames)], axis=0).max() < 1e-9
    for f in range(0, shot.n_frames, 4):
        uv, _ = cam.project(f, motion.joints[f, [J["head"]]])
        assert 0.25 * shot.height < uv[0, 1] < 0.7 * shot.height, f  # locked off, it would leave at the bottom


def test_camera_never_stands_inside_another_actor():
    shot = make_shot(shot_type="close_up", actors=("a", "b"), subject="a", duration=0.5)
    first = _filmed(shot, performance(shot, [actor_motion("a", shot.n_frames, shot.fps)]))
    spot = first.position(0) * [1, 0, 1]  # put the second actor right where the lens would be
    perf = performance(shot, [actor_motion("a", shot.n_frames, shot.fps),
                              actor_motion("b", shot.n_frames, shot.fps, start=(spot[0], spot[2]))])
    cam = _filmed(shot, perf)
    pelvis_b = perf.actors[1].joints[0, J["pelvis"]]
    assert np.linalg.norm((cam.position(0) - pelvis_b) * [1, 0, 1]) >= 0.34
