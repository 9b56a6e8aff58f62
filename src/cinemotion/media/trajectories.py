"""Motion trajectories for trajectory-conditioned video models: Tora / MotionCtrl text and Kling brushes.

A track is a region of the first frame (a mask) plus where its content goes, one pixel point per
frame (or nothing, for a static region). Tracks come from the shot's motion brushes (a polygon in
normalised image coordinates or a named part such as "mara.hair", with a path [[t_s, x, y], …])
and from chosen joints of every actor, projected through the camera.

Tora / MotionCtrl read a trajectory as one "x y" line per frame on a 256 x 256 canvas. Kling's
image2video takes `static_mask` and up to 6 `dynamic_masks`, each a PNG mask (base64) and 2–77
integer pixel points with the origin at the image's bottom-left.
"""

from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw
from scipy.spatial import ConvexHull

from cinemotion.core.tables import load_table
from cinemotion.media.bvh_export import standing_height
from cinemotion.body.skeleton import J
from cinemotion.camera.path import CameraPath
from cinemotion.direct.plan import Plan, ShotPlan
from cinemotion.errors import InputError
from cinemotion.media.atomic import atomic_path
from cinemotion.motion.performance import Performance

TORA_CANVAS = 256  # format: Tora / MotionCtrl trajectories are on a 256 x 256 canvas
KLING_MAX_DYNAMIC_MASKS = 6  # protocol: Kling image2video takes up to 6 dynamic_masks
KLING_POINTS = (2, 77)  # protocol: … each with 2–77 trajectory points


@cache
def _table() -> dict:
    return load_table("media/trajectories.yaml")


@dataclass
class Track:
    name: str
    mask: np.ndarray  # (H, W) bool: the region on the first frame
    points: np.ndarray | None  # (F, 2) pixel x, y (origin top-left) per frame; None = static region


def _polygon_mask(polygon: np.ndarray, width: int, height: int) -> np.ndarray:
    image = Image.new("L", (width, height))
    ImageDraw.Draw(image).polygon([tuple(p) for p in polygon], fill=255)
    return np.asarray(image) > 0


def _part_mask(pixels: np.ndarray, radius_px: float, width: int, height: int) -> np.ndarray:
    """Discs of `radius_px` round each point, joined by strokes as wide (a limb's capsule)."""
    image = Image.new("L", (width, height))
    draw = ImageDraw.Draw(image)
    if len(pixels) > 1:
        draw.line([tuple(p) for p in pixels], fill=255, width=max(1, int(round(2 * radius_px))))
    for x, y in pixels:
        draw.ellipse([x - radius_px, y - radius_px, x + radius_px, y + radius_px], fill=255)
    return np.asarray(image) > 0


def _scenery_mask(side: str, camera: CameraPath) -> np.ndarray:
    """Pixels of the first frame whose view ray rises above the horizon ("above") or falls below it."""
    u, v = np.meshgrid(np.arange(camera.width) + 0.5, np.arange(camera.height) + 0.5)
    rays_cam = np.stack([(u - camera.cx) / camera.fx[0], (v - camera.cy) / camera.fy[0], np.ones_like(u)], axis=-1)
    rising = (rays_cam @ camera.rotation[0])[..., 1] > 0  # world direction = R^T · camera direction
    return rising if side == "above" else ~rising


