"""BVH motion capture reader with forward kinematics to joint positions in metres.

Robust to what real files do: any rig's joint names (the humanoid is found by body/rig.py), names with spaces
(`Bip01 L Thigh`), per-joint channel orders, position channels on any joint, End Sites, CRLF or LF (mixed),
`Frame Time: .0083333`, and unknown length units (inferred from the rig's leg length). Anything malformed is
refused with one sentence naming the file and the problem.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.spatial.transform import Rotation

from cinemotion.core.tables import Figure, Figures, load_table
from cinemotion.body.rig import RigMap, map_rig
from cinemotion.errors import InputError

# candidate length units in metres: a file says nothing of its unit, a human leg says it (see _infer_unit)
UNITS_M = {"m": 1.0, "cm": 0.01, "mm": 0.001, "inch": 0.0254, "cmu": 0.0254 / 0.45}
UNIT_NAMES = {"m": "metres", "cm": "centimetres", "mm": "millimetres", "inch": "inches",
              "cmu": "CMU units (1/0.45 inch)"}


class BvhFigures(Figures):
    typical_leg_m: Figure[float]


FIGURES = load_table("body/bvh.yaml", BvhFigures)
# thigh + shank of a 1.72 m adult: (0.245 + 0.246) × height (Winter 2009, Biomechanics and Motor Control of
# Human Movement, 4th ed., Fig. 4.1)
TYPICAL_LEG_M = FIGURES.typical_leg_m.value
# Frame Time bounds: 1 fps (keyframed previews) to 2000 fps (the fastest optical capture, Vicon Vantage at
# reduced resolution); outside them the value is a typo or garbage, not a capture rate
MIN_FPS, MAX_FPS = 1.0, 2000.0
# no real channel value comes near this: positions in millimetres across a 1 km stage, or unwrapped angles of
# a thousand turns; larger values are corrupt data that would overflow forward kinematics
MAX_ABS_VALUE = 1e6
MOTION_SAMPLE = 64  # work bound: frames the rig finder looks at to tell twist bones from joints that bend
AXES = "XYZ"
KEYWORDS = {k.lower(): k for k in ("HIERARCHY", "ROOT", "JOINT", "End", "OFFSET", "CHANNELS", "MOTION")}


@dataclass
class BvhClip:
    """A parsed clip. Positions are world metres (F, n_joints, 3) in the file's axes, after unit conversion."""

    names: list[str]  # joint names; End Sites are named "<parent>_end"
    parents: list[int]
    offsets: np.ndarray  # (n, 3) metres
    fps: float
    rotations: np.ndarray  # (F, n, 4) local quaternions xyzw (End Sites identity)
    translations: np.ndarray  # (F, n, 3) metres: each joint's offset, or its position channels where it has them
    unit: str
    scale_m: float
    rig: RigMap | None  # which joints make the humanoid (body/rig.py); None when the file holds none
    rig_problem: str = ""  # why no humanoid was found, naming the file

    def humanoid(self) -> RigMap:
        if self.rig is None:
            raise InputError("source", self.rig_problem)
        return self.rig

    @property
    def n_frames(self) -> int:
        return len(self.rotations)

    @property
    def duration_s(self) -> float:
        return self.n_frames / self.fps

    def index(self, name: str) -> int:
        return self.names.index(name)

    def positions(self, frames: slice | np.ndarray = slice(None)) -> np.ndarray:
        """World joint positions (F, n, 3) by forward kinematics."""
        return forward_kinematics(self.parents, self.rotations[frames], self.translations[frames])


def forward_kinematics(parents: list[int], rotations: np.ndarray, translations: np.ndarray) -> np.ndarray:
    frames, n = rotations.shape[:2]
    pos = np.zeros((frames, n, 3))
    glob: list[Rotation] = [None] * n  # type: ignore[list-item]
    for j, p in enumerate(parents):
        r = Rotation.from_quat(rotations[:, j])
        if p < 0:
            glob[j] = r
            pos[:, j] = translations[:, j]
        else:
            glob[j] = glob[p] * r
            pos[:, j] = pos[:, p] + glob[p].apply(translations[:, j])
    return pos


