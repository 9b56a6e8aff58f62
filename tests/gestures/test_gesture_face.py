"""Faces and hands measured from the exported landmarks: sizes, blinks, yawns, visemes, emotional faces."""

from __future__ import annotations

import numpy as np

from cinemotion.motion.speech import speak_lines
from cinemotion.motion.extremities.face import perform_face, visemes
from cinemotion.motion.extremities.hands import perform_hands
from cinemotion.body.skeleton import J
from cinemotion.direct.plan import ActorState, PlacedActor
from cinemotion.errors import InputError
from cinemotion.motion.gesture.layer import layer_gestures
from cinemotion.spec.models import Action, Character
from gesture_measure import eye_aperture, mouth_opening, runs
from gesture_shots import gesture_shot, standing_motion


def _perform(actions, *, duration=4.0, fps=24, seed=0, height=1.72, **shot_args):
    shot = gesture_shot(actions, duration=duration, fps=fps, height=height, **shot_args)
    motion, body = standing_motion(shot)
    events = layer_gestures(motion, shot.actors[0], body, shot, lines=speak_lines(shot), rng=np.random.default_rng(seed))
    perform_hands(motion, shot.actors[0], body, shot)
    perform_face(motion, shot.actors[0], body, shot, lines=speak_lines(shot), rng=np.random.default_rng(seed + 1))
    return shot, motion, body, events


def test_landmarks_every_frame_with_anatomical_sizes():
    for height in (1.55, 1.90):
        shot, motion, body, _ = _perform([Action(kind="gesture", verb="wave", start_s=0.5, end_s=2.5)],
                                         duration=3.0, height=height)
        assert motion.hands.shape == (shot.n_frames, 2, 21, 3) and np.isfinite(motion.hands).all()
        assert motion.face.shape == (shot.n_frames, 70, 3) and np.isfinite(motion.face).all()
        wrists = motion.joints[:, [J["left_wrist"], J["right_wrist"]]]
        assert np.allclose(motion.hands[:, :, 0], wrists)
        open_hand = motion.hands[int(1.5 * shot.fps), 1]
        length = np.linalg.norm(open_hand[12] - open_hand[0])
        assert abs(length / height - 0.108) < 0.006, f"open hand {length:.3f} m for {height} m"
        breadth = np.linalg.norm(open_hand[5] - open_hand[17])
        assert 0.025 * height < breadth < 0.04 * height, f"index–little knuckle span {breadth:.3f} m"
        face = motion.face[0]
        width = np.linalg.norm(face[0] - face[16])
        assert 0.075 * height < width < 0.09 * height, f"face width {width:.3f} m"
        ipd = np.linalg.norm(face[68] - face[69])
        assert 0.034 * height < ipd < 0.04 * height, f"interpupillary {ipd * 1000:.0f} mm"
        chin_to_brow = face[19, 1] - face[8, 1]
        assert 0.07 * height < chin_to_brow < 0.09 * height
        assert face[30, 2] > motion.joints[0, J["head"], 2] + 0.05, "the nose is in front of the head"


def test_spontaneous_blinks_at_human_rate_and_duration():
    shot, motion, _, _ = _perform([], duration=30.0, fps=30)
    aperture = eye_aperture(motion.face)
    open_ = np.median(aperture)
    closures = runs(aperture < 0.5 * open_)
    blinks = runs(aperture < 0.9 * open_)
    per_min = len(closures) * 2.0
    assert 8 <= per_min <= 30, f"{per_min:.0f} blinks/min at rest"
    durations = [(b - a) / shot.fps for a, b in blinks]
    assert all(0.1 <= d <= 0.45 for d in durations), durations
    assert all(aperture[a:b].min() < 0.1 * open_ for a, b in blinks), "blinks close the eyes fully"


def test_precise_tasks_blink_less_and_look_at_the_hands():
    shot, rest, _, _ = _perform([], duration=30.0, fps=24, seed=2)
    _, typing, _, _ = _perform([Action(kind="gesture", verb="thread_needle", start_s=0.0, end_s=30.0)],
                               duration=30.0, seed=2)
    count = [len(runs(eye_aperture(m.face) < 0.5 * np.median(eye_aperture(m.face)))) for m in (rest, typing)]
    assert count[1] < count[0], f"rest {count[0]} blinks, needle threading {count[1]}"
    f = 10 * shot.fps
    def pupil_drop(m, frame):  # pupils below the middle of their eye openings: looking down
        return np.mean([m.face[frame, 36:42, 1].mean() - m.face[frame, 68, 1],
                        m.face[frame, 42:48, 1].mean() - m.face[frame, 69, 1]])

    def pitch(m, frame):  # the nose below the head joint: the head bowed
        return m.joints[frame, J["head"], 1] - m.face[frame, 30, 1]

    assert pupil_drop(typing, f) > pupil_drop(rest, f) + 0.001, "eyes not lowered to the hands"
    assert pitch(typing, f) > pitch(rest, f) + 0.01, "head not bowed over the hands"
    pinch = np.linalg.norm(typing.hands[f, :, 4] - typing.hands[f, :, 8], axis=1)
    assert (pinch < 0.012).all(), f"thumb–index gap {pinch * 1000} mm"


