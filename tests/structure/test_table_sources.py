"""Every number in a shipped YAML table carries its source (DESIGN.md: tables are data, every number sourced).

A mapping holding a number (int or float, not bool) directly or in a list must have a `source` / `sources` key
itself or in an enclosing mapping; a design choice of ours says so in that field ("design value: …").
"""

from __future__ import annotations

from pathlib import Path

import yaml

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "cinemotion"
SOURCE_KEYS = ("source", "sources")


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _holds_number(value) -> bool:
    """A number directly, or inside lists (a curve, a vector); nested mappings answer for themselves."""
    if isinstance(value, list):
        return any(_holds_number(item) for item in value)
    return _is_number(value)


def unsourced(node, path: str = "", covered: bool = False) -> list[str]:
    """Key paths of the mappings under `node` that hold a number without a source in themselves or above."""
    if isinstance(node, list):
        return [hit for i, item in enumerate(node) for hit in unsourced(item, f"{path}[{i}]", covered)]
    if not isinstance(node, dict):
        return []
    covered = covered or any(key in node for key in SOURCE_KEYS)
    own = [] if covered or not any(_holds_number(v) for v in node.values()) else [path or "<top>"]
    return own + [hit for key, value in node.items() for hit in unsourced(value, f"{path}.{key}".lstrip("."), covered)]


def test_the_rule_names_the_unsourced_key_path():
    table = {"walk": {"stride": 1.4, "label": "walk"}, "run": {"source": "Novacheck98", "stride": 2.6},
             "flags": {"loop": True}, "curve": {"points": [[0.5, 1], [1.0, 2]]}}
    assert unsourced(table) == ["walk", "curve"]
    assert unsourced({"source": "design value: ours", "walk": {"stride": 1.4}}) == []


def test_every_number_in_every_table_has_a_source():
    missing = []
    for path in sorted(PACKAGE.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        missing += [f"{path.relative_to(PACKAGE)}: {key}" for key in unsourced(data)]
    assert not missing, f"{len(missing)} tables hold numbers with no source:\n" + "\n".join(missing)
