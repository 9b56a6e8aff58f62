"""Shared test factories: hand-built plans, shots, performances and cameras, so each stage can be tested alone."""

from __future__ import annotations

import numpy as np

from cinemotion.camera.path import CameraPath

FPS = 24
WIDTH, HEIGHT = 160, 90


def static_camera(n_frames: int, position=(0.0, 1.2, -5.0)) -> CameraPath:
    """A camera looking along world +Z: world +X appears on the LEFT of the screen (OpenCV axes)."""
    rotation = np.array([[-1.0, 0, 0], [0, -1.0, 0], [0, 0, 1.0]])
    t = -rotation @ np.asarray(position)
    return CameraPath(width=WIDTH, height=HEIGHT, fps=FPS, rotation=np.repeat(rotation[None], n_frames, 0),
                      translation=np.repeat(t[None], n_frames, 0), fx=np.full(n_frames, 120.0),
                      fy=np.full(n_frames, 120.0), cx=WIDTH / 2, cy=HEIGHT / 2,
                      focus_distance_m=np.full(n_frames, 5.0))
