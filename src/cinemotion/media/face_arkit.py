"""`face_arkit.csv`: the face's 52 ARKit blendshape curves per frame, in Live Link Face's CSV layout
(Timecode, BlendShapeCount, then the curves capitalised as that app writes them), which Unreal's
Live Link and Rokoko Studio import. The film's first actor goes in `face_arkit.csv`; any other
actor in `face_arkit_<actor>.csv`."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cinemotion.body.human.face import arkit_weights, gaze_units
from cinemotion.body.human.model import face_unit_names, fit_body
from cinemotion.body.human.pose import pose_bones
from cinemotion.media.atomic import write_text
from cinemotion.motion.performance import ActorMotion
from cinemotion.spec.models import Character


def timecode(frame: int, fps: float) -> str:
    """HH:MM:SS:FF.mmm, as Live Link Face stamps its rows."""
    whole = int(round(fps))
    seconds, ff = divmod(frame, whole)
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}:{ff:02d}.000"


def face_curves(motion: ActorMotion, character: Character) -> np.ndarray:
    """(F, 52): the expression channels plus the eyes' turn towards the gaze."""
    body = fit_body(motion.offsets, character.sex, character.age, character.build)
    poses = pose_bones(body, motion.rotations, motion.joints, None, motion.gaze)
    return arkit_weights(motion.expression, motion.n_frames, gaze_units(poses))


def face_csv(motions: list[ActorMotion], character: Character, fps: float) -> str:
    units = face_unit_names()
    weights = np.concatenate([face_curves(m, character) for m in motions])
    header = ["Timecode", "BlendShapeCount"] + [u[0].upper() + u[1:] for u in units]
    rows = [",".join(header)]
    for f, w in enumerate(weights):
        rows.append(",".join([timecode(f, fps), str(len(units))] + [f"{x:.4f}" for x in w]))
    return "\n".join(rows) + "\n"


def write_face_arkit(directory: Path, motions_by_actor: dict[str, list[ActorMotion]],
                     characters: dict[str, Character], fps: float) -> None:
    for k, (actor_id, motions) in enumerate(motions_by_actor.items()):
        name = "face_arkit.csv" if k == 0 else f"face_arkit_{actor_id}.csv"
        write_text(Path(directory) / name, face_csv(motions, characters[actor_id], fps))
