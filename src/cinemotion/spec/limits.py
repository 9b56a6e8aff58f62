"""How much a request may ask for, checked before any work starts; each limit a named constant.

A storyboard arrives as untrusted text (a file, a studio request): before it is validated into models it is
measured here (its size, its nesting, its size once YAML aliases are expanded, that every number is finite and
every string is real text), so nothing downstream is asked to allocate or loop on what a document claims.
"""

from __future__ import annotations

import math
import re

from cinemotion.errors import InputError

# A real 64-shot storyboard with long prompts and characters is ~150 kB of YAML; 2 MB is far beyond any.
MAX_STORYBOARD_BYTES = 2_000_000
# Values (mappings, lists, scalars) once YAML aliases are expanded: 64 shots × 8 actors × 64 actions with their
# fields is ~400k; the 109 kB alias bomb of issue 19 expands to ~10⁹.
MAX_DOCUMENT_VALUES = 500_000
# The deepest real field, shots[i].motion_brushes[j].path[k][n], sits 7 levels down.
MAX_NESTING_DEPTH = 24
# Any number a storyboard holds: the largest meaningful ones are seeds (< 2³²); metres and seconds are far below.
MAX_ABS_NUMBER = 2.0 ** 32
MAX_SEED = 2 ** 32 - 1  # numpy SeedSequence entropy is taken as 32-bit words; one word keeps seeds portable
# An actor performs at most one action every ~0.25 s over the 15 s generation limit (DESIGN.md).
MAX_ACTIONS_PER_ACTOR = 64
MAX_ACTIONS_PER_STORYBOARD = 1024  # 64 shots × 8 actors × 2 actions on average
MAX_CHARACTERS = 64  # input limit: character descriptions in one storyboard
MAX_PROMPT_CHARS = 20_000  # the guide's longest example prompt is ~600 characters
# time_scale: 0.1 is 10× slow motion (240 fps footage played at 24); 4× is the fastest "quick" motion.
MIN_TIME_SCALE, MAX_TIME_SCALE = 0.1, 4.0

_TERMINAL_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _not_text(value: str) -> str | None:
    """Why `value` is not real text (a lone surrogate: invalid UTF-8 from the command line or a bad \\u escape)."""
    bad = _SURROGATE.search(value)
    if bad is None:
        return None
    code = ord(bad.group())
    if 0xDC80 <= code <= 0xDCFF:  # how Python carries an undecodable byte of argv
        return f"is not valid UTF-8 (byte 0x{code - 0xDC00:02x} at character {bad.start()})"
    return f"holds a lone UTF-16 surrogate \\u{code:04x} at character {bad.start()}"


def clean_prompt(text: str, field: str = "prompt") -> str:
    """The prompt as plain text: refused if it is not text or too long; terminal escapes and control
    characters (a pasted ESC[31m colour code) are removed, so they are never read as words or numbers."""
    reason = _not_text(text)
    if reason:
        raise InputError(field, reason)
    if len(text) > MAX_PROMPT_CHARS:
        raise InputError(field, f"is {len(text)} characters long, more than the {MAX_PROMPT_CHARS} allowed")
    return _CONTROL.sub(" ", _TERMINAL_ESCAPE.sub(" ", text))


def check_document(data: object) -> None:
    """Refuse a decoded storyboard document that is too deep, too large once expanded, or holds a
    non-finite or huge number or a string that is not text; `InputError` names the path of the value."""
    sizes: dict[int, int] = {}  # id of a container → its expanded size (YAML aliases share one object)

    def walk(value: object, path: str, depth: int) -> int:
        if depth > MAX_NESTING_DEPTH:
            raise InputError("storyboard", f"is nested more than {MAX_NESTING_DEPTH} levels deep at {path}")
        if isinstance(value, bool) or value is None:
            return 1
        if isinstance(value, (int, float)):
            if isinstance(value, float) and not math.isfinite(value):
                raise InputError(path, f"must be a finite number (got {value})")
            if abs(value) > MAX_ABS_NUMBER:
                raise InputError(path, f"{value} is larger in magnitude than {MAX_ABS_NUMBER:.0f}")
            return 1
        if isinstance(value, str):
            reason = _not_text(value)
            if reason:
                raise InputError(path, reason)
            return 1
        if id(value) in sizes:
            return sizes[id(value)]
        if isinstance(value, dict):
            items = [(f"{path}.{key}" if isinstance(key, str) and key.isidentifier() else f"{path}[{key!r}]",
                      key, item) for key, item in value.items()]
        elif isinstance(value, list):
            items = [(f"{path}[{i}]", None, item) for i, item in enumerate(value)]
        else:
            raise InputError(path, f"holds a {type(value).__name__}, which a storyboard cannot")
        total = 1
        for where, key, item in items:
            if key is not None:
                total += walk(key, where, depth + 1)
            total += walk(item, where, depth + 1)
            if total > MAX_DOCUMENT_VALUES:
                raise InputError("storyboard", f"expands to more than {MAX_DOCUMENT_VALUES} values "
                                               "(YAML aliases included)")
        sizes[id(value)] = total
        return total

    walk(data, "storyboard", 0)


__all__ = ["MAX_ABS_NUMBER", "MAX_ACTIONS_PER_ACTOR", "MAX_ACTIONS_PER_STORYBOARD", "MAX_CHARACTERS",
           "MAX_DOCUMENT_VALUES", "MAX_NESTING_DEPTH", "MAX_PROMPT_CHARS", "MAX_SEED", "MAX_STORYBOARD_BYTES",
           "MAX_TIME_SCALE", "MIN_TIME_SCALE", "check_document", "clean_prompt"]
