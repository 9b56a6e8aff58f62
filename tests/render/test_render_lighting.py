"""Light that reads as the prompt says, measured on rendered frames: neon signs glow over a visible
share of a neon street and are mirrored in the wet ground; the golden-hour key warms the ground it
lights; skin stays in the skin-tone range and the subject stays exposed under every preset; no
frame is dominated by one hue. Also the colour science under it (blackbody colours, white balance)."""

from __future__ import annotations

import colorsys

import numpy as np
import pytest
from render_scenes import actor_motion, character, look_at_camera, shot

from cinemotion.language import complete
from cinemotion.body.skeleton import J
from cinemotion.direct import direct
from cinemotion.language import parse
from cinemotion.pipeline import perform_plan
from cinemotion.render.gl import create_context
from cinemotion.render.lighting import LIGHTING, kelvin_rgb, white_balance_gains
from cinemotion.render.scene import ShotRenderer

SIZE = (240, 136)
# (preset, the set it is shot in)
PRESET_SETS = {"daylight": "city_street", "golden_hour": "city_street", "overcast": "park", "night": "city_street",
               "neon": "city_street", "studio": "studio", "warm_interior": "office", "cool_interior": "office"}
# skin colours from fair to dark (Fitzpatrick I–VI as sRGB, after Chardon et al. 1991 ITA° ranges)
SKINS = ("#f3d5c0", "#e0a080", "#a8704a", "#5a3825")


def _hsv(rgb: np.ndarray) -> np.ndarray:
    flat = rgb.reshape(-1, 3) / 255.0
    return np.array([colorsys.rgb_to_hsv(*p) for p in flat])


def dominant_hue_share(rgb: np.ndarray) -> float:
    """Share of the frame's visible pixels (value > 0.1) that are colourful (chroma, max − min of
    R, G, B, above 0.12) and fall in the frame's most common 60° hue band."""
    hsv = _hsv(rgb[::2, ::2])
    chroma = np.ptp(rgb[::2, ::2].reshape(-1, 3) / 255.0, axis=1)
    visible = hsv[:, 2] > 0.1
    chromatic = visible & (chroma > 0.12)
    hue = hsv[chromatic, 0] * 360
    bands = [np.count_nonzero((hue - start) % 360 < 60) for start in range(0, 360, 15)]
    return max(bands) / max(np.count_nonzero(visible), 1)


def _perform(prompt: str, size=SIZE):
    storyboard = parse(prompt, seed=7).model_copy(update={"width": size[0], "height": size[1]})
    plan = direct(complete(storyboard))
    performances, cameras = perform_plan(plan)
    return plan.shots[0], performances[0], cameras[0]


def _render(shot_, performance, camera, f: int, maps=()):
    renderer = ShotRenderer(create_context(), shot_, performance, camera, maps)
    try:
        return renderer.render(f), renderer
    finally:
        renderer.release()


def _ground_mask(frame, camera, f: int, ground_y: float) -> np.ndarray:
    """Pixels whose depth back-projects onto the ground plane."""
    h, w = frame.depth.shape
    v, u = np.mgrid[0:h, 0:w]
    finite = np.isfinite(frame.depth)
    z = np.where(finite, frame.depth, 0.0)
    cam = np.stack([(u - camera.cx) / camera.fx[f] * z, (v - camera.cy) / camera.fy[f] * z, z], axis=-1)
    world = (cam - camera.translation[f]) @ camera.rotation[f]   # R^T (x - t), row vectors
    return finite & (np.abs(world[..., 1] - ground_y) < 0.08)


@pytest.fixture(scope="module")
def neon_street():
    prompt = "Two runners sprinting side by side down a {} city street at night, neon signs, tracking shot, 1-second duration"
    frames = {}
    for surface in ("wet", "dry"):
        shot_, performance, camera = _perform(prompt.format(surface))
        f = shot_.n_frames // 2
        frame, renderer = _render(shot_, performance, camera, f, maps=("depth",))
        frames[surface] = frame.rgb, _ground_mask(frame, camera, f, renderer.set.ground_y)
    return frames


def test_neon_signs_glow_over_a_visible_share_of_a_neon_street(neon_street):
    rgb, _ = neon_street["dry"]
    hsv = _hsv(rgb)
    glowing = (hsv[:, 1] > 0.45) & (hsv[:, 2] > 0.7)
    assert glowing.mean() > 0.01, f"bright saturated sign pixels cover {glowing.mean():.2%} of the frame (> 1%)"


def test_neon_is_mirrored_in_the_wet_ground_and_not_in_the_dry(neon_street):
    colour = {}
    for surface, (rgb, ground) in neon_street.items():
        assert ground.mean() > 0.15, f"{surface}: the ground shows in only {ground.mean():.0%} of the frame"
        hsv = _hsv(rgb)[ground.ravel()]
        # a sign's image on the ground: bright and saturated (the lit street around it is dim)
        colour[surface] = float(np.mean((hsv[:, 1] > 0.35) & (hsv[:, 2] > 0.45)))
    assert colour["wet"] > 0.015 and colour["wet"] > 3 * colour["dry"], \
        f"share of ground pixels mirroring a sign: wet {colour['wet']:.1%}, dry {colour['dry']:.1%}"


