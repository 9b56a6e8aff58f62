"""Typed tables: a shipped table that breaks its model is refused at load, naming the file and the field."""

from __future__ import annotations

import numpy as np
import pytest

from cinemotion.audio.reverb import RoomsTable, room_of
from cinemotion.core import tables
from cinemotion.core.tables import Figure, Figures, TableError, load_table
from cinemotion.physics.capsules import CapsuleTable


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A package root of our own, and fresh caches so the shipped tables are not served instead."""
    monkeypatch.setattr(tables, "PACKAGE", tmp_path)
    tables._parsed.cache_clear()
    tables._validated.cache_clear()
    yield tmp_path
    tables._parsed.cache_clear()
    tables._validated.cache_clear()


def test_a_negative_reverberation_time_is_refused_naming_file_and_field(package):
    (package / "audio").mkdir()
    (package / "audio" / "rooms.yaml").write_text(
        "sources: test\nsettings:\n  gym: {rt60_s: -2.0, wet_db: -10, predelay_s: 0.02}\n"
        "default: {rt60_s: 0.4, wet_db: -18, predelay_s: 0.01}\ndamping_hz: 5000\n")
    with pytest.raises(TableError, match=r"audio/rooms\.yaml.*settings\.gym\.rt60_s"):
        load_table("audio/rooms.yaml", RoomsTable)


def test_a_table_without_its_sources_is_refused(package):
    (package / "physics").mkdir()
    (package / "physics" / "capsules.yaml").write_text("radii: {pelvis-left_hip: 0.06}\n")
    with pytest.raises(TableError, match=r"physics/capsules\.yaml.*sources"):
        load_table("physics/capsules.yaml", CapsuleTable)


def test_the_shipped_tables_validate_and_keep_their_values():
    assert room_of("gym").rt60_s == 2.0 and room_of("gym").wet_db == -10
    assert room_of("a place with no entry") == load_table("audio/rooms.yaml", RoomsTable).default
    assert load_table("physics/capsules.yaml", CapsuleTable).radii["pelvis-spine1"] == 0.08
    assert load_table("audio/rooms.yaml") is load_table("audio/rooms.yaml")  # parsed once, shared


class _StepFigures(Figures):
    step_s: Figure[float]


def test_a_figure_without_its_source_or_with_an_unknown_name_is_refused(package):
    (package / "motion").mkdir()
    (package / "motion" / "steps.yaml").write_text("step_s: {value: 0.5}\n")
    with pytest.raises(TableError, match=r"motion/steps\.yaml.*step_s\.source"):
        load_table("motion/steps.yaml", _StepFigures)
    (package / "motion" / "stride.yaml").write_text("step_s: {value: 0.5, source: 'Perry 1992, ch. 1'}\n"
                                                    "stride_s: {value: 1.0, source: 'Perry 1992, ch. 1'}\n")
    with pytest.raises(TableError, match=r"motion/stride\.yaml.*stride_s"):
        load_table("motion/stride.yaml", _StepFigures)


def test_the_shipped_figures_keep_the_values_the_code_had():
    from cinemotion.motion.locomotion import gait
    from cinemotion.physics import ballistics, springs
    assert ballistics.G == 9.81 and springs.GRAVITY.tolist() == [0.0, -9.81, 0.0]
    assert gait.MAX_ACCEL_LEAN == np.radians(35) and gait.FIGURES.max_accel_lean_deg.source.startswith("tuned")
