"""MP4 encoding through FFmpeg (imageio-ffmpeg's bundled binary, in its own process).

Frames are streamed to FFmpeg's stdin as raw RGB; the RGB→YUV conversion and H.264 encoding
run in that process, beside the renderer, so the Python thread only copies bytes.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import imageio_ffmpeg
import numpy as np

from cinemotion.core.pipes import widen_pipe


def mux(video: Path, audio: Path, out: Path) -> None:
    """`out`: the H.264 track of `video` with the AAC track of `audio` (an .m4a), both copied as they are."""
    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-i", str(video),
           "-i", str(audio), "-map", "0:v:0", "-map", "1:a:0", "-c", "copy", "-movflags", "+faststart",
           "-f", "mp4", str(out)]
    done = subprocess.run(cmd, capture_output=True)
    if done.returncode != 0:
        raise RuntimeError(f"ffmpeg failed muxing {out}: {done.stderr.decode(errors='replace').strip()}")


# glibc serves a freed block over its mmap threshold from the heap next time, and raises the threshold to the
# block's size (up to 32 MB): FFmpeg's 25 MB raw 4K frames then pile up in a heap that never shrinks (an FFmpeg
# passing 4K frames through holds 400 MB so, 166 MB with the threshold fixed at 1 MB; measured, issue 17).
# A fixed threshold keeps every frame-sized buffer its own mapping, returned to the system when freed.
_ENCODER_ENV = {**os.environ, "MALLOC_MMAP_THRESHOLD_": str(1 << 20)}
# The control videos (pose, masks, depth) are flat images: without lookahead, macroblock tree or b-frames and in
# one thread x264 holds a few frames instead of twenty (a 4K render: 220 MB peak each instead of 800). Their
# preset is ultrafast: 40 % less CPU than veryfast on the README demo's three control videos (1.8 s instead of
# 3.1 s for 96 frames at 720p) as faithful to the frames sent (PSNR masks 49.7 dB, pose 49.7, depth 55.9 against
# 48.1, 47.9, 59.2; the largest error, at an edge, smaller in all three), in files 1.6-1.9 times the size
# (measured, issue 18).
_FLAT_PRESET = "ultrafast"
_FLAT_X264 = ["-threads", "1", "-x264-params", "rc-lookahead=0:sync-lookahead=0:mbtree=0:bframes=0"]
# The film keeps x264's lookahead up to 1080p (veryfast: 10 frames, 3 b-frames). Above, each frame x264 holds
# (its planes and their half-pel copies) is over 50 MB, and the film is encoded without lookahead or b-frames:
# 4K, 296 MB peak instead of 494 with 3 frames and 2 b-frames, 370 with 2 and 1, at the same PSNR (43.51 dB) and
# size (81 KiB a frame; the bench shot's frames doubled, fed slower than encoded; 1080p frames of the same shot:
# 24.7 KiB a frame and 42.02 dB without, 24.9 and 42.05 with). Measured, issue 17.
_LOOKAHEAD_AREA = 1920 * 1080


def _palette_filter(palette: np.ndarray) -> list[str]:
    """FFmpeg's filter colouring grey-level indices: index k → palette[k], past the palette its last colour."""
    last = len(palette) - 1

    def channel(c: int) -> str:
        return "+".join([*(f"{int(colour[c])}*eq(val,{k})" for k, colour in enumerate(palette[:last])),
                         f"{int(palette[last][c])}*gte(val,{last})"])

    return ["-vf", f"format=rgb24,lutrgb=r='{channel(0)}':g='{channel(1)}':b='{channel(2)}'"]


def film_x264_options(width: int, height: int) -> list[str]:
    if width * height <= _LOOKAHEAD_AREA:
        return ["-threads", "2"]
    return ["-threads", "2", "-x264-params", "rc-lookahead=1:bframes=0:sync-lookahead=0"]


