"""Camera moves: each on its own window, eased, composable; determinism and refusals."""

from __future__ import annotations

import numpy as np
import pytest

from camera_shots import make_shot, simple
from cinemotion.body.skeleton import J
from cinemotion.camera import film
from cinemotion.errors import InputError
from cinemotion.quality.video import camera_motion_summary, projected_height_fraction
from cinemotion.spec.models import CameraMove


def _filmed(moves, seed=0, speed=0.0, bounce_m=0.0, **shot_kw):
    shot = make_shot(moves=moves, **shot_kw)
    perf = simple(shot, speed=speed, bounce_m=bounce_m)
    return film(shot, perf, rng=np.random.default_rng(seed)), perf


def _positions(cam):
    return np.array([cam.position(f) for f in range(cam.n_frames)])


def _yaw_pitch(cam):
    forward = cam.rotation[:, 2]
    return np.degrees(np.unwrap(np.arctan2(forward[:, 0], forward[:, 2]))), np.degrees(np.arcsin(forward[:, 1]))


def test_tracking_keeps_its_distance_and_ignores_gait_bounce():
    cam, perf = _filmed([CameraMove(move="tracking")], speed=6.0, bounce_m=0.04, duration=3.0)
    pelvis = perf.actors[0].joints[:, J["pelvis"]]
    gap = np.linalg.norm((_positions(cam) - pelvis) * [1, 0, 1], axis=1)
    assert np.abs(gap / np.median(gap) - 1).max() <= 0.05
    assert np.ptp(_positions(cam)[:, 0]) > 15.0  # it travelled with the runner
    # The 4 cm, 2.8 Hz body bounce does not reach the camera: under 5 % of it at the step frequency.
    freqs = np.fft.rfftfreq(cam.n_frames, 1 / cam.fps)
    step = np.argmin(np.abs(freqs - 2.8))
    camera_bounce = np.abs(np.fft.rfft(_positions(cam)[:, 1] - _positions(cam)[:, 1].mean()))[step]
    body_bounce = np.abs(np.fft.rfft(pelvis[:, 1] - pelvis[:, 1].mean()))[step]
    assert camera_bounce < 0.05 * body_bounce


def test_dolly_zoom_keeps_the_subject_size_while_the_view_widens_or_narrows():
    cam, perf = _filmed([CameraMove(move="dolly_zoom", start_s=0.5, duration_s=2.5)], duration=3.0)
    joints = perf.actors[0].joints
    sizes = np.array([projected_height_fraction(cam, joints, f) for f in range(cam.n_frames)])
    assert np.abs(sizes / sizes[0] - 1).max() <= 0.05
    assert cam.fx[-1] / cam.fx[0] >= 2.0  # field of view changed by a large factor
    assert np.linalg.norm(cam.position(cam.n_frames - 1)) > 2.0 * np.linalg.norm(cam.position(0))


def test_pan_right_turns_right_over_exactly_its_window():
    cam, _ = _filmed([CameraMove(move="pan_right", start_s=1.0, duration_s=2.0)], duration=4.0)
    yaw, _ = _yaw_pitch(cam)
    start, end = 24, 72  # frames of 1 s and 3 s at 24 fps
    assert np.ptp(yaw[:start + 1]) < 1e-6 and np.ptp(yaw[end:]) < 1e-6
    turn = yaw[start] - yaw[end]  # yaw grows to the left
    assert turn == pytest.approx(30.0, abs=0.5)
    assert np.all(np.diff(yaw[start:end + 1]) < 0)  # always turning right, eased
    summary = camera_motion_summary(cam)["moves"][0]
    assert summary["move"] == "pan_right" and summary["pan_deg"] == pytest.approx(30.0, abs=0.5)
    assert (summary["start_frame"], summary["end_frame"]) == (start, end)
    assert np.ptp(_positions(cam), axis=0).max() < 1e-9  # a pan turns, it doesn't travel


def test_pan_on_a_travelling_subject_follows_it():
    cam, perf = _filmed([CameraMove(move="pan_right", start_s=0.5, duration_s=2.0)], speed=2.0, duration=3.0)
    pelvis = perf.actors[0].joints[:, J["pelvis"]]
    for f in (12, 36, 60):
        uv, z = cam.project(f, pelvis[f:f + 1])
        assert z[0] > 0 and 0.2 * cam.width < uv[0, 0] < 0.8 * cam.width


def test_tilt_up_pitches_up_and_composes_with_tracking():
    cam, perf = _filmed([CameraMove(move="tracking"), CameraMove(move="tilt_up", start_s=0.5, duration_s=1.5)],
                        speed=3.0, duration=3.0)
    _, pitch = _yaw_pitch(cam)
    assert pitch[48] - pitch[12] == pytest.approx(25.0, abs=1.0)
    assert np.all(np.diff(pitch[12:49]) > 0)
    assert np.ptp(pitch[48:]) < 0.2
    pelvis = perf.actors[0].joints[:, J["pelvis"]]
    gap = np.linalg.norm((_positions(cam) - pelvis) * [1, 0, 1], axis=1)
    assert np.abs(gap / np.median(gap) - 1).max() <= 0.05


