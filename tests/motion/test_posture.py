"""Sitting down on a seat, staying seated, standing up: heights, knee angles, the rise's phases, the seat."""

from __future__ import annotations

import numpy as np
import pytest

from cinemotion.body.skeleton import J, make_body
from cinemotion.direct import direct
from cinemotion.language import parse
from cinemotion.motion import animate
from cinemotion.quality.gait import _angle, measure_gait


def _perform(prompt: str):
    shot = direct(parse(prompt)).shots[0]
    return shot, animate(shot, rng=np.random.default_rng(0))


def _knee(joints: np.ndarray, side: str = "left") -> np.ndarray:
    return _angle(joints[:, J[f"{side}_knee"]] - joints[:, J[f"{side}_hip"]],
                  joints[:, J[f"{side}_ankle"]] - joints[:, J[f"{side}_knee"]])


def _trunk_from_vertical(joints: np.ndarray) -> np.ndarray:
    return _angle(joints[:, J["neck"]] - joints[:, J["pelvis"]], np.array([0.0, 1.0, 0.0]))


def test_a_sitter_sits_on_the_seat_with_knees_bent_and_feet_still():
    shot, perf = _perform("A woman sitting on a park bench, full body shot, 3-second duration")
    bench = next(p for p in perf.props if p.kind == "bench")
    joints = perf.actors[0].joints
    top = bench.center[1] + bench.size[1] / 2
    hips = joints[:, [J["left_hip"], J["right_hip"]], 1].mean(axis=1)
    height = shot.actors[0].character.height_m
    assert top <= 0.25 * height + 1e-6  # no higher than her popliteal height: feet flat on the ground
    assert np.allclose(hips - top, 0.058 * height, atol=0.02)  # hip joints a thigh's depth above the seat
    assert 70 < np.median(_knee(joints)) < 110
    # the pelvis is over the seat, inside its footprint
    offset = (joints[:, J["pelvis"]] - bench.center)[:, [0, 2]]
    assert np.all(np.abs(offset) < np.array(bench.size)[[0, 2]] / 2)
    ankles = joints[:, [J["left_ankle"], J["right_ankle"]]]
    assert np.ptp(ankles, axis=0).max() < 1e-6 and perf.actors[0].contacts.all()
    assert joints[..., 1].min() >= 0.0


def test_standing_up_leans_forward_before_the_hips_leave_the_seat_then_walks():
    shot, perf = _perform("A man sitting on a bench stands up, then walks away, full body shot, 6-second duration")
    joints, fps = perf.actors[0].joints, shot.fps
    actions = {a.posture or a.kind: a for a in shot.actors[0].actions}
    assert actions["sit"].end_s == pytest.approx(actions["stand"].start_s)
    pelvis = joints[:, J["pelvis"], 1]
    seated, standing = pelvis[0], make_body(shot.actors[0].character.height_m).rest[J["pelvis"], 1]
    begin = int(round(actions["stand"].start_s * fps))
    risen = begin + int(np.argmax(pelvis[begin:] > standing - 0.02))
    assert 1.2 <= (risen - begin) / fps <= 2.2  # sit-to-stand takes 1.5–2 s (Schenkman 1990)
    trunk = _trunk_from_vertical(joints[begin:risen])
    seat_off = int(np.argmax(pelvis[begin:risen] > seated + 0.02))
    assert 25 < trunk.max() < 55 and abs(int(np.argmax(trunk)) - seat_off) <= 0.25 * fps  # peak lean at seat-off
    walk = joints[int(round(actions["locomotion"].start_s * fps)):]
    assert measure_gait(walk, fps)["speed_mps"] > 0.8


def test_walking_up_to_a_seat_ends_with_a_turn_and_the_seat_behind_not_walked_through():
    shot, perf = _perform("A man walks to a bench and sits down, wide shot, 6-second duration")
    joints = perf.actors[0].joints
    bench = next(p for p in perf.props if p.kind == "bench")
    sit = next(e for e in perf.events if e.kind == "sit")
    approach = joints[0, J["pelvis"]] - joints[int(sit.time_s * shot.fps) - 1, J["pelvis"]]
    forward_end = joints[-1, J["left_hip"]] - joints[-1, J["right_hip"]]
    facing = np.cross(forward_end, [0.0, 1.0, 0.0])  # the way the seated body faces
    assert facing @ approach > 0  # seated facing back the way it came
    half = np.array(bench.size)[[0, 2]] / 2 + 0.05
    inside = np.all(np.abs((joints[:, J["pelvis"]] - bench.center)[:, [0, 2]]) < half, axis=1)
    assert not inside[: int(sit.time_s * shot.fps) - int(0.8 * shot.fps)].any()  # not through the bench
    assert inside[-1]
    assert measure_gait(joints, shot.fps)["penetration_mm"] == 0.0


def test_turning_around_faces_back_in_quarter_steps_without_sliding():
    shot, perf = _perform("A woman walks down the corridor, then turns around, 5-second duration")
    joints, fps = perf.actors[0].joints, shot.fps
    assert [a.posture for a in shot.actors[0].actions] == [None, "turn"]

    def facing(f: int) -> np.ndarray:
        across = joints[f, J["left_hip"]] - joints[f, J["right_hip"]]
        return np.cross(across, [0.0, 1.0, 0.0]) / np.linalg.norm(across)

    assert facing(int(2.0 * fps)) @ facing(len(joints) - 1) < -0.95  # half a turn
    steps = [e for e in perf.events if e.kind == "foot_strike" and e.time_s > 2.5]
    assert len(steps) >= 4  # stepped round, not spun on the spot
    turning = measure_gait(joints[int(2.5 * fps):], fps)
    assert turning["foot_skating_ratio"] == 0.0 and turning["penetration_mm"] == 0.0


def test_a_crouch_is_low_with_deep_knees_and_heels_down_then_rises():
    shot, perf = _perform("A soldier crouching behind a wall stands up, then runs, 5-second duration")
    joints, fps = perf.actors[0].joints, shot.fps
    assert [a.posture for a in shot.actors[0].actions][:2] == ["crouch", "stand"]
    height = shot.actors[0].character.height_m
    held = joints[: int(1.5 * fps)]
    assert np.allclose(held[:, J["pelvis"], 1], 0.30 * height, atol=0.01)
    assert 100 < np.median(_knee(held)) < 140
    assert np.allclose(held[:, [J["left_ankle"], J["right_ankle"]], 1], make_body(height).rest[J["left_ankle"], 1])
    assert joints[int(3.2 * fps), J["pelvis"], 1] > 0.5 * height  # up again before running
    assert measure_gait(joints, fps)["penetration_mm"] == 0.0
