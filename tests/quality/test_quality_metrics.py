"""Metrics on synthetic joints with known answers, and the qa.json readers."""

from __future__ import annotations

import numpy as np
import pytest

from cinemotion.body.skeleton import J, make_body
from cinemotion.errors import InputError
from cinemotion.quality import foot_skating_ratio, measure_gait, report_from_dir
from cinemotion.quality.gait import bone_length_cv, penetration_float_mm


def _standing(frames: int = 60) -> np.ndarray:
    return np.tile(make_body().rest, (frames, 1, 1))


def test_a_still_standing_body_scores_clean():
    m = measure_gait(_standing(), 30)
    assert m["speed_mps"] == 0.0 and m["penetration_mm"] == 0.0
    assert m["foot_skating_ratio"] == 0.0 and m["bone_length_cv_max_pct"] < 1e-9
    assert np.isnan(m["cadence_spm"])


def test_sliding_planted_feet_count_as_skating_and_sinking_as_penetration():
    joints = _standing(40)
    joints[:, :, 0] += np.arange(40)[:, None] * 0.05  # the whole body glides 1.5 m/s at 30 fps, feet down
    assert foot_skating_ratio(joints, 30) > 0.9
    sunk = _standing(10)
    sunk[:, :, 1] -= 0.06
    penetration, _ = penetration_float_mm(sunk, np.ones((10, 2), bool))
    assert penetration == pytest.approx(60.0 - 1000 * make_body().rest[J["left_foot"], 1], abs=0.5)


def test_bone_length_variation_is_measured_in_percent():
    joints = _standing(100)
    joints[::2, J["left_wrist"]] += [0.0, -0.0025, 0.0]  # forearm length flickers by 2.5 mm
    worst, _ = bone_length_cv(joints)
    assert 0.3 < worst < 1.5


def test_report_from_dir_reads_joints_npz_and_refuses_bad_folders(tmp_path):
    joints = _standing(30).astype(np.float32)
    np.savez(tmp_path / "joints.npz", hero=joints, fps=np.float32(24))
    qa = report_from_dir(tmp_path)
    assert qa["fps"] == 24.0 and qa["actors"]["hero"]["penetration_mm"] == 0.0
    with pytest.raises(InputError):
        report_from_dir(tmp_path / "missing")
    np.savez(tmp_path / "joints.npz", hero=joints[:, :5], fps=np.float32(24))
    with pytest.raises(InputError):
        report_from_dir(tmp_path)
