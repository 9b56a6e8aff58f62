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

What every worker of a shot would otherwise redo is done once, before the forks: the human cast is
dressed (dress_cast, the bodies shared among forked dressers) and sent back to the caller for its
sidecars; each shot's renderer is prepared (ShotRenderer.prepared: rigs, light, set, lightmap charts);
and the shot's slot 0 alone bakes the lightmap, handing it to the others (LightmapHandover).

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

from cinemotion.body.human.dress import Dressing
from cinemotion.body.human.model import HumanBody
from cinemotion.body.human.performed import adopt_dressed, dressed_body, dressing_key
from cinemotion.core.pipes import widen_pipe
from cinemotion.render.gl import create_context
from cinemotion.render.scene import ShotRenderer
from cinemotion.spec.models import Character

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number (malloc.h)
MMAP_THRESHOLD_BYTES = 1 << 20  # memory setting: blocks of 1 MB and more are mapped, as the encoders' MALLOC_MMAP_THRESHOLD_
MESSAGE_HEADER = struct.Struct("<Q")  # format: a message's length in bytes, before its pickle (the jobs, the cast)
# format: a frame message's header: its pickle's length and how many out-of-band buffers follow the pickle;
# then each buffer's length (LENGTH), the pickle, the buffers, then the streams' bytes (their lengths are in the pickle)
FRAME_HEADER = struct.Struct("<QQ")
LENGTH = struct.Struct("<Q")
IN_BAND_BYTES = 1 << 16  # software limit: an array smaller than this travels inside the pickle (one read less)


def send_message(sock: socket.socket, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(MESSAGE_HEADER.pack(len(data)) + data)


def receive_message(sock: socket.socket):
    """The next message on `sock` (send_message's), or None where the other end closed it first."""
    header = _read_exactly(sock, MESSAGE_HEADER.size)
    data = None if header is None else _read_exactly(sock, MESSAGE_HEADER.unpack(header)[0])
    return None if data is None else pickle.loads(data)


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


def _render_slot(jobs: dict, shot_index: int, slot: int, pipe, renderer: ShotRenderer | Exception,
                 handover: tuple[list[int], int | None]) -> None:
    """The child's work: one slot's frames of one shot, finished (jobs["finish"]) and sent into `pipe`, by the
    shot's renderer the host prepared (or the error preparing it raised); `handover`: the pipes it hands its
    baked lightmap to (slot 0) or reads it from (LightmapHandover)."""
    map_large_blocks()
    if isinstance(renderer, Exception):
        raise renderer
    camera = renderer.camera
    if slot >= camera.n_frames:  # a shot shorter than the pool is wide
        return
    finish = jobs["finish"].shot(renderer.shot, renderer.performance, camera) if jobs["finish"] is not None else None
    hand_to, baked_by = handover
    renderer.start(create_context(jobs["threads"]), baked=None if baked_by is None else lambda: _read_to_end(baked_by))
    _hand_over(renderer, hand_to)
    try:
        for f in range(slot, camera.n_frames, jobs["workers"]):
            frame = renderer.render(f)
            send_frame(pipe, *(finish(frame) if finish is not None else (frame, {})))
            del frame  # not kept while the next one renders
    finally:
        renderer.release()


def cast_of(shots: list) -> list[tuple[np.ndarray, Character]]:
    """Every human body the shots draw, once each, in film order: (bone offsets, character)."""
    bodies = {}
    for shot, performance, _ in shots:
        if shot.look.body != "human":
            continue
        characters = {a.id: a.character for a in shot.actors}
        for motion in performance.actors:
            if motion.actor_id in characters:
                character = characters[motion.actor_id]
                bodies.setdefault(dressing_key(motion.offsets, character), (motion.offsets, character))
    return list(bodies.values())


def dress_cast(jobs: dict) -> list[tuple[HumanBody, Dressing]]:
    """cast_of(the shots) dressed (about a second of CPU a body), kept here for the workers to inherit and
    returned for the caller's sidecars and quality check: a body is dressed once a render. The bodies are
    shared among `workers` processes, this one and children forked for it, that dress at once (two runners
    in the time of one); each child's come back pickled through a pipe."""
    cast = cast_of(jobs["shots"])
    lanes = max(1, min(jobs["workers"], len(cast)))
    children = [_fork_dresser(cast[lane::lanes]) for lane in range(1, lanes)]
    dressed = {0: [dressed_body(offsets, character) for offsets, character in cast[::lanes]]}
    for lane, (pid, read_end) in enumerate(children, 1):
        data = _read_to_end(read_end)
        os.waitpid(pid, 0)
        if not data:
            raise RuntimeError("a child of the render worker host failed to dress the cast (its traceback is above)")
        dressed[lane] = pickle.loads(data)
    out = []
    for i, (offsets, character) in enumerate(cast):
        out.append(dressed[i % lanes][i // lanes])
        adopt_dressed(offsets, character, out[-1])
    return out


def _fork_dresser(bodies: list[tuple[np.ndarray, Character]]) -> tuple[int, int]:
    """A child dressing these bodies into a pipe: (its pid, the pipe's read end)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump([dressed_body(offsets, character) for offsets, character in bodies], pipe,
                            protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        except BaseException:
            traceback.print_exc()
            sys.stderr.flush()
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


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


def _fork_slot(sock: socket.socket, jobs: dict, shot_index: int, slot: int, renderer: ShotRenderer | Exception,
               handover: LightmapHandover) -> int:
    read_end, write_end = os.pipe()
    widen_pipe(write_end)
    handover.before_fork(shot_index)
    pid = os.fork()
    if pid == 0:  # the child: render, then leave without running the host's cleanup
        status = 1
        try:
            sock.close()
            os.close(read_end)
            _render_slot(jobs, shot_index, slot, os.fdopen(write_end, "wb"), renderer,
                         handover.in_child(shot_index, slot))
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
    jobs = receive_message(sock)
    if jobs is None:  # the caller closed the socket without a job (it failed before rendering)
        return
    send_message(sock, dress_cast(jobs))  # before any slot's pipe: the caller waits for it in submit()
    n_shots, workers = len(jobs["shots"]), jobs["workers"]
    running = {}  # child pid → (shot, slot)
    handover = LightmapHandover(jobs)
    # each shot's renderer prepared once, before its first slot forks (its rigs, light, set and charts: about
    # 0.3 CPU-s a worker for one runner), and dropped once its last slot has inherited it
    prepared: dict[int, tuple[ShotRenderer | Exception, int]] = {}  # shot → (renderer, slots still to fork)

    def fork(shot_index: int, slot: int) -> None:
        if shot_index not in prepared:
            shot, performance, camera = jobs["shots"][shot_index]
            try:
                renderer = ShotRenderer.prepared(shot, performance, camera, jobs["maps"], jobs["scale"],
                                                 preview=jobs["preview"], maps_size=jobs["maps_size"])
            except Exception as error:  # each slot of the shot raises it: the caller hears which shot failed
                renderer = error
            prepared[shot_index] = renderer, workers
        renderer, left = prepared.pop(shot_index)
        running[_fork_slot(sock, jobs, shot_index, slot, renderer, handover)] = (shot_index, slot)
        if left > 1:
            prepared[shot_index] = renderer, left - 1

    for slot in range(workers):
        fork(0, slot)
    while running:
        pid, _ = os.wait()
        shot_index, slot = running.pop(pid)
        if shot_index + 1 < n_shots:
            fork(shot_index + 1, slot)

