"""The `cinemotion` command line."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
from rich.text import Text

from cinemotion import __version__
from cinemotion.backends import run_backend
from cinemotion.backends.exports import export_plan
from cinemotion.body.bvh import read_bvh
from cinemotion.errors import InputError
from cinemotion.language import coach as coach_prompt
from cinemotion.language import enrich_storyboard
from cinemotion.language import parse as parse_prompt
from cinemotion.media.atomic import check_destination
from cinemotion.motion.transfer.clip import transfer_storyboard
from cinemotion.pipeline import RenderOptions, check_limits, render_storyboard
from cinemotion.quality import report_from_dir
from cinemotion.render import RenderWorkers, default_workers
from cinemotion.spec import dump_storyboard, load_storyboard, storyboard_from_dict, storyboard_schema
from cinemotion.spec.limits import MAX_SEED, clean_prompt
from cinemotion.spec.models import HARD_MAX_DURATION_S
from cinemotion.studio import serve

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Turn motion prompts into video: understand the motion, perform it, film it, score it.")
err = Console(stderr=True)
STORYBOARD_SUFFIXES = (".yaml", ".yml", ".json")


DEBUG_ENV = "CINEMOTION_DEBUG"  # set to 1 to see the traceback of an unexpected error


def _one_line(text: str) -> str:
    """`text` printable on one terminal line: line breaks and control characters as escapes, markup inert."""
    return escape("".join(c if c.isprintable() else repr(c)[1:-1] for c in text))


def _fail(error: InputError) -> None:
    err.print(f"[bold red]error:[/] {_one_line(error.field)}: {_one_line(error.message)}", highlight=False,
              soft_wrap=True)
    raise typer.Exit(2)


class Terminated(BaseException):
    """SIGTERM, raised where the process is, so every `finally` (temporaries, encoders, workers) runs."""


def _terminate(signum, frame) -> None:
    if os.getpid() != _MAIN_PID:  # a forked child keeps the default: die at once
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
        return
    raise Terminated()


_MAIN_PID = os.getpid()


def run() -> None:
    """The console entry point: SIGTERM cleans up like Ctrl-C, and no traceback reaches the user."""
    global _MAIN_PID
    _MAIN_PID = os.getpid()
    signal.signal(signal.SIGTERM, _terminate)
    try:
        code = app(standalone_mode=False)
    except Terminated:
        err.print("[bold red]stopped:[/] terminated (SIGTERM); nothing was left behind", highlight=False)
        sys.exit(128 + signal.SIGTERM)
    except Exception as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # `cinemotion` alone: the help
            typer.echo(error.format_message())
            sys.exit(0)
        if hasattr(error, "format_message") and hasattr(error, "exit_code"):  # a click usage error: one line
            err.print(f"[bold red]error:[/] {_one_line(error.format_message())}", highlight=False, soft_wrap=True)
            sys.exit(error.exit_code)
        if type(error).__name__ == "Abort":  # Ctrl-C at a prompt
            sys.exit(130)
        # a bug, not bad input: one line, the traceback only on request
        if os.environ.get(DEBUG_ENV):
            traceback.print_exc()
        where = traceback.extract_tb(error.__traceback__)[-1]
        err.print(f"[bold red]internal error:[/] {_one_line(type(error).__name__)}: {_one_line(str(error))} "
                  f"(at {_one_line(Path(where.filename).name)}:{where.lineno}; set {DEBUG_ENV}=1 for the "
                  "traceback)", highlight=False, soft_wrap=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cinemotion {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Print the version and exit.")) -> None:
    """cinemotion: motion prompts → video, control signals and a coached prompt."""


def parse_size(size: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in size.lower().split("x"))
    except ValueError:
        raise InputError("--size", f"{size!r} is not WIDTHxHEIGHT (e.g. 1920x1080)") from None
    if w < 16 or h < 16:
        raise InputError("--size", f"{w}x{h} is smaller than 16x16")
    if w * h > 3840 * 2160 or min(w, h) > 2160:
        raise InputError("--size", f"{w}x{h} is larger than 3840x2160")
    if w % 2 or h % 2:
        raise InputError("--size", f"{w}x{h}: H.264 needs even width and height")
    return w, h


def check_seed(seed: Optional[int]) -> None:
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise InputError("--seed", f"{seed} is outside 0–{MAX_SEED}")


def load_source(source: str, *, seed: Optional[int]):
    """A storyboard file (YAML/JSON) or a prompt → a Storyboard with every shot understood."""
    check_seed(seed)
    text = clean_prompt(source, "prompt")  # before any work: invalid UTF-8, terminal escapes
    if text.strip().lower().endswith(STORYBOARD_SUFFIXES):
        path = Path(text.strip())
        if not path.is_file():
            raise InputError("file", f"{path} does not exist" if not path.exists() else f"{path} is not a file")
        storyboard = enrich_storyboard(load_storyboard(path))
        return storyboard.model_copy(update={"seed": seed}) if seed is not None else storyboard
    return parse_prompt(text, seed=seed or 0)


def apply_options(storyboard, *, size: Optional[str], fps: Optional[int], duration: Optional[float],
                  body: Optional[str] = None):
    update: dict = {}
    if body is not None:
        if body not in ("human", "capsule"):
            raise InputError("--body", f"{body!r} is not one of human, capsule")
        update["shots"] = [s.model_copy(update={"look": s.look.model_copy(update={"body": body})})
                           for s in storyboard.shots]
    if size is not None:
        update["width"], update["height"] = parse_size(size)
    if fps is not None:
        if not 12 <= fps <= 120:
            raise InputError("--fps", f"{fps} is outside 12–120")
        update["fps"] = fps
    if duration is not None:
        if not duration > 0:
            raise InputError("--duration", f"{duration:g} must be greater than 0 s")
        if duration > HARD_MAX_DURATION_S:
            raise InputError("--duration", f"{duration:g} s is longer than the {HARD_MAX_DURATION_S:g} s limit")
        update["shots"] = [_rescaled(shot, duration / storyboard.duration_s)
                           for shot in update.get("shots", storyboard.shots)]
    return storyboard_from_dict({**storyboard.model_dump(mode="json"), **{
        k: ([s.model_dump(mode="json") for s in v] if k == "shots" else v) for k, v in update.items()}})


def _rescaled(shot, factor: float):
    """The shot with its whole timeline (length, actions, camera moves) stretched by `factor`.

    --duration changes how long the film lasts, not what happens in it: an action or a camera move that
    started late in the shot still happens, proportionally earlier.
    """
    def times(item, *names: str) -> dict:
        return {n: getattr(item, n) * factor for n in names if getattr(item, n) is not None}

    actors = [actor.model_copy(update={"actions": [a.model_copy(update=times(a, "start_s", "end_s"))
                                                   for a in actor.actions]}) for actor in shot.actors]
    camera = [move.model_copy(update=times(move, "start_s", "duration_s")) for move in shot.camera]
    return shot.model_copy(update={"duration_s": shot.duration_s * factor, "actors": actors, "camera": camera})


def check_output(output: Path) -> None:
    """Refuse, before any work, an output the film could not be written to (or would be misnamed as)."""
    if output.suffix.lower() != ".mp4":
        raise InputError("--output", f"{output} must end in .mp4 (cinemotion writes H.264/AAC MP4 films)")
    check_destination(output, "--output")


class FramesPerSecond(ProgressColumn):
    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:5.1f} fps" if speed else "  ... fps", style="cyan")


@app.command()
def render(
    source: str = typer.Argument(..., help="A prompt in quotes, or a storyboard .yaml/.json file."),
    output: Path = typer.Option(Path("out.mp4"), "-o", "--output", help="The MP4 to write."),
    size: Optional[str] = typer.Option(None, "--size", help="WIDTHxHEIGHT, even, up to 3840x2160."),
    fps: Optional[int] = typer.Option(None, "--fps", help="Frames per second, 12–120."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Seed: same input and seed, same bytes out."),
    duration: Optional[float] = typer.Option(None, "--duration", help="Total length in seconds."),
    backend: str = typer.Option("procedural", "--backend", help="procedural | kling | diffusers"),
    dry_run: bool = typer.Option(False, "--dry-run", help="kling: print the request JSON and stop."),
    kling_api: int = typer.Option(2, "--kling-api", help="kling: 2 (API 2.0, model in the path) or 1 (/v1/videos)."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, max=64,
                                          help="Parallel frame renderers (default 2; 1 above 1920x1080, for memory)."),
    controls: bool = typer.Option(True, "--controls/--no-controls", help="Write pose/masks/depth videos."),
    body: Optional[str] = typer.Option(None, "--body", help="human (default) | capsule: the stylised mannequin."),
    allow_long: bool = typer.Option(False, "--allow-long", help="Allow more than 15 s."),
    scale: Optional[float] = typer.Option(None, "--scale", help="Shading resolution as a fraction of the "
                                          "output (0.25–1; default: full up to 720p, less above, upsampled)."),
    preview: bool = typer.Option(False, "--preview", help="A quick look: 480p videos with the cheap passes "
                                 "(no blur, bloom or FXAA); the same motion, camera and sidecars."),
) -> None:
    """Render a prompt or storyboard to an MP4 with sound, plus sidecars in OUT.cinemotion/."""
    try:
        if backend not in ("procedural", "kling", "diffusers"):
            raise InputError("--backend", f"{backend!r} is not one of procedural, kling, diffusers")
        check_output(output)
        storyboard = apply_options(load_source(source, seed=seed), size=size, fps=fps, duration=duration,
                                   body=body)
        workers = workers or default_workers(storyboard.width, storyboard.height, preview)
        options = RenderOptions(workers=workers, controls=controls, allow_long=allow_long, scale=scale,
                                preview=preview)
        check_limits(storyboard, options)
        if backend != "procedural":
            run_backend(backend, storyboard, output, dry_run=dry_run, kling_api=kling_api)
            return
        started = time.perf_counter()
        # the render workers start before the progress bar's thread: their host is then forked from this
        # process, the renderer already imported (render/host.py)
        with RenderWorkers(options.workers) as pool, \
                Progress(TextColumn("{task.description:<16}"), BarColumn(), MofNCompleteColumn(),
                         FramesPerSecond(), TimeRemainingColumn(), console=err, transient=False) as bar:
            task = bar.add_task("planning", total=None)

            def progress(done: int, total: int, stage: str) -> None:
                bar.update(task, completed=done, total=total, description=stage)

            result = render_storyboard(storyboard, output, progress=progress, options=options, pool=pool)
        seconds = time.perf_counter() - started
        width, height = result.video_size
        kind = f"preview of {storyboard.width}x{storyboard.height}, " if preview else ""
        err.print(f"[green]wrote[/] {escape(str(result.video))} ({storyboard.duration_s:.2f} s, {kind}"
                  f"{width}x{height} @ {storyboard.fps} fps) in {seconds:.1f} s; "
                  f"sidecars in {escape(str(result.sidecars))}/", highlight=False)
    except InputError as error:
        _fail(error)


@app.command()
def parse(prompt: str = typer.Argument(..., help="A motion prompt or a storyboard file."),
          as_json: bool = typer.Option(False, "--json", help="Print the Storyboard as JSON."),
          seed: int = typer.Option(0, "--seed")) -> None:
    """Print the Storyboard cinemotion understood from a prompt."""
    try:
        storyboard = load_source(prompt, seed=seed)
    except InputError as error:
        _fail(error)
    typer.echo(dump_storyboard(storyboard, "json" if as_json else "yaml"))


@app.command()
def coach(prompt: str = typer.Argument(..., help="The prompt to diagnose and rewrite."),
          as_json: bool = typer.Option(False, "--json", help="Print the advice as JSON.")) -> None:
    """Diagnose a prompt the way the motion-prompt guide would, and rewrite it."""
    try:
        advice = coach_prompt(clean_prompt(prompt))
    except InputError as error:
        _fail(error)
    if as_json:
        typer.echo(advice.model_dump_json(indent=2))
        return
    out = Console()
    for d in advice.diagnostics:
        out.print(f"[yellow]{d.code}[/]: {d.message}" + (f"\n  → {d.suggestion}" if d.suggestion else ""))
    out.print(f"\n[bold]Enriched prompt[/]\n{advice.enriched_prompt}")
    out.print(f"\n[bold]Negative prompt[/]\n{advice.negative_prompt}")
    out.print(f"\n[bold]Motion intensity[/] {advice.recommended_intensity}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of a storyboard."""
    typer.echo(json.dumps(storyboard_schema(), indent=2))


