"""Every foot strike must have an audible attack on its frame, on any surface, under any ambience."""

import numpy as np
import pytest

from cinemotion.audio import score
from cinemotion.audio.onsets import detect_onsets, onset_errors
from cinemotion.spec.models import Environment

from conftest import footsteps, scene

SURFACES = ["concrete", "gravel", "grass", "snow", "wood", "metal_roof", "sand", "wet"]


def _strike_errors(surface, speed, environment, rng, time_scale=1.0):
    times = np.arange(0.25, 1.8, 0.9 / (1 + speed / 2)) * (1 / time_scale if time_scale < 1 else 1)
    times = times[times < 1.9 / time_scale]
    plan, performances, cameras = scene(footsteps(times, surface=surface, speed=speed), duration_s=2.0 / time_scale,
                                        environment=environment, time_scale=time_scale)
    soundtrack = score(plan, performances, cameras, rng=rng)
    return onset_errors(detect_onsets(soundtrack.mix.astype(float), soundtrack.sample_rate), times)


@pytest.mark.parametrize("surface", SURFACES)
def test_each_foot_strike_has_an_onset_within_20_ms(surface, rng):
    errors = _strike_errors(surface, 3.0, Environment(setting="city_street"), rng)
    assert errors.max() < 0.020, f"{surface}: onset errors {np.round(errors * 1000, 1)} ms, want < 20 ms"


@pytest.mark.parametrize("speed", [0.7, 1.4, 7.5])  # shuffle (scrape), walk (heel and ball), sprint
def test_onsets_hold_from_shuffle_to_sprint_in_rain(speed, rng):
    errors = _strike_errors("wet", speed, Environment(setting="neon_street", weather="rain"), rng)
    assert errors.max() < 0.020, f"{speed} m/s: onset errors {np.round(errors * 1000, 1)} ms"


def test_slow_motion_keeps_every_strike_on_time(rng):
    errors = _strike_errors("concrete", 4.0, Environment(setting="park"), rng, time_scale=0.5)
    assert errors.max() < 0.020, f"slow motion: onset errors {np.round(errors * 1000, 1)} ms"
