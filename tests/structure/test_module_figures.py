"""No unsourced world numbers in stage modules (notes/CONTRACTS.md, "Figures and constants").

A module-level assignment whose value holds a number literal (alone, in arithmetic, a tuple, a list, a dict or a
call such as np.array) is a figure, and figures live in the YAML table beside the module with their sources. The
only numbers that may stay in code are software limits and formats (kind b), named in ALLOWED below with why.
Numbers used as an index (`table["rows"][0]`) are layout and are not counted.

The scan covers the packages and modules in COVERED, the ones whose figures have been moved so far.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "cinemotion"

# packages (a trailing "/": every module below) and single modules whose module-level numbers are checked
COVERED = (
    "motion/transfer/video_pose.py", "motion/locomotion/gait_swing.py", "body/rig.py", "audio/loudness.py",
    "quality/gait.py", "body/contacts.py", "direct/footholds.py",
)

# kind (b): software limits and formats that stay in code, "module:NAME" → why the value is what it is
ALLOWED = {
    "motion/transfer/video_pose.py:MAX_VIDEO_BYTES": "input limit: refuse before decoding",
    "motion/transfer/video_pose.py:MAX_PIXELS": "input limit: 4K UHD frames",
    "motion/transfer/video_pose.py:BLAZEPOSE": "format: BlazePose's 33-landmark indices",
    "motion/locomotion/gait_swing.py:SWING_KEYS": "layout: the swing curves' five keys in body/gaits.yaml",
    "motion/locomotion/gait_swing.py:UP": "convention: Y up",
}


def _numbers(node: ast.AST) -> list[float]:
    """The number literals in an expression, leaving out subscripts' indices."""
    found: list[float] = []

    class Numbers(ast.NodeVisitor):
        def visit_Subscript(self, subscript: ast.Subscript) -> None:
            self.visit(subscript.value)

        def visit_Constant(self, constant: ast.Constant) -> None:
            if isinstance(constant.value, int | float) and not isinstance(constant.value, bool):
                found.append(constant.value)

    Numbers().visit(node)
    return found


def numeric_constants(source: str) -> list[tuple[str, int]]:
    """(name, line) of each module-level assignment whose value holds a number literal."""
    hits = []
    for statement in ast.parse(source).body:
        if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names = [name.id for target in targets for name in ast.walk(target) if isinstance(name, ast.Name)]
            if names and _numbers(statement.value):
                hits.append((names[0], statement.lineno))
    return hits


def _covered_modules() -> list[Path]:
    modules = []
    for entry in COVERED:
        modules += sorted((PACKAGE / entry).rglob("*.py")) if entry.endswith("/") else [PACKAGE / entry]
    return modules


def test_the_scan_finds_figures_in_any_expression_and_skips_indices():
    source = ("SPEED = 1.4\nLEAN = np.radians(35)\nBOX = (0.4, 0.3)\nRATES = {'slow': 0.7}\nLIMIT = 5 * 1024\n"
              "LOW, HIGH = 0.1, 2.0\nFIRST = TABLE['rows'][0]\nNAME = 'walk'\nFLAG = True\nFIGURE = FIGURES.speed.value\n"
              "def f():\n    local = 3\n")
    assert [name for name, _ in numeric_constants(source)] == ["SPEED", "LEAN", "BOX", "RATES", "LIMIT", "LOW"]


def test_covered_modules_hold_no_figures_outside_their_tables():
    found = [f"{path.relative_to(PACKAGE)}:{name} (line {line})" for path in _covered_modules()
             for name, line in numeric_constants(path.read_text(encoding="utf-8"))]
    figures = [hit for hit in found if hit.split(" ")[0] not in ALLOWED]
    assert not figures, (f"{len(figures)} module-level numbers are figures: move them into the module's YAML "
                         "table with a source, or (a software limit or format) into ALLOWED saying why:\n"
                         + "\n".join(figures))


def test_every_allowed_constant_still_exists_in_a_covered_module():
    covered = {f"{path.relative_to(PACKAGE)}:{name}" for path in _covered_modules()
               for name, _ in numeric_constants(path.read_text(encoding="utf-8"))}
    stale = sorted(set(ALLOWED) - covered)
    assert not stale, f"ALLOWED names no numeric constant of a covered module: {stale}"
