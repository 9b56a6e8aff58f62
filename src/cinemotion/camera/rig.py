"""The camera rig per frame: where it stands, what it aims at, and the OpenCV rotation that results.

Orientation is yaw / pitch / roll: yaw 0 looks along +Z and grows toward +X (a turn to the left);
pitch > 0 looks up; roll turns the image about the optical axis (a dutch tilt).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cinemotion.camera.subject import UP


@dataclass
class Rig:
    """Per-frame camera state (arrays of length F) before it becomes a CameraPath."""

    stand: np.ndarray         # (F, 3) the point the camera is placed around (the framed centre)
    aim: np.ndarray           # (F, 3) the world point held at the composition pixel
    azimuth: np.ndarray       # (F,) direction from `stand` to the camera, radians (atan2(x, z))
    elevation: np.ndarray     # (F,) radians above the horizontal, seen from `stand`
    distance: np.ndarray      # (F,) metres from `stand`
    focal_mm: np.ndarray      # (F,)
    lift: np.ndarray          # (F,) crane offset, metres up
    yaw_offset: np.ndarray    # (F,) radians added after aiming (pans); > 0 turns left
    pitch_offset: np.ndarray  # (F,) radians added after aiming (tilts); > 0 looks up
    roll: np.ndarray          # (F,) radians
    shake_angles: np.ndarray  # (F, 3) yaw, pitch, roll shake, radians
    shake_position: np.ndarray  # (F, 3) metres

    @classmethod
    def still(cls, n: int, stand: np.ndarray, azimuth: float, elevation: float, distance: float,
              focal_mm: float, roll: float) -> "Rig":
        stand = np.broadcast_to(stand, (n, 3)).astype(float).copy()
        full = lambda v: np.full(n, float(v))  # noqa: E731
        return cls(stand=stand, aim=stand.copy(), azimuth=full(azimuth), elevation=full(elevation),
                   distance=full(distance), focal_mm=full(focal_mm), lift=full(0.0), yaw_offset=full(0.0),
                   pitch_offset=full(0.0), roll=full(roll), shake_angles=np.zeros((n, 3)),
                   shake_position=np.zeros((n, 3)))

    def positions(self) -> np.ndarray:
        """Camera centres (F, 3) before clearance and shake."""
        ce = np.cos(self.elevation)
        offset = np.stack([ce * np.sin(self.azimuth), np.sin(self.elevation), ce * np.cos(self.azimuth)], axis=1)
        return self.stand + offset * self.distance[:, None] + UP * self.lift[:, None]


def rotation_matrices(yaw: np.ndarray, pitch: np.ndarray, roll: np.ndarray) -> np.ndarray:
    """World-to-camera rotations (F, 3, 3), OpenCV axes: rows are camera right, down, forward in world."""
    cp, sp = np.cos(pitch), np.sin(pitch)
    cy, sy = np.cos(yaw), np.sin(yaw)
    forward = np.stack([cp * sy, sp, cp * cy], axis=-1)
    right = np.stack([-cy, np.zeros_like(cy), sy], axis=-1)  # forward × up, normalised: always level
    down = np.cross(forward, right)
    level = np.stack([right, down, forward], axis=-2)
    cr, sr = np.cos(roll), np.sin(roll)
    zero, one = np.zeros_like(cr), np.ones_like(cr)
    # Roll turns the image clockwise by `roll`: the camera's x and y axes turn about its z.
    spin = np.stack([np.stack([cr, -sr, zero], -1), np.stack([sr, cr, zero], -1), np.stack([zero, zero, one], -1)], -2)
    return spin @ level


def aim_angles(position: np.ndarray, target: np.ndarray, pixel: np.ndarray, fx: np.ndarray, fy: np.ndarray,
               cx: float, cy: float) -> tuple[np.ndarray, np.ndarray]:
    """Yaw and pitch (F,) of a level camera at `position` that shows `target` at `pixel` (2,) or (F, 2).

    Closed form: the pitch makes the wanted ray's height match the target direction's (world up seen
    from a camera pitched by θ is (0, -cos θ, sin θ)); the yaw then turns the ray onto the target.
    """
    d = target - position
    d = d / np.linalg.norm(d, axis=-1, keepdims=True)
    pixel = np.broadcast_to(pixel, (len(d), 2))
    ray = np.stack([(pixel[:, 0] - cx) / fx, (pixel[:, 1] - cy) / fy, np.ones(len(d))], axis=1)
    ray /= np.linalg.norm(ray, axis=1, keepdims=True)
    a, b = -ray[:, 1], ray[:, 2]  # d_y = a cos θ + b sin θ
    phase = np.arctan2(b, a)
    spread = np.arccos(np.clip(d[:, 1] / np.hypot(a, b), -1.0, 1.0))
    candidates = np.stack([phase + spread, phase - spread], axis=1)
    candidates = (candidates + np.pi) % (2 * np.pi) - np.pi
    level = np.abs(candidates) <= np.pi / 2 + 1e-12  # the camera's top stays up
    pitch = np.where(level[:, 0] & (~level[:, 1] | (np.abs(candidates[:, 0]) <= np.abs(candidates[:, 1]))),
                     candidates[:, 0], candidates[:, 1])
    # The wanted ray in world coordinates for yaw 0, then the yaw that turns it onto the target.
    unturned = np.einsum("fji,fj->fi", rotation_matrices(np.zeros_like(pitch), pitch, np.zeros_like(pitch)), ray)
    yaw = np.arctan2(d[:, 0], d[:, 2]) - np.arctan2(unturned[:, 0], unturned[:, 2])
    return yaw, pitch
