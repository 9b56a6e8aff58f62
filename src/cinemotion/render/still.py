"""One frame of a shot, rendered in this process: README stills and previews."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cinemotion.camera.path import CameraPath
from cinemotion.direct.plan import ShotPlan
from cinemotion.motion.performance import Performance
from cinemotion.render.frames import check_request
from cinemotion.render.gl import create_context
from cinemotion.render.scene import ShotRenderer


def render_still(shot: ShotPlan, performance: Performance, camera: CameraPath, frame: int,
                 path: str | Path | None = None, *, scale: float | None = None) -> np.ndarray:
    """The RGB image (H, W, 3) uint8 of one frame; also written as PNG when a path is given."""
    check_request(camera, performance, ())
    renderer = ShotRenderer(create_context(), shot, performance, camera, scale=scale)
    try:
        rgb = renderer.render(int(frame)).rgb
    finally:
        renderer.release()
    if path is not None:
        write_png(path, rgb)
    return rgb


def write_png(path: str | Path, rgb: np.ndarray) -> None:
    """A PNG through FFmpeg's encoder (PyAV), the image library the project already carries."""
    import av

    h, w, _ = rgb.shape
    with av.open(str(path), "w", format="image2") as container:
        stream = container.add_stream("png")
        stream.width, stream.height, stream.pix_fmt = w, h, "rgb24"
        frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