def _resolve_part(region: str, shot: ShotPlan, performance: Performance, camera: CameraPath,
                  field: str) -> tuple[np.ndarray, np.ndarray]:
    """A named region ("mara.hair", "mara", "the ball", "clouds") → (first-frame mask, per-frame centre)."""
    frames = min(performance.n_frames, camera.n_frames)
    actor_id, _, part = region.partition(".")
    actor = next((a for a in performance.actors if a.actor_id == actor_id), None)
    if actor is not None:
        spec = _table()["parts"].get(part or "body")
        if spec is None and part in J:
            spec = {"joints": [part], "radius": 0.05}
        if spec is None:
            raise InputError(field, f"{region!r}: {part!r} is not a body part "
                                    f"({', '.join(_table()['parts'])}, or a joint name)")
        indices = [J[name] for name in spec["joints"]]
        centres = np.stack([camera.project(f, actor.joints[f, indices])[0] for f in range(frames)])
        depth = camera.project(0, actor.joints[0, indices])[1].mean()
        radius_px = spec["radius"] * standing_height(actor.offsets) * camera.fx[0] / max(depth, camera.near)
        return _part_mask(centres[0], radius_px, camera.width, camera.height), centres.mean(axis=1)
    side = _table()["scenery"].get(region.lower().removeprefix("the "))
    if side is not None:
        mask = _scenery_mask(side, camera)
        ys, xs = np.nonzero(mask) if mask.any() else ([camera.height / 2], [camera.width / 2])
        return mask, np.tile([np.mean(xs), np.mean(ys)], (frames, 1))
    prop = next((p for p in performance.props if region.removeprefix("the ") in (p.id, p.kind)), None)
    if prop is None:
        names = [a.actor_id for a in performance.actors] + [p.id for p in performance.props]
        raise InputError(field, f"{region!r} names no actor part, prop or scenery in shot {shot.shot_id!r} "
                                f"(known: {', '.join(names + list(_table()['scenery']))})")
    corners = np.array([[sx, sy, sz] for sx in (-0.5, 0.5) for sy in (-0.5, 0.5) for sz in (-0.5, 0.5)])
    centres, mask = [], None
    for f in range(frames):
        centre = prop.center if prop.center.ndim == 1 else prop.center[min(f, len(prop.center) - 1)]
        c, s = np.cos(prop.yaw), np.sin(prop.yaw)
        box = centre + (corners * prop.size) @ np.array([[c, 0, -s], [0, 1, 0], [s, 0, c]])
        pixels = camera.project(f, box)[0]
        centres.append(pixels.mean(axis=0))
        if mask is None:
            mask = _polygon_mask(pixels[ConvexHull(pixels).vertices], camera.width, camera.height)
    return mask, np.array(centres)


def _path_points(path: list[list[float]], frames: int, fps: float, width: int, height: int,
                 field: str) -> np.ndarray:
    """A brush path [[t_s, x, y], …] (normalised image coordinates) → pixel points at every frame."""
    array = np.asarray(path, dtype=float)
    if array.ndim != 2 or array.shape[1] != 3 or len(array) < 2:
        raise InputError(field, "a path needs at least two [t_s, x, y] points")
    if np.any(np.diff(array[:, 0]) <= 0):
        raise InputError(field, "path times must increase")
    if np.any((array[:, 1:] < 0) | (array[:, 1:] > 1)):
        raise InputError(field, "path points must lie in 0..1 image coordinates")
    t = np.arange(frames) / fps
    return np.stack([np.interp(t, array[:, 0], array[:, 1]) * width,
                     np.interp(t, array[:, 0], array[:, 2]) * height], axis=1)


def brush_tracks(shot: ShotPlan, performance: Performance, camera: CameraPath) -> list[Track]:
    """The shot's motion brushes as tracks (static brushes have no points)."""
    frames = min(performance.n_frames, camera.n_frames)
    tracks = []
    for i, brush in enumerate(shot.motion_brushes):
        field = f"{shot.shot_id}.motion_brushes[{i}]"
        if isinstance(brush.region, str):
            mask, _ = _resolve_part(brush.region, shot, performance, camera, f"{field}.region")
            name = brush.region
        else:
            polygon = np.asarray(brush.region, dtype=float)
            if polygon.ndim != 2 or polygon.shape[1] != 2 or len(polygon) < 3:
                raise InputError(f"{field}.region", "a polygon needs at least three [x, y] points")
            mask = _polygon_mask(polygon * (camera.width, camera.height), camera.width, camera.height)
            name = f"brush{i + 1}"
        if brush.static:
            tracks.append(Track(name, mask, None))
        elif not brush.path:
            raise InputError(f"{field}.path", "a brush that is not static needs a path")
        else:
            tracks.append(Track(name, mask, _path_points(brush.path, frames, camera.fps, camera.width,
                                                         camera.height, f"{field}.path")))
    return tracks