@dataclass
class _Hierarchy:
    names: list[str]
    parents: list[int]
    offsets: list[list[float]]
    channels: list[list[str]]


def _refuse(path: Path, problem: str) -> InputError:
    return InputError("source", f"{path.name}: {problem}")


def _number(path: Path, text: str, what: str, line: int) -> float:
    try:
        value = float(text)
    except ValueError:
        raise _refuse(path, f"{what} '{text[:20]}' on line {line} is not a number") from None
    if not math.isfinite(value) or abs(value) > MAX_ABS_VALUE:
        raise _refuse(path, f"{what} {text[:20]} on line {line} is not a finite value of a real capture")
    return value


def _tokens(lines: list[str]) -> list[tuple[str, int]]:
    """(token, line number) pairs, keywords in their usual case whatever the writer's; a ROOT/JOINT name is the
    rest of its line (rigs put spaces in names)."""
    out = []
    for number, line in enumerate(lines, 1):
        words = line.replace("{", " { ").replace("}", " } ").split()
        keyword = KEYWORDS.get(words[0].lower()) if words else None
        if keyword in ("ROOT", "JOINT"):
            name = line.strip()[len(words[0]):].replace("{", " ").strip()
            out += [(keyword, number), (name, number)] + [("{", number)] * ("{" in line)
        else:
            out += [(KEYWORDS.get(w.lower(), w) if k == 0 else w, number) for k, w in enumerate(words)]
    return out


def _channel_axes(path: Path, joint: str, chans: list[str], line: int) -> None:
    seen = set()
    for chan in chans:
        kind = chan[1:].lower()
        if len(chan) < 2 or chan[0].upper() not in AXES or kind not in ("position", "rotation"):
            raise _refuse(path, f"joint '{joint}' has an unknown channel '{chan[:20]}' on line {line} "
                                f"(a channel is X, Y or Z followed by position or rotation)")
        key = (chan[0].upper(), kind)
        if key in seen:
            raise _refuse(path, f"joint '{joint}' lists its {chan[0].upper()} {kind} twice on line {line}")
        seen.add(key)


def _parse_hierarchy(path: Path, lines: list[str]) -> _Hierarchy:
    h = _Hierarchy([], [], [], [])
    stack: list[int] = []
    tokens = _tokens(lines)
    i = 0
    expecting_brace = False
    while i < len(tokens):
        tok, line = tokens[i]
        if tok in ("ROOT", "JOINT", "End"):
            if tok == "ROOT" and (stack or h.names):
                raise _refuse(path, f"holds a second skeleton (ROOT on line {line}); cinemotion reads one per file")
            if tok != "ROOT" and not stack:
                raise _refuse(path, f"{tok} on line {line} is outside any joint's braces")
            if i + 1 >= len(tokens):
                break
            name = f"{h.names[stack[-1]]}_end" if tok == "End" else tokens[i + 1][0]
            if not name or name in "{}":
                raise _refuse(path, f"the joint on line {line} has no name")
            h.names.append(name)
            h.parents.append(stack[-1] if stack else -1)
            h.offsets.append([0.0, 0.0, 0.0])
            h.channels.append([])
            expecting_brace = True
            i += 2
        elif tok == "{":
            if not expecting_brace:
                raise _refuse(path, f"an opening brace on line {line} follows no joint")
            stack.append(len(h.names) - 1)
            expecting_brace = False
            i += 1
        elif tok == "}":
            if not stack:
                raise _refuse(path, f"a closing brace on line {line} has no opening brace")
            stack.pop()
            i += 1
        elif tok == "OFFSET":
            if not stack:
                raise _refuse(path, f"OFFSET on line {line} is outside any joint")
            values = [t for t, _ in tokens[i + 1:i + 4]]
            if len(values) < 3:
                raise _refuse(path, f"the OFFSET on line {line} has fewer than three numbers")
            h.offsets[stack[-1]] = [_number(path, v, "the OFFSET value", line) for v in values]
            i += 4
        elif tok == "CHANNELS":
            if not stack:
                raise _refuse(path, f"CHANNELS on line {line} is outside any joint")
            joint = h.names[stack[-1]]
            count_text = tokens[i + 1][0] if i + 1 < len(tokens) else ""
            if not count_text.isdigit() or not 0 <= int(count_text) <= 6:
                raise _refuse(path, f"joint '{joint}' declares '{count_text[:20]}' channels on line {line} "
                                    f"(a joint has 0 to 6)")
            count = int(count_text)
            chans = [t for t, ln in tokens[i + 2:i + 2 + count] if ln == line]
            if len(chans) != count:
                raise _refuse(path, f"joint '{joint}' declares {count} channels but lists {len(chans)} "
                                    f"on line {line}")
            _channel_axes(path, joint, chans, line)
            h.channels[stack[-1]] = chans
            i += 2 + count
        else:
            raise _refuse(path, f"unexpected '{tok[:20]}' in the hierarchy on line {line}")
    if stack or expecting_brace:
        raise _refuse(path, "the hierarchy ends before all its braces close (the file may be truncated)")
    if not h.names:
        raise _refuse(path, "the hierarchy has no ROOT joint")
    return h


