"""The `cinemotion` command line."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
from rich.text import Text

from cinemotion import __version__
from cinemotion.errors import InputError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn motion prompts into video: understand the motion, perform it, film it, score it.")
err = Console(stderr=True)
STORYBOARD_SUFFIXES = (".yaml", ".yml", ".json")


def _fail(error: InputError) -> None:
    err.print(f"[bold red]error:[/] {error.field}: {error.message}", highlight=False)
    raise typer.Exit(2)


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


def load_source(source: str, *, seed: Optional[int]):
    """A storyboard file (YAML/JSON) or a prompt → a Storyboard with every shot understood."""
    from cinemotion.language import enrich_storyboard, parse
    from cinemotion.spec import load_storyboard
    if source.lower().endswith(STORYBOARD_SUFFIXES):
        if not Path(source).is_file():
            raise InputError("file", f"{source} does not exist")
        storyboard = enrich_storyboard(load_storyboard(source))
        return storyboard.model_copy(update={"seed": seed}) if seed is not None else storyboard
    return parse(source, seed=seed or 0)


def apply_options(storyboard, *, size: Optional[str], fps: Optional[int], duration: Optional[float],
                  body: Optional[str] = None):
    update: dict = {}
    if body is not None:
        if body not in ("human", "capsule"):
            raise InputError("--body", f"{body!r} is not one of human, capsule")
        update["shots"] = [s.model_copy(update={"look": s.look.model_copy(update={"body": body})})
                           for s in storyboard.shots]
    if size:
        update["width"], update["height"] = parse_size(size)
    if fps is not None:
        if not 12 <= fps <= 120:
            raise InputError("--fps", f"{fps} is outside 12–120")
        update["fps"] = fps
    if duration is not None:
        if not duration > 0:
            raise InputError("--duration", f"{duration:g} must be greater than 0 s")
        scale = duration / storyboard.duration_s
        shots = [s.model_copy(update={"duration_s": s.duration_s * scale}) for s in update.get("shots", storyboard.shots)]
        update["shots"] = shots
    from cinemotion.spec import storyboard_from_dict
    return storyboard_from_dict({**storyboard.model_dump(mode="json"), **{
        k: ([s.model_dump(mode="json") for s in v] if k == "shots" else v) for k, v in update.items()}})


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
    workers: int = typer.Option(2, "--workers", min=1, max=64, help="Parallel frame renderers."),
    controls: bool = typer.Option(True, "--controls/--no-controls", help="Write pose/masks/depth videos."),
    body: Optional[str] = typer.Option(None, "--body", help="human (default) | capsule: the stylised mannequin."),
    allow_long: bool = typer.Option(False, "--allow-long", help="Allow more than 15 s."),
    scale: Optional[float] = typer.Option(None, "--scale", help="Shading resolution as a fraction of the "
                                          "output (0.25–1; default: full up to 720p, less above, upsampled)."),
) -> None:
    """Render a prompt or storyboard to an MP4 with sound, plus sidecars in OUT.cinemotion/."""
    from cinemotion.pipeline import RenderOptions, check_limits, render_storyboard
    try:
        if backend not in ("procedural", "kling", "diffusers"):
            raise InputError("--backend", f"{backend!r} is not one of procedural, kling, diffusers")
        if output.suffix.lower() != ".mp4":
            raise InputError("--output", f"{output} must end in .mp4")
        storyboard = apply_options(load_source(source, seed=seed), size=size, fps=fps, duration=duration,
                                   body=body)
        options = RenderOptions(workers=workers, controls=controls, allow_long=allow_long, scale=scale)
        check_limits(storyboard, options)
        if backend != "procedural":
            from cinemotion.backends import run_backend
            run_backend(backend, storyboard, output, dry_run=dry_run)
            return
        started = time.perf_counter()
        with Progress(TextColumn("{task.description:<16}"), BarColumn(), MofNCompleteColumn(),
                      FramesPerSecond(), TimeRemainingColumn(), console=err, transient=False) as bar:
            task = bar.add_task("planning", total=None)

            def progress(done: int, total: int, stage: str) -> None:
                bar.update(task, completed=done, total=total, description=stage)

            result = render_storyboard(storyboard, output, progress=progress, options=options)
        seconds = time.perf_counter() - started
        err.print(f"[green]wrote[/] {result.video} ({storyboard.duration_s:.2f} s, "
                  f"{storyboard.width}x{storyboard.height} @ {storyboard.fps} fps) in {seconds:.1f} s; "
                  f"sidecars in {result.sidecars}/", highlight=False)
    except InputError as error:
        _fail(error)


@app.command()
def parse(prompt: str = typer.Argument(..., help="A motion prompt or a storyboard file."),
          as_json: bool = typer.Option(False, "--json", help="Print the Storyboard as JSON."),
          seed: int = typer.Option(0, "--seed")) -> None:
    """Print the Storyboard cinemotion understood from a prompt."""
    from cinemotion.spec import dump_storyboard
    try:
        storyboard = load_source(prompt, seed=seed)
    except InputError as error:
        _fail(error)
    typer.echo(dump_storyboard(storyboard, "json" if as_json else "yaml"))


@app.command()
def coach(prompt: str = typer.Argument(..., help="The prompt to diagnose and rewrite."),
          as_json: bool = typer.Option(False, "--json", help="Print the advice as JSON.")) -> None:
    """Diagnose a prompt the way the motion-prompt guide would, and rewrite it."""
    from cinemotion.language import coach as coach_prompt
    try:
        advice = coach_prompt(prompt)
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
    from cinemotion.spec import storyboard_schema
    typer.echo(json.dumps(storyboard_schema(), indent=2))


@app.command()
def qa(sidecars: Path = typer.Argument(..., help="An OUT.cinemotion/ folder (or a joints.npz).")) -> None:
    """Measure the motion in a render: speed, cadence, contacts, skating, penetration, bone lengths."""
    from cinemotion.quality import report_from_dir
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
    from cinemotion.motion.transfer.clip import transfer_storyboard
    from cinemotion.pipeline import RenderOptions, render_storyboard
    try:
        if not source.is_file():
            raise InputError("source", f"{source} does not exist")
        storyboard = transfer_storyboard(source, character=character, seed=seed or 0)
        if fps is None and source.suffix.lower() == ".bvh":
            # Keep capture detail: render at the capture's rate, up to 60 fps, unless asked otherwise.
            from cinemotion.body.bvh import read_bvh
            fps = int(min(60, max(24, round(read_bvh(source).fps))))
        storyboard = apply_options(storyboard, size=size, fps=fps, duration=None)
        result = render_storyboard(storyboard, output, options=RenderOptions(allow_long=allow_long))
        err.print(f"[green]wrote[/] {result.video}", highlight=False)
    except InputError as error:
        _fail(error)


@app.command()
def export(plan: Path = typer.Argument(..., help="A plan.json or storyboard file."),
           fmt: str = typer.Option("all", "--format", help="openpose | bvh | camera | trajectories | all"),
           output: Path = typer.Option(Path("export"), "-o", "--output", help="Folder to write into."),
           units: str = typer.Option("m", "--units", help="BVH units: m or cm.")) -> None:
    """Write control exports (OpenPose JSON, BVH, camera paths, trajectories) without rendering video."""
    from cinemotion.media.exports import export_plan
    try:
        written = export_plan(plan, output, fmt=fmt, units=units)
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
           no_browser: bool = typer.Option(False, "--no-browser")) -> None:
    """Start the team studio: a local web app and multi-user service."""
    try:
        if executor not in ("local", "ray"):
            raise InputError("--executor", f"{executor!r} is not local or ray")
        from cinemotion.studio import serve
    except InputError as error:
        _fail(error)
    except ImportError as error:
        _fail(InputError("studio", f"needs the studio extra (pip install 'cinemotion[studio]'): {error}"))
    serve(host=host, port=port, data_dir=data_dir, database_url=database_url, open_browser=not no_browser,
          storage_url=storage_url, workers=workers, executor=executor)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
