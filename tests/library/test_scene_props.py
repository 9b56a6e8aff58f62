"""What open actions stand on and hold: steps under a captured stair climb, a box that rises with the hands."""

from __future__ import annotations

import numpy as np

from cinemotion.body.skeleton import J, make_body
from cinemotion.direct import direct
from cinemotion.language import parse
from cinemotion.motion import animate


def _perform(prompt):
    shot = direct(parse(prompt)).shots[0]
    return shot, animate(shot, rng=np.random.default_rng(0))


def test_a_lifted_box_rises_with_the_hands():
    shot, performance = _perform("A woman picks up a box")
    box = next(p for p in performance.props if p.kind == "box")
    assert np.ndim(box.center) == 2, "the box never moves"
    joints = performance.actors[0].joints
    hands = 0.5 * (joints[:, J["left_wrist"]] + joints[:, J["right_wrist"]])
    assert box.center[0, 1] <= 0.25 and box.center[-1, 1] >= 0.9, f"box from {box.center[0, 1]:.2f} to {box.center[-1, 1]:.2f} m"
    held = box.center[:, 1] > 0.5
    gap = float(np.linalg.norm(box.center[held] - hands[held], axis=1).max())
    assert gap <= 0.1, f"the box is {gap:.2f} m from the hands while held"


def test_a_box_put_down_rests_on_the_floor():
    shot, performance = _perform("A man puts the box down")
    box = next(p for p in performance.props if p.kind == "box")
    assert box.center[0, 1] >= 0.7 and abs(box.center[-1, 1] - box.size[1] / 2) < 1e-6, box.center[[0, -1], 1]


def test_stair_climb_lands_on_the_steps_it_is_given():
    shot, performance = _perform("An old woman climbs the stairs")
    steps = [p for p in shot.props if p.kind == "steps"]
    assert len(steps) >= 2, [p.kind for p in shot.props]
    joints = performance.actors[0].joints
    body = make_body(shot.actors[0].character.height_m, shot.actors[0].character.build)
    top = max(p.size[1] for p in steps)
    for side in ("left", "right"):
        sole = joints[-1, J[f"{side}_ankle"], 1] - body.rest[J[f"{side}_ankle"], 1]
        assert abs(sole - top) < 0.08, f"{side} foot ends {sole:.2f} m up, the top step is {top:.2f} m"
        foot = joints[-1, J[f"{side}_ankle"]]
        under = any(np.all(np.abs((foot - np.array(p.center))[[0, 2]]) <= np.array(p.size)[[0, 2]] / 2 + 0.1)
                    for p in steps)
        assert under, f"no step under the {side} foot at {foot.round(2)}"


def test_a_carried_box_travels_in_the_hands_of_a_walker():
    shot, performance = _perform("A mover carries a box across the room")
    assert any(a.kind == "locomotion" for a in shot.actors[0].actions), "a carry is carried walking"
    box = next(p for p in performance.props if p.kind == "box")
    joints = performance.actors[0].joints
    hands = 0.5 * (joints[:, J["left_wrist"]] + joints[:, J["right_wrist"]])
    travel = float(np.linalg.norm((box.center[-1] - box.center[0]) * [1, 0, 1]))
    gap = float(np.linalg.norm(box.center - hands, axis=1).max())
    assert travel >= 3.0 and gap <= 0.1, f"box travels {travel:.1f} m, at most {gap:.2f} m from the hands"
    assert box.center[len(box.center) // 2, 1] >= 0.5 * shot.actors[0].character.height_m
