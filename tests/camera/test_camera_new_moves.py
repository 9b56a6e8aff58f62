"""The moves added for issue #16, each measured on the camera path it films (not just accepted)."""

from __future__ import annotations

import numpy as np
import pytest

from camera_shots import actor_motion, make_shot, performance, simple
from cinemotion.camera import film
from cinemotion.language import parse
from cinemotion.spec.models import CameraMove
from cinemotion.spec.vocabulary import CAMERA_MOVES


def _filmed(moves, *, perf=None, **shot_kw):
    shot = make_shot(moves=moves, **shot_kw)
    perf = perf(shot) if perf else simple(shot)
    return film(shot, perf, rng=np.random.default_rng(0)), perf


def _positions(cam):
    return np.array([cam.position(f) for f in range(cam.n_frames)])


def _forward(cam):
    return cam.rotation[:, 2]  # rows are camera right, down, forward in world


def _angle_deg(a, b):
    return np.degrees(np.arccos(np.clip(np.sum(a * b, axis=-1), -1.0, 1.0)))


@pytest.mark.parametrize("move,sign", [("truck_left", -1.0), ("truck_right", 1.0)])
def test_a_truck_translates_sideways_without_rotating(move, sign):
    cam, _ = _filmed([CameraMove(move=move, amount=2.0)], duration=2.0)
    pos, fwd = _positions(cam), _forward(cam)
    travel = pos[-1] - pos[0]
    right = cam.rotation[0, 0]
    assert np.linalg.norm(travel) == pytest.approx(2.0, abs=0.05)
    assert travel @ right == pytest.approx(sign * 2.0, abs=0.05)  # along the camera's own left/right
    assert _angle_deg(fwd, fwd[0]).max() < 0.05  # never turns


@pytest.mark.parametrize("move,sign", [("pedestal_up", 1.0), ("pedestal_down", -1.0)])
def test_a_pedestal_rises_or_sinks_without_tilting(move, sign):
    cam, _ = _filmed([CameraMove(move=move, amount=1.0)], duration=2.0)
    pos, fwd = _positions(cam), _forward(cam)
    assert (pos[-1] - pos[0])[1] == pytest.approx(sign * 1.0, abs=0.03)
    assert np.abs(pos[-1, [0, 2]] - pos[0, [0, 2]]).max() < 0.03  # straight up or down
    assert _angle_deg(fwd, fwd[0]).max() < 0.05  # no tilt


@pytest.mark.parametrize("move", ["whip_pan_left", "whip_pan_right"])
def test_a_whip_pan_turns_fast_enough_to_smear_the_frame(move):
    cam, _ = _filmed([CameraMove(move=move)], duration=2.0, width=320, height=180)
    fwd = _forward(cam)
    per_frame = _angle_deg(fwd[1:], fwd[:-1])
    yaw = np.degrees(np.unwrap(np.arctan2(fwd[:, 0], fwd[:, 2])))
    assert abs(yaw[-1] - yaw[0]) == pytest.approx(60.0, abs=1.0)
    assert (yaw[-1] - yaw[0] > 0) == (move == "whip_pan_left")  # yaw grows to the left
    assert per_frame.max() * cam.fps > 300.0  # > 300°/s at its fastest: a whip, not a pan
    # The render blurs by the image motion while the shutter is open (180°: half a frame):
    blur_px = np.radians(per_frame.max()) * cam.fx[0] * 0.5
    assert blur_px > 20.0
    assert per_frame[int(0.5 * cam.fps):].max() < 0.01  # it lands and holds within the first half second


def test_a_rack_focus_pulls_focus_from_one_subject_to_the_other():
    def two(shot):
        return performance(shot, [actor_motion("a", shot.n_frames, shot.fps),
                                  actor_motion("b", shot.n_frames, shot.fps, start=(0.0, -3.0))])
    cam, perf = _filmed([CameraMove(move="rack_focus", start_s=0.5, duration_s=1.5)], perf=two, duration=3.0,
                        actors=("a", "b"), subject="a", shot_type="medium")
    pos, fwd = _positions(cam), _forward(cam)
    eyes = {a.actor_id: a.joints[:, 15] for a in perf.actors}  # the head joint
    depth = {k: np.einsum("fj,fj->f", fwd, v - pos) for k, v in eyes.items()}
    first, last = 0, cam.n_frames - 1
    assert cam.focus_distance_m[first] == pytest.approx(depth["b"][first], rel=0.1)  # held on the other one
    assert cam.focus_distance_m[last] == pytest.approx(depth["a"][last], rel=0.1)    # pulled onto the subject
    assert abs(depth["a"][last] - depth["b"][first]) > 1.0
    assert cam.f_number <= 2.8  # shallow enough for the pull to read
    still = np.abs(np.diff(cam.focus_distance_m[:12])).max()
    assert still < 1e-3  # nothing moves before the window


def test_fpv_flies_a_smooth_close_path_past_the_subject():
    cam, perf = _filmed([CameraMove(move="fpv")], duration=3.0)
    pos = _positions(cam)
    pelvis = perf.actors[0].joints[:, 0]
    gap = np.linalg.norm((pos - pelvis) * [1, 0, 1], axis=1)
    assert gap[cam.n_frames // 3:].max() < 2.6  # near the subject once it has closed in
    assert np.sum(np.linalg.norm(np.diff(pos, axis=0), axis=1)) > 3.0  # it flies, it doesn't hover
    accel = np.linalg.norm(np.diff(pos, 2, axis=0), axis=1) * cam.fps**2
    assert accel.max() < 12.0  # m/s²: a smooth line, no jolts
    roll = np.degrees(np.arctan2(-cam.rotation[:, 0, 1], cam.rotation[:, 1, 1]))
    assert np.abs(roll).max() > 3.0  # banks into the turn


def test_the_new_moves_are_in_the_vocabulary_and_read_from_words():
    for move in ("truck_left", "truck_right", "pedestal_up", "pedestal_down", "whip_pan_left", "whip_pan_right",
                 "rack_focus", "fpv"):
        assert move in CAMERA_MOVES
    words = {"[Truck left,Pan right] a man walks": ["truck_left", "pan_right"],
             "The camera pedestals down to her eye line": ["pedestal_down"],
             "A whip pan to the right": ["whip_pan_right"], "Rack focus from the cup to her face": ["rack_focus"],
             "FPV drone shot diving past the climber": ["fpv"], "The camera pulls back and up": ["dolly_out", "crane_up"],
             "The camera circles the figure": ["orbit"], "Crane down onto the dancer": ["crane_down"],
             "上海外滩，向左移镜头": ["truck_left"], "镜头环绕拍摄": ["orbit"], "希区柯克变焦，一个男人站着": ["dolly_zoom"]}
    for prompt, moves in words.items():
        assert [c.move for c in parse(prompt).shots[0].camera] == moves, prompt
