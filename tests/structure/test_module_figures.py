"""No unsourced world numbers in stage modules (notes/CONTRACTS.md, "Figures and constants").

A module-level assignment whose value holds a number literal (alone, in arithmetic, a tuple, a list, a dict or a
call such as np.array) is a figure, and figures live in the YAML table beside the module with their sources. The
only numbers that may stay in code are software limits and formats (kind b), named in ALLOWED below with why.
Numbers used as an index (`table["rows"][0]`) are layout and are not counted.

The scan covers every module of the package (COVERED).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "cinemotion"

# the modules whose module-level numbers are checked (globs under src/cinemotion): all of them, so a new module
# is held to the rule from its first commit
COVERED = ("**/*.py",)

# kind (b), software limits and formats that stay in code: "module:NAME" → what kind of number it is
ALLOWED = {
    # formats, layouts and conventions: the value is a definition, not a measurement
    "core/color.py:SRGB_TO_XYZ": "standard: IEC 61966-2-1 sRGB to XYZ matrix",
    "core/color.py:D65_WHITE": "standard: CIE D65 white point",
    "core/color.py:DOMINANT_CLUSTERS": "method setting: k-means cluster count",
    "body/skeleton.py:PARENTS": "layout: SMPL's kinematic tree",
    "body/skeleton.py:BONES": "layout: (parent, child) pairs",
    "body/bvh.py:UNITS_M": "definitions: length units in metres",
    "language/timing.py:NUMBER_WORDS": "definitions: number words",
    "language/timing.py:UNITS": "definitions: time units in seconds",
    "language/espeak_engine.py:AUDIO_OUTPUT_SYNCHRONOUS": "protocol: espeak-ng speak_lib.h",
    "language/espeak_engine.py:INITIALIZE_PHONEME_EVENTS": "protocol: espeak-ng speak_lib.h",
    "language/espeak_engine.py:CHARS_UTF8": "protocol: espeak-ng speak_lib.h",
    "language/espeak_engine.py:POS_CHARACTER": "protocol: espeak-ng speak_lib.h",
    "language/espeak_engine.py:EVENT_LIST_TERMINATED": "protocol: espeak-ng speak_lib.h",
    "language/espeak_engine.py:PARAM_RATE": "protocol: espeak-ng speak_lib.h",
    "language/voice.py:SAMPLE_RATE": "format: the soundtrack's sample rate",
    "audio/score.py:SAMPLE_RATE": "format: the soundtrack's sample rate",
    "render/lighting.py:XYZ_TO_SRGB": "standard: IEC 61966-2-1 XYZ to linear sRGB",
    "render/lighting.py:LUMA": "standard: ITU-R BT.709 luma weights",
    "render/lighting.py:MID_GREY": "convention: the 18 % grey card exposure puts at mid-grey",
    "render/body.py:REC709_LUMA": "standard: ITU-R BT.709 luma weights",
    "render/body.py:HAND_BONES": "layout: hand-21's palm edges",
    "render/mesh.py:VERTEX_FLOATS": "layout: a set vertex",
    "render/mesh.py:_BOX_FACES": "layout: a box's faces",
    "render/lightmap.py:LIGHTMAP_FLOATS": "layout: a set vertex and its lightmap coordinate",
    "render/particles.py:FLOATS": "layout: a particle",
    "render/particles.py:SOFT": "format: the particle shader's shape codes",
    "render/extras.py:BACKGROUND_INSTANCE": "format: masks.mp4's background id",
    "render/animals.py:UP": "convention: Y up",
    "render/gl.py:OPENCV_TO_OPENGL": "convention: OpenCV to OpenGL camera axes",
    "render/gl.py:PCI_VENDORS": "protocol: PCI vendor ids",
    "render/gl.py:EGL_EXTENSIONS": "protocol: eglext.h",
    "render/frames.py:PREVIEW_SHORT_SIDE": "format: --preview's 480p",
    "audio/ambience.py:SAMPLE_RATE": "format: the soundtrack's sample rate",
    "audio/effects.py:SAMPLE_RATE": "format: the soundtrack's sample rate",
    "audio/reverb.py:SAMPLE_RATE": "format: the soundtrack's sample rate",
    "audio/onsets.py:WINDOW": "analysis setting: STFT frame",
    "audio/onsets.py:HOP": "analysis setting: STFT hop",
    "quality/video.py:LUMA": "standard: ITU-R BT.709 luma weights",
    "motion/jump/phases.py:CLEARANCE_TRIES": "solver setting: re-solves of a flight that touches its obstacle",
    "media/trajectories.py:TORA_CANVAS": "format: Tora / MotionCtrl canvas",
    "media/trajectories.py:KLING_MAX_DYNAMIC_MASKS": "protocol: Kling image2video",
    "media/trajectories.py:KLING_POINTS": "protocol: Kling image2video",
    "media/controls.py:MASK_COLORS": "format: masks.mp4's palette",
    "backends/diffusers_backend.py:SIZE_MULTIPLE": "format: Wan's VAE and patch size",
    "backends/diffusers_backend.py:TEMPORAL_STRIDE": "format: Wan's VAE frame stride",
    "backends/kling.py:TOKEN_LIFETIME_S": "protocol: Kling's JWT",
    "backends/kling.py:CLOCK_SKEW_S": "protocol: Kling's JWT",
    "backends/kling.py:RETRYABLE": "protocol: HTTP statuses worth a retry",
    "media/encode.py:_ENCODER_ENV": "limit: glibc mmap threshold for the FFmpeg processes (memory returned when freed)",
    "media/encode.py:_LOOKAHEAD_AREA": "limit: the largest frame (1080p) the film keeps x264's lookahead for (memory)",
    "media/body_glb.py:FLOAT": "protocol: glTF 2.0 componentType codes",
    "media/body_glb.py:ARRAY_BUFFER": "protocol: glTF 2.0 bufferView targets",
    "media/bvh_export.py:UNITS": "definitions: file units per metre",
    "media/openpose.py:FACE_HEAD_POINTS": "format: face-70 indices of COCO's head points",
    "media/openpose.py:N_FACE": "format: OpenPose keypoint counts",
    "media/pose_video.py:LIMBS": "format: the OpenPose annotator's COCO-18 limbs",
    "media/pose_video.py:COLORS": "format: the OpenPose annotator's limb colours",
    "media/pose_video.py:FOOT_LIMBS": "format: the annotator's foot limbs",
    "media/pose_video.py:FOOT_COLORS": "format: the annotator's foot colours",
    "media/pose_video.py:HAND_EDGES": "format: OpenPose hand-21 edges",
    "media/pose_video.py:HAND_COLORS": "format: the annotator's hand hues",
    "media/pose_video.py:ANNOTATOR_RESOLUTION": "format: the annotator's drawing size",
    "media/pose_video.py:STICK_WIDTH": "format: the annotator's pixel sizes",
    "motion/library/store.py:QUANT": "format: int16 quaternions in library.npz",
    "motion/pose.py:ANGLE_AXES": "convention: each named angle's joint, axis and sign",
    "motion/pose.py:_AXIS": "layout: axis name to index",
    "motion/extremities/hands.py:HAND_AXES": "convention: the rest pose's hand frames",
    "motion/extremities/hands.py:N_ANGLES": "layout: the hand's angle vector",
    "motion/gesture/layer.py:AXES": "convention: pose.py's angle channels, collar elevation and head tilt",
    "motion/gesture/layer.py:_AXIS": "layout: axis name to index",
    "motion/extremities/face.py:MIRROR": "format: iBUG-68's left/right partners",
    "motion/extremities/face.py:PUPILS": "format: OpenPose face-70's pupils",
    "motion/gesture/arms.py:REST_FINGERS": "convention: the rest pose's hanging hand",
    "motion/gesture/arms.py:REST_PALM": "convention: the rest pose's palms",
    "motion/gesture/arms.py:ELBOW_REST_POLE": "convention: the rest pose's elbow bend",
    "motion/locomotion/gait_swing.py:SWING_KEYS": "layout: the swing curves' five keys in body/gaits.yaml",
    "motion/locomotion/gait_swing.py:UP": "convention: Y up",
    "motion/perform/contact.py:UP": "convention: Y up",
    "motion/perform/contact.py:FORWARD": "convention: the rest pose faces +Z",
    "motion/transfer/retarget.py:FORWARD": "convention: the rest pose faces +Z",
    "motion/transfer/retarget.py:UP": "convention: Y up",
    "motion/transfer/retarget.py:LEFT": "convention: left = +X",
    "motion/transfer/video_pose.py:BLAZEPOSE": "format: BlazePose's 33-landmark indices",
    "camera/subject.py:UP": "convention: Y up",
    "physics/springs.py:GRAVITY": "convention: gravity along -Y (its size is ballistics.yaml's)",
    # software limits and solver settings: what the program accepts or spends, not a fact about the world
    "body/bvh.py:MIN_FPS": "input limit: a BVH Frame Time",
    "body/bvh.py:MAX_ABS_VALUE": "input limit: a BVH channel value",
    "body/bvh.py:MOTION_SAMPLE": "work bound: frames the rig finder reads",
    "body/ik.py:REACH_SLACK": "numerical guard: never fully straight",
    "physics/springs.py:SUBSTEPS": "solver setting: Verlet sub-steps",
    "direct/extras.py:SAMPLES_PER_PATH": "sampling: instants a path is checked at",
    "language/parse.py:MIN_DURATION_S": "input limit: the shortest shot",
    "language/reference.py:MAX_IMAGES": "input limit: reference photos",
    "language/reference.py:MAX_IMAGE_BYTES": "input limit: a reference photo's size",
    "language/reference.py:MAX_IMAGE_PIXELS": "input limit: a reference photo's pixels",
    "motion/transfer/video_pose.py:MAX_VIDEO_BYTES": "input limit: a video's size",
    "motion/transfer/video_pose.py:MAX_PIXELS": "input limit: a video frame's pixels",
    "media/aac.py:MAX_ENCODES": "work bound: AAC encodes tried",
    "audio/loudness.py:OVERSAMPLING": "standard: ITU-R BS.1770-4 annex 2 reads the true peak 4x oversampled",
    "audio/loudness.py:PEAK_BOUND_SLACK": "numerical tolerance: float rounding under the true-peak bound",
    "motion/extremities/face.py:FINE_HZ": "sampling: the visemes' fine clock",
    "body/human/contact.py:AGREE": "method setting: nearest vertices that vote",
    "body/human/hems.py:LEVEL": "method setting: a hem is the covered field's half-way line",
    "body/human/hems.py:BELOW": "float tolerance: a value left on the line by an earlier cut",
    "body/human/performed.py:CONJUGATE": "maths convention: a unit quaternion's inverse negates its vector part",
    "body/human/performed.py:DRESSED_KEPT": "memory limit: dressed bodies one process keeps",
    "render/frames.py:TWO_WORKER_PIXELS": "memory setting: above it a render gets one worker",
    "render/frames.py:CONTROL_PIXELS": "format: the largest control video a render makes at the film's size",
    "render/host.py:IN_BAND_BYTES": "software limit: arrays sent inside a frame message's pickle",
    "core/pipes.py:PIPE_BYTES": "memory setting: a frame pipe's capacity, Linux's default pipe-max-size",
    "render/host.py:M_MMAP_THRESHOLD": "format: glibc's mallopt parameter number",
    "render/host.py:MMAP_THRESHOLD_BYTES": "memory setting: blocks mapped from the kernel, as the encoders'",
    "body/human/contact.py:SETTLED_M": "solver tolerance",
    "body/human/contact.py:PASSES": "solver setting: contact passes",
    "body/human/contact.py:SPREAD_RINGS": "solver setting: mesh rings a push spreads over",
    "render/frames.py:MAX_PIXELS": "input limit: 4K UHD",
    "render/frames.py:PREVIEW_SCALE": "engineering budget: --preview's shading scale",
    "render/lightmap.py:ATLAS_SIZE": "engineering budget: lightmap atlas",
    "render/lightmap.py:ATLAS_FILL": "engineering budget: lightmap atlas packing",
    "render/lightmap.py:TEXEL_M": "engineering budget: lightmap texels",
    "render/lightmap.py:NEAR_M": "engineering budget: lightmap texels",
    "render/lightmap.py:MAX_TEXEL_M": "engineering budget: lightmap texels",
    "render/lightmap.py:MAX_CHART_M": "engineering budget: lightmap charts",
    "render/lightmap.py:SPLIT_PER_M": "engineering budget: lightmap charts",
    "render/lightmap.py:MAX_CHART_TEXELS": "engineering budget: lightmap charts",
    "render/scene.py:MAX_LIGHTS": "engineering budget: lights the shader takes",
    "render/scene.py:PREVIEW_LIGHTS": "engineering budget: --preview's lights",
    "render/scene.py:TILE_PX": "engineering budget: light-list tiles",
    "render/scene.py:READBACK_BAND_ROWS": "engineering budget: output rows resampled and read back at a time (memory)",
    "render/scene.py:MAX_TILE_LIGHTS": "engineering budget: lights per tile",
    "render/scene.py:PROBE_PIXEL_LIGHTS": "engineering budget: practicals lit per pixel on an actor",
    "render/scene.py:LIGHT_CUTOFF": "engineering budget: where a light's reach is cut",
    "render/scene.py:MAX_LIGHT_REACH_M": "engineering budget: a light's longest reach",
    "render/scene.py:MIRROR_BLUR": "bound: the roughest wet surface's mirror blur (surface.frag)",
    "render/scene.py:MIRROR_HEIGHT_M": "engineering budget: wet surfaces above the ground whose mirror tiles are exact",
    "render/scene.py:MAX_OCCLUDERS": "engineering budget: contact-shadow spheres",
    "render/scene.py:CONTACT_PX": "engineering budget: contact-shadow texels",
    "render/scene.py:CONTACT_LAYER_M": "engineering budget: contact-shadow layers",
    "render/scene.py:SKY_DEPTH_M": "format: the depth sky.frag writes",
    "render/scene.py:POST_UNITS": "format: texture units the post passes bind their inputs to",
    "render/scene.py:FXAA_TILE_PX": "engineering budget: FXAA's culling tiles",
    "render/scene.py:SHADOW_SIZE": "engineering budget: shadow-map texels",
    "render/scene.py:BODY_SHADOW_SIZE": "engineering budget: shadow-map texels",
    "render/scene.py:PREVIEW_BODY_SHADOW_SIZE": "engineering budget: shadow-map texels",
    "render/scene.py:MIN_SHADED_PIXELS": "engineering budget: the default shading size",
    "render/scene.py:SMALL_CAPSULE_M": "engineering budget: the coarse capsule mesh",
    "studio/deps.py:MAX_ID": "input limit: a 32-bit id column",
    "studio/middleware.py:FORM_OVERHEAD": "input limit: multipart framing around an upload",
    "studio/middleware.py:MAX_JSON_DEPTH": "input limit: a JSON body's nesting",
    "studio/settings.py:MAX_STORYBOARD_BYTES": "input limit: a JSON body",
    "studio/security.py:MAX_TRACKED_KEYS": "work bound: keys a throttle remembers",
    "studio/security.py:KNOWN_ADDRESSES": "work bound: addresses remembered per account",
    "studio/storage.py:CHUNK": "work bound: bytes read at a time",
    "studio/uploads.py:CHUNK": "work bound: bytes read at a time",
    "studio/ray_executor.py:POLL_S": "service setting: progress polling",
    "studio/api/jobs.py:EVENT_POLL_S": "service setting: progress polling",
    "studio/worker.py:PROGRESS_WRITE_S": "service setting: progress writes",
    "studio/worker.py:WORKER_STOP_S": "service setting: shutdown wait",
    "studio/worker.py:HARD_STOP_GRACE_S": "service setting: grace past a job's time limit",
    "spec/limits.py:MAX_STORYBOARD_BYTES": "input limit",
    "spec/limits.py:MAX_DOCUMENT_VALUES": "input limit",
    "spec/limits.py:MAX_NESTING_DEPTH": "input limit",
    "spec/limits.py:MAX_ABS_NUMBER": "input limit",
    "spec/limits.py:MAX_SEED": "input limit: one 32-bit SeedSequence word",
    "spec/limits.py:MAX_ACTIONS_PER_ACTOR": "input limit",
    "spec/limits.py:MAX_ACTIONS_PER_STORYBOARD": "input limit",
    "spec/limits.py:MAX_CHARACTERS": "input limit",
    "spec/limits.py:MAX_PROMPT_CHARS": "input limit",
    "spec/limits.py:MIN_TIME_SCALE": "input limit: playback speed",
    "spec/models.py:MAX_DURATION_S": "input limit: the guide's generation length",
    "spec/models.py:HARD_MAX_DURATION_S": "input limit",
    "spec/models.py:MAX_ACTORS_PER_SHOT": "input limit",
    "spec/models.py:MAX_SHOTS": "input limit",
    "spec/models.py:ASPECT_RANGE": "input limit: 1:4 to 4:1",
}


def _numbers(node: ast.AST) -> list[float]:
    """The number literals in an expression, leaving out subscripts' indices."""
    found: list[float] = []

    class Numbers(ast.NodeVisitor):
        def visit_Subscript(self, subscript: ast.Subscript) -> None:
            self.visit(subscript.value)

        def visit_Constant(self, constant: ast.Constant) -> None:
            if isinstance(constant.value, int | float) and not isinstance(constant.value, bool):
                found.append(constant.value)

    Numbers().visit(node)
    return found