def joint_tracks(shot: ShotPlan, performance: Performance, camera: CameraPath,
                 joints: tuple[str, ...] | None = None) -> list[Track]:
    """Chosen joints of every actor as tracks: a mask round the joint and its projected path."""
    joints = tuple(joints or _table()["default_tracks"])
    tracks = []
    for actor in performance.actors:
        for joint in joints:
            region = f"{actor.actor_id}.{joint}"
            mask, centres = _resolve_part(region, shot, performance, camera, "joints")
            tracks.append(Track(region, mask, centres))
    return tracks


def tora_text(track: Track, width: int, height: int) -> str:
    """A Tora / MotionCtrl trajectory: one "x y" line per frame on the 256 x 256 canvas."""
    canvas = track.points * (TORA_CANVAS / width, TORA_CANVAS / height)
    canvas = np.clip(canvas, 0, TORA_CANVAS - 1)
    return "".join(f"{x:.2f} {y:.2f}\n" for x, y in canvas)


def _png_base64(mask: np.ndarray) -> str:
    buffer = io.BytesIO()
    Image.fromarray(mask.astype(np.uint8) * 255, mode="L").save(buffer, format="PNG", optimize=True)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def kling_trajectory(points: np.ndarray, width: int, height: int, max_points: int = KLING_POINTS[1]) -> list[dict]:
    """Integer pixel points, origin bottom-left, evenly spaced in time, 2..77 of them."""
    count = int(np.clip(len(points), KLING_POINTS[0], min(max_points, KLING_POINTS[1])))
    index = np.round(np.linspace(0, len(points) - 1, count)).astype(int)
    xs = np.clip(np.round(points[index, 0]), 0, width - 1).astype(int)
    ys = np.clip(np.round(height - points[index, 1]), 0, height - 1).astype(int)
    return [{"x": int(x), "y": int(y)} for x, y in zip(xs, ys)]


def kling_motion_brush(tracks: list[Track], width: int, height: int) -> dict:
    """Kling image2video's `static_mask` and `dynamic_masks` fields for these tracks."""
    static = [t for t in tracks if t.points is None]
    dynamic = [t for t in tracks if t.points is not None]
    if len(dynamic) > KLING_MAX_DYNAMIC_MASKS:
        raise InputError("dynamic_masks", f"{len(dynamic)} moving regions; Kling takes at most "
                                          f"{KLING_MAX_DYNAMIC_MASKS} ({', '.join(t.name for t in dynamic)})")
    payload: dict = {}
    if static:
        payload["static_mask"] = _png_base64(np.logical_or.reduce([t.mask for t in static]))
    if dynamic:
        payload["dynamic_masks"] = [{"mask": _png_base64(t.mask),
                                     "trajectories": kling_trajectory(t.points, width, height)} for t in dynamic]
    return payload


def write_trajectories(directory: str | Path, plan: Plan, performances: list[Performance],
                       cameras: list[CameraPath], joints: tuple[str, ...] | None = None) -> list[Path]:
    """trajectories/<shot>/<track>.txt (Tora / MotionCtrl) and kling_motion_brush.json per shot."""
    directory = Path(directory) / "trajectories"
    written = []
    for shot, performance, camera in zip(plan.shots, performances, cameras):
        brushes = brush_tracks(shot, performance, camera)
        tracks = brushes + joint_tracks(shot, performance, camera, joints)
        for track in tracks:
            if track.points is not None:
                path = directory / shot.shot_id / f"{track.name}.txt"
                with atomic_path(path) as tmp:
                    tmp.write_text(tora_text(track, camera.width, camera.height))
                written.append(path)
        # Kling's brush is the user's brushes when there are any, else the first tracked joints.
        chosen = brushes or tracks[:KLING_MAX_DYNAMIC_MASKS]
        path = directory / shot.shot_id / "kling_motion_brush.json"
        with atomic_path(path) as tmp:
            tmp.write_text(json.dumps(kling_motion_brush(chosen, camera.width, camera.height)))
        written.append(path)
    return written