def test_orbit_circles_the_subject():
    cam, perf = _filmed([CameraMove(move="orbit", amount=180.0)], duration=2.0)
    centre = perf.actors[0].joints[0, J["pelvis"]] * [1, 0, 1]
    around = (_positions(cam) - centre)[:, [0, 2]]
    radius = np.linalg.norm(around, axis=1)
    assert np.ptp(radius) / radius.mean() < 0.01
    angle = np.degrees(np.unwrap(np.arctan2(around[:, 0], around[:, 1])))
    assert angle[-1] - angle[0] == pytest.approx(180.0, abs=1.0)
    assert camera_motion_summary(cam)["moves"][0]["orbit_deg"] == pytest.approx(180.0, abs=3.0)
    for f in (0, 24, 47):  # the subject stays in frame all the way round
        uv, z = cam.project(f, perf.actors[0].joints[f, [J["head"]]])
        assert z[0] > 0 and 0 < uv[0, 0] < cam.width and 0 < uv[0, 1] < cam.height


def test_crane_up_raises_the_camera_and_keeps_the_subject():
    cam, perf = _filmed([CameraMove(move="crane_up", start_s=0.5, duration_s=1.0)], duration=2.0)
    height = _positions(cam)[:, 1]
    assert height[36] - height[12] == pytest.approx(1.5, abs=0.01)
    assert np.all(np.diff(height) >= -1e-9) and np.ptp(height[:13]) < 1e-9
    _, pitch = _yaw_pitch(cam)
    assert pitch[-1] < pitch[0] - 10  # looks down at the subject from up there


@pytest.mark.parametrize("move,ratio", [("zoom_in", 2.0), ("zoom_out", 0.5)])
def test_zoom_changes_focal_length_only(move, ratio):
    cam, _ = _filmed([CameraMove(move=move)], duration=1.0)
    assert cam.fx[-1] / cam.fx[0] == pytest.approx(ratio, rel=1e-3)
    assert np.ptp(_positions(cam), axis=0).max() < 1e-9


def test_dolly_in_moves_closer():
    cam, perf = _filmed([CameraMove(move="dolly_in", amount=2.0)], duration=1.0)
    joints = perf.actors[0].joints
    assert projected_height_fraction(cam, joints, cam.n_frames - 1) / projected_height_fraction(cam, joints, 0) \
        == pytest.approx(2.0, rel=0.05)
    assert cam.fx[-1] == cam.fx[0]


def test_handheld_is_slow_sway_not_jitter_and_deterministic():
    cam, _ = _filmed([CameraMove(move="handheld")], duration=8.0, seed=3)
    yaw, pitch = _yaw_pitch(cam)
    assert 0.1 < np.std(yaw) < 1.5  # a visible sway of a fraction of a degree
    for signal in (yaw - yaw.mean(), pitch - pitch.mean(), _positions(cam)[:, 1] - _positions(cam)[:, 1].mean()):
        power = np.abs(np.fft.rfft(signal)) ** 2
        freqs = np.fft.rfftfreq(len(signal), 1 / cam.fps)
        assert power[freqs <= 2.0].sum() / power.sum() > 0.9
    again, _ = _filmed([CameraMove(move="handheld")], duration=8.0, seed=3)
    other, _ = _filmed([CameraMove(move="handheld")], duration=8.0, seed=4)
    assert again.rotation.tobytes() == cam.rotation.tobytes()
    assert again.translation.tobytes() == cam.translation.tobytes()
    assert other.rotation.tobytes() != cam.rotation.tobytes()


def test_negative_prompt_switches_camera_shake_off():
    steady, _ = _filmed([CameraMove(move="handheld")], negative=["camera shake"], duration=1.0)
    assert np.ptp(_yaw_pitch(steady)[0]) < 1e-9


def test_a_move_after_the_cut_is_refused():
    with pytest.raises(InputError) as err:
        _filmed([CameraMove(move="pan_left", start_s=5.0)], duration=2.0)
    assert err.value.field == "shots[s].camera[0].start_s"
    with pytest.raises(InputError) as err:
        _filmed([CameraMove(), CameraMove(move="zoom_in", amount=-2.0)], duration=2.0)
    assert err.value.field == "shots[s].camera[1].amount"


def test_subject_relative_moves_ride_along_with_a_travelling_subject():
    cam, perf = _filmed([CameraMove(move="dolly_zoom")], speed=1.5, duration=3.0)
    joints = perf.actors[0].joints
    sizes = np.array([projected_height_fraction(cam, joints, f) for f in range(cam.n_frames)])
    assert np.abs(sizes / sizes[0] - 1).max() <= 0.05 and 0.8 <= sizes[0] <= 0.9
    pelvis = joints[:, J["pelvis"]]
    columns = np.array([cam.project(f, pelvis[f:f + 1])[0][0, 0] for f in range(cam.n_frames)]) / cam.width
    assert np.ptp(columns[6:-6]) < 0.1  # kept in place on screen while the focal length went x2.5


def test_tracking_windows_hold_before_and_after_and_never_jump():
    cam, _ = _filmed([CameraMove(move="tracking", start_s=0.5, duration_s=0.5),
                      CameraMove(move="tracking", start_s=2.0, duration_s=0.5)], speed=3.0, duration=3.0)
    x = _positions(cam)[:, 0]
    assert np.ptp(x[:12]) < 1e-9 and np.ptp(x[61:]) < 1e-9  # still before 0.5 s and after 2.5 s
    assert np.abs(np.diff(x)).max() < 2 * 3.0 / 24  # no jump anywhere: at most twice the runner's step
    assert x[60] - x[12] > 5.0
