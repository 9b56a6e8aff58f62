"""The render pool and the concurrent pipeline: frames in order across shots, failures reported, and the
sound and sidecars made beside the frames byte for byte what the stages give when called one after another."""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import av
import numpy as np
import pytest

from cinemotion.audio import score, write_stems
from cinemotion.body.human import performed
from cinemotion.body.human.dress import dress
from cinemotion.body.human.model import fit_body
from cinemotion.body.human.performed import dressed_body
from cinemotion.core.seeds import stream
from cinemotion.language import parse
from cinemotion.media.aac import decoded_samples, encode_aac
from cinemotion.pipeline import RenderOptions, _finite, perform_plan, plan_storyboard, render_storyboard, sidecar_dir
from cinemotion.quality import report
from cinemotion.render import RenderWorkers, render_frames
from cinemotion.render.host import cast_of

sys.path.insert(0, str(Path(__file__).parents[1] / "render"))
from render_scenes import actor_motion, look_at_camera, shot  # noqa: E402

PROMPT = ("Shot 1 (0-1s): a man walks down a city street at night, steam rising from the pavement. "
          "Shot 2 (1-2s): he stops and waves, close up")


def _two_shots():
    first = shot([actor_motion("mara", 4, velocity=(1.2, 0.0))], look_at_camera([0.5, 1.4, 4.5], [0, 1, 0], 4),
                 setting="city_street", lighting="neon", weather="rain")
    second = shot([actor_motion("mara", 3)], look_at_camera([-2.0, 1.6, 3.0], [0, 1, 0], 3),
                  lighting="golden_hour", seed=11)
    return [first, second]


def test_the_pool_renders_every_shot_in_order_as_one_worker_does():
    shots = _two_shots()
    with RenderWorkers(2) as pool:
        pool.submit(shots, maps=("instance",))
        pooled = [list(pool.frames(i)) for i in range(len(shots))]
    for (plan, performance, camera), frames in zip(shots, pooled):
        alone = list(render_frames(plan, performance, camera, workers=1, maps=("instance",)))
        assert [f.index for f in frames] == list(range(camera.n_frames))
        for a, b in zip(alone, frames):
            assert a.rgb.tobytes() == b.rgb.tobytes(), f"shot {plan.seed} frame {a.index} differs in the pool"
            assert a.instance.tobytes() == b.instance.tobytes()


def test_the_host_dresses_the_cast_once_and_the_caller_keeps_it(monkeypatch):
    """The host dresses each body of the cast once, two at once in a pool of two (a forked dresser beside it),
    and submit() hands the bodies to this process: its sidecars then dress nothing, and they are the bodies
    dressing them here would make, bit for bit."""
    first, _ = _two_shots()
    two = shot([actor_motion("mara", 3), actor_motion("theo", 3, start=(1.5, 0.0))],
               look_at_camera([0.5, 1.4, 4.5], [0, 1, 0], 3))
    shots = [first, two]
    cast = cast_of(shots)
    assert [c.id for _, c in cast] == ["mara", "theo"]  # mara once, though she is in both shots
    expected = [dress(fit_body(offsets, c.sex, c.age, c.build), c) for offsets, c in cast]
    with RenderWorkers(2) as pool:
        # this process's cache emptied and its dressing refused: the host, forked before, dresses as it would
        monkeypatch.setattr(performed, "_dressed", {})
        monkeypatch.setattr(performed, "dress", lambda *_: pytest.fail("the caller dressed a body itself"))
        pool.submit(shots)
        kept = [dressed_body(offsets, c) for offsets, c in cast]
        assert [len(list(pool.frames(i))) for i in range(2)] == [4, 3]
    for (body, dressing), (want_body, want_dressing) in zip(kept, expected):
        assert body.positions.tobytes() == want_body.positions.tobytes()
        assert dressing.shell.tobytes() == want_dressing.shell.tobytes()


# Run in a fresh process (this one has made GL contexts): how the pool's host starts when the caller
# is single-threaded, when it runs a second thread, and once it has made a GL context; the frames of each.
HOST_STARTS = """
import hashlib, json, sys, threading
from pathlib import Path
sys.path[:0] = sys.argv[1:]
from test_render_workers import _two_shots
from cinemotion.render import RenderWorkers, render_frames

def pooled(out, key):
    shot = _two_shots()[1]
    with RenderWorkers(2) as pool:
        pool.submit([shot], maps=("instance",))
        frames = [hashlib.sha256(f.rgb.tobytes() + f.instance.tobytes()).hexdigest() for f in pool.frames(0)]
        argv = Path(f"/proc/{pool.host_pid}/cmdline").read_bytes().split(bytes(1))  # past its exec, if any
    out[key] = {"started": argv[1:3] == [b"-m", b"cinemotion.render.worker"], "frames": frames}

out = {}
pooled(out, "single-threaded")
thread = threading.Thread(target=pooled, args=(out, "threaded"))
thread.start()
thread.join()
shot = _two_shots()[1]
next(render_frames(*shot, workers=1))  # a GL context in this process
pooled(out, "after a GL context")
print(json.dumps(out))
"""