def test_the_golden_hour_key_warms_the_ground_it_lights():
    warmth = {}
    for lighting in ("golden hour lighting", "bright daylight"):
        shot_, performance, camera = _perform(f"Full body shot of a man walking along a city street, {lighting}, "
                                              "wide shot, 1-second duration")
        f = shot_.n_frames // 2
        frame, renderer = _render(shot_, performance, camera, f, maps=("depth",))
        ground = frame.rgb[_ground_mask(frame, camera, f, renderer.set.ground_y)].astype(float)
        lit = ground[ground.sum(axis=1) >= np.percentile(ground.sum(axis=1), 70)]   # in the key, out of shadow
        r, g, b = lit.mean(axis=0)
        hue = colorsys.rgb_to_hsv(r / 255, g / 255, b / 255)[0] * 360
        warmth[lighting] = (r / max(b, 1.0), hue)
    ratio, hue = warmth["golden hour lighting"]
    assert ratio > 1.25 and (hue < 50 or hue > 345), f"golden-hour lit ground: R/B {ratio:.2f} (> 1.25), hue {hue:.0f}°"
    assert ratio > warmth["bright daylight"][0] + 0.15, f"golden hour {ratio:.2f} vs daylight {warmth['bright daylight'][0]:.2f}"


def _face_closeup(lighting: str, setting: str, skin: str):
    actor = actor_motion("mara", 1)
    head = actor.joints[0][J["head"]]
    camera = look_at_camera(head + [0.0, 0.03, 0.8], head + [0.0, 0.03, 0.0], 1, 160, 90, hfov_deg=30)
    plan, performance, camera = shot([actor], camera, setting=setting, lighting=lighting,
                                     characters=[character("mara").model_copy(update={"skin_color": skin})])
    frame, _ = _render(plan, performance, camera, 0)
    return frame.rgb


@pytest.mark.parametrize("lighting", LIGHTING)
def test_skin_stays_skin_and_the_subject_exposed_under_every_preset(lighting):
    for skin in (SKINS[0], SKINS[-1]):
        rgb = _face_closeup(lighting, PRESET_SETS[lighting], skin)
        cheek = np.concatenate([rgb[44:54, 62:70], rgb[44:54, 90:98]]).reshape(-1, 3).astype(float)  # both cheeks
        r, g, b = np.median(cheek, axis=0)
        hue, sat, val = colorsys.rgb_to_hsv(r / 255, g / 255, b / 255)
        hue_deg = hue * 360
        # skin: red ≥ green ≥ blue-ish, a hue from red to orange-yellow
        assert (hue_deg <= 50 or hue_deg >= 340) and r >= b, \
            f"{lighting}, skin {skin}: cheek {r:.0f},{g:.0f},{b:.0f} hue {hue_deg:.0f}°"
        assert 0.08 <= sat <= 0.9, f"{lighting}, skin {skin}: cheek saturation {sat:.2f}"
        low, high = (0.4, 0.97) if skin == SKINS[0] else (0.1, 0.7)
        assert low <= val <= high, f"{lighting}, skin {skin}: cheek brightness {val:.2f}, expected {low}–{high}"


@pytest.mark.parametrize("lighting", ["daylight", "golden hour", "night", "neon signs", "studio lighting",
                                      "warm evening light"])
def test_no_frame_is_dominated_by_one_hue(lighting):
    shot_, performance, camera = _perform(f"Medium full shot of two friends talking on a city street, {lighting}, "
                                          "1-second duration", (160, 90))
    frame, _ = _render(shot_, performance, camera, shot_.n_frames // 2)
    share = dominant_hue_share(frame.rgb)
    assert share < 0.45, f"{lighting}: {share:.0%} of the frame lies in one 60° hue band"


def test_blackbody_colours_and_white_balance():
    warm, d65, cool = kelvin_rgb(3000), kelvin_rgb(6504), kelvin_rgb(12000)
    assert warm[0] > warm[1] > warm[2] and cool[2] > cool[0]
    assert np.allclose(d65, 1.0, atol=0.06), f"6504 K should be near sRGB white (D65 lies just off the locus), got {d65}"
    # the camera balanced for a source renders that source neutral, keeping its luminance
    for kelvin in (2000, 3200, 5600, 9000):
        seen = kelvin_rgb(kelvin) * white_balance_gains(kelvin)
        assert np.allclose(seen, seen.mean(), rtol=0.02), f"{kelvin} K balanced: {seen}"


def test_the_actors_probe_carries_the_practicals_it_stands_in_for(monkeypatch):
    """On the neon-lit runners an actor's practicals come per pixel (the strongest) and the rest
    from its L1 irradiance probe (scene.py's _actor_probes). All of them through the probe, the
    bodies keep their light: their mean colour within a few percent of three lit per pixel, and
    nearer it than the bodies lit by no practical at all."""
    import cinemotion.render.scene as scene

    shot_, performance, camera = _perform("Two runners sprinting side by side down a wet city street at night, "
                                          "neon signs, tracking shot, 1-second duration")
    f = shot_.n_frames // 2

    def bodies(pixel_lights: int) -> np.ndarray:
        monkeypatch.setattr(scene, "PROBE_PIXEL_LIGHTS", pixel_lights)
        frame, _ = _render(shot_, performance, camera, f, maps=("instance",))
        rgb = frame.rgb[frame.instance > 0].reshape(-1, 3).astype(float)
        assert len(rgb) > 500, f"the runners cover only {len(rgb)} pixels"
        return rgb.mean(axis=0)

    per_pixel, probed = bodies(3), bodies(0)
    with_probe = scene.ShotRenderer._actor_probes
    monkeypatch.setattr(scene.ShotRenderer, "_actor_probes",
                        lambda self, g: (with_probe(self, g)[0], np.zeros((4 * self.n_actors, 3))))
    unlit = bodies(0)
    assert np.abs(probed - per_pixel).max() < 0.04 * per_pixel.max(), (probed, per_pixel)
    # the probe recovers most of what the practicals add (on these runners ~1.5 % of their light)
    assert per_pixel.sum() - unlit.sum() > 3 * np.abs(probed - per_pixel).sum(), (per_pixel, probed, unlit)
