"""A stand-in renderer for studio tests: a real (tiny) H.264 MP4 written frame by frame with
progress, so queue, crash and UI tests do not depend on the whole pipeline's speed.
STUDIO_FAKE_FRAME_S (seconds per frame) slows it down for crash tests."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import av
import numpy as np

from cinemotion.studio.render import RenderOutput


def render(storyboard, out_dir: Path, progress, threads: int) -> RenderOutput:
    frame_s = float(os.environ.get("STUDIO_FAKE_FRAME_S", "0"))
    width, height, fps = 64, 48, storyboard.fps
    total = max(1, round(storyboard.duration_s * fps))
    video = out_dir / "film.mp4"
    # Written in place, not atomically: a kill mid-render leaves a half file in scratch,
    # which the studio must never publish.
    with av.open(str(video), "w") as container:
        stream = container.add_stream("libx264", rate=fps, options={"tune": "zerolatency"})  # packets at once
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for i in range(total):
            shade = int(255 * i / max(1, total - 1))
            rgb = np.full((height, width, 3), (shade, 80, 255 - shade), np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")):
                container.mux(packet)
            progress(i + 1, total, "rendering")
            time.sleep(frame_s)
        for packet in stream.encode():
            container.mux(packet)
    camera = out_dir / "camera.txt"
    camera.write_text("".join(f"{i} 0 0 0 1\n" for i in range(total)))
    plan = out_dir / "plan.json"
    plan.write_text(json.dumps({"title": storyboard.title, "frames": total}))
    return RenderOutput(video, {"camera.txt": camera, "plan.json": plan}, {"frames": total})
