"""Camera path exports for camera-conditioned video models, OpenCV axes, world-to-camera.

camera.txt follows RealEstate10K as CameraCtrl reads it: a first line naming the clip (the
dataset's video URL; CameraCtrl and its descendants skip line 0), then one line per frame:
`timestamp_us fx/W fy/H cx/W cy/H 0 0 r11 r12 r13 t1 r21 r22 r23 t2 r31 r32 r33 t3`.
camera_motionctrl.json is MotionCtrl's per-frame "RT": a JSON list of the 12 numbers of [R | t].
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from cinemotion.camera.path import CameraPath
from cinemotion.media.atomic import atomic_path


def _film_frames(cameras: CameraPath | Sequence[CameraPath]) -> Iterator[tuple[float, CameraPath, int]]:
    """(time on the film clock, camera, frame) for every frame of the shots in order."""
    start = 0.0
    for camera in [cameras] if isinstance(cameras, CameraPath) else cameras:
        for frame in range(camera.n_frames):
            yield start + frame / camera.fps, camera, frame
        start += camera.n_frames / camera.fps


def camera_lines(cameras: CameraPath | Sequence[CameraPath]) -> list[str]:
    """RealEstate10K pose lines (without the header line), one per film frame."""
    lines = []
    for time_s, cam, f in _film_frames(cameras):
        intrinsics = (cam.fx[f] / cam.width, cam.fy[f] / cam.height, cam.cx / cam.width, cam.cy / cam.height)
        numbers = [*intrinsics, 0.0, 0.0, *cam.world_to_camera(f).reshape(-1)]
        lines.append(" ".join([str(int(round(time_s * 1e6)))] + [f"{float(v):.9g}" for v in numbers]))
    return lines


def write_camera_txt(path: str | Path, cameras: CameraPath | Sequence[CameraPath], *,
                     source: str = "cinemotion") -> None:
    """camera.txt in the RealEstate10K / CameraCtrl layout (header line, then a line per frame)."""
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join([source, *camera_lines(cameras)]) + "\n")


def motionctrl_poses(cameras: CameraPath | Sequence[CameraPath]) -> list[list[float]]:
    """MotionCtrl's camera poses: the flattened 3x4 world-to-camera [R | t] of every film frame."""
    return [[round(float(v), 9) for v in cam.world_to_camera(f).reshape(-1)] for _, cam, f in _film_frames(cameras)]


def write_camera_motionctrl(path: str | Path, cameras: CameraPath | Sequence[CameraPath]) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(motionctrl_poses(cameras)))


def read_camera_txt(path: str | Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Times in seconds (F,), normalised intrinsics (F, 4) and world-to-camera (F, 3, 4) of a camera.txt."""
    data = np.loadtxt(path, skiprows=1, ndmin=2)
    return data[:, 0] / 1e6, data[:, 1:5], data[:, 7:19].reshape(-1, 3, 4)
