"""BVH from other rigs: real CMU captures rebuilt as Mixamo, Unreal, Unity, Rokoko, Bandai-Namco, CMU ASF, Daz,
3ds Max Biped and anonymous rigs (other units, Z up, A-pose, twist bones, fingers, props, re-rooted) transfer with
the performer's speed and cadence, and the body is found where it is (left is left)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from cinemotion.body.bvh import read_bvh
from cinemotion.motion.transfer.retarget import map_joints, motion_frames, retarget
from cinemotion.body.rig import upright
from cinemotion.body.skeleton import J, forward_kinematics, make_body
from cinemotion.motion.transfer.clip import transfer_storyboard
from cinemotion.motion.transfer.video_pose import VideoClip
from cinemotion.quality.gait import measure_gait

import rig_files as rf
from mocap_data import MOCAP

BODY = make_body(1.72)
WALK = MOCAP / "cmu_131_01_start_walk_stop.bvh"  # 3ds Max-style names: Hips, LeftHip, …, lhand, LFingers
DAZ_WALK = rf.CMU_BVH / "02_01.bvh.gz"  # Daz names, fingers, eyes, buttocks
RUN = rf.CMU_BVH / "09_03.bvh.gz"
# the walk's joints by part; {S} Left/Right, {s} L/R, {x} l/r
PARTS = {"Hips": "pelvis", "lowerback": "spine_a", "Chest": "spine_b", "Chest2": "spine_c", "lowerneck": "neck",
         "Neck": "neck_b", "Head": "head", "{S}Hip": "hip", "{S}Knee": "knee", "{S}Ankle": "ankle", "{S}Toe": "toe",
         "{S}Collar": "collar", "{S}Shoulder": "shoulder", "{S}Elbow": "elbow", "{S}Wrist": "wrist",
         "{x}hand": "hand", "{s}Fingers": "fingers", "{s}Thumb": "thumb", "{s}HipJoint": "hip_root"}
# each convention's name for the parts, {side} its word for the side (rig_names.yaml has the sources)
CONVENTIONS = {
    "mixamo": (("Left", "Right"), {
        "pelvis": "mixamorig:Hips", "spine_a": "mixamorig:Spine", "spine_b": "mixamorig:Spine1",
        "spine_c": "mixamorig:Spine2", "neck": "mixamorig:Neck", "neck_b": "mixamorig:Neck1",
        "head": "mixamorig:Head", "hip": "mixamorig:{side}UpLeg", "knee": "mixamorig:{side}Leg",
        "ankle": "mixamorig:{side}Foot", "toe": "mixamorig:{side}ToeBase", "collar": "mixamorig:{side}Shoulder",
        "shoulder": "mixamorig:{side}Arm", "elbow": "mixamorig:{side}ForeArm", "wrist": "mixamorig:{side}Hand",
        "hand": "mixamorig:{side}HandMiddle1", "fingers": "mixamorig:{side}HandMiddle2",
        "thumb": "mixamorig:{side}HandThumb1"}),
    "unreal": (("l", "r"), {
        "pelvis": "pelvis", "spine_a": "spine_01", "spine_b": "spine_02", "spine_c": "spine_03", "neck": "neck_01",
        "neck_b": "neck_02", "head": "head", "hip": "thigh_{side}", "knee": "calf_{side}", "ankle": "foot_{side}",
        "toe": "ball_{side}", "collar": "clavicle_{side}", "shoulder": "upperarm_{side}",
        "elbow": "lowerarm_{side}", "wrist": "hand_{side}", "hand": "middle_01_{side}",
        "fingers": "middle_02_{side}", "thumb": "thumb_01_{side}"}),
    "unity": (("Left", "Right"), {
        "pelvis": "Hips", "spine_a": "Spine", "spine_b": "Chest", "spine_c": "UpperChest", "neck": "Neck",
        "neck_b": "NeckUpper", "head": "Head", "hip": "{side}UpperLeg", "knee": "{side}LowerLeg",
        "ankle": "{side}Foot", "toe": "{side}Toes", "collar": "{side}Shoulder", "shoulder": "{side}UpperArm",
        "elbow": "{side}LowerArm", "wrist": "{side}Hand", "hand": "{side}MiddleProximal",
        "fingers": "{side}MiddleIntermediate", "thumb": "{side}ThumbProximal"}),
    "rokoko": (("Left", "Right"), {
        "pelvis": "Hips", "spine_a": "Spine1", "spine_b": "Spine2", "spine_c": "Spine3", "neck": "Neck",
        "neck_b": "Neck2", "head": "Head", "hip": "{side}Thigh", "knee": "{side}Shin", "ankle": "{side}Foot",
        "toe": "{side}Toe", "collar": "{side}Shoulder", "shoulder": "{side}Arm", "elbow": "{side}ForeArm",
        "wrist": "{side}Hand", "hand": "{side}FingerMiddle1", "fingers": "{side}FingerMiddle2",
        "thumb": "{side}FingerThumb1"}),
    "bandai_namco": (("L", "R"), {
        "pelvis": "Hips", "spine_a": "Spine", "spine_b": "Chest", "spine_c": "UpperChest", "neck": "Neck",
        "neck_b": "Neck2", "head": "Head", "hip": "UpperLeg_{side}", "knee": "LowerLeg_{side}",
        "ankle": "Foot_{side}", "toe": "Toes_{side}", "collar": "Shoulder_{side}", "shoulder": "UpperArm_{side}",
        "elbow": "LowerArm_{side}", "wrist": "Hand_{side}", "hand": "Palm_{side}", "fingers": "Fingers_{side}",
        "thumb": "Thumb_{side}"}),
    "cmu_asf": (("l", "r"), {
        "pelvis": "root", "spine_a": "lowerback", "spine_b": "upperback", "spine_c": "thorax", "neck": "lowerneck",
        "neck_b": "upperneck", "head": "head", "hip_root": "{side}hipjoint", "hip": "{side}femur",
        "knee": "{side}tibia", "ankle": "{side}foot", "toe": "{side}toes", "collar": "{side}clavicle",
        "shoulder": "{side}humerus", "elbow": "{side}radius", "wrist": "{side}wrist", "hand": "{side}hand",
        "fingers": "{side}fingers", "thumb": "{side}thumb"}),
    "daz": (("l", "r"), {
        "pelvis": "hip", "spine_a": "abdomenLower", "spine_b": "abdomenUpper", "spine_c": "chestUpper",
        "neck": "neckLower", "neck_b": "neckUpper", "head": "head", "hip_root": "{side}Buttock",
        "hip": "{side}ThighBend", "knee": "{side}Shin", "ankle": "{side}Foot", "toe": "{side}Toe",
        "collar": "{side}Collar", "shoulder": "{side}ShldrBend", "elbow": "{side}ForearmBend",
        "wrist": "{side}Hand", "hand": "{side}Carpal3", "fingers": "{side}Mid1", "thumb": "{side}Thumb1"}),
    "biped": (("L", "R"), {
        "pelvis": "Bip01 Pelvis", "spine_a": "Bip01 Spine", "spine_b": "Bip01 Spine1", "spine_c": "Bip01 Spine2",
        "neck": "Bip01 Neck", "neck_b": "Bip01 Neck1", "head": "Bip01 Head", "hip": "Bip01 {side} Thigh",
        "knee": "Bip01 {side} Calf", "ankle": "Bip01 {side} Foot", "toe": "Bip01 {side} Toe0",
        "collar": "Bip01 {side} Clavicle", "shoulder": "Bip01 {side} UpperArm", "elbow": "Bip01 {side} Forearm",
        "wrist": "Bip01 {side} Hand", "hand": "Bip01 {side} Finger2", "fingers": "Bip01 {side} Finger21",
        "thumb": "Bip01 {side} Finger0"}),
}
Z_UP = Rotation.from_euler("x", 90, degrees=True)  # +Y (up) becomes +Z
CM, INCH = 100.0, 1 / 0.0254


def _names(convention: str) -> dict[str, str]:
    words, table = CONVENTIONS[convention]
    out = {}
    for pattern, part in PARTS.items():
        if part not in table:
            continue
        for k, (big, small, lower) in enumerate((("Left", "L", "l"), ("Right", "R", "r"))):
            source = pattern.format(S=big, s=small, x=lower)
            out[source] = table[part].format(side=words[k])
    return out


def _a_pose(rig: rf.Rig, left: str, right: str) -> rf.Rig:
    """Arms rested 45° down from the capture's T-pose."""
    rf.repose(rig, left, Rotation.from_euler("z", 45, degrees=True))
    return rf.repose(rig, right, Rotation.from_euler("z", -45, degrees=True))


