"""Real performances for the human-body tests, made by the pipeline's own stages (cached per session)."""

from __future__ import annotations

from functools import cache

from cinemotion.language import complete
from cinemotion.direct import direct
from cinemotion.language import parse
from cinemotion.pipeline import perform_plan
from cinemotion.spec.models import Action, Actor, Shot, Storyboard


@cache
def performed(prompt: str):
    """(plan, performances, cameras) for a prompt."""
    plan = direct(parse(prompt))
    performances, cameras = perform_plan(plan)
    return plan, performances, cameras


@cache
def smile_then_speak():
    """A close-up: 1.5 s of a joyful smile, then a spoken line, neutral."""
    line = "Hello there, how are you doing today?"
    actor = Actor(id="mara", actions=[Action(kind="idle", verb="idle", emotion="joy", start_s=0.0, end_s=1.5),
                                      Action(kind="speak", verb="speak", text=line, start_s=1.5, end_s=4.0)])
    board = Storyboard(width=160, height=90, shots=[Shot(duration_s=4.0, shot_type="close_up", actors=[actor])])
    plan = direct(complete(board))
    performances, cameras = perform_plan(plan)
    return plan, performances, cameras
