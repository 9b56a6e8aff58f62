"""The performance's face channels (blinks, visemes, expressions) as the 52 ARKit face units."""

from __future__ import annotations

import numpy as np

from cinemotion.body.human.model import face_unit_names, human_table


def arkit_weights(expression: dict[str, np.ndarray], n_frames: int) -> np.ndarray:
    """(F, 52) weights in 0..1, Live Link Face's unit order; channels not in the table move nothing."""
    units = face_unit_names()
    out = np.zeros((n_frames, len(units)))
    for channel, targets in human_table()["channel_units"].items():
        if channel not in expression:
            continue
        curve = np.clip(np.asarray(expression[channel], float), 0.0, 1.0)
        for unit, gain in targets.items():
            out[:, units.index(unit)] += gain * curve
    return np.clip(out, 0.0, 1.0)
