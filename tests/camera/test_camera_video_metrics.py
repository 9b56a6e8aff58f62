"""Video metrics (flicker, motion summary) and the camera's rate curves."""

from __future__ import annotations

import numpy as np
import pytest

from camera_shots import make_shot, simple
from cinemotion.camera import film
from cinemotion.camera.rates import RATES, ease_in, ease_out, rate
from cinemotion.quality.video import camera_motion_summary, flicker, shot_video_report
from cinemotion.spec.models import CameraMove


def _frames(levels, moving_square=False):
    for i, level in enumerate(levels):
        frame = np.full((20, 30, 3), level, np.uint8)
        if moving_square:  # something crossing the left half, outside the static mask
            frame[5:10, i:i + 5] = 255
        yield frame


def test_flicker_measures_background_luminance_change():
    mask = np.zeros((20, 30), bool)
    mask[:, 20:] = True
    assert flicker(_frames([100] * 6, moving_square=True), mask) == 0.0
    assert flicker(_frames([100, 104, 100, 104]), mask) == pytest.approx(4.0, abs=1e-3)
    with pytest.raises(ValueError):
        flicker(_frames([1, 2]), np.zeros((20, 30), bool))


def test_motion_summary_reports_each_move_window():
    shot = make_shot(duration=3.0, moves=[CameraMove(move="crane_up", start_s=0.5, duration_s=1.0),
                                          CameraMove(move="zoom_in", start_s=2.0, amount=1.5)])
    cam = film(shot, simple(shot), rng=np.random.default_rng(0))
    summary = camera_motion_summary(cam)
    crane, zoom = summary["moves"]
    assert crane["move"] == "crane_up" and crane["rise_m"] == pytest.approx(1.5, abs=1e-3)
    assert (crane["start_frame"], crane["end_frame"]) == (12, 36) and crane["focal_ratio"] == 1.0
    assert zoom["focal_ratio"] == pytest.approx(1.5, rel=1e-3) and zoom["travel_m"] == 0.0
    assert summary["shot"]["rise_m"] == pytest.approx(1.5, abs=1e-3)


@pytest.mark.parametrize("name", sorted(RATES))
def test_rates_start_at_zero_and_end_at_their_target(name):
    curve = rate(name)
    end = 0.0 if name == "there_and_back" else 1.0
    assert float(curve(0.0)) == pytest.approx(0.0, abs=1e-9) and float(curve(1.0)) == pytest.approx(end, abs=1e-9)


def test_ease_in_starts_slow_and_ease_out_arrives_gently():
    u = np.linspace(0, 1, 101)
    assert np.all(np.diff(ease_in(u)) >= 0) and np.all(np.diff(ease_out(u)) >= 0)
    assert ease_in(0.1) < 0.05 and ease_out(0.9) > 0.95


def test_shot_video_report_measures_the_subject_against_its_shot_type():
    shot = make_shot(duration=1.0, shot_type="full_body", moves=[CameraMove(move="tracking")])
    perf = simple(shot, speed=2.0)
    report = shot_video_report(shot, perf, film(shot, perf, rng=np.random.default_rng(0)))
    assert report["subject"] == "a" and report["shot_type"] == "full_body"
    assert 0.8 <= report["projected_height_fraction"]["min"] <= report["projected_height_fraction"]["max"] <= 0.9
    assert report["camera"]["moves"][0]["move"] == "tracking"
