"""render_frames: a shot's frames in order, rendered by worker processes, streamed.

Worker k of n owns frames k, k + n, k + 2n, … with its own headless GL context and its own copy
of the set on the GPU; it streams finished frames through a pipe, and the caller reads the pipes
round-robin, which is frame order. The workers are forked by one host process (render/worker.py,
`python -m cinemotion.render.worker`, so no caller's main module is re-imported) that imports the
renderer once, or forked from a single-threaded caller (render/host.py says when). A worker
blocks when its pipe is full, so only a frame or two per worker ever waits in memory.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Iterator
from dataclasses import replace

from cinemotion.body.human.performed import adopt_dressed
from cinemotion.camera.path import CameraPath
from cinemotion.direct.plan import ShotPlan
from cinemotion.errors import InputError
from cinemotion.motion.performance import Performance
from cinemotion.render.gl import create_context, holds_gl_state
from cinemotion.render.scene import RenderedFrame, ShotRenderer, shading_fraction
from cinemotion.render.host import cast_of, map_large_blocks, receive_frame, receive_message, send_message, serve

MAPS = ("depth", "instance")
MAX_PIXELS = 3840 * 2160  # input limit: 4K UHD
TWO_WORKER_PIXELS = 1920 * 1080  # memory setting: above it a render gets one worker (default_workers)
CONTROL_PIXELS = 1920 * 1080  # format: above it the control videos are at the shading size (control_size)
PREVIEW_SHORT_SIDE = 480  # --preview renders 480p: the frame's short side, the aspect kept
# --preview shades 2/3 of its 480p frame's pixels per side (569x320 for 16:9), upsampled like a final 1080p
# render's 2/3: the set and body passes cost about half, the frame stays the final one's, downsized
PREVIEW_SCALE = 2 / 3


def default_workers(width: int, height: int, preview: bool = False) -> int:
    """Render workers a render gets unless told: two (one a core), one above 1920x1080, where each
    worker holds ≈400 MB and the four 4K encoders beside it ≈900 MB (a 2 s 4K shot: 2.05 → 1.73 GB peak, for
    ≈10% more time: the encoders keep the second core busy)."""
    return 2 if preview or width * height <= TWO_WORKER_PIXELS else 1


def shading_scale(scale: float | None, preview: bool) -> float | None:
    """The shading scale a render uses: the one asked for, else --preview's, else None (the renderer's default)."""
    return PREVIEW_SCALE if scale is None and preview else scale


def preview_camera(camera: CameraPath) -> CameraPath:
    """The same camera filming a 480p frame (short side 480 px, even sizes, the aspect kept):
    intrinsics scaled per axis, so the framing and field of view are the final render's."""
    k = PREVIEW_SHORT_SIDE / min(camera.width, camera.height)
    return camera if k >= 1.0 else resized_camera(camera, *_even_size(camera, k))


def control_size(camera: CameraPath, scale: float | None, preview: bool = False) -> tuple[int, int]:
    """The control videos' width and height (pose, masks, depth) for a render filmed by `camera`: the frame's up
    to 1920x1080, else the shading resolution (even sizes): a neural model's control input is 1080p at most, and
    the maps hold no more detail than the shading anyway (a 4K render's: 1920x1080)."""
    if camera.width * camera.height <= CONTROL_PIXELS:
        return camera.width, camera.height
    return _even_size(camera, shading_fraction(camera.width, camera.height, shading_scale(scale, preview)))


def _even_size(camera: CameraPath, k: float) -> tuple[int, int]:
    return tuple(max(2, 2 * int(round(v * k / 2))) for v in (camera.width, camera.height))


