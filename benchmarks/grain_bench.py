"""What the film grain costs the film encoder and how much of it the viewer gets (issue 18).

    python benchmarks/grain_bench.py               # the render_bench shot, 2 s at 1080p, as 35mm
    python benchmarks/grain_bench.py --size 3840x2160 --seconds 1

Renders the shot twice in this process, as 35mm and as 35mm with the grain refused (negative prompt
"grain"), encodes both through media/encode.py's VideoEncoder (the film's settings, CRF 20), decodes them,
and prints for each the encoder's CPU time a frame (user + sys of the FFmpeg child) and its size a frame,
and for the grain: its RMS in the frames sent (luma, 0..1) and the share of it the decoded film keeps
(the decoded difference projected on the grain sent), per pixel and through 8x8-pixel apertures.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
from pathlib import Path

import av
import numpy as np
from render_bench import SHOT

from cinemotion.camera import film
from cinemotion.direct import direct
from cinemotion.language import parse
from cinemotion.media.encode import VideoEncoder
from cinemotion.motion import animate
from cinemotion.render.gl import create_context
from cinemotion.render.scene import ShotRenderer

LUMA = np.array([0.2126, 0.7152, 0.0722], np.float32)


def render(size: tuple[int, int], seconds: float, negative: list[str]) -> np.ndarray:
    """(F, H, W, 3) uint8 frames of the bench shot as 35mm."""
    storyboard = parse(SHOT.format(seconds=seconds), seed=7).model_copy(update={"width": size[0], "height": size[1]})
    shot = direct(storyboard).shots[0]
    shot = shot.model_copy(update={"look": shot.look.model_copy(update={"film": "35mm"}),
                                   "negative": [*shot.negative, *negative]})
    rng = np.random.default_rng(shot.seed)
    performance = animate(shot, rng=rng)
    camera = film(shot, performance, rng=rng)
    renderer = ShotRenderer(create_context(threads=1), shot, performance, camera)
    frames = np.stack([renderer.render(f).rgb for f in range(shot.n_frames)])
    renderer.release()
    return frames


def encode(frames: np.ndarray, path: Path) -> tuple[float, int, np.ndarray]:
    """Encoder CPU seconds, file bytes, and the decoded frames."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with VideoEncoder(path, frames.shape[2], frames.shape[1], 24) as encoder:
        for rgb in frames:
            encoder.write(rgb)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    with av.open(str(path)) as container:
        decoded = np.stack([f.to_ndarray(format="rgb24") for f in container.decode(video=0)])
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, path.stat().st_size, decoded


def aperture(x: np.ndarray, k: int) -> np.ndarray:
    f, h, w = x.shape
    return x[:, : h // k * k, : w // k * k].reshape(f, h // k, k, w // k, k).mean(axis=(2, 4))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    size = tuple(int(v) for v in args.size.split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        sent, decoded = {}, {}
        for name, negative in (("35mm", []), ("no grain", ["grain"])):
            frames = render(size, args.seconds, negative)
            cpu, size_bytes, decoded[name] = encode(frames, Path(tmp) / "film.mp4")
            sent[name] = frames
            n = len(frames)
            print(f"{name:>9}: encoder {1000 * cpu / n:6.1f} CPU ms a frame, {size_bytes / n / 1024:6.1f} KiB a frame",
                  flush=True)
    luma = {k: v @ LUMA / 255 for k, v in sent.items()}
    grain = luma["35mm"] - luma["no grain"]
    kept = decoded["35mm"] @ LUMA / 255 - decoded["no grain"] @ LUMA / 255
    for k in (1, 8):
        g, d = aperture(grain, k), aperture(kept, k)
        print(f"  grain through {k}x{k} pixels: RMS sent {g.std():.5f}, kept by the encoder {(d * g).sum() / (g * g).sum():.0%}")


if __name__ == "__main__":
    main()
