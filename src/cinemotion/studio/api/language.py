"""The language stage as a service: coach a prompt as it is typed, parse it into a storyboard."""

from __future__ import annotations

import importlib
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import ValidationError

from cinemotion.errors import InputError

from cinemotion.studio import models as m
from cinemotion.studio.deps import account
from cinemotion.studio.schemas import TextIn

router = APIRouter(prefix="/api", tags=["language"])
User = Annotated[m.User, Depends(account)]


def language(request: Request):
    """The language module (cinemotion.language unless the settings name another)."""
    try:
        return importlib.import_module(request.app.state.settings.language)
    except ImportError as err:
        raise HTTPException(503, f"the language stage is not available: {err}") from None


def understood(function, text: str, field: str = "text"):
    """`function(text)` of the language stage; a storyboard it builds but the spec refuses (say, a
    camera move shorter than a frame) is the prompt's fault: a 422 naming the text, not a 500."""
    try:
        return function(text)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(field, f"the prompt leads to an invalid {where or 'storyboard'}: "
                                 f"{first['msg'].removeprefix('Value error, ')}") from None


def parse_prompt(request: Request, text: str, field: str = "text") -> dict:
    """The storyboard a prompt describes, as JSON data."""
    storyboard = understood(language(request).parse, text, field)
    if not hasattr(storyboard, "model_dump"):
        raise HTTPException(503, "the language stage gave no storyboard")
    return storyboard.model_dump(mode="json")


@router.post("/coach")
def coach(body: TextIn, request: Request, user: User) -> dict:
    """Diagnostics (code, message, suggestion), the enriched prompt, a negative prompt, an intensity."""
    advice = understood(language(request).coach, body.text)
    if not hasattr(advice, "model_dump"):
        raise HTTPException(503, "the language stage gave no advice")
    return advice.model_dump(mode="json")


@router.post("/parse")
def parse(body: TextIn, request: Request, user: User) -> dict:
    """The storyboard the prompt describes (spec.Storyboard as JSON)."""
    return parse_prompt(request, body.text)
