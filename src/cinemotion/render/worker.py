"""A render worker process: `python -m cinemotion.render.worker`.

Reads one pickled job from stdin — (shot, performance, camera, maps, scale, preview, first, step, threads) —
and writes the pickled RenderedFrame of frames first, first + step, … to stdout. A full pipe
blocks it, so a slow reader bounds how far ahead it renders.
"""

from __future__ import annotations

import pickle
import sys

from cinemotion.render.gl import create_context
from cinemotion.render.scene import ShotRenderer


def main() -> None:
    shot, performance, camera, maps, scale, preview, first, step, threads = pickle.load(sys.stdin.buffer)

    out = sys.stdout.buffer
    renderer = ShotRenderer(create_context(threads), shot, performance, camera, maps, scale, preview=preview)
    try:
        for f in range(first, camera.n_frames, step):
            pickle.dump(renderer.render(f), out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
    finally:
        renderer.release()


if __name__ == "__main__":
    main()
