"""The render worker host: `python -m cinemotion.render.worker SOCKET_FD` (render/worker.py) runs `serve`.

It imports the renderer once, as soon as it starts (while its caller is still planning and
animating), then waits on the Unix socket for the job list: one pickled (shot, performance,
camera) per shot, with the maps (and their size), scale, preview flag, worker count, render threads
and the caller's `finish`. For each shot it forks one child per worker slot: child k renders frames
k, k + n, k + 2n, … with its own headless GL context and streams them (send_frame) into a fresh pipe
whose read end the host hands to the caller over the socket (SCM_RIGHTS) tagged (shot, slot).
`finish` (None: the RenderedFrame is sent) is the caller's picklable object that turns a shot's
frames into what the caller wants of them, in the worker: `finish.shot(shot, performance, camera)`
gives a function frame → (payload, streams), the streams being raw frames the caller forwards as
they are (the pipeline's control videos, media/controls.py): a layer above the renderer runs its
per-frame work in the workers without the renderer importing it. A slot's next shot is forked when
its child of the shot before exits, so the next set is built while the caller still drains the
last frames. A full pipe blocks its child: only a frame or two per worker waits in memory.

The host is single-threaded and never creates a GL context, so forking it is safe, and no child
pays the import again. A caller that is itself single-threaded when it starts the pool (the CLI,
before its progress thread) forks the host from itself instead (render/frames.py, `serve` in the
fork): the renderer is already imported there, so the host costs no import at all (2 s of
CPU a render on the 2-core machine). A threaded caller (the studio) is never forked: a fork copies
only the forking thread, and a lock another thread holds would stay held in the child; nor is one
that has made a GL context (render_frames with one worker, a still): the driver's state would come
without its threads, and a worker's new context would wait on them for ever.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import socket
import struct
import sys
import traceback

import numpy as np

from cinemotion.body.human.performed import dressed_body
from cinemotion.core.pipes import widen_pipe
from cinemotion.render.gl import create_context
from cinemotion.render.scene import ShotRenderer

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number (malloc.h)
MMAP_THRESHOLD_BYTES = 1 << 20  # memory setting: blocks of 1 MB and more are mapped, as the encoders' MALLOC_MMAP_THRESHOLD_
JOBS_HEADER = struct.Struct("<Q")  # format: the job list's length in bytes, before its pickle (sent by render/frames.py)
# format: a frame message's header: its pickle's length and how many out-of-band buffers follow the pickle;
# then each buffer's length (LENGTH), the pickle, the buffers, then the streams' bytes (their lengths are in the pickle)
FRAME_HEADER = struct.Struct("<QQ")
LENGTH = struct.Struct("<Q")
IN_BAND_BYTES = 1 << 16  # software limit: an array smaller than this travels inside the pickle (one read less)


def _receive_jobs(sock: socket.socket) -> dict | None:
    header = _read_exactly(sock, JOBS_HEADER.size)
    if header is None:
        return None
    return pickle.loads(_read_exactly(sock, JOBS_HEADER.unpack(header)[0]) or b"")


def _read_exactly(sock: socket.socket, n: int) -> bytes | None:
    chunks, left = [], n
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def map_large_blocks() -> None:
    """Large blocks (frames, textures, read-backs) straight from the kernel and back to it when freed:
    glibc would otherwise raise its mmap threshold after the first freed frame and keep every later
    one in a heap that never shrinks (a 4K worker: 455 MB peak)."""
    try:
        libc = ctypes.CDLL(None)
    except OSError:  # not glibc: nothing to tune
        return
    if hasattr(libc, "mallopt"):
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)


def send_frame(pipe, payload, streams: dict) -> None:
    """One frame message into `pipe`: `payload` pickled (protocol 5) with its large arrays out of band, so
    they are written and read as they lie in memory, never copied into the pickle; then the streams' bytes,
    (name → C-contiguous uint8 array), for the reader to forward without looking at them."""
    buffers: list[memoryview] = []

    def out_of_band(buffer: pickle.PickleBuffer) -> bool:  # False: the buffer is sent after the pickle
        raw = buffer.raw()
        if raw.nbytes < IN_BAND_BYTES:
            return True
        buffers.append(raw)
        return False

    message = pickle.dumps((payload, {name: a.nbytes for name, a in streams.items()}), protocol=5,
                           buffer_callback=out_of_band)
    pipe.write(b"".join([FRAME_HEADER.pack(len(message), len(buffers)),
                         *(LENGTH.pack(b.nbytes) for b in buffers), message]))
    for raw in [*buffers, *(memoryview(a).cast("B") for a in streams.values())]:
        pipe.write(raw)
    pipe.flush()


def receive_frame(pipe, forward: dict) -> object:
    """The next frame message's payload from `pipe` (an unbuffered FileIO: the streams are spliced from its
    descriptor), each stream moved on to `forward[name].splice_from(fd, nbytes)` on the way; EOFError at the
    end of the pipe, or where a message stops short (its worker died)."""
    header = _read_into(pipe, bytearray(FRAME_HEADER.size))
    n_message, n_buffers = FRAME_HEADER.unpack(header)
    head = _read_into(pipe, bytearray(LENGTH.size * n_buffers + n_message))
    buffers = [_read_into(pipe, np.empty(nbytes, np.uint8)) for (nbytes,) in LENGTH.iter_unpack(
        memoryview(head)[:LENGTH.size * n_buffers])]
    payload, streams = pickle.loads(memoryview(head)[LENGTH.size * n_buffers:], buffers=buffers)
    for name, nbytes in streams.items():
        forward[name].splice_from(pipe.fileno(), nbytes)
    return payload


def _read_into(pipe, buffer):
    """`buffer` filled from `pipe`; EOFError where the pipe ends first."""
    view, got = memoryview(buffer).cast("B"), 0
    while got < len(view):
        n = pipe.readinto(view[got:])
        if not n:
            raise EOFError(f"the frame pipe ended {got} bytes into {len(view)}")
        got += n
    return buffer


def _render_slot(jobs: dict, shot_index: int, slot: int, pipe) -> None:
    """The child's work: one slot's frames of one shot, finished (jobs["finish"]) and sent into `pipe`."""
    map_large_blocks()
    shot, performance, camera = jobs["shots"][shot_index]
    if slot >= camera.n_frames:  # a shot shorter than the pool is wide
        return
    finish = jobs["finish"].shot(shot, performance, camera) if jobs["finish"] is not None else None
    renderer = ShotRenderer(create_context(jobs["threads"]), shot, performance, camera, jobs["maps"],
                            jobs["scale"], preview=jobs["preview"], maps_size=jobs["maps_size"])
    try:
        for f in range(slot, camera.n_frames, jobs["workers"]):
            frame = renderer.render(f)
            send_frame(pipe, *(finish(frame) if finish is not None else (frame, {})))
            del frame  # not kept while the next one renders
    finally:
        renderer.release()


def _dress_cast(jobs: dict, shot_index: int) -> None:
    """Build the shot's human bodies here, before its children fork: each worker then inherits
    them instead of dressing every body again (about a second of CPU each)."""
    shot, performance, _ = jobs["shots"][shot_index]
    if shot.look.body != "human":
        return
    characters = {a.id: a.character for a in shot.actors}
    for motion in performance.actors:
        if motion.actor_id in characters:
            dressed_body(motion.offsets, characters[motion.actor_id])


def _fork_slot(sock: socket.socket, jobs: dict, shot_index: int, slot: int) -> int:
    read_end, write_end = os.pipe()
    widen_pipe(write_end)
    pid = os.fork()
    if pid == 0:  # the child: render, then leave without running the host's cleanup
        status = 1
        try:
            sock.close()
            os.close(read_end)
            _render_slot(jobs, shot_index, slot, os.fdopen(write_end, "wb"))
            status = 0
        except BrokenPipeError:  # the caller stopped reading (it failed or was interrupted)
            pass
        except BaseException:
            traceback.print_exc()
            sys.stderr.flush()
        finally:
            os._exit(status)  # the pipe closes with the process: after the traceback is in the caller's log
    os.close(write_end)
    socket.send_fds(sock, [pickle.dumps((shot_index, slot))], [read_end])
    os.close(read_end)
    return pid


def serve(sock: socket.socket) -> None:
    """Receive the job list on `sock`, then fork every slot's child for every shot, in film order."""
    jobs = _receive_jobs(sock)
    if jobs is None:  # the caller closed the socket without a job (it failed before rendering)
        return
    n_shots, workers = len(jobs["shots"]), jobs["workers"]
    running = {}  # child pid → (shot, slot)
    _dress_cast(jobs, 0)
    for slot in range(workers):
        running[_fork_slot(sock, jobs, 0, slot)] = (0, slot)
    while running:
        pid, _ = os.wait()
        shot_index, slot = running.pop(pid)
        if shot_index + 1 < n_shots:
            _dress_cast(jobs, shot_index + 1)  # once: a cached body is a look-up
            running[_fork_slot(sock, jobs, shot_index + 1, slot)] = (shot_index + 1, slot)