def _fingers(rig: rf.Rig, hand: str, side: float) -> rf.Rig:
    for k, spread in enumerate((-0.02, 0.0, 0.02)):
        rf.add_joint(rig, f"{hand}_finger{k}", hand, [side * 0.03, -0.01, spread])
    return rig


def mixamo_m():
    return rf.rename(rf.load(WALK), _names("mixamo")), "mixamo", "m"


def mixamo_unnamed_neck():
    """Neck joints of custom names: the neck is where the arms branch."""
    names = _names("mixamo") | {"lowerneck": "Throat_A", "Neck": "Throat_B"}
    return rf.rename(rf.load(WALK), names), "mixamo", "m"


def unreal_rooted_cm_twists_ik():
    rig = rf.reroot(rf.rename(rf.load(WALK), _names("unreal")), "root")
    for side, x in (("l", 1), ("r", -1)):
        rf.add_joint(rig, f"upperarm_twist_01_{side}", f"upperarm_{side}", [x * 0.12, 0, 0])
        rf.add_joint(rig, f"thigh_twist_01_{side}", f"thigh_{side}", [0, -0.2, 0])
    rf.add_joint(rig, "ik_foot_root", "root", [0, 0, 0])
    for side, x in (("l", 1), ("r", -1)):
        rf.add_joint(rig, f"ik_foot_{side}", "ik_foot_root", [x * 0.1, 0.08, 0])
    return rf.scale(rig, CM), "unreal", "cm"


