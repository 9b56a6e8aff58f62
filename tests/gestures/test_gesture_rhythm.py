"""Rhythmic gestures measured from exported joints: waves, tremor, nods, typing, claps, breathing."""

from __future__ import annotations

import numpy as np
import pytest

from cinemotion.motion.speech import speak_lines
from cinemotion.body.skeleton import J
from cinemotion.motion.gesture.layer import layer_gestures
from cinemotion.spec.models import Action
from gesture_measure import dominant_hz
from gesture_shots import gesture_shot, standing_motion, walking_motion


def _layer(actions, *, duration=4.0, fps=24, seed=0, walking=False, **shot_args):
    shot = gesture_shot(actions, duration=duration, fps=fps, **shot_args)
    motion, body = walking_motion(shot) if walking else standing_motion(shot)
    events = layer_gestures(motion, shot.actors[0], body, shot, lines=speak_lines(shot), rng=np.random.default_rng(seed))
    return shot, motion, body, events


def _wave_hz(speed: str, emotion: str | None = None) -> float:
    shot, motion, _, _ = _layer([Action(kind="gesture", verb="wave", speed=speed, emotion=emotion,
                                        start_s=0.0, end_s=6.0)], duration=6.0, fps=30)
    wrist = motion.joints[:, J["right_wrist"]]
    stroke = slice(int(1.5 * shot.fps), int(4.5 * shot.fps))
    return dominant_hz(wrist[stroke, 0], shot.fps)


def test_wave_frequency_is_human_and_frantic_is_faster_than_deliberate():
    slow, normal, frantic = _wave_hz("slow"), _wave_hz("normal"), _wave_hz("fast", "fear")
    assert 0.8 <= slow <= 2.0, f"slow wave at {slow:.2f} Hz"
    assert 1.5 <= normal <= 3.0, f"normal wave at {normal:.2f} Hz"
    assert 2.5 <= frantic <= 5.0, f"frantic wave at {frantic:.2f} Hz"
    assert frantic > 1.8 * slow, f"frantic {frantic:.2f} Hz vs slow {slow:.2f} Hz"


def test_wave_raises_the_hand_above_the_shoulder_and_returns_it():
    shot, motion, body, _ = _layer([Action(kind="gesture", verb="wave", start_s=0.5, end_s=3.0)])
    wrist, shoulder = motion.joints[:, J["right_wrist"]], motion.joints[:, J["right_shoulder"]]
    during = slice(int(1.2 * shot.fps), int(2.4 * shot.fps))
    assert np.all(wrist[during, 1] > shoulder[during, 1]), wrist[during, 1].min() - shoulder[during, 1].max()
    assert abs(wrist[-1, 1] - body.rest[J["right_wrist"], 1]) < 0.03, "the hand did not come back down"
    left = motion.joints[:, J["left_wrist"], 1]
    assert np.abs(left - left[0]).max() < 0.03, "the idle left arm should only breathe"


def test_waving_while_walking_keeps_the_legs_and_the_other_arm():
    shot = gesture_shot([Action(kind="gesture", verb="wave", start_s=0.5, end_s=3.5)], duration=4.0)
    motion, body = walking_motion(shot)
    before, contacts = motion.joints.copy(), motion.contacts.copy()
    layer_gestures(motion, shot.actors[0], body, shot, lines=speak_lines(shot), rng=np.random.default_rng(0))
    legs = [J[n] for n in ("pelvis", "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle",
                           "right_ankle", "left_foot", "right_foot")]
    assert np.abs(motion.joints[:, legs] - before[:, legs]).max() < 1e-9
    assert np.array_equal(motion.contacts, contacts)
    mid = int(2.0 * shot.fps)
    assert motion.joints[mid, J["right_wrist"], 1] > motion.joints[mid, J["right_shoulder"], 1]
    left_swing = np.ptp(motion.joints[:, J["left_wrist"], 2] - motion.root[:, 2])
    assert left_swing > 0.1, f"the left arm stopped swinging ({left_swing:.3f} m)"


def test_tremble_shakes_in_the_physiological_band():
    shot, motion, _, _ = _layer([Action(kind="gesture", verb="tremble", emotion="fear", start_s=0.0, end_s=5.0)],
                                duration=5.0, fps=30)
    wrist = motion.joints[int(1.0 * shot.fps):int(4.5 * shot.fps), J["right_wrist"]]
    hz = dominant_hz(wrist[:, 0], shot.fps, low_hz=3.0)
    assert 7.0 <= hz <= 12.0, f"tremor at {hz:.2f} Hz"
    assert np.ptp(wrist[:, 0]) > 0.004, "too small to see"


