"""OpenGL plumbing: a headless context, shader programs from .glsl files, camera matrices.

The camera arrives in OpenCV axes (x right, y down, z forward, world-to-camera); OpenGL wants
x right, y up, z backward and a clip-space projection, so both are converted here, once.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import moderngl
import numpy as np

from cinemotion.errors import InputError

SHADERS = Path(__file__).with_name("shaders")
OPENCV_TO_OPENGL = np.diag([1.0, -1.0, -1.0])  # convention: OpenCV looks down +Z with Y down, OpenGL down −Z with Y up


RENDER_DEVICE_VARIABLE = "CINEMOTION_RENDER_DEVICE"  # auto (default) | cpu | an EGL device index
PCI_VENDORS = {0x10DE: "nvidia", 0x1002: "amd", 0x8086: "intel"}  # PCI vendor ids of the DRM device's card
# which device `auto` takes: discrete GPUs first, then any other GPU, then Mesa's software rasteriser
DEVICE_PREFERENCE = ("nvidia", "amd", "intel", "gpu", "software", "unknown")
EGL_EXTENSIONS, EGL_DRM_DEVICE_FILE_EXT = 0x3055, 0x3233  # protocol: eglext.h


# the pids that made a GL context in this process's memory: its own, or an ancestor's it was forked from
# (a fork copies the driver's state but not its threads: render/frames.py forks only a process with none)
_CONTEXT_MAKERS: set[int] = set()


@dataclass(frozen=True)
class EglDevice:
    index: int  # in eglQueryDevicesEXT's list: moderngl's (glcontext's) `device_index`
    kind: str   # nvidia | amd | intel | gpu (another vendor's) | software (llvmpipe)


def egl_devices() -> list[EglDevice]:
    """The EGL devices of this machine (EGL_EXT_device_enumeration), in the order EGL lists them; [] where
    the EGL library can't enumerate devices."""
    path = ctypes.util.find_library("EGL")
    if path is None:
        return []
    egl = ctypes.CDLL(path)
    egl.eglGetProcAddress.restype = ctypes.c_void_p
    egl.eglGetProcAddress.argtypes = [ctypes.c_char_p]
    query_devices = egl.eglGetProcAddress(b"eglQueryDevicesEXT")
    query_string = egl.eglGetProcAddress(b"eglQueryDeviceStringEXT")
    if not query_devices or not query_string:
        return []
    query_devices = ctypes.CFUNCTYPE(ctypes.c_uint, ctypes.c_int, ctypes.POINTER(ctypes.c_void_p),
                                     ctypes.POINTER(ctypes.c_int))(query_devices)
    query_string = ctypes.CFUNCTYPE(ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int)(query_string)
    handles, count = (ctypes.c_void_p * 32)(), ctypes.c_int(0)
    if not query_devices(len(handles), handles, ctypes.byref(count)):
        return []
    devices = []
    for index in range(count.value):
        extensions = (query_string(handles[index], EGL_EXTENSIONS) or b"").decode().split()
        drm = query_string(handles[index], EGL_DRM_DEVICE_FILE_EXT) if "EGL_EXT_device_drm" in extensions else None
        devices.append(EglDevice(index, device_kind(extensions, drm.decode() if drm else None)))
    return devices


def device_kind(extensions: list[str], drm_file: str | None, sysfs: Path = Path("/sys/class/drm")) -> str:
    """What an EGL device is, from its extensions and the PCI vendor of its DRM card (sysfs)."""
    if "EGL_MESA_device_software" in extensions:
        return "software"
    if "EGL_NV_device_cuda" in extensions:
        return "nvidia"
    if drm_file:
        try:
            vendor = int((sysfs / Path(drm_file).name / "device" / "vendor").read_text(), 16)
        except (OSError, ValueError):
            return "gpu"
        return PCI_VENDORS.get(vendor, "gpu")
    # neither a software rasteriser's nor a card's: seen when another library's libEGL answers the query
    # without extensions; rendering there is not known to be on a GPU, so it comes after the CPU
    return "unknown"


def choose_device(devices: list[EglDevice], request: str = "auto") -> int | None:
    """The EGL device index to render on: `auto` takes the most preferred kind (DEVICE_PREFERENCE; the
    first listed of that kind), `cpu` the software rasteriser, a number that device. None: EGL's default
    display (no device list to choose from)."""
    request = request.strip().lower() or "auto"
    if request.isdigit():
        if int(request) >= len(devices):
            raise InputError(RENDER_DEVICE_VARIABLE, f"{request}: this machine has {len(devices)} EGL device(s)")
        return int(request)
    if request not in ("auto", "cpu"):
        raise InputError(RENDER_DEVICE_VARIABLE, f"{request!r} is not auto, cpu or an EGL device index")
    if request == "cpu":
        software = [d.index for d in devices if d.kind == "software"]
        if not software:
            raise InputError(RENDER_DEVICE_VARIABLE, "cpu: this machine's EGL lists no software rasteriser")
        return software[0]
    if not devices:
        return None
    return min(devices, key=lambda d: (DEVICE_PREFERENCE.index(d.kind), d.index)).index


def render_device() -> int | None:
    """The EGL device index create_context will render on (CINEMOTION_RENDER_DEVICE, see choose_device)."""
    return choose_device(egl_devices(), os.environ.get(RENDER_DEVICE_VARIABLE, "auto"))