def unity_a_pose():
    rig = rf.rename(rf.load(WALK), _names("unity"))
    return _a_pose(rig, "LeftUpperArm", "RightUpperArm"), "unity", "m"


def rokoko_cm():
    return rf.scale(rf.rename(rf.load(WALK), _names("rokoko")), CM), "rokoko", "cm"


def bandai_namco_cm():
    return rf.scale(rf.rename(rf.load(WALK), _names("bandai_namco")), CM), "bandai_namco", "cm"


def cmu_asf_inches():
    return rf.scale(rf.rename(rf.load(WALK), _names("cmu_asf")), INCH), "cmu_asf", "inch"


def daz_genesis_twist_bones_cm():
    rig = rf.rename(rf.load(WALK), _names("daz"))
    for side in "lr":
        rf.split_bone(rig, f"{side}Shin", f"{side}ThighTwist")
        rf.split_bone(rig, f"{side}ForearmBend", f"{side}ShldrTwist")
        rf.split_bone(rig, f"{side}Hand", f"{side}ForearmTwist")
    return rf.scale(rig, CM), "daz", "cm"


def biped_z_up_inches():
    rig = rf.reroot(rf.rename(rf.load(WALK), _names("biped")), "Bip01")
    return rf.scale(rf.turn_world(rig, Z_UP), INCH), "biped", "inch"


