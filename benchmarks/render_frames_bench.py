"""Speed of the render stage alone (no sound, no encoding): frames per second, wall time against
the shot's duration, and peak memory, for the two-character rainy tracking shot (DOF, motion blur)
or a plain one-character daylight full-body shot, at 1080p and 4K.

    python benchmarks/render_frames_bench.py                  # rainy 15 s shot, 1080p then 4K
    python benchmarks/render_frames_bench.py --seconds 2 --sizes 1920x1080 --shot daylight --scale 1
    python benchmarks/render_frames_bench.py --passes --seconds 1 --sizes 1920x1080   # ms per pass, one process
    python benchmarks/render_frames_bench.py --passes --seconds 1 --sizes 1920x1080 --preview
"""

from __future__ import annotations

import argparse
import resource
import time

PROMPTS = {
    "rain": ("Full body shot of two friends sprinting side by side through a rainy neon-lit city street at night, "
             "splashing through puddles, tracking shot, cinematic depth of field, {seconds}-second duration"),
    "daylight": "Full body shot of a woman walking through a park in bright daylight, static camera, "
                "{seconds}-second duration",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--sizes", default="1920x1080,3840x2160")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--shot", choices=sorted(PROMPTS), default="rain")
    parser.add_argument("--scale", type=float, default=None, help="shading scale (default: the renderer's)")
    parser.add_argument("--preview", action="store_true", help="the --preview render (480p, cheap passes)")
    parser.add_argument("--passes", action="store_true",
                        help="time each render pass in this process (waits for the GPU after each), frames 1..")
    args = parser.parse_args()

    from cinemotion.direct import direct
    from cinemotion.language import parse
    from cinemotion.pipeline import perform_plan
    from cinemotion.render import preview_camera, render_frames

    for size in args.sizes.split(","):
        w, h = (int(v) for v in size.split("x"))
        prompt = PROMPTS[args.shot].format(seconds=f"{args.seconds:g}")
        storyboard = parse(prompt).model_copy(update={"width": w, "height": h})
        plan = direct(storyboard)
        performances, cameras = perform_plan(plan)
        shot, performance, camera = plan.shots[0], performances[0], cameras[0]
        if args.preview:
            camera = preview_camera(camera)
            size = f"{camera.width}x{camera.height} preview of {size}"
        if args.passes:
            _passes(shot, performance, camera, args.scale, size, args.preview)
            continue
        started = time.perf_counter()
        first = None
        n = 0
        for _ in render_frames(shot, performance, camera, workers=args.workers, scale=args.scale,
                               preview=args.preview):
            first = first or time.perf_counter() - started
            n += 1
        wall = time.perf_counter() - started
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"{args.shot} {size} scale {args.scale or 'default'}: {n} frames ({n / shot.fps:.1f} s at {shot.fps} fps) "
              f"in {wall:.1f} s wall = "
              f"{wall / (n / shot.fps):.2f}x real time, {n / wall:.2f} frames/s, first frame after {first:.1f} s, "
              f"peak worker RSS {rss:.0f} MB")


def _passes(shot, performance, camera, scale, size: str, preview: bool) -> None:
    from cinemotion.render.gl import create_context
    from cinemotion.render.scene import ShotRenderer

    started = time.perf_counter()
    renderer = ShotRenderer(create_context(threads=1), shot, performance, camera, ("depth", "instance"), scale,
                            preview=preview)
    print(f"set-up (set, lights, shaders, static shadow map): {time.perf_counter() - started:.2f} s")
    renderer.render(0)  # warm-up: shader compilation, first uploads
    renderer.pass_seconds = {}
    frames = range(1, camera.n_frames)
    for f in frames:
        renderer.render(f)
    total = sum(renderer.pass_seconds.values())
    print(f"{size} shaded at {renderer.internal[0]}x{renderer.internal[1]}, one thread, {len(frames)} frames: "
          f"{1000 * total / len(frames):.0f} ms/frame")
    for name, seconds in renderer.pass_seconds.items():
        print(f"  {name:18s} {1000 * seconds / len(frames):7.1f} ms")
    renderer.release()


if __name__ == "__main__":
    main()