def test_a_single_threaded_caller_forks_the_host_others_start_it_and_all_render_alike():
    tests = Path(__file__).parents[1]
    done = subprocess.run([sys.executable, "-c", HOST_STARTS, *(str(tests / d) for d in ("pipeline", "render", "."))],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    starts = json.loads(done.stdout)
    assert not starts["single-threaded"]["started"], "a single-threaded caller's host should be forked from it"
    assert starts["threaded"]["started"], "a threaded caller must start the host as its own program"
    assert starts["after a GL context"]["started"], "a process with GL state must start the host, not fork it"
    frames = starts["single-threaded"]["frames"]
    assert len(frames) == _two_shots()[1][2].n_frames
    assert starts["threaded"]["frames"] == frames and starts["after a GL context"]["frames"] == frames


def test_a_failing_worker_is_reported_not_waited_for():
    plan, performance, camera = _two_shots()[0]
    broken = plan.model_copy(update={"environment": plan.environment.model_copy(update={"setting": "nowhere"})})
    with RenderWorkers(2) as pool:
        pool.submit([(broken, performance, camera)])
        with pytest.raises(RuntimeError, match="render worker 0 failed on frame 0 of shot 0") as failure:
            list(pool.frames(0))
    assert "nowhere" in str(failure.value)  # the worker's own error comes with it


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    storyboard = parse(PROMPT, seed=4).model_copy(update={"width": 160, "height": 90, "fps": 12})
    out = tmp_path_factory.mktemp("concurrent") / "film.mp4"
    result = render_storyboard(storyboard, out, options=RenderOptions(workers=2))
    assert len(result.plan.shots) == 2
    # the sound was made beside the frames, not before them
    assert {"sound: score", "sidecars", "frames: wait for the first"} <= set(result.seconds)
    return out


def test_sound_and_sidecars_made_beside_the_frames_are_the_stages_own(rendered):
    side = sidecar_dir(rendered)
    storyboard = parse(PROMPT, seed=4).model_copy(update={"width": 160, "height": 90, "fps": 12})
    plan = plan_storyboard(storyboard)
    performances, cameras = perform_plan(plan)
    soundtrack = score(plan, performances, cameras, rng=stream(plan.seed, "audio"))
    with tempfile.TemporaryDirectory() as tmp:
        soundtrack, aac = encode_aac(soundtrack, Path(tmp) / "film.m4a")
        write_stems(Path(tmp) / "audio", soundtrack)
        for stem in ("mix", "effects", "ambience", "dialogue"):
            assert (side / "audio" / f"{stem}.wav").read_bytes() == (Path(tmp) / "audio" / f"{stem}.wav").read_bytes()
        # the film carries the same AAC stream the true-peak encodes settled on
        assert np.array_equal(decoded_samples(rendered), decoded_samples(aac.path))
    qa = json.loads((side / "qa.json").read_text())
    assert qa["audio"]["true_peak_dbtp"] == round(aac.true_peak_dbtp, 2)
    motion = report(plan, performances, cameras)
    assert {k: qa[k] for k in motion} == json.loads(json.dumps(_finite(motion), default=float))
    joints = np.load(side / "joints.npz")
    actor = next(k for k in joints.files if k != "fps")
    expected = np.concatenate([m.joints for p in performances for m in p.actors if m.actor_id == actor])
    assert joints[actor].tobytes() == expected.astype(np.float32).tobytes()


def test_the_film_has_every_frame_of_both_shots_and_no_temporaries(rendered):
    with av.open(str(rendered)) as container:
        assert {s.type for s in container.streams} == {"video", "audio"}
        assert sum(1 for _ in container.decode(video=0)) == 24
    assert not [p.name for p in sidecar_dir(rendered).rglob(".*")], "temporaries left in the sidecars"


def test_a_render_above_1080p_defaults_to_one_worker_for_memory():
    from cinemotion.render import default_workers

    assert default_workers(1920, 1080) == 2
    assert default_workers(3840, 2160) == 1
    assert default_workers(3840, 2160, preview=True) == 2  # a preview's frames are 480p