def anonymous_z_up_cm_a_pose_fingers_prop():
    rig = _fingers(_fingers(rf.load(WALK), "LeftWrist", 1.0), "RightWrist", -1.0)
    _a_pose(rig, "LeftShoulder", "RightShoulder")
    rf.add_joint(rig, "sword", "RightWrist", [-0.05, -0.02, 0.9])
    rf.rename(rig, {}, anonymous=True)
    return rf.scale(rf.turn_world(rig, Z_UP), CM), "topology", "cm"


def mixamo_y_up_skeleton_z_up_root_cm():
    rig = rf.rename(rf.load(WALK), _names("mixamo"))
    return rf.scale(rf.turn_root(rig, Z_UP), CM), "mixamo", "cm"


def anonymous_no_toes():
    """No foot bone to say which way is forward: the knees' bending does."""
    rig = rf.remove(rf.remove(rf.load(WALK), "LeftToe"), "RightToe")
    return rf.rename(rig, {}, anonymous=True), "topology", "m"


def anonymous_daz_walk_fingers_eyes():
    return rf.rename(rf.load(DAZ_WALK), {}, anonymous=True), "topology", "m"


def anonymous_run_twist_bones_rerooted():
    rig = rf.load(RUN)
    for side in "lr":
        rf.split_bone(rig, f"{side}ForeArm", f"{side}ShldrTwist")
        rf.split_bone(rig, f"{side}Shin", f"{side}ThighTwist")
    rig = rf.reroot(rig, "world")
    return rf.scale(rf.rename(rig, {}, anonymous=True), CM), "topology", "cm"


RIGS = [mixamo_m, mixamo_unnamed_neck, unreal_rooted_cm_twists_ik, unity_a_pose, rokoko_cm, bandai_namco_cm, cmu_asf_inches,
        daz_genesis_twist_bones_cm, biped_z_up_inches, mixamo_y_up_skeleton_z_up_root_cm,
        anonymous_z_up_cm_a_pose_fingers_prop, anonymous_no_toes, anonymous_daz_walk_fingers_eyes,
        anonymous_run_twist_bones_rerooted]


def _original(build) -> tuple[np.ndarray, float]:
    """The original capture's joints as our skeleton's (mapped by name), and its fps."""
    path = {anonymous_daz_walk_fingers_eyes: DAZ_WALK, anonymous_run_twist_bones_rerooted: RUN}.get(build, WALK)
    clip = read_bvh(rf.write(rf.load(path), Path("/tmp") / f"rig_original_{path.stem}.bvh"))
    positions = clip.positions()
    return map_joints(clip, positions[motion_frames(positions)]), clip.fps


@pytest.mark.parametrize("build", RIGS, ids=lambda b: b.__name__)
def test_rig_transfers_with_the_performers_speed_and_cadence(build, tmp_path):
    rig, convention, unit = build()
    path = rf.write(rig, tmp_path / f"{build.__name__}.bvh")
    clip = read_bvh(path)
    assert (clip.rig.convention, clip.unit) == (convention, unit)
    original, fps = _original(build)
    moved = retarget(clip, BODY)
    joints = forward_kinematics(BODY.offsets, moved.root, moved.rotations)
    theirs, ours = measure_gait(original, fps), measure_gait(joints, clip.fps)
    for metric in ("speed_mps", "cadence_spm"):
        assert ours[metric] == pytest.approx(theirs[metric], rel=0.10), \
            f"{build.__name__}: {metric} {ours[metric]:.3f} transferred vs {theirs[metric]:.3f} captured"
    # the body is where it was: the same feet, hands and head (left is left), upright, in metres
    found = map_joints(clip, clip.positions()[motion_frames(clip.positions())])
    for joint in ("pelvis", "left_ankle", "right_ankle", "left_wrist", "right_wrist", "head", "left_knee"):
        gap = np.linalg.norm(found[:, J[joint]] - original[:, J[joint]], axis=-1).max()
        assert gap < 0.03, f"{build.__name__}: {joint} found {gap * 100:.1f} cm from the capture's"


