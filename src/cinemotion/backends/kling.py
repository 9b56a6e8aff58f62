"""The Kling backend: the plan compiled into Kling API requests, and a client that runs them.

`compile_requests(plan)` needs no keys (it is what `--dry-run` prints). `KlingClient` signs each
call with a short-lived HS256 JWT made from the access key and secret key, submits, polls the
task through submitted → processing → succeed | failed, downloads the video, and retries 429 and
5xx answers with exponential backoff.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cinemotion.backends.kling_schema import table, validate_request
from cinemotion.backends.kling_v2 import compile_v2, fit, v2, validate_v2
from cinemotion.direct.plan import Plan, ShotPlan
from cinemotion.errors import InputError
from cinemotion.media.atomic import atomic_path
from cinemotion.media.trajectories import brush_tracks, kling_motion_brush
from cinemotion.pipeline import perform_plan
from cinemotion.render.still import render_still

DEFAULT_BASE_URL = "https://api-singapore.klingai.com"
TOKEN_LIFETIME_S = 1800  # protocol: Kling's JWT sample, exp = now + 30 min
CLOCK_SKEW_S = 5  # protocol: Kling's JWT sample, nbf = now − 5 s for the servers' clock skew


# ── requests ────────────────────────────────────────────────────────────────────────────────


def _coached(plan: Plan, shot: ShotPlan) -> tuple[str, list[str]]:
    """The coached prompt and negative terms direct carried on the shot (its text itself when coaching refused it)."""
    if shot.coaching is None:
        return _shot_text(plan, shot), []
    return shot.coaching.prompt, list(shot.coaching.negative)


def _aspect_ratio(width: int, height: int) -> str:
    ratios = table()["aspect_ratios"]
    return min(ratios, key=lambda name: abs(ratios[name] - width / height))


def _duration(seconds: float, allowed: list[int]) -> str:
    """The shortest allowed duration that holds the shot (the longest when none does)."""
    return str(next((d for d in allowed if d >= seconds - 1e-6), allowed[-1]))


def camera_control(shot: ShotPlan) -> dict | None:
    """The shot's main camera move (the longest non-static one) as Kling camera_control, if it has one."""
    mapping = table()["camera_moves"]
    moves = [m for m in shot.camera if m.move in mapping]
    if not moves:
        return None
    move = max(moves, key=lambda m: (m.duration_s or shot.duration_s - m.start_s))
    target = mapping[move.move]
    if "type" in target:
        return {"type": target["type"]}
    low, high = table()["limits"]["camera_config"]
    config = {axis: 0.0 for axis in table()["camera_axes"]}
    config[target["axis"]] = float(min(max(target["value"], low), high))
    return {"type": "simple", "config": config}


def _shot_text(plan: Plan, shot: ShotPlan) -> str:
    source = next((s.prompt for s in plan.storyboard.shots if s.id == shot.shot_id and s.prompt), "")
    return shot.prompt or source


@dataclass
class KlingOptions:
    model: str | None = None  # None: kling-v3, or kling-v1 when the plan needs camera_control / brushes
    mode: str = "std"
    cfg_scale: float = 0.5
    sound: bool = False
    first_frames: dict[str, str] = field(default_factory=dict)  # shot_id → PNG base64 (image2video)
    api: int = 2  # Kling API 2.0 (model in the path); 1: the /v1/videos endpoints for older accounts


def _negative(shot: ShotPlan, coached: list[str]) -> str:
    return fit(", ".join(dict.fromkeys(coached + list(shot.negative))), table()["limits"]["negative_prompt_chars"])


def _shot_request(plan: Plan, shot: ShotPlan, options: KlingOptions, model_name: str, brush: dict) -> tuple[str, dict]:
    t = table()
    model = t["models"][model_name]
    prompt, negative = _coached(plan, shot)
    body: dict = {"model_name": model_name, "prompt": fit(prompt, t["limits"]["prompt_chars"]),
                  "cfg_scale": options.cfg_scale, "mode": options.mode,
                  "duration": _duration(shot.duration_s, model["durations"])}
    if negative or shot.negative:
        body["negative_prompt"] = _negative(shot, negative)
    if model["sound"]:
        body["sound"] = "on" if options.sound else "off"
    camera = camera_control(shot) if model["camera_control"] else None
    if shot.shot_id in options.first_frames:
        body["image"] = options.first_frames[shot.shot_id]
        # image2video takes a motion brush or camera_control, not both: the user's brush wins.
        if brush and model["motion_brush"]:
            body.update(brush)
        elif camera:
            body["camera_control"] = camera
        return "image2video", body
    body["aspect_ratio"] = _aspect_ratio(shot.width, shot.height)
    if camera:
        body["camera_control"] = camera
    return "text2video", body


