"""Kling request schema: the published fields, ranges and mutual exclusions, checked before sending.

`validate_request(endpoint, body)` raises InputError naming the offending field (dotted path) so a
request that Kling would reject is refused here with the reason, and the test server enforces the
same rules.
"""

from __future__ import annotations

from functools import cache


from cinemotion.core.tables import load_table
from cinemotion.errors import InputError

ENDPOINTS = ("text2video", "image2video")
COMMON_FIELDS = {"model_name", "prompt", "negative_prompt", "cfg_scale", "mode", "camera_control", "duration",
                 "aspect_ratio", "sound", "callback_url", "external_task_id"}
FIELDS = {
    "text2video": COMMON_FIELDS | {"multi_shot", "shot_type", "multi_prompt"},
    "image2video": (COMMON_FIELDS - {"aspect_ratio"}) | {"image", "image_tail", "static_mask", "dynamic_masks"},
}


@cache
def table() -> dict:
    return load_table("backends/kling.yaml")


def _text(body: dict, name: str, limit: int, required: bool = False) -> None:
    value = body.get(name)
    if value is None:
        if required:
            raise InputError(name, "is required")
        return
    if not isinstance(value, str):
        raise InputError(name, f"must be a string, not {type(value).__name__}")
    if required and not value.strip():
        raise InputError(name, "must not be empty")
    if len(value) > limit:
        raise InputError(name, f"is {len(value)} characters; Kling takes at most {limit}")


def _one_of(body: dict, name: str, allowed) -> None:
    if name in body and body[name] not in allowed:
        raise InputError(name, f"{body[name]!r} is not one of {', '.join(map(str, allowed))}")


def _camera_control(camera: dict, model: dict) -> None:
    t = table()
    if not model["camera_control"]:
        raise InputError("camera_control", "this model does not take camera_control (kling-v1 does)")
    if not isinstance(camera, dict) or set(camera) - {"type", "config"}:
        raise InputError("camera_control", "must be {type, config}")
    kind = camera.get("type")
    if kind not in t["camera_types"]:
        raise InputError("camera_control.type", f"{kind!r} is not one of {', '.join(t['camera_types'])}")
    config = camera.get("config")
    if kind != "simple":
        if config is not None:
            raise InputError("camera_control.config", f"must be absent for the preset type {kind!r}")
        return
    if not isinstance(config, dict) or set(config) - set(t["camera_axes"]):
        raise InputError("camera_control.config", f"must hold only {', '.join(t['camera_axes'])}")
    low, high = t["limits"]["camera_config"]
    for axis, value in config.items():
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not low <= value <= high:
            raise InputError(f"camera_control.config.{axis}", f"{value!r} is not a number in [{low:g}, {high:g}]")
    moving = [axis for axis, value in config.items() if value != 0]
    if len(moving) != 1:
        raise InputError("camera_control.config", f"type 'simple' needs exactly one non-zero axis (got {len(moving)})")


def _multi_shot(body: dict, model: dict) -> None:
    t = table()["limits"]
    if not model["multi_shot"]:
        raise InputError("multi_shot", f"{body['model_name']} does not take multi-shot requests")
    if "camera_control" in body:
        raise InputError("camera_control", "cannot be combined with multi_shot")
    if body.get("shot_type", "customize") != "customize":
        raise InputError("shot_type", "only 'customize' carries per-shot prompts")
    shots = body.get("multi_prompt")
    low, high = t["multi_shot_shots"]
    if not isinstance(shots, list) or not low <= len(shots) <= high:
        raise InputError("multi_prompt", f"needs {low}–{high} shots")
    total = 0
    for i, shot in enumerate(shots):
        if not isinstance(shot, dict) or set(shot) != {"index", "prompt", "duration"}:
            raise InputError(f"multi_prompt[{i}]", "must be {index, prompt, duration}")
        if shot["index"] != i + 1:
            raise InputError(f"multi_prompt[{i}].index", f"must be {i + 1}")
        _text(shot, "prompt", t["prompt_chars"], required=True)
        if not (isinstance(shot["duration"], str) and shot["duration"].isdigit() and int(shot["duration"]) >= 1):
            raise InputError(f"multi_prompt[{i}].duration", f"{shot['duration']!r} is not a whole number of seconds")
        total += int(shot["duration"])
    if str(total) != body.get("duration"):
        raise InputError("duration", f"must equal the shots' total, {total} s (got {body.get('duration')!r})")


