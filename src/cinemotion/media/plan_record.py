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
RECORD_KEYS = ("render", "versions", "handover", "seats")


def versions() -> dict[str, str]:
    """The versions that decide the output: cinemotion, numpy (the random streams) and FFmpeg (the encoding)."""
    return {"cinemotion": __version__, "numpy": np.__version__, "ffmpeg": imageio_ffmpeg.get_ffmpeg_version(),
            "imageio-ffmpeg": version("imageio-ffmpeg")}


def write_plan_record(path: Path, plan: Plan, render: dict, performances: list[Performance] = ()) -> None:
    """The plan as decided, plus the render options (size, fps, scale, workers, controls, backend) and versions.

    `handover` holds, by shot and actor, the start state each actor was performed from across a cut (read off the
    previous shot's performance); the plan's own `start` is direct's prediction. `seats` holds, by shot and seat,
    where each of the plan's seats stood: its sitter's posture placed it where the body sat down.
    """
    handover = {p.shot_id: {actor: json.loads(state.model_dump_json()) for actor, state in p.start_states.items()}
                for p in performances if p.start_states}
    planned = {shot.shot_id: {seat.id for seat in shot.seats} for shot in plan.shots}
    seats = {p.shot_id: {prop.id: {"center": np.asarray(prop.center).tolist(), "yaw_rad": float(prop.yaw)}
                         for prop in p.props if prop.id in planned.get(p.shot_id, set())} for p in performances}
    record = {**json.loads(plan.model_dump_json()), "render": render, "versions": versions(), "handover": handover,
              "seats": {shot: placed for shot, placed in seats.items() if placed}}
    Path(path).write_text(json.dumps(record, indent=2))
