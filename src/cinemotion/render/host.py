"""The render worker host: `python -m cinemotion.render.worker SOCKET_FD` (render/worker.py) runs `serve`.

It imports the renderer once, as soon as it starts (while its caller is still planning and
animating), then waits on the Unix socket for the job list: one pickled (shot, performance,
camera) per shot, with the maps, scale, preview flag, worker count and render threads. For each
shot it forks one child per worker slot: child k renders frames k, k + n, k + 2n, … with its own
headless GL context and streams them, pickled, into a fresh pipe whose read end the host hands
to the caller over the socket (SCM_RIGHTS) tagged (shot, slot). A slot's next shot is forked when
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

from cinemotion.body.human.performed import adopt_dressed, dressed_body
from cinemotion.render.gl import create_context
from cinemotion.render.scene import ShotRenderer

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number (malloc.h)
MMAP_THRESHOLD_BYTES = 1 << 20  # memory setting: blocks of 1 MB and more are mapped, as the encoders' MALLOC_MMAP_THRESHOLD_
JOBS_HEADER = struct.Struct("<Q")  # format: the job list's length in bytes, before its pickle (sent by render/frames.py)


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


def _render_slot(jobs: dict, shot_index: int, slot: int, pipe, handover: tuple[list[int], int | None]) -> None:
    """The child's work: one slot's frames of one shot, pickled into `pipe`; `handover`: the pipes it hands
    its baked lightmap to (slot 0) or the one it reads it from (LightmapHandover)."""
    map_large_blocks()
    shot, performance, camera = jobs["shots"][shot_index]
    if slot >= camera.n_frames:  # a shot shorter than the pool is wide
        return
    hand_to, baked_by = handover
    renderer = ShotRenderer(create_context(jobs["threads"]), shot, performance, camera, jobs["maps"],
                            jobs["scale"], preview=jobs["preview"],
                            baked=None if baked_by is None else lambda: _read_to_end(baked_by))
    _hand_over(renderer, hand_to)
    try:
        for f in range(slot, camera.n_frames, jobs["workers"]):
            pickle.dump(renderer.render(f), pipe, protocol=pickle.HIGHEST_PROTOCOL)
            pipe.flush()
    finally:
        renderer.release()


def dress_cast(shots: list) -> list:
    """Every shot's human bodies, dressed in the caller before it sends the jobs: [(offsets, character,
    (body, dressing))]. The caller keeps them for its own sidecars and quality check (dressed_body's cache),
    the host adopts them before it forks, and every worker inherits them: the cast is dressed once a
    render, not once in the caller and again in the host (about a second of CPU a body)."""
    cast = []
    for shot, performance, _ in shots:
        if shot.look.body != "human":
            continue
        characters = {a.id: a.character for a in shot.actors}
        for motion in performance.actors:
            if motion.actor_id in characters:
                character = characters[motion.actor_id]
                cast.append((motion.offsets, character, dressed_body(motion.offsets, character)))
    return cast


class LightmapHandover:
    """A shot's set light is the same in every worker: its slot 0 alone bakes the lightmap and hands it,
    through a pipe, to each other slot of the shot (ShotRenderer's `baked`), which builds its GL objects
    meanwhile and waits for it only where it would bake (about half a second of CPU a worker saved). The
    host makes a shot's pipes when it forks the shot's first slot and hands each end to the child that
    uses it; every child closes the ends that are not its own, so a slot whose baker fails reads the end
    of its pipe at once."""

    def __init__(self, jobs: dict):
        self.jobs = jobs
        self.ends: dict[tuple[int, int], list[int | None]] = {}  # (shot, slot ≥ 1) → [read end, write end]
        self.made: set[int] = set()  # the shots whose pipes are made

    def before_fork(self, shot_index: int) -> None:
        if shot_index in self.made:
            return
        self.made.add(shot_index)
        slots = min(self.jobs["workers"], self.jobs["shots"][shot_index][2].n_frames)
        for slot in range(1, slots):
            self.ends[(shot_index, slot)] = list(os.pipe())

    def in_child(self, shot_index: int, slot: int) -> tuple[list[int], int | None]:
        """The child's ends (the write ends it hands to, the read end it bakes from); every other end closed."""
        hand_to, baked_by = [], None
        for (shot, reader), ends in self.ends.items():
            for i, fd in enumerate(ends):
                if fd is None:
                    continue
                if shot == shot_index and i == 1 and slot == 0:
                    hand_to.append(fd)
                elif shot == shot_index and i == 0 and reader == slot:
                    baked_by = fd
                else:
                    os.close(fd)
        return hand_to, baked_by

    def after_fork(self, shot_index: int, slot: int) -> None:
        """In the host: the ends the child just forked took are closed here."""
        for (shot, reader), ends in list(self.ends.items()):
            if shot != shot_index or slot not in (0, reader):
                continue
            i = 1 if slot == 0 else 0
            os.close(ends[i])
            ends[i] = None
            if ends == [None, None]:
                del self.ends[(shot, reader)]


def _hand_over(renderer: ShotRenderer, hand_to: list[int]) -> None:
    texels = renderer.baked_lightmap() if hand_to else b""
    for fd in hand_to:
        with os.fdopen(fd, "wb") as pipe:
            try:
                pipe.write(texels)
            except BrokenPipeError:  # that slot failed before it read: its own traceback says why
                pass


def _read_to_end(fd: int) -> bytes:
    with os.fdopen(fd, "rb") as pipe:
        return pipe.read()


def _fork_slot(sock: socket.socket, jobs: dict, shot_index: int, slot: int, handover: LightmapHandover) -> int:
    read_end, write_end = os.pipe()
    handover.before_fork(shot_index)
    pid = os.fork()
    if pid == 0:  # the child: render, then leave without running the host's cleanup
        status = 1
        try:
            sock.close()
            os.close(read_end)
            _render_slot(jobs, shot_index, slot, os.fdopen(write_end, "wb"), handover.in_child(shot_index, slot))
            status = 0
        except BrokenPipeError:  # the caller stopped reading (it failed or was interrupted)
            pass
        except BaseException:
            traceback.print_exc()
            sys.stderr.flush()
        finally:
            os._exit(status)  # the pipe closes with the process: after the traceback is in the caller's log
    os.close(write_end)
    handover.after_fork(shot_index, slot)
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
    for offsets, character, dressed in jobs["cast"]:
        adopt_dressed(offsets, character, dressed)
    handover = LightmapHandover(jobs)
    for slot in range(workers):
        running[_fork_slot(sock, jobs, 0, slot, handover)] = (0, slot)
    while running:
        pid, _ = os.wait()
        shot_index, slot = running.pop(pid)
        if shot_index + 1 < n_shots:
            running[_fork_slot(sock, jobs, shot_index + 1, slot, handover)] = (shot_index + 1, slot)

