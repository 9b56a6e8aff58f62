"""A stand-in for cinemotion.language (parse, coach) used by studio tests only while the real
language stage is not importable; it follows the contract in notes/CONTRACTS.md."""

from __future__ import annotations

from pydantic import BaseModel

from cinemotion.spec import Storyboard


class Diagnostic(BaseModel):
    code: str
    message: str
    suggestion: str = ""


class Advice(BaseModel):
    diagnostics: list[Diagnostic]
    enriched_prompt: str
    negative_prompt: str
    recommended_intensity: int


CAMERA_WORDS = ("shot", "tracking", "pan", "dolly", "close-up", "camera")


def coach(text: str) -> Advice:
    diagnostics = []
    if not any(word in text.lower() for word in CAMERA_WORDS):
        diagnostics.append(Diagnostic(code="no_camera", message="The prompt does not say how it is filmed.",
                                      suggestion="add a shot type and a camera move, e.g. 'tracking shot'"))
    return Advice(diagnostics=diagnostics, enriched_prompt=text.strip() + ", natural motion",
                  negative_prompt="jitter, foot sliding", recommended_intensity=5)


def parse(text: str) -> Storyboard:
    return Storyboard.model_validate({"title": text[:40], "fps": 12, "width": 160, "height": 90,
                                      "shots": [{"prompt": text, "duration_s": 1.0}]})
