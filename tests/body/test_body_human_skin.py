"""Skin albedo from the spec's swatch: a near-white Monk swatch becomes a fair skin that reflects about
half the light and more red than blue; a dark swatch keeps its luminance and its own redness."""

from __future__ import annotations

import numpy as np

from cinemotion.render.body import REC709_LUMA, body_table, skin_albedo
from cinemotion.render.materials import linear_color
from cinemotion.spec.models import Character

MONK = ("#f6ede4", "#f3e7db", "#f7ead0", "#eadaba", "#d7bd96", "#a07e56", "#825c43", "#604134", "#3a312a", "#292420")


def test_fair_swatches_become_skin_albedo_and_dark_ones_keep_their_light():
    table = body_table()["skin"]
    for swatch in MONK:
        albedo = skin_albedo(Character(id="x", skin_color=swatch))
        given = linear_color(swatch, "skin_color")
        luma, given_luma = float(albedo @ REC709_LUMA), float(given @ REC709_LUMA)
        assert luma <= table["max_luminance"], f"{swatch}: albedo luminance {luma:.2f}"
        assert albedo[0] / albedo[2] >= table["min_red_over_blue"] - 1e-6, f"{swatch}: red/blue {albedo[0] / albedo[2]:.2f}"
        assert np.all(np.diff(albedo) < 0), f"{swatch}: skin is red over green over blue, got {albedo.round(3)}"
        if given_luma < 0.05:  # the dark tones: their light is theirs
            assert abs(luma - given_luma) < 0.02 * given_luma, f"{swatch}: {given_luma:.3f} → {luma:.3f}"
    fairest = skin_albedo(Character(id="x", skin_color=MONK[0]))
    assert 0.4 < float(fairest @ REC709_LUMA) < 0.5  # about half the light (Anderson & Parrish 1981)