def test_nod_and_head_shake_rhythms_seen_at_the_nose():
    from cinemotion.motion.extremities.face import perform_face

    for verb, axis in (("nod", 1), ("shake_head", 0)):
        shot, motion, body, _ = _layer([Action(kind="gesture", verb=verb, start_s=0.0, end_s=4.0)], fps=30)
        perform_face(motion, shot.actors[0], body, shot, lines=speak_lines(shot), rng=np.random.default_rng(0))
        nose = motion.face[int(0.5 * shot.fps):int(3.5 * shot.fps), 30, axis]
        hz = dominant_hz(nose, shot.fps)
        assert 1.0 <= hz <= 3.5, f"{verb} at {hz:.2f} Hz"
        assert np.ptp(nose) > 0.015, f"{verb} moves the nose {np.ptp(nose) * 100:.1f} cm"


def test_typing_keystroke_rate_and_fingers():
    from cinemotion.motion.extremities.hands import perform_hands

    shot, motion, body, events = _layer([Action(kind="gesture", verb="type", start_s=0.0, end_s=8.0)], duration=8.0)
    presses = [e for e in events if e.kind == "key_press"]
    rate = len(presses) / (8.0 - 1.2)
    assert 2.5 <= rate <= 7.0, f"{rate:.2f} keys/s"
    perform_hands(motion, shot.actors[0], body, shot)
    drops = []
    for e in presses:
        if e.data["finger"] == "thumb":
            continue
        f = int(round(e.time_s * shot.fps))
        hand = motion.hands[:, 0 if e.side == "left" else 1]
        tip = {"index": 8, "middle": 12, "ring": 16, "pinky": 20}[e.data["finger"]]
        rel = hand[:, tip, 1] - hand[:, 0, 1]
        drops.append(rel[max(f - 3, 0)] - rel[f])
    assert np.median(drops) > 0.005, f"fingertips drop {np.median(drops) * 1000:.1f} mm at a key press"
    gap = np.linalg.norm(motion.gaze - motion.joints[:, [J["left_wrist"], J["right_wrist"]]].mean(axis=1), axis=1)
    assert gap[int(3 * shot.fps)] < 0.15, "a typist looks at the hands"


def test_clap_events_at_palm_contact_in_the_applause_range():
    shot, motion, body, events = _layer([Action(kind="gesture", verb="clap", start_s=0.0, end_s=4.0)], fps=30)
    claps = [e.time_s for e in events if e.kind == "clap"]
    hz = (len(claps) - 1) / (claps[-1] - claps[0])
    assert 2.0 <= hz <= 4.5, f"{len(claps)} claps, {hz:.2f} Hz"
    wrists = motion.joints[:, [J["left_wrist"], J["right_wrist"]]]
    for t in claps:
        f = int(round(t * shot.fps))
        assert np.linalg.norm(wrists[f, 0] - wrists[f, 1]) < 0.06


def test_fast_strokes_whoosh_and_slow_ones_do_not():
    _, _, _, fast = _layer([Action(kind="gesture", verb="wave", speed="fast", emotion="fear", start_s=0, end_s=3)])
    _, _, _, slow = _layer([Action(kind="gesture", verb="wave", speed="slow", start_s=0, end_s=3)])
    assert any(e.kind == "whoosh" for e in fast)
    assert not any(e.kind == "whoosh" for e in slow)


@pytest.mark.parametrize("exerted", [False, True])
def test_breathing_rate_rests_low_and_rises_after_running(exerted):
    shot = gesture_shot([], duration=12.0, fps=24)
    motion, body = standing_motion(shot)
    if exerted:  # ran in at jogging speed for the first 6 s, then stands
        v = np.where(np.arange(shot.n_frames) < 6 * shot.fps, 3.5, 0.0)
        motion.root[:, 2] += np.cumsum(v) / shot.fps
        motion.refresh_joints()
    layer_gestures(motion, shot.actors[0], body, shot, lines=speak_lines(shot), rng=np.random.default_rng(5))
    chest = motion.joints[:, J["left_shoulder"], 1] - motion.joints[:, J["pelvis"], 1]
    standing = slice(6 * shot.fps, 12 * shot.fps)
    bpm = 60 * dominant_hz(chest[standing], shot.fps, low_hz=0.1)
    if exerted:
        assert 24 <= bpm <= 45, f"{bpm:.1f} breaths/min after running"
    else:
        assert 10 <= bpm <= 21, f"{bpm:.1f} breaths/min at rest"


