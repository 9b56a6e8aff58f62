"""The extras murmur and the birds sing: beds the plan's background figures add to the ambience."""

import numpy as np

from cinemotion.audio.ambience import ambience_bed, bed_levels
from cinemotion.spec.models import Environment

SAMPLE_RATE = 48000


def _rms_db(environment: Environment) -> float:
    bed = ambience_bed(bed_levels(environment), SAMPLE_RATE, np.random.default_rng(0))
    return float(10 * np.log10(np.mean(bed ** 2)))


def test_a_crowd_of_extras_is_heard_and_grows_with_its_size():
    quiet = bed_levels(Environment(setting="beach"))
    assert "crowd" not in quiet
    few, many = bed_levels(Environment(setting="beach", extras=4)), bed_levels(Environment(setting="beach", extras=16))
    assert many["crowd"] - few["crowd"] > 5.5  # four times the people: +6 dB of incoherent voices
    assert _rms_db(Environment(setting="studio", extras=16)) > _rms_db(Environment(setting="studio")) + 3


def test_birds_in_the_shot_bring_birdsong():
    assert "birds" not in bed_levels(Environment(setting="beach"))
    assert "birds" in bed_levels(Environment(setting="beach", animals=["bird", "bird"]))
