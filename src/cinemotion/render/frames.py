"""render_frames: a shot's frames in order, rendered by worker processes, streamed.

Worker k of n (a `python -m cinemotion.render.worker` process, so no caller's main module is
re-imported) owns frames k, k + n, k + 2n, … with its own headless GL context and its own copy
of the set on the GPU; it streams finished frames through its stdout pipe, and the caller reads
the pipes round-robin, which is frame order. A worker blocks when its pipe is full, so only a
frame or two per worker ever waits in memory.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import replace

from cinemotion.camera.path import CameraPath
from cinemotion.direct.plan import ShotPlan
from cinemotion.errors import InputError
from cinemotion.motion.performance import Performance
from cinemotion.render.gl import create_context
from cinemotion.render.scene import RenderedFrame, ShotRenderer

MAPS = ("depth", "instance")
MAX_PIXELS = 3840 * 2160
PREVIEW_SHORT_SIDE = 480  # --preview renders 480p: the frame's short side, the aspect kept


def preview_camera(camera: CameraPath) -> CameraPath:
    """The same camera filming a 480p frame (short side 480 px, even sizes, the aspect kept):
    intrinsics scaled per axis, so the framing and field of view are the final render's."""
    w, h = camera.width, camera.height
    k = PREVIEW_SHORT_SIDE / min(w, h)
    if k >= 1.0:
        return camera
    pw, ph = (max(2, 2 * int(round(v * k / 2))) for v in (w, h))
    sx, sy = pw / w, ph / h
    # pixel centres at integer coordinates (OpenCV): the image edges, at -0.5 and size - 0.5, stay put
    return replace(camera, width=pw, height=ph, fx=camera.fx * sx, fy=camera.fy * sy,
                   cx=(camera.cx + 0.5) * sx - 0.5, cy=(camera.cy + 0.5) * sy - 0.5)


def check_request(camera: CameraPath, performance: Performance, maps: tuple[str, ...]) -> None:
    unknown = [m for m in maps if m not in MAPS]
    if unknown:
        raise InputError("maps", f"unknown control map {unknown[0]!r}; known: {', '.join(MAPS)}")
    w, h = camera.width, camera.height
    if w <= 0 or h <= 0 or w % 2 or h % 2:
        raise InputError("size", f"{w}x{h}: width and height must be positive and even")
    if w * h > MAX_PIXELS or min(w, h) > 2160 or max(w, h) > 3840:
        raise InputError("size", f"{w}x{h} is larger than 3840x2160")
    if camera.n_frames != performance.n_frames:
        raise ValueError(f"camera has {camera.n_frames} frames, performance {performance.n_frames}")


def render_frames(shot: ShotPlan, performance: Performance, camera: CameraPath, *, workers: int = 2,
                  maps: tuple[str, ...] = (), scale: float | None = None,
                  preview: bool = False) -> Iterator[RenderedFrame]:
    """Every frame of the shot, in order: `.rgb` (H, W, 3) uint8, plus `.depth`/`.instance` if asked.

    scale: the scene's shading resolution as a fraction of the output (0.25–1; None: native up to
    1280x720, then max(1280x720, a quarter of the output) pixels — 1080p at 2/3, 4K at 1/2),
    upsampled with a Catmull-Rom filter. Control maps are always at the output resolution.
    preview: the cheap passes only (see ShotRenderer); pass a preview_camera() for the 480p frame.
    """
    maps = tuple(maps)
    check_request(camera, performance, maps)
    n = camera.n_frames
    workers = max(1, min(int(workers), n))
    if workers == 1:
        yield from _render_here(shot, performance, camera, maps, scale, preview)
        return
    yield from _render_in_workers(shot, performance, camera, maps, scale, preview, workers)


def _render_here(shot, performance, camera, maps, scale, preview) -> Iterator[RenderedFrame]:
    renderer = ShotRenderer(create_context(), shot, performance, camera, maps, scale, preview=preview)
    try:
        for f in range(camera.n_frames):
            yield renderer.render(f)
    finally:
        renderer.release()


def _render_in_workers(shot, performance, camera, maps, scale, preview, workers: int) -> Iterator[RenderedFrame]:
    threads = max(1, (os.cpu_count() or 2) // workers)
    procs, logs = [], []
    try:
        for k in range(workers):
            log = tempfile.TemporaryFile()
            proc = subprocess.Popen([sys.executable, "-m", "cinemotion.render.worker"], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=log)
            procs.append(proc)
            logs.append(log)
            pickle.dump((shot, performance, camera, maps, scale, preview, k, workers, threads), proc.stdin,
                        protocol=pickle.HIGHEST_PROTOCOL)
            proc.stdin.close()
        for f in range(camera.n_frames):
            k = f % workers
            try:
                frame = pickle.load(procs[k].stdout)
            except EOFError:
                procs[k].wait()
                logs[k].seek(0)
                raise RuntimeError(f"render worker {k} failed on frame {f}:\n"
                                   f"{logs[k].read().decode(errors='replace')}") from None
            yield frame
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            proc.stdout.close()
        for log in logs:
            log.close()
