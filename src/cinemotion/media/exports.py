"""`cinemotion export`: control exports from a plan or storyboard, without rendering video."""

from __future__ import annotations

import json
from pathlib import Path

from cinemotion.errors import InputError

FORMATS = ("openpose", "bvh", "camera", "trajectories", "all")


def load_plan(path: Path):
    """A plan.json (as written beside a render) or a storyboard file → Plan."""
    from pydantic import ValidationError

    from cinemotion.direct import Plan, direct
    from cinemotion.language import enrich_storyboard
    from cinemotion.spec import load_storyboard

    if not path.is_file():
        raise InputError("plan", f"{path} does not exist")
    if path.suffix == ".json":
        try:
            data = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError) as err:
            raise InputError("plan", f"{path} is not valid JSON: {err}") from None
        if isinstance(data, dict) and "cinemotion_version" in data:
            try:
                return Plan.model_validate(data)
            except ValidationError as err:
                raise InputError("plan", str(err.errors()[0]["msg"])) from None
    return direct(enrich_storyboard(load_storyboard(path)))


def export_plan(path: Path, out_dir: Path, *, fmt: str = "all", units: str = "m") -> list[Path]:
    """Write the chosen exports of a plan into out_dir; returns the files written."""
    from cinemotion.media.bvh_export import write_bvh
    from cinemotion.media.atomic import atomic_dir
    from cinemotion.media.camera_export import (write_camera_motionctrl, write_camera_realestate10k,
                                                 write_camera_txt)
    from cinemotion.media.openpose import write_openpose
    from cinemotion.media.trajectories import write_trajectories
    from cinemotion.pipeline import film_motions, perform_plan

    if fmt not in FORMATS:
        raise InputError("--format", f"{fmt!r} is not one of {', '.join(FORMATS)}")
    if units not in ("m", "cm"):
        raise InputError("--units", f"{units!r} is not m or cm")
    plan = load_plan(Path(path))
    performances, cameras = perform_plan(plan)
    with atomic_dir(out_dir) as tmp:
        if fmt in ("openpose", "all"):
            write_openpose(tmp / "openpose.json", plan, performances, cameras)
        if fmt in ("bvh", "all"):
            for actor_id, motions in film_motions(performances).items():
                write_bvh(tmp / f"{actor_id}.bvh", motions, plan.fps, units=units)
        if fmt in ("camera", "all"):
            write_camera_txt(tmp / "camera.txt", cameras)
            write_camera_realestate10k(tmp / "camera_realestate10k.txt", cameras)
            write_camera_motionctrl(tmp / "camera_motionctrl.json", cameras)
        if fmt in ("trajectories", "all"):
            write_trajectories(tmp, plan, performances, cameras)
        names = sorted(p.relative_to(tmp) for p in tmp.rglob("*") if p.is_file())
    return [out_dir / n for n in names]
