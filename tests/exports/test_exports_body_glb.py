"""`<actor>.glb` and `face_arkit.csv`: read back by a third-party glTF reader (pygltflib), the
skeleton's animation replayed by hand, the face curves read as a CSV."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import numpy as np
import pygltflib
from scipy.spatial.transform import Rotation

sys.path.insert(0, str(Path(__file__).parents[1] / "body"))
from human_shots import performed, smile_then_speak  # noqa: E402

from cinemotion.body.human.model import face_unit_names  # noqa: E402
from cinemotion.media.body_glb import body_glb  # noqa: E402
from cinemotion.media.face_arkit import face_csv  # noqa: E402
from cinemotion.pipeline import film_characters, film_motions  # noqa: E402

WALK = "A full body shot of a woman walking forward briskly, 2 seconds"


def _read(gltf: pygltflib.GLTF2, index: int) -> np.ndarray:
    acc = gltf.accessors[index]
    view = gltf.bufferViews[acc.bufferView]
    dtype = {5126: np.float32, 5125: np.uint32, 5121: np.uint8}[acc.componentType]
    width = {"SCALAR": 1, "VEC3": 3, "VEC4": 4, "MAT4": 16}[acc.type]
    blob = gltf.binary_blob()
    data = np.frombuffer(blob, dtype, acc.count * width, view.byteOffset + (acc.byteOffset or 0))
    return data.reshape(acc.count, width) if width > 1 else data


def _glb(prompt: str, tmp_path: Path) -> tuple[pygltflib.GLTF2, dict, object]:
    plan, performances, _ = performed(prompt)
    motions = film_motions(performances)
    actor = next(iter(motions))
    path = tmp_path / f"{actor}.glb"
    path.write_bytes(body_glb(motions[actor], film_characters(plan)[actor], plan.fps))
    return pygltflib.GLTF2().load(str(path)), motions[actor], plan


def test_glb_animation_replays_the_performance_joints(tmp_path):
    gltf, motions, _ = _glb(WALK, tmp_path)
    joints = np.concatenate([m.joints for m in motions])
    nodes = gltf.nodes
    animation = gltf.animations[0]
    frames = len(joints)
    translation = {n: np.tile(np.array(node.translation), (frames, 1)) for n, node in enumerate(nodes)}
    rotation = {n: np.tile([0.0, 0.0, 0.0, 1.0], (frames, 1)) for n in range(len(nodes))}
    for channel in animation.channels:
        sampler = animation.samplers[channel.sampler]
        assert len(_read(gltf, sampler.input)) == frames
        values = _read(gltf, sampler.output)
        if channel.target.path == "translation":
            translation[channel.target.node] = values
        elif channel.target.path == "rotation":
            rotation[channel.target.node] = values
    parent = {c: p for p, node in enumerate(nodes) for c in (node.children or [])}
    world_pos, world_rot = {}, {}
    for n in range(len(nodes) - 1):  # the bones (the mesh node is last)
        r = Rotation.from_quat(rotation[n])
        if n not in parent:
            world_pos[n], world_rot[n] = translation[n], r
        else:
            p = parent[n]
            world_pos[n] = world_pos[p] + world_rot[p].apply(translation[n])
            world_rot[n] = world_rot[p] * r
    replayed = np.stack([world_pos[j] for j in range(22)], axis=1)
    error = np.linalg.norm(replayed - joints, axis=2)
    assert error.max() < 0.01, f"worst joint {error.max() * 100:.2f} cm off"


def test_glb_carries_52_named_face_targets_and_a_skin(tmp_path):
    gltf, motions, _ = _glb(WALK, tmp_path)
    mesh = gltf.meshes[0]
    assert mesh.extras["targetNames"] == list(face_unit_names())
    assert len(face_unit_names()) == 52 and len(mesh.primitives[0].targets) == 52
    skin = gltf.skins[0]
    inverse_bind = _read(gltf, skin.inverseBindMatrices).reshape(-1, 4, 4)
    assert len(skin.joints) == len(inverse_bind) == len(gltf.nodes) - 1
    weights = _read(gltf, mesh.primitives[0].attributes.WEIGHTS_0)
    assert np.allclose(weights.sum(axis=1), 1.0, atol=1e-3)
    # the jawOpen target moves the chin down (−Y in the bind pose), by a centimetre or more
    target = gltf.accessors[mesh.primitives[0].targets[list(face_unit_names()).index("jawOpen")]["POSITION"]]
    assert target.sparse.count > 50 and target.min[1] < -0.01


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