def test_yawn_opens_the_mouth_for_a_yawns_length():
    shot, motion, _, _ = _perform([Action(kind="gesture", verb="yawn", start_s=0.5, end_s=9.5)], duration=10.0)
    mouth = mouth_opening(motion.face)
    wide = runs(mouth > 0.5 * mouth.max())
    assert len(wide) == 1
    open_s = (wide[0][1] - wide[0][0]) / shot.fps
    opening = runs(mouth > mouth[0] + 0.005)
    whole_s = (opening[0][1] - opening[0][0]) / shot.fps
    assert 2.0 <= open_s <= 6.0 and 3.5 <= whole_s <= 10.0, (open_s, whole_s)
    assert mouth.max() > 0.03, f"yawn opens {mouth.max() * 1000:.0f} mm"


def test_facepalm_covers_the_face_and_closes_the_eyes():
    shot, motion, _, _ = _perform([Action(kind="gesture", verb="facepalm", start_s=0.3, end_s=3.0)])
    f = int(2.0 * shot.fps)
    palm = motion.hands[f, 1, [0, 5, 9, 13, 17]].mean(axis=0)
    eyes = motion.face[f, [68, 69]].mean(axis=0)
    assert np.linalg.norm(palm - eyes) < 0.07, f"palm {np.linalg.norm(palm - eyes) * 100:.1f} cm from the eyes"
    assert eye_aperture(motion.face)[f] < 0.2 * eye_aperture(motion.face)[0]
    assert motion.expression["brow_furrow"][f] > 0.4


def test_shrug_raises_shoulders_and_brows_and_turns_palms_up():
    shot, motion, _, _ = _perform([Action(kind="gesture", verb="shrug", start_s=0.2, end_s=2.0)])
    f = int(0.8 * shot.fps)
    rise = motion.joints[f, J["right_shoulder"], 1] - motion.joints[0, J["right_shoulder"], 1]
    assert rise > 0.02, f"shoulders rise {rise * 100:.1f} cm"
    brow = motion.face[f, 19, 1] - motion.face[f, 37, 1]
    assert brow > (motion.face[0, 19, 1] - motion.face[0, 37, 1]) + 0.004
    hand = motion.hands[f, 1]
    normal = np.cross(hand[5] - hand[0], hand[17] - hand[0])  # right hand: palm normal
    assert normal[1] / np.linalg.norm(normal) > 0.5, "palm not up"


def test_tremble_shows_fear_on_the_face():
    _, motion, _, _ = _perform([Action(kind="gesture", verb="tremble", start_s=0.0, end_s=4.0)])
    assert motion.expression["eye_wide"][48] > 0.6 and motion.expression["brow_raise"][48] > 0.5


def test_visemes_follow_phonemes():
    times = np.arange(0, 1.0, 1 / 60)
    phonemes = [(0.0, 0.15, "m"), (0.15, 0.4, "A:"), (0.4, 0.55, "p"), (0.55, 0.8, "u:"), (0.8, 1.0, "_")]
    v = visemes(phonemes, times, start_s=0.0)
    def at(t: float) -> int:
        return int(t * 60)
    assert v["jaw_open"][at(0.27)] > 0.6 > 0.2 > v["jaw_open"][at(0.07)]
    assert v["jaw_open"][at(0.47)] < 0.25
    assert v["mouth_round"][at(0.67)] > 0.6 and v["mouth_round"][at(0.27)] < 0.1


def test_speaking_moves_the_mouth_only_while_speaking():
    shot, motion, _, _ = _perform([Action(kind="speak", verb="speak", text="Hello, are you there? Come on!",
                                          start_s=1.0, end_s=3.5)], duration=4.5)
    mouth = mouth_opening(motion.face)
    before, during = mouth[:int(0.9 * shot.fps)], mouth[int(1.2 * shot.fps):int(2.5 * shot.fps)]
    assert np.ptp(before) < 1e-4 and np.ptp(during) > 0.006


