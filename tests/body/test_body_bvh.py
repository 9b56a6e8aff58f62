"""BVH reading on the real CMU captures: structure, units, frame times, line endings, refusals."""

from __future__ import annotations


import numpy as np
import pytest

from cinemotion.body.bvh import read_bvh
from cinemotion.errors import InputError

from mocap_data import MOCAP

# file → (joints with channels, frames, unit). Heights: standing height ≈ head joint / 0.905 (Winter 2009).
FILES = {
    "cmu_01_01_forward_jumps.bvh": (31, 2752, "cmu"),
    "cmu_131_01_start_walk_stop.bvh": (31, 994, "cmu"),
    "cmu_131_03_start_hop_stop.bvh": (31, 1102, "cmu"),
    "cmu_60_05_salsa_lead_pair.bvh": (43, 1678, "m"),
    "cmu_61_05_salsa_follow_pair.bvh": (43, 1678, "m"),
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_real_captures_parse_with_their_structure_and_units(name):
    joints, frames, unit = FILES[name]
    clip = read_bvh(MOCAP / name)
    assert sum(not n.endswith("_end") for n in clip.names) == joints
    assert clip.n_frames == frames
    assert clip.fps == pytest.approx(120.0, rel=1e-3)
    assert clip.unit == unit
    positions = clip.positions()[5::50]
    assert np.isfinite(positions).all()
    standing = np.median(positions[:, :, 1].max(axis=1) - positions[:, :, 1].min(axis=1)) / 0.905
    # CMU subjects are adult-sized; the salsa pair was rescaled to ≈0.7× by a third party (data README)
    low, high = (1.45, 2.0) if unit == "cmu" else (1.0, 1.45)
    assert low < standing < high, f"{name}: standing height {standing:.2f} m"


def test_line_endings_do_not_change_the_result(tmp_path):
    source = MOCAP / "cmu_131_03_start_hop_stop.bvh"
    lf = tmp_path / "lf.bvh"
    lf.write_bytes(source.read_bytes().replace(b"\r\n", b"\n"))
    crlf = tmp_path / "crlf.bvh"
    crlf.write_bytes(lf.read_bytes().replace(b"\n", b"\r\n"))
    a, b, c = read_bvh(source), read_bvh(lf), read_bvh(crlf)
    assert np.array_equal(a.rotations, b.rotations) and np.array_equal(b.rotations, c.rotations)


def test_channel_order_is_honoured_per_joint(tmp_path):
    text = """HIERARCHY
ROOT hip
{
 OFFSET 0 0 0
 CHANNELS 6 Xposition Yposition Zposition Yrotation Xrotation Zrotation
 JOINT shin
 {
  OFFSET 0 -1 0
  CHANNELS 3 Xrotation Zrotation Yrotation
  End Site
  {
   OFFSET 0 -1 0
  }
 }
}
MOTION
Frames: 1
Frame Time: .0333333
0 1 0 90 0 0 0 90 0
"""
    path = tmp_path / "tiny.bvh"
    path.write_text(text)
    clip = read_bvh(path)
    p = clip.positions()[0]
    assert clip.fps == pytest.approx(30.0, rel=1e-4)
    # the shin's Z rotation of 90° swings its end from −Y to +X; the root's Y rotation of 90° then turns +X to −Z
    assert np.allclose(p[2] - p[1], clip.scale_m * np.array([0.0, 0.0, -1.0]), atol=1e-9)


@pytest.mark.parametrize("content", ["", "HIERARCHY\nROOT a\n{\n", "HIERARCHY\nROOT a\n{\n OFFSET 0 0 0\n"
                                     " CHANNELS 3 Xrotation Yrotation Zrotation\n}\nMOTION\nFrames: 2\n"
                                     "Frame Time: 0.1\n1 2\n3 4\n"])
def test_malformed_files_are_refused_naming_the_source(tmp_path, content):
    path = tmp_path / "bad.bvh"
    path.write_text(content)
    with pytest.raises(InputError) as err:
        read_bvh(path)
    assert err.value.field == "source"


def test_a_missing_file_is_refused():
    with pytest.raises(InputError):
        read_bvh("/nonexistent/clip.bvh")


def test_frames_wrapped_over_several_lines_read_as_frames(tmp_path):
    source = (MOCAP / "cmu_131_03_start_hop_stop.bvh").read_text().replace("\r\n", "\n")
    head, _, motion = source.partition("MOTION\n")
    rows = motion.split("\n")[2:8]
    one = tmp_path / "one.bvh"
    one.write_text(f"{head}MOTION\nFrames: 6\nFrame Time: 0.0083333\n" + "\n".join(rows) + "\n")
    wrapped = tmp_path / "wrapped.bvh"
    halves = [half for row in rows for half in (row[:len(row) // 2].rsplit(" ", 1)[0],
                                                row[len(row[:len(row) // 2].rsplit(" ", 1)[0]):])]
    wrapped.write_text(f"{head}MOTION\nFrames: 6\nFrame Time: 0.0083333\n" + "\n".join(halves) + "\n")
    assert np.array_equal(read_bvh(one).rotations, read_bvh(wrapped).rotations)


def test_a_byte_order_mark_and_lower_case_keywords_read_as_usual(tmp_path):
    source = MOCAP / "cmu_131_03_start_hop_stop.bvh"
    text = source.read_text()
    odd = tmp_path / "odd.bvh"
    odd.write_bytes(b"\xef\xbb\xbf" + text.replace("JOINT", "joint").replace("End Site", "end site")
                    .replace("OFFSET", "offset").replace("HIERARCHY", "Hierarchy").replace("Frame Time", "FRAME TIME")
                    .encode())
    assert np.array_equal(read_bvh(source).rotations, read_bvh(odd).rotations)
