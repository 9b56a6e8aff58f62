"""`<actor>.glb` and `face_arkit.csv`: read back by a third-party glTF reader (pygltflib), the
skeleton's animation and the skinned, morphed mesh replayed by hand (glb_reader.py), the face
curves read as a CSV."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "body"))
sys.path.insert(0, str(Path(__file__).parent))
from glb_reader import GlbReplay  # noqa: E402
from human_shots import performed, smile_then_speak  # noqa: E402
from test_body_human_contact import MOTIONS  # noqa: E402

from cinemotion.body.human.contact import contact_groups, penetration_depth  # noqa: E402
from cinemotion.body.human.model import face_unit_names  # noqa: E402
from cinemotion.body.human.performed import PerformedBody  # noqa: E402
from cinemotion.media.body_glb import KEY_M, MATCH_M, body_glb  # noqa: E402
from cinemotion.media.face_arkit import face_csv  # noqa: E402
from cinemotion.pipeline import film_characters, film_motions  # noqa: E402

WALK = "A full body shot of a woman walking forward briskly, 2 seconds"
TWO_SHOTS = ("Shot 1 (0-2s): a wide shot of a man walking forward. "
             "Shot 2 (2-4s): a full body shot, the man sits down on a bench.")


def _glb(prompt: str, tmp_path: Path) -> tuple[list[GlbReplay], list, object]:
    """Per actor of the prompt's film, its GLB as a reader replays it and its shots' motions; the plan."""
    plan, performances, _ = performed(prompt)
    motions, characters = film_motions(performances), film_characters(plan)
    replays = []
    for actor, actor_motions in motions.items():
        path = tmp_path / f"{actor}.glb"
        path.write_bytes(body_glb(actor_motions, characters[actor], plan.fps))
        replays.append(GlbReplay(path))
    return replays, list(motions.values()), plan


def test_glb_animation_replays_the_performance_joints(tmp_path):
    (replay,), (motions,), _ = _glb(WALK, tmp_path)
    joints = np.concatenate([m.joints for m in motions])
    assert replay.frames == len(joints)
    replayed = np.stack([replay.joint_positions(f)[:22] for f in range(replay.frames)])
    error = np.linalg.norm(replayed - joints, axis=2)
    assert error.max() < 0.01, f"worst joint {error.max() * 100:.2f} cm off"


def test_glb_carries_52_named_face_targets_and_a_skin(tmp_path):
    (replay,), _, _ = _glb(WALK, tmp_path)
    gltf = replay.gltf
    mesh = gltf.meshes[0]
    names = mesh.extras["targetNames"]
    assert names[:52] == list(face_unit_names()) and len(face_unit_names()) == 52
    assert len(names) == len(mesh.primitives[0].targets) == len(replay.morph_weights(0))
    assert all(n.startswith("corrective_f") for n in names[52:])
    assert len(replay.skin_joints) == len(replay.inverse_bind) == len(gltf.nodes) - 1
    assert np.allclose(replay.weights.sum(axis=1), 1.0, atol=1e-3)
    # the jawOpen target moves the chin down (−Y in the bind pose), by a centimetre or more
    target = gltf.accessors[mesh.primitives[0].targets[names.index("jawOpen")]["POSITION"]]
    assert target.sparse.count > 50 and target.min[1] < -0.01


@pytest.mark.parametrize("motion", ["handshake", "skirt walk"])
def test_glb_mesh_is_the_drawn_mesh_kept_apart(motion, tmp_path):
    """Skinned by a reader from the GLB alone, each frame's mesh is the one the renderer draws (its
    dual-quaternion skinning and contact response, within the writer's tolerances), so no part passes
    through another; the same GLB without its corrective shapes shows the overlaps they take out."""
    replays, motions, plan = _glb(MOTIONS[motion], tmp_path)
    for replay, actor_motions, placed in zip(replays, motions, plan.shots[0].actors):
        drawn = PerformedBody(actor_motions[0], placed.character)
        groups = contact_groups(drawn.body, drawn.skirt)
        corrected, plain = [], []
        for f in range(replay.frames):
            mesh = replay.mesh_at(f)
            off = mesh[replay.drawn] - drawn.world_positions(f)[replay.drawn]
            assert np.linalg.norm(off, axis=1).max() < MATCH_M + KEY_M
            corrected.append(penetration_depth(drawn.body, mesh, groups))
            face_only = replay.morph_weights(f)
            face_only[52:] = 0.0
            plain.append(penetration_depth(drawn.body, replay.mesh_at(f, face_only), groups))
        corrected, plain = np.array(corrected), np.array(plain)
        assert (corrected < 0.01).mean() >= 0.99 and corrected.max() < 0.01, (placed.id, corrected.max())
        assert plain.max() > 0.02, (placed.id, plain.max())


def test_glb_mesh_follows_the_drawn_one_across_a_cut(tmp_path):
    """A two-shot film: every frame of each shot, the reader's mesh is that shot's drawn mesh (the
    shapes of one shot do not blend into the next)."""
    (replay,), (motions,), plan = _glb(TWO_SHOTS, tmp_path)
    assert len(motions) == 2
    start = 0
    for motion in motions:
        drawn = PerformedBody(motion, plan.shots[0].actors[0].character)
        for f in range(motion.n_frames):
            off = replay.mesh_at(start + f)[replay.drawn] - drawn.world_positions(f)[replay.drawn]
            assert np.linalg.norm(off, axis=1).max() < MATCH_M + KEY_M, (start + f)
        start += motion.n_frames


def test_a_held_pose_is_one_corrective_shape(tmp_path):
    """Seated still, every frame's correction is the same: the kept frames are the shot's first and
    last, and the weights hand one over to the other."""
    (replay,), _, _ = _glb(MOTIONS["sit"], tmp_path)
    names = replay.gltf.meshes[0].extras["targetNames"][52:]
    assert len(names) == 2, names
    weights = np.stack([replay.morph_weights(f)[52:] for f in range(replay.frames)])
    assert np.allclose(weights.sum(axis=1), 1.0) and weights.min() >= 0.0


def test_a_film_past_the_shape_budget_keeps_its_worst_frames(tmp_path, monkeypatch):
    """Held to a few shapes, the handshake keeps that many, and the frames it keeps are the ones
    interpolation missed most: on the mean frame its mesh comes twice as near the drawn one as without any."""
    import cinemotion.media.body_glb as writer

    monkeypatch.setattr(writer, "MAX_SHAPES", 8)
    replays, motions, plan = _glb(MOTIONS["handshake"], tmp_path)
    replay, drawn = replays[0], PerformedBody(motions[0][0], plan.shots[0].actors[0].character)
    assert len(replay.targets) - 52 <= 8
    budgeted, plain = [], []
    for f in range(replay.frames):
        target = drawn.world_positions(f)[replay.drawn]
        face_only = replay.morph_weights(f)
        face_only[52:] = 0.0
        budgeted.append(np.linalg.norm(replay.mesh_at(f)[replay.drawn] - target, axis=1).max())
        plain.append(np.linalg.norm(replay.mesh_at(f, face_only)[replay.drawn] - target, axis=1).max())
    assert np.mean(budgeted) < 0.5 * np.mean(plain), (np.mean(budgeted), np.mean(plain))


def test_face_csv_shows_the_smile_then_the_syllables():
    plan, performances, _ = smile_then_speak()
    motions = film_motions(performances)["mara"]
    rows = list(csv.DictReader(io.StringIO(face_csv(motions, plan.shots[0].actors[0].character, plan.fps))))
    assert len(rows) == sum(m.n_frames for m in motions)
    assert rows[0]["BlendShapeCount"] == "52" and rows[24]["Timecode"] == "00:00:01:00.000"
    t = np.arange(len(rows)) / plan.fps
    smile = np.array([float(r["MouthSmileLeft"]) for r in rows])
    jaw = np.array([float(r["JawOpen"]) for r in rows])
    smiling, speaking = (t > 0.3) & (t < 1.4), (t > 1.6) & (t < 3.8)
    assert smile[smiling].mean() > 0.5 and smile[speaking].mean() < 0.1
    assert jaw[smiling].max() < 0.05
    # the jaw opens and closes with the syllables: several separate peaks while speaking
    j = jaw[speaking]
    peaks = np.nonzero((j[1:-1] > j[:-2]) & (j[1:-1] >= j[2:]) & (j[1:-1] > 0.2))[0]
    assert len(peaks) >= 4, f"{len(peaks)} jaw peaks"