def numeric_constants(source: str) -> list[tuple[str, int]]:
    """(name, line) of each module-level assignment whose value holds a number literal."""
    hits = []
    for statement in ast.parse(source).body:
        if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names = [name.id for target in targets for name in ast.walk(target) if isinstance(name, ast.Name)]
            if names and _numbers(statement.value):
                hits.append((names[0], statement.lineno))
    return hits


def _covered_modules() -> list[Path]:
    return sorted({path for pattern in COVERED for path in PACKAGE.glob(pattern)})


def test_the_scan_finds_figures_in_any_expression_and_skips_indices():
    source = ("SPEED = 1.4\nLEAN = np.radians(35)\nBOX = (0.4, 0.3)\nRATES = {'slow': 0.7}\nLIMIT = 5 * 1024\n"
              "LOW, HIGH = 0.1, 2.0\nFIRST = TABLE['rows'][0]\nNAME = 'walk'\nFLAG = True\nFIGURE = FIGURES.speed.value\n"
              "def f():\n    local = 3\n")
    assert [name for name, _ in numeric_constants(source)] == ["SPEED", "LEAN", "BOX", "RATES", "LIMIT", "LOW"]


def test_covered_modules_hold_no_figures_outside_their_tables():
    found = [f"{path.relative_to(PACKAGE)}:{name} (line {line})" for path in _covered_modules()
             for name, line in numeric_constants(path.read_text(encoding="utf-8"))]
    figures = [hit for hit in found if hit.split(" ")[0] not in ALLOWED]
    assert not figures, (f"{len(figures)} module-level numbers are figures: move them into the module's YAML "
                         "table with a source, or (a software limit or format) into ALLOWED saying why:\n"
                         + "\n".join(figures))


def test_every_allowed_constant_still_exists_in_a_covered_module():
    covered = {f"{path.relative_to(PACKAGE)}:{name}" for path in _covered_modules()
               for name, _ in numeric_constants(path.read_text(encoding="utf-8"))}
    stale = sorted(set(ALLOWED) - covered)
    assert not stale, f"ALLOWED names no numeric constant of a covered module: {stale}"
    unmatched = [pattern for pattern in COVERED if not list(PACKAGE.glob(pattern))]
    assert not unmatched, f"COVERED patterns that match no module: {unmatched}"