def _multi_shot_request(plan: Plan, options: KlingOptions, model_name: str) -> tuple[str, dict]:
    t = table()
    durations = [max(1, int(round(s.duration_s))) for s in plan.shots]
    shots, negative = [], []
    for i, (shot, seconds) in enumerate(zip(plan.shots, durations)):
        prompt, coached = _coached(plan, shot)
        shots.append({"index": i + 1, "prompt": fit(prompt, t["limits"]["prompt_chars"]), "duration": str(seconds)})
        negative += coached + list(shot.negative)
    body = {"model_name": model_name, "multi_shot": True, "shot_type": "customize", "multi_prompt": shots,
            "cfg_scale": options.cfg_scale, "mode": options.mode, "duration": str(sum(durations)),
            "aspect_ratio": _aspect_ratio(plan.width, plan.height)}
    if negative:
        body["negative_prompt"] = fit(", ".join(dict.fromkeys(negative)), t["limits"]["negative_prompt_chars"])
    if t["models"][model_name]["sound"]:
        body["sound"] = "on" if options.sound else "off"
    return "text2video", body


def compile_requests(plan: Plan, options: KlingOptions | None = None,
                     brushes: dict[str, dict] | None = None) -> list[dict]:
    """Kling requests for the plan: `{"endpoint": …, "body": …}`, each validated against the schema.

    Several shots become one multi-shot request when the model takes them (2–6 shots, 3–15 s in
    all); otherwise one request per shot. `brushes` maps shot ids to the `static_mask` /
    `dynamic_masks` fields (media.trajectories.kling_motion_brush) for image2video shots.
    """
    options = options or KlingOptions()
    brushes = brushes or {}
    if options.api not in (1, 2):
        raise InputError("--kling-api", f"{options.api!r} is not 1 or 2")
    if options.api == 2:
        texts = []
        for shot in plan.shots:
            prompt, negative = _coached(plan, shot)
            texts.append((prompt, list(dict.fromkeys(negative + list(shot.negative)))))
        return compile_v2(plan, texts, aspect_ratio=_aspect_ratio(plan.width, plan.height),
                          first_frames=options.first_frames, brushes=brushes)
    t = table()
    wants_controls = bool(brushes) or any(camera_control(s) for s in plan.shots)
    model_name = options.model or (t["default_model_with_controls"] if wants_controls else t["default_model"])
    if model_name not in t["models"]:
        raise InputError("--model", f"{model_name!r} is not one of {', '.join(t['models'])}")
    low, high = t["limits"]["multi_shot_shots"]
    shortest, longest = t["limits"]["multi_shot_duration_s"]
    total = sum(max(1, int(round(s.duration_s))) for s in plan.shots)
    if (t["models"][model_name]["multi_shot"] and low <= len(plan.shots) <= high and shortest <= total <= longest
            and not options.first_frames):
        compiled = [_multi_shot_request(plan, options, model_name)]
    else:
        compiled = [_shot_request(plan, s, options, model_name, brushes.get(s.shot_id, {})) for s in plan.shots]
    for endpoint, body in compiled:
        validate_request(endpoint, body)
    return [{"endpoint": endpoint, "body": body} for endpoint, body in compiled]


def brush_inputs(plan: Plan) -> tuple[dict[str, str], dict[str, dict]]:
    """For shots with motion brushes: their first procedural frame (PNG base64) and brush fields.

    Kling's motion brush lives on image2video, so those shots start from our own first frame, and
    the brush masks are drawn on that frame's geometry.
    """
    if not any(shot.motion_brushes for shot in plan.shots):
        return {}, {}
    import io

    import numpy as np
    from PIL import Image


    performances, cameras = perform_plan(plan)
    frames, brushes = {}, {}
    for shot, performance, camera in zip(plan.shots, performances, cameras):
        if not shot.motion_brushes:
            continue
        buffer = io.BytesIO()
        Image.fromarray(np.asarray(render_still(shot, performance, camera, 0))).save(buffer, format="PNG")
        frames[shot.shot_id] = base64.b64encode(buffer.getvalue()).decode("ascii")
        brushes[shot.shot_id] = kling_motion_brush(brush_tracks(shot, performance, camera), camera.width, camera.height)
    return frames, brushes