@app.command()
def qa(sidecars: Path = typer.Argument(..., help="An OUT.cinemotion/ folder (or a joints.npz).")) -> None:
    """Measure the motion in a render: speed, cadence, contacts, skating, penetration, bone lengths."""
    try:
        if not sidecars.exists():
            raise InputError("path", f"{sidecars} does not exist")
        typer.echo(json.dumps(report_from_dir(sidecars), indent=2, default=float))
    except InputError as error:
        _fail(error)


@app.command()
def transfer(
    source: Path = typer.Argument(..., help="A BVH motion-capture file, or a video of a person "
                                               "(needs the reference extra)."),
    output: Path = typer.Option(Path("transfer.mp4"), "-o", "--output"),
    character: Optional[str] = typer.Option(None, "--character", help="A character description or id."),
    size: Optional[str] = typer.Option(None, "--size"),
    fps: Optional[int] = typer.Option(None, "--fps"),
    seed: Optional[int] = typer.Option(None, "--seed"),
    allow_long: bool = typer.Option(False, "--allow-long"),
) -> None:
    """Perform a real person's motion (BVH capture or a video) with a character, filmed and scored."""
    try:
        check_output(output)
        check_seed(seed)
        if not source.is_file():
            raise InputError("source", f"{source} does not exist")
        storyboard = transfer_storyboard(source, character=character, seed=seed or 0)
        if fps is None and source.suffix.lower() == ".bvh":
            # Keep capture detail: render at the capture's rate, up to 60 fps, unless asked otherwise.
            fps = int(min(60, max(24, round(read_bvh(source).fps))))
        storyboard = apply_options(storyboard, size=size, fps=fps, duration=None)
        result = render_storyboard(storyboard, output, options=RenderOptions(allow_long=allow_long))
        err.print(f"[green]wrote[/] {escape(str(result.video))}", highlight=False)
    except InputError as error:
        _fail(error)