class VideoEncoder:
    """Stream RGB frames (and optionally a WAV file's audio, or an .m4a's AAC) into an H.264/AAC MP4.

    gray: frames are (H, W) uint8 grey levels (a third of the bytes through the pipe), encoded as the
    grey RGB frame would be.
    palette: frames are (H, W) uint8 indices into these (K, 3) uint8 colours (past the last, the last), coloured
    by FFmpeg: the same bytes as the RGB frames looked up here, a third of them through the pipe (the masks video
    at 1080p: 5.8 ms less CPU a frame, 8.4 here, 2.6 more in FFmpeg; measured, issue 18).
    flat: the frames are flat control images (pose, masks, depth): encoded with x264's low-memory settings
    and, unless `preset` is given, its fastest preset.
    """

    def __init__(self, path: Path, width: int, height: int, fps: float, *, audio_wav: Path | None = None,
                 preset: str | None = None, crf: int = 20, gray: bool = False,
                 flat: bool = False, palette: np.ndarray | None = None):
        self.path, self.width, self.height = Path(path), width, height
        indexed = gray or palette is not None
        self.shape = (height, width) if indexed else (height, width, 3)
        self.frames = 0
        cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
               "-f", "rawvideo", "-pix_fmt", "gray" if indexed else "rgb24", "-s", f"{width}x{height}", "-r", f"{fps}",
               "-thread_queue_size", "2", "-i", "pipe:0"]  # raw frames queued before the encoder: 25 MB each at 4K
        if audio_wav is not None:
            cmd += ["-i", str(audio_wav)]
        cmd += ["-map", "0:v:0", *(_palette_filter(palette) if palette is not None else [])]
        if audio_wav is not None:  # an already encoded AAC track (media/aac.py) is copied as it is
            codec = ["copy"] if Path(audio_wav).suffix == ".m4a" else ["aac", "-b:a", "192k", "-ar", "48000"]
            cmd += ["-map", "1:a:0", "-c:a", *codec]
        preset = preset or (_FLAT_PRESET if flat else "veryfast")
        cmd += ["-c:v", "libx264", "-preset", preset, "-crf", str(crf), "-pix_fmt", "yuv420p",
                *(_FLAT_X264 if flat else film_x264_options(width, height)),
                "-movflags", "+faststart", "-f", "mp4", str(self.path)]
        self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=subprocess.PIPE, env=_ENCODER_ENV)
        widen_pipe(self._proc.stdin.fileno())

    def write(self, rgb: np.ndarray) -> None:
        if rgb.shape != self.shape or rgb.dtype != np.uint8:
            raise ValueError(f"frame must be {self.shape} uint8, got {rgb.shape} {rgb.dtype}")
        assert self._proc.stdin is not None
        self._proc.stdin.write(np.ascontiguousarray(rgb).data)
        self.frames += 1

    def splice_from(self, fd: int, nbytes: int) -> None:
        """One frame's `nbytes` raw bytes moved from the pipe `fd` (a render worker's) into FFmpeg's stdin
        by the kernel (os.splice), never copied through this process."""
        expected = int(np.prod(self.shape))
        if nbytes != expected:
            raise ValueError(f"frame must be {expected} bytes ({self.shape} uint8), got {nbytes}")
        assert self._proc.stdin is not None
        out, left = self._proc.stdin.fileno(), nbytes
        while left:
            moved = os.splice(fd, out, left)
            if not moved:
                raise EOFError(f"the frame pipe ended {nbytes - left} bytes into a frame for {self.path.name}")
            left -= moved
        self.frames += 1

    def close(self) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.close()
        err = self._proc.stderr.read().decode(errors="replace") if self._proc.stderr else ""
        if self._proc.wait() != 0:
            raise RuntimeError(f"ffmpeg failed encoding {self.path}: {err.strip()}")

    def abort(self) -> None:
        self._proc.kill()
        self._proc.wait()

    def __enter__(self) -> "VideoEncoder":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
