"""The whole pipeline: Storyboard → plan → performance → camera → frames + sound → MP4 + sidecars."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from cinemotion.audio import score, write_srt, write_stems
from cinemotion.camera import film
from cinemotion.camera.path import CameraPath
from cinemotion.core.seeds import stream
from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.direct import Plan, direct
from cinemotion.errors import InputError
from cinemotion.language import complete
from cinemotion.media.aac import EncodedAudio, encode_aac
from cinemotion.media.atomic import atomic_dir, atomic_path, check_destination
from cinemotion.media.body_glb import write_body_glbs
from cinemotion.media.bvh_export import write_bvh
from cinemotion.media.camera_export import write_camera_motionctrl, write_camera_realestate10k, write_camera_txt
from cinemotion.media.contacts import write_contacts
from cinemotion.media.controls import CONTROL_VIDEOS, MASK_COLORS, ControlVideos
from cinemotion.media.encode import VideoEncoder, mux
from cinemotion.media.face_arkit import write_face_arkit
from cinemotion.media.openpose import write_openpose
from cinemotion.media.plan_record import write_plan_record
from cinemotion.media.trajectories import write_trajectories
from cinemotion.motion import animate
from cinemotion.motion.handover import handover_states
from cinemotion.motion.performance import Performance
from cinemotion.quality import report
from cinemotion.quality.identity import IdentityMeter
from cinemotion.render import RenderWorkers, control_size, lighting_name, preview_camera, setting_name
from cinemotion.render.gl import render_device
from cinemotion.render.look import film_name
from cinemotion.spec.models import MAX_DURATION_S, Storyboard

Progress = Callable[[int, int, str], None]


class PipelineFigures(Figures):
    crossfade_s: Figure[float]


CROSSFADE_S = load_table("pipeline.yaml", PipelineFigures).crossfade_s.value  # a dissolve's length


@dataclass
class RenderOptions:
    workers: int = 2
    controls: bool = True  # pose.mp4, masks.mp4, depth.mp4 beside the film
    allow_long: bool = False  # lift the 15 s generation limit
    scale: float | None = None  # shading resolution / output resolution; None: the renderer's default
    preview: bool = False  # 480p with the cheap passes (videos only: the sidecars are the final render's)


@dataclass
class RenderResult:
    video: Path
    sidecars: Path
    plan: Plan
    qa: dict = field(default_factory=dict)
    video_size: tuple[int, int] = (0, 0)  # the video's width and height (--preview: 480p)
    # wall seconds of each step; the sound and sidecar steps run beside the frames, so they overlap them
    seconds: dict[str, float] = field(default_factory=dict)
    # CPU seconds of each step in the thread that runs it (not its child processes: the encoders, the workers)
    cpu_seconds: dict[str, float] = field(default_factory=dict)


def sidecar_dir(video: Path) -> Path:
    return video.with_name(video.stem + ".cinemotion")


def check_limits(storyboard: Storyboard, options: RenderOptions) -> None:
    """Refuse up front what can't be rendered, naming the field."""
    if storyboard.width % 2 or storyboard.height % 2:
        raise InputError("size", f"{storyboard.width}x{storyboard.height}: H.264 needs even width and height")
    for i, shot in enumerate(complete(storyboard).shots):
        try:
            setting_name(shot.environment.setting)  # the language stage settled any place on a built set
            lighting_name(shot.look.lighting)
            if shot.look.film:
                film_name(shot.look.film)
        except InputError as error:
            raise InputError(f"shots[{i}].{error.field}", error.message) from None
    render_device()  # CINEMOTION_RENDER_DEVICE names a device this machine has
    if options.scale is not None and not 0.25 <= options.scale <= 1.0:
        raise InputError("--scale", f"{options.scale:g} is outside 0.25–1")
    limit = 600.0 if options.allow_long else MAX_DURATION_S
    if storyboard.duration_s > limit + 1e-9:
        hint = "" if options.allow_long else " (pass --allow-long for more)"
        raise InputError("duration", f"{storyboard.duration_s:g} s is longer than the {limit:g} s limit{hint}")


def plan_storyboard(storyboard: Storyboard) -> Plan:
    """The language stage's last step (language.complete), then direct: a storyboard from anywhere → its plan."""
    return direct(complete(storyboard))


