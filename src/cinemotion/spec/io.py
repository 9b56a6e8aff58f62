"""Load and save storyboards (YAML or JSON); errors name the field that is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from pydantic import ValidationError

from cinemotion.errors import InputError
from cinemotion.spec.models import Storyboard


def _describe(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "storyboard"
    msg = first["msg"].removeprefix("Value error, ")
    return f"{where}: {msg}"


def storyboard_from_dict(data: object) -> Storyboard:
    if not isinstance(data, dict):
        raise InputError("storyboard", "must be a mapping with a 'shots' list")
    try:
        return Storyboard.model_validate(data)
    except ValidationError as err:
        raise InputError("storyboard", _describe(err)) from None


def load_storyboard(path: str | Path) -> Storyboard:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError("file", f"cannot read {path}: {err}") from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as err:
        raise InputError("file", f"{path} is not valid {'JSON' if path.suffix == '.json' else 'YAML'}: "
                         f"{str(err).splitlines()[0]}") from None
    return storyboard_from_dict(data)


def dump_storyboard(storyboard: Storyboard, fmt: str = "json") -> str:
    data = storyboard.model_dump(mode="json")
    if fmt == "yaml":
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return json.dumps(data, indent=2, ensure_ascii=False)


def storyboard_schema() -> dict:
    return Storyboard.model_json_schema()
