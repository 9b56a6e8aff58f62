"""plan.json: what was decided (the plan, with its seed), how it was rendered, and with which versions."""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import imageio_ffmpeg
import numpy as np

from cinemotion import __version__
from cinemotion.direct.plan import Plan
from cinemotion.motion.performance import Performance

# Keys plan.json adds beside the plan's own fields; a reader of the plan drops them.
RECORD_KEYS = ("render", "versions", "handover")


def versions() -> dict[str, str]:
    """The versions that decide the output: cinemotion, numpy (the random streams) and FFmpeg (the encoding)."""
    return {"cinemotion": __version__, "numpy": np.__version__, "ffmpeg": imageio_ffmpeg.get_ffmpeg_version(),
            "imageio-ffmpeg": version("imageio-ffmpeg")}


def write_plan_record(path: Path, plan: Plan, render: dict, performances: list[Performance] = ()) -> None:
    """The plan as decided, plus the render options (size, fps, scale, workers, controls, backend) and versions.

    `handover` holds, by shot and actor, the start state each actor was performed from across a cut (read off the
    previous shot's performance); the plan's own `start` is direct's prediction.
    """
    handover = {p.shot_id: {actor: json.loads(state.model_dump_json()) for actor, state in p.start_states.items()}
                for p in performances if p.start_states}
    record = {**json.loads(plan.model_dump_json()), "render": render, "versions": versions(), "handover": handover}
    Path(path).write_text(json.dumps(record, indent=2))
