"""Control videos for open video models: VACE's pose-over-depth blend and LTX-2's IC-LoRA control at 8k+1 frames."""

from __future__ import annotations

import math

import numpy as np

from cinemotion.media.formats import formats

LTX_CONTROLS = ("pose", "depth")


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
