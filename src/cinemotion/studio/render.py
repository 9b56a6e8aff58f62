"""The one place the studio calls the render pipeline. Workers import the renderer named in
Settings.renderer ("module:function"), so tests and deployments can substitute their own."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cinemotion.pipeline import render_storyboard
from cinemotion.spec import Storyboard

Progress = Callable[[int, int, str], None]


@dataclass
class RenderOutput:
    video: Path
    exports: dict[str, Path] = field(default_factory=dict)  # name (may contain "/") -> file
    qa: dict = field(default_factory=dict)


Renderer = Callable[[Storyboard, Path, Progress, int], RenderOutput]


def render_files(storyboard: Storyboard, out_dir: Path, progress: Progress, threads: int) -> RenderOutput:
    """Render with cinemotion's pipeline into `out_dir`: film.mp4 plus its control exports."""
    result = render_storyboard(storyboard, out_dir / "film.mp4", workers=threads, progress=progress)
    exports = {path.relative_to(result.sidecars).as_posix(): path
               for path in sorted(result.sidecars.rglob("*")) if path.is_file()}
    return RenderOutput(result.video, exports, result.qa)


def load_renderer(reference: str) -> Renderer:
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(module), name)
