"""Speech timing, decided once: each spoken line of a shot synthesised in its speaker's voice.

The animate stage calls `speak_lines` before anything moves; the beats (gesture/layer.py), the visemes
(extremities/face.py) and, through `Performance.utterances`, the soundtrack and lip sync all read these
lines, so the mouth, the hands and the sound follow one timing.
"""

from __future__ import annotations

from collections.abc import Sequence

from cinemotion.direct.plan import ShotPlan
from cinemotion.language.voice import synthesize
from cinemotion.motion.performance import SpokenLine
from cinemotion.spec.models import Action


def speaks(action: Action) -> bool:
    """A speak action with a line (a blank line still reaches `synthesize`, which refuses it by name)."""
    return (action.kind == "speak" or action.verb == "speak") and bool(action.text)


def speak_lines(shot: ShotPlan) -> list[SpokenLine]:
    """Every line the shot's actors say, in actor then action order, each synthesised once."""
    return [SpokenLine(actor=actor.id, start_s=action.start_s, text=action.text.strip(),
                       utterance=synthesize(action.text, actor.character.voice))
            for actor in shot.actors for action in actor.actions if speaks(action)]


def line_of(lines: Sequence[SpokenLine], actor_id: str, action: Action) -> SpokenLine | None:
    """The line `action` of `actor_id` says, or None when it says nothing."""
    if not speaks(action):
        return None
    return next((line for line in lines if line.actor == actor_id and line.start_s == action.start_s
                 and line.text == action.text.strip()), None)