def test_the_plan_says_how_the_rig_was_read(tmp_path):
    anonymous, _, _ = anonymous_z_up_cm_a_pose_fingers_prop()
    named, _, _ = cmu_asf_inches()
    shape = transfer_storyboard(rf.write(anonymous, tmp_path / "anon.bvh")).shots[0].notes
    names = transfer_storyboard(rf.write(named, tmp_path / "asf.bvh")).shots[0].notes
    assert any("anon.bvh" in n and "shape of its hierarchy" in n and "centimetres" in n for n in shape), shape
    assert any("asf.bvh" in n and "CMU ASF names" in n and "inches" in n for n in names), names


def test_a_clip_naming_our_own_joints_maps_onto_itself():
    """video_pose's clips carry our skeleton's names and parents (the SMPL convention)."""
    walk, fps = _original(mixamo_m)
    clip = VideoClip(joints=walk, fps=fps, height_m=1.72)
    assert np.abs(map_joints(clip, clip.positions()) - walk).max() < 1e-4  # spine resampled along its chain


def test_a_body_lying_in_a_y_up_world_keeps_its_y():
    """A crawl: the rest pose stands along Y, the motion lies along Z; the floor (knees and hands at y = 0) says Y."""
    walk, _ = _original(mixamo_m)
    lying = Rotation.from_euler("x", 90, degrees=True).apply(walk.reshape(-1, 3)).reshape(walk.shape)
    lying[..., 1] -= lying[..., 1].min(axis=1, keepdims=True)  # something on the floor in every frame
    assert np.allclose(upright(lying, np.array([0.0, 1.0, 0.0])), lying)
    standing = upright(lying, np.array([0.0, 0.0, 1.0]))  # a Z-up rig: stood up
    assert np.median(standing[:, J["head"], 1] - standing[:, 0, 1]) > 0.3


def test_a_quadruped_is_refused_saying_why(tmp_path):
    """Four legs hang below a horizontal spine: no pair of limbs points away from the body like legs."""
    text = ["HIERARCHY", "ROOT hips", "{", "OFFSET 0 60 0", "CHANNELS 6 Xposition Yposition Zposition "
            "Zrotation Xrotation Yrotation"]

    def limb(name, first):
        return [f"JOINT {name}a", "{", f"OFFSET {first}", "CHANNELS 3 Zrotation Xrotation Yrotation",
                f"JOINT {name}b", "{", "OFFSET 0 -30 0", "CHANNELS 3 Zrotation Xrotation Yrotation",
                f"JOINT {name}c", "{", "OFFSET 0 -28 0", "CHANNELS 3 Zrotation Xrotation Yrotation",
                "End Site", "{", "OFFSET 0 0 8", "}", "}", "}", "}"]

    text += limb("hind_l", "12 0 0") + limb("hind_r", "-12 0 0")
    text += ["JOINT back", "{", "OFFSET 0 0 70", "CHANNELS 3 Zrotation Xrotation Yrotation"]
    text += limb("fore_l", "12 0 0") + limb("fore_r", "-12 0 0")
    text += ["JOINT neck", "{", "OFFSET 0 15 20", "CHANNELS 3 Zrotation Xrotation Yrotation", "End Site", "{",
             "OFFSET 0 5 15", "}", "}", "}", "}"]
    channels = 6 + 3 * 14
    text += ["MOTION", "Frames: 2", "Frame Time: 0.0333333"] + [" ".join(["0"] * channels)] * 2
    path = tmp_path / "dog.bvh"
    path.write_text("\n".join(text) + "\n")
    clip = read_bvh(path)
    with pytest.raises(Exception) as err:
        retarget(clip, BODY)
    assert "dog.bvh: no humanoid found" in str(err.value) and "legs" in str(err.value)
