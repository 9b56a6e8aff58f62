"""Mix: loudness and true peak, stems that sum to the mix, determinism, panning, beds across cuts, slow motion."""

import numpy as np

from cinemotion.audio import score
from cinemotion.audio.loudness import integrated_loudness, true_peak_dbtp
from cinemotion.audio.spatial import placement
from cinemotion.motion.performance import Performance
from cinemotion.spec.models import Environment

from conftest import FPS, footsteps, make_plan, make_shot, scene, static_camera

RAIN = Environment(setting="city_street", weather="rain")


def _steps_in_rain(rng, duration_s=2.0):
    plan, performances, cameras = scene(footsteps(np.arange(0.2, duration_s - 0.1, 0.35)), duration_s=duration_s,
                                        environment=RAIN)
    return score(plan, performances, cameras, rng=rng)


def test_loudness_is_minus_16_lufs_with_true_peak_under_minus_1_dbtp(rng):
    soundtrack = _steps_in_rain(rng)
    loudness = integrated_loudness(soundtrack.mix.astype(float), soundtrack.sample_rate)
    peak = true_peak_dbtp(soundtrack.mix.astype(float))
    assert abs(loudness + 16) <= 1, f"integrated loudness {loudness:.2f} LUFS, want -16 ± 1"
    assert peak <= -1.0, f"true peak {peak:.2f} dBTP, want <= -1"


def test_length_stems_and_mix_agree(rng):
    soundtrack = _steps_in_rain(rng, duration_s=1.5)
    assert soundtrack.mix.shape == (round(36 / FPS * 48000), 2) and soundtrack.mix.dtype == np.float32
    assert set(soundtrack.stems) == {"effects", "ambience", "dialogue"}
    total = soundtrack.stems["effects"] + soundtrack.stems["ambience"] + soundtrack.stems["dialogue"]
    assert np.abs(total - soundtrack.mix).max() < 1e-6
    assert np.abs(soundtrack.stems["ambience"]).max() > 0 and np.abs(soundtrack.stems["dialogue"]).max() == 0


def test_same_seed_same_samples_other_seed_other_samples():
    a = _steps_in_rain(np.random.default_rng(3)).mix
    b = _steps_in_rain(np.random.default_rng(3)).mix
    c = _steps_in_rain(np.random.default_rng(4)).mix
    assert a.tobytes() == b.tobytes()
    assert not np.array_equal(a, c)


def test_a_source_on_the_left_of_the_screen_is_louder_in_the_left_channel(rng):
    # the test camera looks along +Z, so world +X is screen left
    for x, louder in ((2.0, 0), (-2.0, 1)):
        plan, performances, cameras = scene(footsteps([0.5, 1.0], x=x), duration_s=1.5)
        effects = score(plan, performances, cameras, rng=rng).stems["effects"]
        energy = (effects.astype(float) ** 2).sum(axis=0)
        assert energy[louder] > 4 * energy[1 - louder], f"x={x}: channel energies {energy}"


def test_level_falls_with_distance_to_the_camera():
    camera = static_camera(10)  # at z = -5
    near = np.hypot(*placement(camera, 0.0, (0.0, 1.2, -2.0)))  # 3 m away: the reference distance
    far = np.hypot(*placement(camera, 0.0, (0.0, 1.2, 25.0)))  # 30 m away
    assert abs(near - 1.0) < 1e-6 and abs(far / near - 0.1) < 1e-3, f"near {near:.3f}, far {far:.3f}"


def _two_shots(second_environment, rng):
    shots = [make_shot(0, 1.0, environment=RAIN), make_shot(1, 1.0, environment=second_environment)]
    performances = [Performance(shot_id=s.shot_id, fps=FPS, n_frames=s.n_frames, actors=[]) for s in shots]
    return score(make_plan(shots), performances, [static_camera(s.n_frames) for s in shots], rng=rng)


def test_ambience_runs_on_through_a_cut_within_one_scene(rng):
    bed = _two_shots(RAIN, rng).stems["ambience"].astype(float)
    cut = 48000
    around = np.abs(bed[cut - 2400: cut + 2400]).mean()
    assert abs(np.abs(bed[cut - 240: cut + 240]).mean() / around - 1) < 0.5, "level dips or jumps at the cut"
    # a new bed would have restarted its noise: the same scene's bed is one signal through the cut
    assert np.abs(np.diff(bed[cut - 2: cut + 2], axis=0)).max() < 6 * np.abs(np.diff(bed[:cut], axis=0)).mean()


def test_a_new_scene_fades_in_without_a_click(rng):
    bed = _two_shots(Environment(setting="office"), rng).stems["ambience"].astype(float)
    cut = 48000
    assert np.abs(bed[cut - 3: cut + 3]).max() < 0.2 * np.abs(bed[cut - 4800: cut - 480]).max()


def test_slow_motion_lowers_and_lengthens_the_sound(rng):
    def centroid_and_length(time_scale):
        plan, performances, cameras = scene(footsteps([0.2], surface="wood"), duration_s=1.0, time_scale=time_scale)
        effects = score(plan, performances, cameras, rng=np.random.default_rng(1)).stems["effects"].astype(float)
        mono = effects.mean(axis=1)
        spectrum = np.abs(np.fft.rfft(mono))
        centroid = (spectrum * np.fft.rfftfreq(len(mono), 1 / 48000)).sum() / spectrum.sum()
        loud = np.flatnonzero(np.abs(mono) > 0.01 * np.abs(mono).max())
        return centroid, (loud[-1] - loud[0]) / 48000

    (c1, l1), (c2, l2) = centroid_and_length(1.0), centroid_and_length(0.5)
    assert c2 < 0.7 * c1, f"centroid {c1:.0f} Hz real time, {c2:.0f} Hz at half speed"
    assert l2 > 1.6 * l1, f"tail {l1 * 1000:.0f} ms real time, {l2 * 1000:.0f} ms at half speed"


def test_a_warehouse_rings_longer_than_a_park():
    def tail_ms(setting):
        plan, performances, cameras = scene(footsteps([0.2]), duration_s=3.0, environment=Environment(setting=setting))
        effects = score(plan, performances, cameras, rng=np.random.default_rng(2)).stems["effects"].astype(float)
        loud = np.flatnonzero(np.abs(effects).max(axis=1) > 0.003 * np.abs(effects).max())
        return (loud[-1] - loud[0]) / 48
    park, warehouse = tail_ms("park"), tail_ms("warehouse")
    assert warehouse > park + 400, f"tail above -50 dB: park {park:.0f} ms, warehouse {warehouse:.0f} ms"