# ── authentication ──────────────────────────────────────────────────────────────────────────


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def make_token(access_key: str, secret_key: str, now: float | None = None) -> str:
    """Kling's API token: an HS256 JWT with iss = access key, valid from 5 s ago for 30 minutes."""
    now = time.time() if now is None else now
    header = {"alg": "HS256", "typ": "JWT"}
    payload = {"iss": access_key, "exp": int(now) + TOKEN_LIFETIME_S, "nbf": int(now) - CLOCK_SKEW_S}
    signing_input = ".".join(_b64url(json.dumps(part, separators=(",", ":")).encode()) for part in (header, payload))
    signature = hmac.new(secret_key.encode(), signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{_b64url(signature)}"


# ── client ──────────────────────────────────────────────────────────────────────────────────


class KlingError(RuntimeError):
    """Kling refused or failed a task; the message carries Kling's code and reason."""


RETRYABLE = {429, 500, 502, 503, 504}  # protocol: HTTP rate limit and transient server errors


@dataclass
class KlingClient:
    access_key: str
    secret_key: str
    base_url: str = DEFAULT_BASE_URL
    max_retries: int = 5
    backoff_s: float = 1.0
    poll_interval_s: float = 5.0
    timeout_s: float = 900.0
    sleep: Callable[[float], None] = time.sleep

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        """One API call; 429 / 5xx are retried after 1, 2, 4 … × backoff_s; other refusals raise."""
        data = None if body is None else json.dumps(body).encode()
        for attempt in range(self.max_retries + 1):
            request = urllib.request.Request(
                self.base_url.rstrip("/") + path, data=data, method=method,
                headers={"Authorization": f"Bearer {make_token(self.access_key, self.secret_key)}",
                         "Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    answer = json.loads(response.read())
            except urllib.error.HTTPError as error:
                if error.code in RETRYABLE and attempt < self.max_retries:
                    self.sleep(self.backoff_s * 2 ** attempt)
                    continue
                raise KlingError(f"Kling refused {method} {path}: HTTP {error.code} {_reason(error)}") from None
            except urllib.error.URLError as error:
                if attempt < self.max_retries:
                    self.sleep(self.backoff_s * 2 ** attempt)
                    continue
                raise KlingError(f"cannot reach Kling at {self.base_url}: {error.reason}") from None
            if answer.get("code", 0) != 0:
                raise KlingError(f"Kling refused {method} {path}: code {answer.get('code')} {answer.get('message', '')}")
            return answer["data"]
        raise AssertionError("unreachable")

    def submit(self, endpoint: str, body: dict) -> str:
        """Validate and submit a request; returns the task id."""
        if endpoint.startswith("/"):
            return self._submit_v2(endpoint, body)
        validate_request(endpoint, body)
        return self._call("POST", f"/v1/videos/{endpoint}", body)["task_id"]

    def _submit_v2(self, endpoint: str, body: dict) -> str:
        """API 2.0: a task already made for this request's external_task_id is resumed, never paid twice."""
        kind = next(k for k, task in v2()["tasks"].items() if f"/{task}/" in endpoint)
        validate_v2(kind, body)
        external = body["options"]["external_task_id"]
        found = self._call("GET", v2()["lookup_path"].format(external_task_id=external))
        tasks = found.get("tasks", found if isinstance(found, list) else [])
        if tasks:
            return str(tasks[0]["id"])
        return str(self._call("POST", endpoint, body)["id"])

    def status(self, endpoint: str, task_id: str) -> dict:
        if endpoint.startswith("/"):
            return self._call("GET", v2()["tasks_path"].format(task_id=task_id))
        return self._call("GET", f"/v1/videos/{endpoint}/{task_id}")

    def wait(self, endpoint: str, task_id: str) -> dict:
        """Poll until the task succeeds (its data) or fails (KlingError with Kling's reason)."""
        waited = 0.0
        done, failed = ("succeeded", "failed") if endpoint.startswith("/") else ("succeed", "failed")
        while True:
            data = self.status(endpoint, task_id)
            state = data.get("status", data.get("task_status"))
            if state == done:
                return data
            if state == failed:
                reason = data.get("message") or data.get("task_status_msg") or "no reason given"
                raise KlingError(f"Kling task {task_id} failed: {reason}")
            if state not in ("submitted", "processing"):
                raise KlingError(f"Kling task {task_id} is in an unknown state {state!r}")
            if waited >= self.timeout_s:
                raise KlingError(f"Kling task {task_id} still {state} after {self.timeout_s:g} s")
            self.sleep(self.poll_interval_s)
            waited += self.poll_interval_s

    def download(self, url: str, path: str | Path) -> Path:
        with urllib.request.urlopen(url, timeout=300) as response, atomic_path(path) as tmp:
            tmp.write_bytes(response.read())
        return Path(path)

    def run(self, endpoint: str, body: dict, path: str | Path) -> Path:
        """Submit, wait and download the first video of the task to `path`."""
        data = self.wait(endpoint, self.submit(endpoint, body))
        videos = data.get("task_result", data.get("result", {})).get("videos", [])
        if not videos:
            raise KlingError(f"Kling task {data.get('task_id')} succeeded without a video")
        return self.download(videos[0]["url"], path)


def _reason(error: urllib.error.HTTPError) -> str:
    try:
        answer = json.loads(error.read())
        return f"(code {answer.get('code')}): {answer.get('message', '')}"
    except (ValueError, OSError):
        return error.reason or ""