def _header_value(path: Path, line: str, key: str, number: int) -> str:
    match = re.fullmatch(rf"\s*{key}\s*:?\s*(\S+)\s*", line, flags=re.IGNORECASE)
    if match is None:
        raise _refuse(path, f"line {number} should read '{key}: …' after MOTION (the file may be truncated)")
    return match.group(1)


def _parse_motion(path: Path, lines: list[str], first: int, n_channels: int) -> tuple[float, np.ndarray]:
    body = [(k + first + 1, ln) for k, ln in enumerate(lines[first:]) if ln.strip()]
    if len(body) < 2:
        raise _refuse(path, "the MOTION section has no 'Frames:' and 'Frame Time:' lines (the file may be truncated)")
    (frames_line, frames_text), (time_line, time_text) = body[0], body[1]
    count = _header_value(path, frames_text, "Frames", frames_line)
    if not count.isdigit() or int(count) == 0:
        raise _refuse(path, f"'Frames: {count[:20]}' on line {frames_line} is not a positive whole number of frames")
    n_frames = int(count)
    frame_time = _header_value(path, time_text, "Frame Time", time_line)
    try:
        seconds = float(frame_time)
    except ValueError:
        seconds = float("nan")
    if not math.isfinite(seconds) or not 1.0 / MAX_FPS <= seconds <= 1.0 / MIN_FPS:
        raise _refuse(path, f"'Frame Time: {frame_time[:20]}' on line {time_line} is not a capture rate "
                            f"(a frame lasts 1/{MAX_FPS:g} s to {1 / MIN_FPS:g} s)")
    rows = body[2:2 + n_frames]
    if any(len(text.split()) != n_channels for _, text in rows):
        rows = _rewrapped(body[2:], n_frames, n_channels) or rows
    if len(rows) < n_frames:
        raise _refuse(path, f"declares {n_frames} frames but holds {len(rows)} (the file may be truncated)")
    data = np.empty((n_frames, n_channels))
    for k, (number, text) in enumerate(rows):
        values = text.split()
        if len(values) != n_channels:
            raise _refuse(path, f"frame {k + 1} (line {number}) has {len(values)} values; the hierarchy declares "
                                f"{n_channels} channels")
        try:
            data[k] = [float(v) for v in values]
        except ValueError:
            bad = next(v for v in values if not _is_float(v))
            raise _refuse(path, f"frame {k + 1} (line {number}) holds '{bad[:20]}', which is not a number") from None
    bad_rows = ~np.all(np.isfinite(data) & (np.abs(data) <= MAX_ABS_VALUE), axis=1) if n_channels else []
    if np.any(bad_rows):
        k = int(np.argmax(bad_rows))
        value = data[k][~(np.isfinite(data[k]) & (np.abs(data[k]) <= MAX_ABS_VALUE))][0]
        raise _refuse(path, f"frame {k + 1} (line {rows[k][0]}) holds {value:g}, which is not a finite value "
                            f"of a real capture (|value| ≤ {MAX_ABS_VALUE:g})")
    return 1.0 / seconds, data