def perform_plan(plan: Plan) -> tuple[list[Performance], list[CameraPath]]:
    """Animate and film every shot (small data: joint curves and camera poses).

    Across a cut each actor starts where the previous shot's performance left it (motion.handover); the plan is
    not edited: each performance records the start states it was given, and plan.json records them as `handover`.
    """
    performances, cameras = [], []
    for i, shot in enumerate(plan.shots):
        start_states = handover_states(performances[-1], shot) if i else {}
        performance = animate(shot, rng=stream(shot.seed, "motion"), start_states=start_states)
        performances.append(performance)
        cameras.append(film(shot, performance, rng=stream(shot.seed, "camera")))
    return performances, cameras


def _film_frames(plan: Plan, shot_frames: Callable[[int], Iterator], meter=None) -> Iterator:
    """Every shot's rendered frames (`shot_frames(i)`: shot i's) in film order (frame count = sum of the shots').

    A crossfade dissolves the outgoing shot's last half second into the incoming shot's
    first frame, so the film keeps its length and the soundtrack stays in sync.
    """
    tail: list = []
    for i, shot in enumerate(plan.shots):
        frames = shot_frames(i) if meter is None else _metered(meter, i, shot_frames(i))
        if tail:
            first = next(frames)
            for j, held in enumerate(tail):
                w = (j + 1) / (len(tail) + 1)
                held.rgb = (held.rgb * (1 - w) + first.rgb * w).round().astype(np.uint8)
                yield held
            tail = []
            yield first
            del first, held
        nxt = plan.shots[i + 1] if i + 1 < len(plan.shots) else None
        hold = 0
        if nxt is not None and nxt.transition == "crossfade":
            hold = min(int(round(CROSSFADE_S * shot.fps)), shot.n_frames // 2)
        for frame in frames:
            tail.append(frame)
            del frame  # only `tail` holds it: not kept while the next one is read
            if len(tail) > hold:
                yield tail.pop(0)
    yield from tail


def _metered(meter: IdentityMeter, shot_index: int, frames: Iterator) -> Iterator:
    """The shot's frames (media/controls.py FinishedFrame), each one's identity samples, taken by its render
    worker, handed to the meter on the way (before a transition blends them)."""
    for frame in frames:
        meter.add_samples(shot_index, frame.identity)
        yield frame
        del frame  # not kept while the next one is read


def film_motions(performances: list[Performance]) -> dict:
    """Each actor's motions across the film, shot by shot (an actor absent from a shot is skipped)."""
    motions: dict[str, list] = {}
    for performance in performances:
        for actor in performance.actors:
            motions.setdefault(actor.actor_id, []).append(actor)
    return motions


def film_characters(plan: Plan) -> dict:
    """Each actor's character (from the first shot the actor is in)."""
    characters: dict = {}
    for shot in plan.shots:
        for actor in shot.actors:
            characters.setdefault(actor.id, actor.character)
    return characters


def coached_texts(plan: Plan) -> tuple[str, str]:
    """prompt.txt and negative.txt: the coaching direct carried on each shot (the raw prompts if any was refused)."""
    prompted = [s for s in plan.shots if s.prompt]
    negative = {n for s in plan.shots for n in s.negative}
    if all(s.coaching for s in prompted):
        prompts = [s.coaching.prompt for s in prompted]
        negative |= {w for s in prompted for w in s.coaching.negative}
    else:
        prompts = [s.prompt for s in prompted]
    return "\n\n".join(prompts) + "\n", ", ".join(sorted(negative)) + "\n"


def _write_sidecars(out_dir: Path, plan: Plan, performances: list[Performance], cameras: list[CameraPath],
                    soundtrack, options: RenderOptions) -> None:
    """Every sidecar but the stems and qa.json: pure functions of the plan, the motion and the cameras (the final
    render's: plan.json's controls_size is the final render's control videos', --preview's are 480p)."""
    controls_size = list(control_size(cameras[0], options.scale)) if options.controls else None
    write_plan_record(out_dir / "plan.json", plan, {
        "width": plan.width, "height": plan.height, "fps": plan.fps, "scale": options.scale,
        "workers": options.workers, "controls": options.controls, "controls_size": controls_size,
        "backend": "procedural"}, performances)
    prompt, negative = coached_texts(plan)
    (out_dir / "prompt.txt").write_text(prompt)
    (out_dir / "negative.txt").write_text(negative)

    motions = film_motions(performances)
    np.savez_compressed(out_dir / "joints.npz", fps=np.float32(plan.fps), **{
        k: np.concatenate([m.joints.astype(np.float32) for m in v]) for k, v in motions.items()})
    for actor_id, actor_motions in motions.items():
        write_bvh(out_dir / f"{actor_id}.bvh", actor_motions, plan.fps)
    write_contacts(out_dir / "contacts.npz", motions, plan.fps)
    write_body_glbs(out_dir, motions, film_characters(plan), plan.fps)
    write_face_arkit(out_dir, motions, film_characters(plan), plan.fps)
    write_openpose(out_dir / "openpose.json", plan, performances, cameras)
    write_camera_txt(out_dir / "camera.txt", cameras)
    write_camera_realestate10k(out_dir / "camera_realestate10k.txt", cameras)
    write_camera_motionctrl(out_dir / "camera_motionctrl.json", cameras)
    write_trajectories(out_dir, plan, performances, cameras)
    write_srt(out_dir / "subtitles.srt", soundtrack.subtitles)


def _sound_and_sidecars(out_dir: Path, plan: Plan, performances: list[Performance], cameras: list[CameraPath],
                        options: RenderOptions, times: _StepTimes) -> tuple[EncodedAudio, dict]:
    """The soundtrack (scored, AAC-encoded under the true-peak ceiling, stems), the sidecars and the motion's
    quality report: run beside the frames, as they depend on nothing the frames make."""
    with _timed(times, "sound: score"):
        soundtrack = score(plan, performances, cameras, rng=stream(plan.seed, "audio"))
    with _timed(times, "sound: AAC true-peak encodes"):
        soundtrack, aac = encode_aac(soundtrack, out_dir / ".film.m4a")  # true peak set on what a player decodes
    with _timed(times, "sound: stems"):
        write_stems(out_dir / "audio", soundtrack)
    with _timed(times, "sidecars"):
        _write_sidecars(out_dir, plan, performances, cameras, soundtrack, options)
    with _timed(times, "qa: motion report"):
        motion_report = report(plan, performances, cameras)
    return aac, motion_report


@dataclass
class _StepTimes:
    """Each step's wall seconds, and the CPU seconds of the thread that ran it."""

    wall: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)


