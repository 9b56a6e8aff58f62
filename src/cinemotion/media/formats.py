"""The published facts of the 2026 generators' inputs (formats.yaml), read once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml


@cache
def formats() -> dict:
    return yaml.safe_load(Path(__file__).with_name("formats.yaml").read_text())