def _rewrapped(lines: list[tuple[int, str]], n_frames: int, n_channels: int) -> list[tuple[int, str]] | None:
    """Frames some writers wrap over several lines, one per line again, if the values add up exactly."""
    values = " ".join(text for _, text in lines).split()
    if n_channels == 0 or len(values) != n_frames * n_channels:
        return None
    return [(lines[0][0], " ".join(values[k * n_channels:(k + 1) * n_channels])) for k in range(n_frames)]


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def read_bvh(path: str | Path) -> BvhClip:
    """Parse a BVH file (see module docstring); raises InputError naming the file on malformed input."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")  # -sig: Windows tools start with a BOM
    except OSError as exc:
        raise InputError("source", f"cannot read BVH file {path.name}: {exc.strerror}") from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts = {ln.split()[0].upper(): k for k, ln in reversed(list(enumerate(lines))) if ln.strip()}
    if "HIERARCHY" not in starts:
        raise _refuse(path, "is not a BVH file (it has no HIERARCHY section)")
    if "MOTION" not in starts or starts["MOTION"] < starts["HIERARCHY"]:
        raise _refuse(path, "has no MOTION section after its hierarchy (the file may be truncated)")
    h = _parse_hierarchy(path, lines[starts["HIERARCHY"] + 1:starts["MOTION"]])
    n_channels = sum(len(c) for c in h.channels)
    fps, data = _parse_motion(path, lines, starts["MOTION"] + 1, n_channels)
    offsets = np.array(h.offsets)
    rotations = np.zeros((len(data), len(h.names), 4))
    rotations[..., 3] = 1.0
    translations = np.repeat(offsets[None], len(data), axis=0)
    col = 0
    for j, chans in enumerate(h.channels):
        rot_axes = "".join(c[0].upper() for c in chans if c.lower().endswith("rotation"))
        rot_cols = [col + k for k, c in enumerate(chans) if c.lower().endswith("rotation")]
        if rot_axes:
            # BVH applies rotations in the listed order about the joint's own (intrinsic) axes
            rotations[:, j] = Rotation.from_euler(rot_axes, data[:, rot_cols], degrees=True).as_quat()
        for k, c in enumerate(chans):
            if c.lower().endswith("position"):
                translations[:, j, AXES.index(c[0].upper())] = data[:, col + k]
        col += len(chans)
    sample = np.unique(np.linspace(0, len(data) - 1, min(len(data), MOTION_SAMPLE)).astype(int))
    rest = forward_kinematics(h.parents, np.tile([0.0, 0.0, 0.0, 1.0], (1, len(h.names), 1)), offsets[None])[0]
    moving = forward_kinematics(h.parents, rotations[sample], translations[sample])
    if np.ptp(rest, axis=0).max() <= 0:  # every OFFSET zero, the skeleton drawn by position channels: frame 1 shows it
        rest = moving[0]
    try:
        rig, problem = map_rig(h.names, h.parents, rest, moving), ""
        leg = rig.leg_length
    except ValueError as exc:
        rig, problem = None, f"{path.name}: no humanoid found: {exc}"
        # no legs to measure: a standing body is about twice as tall as its leg
        leg = max(float(np.ptp(rest, axis=0).max()) / 2, 1e-9)
    unit, scale = _infer_unit(leg)
    return BvhClip(names=h.names, parents=h.parents, offsets=offsets * scale, fps=fps, rotations=rotations,
                   translations=translations * scale, unit=unit, scale_m=scale, rig=rig, rig_problem=problem)


def _infer_unit(leg_length: float) -> tuple[str, float]:
    """The unit whose reading of a leg length (the rig's thigh + shank) gives a human-sized leg."""
    unit = min(UNITS_M, key=lambda u: abs(np.log(leg_length * UNITS_M[u] / TYPICAL_LEG_M)))
    return unit, UNITS_M[unit]
