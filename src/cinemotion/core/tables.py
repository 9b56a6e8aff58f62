"""The one reader of the YAML tables that sit beside the code using them (DESIGN.md: tables are data).

`load_table("render/lighting.yaml")` reads a file under the cinemotion package once per process and returns
the parsed data; with a pydantic `model` the data is validated (and returned as that model), so a malformed
table fails at load naming its file and field, not deep inside a stage. Callers must not mutate the result:
it is shared by every caller of the same table.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

PACKAGE = Path(__file__).resolve().parent.parent
Model = TypeVar("Model", bound=BaseModel)
Value = TypeVar("Value")


class Figure(BaseModel, Generic[Value]):
    """One number (or vector) of a stage and where it comes from: a paper, a standard, a command in this repo,
    or "tuned: <what was looked at>" (notes/CONTRACTS.md: which numbers are figures and which stay in code)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    value: Value
    source: str = Field(min_length=8)


class Figures(BaseModel):
    """A module's figures table (`name: {value, source}` each): an unknown or missing name fails at load."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class TableError(ValueError):
    """A shipped table that does not match its model: a bug in the data, named by file and field."""


# libyaml's safe loader where PyYAML has it: every CLI call and render worker parses the tables (measured over
# the package's 47 YAML files: 4.37 s pure-Python, 0.56 s with libyaml, the same data)
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _parsed(relative_path: str) -> Any:
    return yaml.load((PACKAGE / relative_path).read_text(encoding="utf-8"), Loader=YAML_LOADER)


@cache
def _validated(relative_path: str, model: type[Model]) -> Model:
    try:
        return model.model_validate(_parsed(relative_path))
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "<top>"
        raise TableError(f"{relative_path}: {field}: {first['msg']}") from err


def load_table(relative_path: str, model: type[Model] | None = None) -> Any:
    """The table at `relative_path` (relative to the cinemotion package), parsed once; validated by `model`."""
    if model is None:
        return _parsed(relative_path)
    return _validated(relative_path, model)
