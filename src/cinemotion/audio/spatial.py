"""Where a sound sits in the stereo image: pan by its screen x, level by its distance to the camera."""

from __future__ import annotations

import numpy as np

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.camera.path import CameraPath


class SpatialFigures(Figures):
    reference_distance_m: Figure[float]
    behind_gain: Figure[float]
    gain_range: Figure[tuple[float, float]]


FIGURES = load_table("audio/spatial.yaml", SpatialFigures)
REFERENCE_DISTANCE_M = FIGURES.reference_distance_m.value  # sounds at this distance play at their own level
MIN_GAIN, MAX_GAIN = FIGURES.gain_range.value  # far sounds stay audible; a source at the lens doesn't explode
BEHIND_GAIN = FIGURES.behind_gain.value  # a source behind the camera is heard but muffled by the body of the rig


def placement(camera: CameraPath, time_s: float, position, *, distance_law: float = 1.0) -> tuple[float, float]:
    """(left, right) gains of a point source at `position` (world m) at `time_s` on the shot clock.

    Constant-power pan from the projected screen x (-1 left edge .. +1 right edge); level falls as
    (reference / distance) ** distance_law (1: inverse-distance law of a point source in free field).
    """
    frame = int(np.clip(round(time_s * camera.fps), 0, camera.n_frames - 1))
    point = np.asarray(position, dtype=float).reshape(1, 3)
    pixels, depth = camera.project(frame, point)
    distance = float(np.linalg.norm(point[0] - camera.position(frame)))
    gain = float(np.clip((REFERENCE_DISTANCE_M / max(distance, 0.1)) ** distance_law, MIN_GAIN, MAX_GAIN))
    if depth[0] <= 0:
        return BEHIND_GAIN * gain * np.sqrt(0.5), BEHIND_GAIN * gain * np.sqrt(0.5)
    pan = float(np.clip(2 * pixels[0, 0] / camera.width - 1, -1, 1))
    angle = (pan + 1) * np.pi / 4
    return gain * np.cos(angle), gain * np.sin(angle)