def test_emotion_blends_in_over_its_action():
    shot, motion, _, _ = _perform([Action(kind="gesture", verb="idle", emotion="joy", start_s=1.5, end_s=4.0)])
    smile = motion.expression["smile"]
    assert smile[0] == 0 and smile[int(3 * shot.fps)] > 0.7
    corners = motion.face[:, [48, 54], 1].mean(axis=1) - motion.face[:, 57, 1]
    assert corners[int(3 * shot.fps)] > corners[0] + 0.003


def test_flinch_onset_latency_after_its_cause():
    cause = 1.0
    threat = PlacedActor(id="brute", character=Character(id="brute"), actions=[
        Action(kind="locomotion", verb="lunge", start_s=cause, end_s=1.8, target="hero")],
        start=ActorState(position=[0.0, 0.0, 1.5]))
    shot, motion, _, events = _perform([Action(kind="react", verb="flinch", start_s=cause + 0.22, end_s=2.5,
                                               cause="brute.lunge")], duration=3.0, fps=60, others=[threat])
    wrist = motion.joints[:, J["right_wrist"], 1]
    rise = wrist - wrist[0]
    onset = np.argmax(rise > 0.1 * rise.max()) / shot.fps - cause
    guard = np.argmax(wrist > motion.joints[:, J["right_shoulder"], 1]) / shot.fps - cause
    assert 0.15 <= onset <= 0.4, f"flinch onset {onset:.3f} s after the lunge"
    assert guard <= 0.5, f"hands up {guard:.3f} s after the lunge"
    assert any(e.kind == "whoosh" for e in events)
    assert eye_aperture(motion.face)[int((cause + 0.4) * shot.fps)] < 0.3 * eye_aperture(motion.face)[0]


def test_same_seed_same_performance_and_legs_untouched():
    actions = [Action(kind="gesture", verb="point", start_s=0.2, end_s=1.5, target="friend"),
               Action(kind="gesture", verb="glance_back", start_s=1.5, end_s=2.6)]
    friend = PlacedActor(id="friend", character=Character(id="friend"), actions=[],
                         start=ActorState(position=[-2.0, 0.0, 3.0]))
    a = _perform(actions, others=[friend], duration=3.0)[1]
    b = _perform(actions, others=[friend], duration=3.0)[1]
    for name in ("rotations", "joints", "hands", "face", "gaze"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    legs = [J[n] for n in ("left_knee", "right_knee", "left_ankle", "right_ankle", "left_foot", "right_foot")]
    assert np.abs(a.joints[:, legs] - a.joints[0, legs]).max() < 1e-9
    f = int(1.0 * 24)
    index = a.hands[f, 1, 8] - a.hands[f, 1, 5]
    aim = np.array([-2.0, 0.9 * 1.72, 3.0]) - a.hands[f, 1, 5]
    angle = np.degrees(np.arccos(index @ aim / np.linalg.norm(index) / np.linalg.norm(aim)))
    assert angle < 20, f"index finger {angle:.0f}° off the target"


def test_gesture_after_the_shot_is_refused():
    shot = gesture_shot([Action(kind="gesture", verb="wave", start_s=5.0, end_s=6.0)], duration=3.0)
    motion, body = standing_motion(shot)
    try:
        layer_gestures(motion, shot.actors[0], body, shot, lines=speak_lines(shot), rng=np.random.default_rng(0))
    except InputError as error:
        assert "wave" in error.field
    else:
        raise AssertionError("no InputError")


def test_hand_poses_close_and_open_the_hand():
    from cinemotion.motion.extremities.hands import hand_shape, pose_vector

    length = 0.186
    def palm_centre(h: np.ndarray) -> np.ndarray:
        return h[[0, 5, 9, 13, 17]].mean(axis=0)
    fist = hand_shape(pose_vector("fist")[None], length)[0]
    open_ = hand_shape(pose_vector("open")[None], length)[0]
    point = hand_shape(pose_vector("point")[None], length)[0]
    tips = [8, 12, 16, 20]
    assert max(np.linalg.norm(fist[t] - palm_centre(fist)) for t in tips) < 0.45 * length
    assert min(np.linalg.norm(open_[t] - open_[0]) for t in tips) > 0.75 * length
    assert np.linalg.norm(point[8] - point[0]) > 0.9 * length > 0.5 * length > np.linalg.norm(point[12] - point[0])
