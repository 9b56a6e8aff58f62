"""qa.json: the measured motion of every actor in every shot (gait, contacts, physical plausibility)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.gait_params import gait_at, nominal_speed
from cinemotion.errors import InputError
from cinemotion.quality.gait import measure_gait
from cinemotion.quality.jumps import jump_report
from cinemotion.quality.penetration import penetration_report
from cinemotion.quality.video import shot_video_report


def _clean(metrics: dict) -> dict:
    """JSON-safe: NaN (not measurable, e.g. no steps in a standing clip) becomes None; floats rounded."""
    return {k: (None if isinstance(v, float) and not math.isfinite(v) else round(float(v), 5))
            for k, v in metrics.items()}


class ReportFigures(Figures):
    min_window_s: Figure[float]


FIGURES = load_table("quality/report.yaml", ReportFigures)
MIN_WINDOW_S = FIGURES.min_window_s.value  # shorter actions hold too few steps to measure a gait


def _expected(action, shot, joints: np.ndarray, fps: float) -> dict:
    """An action as planned; for locomotion, the gait table's figures next to what its own window measures."""
    entry = {"kind": action.kind, "verb": action.verb, "start_s": action.start_s, "end_s": action.end_s}
    end = action.end_s if action.end_s is not None else shot.duration_s
    if action.kind in ("locomotion", "transfer") and end - action.start_s >= MIN_WINDOW_S and len(joints):
        window = joints[int(round(action.start_s * fps)):int(round(end * fps))]
        entry["measured"] = _clean(measure_gait(window, fps))
    if action.kind == "locomotion":
        speed = nominal_speed(action.verb, shot.intensity, action.speed, action.emotion)
        gait = gait_at(action.verb, speed, action.emotion)
        entry["expected"] = {"speed_mps": round(speed * shot.time_scale, 4),
                             "cadence_spm": round(gait.cadence_spm * shot.time_scale, 2),
                             "step_length_m": round(gait.step_length_m, 4), "duty_factor": round(gait.duty_factor, 4),
                             "flight": gait.flight}
    return entry


def report(plan, performances: list, cameras: list) -> dict:
    """Per shot, per actor: what it was asked to do and what its joints measure (quality.gait)."""
    shots = []
    for shot, performance in zip(plan.shots, performances):
        actors = {}
        for actor in shot.actors:
            motion = performance.actor(actor.id)
            joints = motion.joints if motion.joints is not None else np.zeros((0, 22, 3))
            events: dict[str, int] = {}
            for event in performance.events:
                if event.actor == actor.id:
                    events[event.kind] = events.get(event.kind, 0) + 1
            actors[actor.id] = {
                "actions": [_expected(a, shot, joints, performance.fps) for a in actor.actions],
                "metrics": _clean(measure_gait(joints, performance.fps)) if len(joints) > 2 else {},
                "events": events,
            }
        shots.append({"shot_id": shot.shot_id, "fps": performance.fps, "frames": performance.n_frames,
                      "actors": actors})
    return {"cinemotion_version": plan.cinemotion_version, "seed": plan.seed, "shots": shots,
            "camera": [shot_video_report(s, p, c) for s, p, c in zip(plan.shots, performances, cameras)],
            "jumps_and_interactions": jump_report(plan, performances)["shots"],
            "penetration": [penetration_report(s, p) for s, p in zip(plan.shots, performances)]}


def report_from_dir(path: str | Path) -> dict:
    """Metrics of every actor in a render's sidecar folder (reads OUT.cinemotion/joints.npz)."""
    path = Path(path)
    npz = path if path.suffix == ".npz" else path / "joints.npz"
    if not npz.is_file():
        raise InputError("path", f"no joints.npz in {path} (expected a render's OUT.cinemotion/ folder)")
    with np.load(npz) as data:
        if "fps" not in data:
            raise InputError("path", f"{npz} has no 'fps' entry")
        fps = float(data["fps"])
        arrays = {k: data[k] for k in data.files if k != "fps"}
    actors = {}
    for actor_id, joints in arrays.items():
        if joints.ndim != 3 or joints.shape[1:] != (22, 3):
            raise InputError("path", f"{npz}: '{actor_id}' has shape {joints.shape}, expected (frames, 22, 3)")
        actors[actor_id] = _clean(measure_gait(joints, fps)) if len(joints) > 2 else {}
    return {"source": str(npz), "fps": fps, "actors": actors}
