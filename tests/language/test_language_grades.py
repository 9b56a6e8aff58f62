"""A gait's path up or down: up stairs is the captured stair climb at the gait's pace; a descent or a slope is
walked on the level ground cinemotion films on, and the plan says so (never silently)."""

from __future__ import annotations

import pytest

from cinemotion.language import parse


def _reading(prompt: str) -> tuple[list, list[str]]:
    shot = parse(prompt).shots[0]
    return [a for actor in shot.actors for a in actor.actions], shot.notes


@pytest.mark.parametrize("prompt, speed", [
    ("A woman jogs up the stairs of a porch.", "fast"),
    ("A man sprints up the steps.", "fast"),
    ("An old man walks up the old wooden stairs.", "normal"),
    ("She trudges upstairs.", "slow"),
    ("A man walks up the stairs quickly.", "fast"),  # the manner word still has the last say
    ("她跑上楼梯。", "fast"),
    ("老人慢慢走上台阶。", "slow"),
])
def test_a_gait_up_stairs_is_the_captured_climb_at_the_gaits_pace(prompt, speed):
    actions, notes = _reading(prompt)
    assert [(a.kind, a.verb) for a in actions] == [("action", "climb_stairs")], prompt
    assert actions[0].speed == speed
    assert any("climb_stairs" in n and "capture" in n for n in notes)


@pytest.mark.parametrize("prompt, verb, says", [
    ("A man hurries down the staircase.", "dash", "no stair descent"),
    ("A man walks downstairs slowly.", "walk", "no stair descent"),
    ("他慢慢走下楼梯。", "walk", "no stair descent"),
    ("A man jogs up the hill.", "jog", "the ground is level; the climb"),
    ("She runs down the steep grassy slope.", "run", "the ground is level; the descent"),
    ("男人跑上山坡。", "run", "the ground is level; the climb"),
])
def test_a_descent_or_a_slope_is_walked_on_the_level_and_said(prompt, verb, says):
    actions, notes = _reading(prompt)
    assert [a.verb for a in actions] == [verb], prompt
    assert any(n.startswith("path: ") and says in n for n in notes), notes


@pytest.mark.parametrize("prompt", ["He walks up to the door.", "A man walks down the street.",
                                    "She runs up and down the beach."])
def test_a_path_that_neither_climbs_nor_descends_says_nothing(prompt):
    actions, notes = _reading(prompt)
    assert all(a.kind == "locomotion" for a in actions)
    assert not any(n.startswith("path: ") for n in notes), notes
