"""Ambience beds follow the environment and the lights."""

import numpy as np

from cinemotion.audio.ambience import _slow, ambience_bed, bed_levels
from cinemotion.spec.models import Environment, Look


def test_beds_follow_setting_weather_effects_and_lights():
    assert set(bed_levels(Environment())) == {"room_tone"}
    assert {"birds", "wind"} <= set(bed_levels(Environment(setting="forest")))
    street = bed_levels(Environment(setting="city_street", weather="rain", effects=["rain", "steam"]), Look(lighting="neon"))
    assert {"traffic", "rain", "steam", "neon"} <= set(street)
    drizzle = bed_levels(Environment(setting="city_street", weather="rain"))
    assert street["rain"] > drizzle["rain"], "rain named twice (weather and effect) should be heavier"


def test_beds_are_at_their_level_and_sound_like_themselves():
    rng = np.random.default_rng(0)
    rain = ambience_bed({"rain": -30.0}, 48000, rng)
    tone = ambience_bed({"room_tone": -30.0}, 48000, rng)
    assert abs(20 * np.log10(np.sqrt(np.mean(rain ** 2))) + 30) < 0.1

    def centroid(x):
        s = np.abs(np.fft.rfft(x.mean(axis=1)))
        return (s * np.fft.rfftfreq(len(x), 1 / 48000)).sum() / s.sum()

    assert centroid(rain) > 3 * centroid(tone)  # rain hisses; a room hums low
    assert abs(np.corrcoef(rain[:, 0], rain[:, 1])[0, 1]) < 0.2  # a wide, diffuse bed


def test_slow_modulation_is_the_line_through_its_knots_bit_for_bit():
    """_slow draws its knots, then joins them span by span: np.interp's samples exactly (the beds' bytes rest on it)."""
    for n, per_s, depth in [(1, 0.3, 1.0), (2, 0.2, 0.2), (47999, 4.0, 0.3), (480000, 0.3, 1.0), (96001, 2.0, 0.4)]:
        curve = _slow(n, per_s, np.random.default_rng(n), depth)
        knots = max(int(n / 48000 * per_s) + 2, 2)
        values = np.random.default_rng(n).uniform(0, 1, knots)
        line = np.interp(np.arange(n), np.linspace(0, n - 1, knots), values)
        assert curve.tobytes() == (1 - depth + depth * line).tobytes()
        assert 1 - depth <= curve.min() and curve.max() <= 1.0
