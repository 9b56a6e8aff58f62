"""Any mix of gestures, speeds, emotions and windows: finite landmarks, untouched legs, bounded weights."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cinemotion.motion.speech import speak_lines
from cinemotion.motion.extremities.face import perform_face
from cinemotion.motion.extremities.hands import perform_hands
from cinemotion.body.skeleton import J
from cinemotion.motion.gesture.layer import layer_gestures
from cinemotion.motion.gesture.schedule import gesture_table
from cinemotion.spec.models import Action
from gesture_shots import gesture_shot, standing_motion

VERBS = sorted(gesture_table()["gestures"])
EMOTIONS = [None, "fear", "joy", "anger", "sadness", "fatigue", "surprise", "concentration"]


@st.composite
def gestures(draw):
    duration = draw(st.floats(0.2, 4.0))
    actions = []
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.floats(0.0, duration * 0.95))
        end = draw(st.floats(start, duration + 1.0))
        verb = draw(st.sampled_from(VERBS))
        actions.append(Action(kind="speak" if verb == "speak" else "gesture", verb=verb, start_s=start, end_s=end,
                              speed=draw(st.sampled_from(["slow", "normal", "fast"])),
                              emotion=draw(st.sampled_from(EMOTIONS)), text="hello", direction="left"))
    return duration, actions, draw(st.integers(1, 10)), draw(st.sampled_from([0.25, 1.0, 1.5]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(gestures())
def test_any_gesture_mix_gives_sound_landmarks(case):
    duration, actions, intensity, time_scale = case
    shot = gesture_shot(actions, duration=duration, intensity=intensity, time_scale=time_scale)
    motion, body = standing_motion(shot)
    legs = [J[n] for n in ("left_knee", "right_knee", "left_ankle", "right_ankle", "left_foot", "right_foot")]
    before = motion.joints[:, legs].copy()
    events = layer_gestures(motion, shot.actors[0], body, shot, lines=speak_lines(shot), rng=np.random.default_rng(0))
    perform_hands(motion, shot.actors[0], body, shot)
    perform_face(motion, shot.actors[0], body, shot, lines=speak_lines(shot), rng=np.random.default_rng(1))
    assert np.isfinite(motion.hands).all() and np.isfinite(motion.face).all() and np.isfinite(motion.gaze).all()
    assert np.abs(motion.joints[:, legs] - before).max() < 1e-9
    assert all(0.0 <= w.min() and w.max() <= 1.0 for w in motion.expression.values())
    assert all(0.0 <= e.time_s <= duration for e in events)
    # arms keep their length: hands stay within reach of the shoulders
    reach = np.linalg.norm(motion.joints[:, [J["left_wrist"], J["right_wrist"]]]
                           - motion.joints[:, [J["left_shoulder"], J["right_shoulder"]]], axis=-1)
    assert reach.max() < 0.35 * body.height_m


@given(st.floats(0.0, 1.0))
def test_rate_functions_run_from_start_to_end(u):
    from cinemotion.core.rates import RATES

    for name, rate in RATES.items():
        value = float(rate(u))
        assert np.isfinite(value)
        if name == "there_and_back":
            assert float(rate(0.0)) == 0.0 and abs(float(rate(1.0))) < 1e-12 and abs(float(rate(0.5)) - 1) < 1e-12
        else:
            assert abs(float(rate(0.0))) < 1e-12 and abs(float(rate(1.0)) - 1) < 1e-12, name
            assert -0.2 <= value <= 1.2, (name, u, value)
