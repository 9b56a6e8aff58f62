"""Build the shipped motion library from the CMU clips in ../shared/data/cmu.

    python tools/build_motion_library.py            # writes src/cinemotion/motion/library/library.npz
                                                    # and src/cinemotion/language/open_actions_capture.yaml
    python tools/build_motion_library.py --probe 13_30   # the per-0.5 s evidence used to choose cuts

For every row of motion/library/segments.yaml:
    # 1. Read the clip (gzipped BVH), keep every k-th frame so it plays at ~30 fps
    # 2. Retarget it onto the reference body (1.72 m, average build) with motion/transfer/retarget.py
    # 3. Cut the window; trim still lead-ins and tails; snap each cut to the slowest frame within SNAP_S;
    #    `find: turn` picks the window of the fastest whole turn instead
    # 4. Measure the raw capture's foot skating on the same window (quality/gait.py, the product's metric); a
    #    locomotion segment whose retargeted feet skate more than SKATING_MARGIN above it is not shipped
    # 5. Quantise local rotations to int16, keep the root path as float32, contacts as bits
The product reads only what this writes; the clips never ship (the licence allows the motion inside the product,
never the clips as a pack).
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
import yaml
from scipy.spatial.transform import Rotation

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from cinemotion.body.bvh import read_bvh  # noqa: E402
from cinemotion.motion.transfer.retarget import map_joints, motion_frames, retarget  # noqa: E402
from cinemotion.body.skeleton import J, forward_kinematics, make_body  # noqa: E402
from cinemotion.quality.gait import foot_skating_ratio  # noqa: E402

CMU = REPO.parent / "shared" / "data" / "cmu"
LIBRARY = REPO / "src" / "cinemotion" / "motion" / "library"
CAPTURE_INDEX = REPO / "src" / "cinemotion" / "language" / "open_actions_capture.yaml"
FOOTHOLD_SOURCE = ("measured by tools/build_motion_library.py (footholds) on the CMU capture segments of"
                   " motion/library/segments.yaml (mocap.cs.cmu.edu)")
TARGET_FPS = 30.0
REFERENCE = {"height_m": 1.72, "build": "average"}
STILL_MPS = 0.15  # whole-body mean joint speed below which a lead-in or tail is standing still
SNAP_S = 0.25
TURN_WINDOW_S = 1.5
QUANT = 32767
LOCOMOTION_MPS = 0.5  # a segment whose root travels this fast on average is locomotion (the skating gate applies)
SKATING_MARGIN = 0.01  # shipped locomotion may skate at most this much more than the raw capture (same metric)
STANDING_MPS = 0.35
FOOTHOLD_LABELS = {"climb_stairs", "climb_ladder"}  # the set must build what these stand on


def load_clip(name: str):
    """A CMU clip at ~30 fps (every k-th frame of the 120 or 60 fps capture)."""
    with gzip.open(CMU / "bvh" / f"{name}.bvh.gz", "rt") as src, \
            tempfile.NamedTemporaryFile("w", suffix=".bvh", delete=False) as tmp:
        tmp.write(src.read())
    clip = read_bvh(tmp.name)
    Path(tmp.name).unlink()
    step = max(1, int(round(clip.fps / TARGET_FPS)))
    return dataclasses.replace(clip, rotations=clip.rotations[::step], translations=clip.translations[::step],
                               fps=clip.fps / step)


def joint_speed(joints: np.ndarray, fps: float) -> np.ndarray:
    """Mean joint speed (F,) in m/s."""
    return np.linalg.norm(np.gradient(joints, axis=0), axis=-1).mean(axis=1) * fps


def pelvis_yaw(rotations: np.ndarray) -> np.ndarray:
    forward = Rotation.from_quat(rotations[:, 0]).apply([0.0, 0.0, 1.0])
    return np.unwrap(np.arctan2(forward[:, 0], forward[:, 2]))


def choose_window(row: dict, joints: np.ndarray, rotations: np.ndarray, fps: float) -> tuple[int, int, str]:
    """First and last frame of the segment, and what the analysis found (the cut's evidence)."""
    n = len(joints)
    speed = joint_speed(joints, fps)
    if row.get("find") == "turn":
        yaw = pelvis_yaw(rotations)
        w = int(round(TURN_WINDOW_S * fps))
        turned = np.abs(yaw[w:] - yaw[:-w])
        a = int(np.argmax(turned))
        return a, a + w, f"turns {np.degrees(turned[a]):.0f} deg in {TURN_WINDOW_S} s"
    a = int(round(row.get("from_s", 0.0) * fps))
    b = min(n, int(round(row["to_s"] * fps)) if "to_s" in row else n)
    if row.get("partner"):  # the two partners of one take keep the same frames
        return a, b, "the take's frames, shared with the partner's"
    # a slow action (drinking) is slower than a still stance in a fast one: still is relative to the window
    still = min(STILL_MPS, 0.5 * float(np.median(speed[a:b])))
    while a < b - fps and speed[a] < still:
        a += 1
    while b > a + fps and speed[b - 1] < still:
        b -= 1
    snap = int(round(SNAP_S * fps))
    a = max(0, a - snap) + int(np.argmin(speed[max(0, a - snap):a + snap + 1]))
    lo = max(a + 1, b - snap)
    b = lo + int(np.argmin(speed[lo - 1:min(n, b + snap)])) if lo < n else n
    return a, min(b, n), f"cut at joint speeds {speed[a]:.2f} / {speed[min(b, n) - 1]:.2f} m/s"


def footholds(joints: np.ndarray, body, first_pose: np.ndarray) -> list[list[float]]:
    """Where the feet stood above the floor: [along the first pose's facing, to its left, sole height] (m) per
    planted interval whose sole is 0.1 m or more up (the steps a climb needs under it), from the first pelvis
    ground point."""
    forward = Rotation.from_quat(first_pose[0]).apply([0.0, 0.0, 1.0]) * [1, 0, 1]
    forward /= np.linalg.norm(forward)
    left = np.cross([0.0, 1.0, 0.0], forward)
    origin = joints[0, 0] * [1, 0, 1]
    holds = []
    fps = TARGET_FPS
    for side in ("left", "right"):
        ankle = J[f"{side}_ankle"]
        # planted: the ankle nearly still for a quarter second (a foot on a step is not low, so not a contact
        # by height; its stillness is what says it stands there)
        still = np.linalg.norm(np.gradient(joints[:, ankle], axis=0), axis=1) * fps < STANDING_MPS
        n = int(0.15 * fps)
        on = np.convolve(still, np.ones(n), "same") >= n - 1
        edges = np.flatnonzero(np.diff(np.concatenate([[0], on.astype(int), [0]])))
        for s, e in zip(edges[::2], edges[1::2]):
            sole = float(np.median(joints[s:e, ankle, 1]) - body.rest[ankle, 1])
            if sole >= 0.1:
                offset = np.median(joints[s:e, ankle] - origin, axis=0)
                holds.append([round(float(offset @ forward), 3), round(float(offset @ left), 3), round(sole, 3)])
    return sorted(holds)


def probe(name: str) -> None:
    clip = load_clip(name)
    p = map_joints(clip, clip.positions())
    p = p[motion_frames(p)]
    v = np.linalg.norm(np.diff(p, axis=0), axis=-1) * clip.fps
    step = max(1, int(clip.fps / 2))
    print(f"{name}: {len(p) / clip.fps:.1f} s")
    for k in range(0, len(p) - 1, step):
        s = slice(k, k + step)
        head = p[s, 15, 1].mean()
        print(f"{k / clip.fps:5.1f} s  pelvis {p[s, 0, 1].mean():.2f} m (range {np.ptp(p[s, 0, 1]):.2f})  "
              f"wrists {p[s][:, [20, 21], 1].max() - head:+.2f} m re head, {v[s][:, [20, 21]].max():.1f} m/s  "
              f"ankles {p[s][:, [7, 8], 1].max():.2f} m, {v[s][:, [7, 8]].max():.1f} m/s  "
              f"stance {np.linalg.norm(p[s, 7] - p[s, 8], axis=1).mean():.2f} m")


def build() -> None:
    table = yaml.safe_load((LIBRARY / "segments.yaml").read_text())["segments"]
    body = make_body(**REFERENCE)
    rotations, roots, contacts, meta = [], [], [], []
    offset = 0
    cache: dict[str, tuple] = {}
    rejected: dict[str, str] = {}  # the quality gate: clips whose retargeted feet skate more than the capture's
    for row in table:
        name = row["clip"]
        if name not in cache:
            clip = load_clip(name)
            r = retarget(clip, body)
            raw = map_joints(clip, clip.positions())
            raw = raw[motion_frames(raw)]
            # stood on the ground as retargeting stands it (ankles' 5th-percentile height = the body's resting
            # ankle height), so the skating metric's height threshold means the same on both
            ankles = raw[:, [J["left_ankle"], J["right_ankle"]], 1]
            raw[..., 1] -= np.percentile(ankles, 5) - body.rest[J["left_ankle"], 1]
            cache = {name: (r, raw)}
        r, raw = cache[name]
        joints = forward_kinematics(body.offsets, r.root, r.rotations)
        a, b, found = choose_window(row, joints, r.rotations, r.fps)
        raw_skating = foot_skating_ratio(raw[a:b], r.fps)
        ours = foot_skating_ratio(joints[a:b], r.fps)
        travel = np.linalg.norm(np.diff(r.root[a:b, [0, 2]], axis=0), axis=1).mean() * r.fps
        if travel >= LOCOMOTION_MPS and ours > raw_skating + SKATING_MARGIN or rejected.get(row.get("partner")):
            rejected[name] = f"skating {ours:.3f} vs raw {raw_skating:.3f}" if name not in rejected else rejected[name]
            print(f"{name:18s} {row['label']:16s} rejected: {rejected.get(name) or 'its partner was'}", flush=True)
            continue
        rotations.append(np.round(r.rotations[a:b] * QUANT).astype(np.int16))
        roots.append(r.root[a:b].astype(np.float32))
        contacts.append(r.contacts[a:b].astype(bool))
        meta.append({
            "clip": name, "label": row["label"], "mode": row["mode"], "description": row["description"],
            "cut": f"{row['cut']}; {found}", "partner": row.get("partner"),
            "start_s": round(a / r.fps, 2), "end_s": round(b / r.fps, 2), "first": offset, "frames": b - a,
            "raw_skating": round(raw_skating, 4),
        })
        meta[-1]["footholds"] = footholds(joints[a:b], body, r.rotations[a])
        offset += b - a
        print(f"{name:18s} {row['label']:16s} {a / r.fps:6.2f}-{b / r.fps:6.2f} s  {found}", flush=True)
    np.savez_compressed(
        LIBRARY / "library.npz", rotations=np.concatenate(rotations), root=np.concatenate(roots),
        contacts=np.packbits(np.concatenate(contacts), axis=0), n_frames=np.int64(offset),
        fps=np.float32(TARGET_FPS), reference=json.dumps(REFERENCE), segments=json.dumps(meta))
    index: dict[str, list[str]] = {}
    descriptions: dict[str, list[str]] = {}
    for m in meta:
        index.setdefault(m["label"], []).append(performer(m))
        if m["description"] not in descriptions.setdefault(m["label"], []):
            descriptions[m["label"]].append(m["description"])
    by_clip = {m["clip"]: m for m in meta}
    partners = {performer(m): performer(by_clip[m["partner"]]) for m in meta if m["partner"]}
    holds = {performer(m): m["footholds"] for m in meta if m["footholds"] and m["label"] in FOOTHOLD_LABELS}
    CAPTURE_INDEX.write_text(
        "# Generated by tools/build_motion_library.py from motion/library/segments.yaml: do not edit.\n"
        "# segments: each open-action label the motion library performs → its segments, as plan.json names them;\n"
        "# partners: the other dancer's segment of a couple's take; descriptions: the CMU descriptions (for matching);\n"
        "# footholds: [along the first facing, to its left, sole height] (m, 1.72 m body)"
        " where a climb's feet stood above the floor.\n"
        + yaml.safe_dump({"segments": index, "partners": partners, "descriptions": descriptions, "footholds": holds,
                          "source": FOOTHOLD_SOURCE},
                         allow_unicode=True, sort_keys=True, width=200), encoding="utf-8")
    size = (LIBRARY / "library.npz").stat().st_size
    print(f"{len(meta)} segments, {offset} frames ({offset / TARGET_FPS:.0f} s), {size / 1e6:.2f} MB")


def performer(meta: dict) -> str:
    """The source string plan.json records: capture:cmu/13_18 12.4–15.9 s "boxing"."""
    return f'capture:cmu/{meta["clip"]} {meta["start_s"]:.1f}–{meta["end_s"]:.1f} s "{meta["description"]}"'


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--probe", nargs="*", help="print the cut evidence of these clips instead of building")
    args = parser.parse_args()
    if args.probe:
        for clip_name in args.probe:
            probe(clip_name)
    else:
        build()