def test_back_to_back_waves_keep_the_hand_up():
    shot, motion, _, _ = _layer([Action(kind="gesture", verb="wave", speed="fast", emotion="fear", start_s=0.0,
                                        end_s=2.0),
                                 Action(kind="gesture", verb="wave", speed="fast", start_s=2.0, end_s=4.0)])
    wrist, shoulder = motion.joints[:, J["right_wrist"], 1], motion.joints[:, J["right_shoulder"], 1]
    seam = slice(int(1.0 * shot.fps), int(3.0 * shot.fps))
    assert np.all(wrist[seam] > shoulder[seam]), "the hand dropped between two waves"


def test_slow_motion_slows_the_wave():
    def hz(time_scale):
        shot, motion, _, _ = _layer([Action(kind="gesture", verb="wave", start_s=0.0, end_s=8.0)], duration=8.0,
                                    fps=30, time_scale=time_scale)
        return dominant_hz(motion.joints[int(2 * shot.fps):int(6 * shot.fps), J["right_wrist"], 0], shot.fps)

    real, slow = hz(1.0), hz(0.5)
    assert abs(slow / real - 0.5) < 0.1, f"real time {real:.2f} Hz, slow motion {slow:.2f} Hz"


def test_stillness_keeps_breathing_barely_visible():
    def chest_travel(intensity):
        shot, motion, _, _ = _layer([], duration=8.0, intensity=intensity)
        chest = motion.joints[:, J["left_shoulder"], 1] - motion.joints[:, J["pelvis"], 1]
        return np.ptp(chest)

    still, normal = chest_travel(1), chest_travel(5)
    assert still < 0.4 * normal and normal > 0.002, (still, normal)


def test_glance_back_while_running_turns_the_head_not_the_legs():
    shot = gesture_shot([Action(kind="gesture", verb="glance_back", direction="left", start_s=1.0, end_s=3.0)],
                        duration=3.0)
    motion, body = walking_motion(shot, verb="run")
    before = motion.joints.copy()
    layer_gestures(motion, shot.actors[0], body, shot, lines=speak_lines(shot), rng=np.random.default_rng(0))
    legs = [J[n] for n in ("left_knee", "right_knee", "left_ankle", "right_ankle", "left_foot", "right_foot")]
    assert np.abs(motion.joints[:, legs] - before[:, legs]).max() < 1e-9
    from cinemotion.body.skeleton import global_rotations

    g = global_rotations(motion.rotations)
    f = int(1.6 * shot.fps)
    face, hips = g[f, J["head"]][:, 2], g[f, J["pelvis"]][:, 2]
    yaw = np.degrees(np.arctan2(np.cross(hips, face)[1], hips @ face))
    assert yaw > 45, f"head turned {yaw:.0f}° from the hips toward the left"


def test_speech_beats_land_on_words():
    from cinemotion.language.voice import synthesize
    from cinemotion.spec.models import Voice

    text = "Listen to me, we have to leave right now, before the storm comes."
    shot, motion, _, _ = _layer([Action(kind="speak", verb="speak", text=text, start_s=0.5, end_s=6.0)],
                                duration=6.0, fps=30)
    hand = motion.joints[:, J["right_wrist"], 1] - motion.joints[:, J["right_shoulder"], 1]
    lifts = hand - np.median(hand)
    words = synthesize(text, Voice()).words[::2]
    peaks = [0.5 + start + 0.1 for start, _, _ in words]
    at_words = np.mean([lifts[int(t * shot.fps)] for t in peaks])
    between = np.mean([lifts[int((0.5 + s0 + 0.1 + (0.5 + s1 + 0.1)) / 2 * shot.fps)]
                       for (s0, _, _), (s1, _, _) in zip(words[:-1], words[1:]) if s1 - s0 > 0.5])
    assert at_words > between + 0.005, f"hand lift {at_words * 1000:.1f} mm on words, {between * 1000:.1f} mm between"
