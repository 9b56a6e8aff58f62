"""Control videos for open video models: VACE's pose-over-depth blend and LTX-2's IC-LoRA control at 8k+1 frames."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from cinemotion.camera.path import CameraPath
from cinemotion.direct.plan import ShotPlan
from cinemotion.media.formats import formats
from cinemotion.media.pose_video import PoseDrawing
from cinemotion.motion.performance import Performance
from cinemotion.quality.identity import identity_samples
from cinemotion.render.frames import resized_camera
from cinemotion.render.scene import RenderedFrame

LTX_CONTROLS = ("pose", "depth")
CONTROL_VIDEOS = ("pose", "masks", "depth")  # the render's control videos, OUT.cinemotion/NAME.mp4
# format: masks.mp4's palette, the background black then one colour per instance id (ids past it: the last);
# its encoder colours the ids (media/encode.py VideoEncoder palette)
MASK_COLORS = np.array([[0, 0, 0], [255, 64, 64], [64, 200, 255], [255, 220, 64], [120, 255, 120],
                        [220, 120, 255], [255, 150, 60], [60, 255, 210], [255, 255, 255]], np.uint8)


@dataclass
class FinishedFrame:
    """What a render worker sends the pipeline of each frame: the film's frame and the identity meter's
    samples (quality/identity.py); the control videos' frames travel beside it, raw, to their encoders."""

    index: int
    rgb: np.ndarray
    identity: dict[tuple[str, str], np.ndarray]


@dataclass(frozen=True)
class ControlVideos:
    """The pipeline's work on each rendered frame, done in the render workers (render/host.py's `finish`), so
    the main process only forwards bytes: the identity samples and, with `controls`, the control videos'
    frames ready to encode at `size` (pose drawn, the masks' instance ids, depth as grey levels)."""

    size: tuple[int, int]
    controls: bool

    def shot(self, shot: ShotPlan, performance: Performance,
             camera: CameraPath) -> Callable[[RenderedFrame], tuple[FinishedFrame, dict[str, np.ndarray]]]:
        """The function frame → (FinishedFrame, control frames by video name) for this shot's frames."""
        pose = PoseDrawing(performance, resized_camera(camera, *self.size)) if self.controls else None

        def finish(frame: RenderedFrame) -> tuple[FinishedFrame, dict[str, np.ndarray]]:
            instance = None if frame.instance is None else _frame_sized(frame.instance, frame.rgb.shape[:2])
            identity = identity_samples(shot, performance, camera, frame.index, frame.rgb, instance)
            streams = {}
            if pose is not None:
                streams = {"pose": pose.frame(frame.index), "masks": frame.instance,
                           "depth": inverse_depth_gray(frame.depth)}
            return FinishedFrame(frame.index, frame.rgb, identity), streams

        return finish


def _frame_sized(ids: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Instance ids at the film frame's size, by nearest neighbour: from maps at the shading size (control_size
    above 1080p) the film-sized map the renderer would have made, exactly (within a pixel where control_size
    evened an odd shading size), so the identity meter reads the same pixels of the film frame."""
    if ids.shape == shape:
        return ids
    rows = ((np.arange(shape[0]) + 0.5) * ids.shape[0] // shape[0]).astype(int)
    cols = ((np.arange(shape[1]) + 0.5) * ids.shape[1] // shape[1]).astype(int)
    return ids.take(rows, axis=0).take(cols, axis=1)


def inverse_depth_gray(depth: np.ndarray) -> np.ndarray:
    """Inverse depth as depth-conditioned video models expect it (near bright, far dark): (H, W) grey levels,
    255 · sqrt(1 / depth) with anything nearer than 1 m white."""
    level = np.sqrt(np.reciprocal(np.maximum(depth, np.float32(1.0))))
    level *= 255
    return np.rint(level, out=level).astype(np.uint8)


def inverse_depth_rgb(depth: np.ndarray) -> np.ndarray:
    """inverse_depth_gray as grey RGB."""
    return np.repeat(inverse_depth_gray(depth)[..., None], 3, axis=2)


def pose_over_depth(pose: np.ndarray, depth: np.ndarray) -> np.ndarray:
    """VACE's hand-made blend, done for the user: the skeleton drawn opaque over the depth map."""
    drawn = pose.max(axis=2, keepdims=True) > 0
    return np.where(drawn, pose, inverse_depth_rgb(depth)).astype(np.uint8)


def padded_count(n_frames: int, multiple: int) -> int:
    """The smallest count ≥ n_frames of the form multiple·k + 1 (VACE 4n+1, LTX 8k+1)."""
    return multiple * max(math.ceil((n_frames - 1) / multiple), 1) + 1


def vace_frame_count(n_frames: int) -> int:
    return padded_count(n_frames, formats()["vace"]["frame_multiple"])


def ltx_frame_count(n_frames: int) -> int:
    return padded_count(n_frames, formats()["ltx"]["frame_multiple"])


def ltx_size(width: int, height: int) -> tuple[int, int]:
    """The nearest size LTX takes (both sides multiples of 32), keeping the aspect as close as it can."""
    m = formats()["ltx"]["size_multiple"]
    return max(m, round(width / m) * m), max(m, round(height / m) * m)


def ltx_camera_lora(moves: list[dict]) -> str | None:
    """The LTX-2 camera-control LoRA for the shot's main move (the longest), or None where none fits."""
    loras = formats()["ltx"]["camera_loras"]
    if not moves:
        return loras["static"]
    main = max(moves, key=lambda m: m["end_s"] - m["start_s"])
    return loras.get(main["move"])
