"""Juggling (motion/perform/handwork.py path `juggle`): a three-ball cascade's hands, measured on the joints."""

from __future__ import annotations

import numpy as np
import pytest

from cinemotion.body.skeleton import J
from cinemotion.direct import direct
from cinemotion.language import parse
from cinemotion.language.open_actions import hand_task
from cinemotion.motion import animate


@pytest.mark.parametrize("prompt", ["A street performer juggling for 4 seconds", "一个街头艺人在抛接球，4秒"])
def test_the_hands_loop_half_a_cycle_apart_at_the_tasks_rhythm_and_height(prompt):
    shot = direct(parse(prompt)).shots[0]
    joints = animate(shot, rng=np.random.default_rng(0)).actors[0].joints
    task, height, fps = hand_task("juggle"), shot.actors[0].character.height_m, shot.fps
    action = next(a for a in shot.actors[0].actions if a.verb == "juggle")
    work = slice(int(fps * (action.start_s + 1.0)), int(fps * action.end_s) - 2)  # after stepping up to the work
    left, right = (joints[work, J[f"{side}_wrist"], 1] for side in ("left", "right"))
    right_up = right - right.mean()
    spectrum = np.abs(np.fft.rfft(right_up * np.hanning(len(right_up))))
    freqs = np.fft.rfftfreq(len(right_up), 1.0 / fps)
    assert abs(freqs[1 + int(np.argmax(spectrum[1:]))] - task["rhythm_hz"]) <= freqs[1]
    assert np.corrcoef(left, right)[0, 1] < -0.9  # one hand throws while the other catches
    assert np.ptp(right) == pytest.approx(2 * task["amplitude_m"], abs=0.03)  # each hand's loop, up and down
    assert abs((left.mean() + right.mean()) / 2 - task["height"] * height) <= 0.08
    # the hands work apart, in front of the body: each on its own side of the pelvis
    forward = np.array([np.cos(shot.actors[0].start.heading_rad), 0.0, -np.sin(shot.actors[0].start.heading_rad)])
    side = np.cross(forward, [0.0, 1.0, 0.0])
    pelvis = joints[work, J["pelvis"]]
    lateral = {s: (joints[work, J[f"{s}_wrist"]] - pelvis) @ side for s in ("left", "right")}
    assert lateral["right"].min() > 0 > lateral["left"].max()
    assert ((joints[work, J["right_wrist"]] - pelvis) @ forward).min() > 0.1
