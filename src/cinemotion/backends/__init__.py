"""Neural backends: the plan handed to Kling's API or to an open diffusers video pipeline."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from cinemotion.backends.diffusers_backend import run_diffusers
from cinemotion.backends.kling import KlingClient, KlingOptions, brush_inputs, compile_requests
from cinemotion.pipeline import plan_storyboard
from cinemotion.errors import InputError
from cinemotion.spec.models import Storyboard


def run_kling(storyboard: Storyboard, output: Path, *, dry_run: bool = False, api: int = 2) -> list[Path]:
    """Compile the storyboard into Kling requests; print them (dry run) or run them into `output`."""
    plan = plan_storyboard(storyboard)
    first_frames, brushes = brush_inputs(plan)
    requests = compile_requests(plan, KlingOptions(first_frames=first_frames, api=api), brushes=brushes)
    if dry_run:
        payload = requests[0] if len(requests) == 1 else requests
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
        return []
    keys = {name: os.environ.get(name, "") for name in ("KLING_ACCESS_KEY", "KLING_SECRET_KEY")}
    for name, value in keys.items():
        if not value:
            raise InputError(name, "is not set: Kling needs an access key and a secret key (or use --dry-run)")
    client = KlingClient(keys["KLING_ACCESS_KEY"], keys["KLING_SECRET_KEY"],
                         base_url=os.environ.get("KLING_API_BASE", "https://api-singapore.klingai.com"))
    if api == 2:
        return [client.run(r["endpoint"], r["body"], output if len(requests) == 1 else
                           output.with_name(f"{output.stem}_{i + 1}{output.suffix}")) for i, r in enumerate(requests)]
    if len(requests) == 1:
        return [client.run(requests[0]["endpoint"], requests[0]["body"], output)]
    return [client.run(r["endpoint"], r["body"], output.with_name(f"{output.stem}_{i + 1}{output.suffix}"))
            for i, r in enumerate(requests)]


def run_backend(backend: str, storyboard: Storyboard, output: Path, *, dry_run: bool = False,
                kling_api: int = 2) -> list[Path]:
    """`cinemotion render --backend kling|diffusers`: the videos written (none on a dry run)."""
    if backend == "kling":
        return run_kling(storyboard, Path(output), dry_run=dry_run, api=kling_api)
    if backend == "diffusers":
        if dry_run:
            raise InputError("--dry-run", "only the kling backend has a dry run")
        return [run_diffusers(storyboard, Path(output))]
    raise InputError("--backend", f"{backend!r} is not one of kling, diffusers")


__all__ = ["run_backend", "run_kling"]
