"""Kling Motion Control 3.0's reference video, made to its rules, and the request that uses it.

Motion Control wants one person, full body in view, one continuous take with no cuts, a locked camera, 3–30 s,
each side 340–3,850 px. A storyboard becomes exactly that: its lead actor's actions on one clock across every
shot, filmed full body by a static camera; whatever had to change to fit is written in the notes.
"""

from __future__ import annotations

import json
from pathlib import Path

import av
from PIL import Image

from cinemotion.backends.kling_v2 import endpoint, external_task_id, validate_v2
from cinemotion.errors import InputError
from cinemotion.media.formats import formats
from cinemotion.pipeline import RenderOptions, render_storyboard
from cinemotion.spec import Action, Actor, CameraMove, Shot, Storyboard


def clamped_size(width: int, height: int) -> tuple[int, int]:
    """The size scaled (aspect kept) until each side is strictly inside Motion Control's 340–3850 px, even."""
    low, high = formats()["kling_motion_control"]["side_px"]
    low, high = low + 2, min(high - 2, 3840)  # even sides strictly inside; 3840 is our own render limit
    scale = min(max(low / min(width, height), 1.0), high / max(width, height))
    return tuple(min(max(int(round(v * scale / 2)) * 2, low), high) for v in (width, height))


def _shifted(action: Action, offset: float, shot_end: float) -> Action:
    end = action.end_s if action.end_s is not None else shot_end
    return action.model_copy(update={"start_s": action.start_s + offset, "end_s": end + offset})


def reference_storyboard(storyboard: Storyboard) -> Storyboard:
    """One continuous, locked, full-body take of the lead actor, 3–30 s, at a size Motion Control takes."""
    limits = formats()["kling_motion_control"]
    lead = next((a for s in storyboard.shots for a in s.actors), None)
    if lead is None:
        raise InputError("kling-motion-control", "the plan has no one in it: Motion Control follows one person")
    notes, actions, offset = [], [], 0.0
    others = sorted({a.id for s in storyboard.shots for a in s.actors} - {lead.id})
    if others:
        notes.append(f"Motion Control follows one person: {', '.join(others)} left out of the reference video")
    if len(storyboard.shots) > 1:
        notes.append(f"{len(storyboard.shots)} shots joined into one continuous take (Motion Control takes no cuts)")
    for shot in storyboard.shots:
        for actor in shot.actors:
            if actor.id == lead.id:
                actions += [_shifted(a, offset, shot.duration_s) for a in actor.actions]
        offset += shot.duration_s
    shortest, longest = limits["duration_s"]
    duration = min(max(offset, shortest), longest)
    if duration != offset:
        notes.append(f"{offset:g} s {'held to' if duration > offset else 'cut to'} {duration:g} s "
                     f"(Motion Control takes {shortest}–{longest} s)")
        actions = [a.model_copy(update={"end_s": min(a.end_s, duration)}) for a in actions if a.start_s < duration]
    first = storyboard.shots[0]
    if any(m.move != "static" for s in storyboard.shots for m in s.camera):
        notes.append("camera locked off (Motion Control wants a static camera); the moves stay in the prompt")
    if any(s.time_scale != 1.0 for s in storyboard.shots):
        notes.append("filmed in real time: the generator applies the speed, the reference keeps natural timing")
    width, height = clamped_size(storyboard.width, storyboard.height)
    if (width, height) != (storyboard.width, storyboard.height):
        notes.append(f"size {storyboard.width}x{storyboard.height} → {width}x{height} (each side 340–3850 px)")
    shot = Shot(id="reference", prompt=first.prompt, duration_s=duration, shot_type="full_body", angle="eye_level",
                camera=[CameraMove(move="static")], time_scale=1.0, intensity=first.intensity,
                actors=[Actor(id=lead.id, description=lead.description, character=lead.character, actions=actions)],
                environment=first.environment, look=first.look, negative=first.negative, notes=notes)
    return Storyboard.model_validate({**storyboard.model_dump(), "width": width, "height": height,
                                      "shots": [shot.model_dump()]})


def motion_control_request(prompt: str, negative: list[str], *, mode: str = "std") -> dict:
    """The Motion Control 3.0 task for the files beside it (uploaded by the client: local paths here)."""
    body = {"contents": [{"type": "text", "text": prompt or "the character performs the reference motion"},
                         {"type": "image", "image": "character.png"},
                         {"type": "video", "video": "reference.mp4"}],
            "settings": {"character_orientation": "video", "keep_original_sound": False, "mode": mode}}
    if negative:
        body["settings"]["negative_prompt"] = ", ".join(negative)
    body["options"] = {"external_task_id": external_task_id(body)}
    validate_v2("motion_control", body)
    return {"endpoint": endpoint("motion_control"), "body": body}


def write_kling_motion_control(storyboard: Storyboard, out: Path, *, element: bool = False) -> dict:
    """reference.mp4 (+ reference.cinemotion/), character.png, request.json and, if asked, element.json."""
    reference = reference_storyboard(storyboard)
    result = render_storyboard(reference, out / "reference.mp4", options=RenderOptions(controls=False))
    _first_frame(result.video).save(out / "character.png")
    shot = reference.shots[0]
    request = motion_control_request(shot.prompt, shot.negative)
    (out / "request.json").write_text(json.dumps(request, indent=2))
    actor = shot.actors[0]
    if element:
        (out / "element.json").write_text(json.dumps({
            "name": actor.id, "description": actor.description or actor.id,
            "images": ["character.png"], "note": "a Kling element (reference images of the character) to bind "
                                                 "to the Motion Control task for a stable identity"}, indent=2))
    return {"model": "kling-3.0 motion control", "endpoint": request["endpoint"], "actor": actor.id,
            "duration_s": shot.duration_s, "size": [reference.width, reference.height], "notes": shot.notes}


def _first_frame(video: Path) -> Image.Image:
    with av.open(str(video)) as container:
        return next(container.decode(video=0)).to_image()
