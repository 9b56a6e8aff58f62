"""Event sounds: surfaces sound different, gait changes the step, every event kind makes a sound."""

import numpy as np
import pytest

from cinemotion.audio.effects import body_mass_kg, effects_table, event_sound
from cinemotion.motion.performance import Event


def centroid(surface: str, speed: float = 3.0) -> float:
    """Mean spectral centroid (Hz) of 8 varied strikes on `surface`."""
    rng, values = np.random.default_rng(0), []
    for _ in range(8):
        sound, _ = event_sound(Event(0.0, "foot_strike", "a", surface=surface, speed_mps=speed), rng)
        spectrum = np.abs(np.fft.rfft(sound, 16384))
        values.append((spectrum * np.fft.rfftfreq(16384, 1 / 48000)).sum() / spectrum.sum())
    return float(np.mean(values))


def test_surfaces_sound_different():
    c = {s: centroid(s) for s in ("gravel", "concrete", "wood", "snow", "sand")}
    assert c["gravel"] > 1.3 * c["concrete"], c  # loose stones crunch bright
    assert c["concrete"] > 1.5 * c["wood"], c  # boards ring low
    assert c["concrete"] > 1.5 * c["snow"] and c["concrete"] > 1.5 * c["sand"], c  # soft ground is dull


def test_a_sprint_strike_is_brighter_and_a_shuffle_drags():
    assert centroid("concrete", 7.5) > 1.3 * centroid("concrete", 1.4)
    rng = np.random.default_rng(0)
    shuffle, _ = event_sound(Event(0.0, "foot_strike", "a", speed_mps=0.6), rng)
    sprint, _ = event_sound(Event(0.0, "foot_strike", "a", speed_mps=7.5), rng)
    assert len(shuffle) > 1.5 * len(sprint)


def test_steps_vary_but_attack_at_their_first_millisecond():
    rng = np.random.default_rng(0)
    a, _ = event_sound(Event(0.0, "foot_strike", "a"), rng)
    b, _ = event_sound(Event(0.0, "foot_strike", "a"), rng)
    assert not np.array_equal(a[:1000], b[:1000])
    for sound in (a, b):
        assert np.abs(sound[:96]).max() > 0.3 * np.abs(sound).max()  # within 2 ms of the event


def test_landing_is_louder_with_impact_strength():
    rng = np.random.default_rng(0)
    soft, _ = event_sound(Event(0.0, "landing", "a", strength=0.1), rng)
    hard, _ = event_sound(Event(0.0, "landing", "a", strength=1.0), rng)
    assert np.sqrt(np.mean(hard ** 2)) > 2 * np.sqrt(np.mean(soft ** 2))


@pytest.mark.parametrize("kind", sorted(set(effects_table()["events"]) | set(effects_table()["footstep_kinds"])))
def test_every_event_kind_makes_a_sound(kind):
    sound, lead = event_sound(Event(0.0, kind, "a", strength=0.6, speed_mps=2.0), np.random.default_rng(0))
    assert np.abs(sound).max() > 0.05 and 0 <= lead < len(sound) / 48000


def test_a_heavier_body_steps_louder_and_lower():
    light_kg, heavy_kg = body_mass_kg(1.6, "slim"), body_mass_kg(1.9, "heavy")
    assert heavy_kg > 1.8 * light_kg

    def rms_and_centroid(mass):
        sound, _ = event_sound(Event(0.0, "foot_strike", "a", speed_mps=3.0), np.random.default_rng(5), mass_kg=mass)
        spectrum = np.abs(np.fft.rfft(sound, 16384))
        return np.sqrt(np.mean(sound ** 2)), (spectrum * np.fft.rfftfreq(16384, 1 / 48000)).sum() / spectrum.sum()

    (light_rms, light_c), (heavy_rms, heavy_c) = rms_and_centroid(light_kg), rms_and_centroid(heavy_kg)
    assert heavy_rms > 1.25 * light_rms and heavy_c < 0.95 * light_c, (light_rms, heavy_rms, light_c, heavy_c)