@app.command()
def export(plan: Path = typer.Argument(..., help="A plan.json or storyboard file."),
           fmt: str = typer.Option("all", "--format", help="openpose | bvh | camera | trajectories | contacts | "
                                   "wan-animate | vace | ltx | kling-motion-control | lipsync | all (controls)"),
           output: Path = typer.Option(Path("export"), "-o", "--output", help="Folder to write into."),
           units: str = typer.Option("m", "--units", help="BVH units: m or cm."),
           control: str = typer.Option("pose", "--control", help="ltx: the control video, pose or depth."),
           element: bool = typer.Option(False, "--element", help="kling-motion-control: also write element.json.")
           ) -> None:
    """Write control exports or a generator's input bundle (Wan-Animate, VACE, LTX-2, Kling Motion Control)."""
    try:
        written = export_plan(plan, output, fmt=fmt, units=units, control=control, element=element)
    except InputError as error:
        _fail(error)
    for path in written:
        typer.echo(str(path))


@app.command()
def studio(host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(8765, "--port"),
           data_dir: Path = typer.Option(Path("studio-data"), "--data-dir"),
           database_url: Optional[str] = typer.Option(None, "--database-url", help="PostgreSQL for teams."),
           storage_url: Optional[str] = typer.Option(None, "--storage-url", help="An fsspec URL for assets."),
           workers: int = typer.Option(1, "--workers", min=1, max=32, help="Render worker processes."),
           executor: str = typer.Option("local", "--executor", help="local | ray (RAY_ADDRESS)"),
           no_browser: bool = typer.Option(False, "--no-browser"),
           signup: Optional[bool] = typer.Option(None, "--signup/--no-signup",
                                                 help="Let anyone sign up (default: only when --host is loopback; "
                                                      "closed sign-up stays open from the server machine)."),
           secure_cookies: bool = typer.Option(False, "--secure-cookies",
                                               help="Send session cookies only over HTTPS (behind a TLS proxy).")
           ) -> None:
    """Start the team studio: a local web app and multi-user service."""
    try:
        if executor not in ("local", "ray"):
            raise InputError("--executor", f"{executor!r} is not local or ray")
    except InputError as error:
        _fail(error)
    except ImportError as error:
        _fail(InputError("studio", f"needs the studio extra (pip install 'cinemotion[studio]'): {error}"))
    serve(host=host, port=port, data_dir=data_dir, database_url=database_url, open_browser=not no_browser,
          storage_url=storage_url, workers=workers, executor=executor, allow_signup=signup,
          secure_cookies=secure_cookies)


if __name__ == "__main__":  # pragma: no cover
    run()
