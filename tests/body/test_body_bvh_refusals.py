"""Malformed BVH files are refused in one sentence naming the file and the problem, never with a traceback."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cinemotion.body.bvh import read_bvh
from cinemotion.motion.transfer.retarget import retarget
from cinemotion.body.skeleton import make_body
from cinemotion.cli import app
from cinemotion.errors import InputError

from mocap_data import MOCAP

BODY = make_body(1.72)
SOURCE = (MOCAP / "cmu_131_03_start_hop_stop.bvh").read_text().replace("\r\n", "\n")
HEAD, _, MOTION = SOURCE.partition("MOTION\n")
ROWS = MOTION.split("\n")[2:14]
VALID = f"{HEAD}MOTION\nFrames: 12\nFrame Time: 0.0083333\n" + "\n".join(ROWS) + "\n"


def _first_row_with(value: str) -> str:
    values = ROWS[0].split()
    values[7] = value
    return VALID.replace(ROWS[0], " ".join(values), 1)


CASES = {
    "unknown axis": (VALID.replace("Zrotation", "Wrotation", 1), "unknown channel 'Wrotation'"),
    "repeated axis": (VALID.replace("Zrotation Yrotation Xrotation", "Zrotation Zrotation Xrotation", 1),
                      "lists its Z rotation twice"),
    "position twice": (VALID.replace("Xposition Yposition", "Xposition Xposition", 1), "X position twice"),
    "NaN data": (_first_row_with("nan"), "holds nan"),
    "infinite data": (_first_row_with("inf"), "holds inf"),
    "1e308 values": (_first_row_with("1e308"), "holds 1e+308"),
    "text in data": (_first_row_with("12,5"), "holds '12,5', which is not a number"),
    "frame time 1e-300": (VALID.replace("Frame Time: 0.0083333", "Frame Time: 1e-300"), "'Frame Time: 1e-300'"),
    "frame time 0": (VALID.replace("Frame Time: 0.0083333", "Frame Time: 0"), "'Frame Time: 0'"),
    "negative frame time": (VALID.replace("Frame Time: 0.0083333", "Frame Time: -0.01"), "'Frame Time: -0.01'"),
    "huge frame time": (VALID.replace("Frame Time: 0.0083333", "Frame Time: 1e300"), "'Frame Time: 1e300'"),
    "frame time nan": (VALID.replace("Frame Time: 0.0083333", "Frame Time: nan"), "'Frame Time: nan'"),
    "no frame time": (VALID.replace("Frame Time: 0.0083333\n", ""), "should read 'Frame Time: …'"),
    "frames not a number": (VALID.replace("Frames: 12", "Frames: twelve"), "'Frames: twelve'"),
    "no frames": (VALID.replace("Frames: 12", "Frames: 0"), "'Frames: 0'"),
    "fewer frames than declared": (VALID.replace("Frames: 12", "Frames: 40"), "declares 40 frames but holds 12"),
    "truncated in the hierarchy": (VALID[:len(HEAD) // 2], "no MOTION section"),
    "truncated in the data": (VALID[:len(VALID) - len(ROWS[-1]) // 2 - 1], "values; the hierarchy declares 96"),
    "no MOTION section": (HEAD, "no MOTION section"),
    "empty file": ("", "no HIERARCHY section"),
    "not a BVH file": ("\x89PNG\r\n\x1a\n\x00\x00binary", "no HIERARCHY section"),
    "channel count larger than listed": (VALID.replace("CHANNELS 3 Zrotation Yrotation Xrotation",
                                                       "CHANNELS 4 Zrotation Yrotation Xrotation", 1),
                                         "declares 4 channels but lists 3"),
    "channel count smaller than listed": (VALID.replace("CHANNELS 3 Zrotation Yrotation Xrotation",
                                                        "CHANNELS 2 Zrotation Yrotation Xrotation", 1),
                                          "unexpected 'Xrotation'"),
    "too few values in a frame": (VALID.replace(ROWS[3], ROWS[3].rsplit(" ", 1)[0], 1), "frame 4"),
    "unbalanced braces": (VALID.replace("MOTION", "}\nMOTION"), "closing brace"),
    "offset not a number": (VALID.replace("OFFSET 0 0 0", "OFFSET 0 x 0", 1), "is not a number"),
    "offset 1e308": (VALID.replace("OFFSET 0 0 0", "OFFSET 0 1e308 0", 1), "not a finite value"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_bvh_is_refused_in_one_sentence_naming_the_file(case, tmp_path):
    text, expected = CASES[case]
    path = tmp_path / "motion.bvh"
    path.write_text(text, encoding="utf-8", errors="surrogateescape")
    with pytest.raises(InputError) as err:
        read_bvh(path)
    message = err.value.message
    assert err.value.field == "source"
    assert message.startswith("motion.bvh"), message
    assert expected in message, message
    assert "\n" not in message and "NoneType" not in message and len(message) < 240, message


def test_the_valid_base_file_reads(tmp_path):
    path = tmp_path / "ok.bvh"
    path.write_text(VALID)
    assert read_bvh(path).n_frames == 12


def test_transfer_refuses_a_malformed_file_with_exit_2_and_writes_nothing(tmp_path):
    bad = tmp_path / "motion.bvh"
    bad.write_text(CASES["frame time 1e-300"][0])
    out = tmp_path / "out.mp4"
    result = CliRunner().invoke(app, ["transfer", str(bad), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "motion.bvh" in result.output and "Traceback" not in result.output
    assert not out.exists() and not list(tmp_path.glob("out*"))


def test_a_humanoid_with_a_bone_of_no_length_is_refused_naming_it(tmp_path):
    path = tmp_path / "motion.bvh"
    path.write_text(VALID.replace("OFFSET 0 -3.275920 0.000000", "OFFSET 0 0 0", 1))
    with pytest.raises(InputError) as err:
        retarget(read_bvh(path), BODY)
    assert err.value.message == "motion.bvh: no humanoid found: its left forearm has no length in the rest pose"


def test_transfer_refuses_a_non_humanoid_saying_why(tmp_path):
    snake = tmp_path / "snake.bvh"
    joints = "".join(f"JOINT s{k}\n{{\nOFFSET 0 0 10\nCHANNELS 3 Zrotation Xrotation Yrotation\n" for k in range(6))
    snake.write_text("HIERARCHY\nROOT head\n{\nOFFSET 0 0 0\nCHANNELS 6 Xposition Yposition Zposition Zrotation "
                     "Xrotation Yrotation\n" + joints + "End Site\n{\nOFFSET 0 0 5\n}\n" + "}\n" * 7
                     + "MOTION\nFrames: 2\nFrame Time: 0.04\n" + (" ".join(["0"] * 24) + "\n") * 2)
    result = CliRunner().invoke(app, ["transfer", str(snake), "-o", str(tmp_path / "out.mp4")])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())  # the console wraps long lines
    assert "snake.bvh: no humanoid found: the hierarchy has 1 chain below the root" in said, said


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_damage_to_a_file_reads_or_is_refused_never_crashes(tmp_path, data):
    """Deleted, duplicated or replaced tokens anywhere in a real file: a clip or an InputError, nothing else."""
    tokens = re.split(r"(\s+)", VALID)
    for _ in range(data.draw(st.integers(1, 4))):
        k = data.draw(st.integers(0, len(tokens) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "replace"]))
        if action == "delete":
            del tokens[k]
        elif action == "duplicate":
            tokens.insert(k, tokens[k])
        else:
            tokens[k] = data.draw(st.sampled_from(["{", "}", "nan", "-1", "1e999", "JOINT", "End", "CHANNELS",
                                                   "OFFSET", "MOTION", "Frames:", "0", "Xrotation", "", "\n"]))
    path = tmp_path / "fuzz.bvh"
    path.write_text("".join(tokens))
    try:
        clip = read_bvh(path)
    except InputError as err:
        assert err.message.startswith("fuzz.bvh") and "\n" not in err.message, err.message
    else:
        assert clip.n_frames > 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_odd_number_in_a_humanoid_retargets_or_is_refused(tmp_path, data):
    """Offsets and angles replaced by zeros, negatives or large values (a zero-length forearm, a reversed leg): the
    clip retargets to finite motion or is refused, never crashes."""
    tokens = re.split(r"(\s+)", VALID)
    numbers = [k for k, t in enumerate(tokens) if _is_number(t)]
    for _ in range(data.draw(st.integers(1, 3))):
        k = data.draw(st.sampled_from(numbers))
        tokens[k] = data.draw(st.sampled_from(["0", "-1", "1000", "1e5", "180", "-999999"]))
    path = tmp_path / "odd.bvh"
    path.write_text("".join(tokens))
    try:
        moved = retarget(read_bvh(path), BODY)
    except InputError as err:
        assert err.message.startswith("odd.bvh") and "\n" not in err.message, err.message
    else:
        assert np.isfinite(moved.rotations).all() and np.isfinite(moved.root).all()


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
