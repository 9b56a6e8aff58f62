"""The published facts of the 2026 generators' inputs (formats.yaml), read once."""

from __future__ import annotations

from functools import cache

from cinemotion.core.tables import load_table



@cache
def formats() -> dict:
    return load_table("media/formats.yaml")
