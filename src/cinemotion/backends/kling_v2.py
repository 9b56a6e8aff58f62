"""Kling API 2.0: the plan compiled into `{endpoint, body}` requests with the model in the path.

A body is `contents` (the prompt as text, our first frames or reference video as media), `settings` (resolution,
aspect ratio, duration, negative prompt) and `options` (`external_task_id`, the request's idempotency key: the same
plan and seed always give the same id, so a resubmitted request finds its task instead of paying twice).
Kling 3.0 Turbo writes several shots inside one prompt ("Shot 1, 3, …; Shot 2, 2, …;"), up to six.
"""

from __future__ import annotations

import hashlib
import json

from cinemotion.backends.kling_schema import table
from cinemotion.direct.plan import Plan
from cinemotion.errors import InputError


def v2() -> dict:
    return table()["v2"]


def endpoint(kind: str) -> str:
    t = v2()
    return f"{t['endpoint_prefix']}/{t['tasks'][kind]}/{t['models'][kind]}"


def fit(text: str, limit: int) -> str:
    """Cut at the last word boundary that fits the limit."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",; ")


def resolution(height: int) -> str:
    return "1080p" if min(height, 1080) >= 1080 else "720p"


def external_task_id(body: dict) -> str:
    """A stable id of what is asked (options excluded), so a retried submission is recognised."""
    asked = {k: v for k, v in body.items() if k != "options"}
    return "cinemotion-" + hashlib.sha256(json.dumps(asked, sort_keys=True).encode()).hexdigest()[:32]


def multi_shot_prompt(shots: list[tuple[int, str]]) -> str:
    """Kling 3.0 Turbo's multi-shot grammar: "Shot n, m, words;" per shot, separated by half-width symbols."""
    limit = v2()["shot_words_chars"]
    return " ".join(f"Shot {i + 1}, {seconds}, {fit(words.replace(';', ','), limit)};"
                    for i, (seconds, words) in enumerate(shots))


def _settings(height: int, seconds: int, negative: str, aspect_ratio: str) -> dict:
    settings = {"resolution": resolution(height), "aspect_ratio": aspect_ratio, "duration": seconds}
    if negative:
        settings["negative_prompt"] = fit(negative, table()["limits"]["negative_prompt_chars"])
    return settings


def _request(kind: str, text: str, settings: dict, media: list[dict]) -> dict:
    body = {"contents": [{"type": "text", "text": text}, *media], "settings": settings}
    body["options"] = {"external_task_id": external_task_id(body)}
    validate_v2(kind, body)
    return {"endpoint": endpoint(kind), "body": body}


def compile_v2(plan: Plan, shot_texts: list[tuple[str, list[str]]], *, aspect_ratio: str,
               first_frames: dict[str, str] | None = None, brushes: dict | None = None) -> list[dict]:
    """API 2.0 requests for the plan; `shot_texts` holds each shot's coached prompt and negative terms."""
    if brushes:
        raise InputError("--kling-api", "motion brushes are a kling-v1 image2video feature: use --kling-api 1")
    first_frames = first_frames or {}
    t = v2()
    seconds = [max(1, int(round(s.duration_s))) for s in plan.shots]
    shortest, longest = t["duration_s"]
    negative = ", ".join(dict.fromkeys(w for _, terms in shot_texts for w in terms))
    if len(plan.shots) <= t["shots"][1] and shortest <= sum(seconds) <= longest and len(plan.shots) > 1:
        text = multi_shot_prompt([(s, words) for s, (words, _) in zip(seconds, shot_texts)])
        first = first_frames.get(plan.shots[0].shot_id)
        media = [{"type": "image", "image": first}] if first else []
        kind = "image" if first else "text"
        return [_request(kind, text, _settings(plan.height, sum(seconds), negative, aspect_ratio), media)]
    requests = []
    for shot, length, (words, terms) in zip(plan.shots, seconds, shot_texts):
        if length > longest:
            raise InputError(f"shots[{shot.shot_id}].duration_s",
                             f"{shot.duration_s:g} s is longer than the {longest} s Kling 3.0 generates in one task")
        first = first_frames.get(shot.shot_id)
        media = [{"type": "image", "image": first}] if first else []
        requests.append(_request("image" if first else "text", words,
                                 _settings(shot.height, max(length, shortest), ", ".join(terms),
                                           aspect_ratio), media))
    return requests


def validate_v2(kind: str, body: dict) -> None:
    """Refuse, naming the field, what Kling API 2.0 would reject."""
    t = v2()
    if set(body) - {"contents", "settings", "options"}:
        extra = sorted(set(body) - {"contents", "settings", "options"})[0]
        raise InputError(extra, "is not an API 2.0 field (the body is contents, settings and options)")
    texts = [c for c in body.get("contents", []) if c.get("type") == "text"]
    if len(texts) != 1 or not str(texts[0].get("text", "")).strip():
        raise InputError("contents", "needs exactly one non-empty text item, the prompt")
    text = texts[0]["text"]
    if len(text) > t["prompt_chars"]:
        raise InputError("contents[text]", f"is {len(text)} characters; Kling takes at most {t['prompt_chars']}")
    shots = text.count("Shot ") if text.startswith("Shot 1,") else 1
    if not t["shots"][0] <= shots <= t["shots"][1]:
        raise InputError("contents[text]", f"has {shots} shots; Kling 3.0 Turbo takes at most {t['shots'][1]}")
    settings = body.get("settings", {})
    if kind == "motion_control":
        _motion_control_settings(body, settings)
        return
    if settings.get("resolution") not in t["resolutions"]:
        raise InputError("settings.resolution", f"{settings.get('resolution')!r} is not one of 720p, 1080p")
    if settings.get("aspect_ratio") not in table()["aspect_ratios"]:
        raise InputError("settings.aspect_ratio", f"{settings.get('aspect_ratio')!r} is not one of "
                         + ", ".join(table()["aspect_ratios"]))
    low, high = t["duration_s"]
    duration = settings.get("duration")
    if not (isinstance(duration, int) and low <= duration <= high):
        raise InputError("settings.duration", f"{duration!r} is not a whole number of seconds from {low} to {high}")
    has_image = any(c.get("type") == "image" for c in body["contents"])
    if kind == "image" and not has_image:
        raise InputError("contents", "image-to-video needs an image item")
    _idempotent(body)


def _idempotent(body: dict) -> None:
    if not str(body.get("options", {}).get("external_task_id", "")):
        raise InputError("options.external_task_id", "is required (the idempotency key)")


def _motion_control_settings(body: dict, settings: dict) -> None:
    kinds = [c.get("type") for c in body["contents"]]
    if kinds.count("video") != 1 or kinds.count("image") != 1:
        raise InputError("contents", "motion control takes one character image and one reference video")
    if settings.get("character_orientation") not in ("image", "video"):
        raise InputError("settings.character_orientation", f"{settings.get('character_orientation')!r} is not "
                         "image or video")
    if settings.get("mode", "std") not in table()["modes"]:
        raise InputError("settings.mode", f"{settings.get('mode')!r} is not one of {', '.join(table()['modes'])}")
    _idempotent(body)