def _trajectory(points, where: str) -> None:
    low, high = table()["limits"]["trajectory_points"]
    if not isinstance(points, list) or not low <= len(points) <= high:
        raise InputError(where, f"needs {low}–{high} points")
    for k, point in enumerate(points):
        if (not isinstance(point, dict) or set(point) != {"x", "y"}
                or not all(isinstance(point[a], int) and not isinstance(point[a], bool) and point[a] >= 0
                           for a in ("x", "y"))):
            raise InputError(f"{where}[{k}]", "must be {x, y} non-negative integer pixels (origin bottom-left)")


def _motion_brush(body: dict, model: dict) -> None:
    if not model["motion_brush"]:
        raise InputError("dynamic_masks" if "dynamic_masks" in body else "static_mask",
                         f"{body['model_name']} does not take a motion brush (kling-v1 does)")
    masks = body.get("dynamic_masks", [])
    limit = table()["limits"]["dynamic_masks"]
    if not isinstance(masks, list) or len(masks) > limit:
        raise InputError("dynamic_masks", f"at most {limit} masks")
    for i, mask in enumerate(masks):
        if not isinstance(mask, dict) or set(mask) != {"mask", "trajectories"} or not isinstance(mask["mask"], str):
            raise InputError(f"dynamic_masks[{i}]", "must be {mask: PNG base64 or URL, trajectories: [...]}")
        _trajectory(mask["trajectories"], f"dynamic_masks[{i}].trajectories")
    if "static_mask" in body and not isinstance(body["static_mask"], str):
        raise InputError("static_mask", "must be a PNG (base64) or URL")


def validate_request(endpoint: str, body: dict) -> None:
    """Refuse (InputError naming the field) what Kling's API would reject."""
    t = table()
    if endpoint not in ENDPOINTS:
        raise InputError("endpoint", f"{endpoint!r} is not one of {', '.join(ENDPOINTS)}")
    if not isinstance(body, dict):
        raise InputError("request", "must be a JSON object")
    unknown = sorted(set(body) - FIELDS[endpoint])
    if unknown:
        raise InputError(unknown[0], f"is not a field of {endpoint}")
    _one_of(body, "model_name", list(t["models"]))
    model = t["models"][body.get("model_name", "kling-v1")]  # Kling's default model is kling-v1
    if endpoint == "image2video":
        if not isinstance(body.get("image"), str) or not body["image"]:
            raise InputError("image", "is required (base64 or URL)")
        brush = "static_mask" in body or "dynamic_masks" in body
        chosen = [name for name, present in (("image_tail", "image_tail" in body), ("dynamic_masks", brush),
                                             ("camera_control", "camera_control" in body)) if present]
        if len(chosen) > 1:
            raise InputError(chosen[1], f"{' and '.join(chosen)} are mutually exclusive: use one of them")
        if brush:
            _motion_brush(body, model)
    multi = body.get("multi_shot", False)
    _text(body, "prompt", t["limits"]["prompt_chars"], required=endpoint == "text2video" and not multi)
    _text(body, "negative_prompt", t["limits"]["negative_prompt_chars"])
    if "cfg_scale" in body:
        low, high = t["limits"]["cfg_scale"]
        value = body["cfg_scale"]
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not low <= value <= high:
            raise InputError("cfg_scale", f"{value!r} is not a number in [{low:g}, {high:g}]")
    _one_of(body, "mode", t["modes"])
    _one_of(body, "aspect_ratio", list(t["aspect_ratios"]))
    if "sound" in body:
        _one_of(body, "sound", ["on", "off"])
        if body["sound"] == "on" and not model["sound"]:
            raise InputError("sound", f"{body.get('model_name', 'kling-v1')} does not generate sound")
    if "duration" in body and not multi:
        _one_of(body, "duration", [str(d) for d in model["durations"]])
    if not isinstance(multi, bool):
        raise InputError("multi_shot", "must be true or false")
    if multi:
        _multi_shot(body, model)
    elif "multi_prompt" in body:
        raise InputError("multi_prompt", "needs multi_shot: true")
    if "camera_control" in body:
        _camera_control(body["camera_control"], model)
