"""A camera path: per-frame pose and intrinsics, OpenCV axes (x right, y down, z forward)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class CameraPath:
    width: int
    height: int
    fps: float
    rotation: np.ndarray  # (F, 3, 3) world-to-camera
    translation: np.ndarray  # (F, 3) world-to-camera: x_cam = R @ x_world + t
    fx: np.ndarray  # (F,) focal length in pixels
    fy: np.ndarray  # (F,)
    cx: float
    cy: float
    focus_distance_m: np.ndarray  # (F,) distance to the plane in focus
    f_number: float = 8.0
    near: float = 0.05
    far: float = 400.0
    sensor_width_mm: float = 36.0  # the sensor's extent across the image width (full frame on the long side)
    moves: list[dict] = field(default_factory=list)  # the move windows filmed: {move, start_s, end_s, amount}

    @property
    def n_frames(self) -> int:
        return self.rotation.shape[0]

    def position(self, frame: int) -> np.ndarray:
        """Camera centre in world coordinates."""
        return -self.rotation[frame].T @ self.translation[frame]

    def focal_length_mm(self, frame: int) -> float:
        """The lens's focal length in millimetres on this camera's sensor."""
        return float(self.fx[frame]) * self.sensor_width_mm / self.width

    def world_to_camera(self, frame: int) -> np.ndarray:
        """The 3x4 [R | t] matrix of this frame."""
        return np.hstack([self.rotation[frame], self.translation[frame][:, None]])

    def project(self, frame: int, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pixel coordinates (N, 2) and camera depth (N,) of world points (N, 3)."""
        cam = points @ self.rotation[frame].T + self.translation[frame]
        z = cam[:, 2]
        safe = np.where(np.abs(z) < 1e-9, 1e-9, z)
        u = self.fx[frame] * cam[:, 0] / safe + self.cx
        v = self.fy[frame] * cam[:, 1] / safe + self.cy
        return np.stack([u, v], axis=1), z
