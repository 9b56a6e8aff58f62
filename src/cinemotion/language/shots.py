"""Multi-shot prompts: shot headers and timecodes as people write them → one text and span per shot.

Forms read (issue #16): "Shot 1 (0-3s):", "SHOT 2 —", "CUT 1 —", "Look 2, 4–7.5 seconds", "Scene 3:",
"[00:00-00:02]", "0–3s:" at the start of a line or sentence, "t=13s:", and the Chinese "镜头1：" and
"0-3秒：", "镜头一：" (chinese.py rewrites 镜头N as "Shot N:"). A header's range gives its shot's duration; time
points ("t=4s") give each shot the time up to the next one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNIT = r"(?:s|sec|secs|seconds?|秒)"
NUMBER = r"\d+(?:\.\d+)?"
DASH = r"\s*(?:-|–|—|~|至|到|to)\s*"
TIMECODE = r"\d{1,2}:\d{2}(?:[.:]\d{1,3})?"
BEGIN = r"(?:^|(?<=[\n.;!?。；！？]))[ \t]*"
NAMED = re.compile(BEGIN + rf"(?:shot|cut|look|scene|beat|segment|clip|panel|镜头|分镜)\s*#?\s*"
                   r"(\d+\b|[一二三四五六七八九十](?=\s*[：:]))"
                   rf"(?:\s*[(\[,]?\s*({NUMBER}|{TIMECODE}){DASH}({NUMBER}|{TIMECODE})\s*{UNIT}?\s*[)\]]?)?"
                   r"\s*(?:[:：—–\-.]|(?=\s))", re.IGNORECASE)
TIMESTAMP = re.compile(BEGIN + rf"\[\s*({TIMECODE}|{NUMBER}\s*{UNIT}?){DASH}({TIMECODE}|{NUMBER}\s*{UNIT}?)\s*\]\s*[:：]?",
                       re.IGNORECASE)
RANGE = re.compile(BEGIN + rf"\(?({NUMBER}){DASH}({NUMBER})\s*{UNIT}\)?\s*[:：—–]", re.IGNORECASE)
POINT = re.compile(BEGIN + rf"t\s*=\s*({NUMBER})\s*{UNIT}?\s*[:：,—–]", re.IGNORECASE)


@dataclass(frozen=True)
class ShotText:
    text: str
    duration_s: float | None  # None: the header gave no span (the shot's own words decide)


def _seconds(value: str) -> float:
    value = re.sub(UNIT + "$", "", value.strip(), flags=re.IGNORECASE).strip()
    if ":" in value:
        parts = [float(p) for p in re.split(r"[:]", value)]
        minutes, seconds = parts[0], parts[1]
        return minutes * 60 + seconds + (parts[2] / 1000 if len(parts) > 2 else 0.0)
    return float(value)


def _headers(text: str) -> list[tuple[int, int, float | None, float | None]]:
    """(start, end, span start s, span end s) of every header, in order; one form per prompt."""
    for pattern, kind in ((NAMED, "named"), (TIMESTAMP, "range"), (RANGE, "range"), (POINT, "point")):
        found = []
        for m in pattern.finditer(text):
            if kind == "named":
                a, b = (m.group(2), m.group(3))
                found.append((m.start(), m.end(), _seconds(a) if a else None, _seconds(b) if b else None))
            elif kind == "range":
                found.append((m.start(), m.end(), _seconds(m.group(1)), _seconds(m.group(2))))
            else:
                found.append((m.start(), m.end(), _seconds(m.group(1)), None))
        if len(found) >= 2 or (found and found[0][3] is not None):
            return found
    return []


def split_shots(text: str) -> list[ShotText] | None:
    """The prompt's shots, or None when it is one shot. Words before the first header open shot 1."""
    headers = _headers(text)
    if not headers:
        return None
    shots = []
    for k, (start, end, a, b) in enumerate(headers):
        stop = headers[k + 1][0] if k + 1 < len(headers) else len(text)
        body = text[end:stop].strip()
        if k == 0 and text[:start].strip():
            body = f"{text[:start].strip()} {body}"
        if b is None and a is not None and k + 1 < len(headers) and headers[k + 1][2] is not None:
            b = headers[k + 1][2]  # a time point lasts until the next one
        span = round(b - a, 3) if a is not None and b is not None and b > a else None
        shots.append(ShotText(body or text[start:end].strip(), span))
    return shots