@contextmanager
def _timed(times: _StepTimes, step: str):
    """Add the block's wall time to `times.wall[step]` and its thread's CPU time to `times.cpu[step]`."""
    started, cpu = time.perf_counter(), time.thread_time()
    try:
        yield
    finally:
        times.wall[step] = times.wall.get(step, 0.0) + time.perf_counter() - started
        times.cpu[step] = times.cpu.get(step, 0.0) + time.thread_time() - cpu


def _finite(value):
    """`value` with every NaN or infinity (a metric that could not be measured) as null: valid JSON."""
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    if isinstance(value, (float, np.floating)):
        return float(value) if np.isfinite(value) else None
    return value


def render_storyboard(storyboard: Storyboard, out: str | Path, *, workers: int = 2,
                      progress: Progress | None = None, options: RenderOptions | None = None,
                      pool: RenderWorkers | None = None) -> RenderResult:
    """Render a storyboard to `out` (MP4) with its sidecars in `out.cinemotion/`.

    pool: render workers the caller started (and closes) with `options.workers` slots, e.g. before it
    started a thread of its own, so the pool's host is forked from it (render/host.py); None: started here.
    """
    options = options or RenderOptions(workers=workers)
    out = Path(out)
    report_progress = progress or (lambda done, total, stage: None)
    times = _StepTimes()
    # 1. Complete the storyboard (language stage); check limits and the destination before anything is written
    storyboard = complete(storyboard)
    check_limits(storyboard, options)
    check_destination(out)
    # 2. Start the render workers: their host imports the renderer while the shots are planned and animated
    with nullcontext(pool) if pool is not None else RenderWorkers(options.workers) as pool:
        # 3. Direct: who is where, doing what, when
        report_progress(0, 1, "planning")
        with _timed(times, "direct"):
            plan = direct(storyboard)
        total = sum(s.n_frames for s in plan.shots)
        # 4. Animate and film every shot, and hand the shots to the workers (each builds its set now)
        report_progress(0, total, "animating")
        with _timed(times, "animate + film"):
            performances, cameras = perform_plan(plan)
        # the videos are filmed by `filming` (a 480p copy of each camera for --preview); the sidecars
        # always describe the final render's cameras, so they don't depend on the flag
        filming = [preview_camera(c) for c in cameras] if options.preview else cameras
        # the workers make the control videos' frames and the identity samples (media/controls.py): this
        # process forwards them; above 1080p the control videos are at the shading size (render.control_size)
        width, height = filming[0].width, filming[0].height
        controls_size = control_size(filming[0], options.scale, options.preview) if options.controls else None
        pool.submit(list(zip(plan.shots, performances, filming)), ("instance", "depth") if options.controls else (),
                    options.scale, options.preview, maps_size=controls_size,
                    finish=ControlVideos(controls_size or (width, height), options.controls))
        meter = IdentityMeter(plan, performances, filming)
        with atomic_dir(sidecar_dir(out)) as side, atomic_path(out) as video_tmp, \
                ThreadPoolExecutor(1, thread_name_prefix="sound") as beside:
            # 5. The soundtrack and the sidecars, beside the frames (they depend on nothing the frames make)
            sound = beside.submit(_sound_and_sidecars, side, plan, performances, cameras, options, times)
            # 6. Frames, streamed to the encoders (the film's sound is muxed in when both are done)
            film_video = side / ".film-video.mp4"
            encoders = {"film": VideoEncoder(film_video, width, height, plan.fps)}
            if controls_size:
                for name in CONTROL_VIDEOS:
                    encoders[name] = VideoEncoder(side / f"{name}.mp4", *controls_size, plan.fps, gray=name == "depth",
                                                  palette=MASK_COLORS if name == "masks" else None, flat=True)
            try:
                _encode_frames(plan, pool, encoders, meter, times, lambda done: report_progress(done, total, "rendering"),
                               check=lambda: sound.done() and sound.result())
                with _timed(times, "encoders: finish"):
                    for encoder in encoders.values():
                        encoder.close()
            except BaseException:
                for encoder in encoders.values():
                    encoder.abort()
                raise
            report_progress(total, total, "writing sidecars")
            with _timed(times, "waiting for the sound and sidecars"):
                aac, motion_report = sound.result()
            with _timed(times, "film: mux sound"):
                mux(film_video, aac.path, video_tmp)
            film_video.unlink()
            aac.path.unlink()
            with _timed(times, "qa: identity"):
                identity = meter.report(stream(plan.seed, "identity"))
            qa = {**motion_report, "identity": identity,
                  "audio": {"true_peak_dbtp": round(aac.true_peak_dbtp, 2),
                            "extra_limiting_db": round(aac.extra_limiting_db, 2)}}
            (side / "qa.json").write_text(json.dumps(_finite(qa), indent=2, default=float, allow_nan=False))
    return RenderResult(video=out, sidecars=sidecar_dir(out), plan=plan, qa=qa, video_size=(width, height),
                        seconds=times.wall, cpu_seconds=times.cpu)


def _encode_frames(plan: Plan, pool: RenderWorkers, encoders: dict, meter: IdentityMeter, times: _StepTimes,
                   progress: Callable[[int], None], check: Callable[[], object]) -> None:
    """Stream every frame of the film into its encoder; each frame's control video frames, made by its worker,
    are spliced on from the worker's pipe to their encoders as the frame arrives (in film order)."""
    controls = {name: encoders[name] for name in CONTROL_VIDEOS if name in encoders}
    frames = _film_frames(plan, lambda i: pool.frames(i, controls), meter)
    done = 0
    while True:
        waiting = "frames: wait for workers (+ control videos forwarded)" if done else "frames: wait for the first"
        with _timed(times, waiting):
            frame = next(frames, None)
        if frame is None:
            break
        with _timed(times, "frames: film encoder writes"):
            encoders["film"].write(frame.rgb)
        del frame  # not kept while the next one is read (4K: 25 MB)
        done += 1
        progress(done)
        check()  # a failure beside the frames ends the render now, not after the last frame


__all__ = ["RenderOptions", "RenderResult", "check_limits", "coached_texts", "film_motions", "perform_plan",
           "plan_storyboard", "render_storyboard", "sidecar_dir"]
