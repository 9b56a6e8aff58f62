"""Load and save storyboards (YAML or JSON); errors name the field that is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from pydantic import ValidationError

from cinemotion.errors import InputError
from cinemotion.spec.limits import MAX_NESTING_DEPTH, MAX_STORYBOARD_BYTES, check_document
from cinemotion.spec.models import Storyboard


def _describe(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "storyboard"
    msg = first["msg"].removeprefix("Value error, ")
    return f"{where}: {msg}"


def storyboard_from_dict(data: object) -> Storyboard:
    """A Storyboard from an untrusted decoded document (a file, a studio request), or InputError."""
    if not isinstance(data, dict):
        raise InputError("storyboard", "must be a mapping with a 'shots' list")
    check_document(data)
    try:
        return Storyboard.model_validate(data)
    except ValidationError as err:
        raise InputError("storyboard", _describe(err)) from None


def load_storyboard(path: str | Path) -> Storyboard:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_STORYBOARD_BYTES:
            raise InputError("file", f"{path} is {path.stat().st_size} bytes, more than the "
                                     f"{MAX_STORYBOARD_BYTES} a storyboard may have")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise InputError("file", f"{path} is not UTF-8 text (byte {err.start})") from None
    except OSError as err:
        raise InputError("file", f"cannot read {path}: {err.strerror or err}") from None
    return storyboard_from_dict(decode_document(text, "json" if path.suffix.lower() == ".json" else "yaml",
                                                name=str(path)))


def decode_document(text: str, fmt: str, *, name: str = "storyboard") -> object:
    """JSON or YAML text → plain data; a document nested past the limit is refused, not recursed into."""
    kind = "JSON" if fmt == "json" else "YAML"
    try:
        return json.loads(text) if fmt == "json" else yaml.safe_load(text)
    except (yaml.YAMLError, ValueError) as err:  # ValueError: also an integer of more than 4300 digits
        raise InputError("file", f"{name} is not valid {kind}: {str(err).splitlines()[0]}") from None
    except RecursionError:
        raise InputError("storyboard", f"{name} is nested more than {MAX_NESTING_DEPTH} levels deep") from None


def dump_storyboard(storyboard: Storyboard, fmt: str = "json") -> str:
    data = storyboard.model_dump(mode="json")
    if fmt == "yaml":
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return json.dumps(data, indent=2, ensure_ascii=False)


def storyboard_schema() -> dict:
    return Storyboard.model_json_schema()