def resized_camera(camera: CameraPath, width: int, height: int) -> CameraPath:
    """The same camera filming a `width` x `height` frame: intrinsics scaled per axis, the framing kept."""
    if (width, height) == (camera.width, camera.height):
        return camera
    sx, sy = width / camera.width, height / camera.height
    # pixel centres at integer coordinates (OpenCV): the image edges, at -0.5 and size - 0.5, stay put
    return replace(camera, width=width, height=height, fx=camera.fx * sx, fy=camera.fy * sy,
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
    preview: the cheap passes only (see ShotRenderer), shaded at PREVIEW_SCALE unless `scale` is given;
    pass a preview_camera() for the 480p frame.
    """
    maps = tuple(maps)
    check_request(camera, performance, maps)
    scale = shading_scale(scale, preview)
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


class RenderWorkers:
    """A pool of `workers` render slots in one worker host process (render/worker.py), started at once.

    Start it before planning and animating: the host imports the renderer meanwhile. `submit` hands it
    every shot (each worker's children then build their set while the caller goes on, e.g. scoring the
    sound); `frames(i)` yields shot i's frames in order, reading the slots' pipes round-robin.
    """

    def __init__(self, workers: int = 2):
        self.workers = max(1, int(workers))
        map_large_blocks()  # the frames this process receives go back to the kernel as they are freed
        self._log = tempfile.TemporaryFile()
        self._sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        # its own process group: close() ends the host and every child it forked, whatever they are doing
        if threading.active_count() == 1 and not holds_gl_state():  # safe to fork (render/host.py)
            self._host = _ForkedHost(theirs, self._sock, self._log)
        else:
            self._host = subprocess.Popen([sys.executable, "-m", "cinemotion.render.worker", str(theirs.fileno())],
                                          pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                                          stdout=subprocess.DEVNULL, stderr=self._log, start_new_session=True)
        theirs.close()
        self._pipes: dict[tuple[int, int], object] = {}
        self._n_frames: list[int] = []

    @property
    def host_pid(self) -> int:
        return self._host.pid

    def submit(self, shots: list[tuple[ShotPlan, Performance, CameraPath]], maps: tuple[str, ...] = (),
               scale: float | None = None, preview: bool = False, *, maps_size: tuple[int, int] | None = None,
               finish=None) -> None:
        """Every shot to render, in film order (one call per pool). Returns once the host has dressed the
        human cast (render/host.py dress_cast), which this process keeps: its sidecars read the same bodies.

        maps_size: the control maps' width and height (None: the frame's). finish: a picklable object whose
        `shot(shot, performance, camera)` gives the function frame → (payload, streams) each worker applies
        to its frames (render/host.py); `frames` then yields the payloads. None: the RenderedFrames.
        """
        maps = tuple(maps)
        for _, performance, camera in shots:
            check_request(camera, performance, maps)
        self._n_frames = [camera.n_frames for _, _, camera in shots]
        threads = max(1, (os.cpu_count() or 2) // self.workers)
        send_message(self._sock, {"shots": list(shots), "maps": maps, "scale": shading_scale(scale, preview),
                                  "preview": preview, "workers": self.workers, "threads": threads,
                                  "maps_size": maps_size, "finish": finish})
        dressed = receive_message(self._sock)
        if dressed is None:
            self._host.wait()
            raise RuntimeError(f"the render worker host exited ({self._host.returncode}):\n{self._host_log()}")
        for (offsets, character), body in zip(cast_of(shots), dressed):
            adopt_dressed(offsets, character, body)

    def frames(self, shot_index: int, forward: dict | None = None) -> Iterator:
        """Shot `shot_index`'s frames (or the submitted `finish`'s payloads), in order. forward: where each
        stream a worker's `finish` sends goes, name → an object with `splice_from(fd, nbytes)` (a
        media.encode.VideoEncoder): moved there as each frame arrives, in frame order."""
        for f in range(self._n_frames[shot_index]):
            slot = f % self.workers
            pipe = self._pipe(shot_index, slot)
            try:
                frame = receive_frame(pipe, forward or {})
            except EOFError:
                raise RuntimeError(f"render worker {slot} failed on frame {f} of shot {shot_index}:\n"
                                   f"{self._host_log()}") from None
            yield frame
            del frame  # the caller holds it as long as it needs: not kept while the next one is read (4K: 66 MB)
        for slot in range(min(self.workers, self._n_frames[shot_index])):
            self._pipes.pop((shot_index, slot)).close()

    def _pipe(self, shot_index: int, slot: int):
        """The read end of a slot's pipe for a shot, received from the host (which sends them as it forks)."""
        while (shot_index, slot) not in self._pipes:
            message, fds, _, _ = socket.recv_fds(self._sock, 1024, 1)
            if not fds:
                self._host.wait()
                raise RuntimeError(f"the render worker host exited ({self._host.returncode}):\n{self._host_log()}")
            self._pipes[pickle.loads(message)] = os.fdopen(fds[0], "rb", buffering=0)  # its streams are spliced on
        return self._pipes[(shot_index, slot)]

    def _host_log(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace")

    def close(self) -> None:
        self._sock.close()
        for pipe in self._pipes.values():
            pipe.close()
        self._pipes.clear()
        if self._host.poll() is None:
            try:
                os.killpg(self._host.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._host.wait()
        self._log.close()

    def __enter__(self) -> "RenderWorkers":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _ForkedHost:
    """The worker host forked from this (single-threaded) process, with what RenderWorkers asks of a Popen:
    its own session, stdin and stdout on /dev/null, stderr into `log`, the job socket `theirs`."""

    def __init__(self, theirs: socket.socket, ours: socket.socket, log):
        self.returncode: int | None = None
        self.pid = os.fork()
        if self.pid:
            return
        status = 1
        try:  # the child: leave without running the caller's cleanup (its atexit, its finally blocks)
            os.setsid()
            for signum in (signal.SIGINT, signal.SIGTERM):  # the caller's handlers are not the host's
                signal.signal(signum, signal.SIG_DFL)
            devnull = os.open(os.devnull, os.O_RDWR)
            os.dup2(devnull, 0)
            os.dup2(devnull, 1)
            os.dup2(log.fileno(), 2)
            # the caller's sys.stdout and sys.stderr may not write to its file descriptors (pytest's capture)
            sys.stdout, sys.stderr = open(1, "w", closefd=False), open(2, "w", closefd=False)
            ours.close()
            gc.freeze()  # what the caller made stays put: the workers' collections don't copy its pages
            serve(theirs)
            status = 0
        except BaseException:
            traceback.print_exc()
            sys.stderr.flush()
        finally:
            os._exit(status)

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self) -> int:
        if self.returncode is None:
            self.returncode = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        return self.returncode


def _render_in_workers(shot, performance, camera, maps, scale, preview, workers: int) -> Iterator[RenderedFrame]:
    with RenderWorkers(workers) as pool:
        pool.submit([(shot, performance, camera)], maps, scale, preview)
        yield from pool.frames(0)
