"""Film grain measured on pixels: at the RMS the look states, following the grain model's density curve,
surviving the film encoder where the viewer sees it (the decoded film), and none for digital."""

from __future__ import annotations

import av
import numpy as np
from render_scenes import look_at_camera, shot

from cinemotion.media.encode import VideoEncoder
from cinemotion.render import render_frames
from cinemotion.render.look import grain_rms, looks_table

LUMA = np.array([0.2126, 0.7152, 0.0722])
APERTURE_PX = 8   # granularity is an RMS over an aperture (Kodak's: 48 µm); here 8x8 output pixels


def _luma(frames) -> np.ndarray:
    return np.stack(frames) @ LUMA / 255.0


def _studio(size: tuple[int, int], n: int) -> dict[str, list[np.ndarray]]:
    """A still studio: 35mm, 35mm with grain refused, and digital."""
    camera = look_at_camera([0.0, 1.4, 4.0], [0.0, 1.2, 0.0], n, *size)
    renders = {}
    for name, film, negative in (("35mm", "35mm", ()), ("clean", "35mm", ("grain",)), ("digital", "digital", ())):
        plan, performance, camera = shot([], camera, setting="studio", look={"film": film}, negative=negative)
        renders[name] = [f.rgb for f in render_frames(plan, performance, camera, workers=1)]
    return renders


def _decoded(tmp_path, name: str, frames: list[np.ndarray]) -> list[np.ndarray]:
    """The frames through the film encoder (CRF 20) and back."""
    path = tmp_path / f"{name}.mp4"
    h, w, _ = frames[0].shape
    with VideoEncoder(path, w, h, 24) as encoder:
        for rgb in frames:
            encoder.write(rgb)
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


def _aperture(x: np.ndarray, k: int) -> np.ndarray:
    f, h, w = x.shape
    return x[:, : h // k * k, : w // k * k].reshape(f, h // k, k, w // k, k).mean(axis=(2, 4))


def test_grain_has_the_stated_rms_at_mid_grey_and_follows_the_density_curve():
    size = (640, 360)   # shaded at the output size: one grain per pixel
    renders = _studio(size, 2)
    clean = _luma(renders["clean"])
    grain = _luma(renders["35mm"]) - clean
    density = 2 * np.sqrt(clean * (1 - clean))
    stated = grain_rms(looks_table()["films"]["35mm"]["grain"], size[0])
    quantum = 1 / 255 / np.sqrt(12)   # the 8-bit rounding's own RMS
    for low, high in ((0.45, 0.55), (0.15, 0.3)):
        band = (clean > low) & (clean < high)
        assert band.mean() > 0.01, f"the studio shows too little luma in {low}..{high}"
        expected = np.sqrt(np.mean((stated * density[band]) ** 2) + quantum**2)
        measured = float(grain[band].std())
        assert abs(measured / expected - 1) < 0.15, f"luma {low}..{high}: grain RMS {measured:.4f}, expected {expected:.4f}"


def test_film_grain_survives_the_encoder_and_digital_has_none(tmp_path):
    renders = _studio((1920, 1080), 4)
    decoded = {name: _luma(_decoded(tmp_path, name, frames)) for name, frames in renders.items()}
    sent = _aperture(_luma(renders["35mm"]) - _luma(renders["clean"]), APERTURE_PX)
    kept = _aperture(decoded["35mm"] - decoded["clean"], APERTURE_PX)
    survived = float((kept * sent).sum() / (sent * sent).sum())
    assert survived > 0.5, f"{survived:.0%} of the grain survives the encoder through {APERTURE_PX}-pixel apertures"
    # a still scene: what changes from frame to frame is the grain, which digital hasn't
    flicker = {name: float(np.diff(decoded[name], axis=0).std()) for name in ("35mm", "digital")}
    assert flicker["digital"] < 0.1 * flicker["35mm"], f"frame-to-frame RMS change {flicker}"
