"""Which device renders: an NVIDIA or AMD GPU where EGL lists one, else Mesa's llvmpipe; CINEMOTION_RENDER_DEVICE
overrides it. The choice is tested on device lists; the context is this machine's real one."""

import pytest

from cinemotion.errors import InputError
from cinemotion.render.gl import EglDevice, choose_device, create_context, device_kind, egl_devices, render_device


def devices(*kinds: str) -> list[EglDevice]:
    return [EglDevice(i, kind) for i, kind in enumerate(kinds)]


@pytest.mark.parametrize("kinds,chosen", [
    (("software",), 0),
    (("nvidia", "software"), 0),            # glvnd lists the NVIDIA devices before Mesa's
    (("software", "amd"), 1),
    (("intel", "amd", "software"), 1),      # the discrete card over the integrated one
    (("intel", "software"), 0),
    (("nvidia", "nvidia", "software"), 0),  # the first of several GPUs
])
def test_auto_takes_a_gpu_over_the_software_rasteriser(kinds, chosen):
    assert choose_device(devices(*kinds)) == chosen


def test_the_variable_picks_the_cpu_or_a_device():
    listed = devices("nvidia", "amd", "software")
    assert choose_device(listed, "cpu") == 2
    assert choose_device(listed, "1") == 1
    assert choose_device([], "auto") is None  # no device list: EGL's default display
    for bad, says in (("7", "3 EGL device"), ("gpu0", "not auto, cpu")):
        with pytest.raises(InputError, match=says) as refused:
            choose_device(listed, bad)
        assert refused.value.field == "CINEMOTION_RENDER_DEVICE"
    with pytest.raises(InputError, match="no software rasteriser"):
        choose_device(devices("nvidia"), "cpu")


def test_a_device_is_known_by_its_extensions_or_its_cards_pci_vendor(tmp_path):
    assert device_kind(["EGL_MESA_device_software", "EGL_EXT_device_drm_render_node"], None) == "software"
    assert device_kind(["EGL_NV_device_cuda", "EGL_EXT_device_drm"], "/dev/dri/card1") == "nvidia"
    for card, vendor, kind in (("card0", "0x1002", "amd"), ("card1", "0x8086", "intel"), ("card2", "0x1af4", "gpu")):
        (tmp_path / card / "device").mkdir(parents=True)
        (tmp_path / card / "device" / "vendor").write_text(vendor + "\n")
        assert device_kind(["EGL_EXT_device_drm"], f"/dev/dri/{card}", sysfs=tmp_path) == kind
    assert device_kind(["EGL_EXT_device_drm"], "/dev/dri/card9", sysfs=tmp_path) == "gpu"  # no sysfs entry
    assert device_kind([], None) == "unknown"  # no extensions, no card: after the CPU in the preference


def test_the_context_is_on_the_chosen_device(monkeypatch):
    listed = egl_devices()
    chosen = next(d for d in listed if d.index == choose_device(listed)) if listed else None
    renderer = create_context().info["GL_RENDERER"]
    software = "llvmpipe" in renderer or "softpipe" in renderer
    if chosen is not None and chosen.kind != "unknown":
        assert (chosen.kind == "software") == software, (listed, renderer)
    if any(d.kind == "software" for d in listed):
        monkeypatch.setenv("CINEMOTION_RENDER_DEVICE", "cpu")
        assert "llvmpipe" in create_context().info["GL_RENDERER"]
    monkeypatch.setenv("CINEMOTION_RENDER_DEVICE", "fastest")
    with pytest.raises(InputError, match="'fastest' is not auto, cpu or an EGL device index"):
        create_context()
    with pytest.raises(InputError):  # a render refuses it before anything starts
        render_device()