def create_context(threads: int | None = None) -> moderngl.Context:
    """A headless OpenGL 3.3 context (EGL) on the device CINEMOTION_RENDER_DEVICE names (choose_device):
    by default an NVIDIA or AMD GPU where the machine has one, else Mesa's llvmpipe on the CPU.

    On a GPU the same shaders run in the same passes at the same resolutions: the frames match the CPU's
    to the rasterisers' rounding (not bit for bit), and nothing else changes — the plan, motion, camera and
    sound, so every sidecar, never depend on the device.
    """
    if threads is not None:
        # llvmpipe sizes its rasteriser pool from this when the context is created.
        os.environ["LP_NUM_THREADS"] = str(threads)
    devices = egl_devices()
    request = os.environ.get(RENDER_DEVICE_VARIABLE, "auto")
    device = choose_device(devices, request)  # what render_device() says: the pipeline checks it up front
    try:
        return _context_on(device)
    except Exception:
        software = [d.index for d in devices if d.kind == "software"]
        if request.strip().lower() not in ("", "auto") or not software or device in software:
            raise
        return _context_on(software[0])  # auto: a GPU whose driver can't give a 3.3 context leaves the CPU


def _context_on(device: int | None) -> moderngl.Context:
    settings = {} if device is None else {"device_index": device}
    _CONTEXT_MAKERS.add(os.getpid())
    return moderngl.create_standalone_context(require=330, backend="egl", **settings)


def holds_gl_state() -> bool:
    """Whether this process made a GL context, or was forked from one that had (before or since)."""
    return bool(_CONTEXT_MAKERS)


@cache
def shader_source(name: str) -> str:
    """A shader file, with `#include "x.glsl"` lines replaced by that file's text."""
    lines = []
    path = SHADERS / (name if name.endswith(".glsl") else name + ".glsl")  # "mesh.vert" → mesh.vert.glsl
    for line in path.read_text().splitlines():
        if line.startswith("#include"):
            lines.append(shader_source(line.split('"')[1]))
        else:
            lines.append(line)
    return "\n".join(lines)


def program(ctx: moderngl.Context, vertex: str, fragment: str, defines: dict[str, object] | None = None
            ) -> moderngl.Program:
    header = "#version 330\n" + "".join(f"#define {k} {v}\n" for k, v in (defines or {}).items())
    return ctx.program(vertex_shader=header + shader_source(vertex),
                       fragment_shader=header + shader_source(fragment))


def view_matrix(rotation: np.ndarray, translation: np.ndarray) -> np.ndarray:
    """OpenGL view matrix (4x4) from an OpenCV world-to-camera rotation and translation."""
    view = np.eye(4)
    view[:3, :3] = OPENCV_TO_OPENGL @ rotation
    view[:3, 3] = OPENCV_TO_OPENGL @ translation
    return view


def projection_matrix(fx: float, fy: float, cx: float, cy: float, width: int, height: int,
                      near: float, far: float) -> np.ndarray:
    """Clip-space projection matching OpenCV intrinsics (pixel centres at integer coordinates)."""
    # OpenCV puts pixel i's centre at u = i; OpenGL at i + 0.5.
    cx, cy = cx + 0.5, cy + 0.5
    return np.array([
        [2 * fx / width, 0.0, 1 - 2 * cx / width, 0.0],
        [0.0, 2 * fy / height, 2 * cy / height - 1, 0.0],
        [0.0, 0.0, -(far + near) / (far - near), -2 * far * near / (far - near)],
        [0.0, 0.0, -1.0, 0.0],
    ])


def orthographic_light(direction: np.ndarray, center: np.ndarray, radius: float) -> np.ndarray:
    """View-projection of a directional light covering a sphere (centre, radius) of the world."""
    d = direction / np.linalg.norm(direction)  # from the scene towards the light
    up = np.array([0.0, 1.0, 0.0]) if abs(d[1]) < 0.95 else np.array([1.0, 0.0, 0.0])
    z = d
    x = np.cross(up, z)
    x /= np.linalg.norm(x)
    y = np.cross(z, x)
    eye = center + d * radius * 2
    view = np.eye(4)
    view[:3, :3] = np.stack([x, y, z])
    view[:3, 3] = -view[:3, :3] @ eye
    near, far = radius * 0.5, radius * 3.5
    proj = np.diag([1 / radius, 1 / radius, -2 / (far - near), 1.0])
    proj[2, 3] = -(far + near) / (far - near)
    return proj @ view


def gl_matrix(m: np.ndarray) -> bytes:
    """Column-major float32 bytes, as GLSL mat4 uniforms expect."""
    return np.asarray(m, dtype="f4").T.tobytes()


def vertex_array(ctx: moderngl.Context, prog: moderngl.Program, buffers: list[tuple],
                 index_buffer: moderngl.Buffer | None = None) -> moderngl.VertexArray:
    """A VAO from (buffer, [(format, name), …], per_instance) triples; attributes the program
    doesn't use (optimised away, e.g. in the shadow pass) become padding. An index buffer holds
    uint32 triangle corners."""
    content = []
    for buffer, attributes, per_instance in buffers:
        formats, names = [], []
        for fmt, name in attributes:
            if name in prog:
                formats.append(fmt)
                names.append(name)
            else:
                count, kind = int(fmt[:-1]), fmt[-1]
                formats.append(f"{count * 4}x" if kind in "fi" else f"{count}x")
        layout = " ".join(formats) + ("/i" if per_instance else "")
        if names:
            content.append((buffer, layout, *names))
    return ctx.vertex_array(prog, content, index_buffer=index_buffer, index_element_size=4)
