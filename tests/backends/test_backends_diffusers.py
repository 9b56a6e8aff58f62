"""The diffusers backend on a tiny randomly initialised WanVACE pipeline built in code (no downloads)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "exports"))
from export_shots import performance_of, shot_plan, tracking_camera  # noqa: E402

from cinemotion.backends.diffusers_backend import clip_length, generate, model_size  # noqa: E402
from cinemotion.media.pose_video import pose_frames  # noqa: E402

torch = pytest.importorskip("torch", reason="the diffusers backend needs the optional extra: torch")
diffusers = pytest.importorskip("diffusers", reason="the diffusers backend needs the optional extra: diffusers")
transformers = pytest.importorskip("transformers", reason="the diffusers backend needs transformers")

WIDTH, HEIGHT, FRAMES = 32, 32, 11  # 11 control frames → a 9-frame (4k + 1) clip


def tiny_wan_vace():
    """WanVACEPipeline with the smallest components of each class, randomly initialised."""
    from diffusers import AutoencoderKLWan, FlowMatchEulerDiscreteScheduler, WanVACEPipeline, WanVACETransformer3DModel
    from transformers import T5Config, UMT5EncoderModel

    torch.manual_seed(0)
    vae = AutoencoderKLWan(base_dim=3, z_dim=16, dim_mult=[1, 1, 1, 1], num_res_blocks=1,
                           temperal_downsample=[False, True, True])
    transformer = WanVACETransformer3DModel(
        patch_size=(1, 2, 2), num_attention_heads=2, attention_head_dim=12, in_channels=16, out_channels=16,
        text_dim=32, freq_dim=256, ffn_dim=32, num_layers=3, cross_attn_norm=True, qk_norm="rms_norm_across_heads",
        rope_max_seq_len=32, vace_layers=[0, 2], vace_in_channels=96)
    text_encoder = UMT5EncoderModel(T5Config(vocab_size=32, d_model=32, d_kv=8, d_ff=37, num_layers=1, num_heads=4))
    return WanVACEPipeline(tokenizer=None, text_encoder=text_encoder, vae=vae,
                           scheduler=FlowMatchEulerDiscreteScheduler(shift=7.0), transformer=transformer)


def control_clip() -> list[np.ndarray]:
    shot = shot_plan(duration_s=FRAMES / 24, width=WIDTH, height=HEIGHT)
    camera = tracking_camera(frames=shot.n_frames, width=WIDTH, height=HEIGHT, dolly_m=3.0)
    return list(pose_frames(shot, performance_of(shot), camera))


def test_control_video_reaches_the_model_in_order():
    pipe = tiny_wan_vace()
    encoded: list[torch.Tensor] = []
    encode = pipe.vae.encode
    pipe.vae.encode = lambda x, *a, **k: (encoded.append(x.detach().clone()), encode(x, *a, **k))[1]
    seen: list[torch.Tensor] = []
    forward = pipe.transformer.forward
    pipe.transformer.forward = lambda *a, **k: (seen.append(k["control_hidden_states"]), forward(*a, **k))[1]

    control = control_clip()
    assert len(control) == FRAMES
    assert len({frame.tobytes() for frame in control}) == FRAMES, "the pose frames should all differ"
    reference = np.full((HEIGHT, WIDTH, 3), 128, np.uint8)
    embeds = torch.zeros(1, 8, 32)
    out = generate(pipe, control, reference=reference, steps=2, guidance_scale=1.0,
                   prompt_embeds=embeds, negative_prompt_embeds=embeds)

    frames = clip_length(FRAMES)
    assert frames == 9 and out.shape == (frames, HEIGHT, WIDTH, 3) and out.dtype == np.uint8
    # VACE encodes the unmasked control video ("reactive") as (1, 3, F, H, W) in [-1, 1]: it must be
    # our pose frames, first `frames` of them, in film order.
    expected = torch.from_numpy(np.stack(control[:frames])).permute(3, 0, 1, 2)[None].float() / 127.5 - 1.0
    matches = [x for x in encoded if x.shape == expected.shape and torch.allclose(x, expected, atol=1e-2)]
    shapes = [tuple(x.shape) for x in encoded]
    assert matches, f"no VAE input equals the control video {tuple(expected.shape)}; saw {shapes}"
    # The transformer sees the control latents: 1 + (F - 1) / 4 latent frames plus one for the reference.
    assert seen and seen[0].shape[2] == 1 + (frames - 1) // 4 + 1, tuple(seen[0].shape)


def test_sizes_and_lengths_fit_the_model():
    assert [clip_length(n) for n in (1, 4, 5, 8, 9, 24, 81)] == [1, 1, 5, 5, 9, 21, 81]
    assert model_size(1280, 720) == (1280, 720) and model_size(170, 90) == (160, 80)
