// From the scene's HDR image to a display image at the shading resolution: the blur and the lens'
// glow added (blur.frag, glow.frag: premultiplied, so sharp * (1 - a) + rgb), white balance, exposure
// metered on the subject, ACES tone map, grade, vignette, grain; the luma to alpha for FXAA (fxaa.frag).
// FXAA: a second copy of the image (location 1), which FXAA reads while it smooths the first's
// edges. FLIP: the pass writes the output itself (no resampling), flipped so that reading the
// framebuffer gives rows top to bottom.
#include "noise.glsl"
in vec2 v_uv;
uniform sampler2D u_color;          // the scene's HDR colour, unfiltered
uniform sampler2D u_overlay;        // OVERLAY: the blur and glow to add (filtered, half or quarter size)
uniform vec2 u_viewport;            // the scene's (shading) resolution
uniform float u_exposure;
uniform vec3 u_white_balance;       // the camera's per-channel gains
uniform mat3 u_grade;               // contrast, saturation, lift and gain, composed (look.py grade_transform)
uniform vec3 u_grade_offset;
uniform float u_contrast;           // GRAIN: the grain follows the luma after contrast
uniform float u_vignette;
uniform float u_grain;             // GRAIN: the grain's RMS at mid-grey, per shading pixel (look.py grain_rms)
uniform float u_grain_seed;
layout(location = 0) out vec4 out_color;
#if FXAA
layout(location = 1) out vec4 out_copy;
#endif

vec3 aces(vec3 x) {   // Narkowicz 2015 fit of the ACES filmic curve, with its 0.6 input scale
    x *= 0.6;         // (mid-grey 0.18 → 0.41 on the display, as the RRT + sRGB ODT put it)
    return clamp((x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14), 0.0, 1.0);
}

vec3 display_gamma(vec3 x) {
    // x^(1/2.2), to display, as a quartic in x^(1/4) (two square roots; llvmpipe's pow is a log and
    // an exponential, each a long polynomial): weighted least squares on [1e-6, 1], at most 0.11/255
    // from the power, under the display's quantisation step
    vec3 q = sqrt(sqrt(x));
    return q * (0.03343 + q * (1.24122 + q * (-0.41556 + q * 0.14134)));
}

void main() {
#if FLIP
    vec2 uv = vec2(v_uv.x, 1.0 - v_uv.y);
#else
    vec2 uv = v_uv;
#endif
    vec3 color = texture(u_color, uv).rgb;
#if OVERLAY
    {
        vec4 overlay = texture(u_overlay, uv);
        color = color * (1.0 - overlay.a) + overlay.rgb;
    }
#endif
    color = display_gamma(aces(color * u_white_balance * u_exposure));
#if GRAIN
    float luma = (dot(color, vec3(0.2126, 0.7152, 0.0722)) - 0.5) * u_contrast + 0.5;
#endif
    color = u_grade * color + u_grade_offset;
    vec2 c = uv - 0.5;
    color *= 1.0 - u_vignette * smoothstep(0.25, 0.85, dot(c, c) * 2.2);
#if GRAIN
    {
        // luma only (the same on R, G and B), of unit RMS: two uniform hashes sum to a triangular
        // variable on [-1, 1] of RMS 1/sqrt(6)
        vec2 pixel = floor(uv * u_viewport);
        float g = (hash12(pixel + u_grain_seed) + hash12(pixel * 1.7 + u_grain_seed * 1.3) - 1.0) * 2.4494897;
        // the density's part (Newson et al. 2017): a Boolean grain model's variance at intensity u is
        // u (1 - u), so the RMS is 2 sqrt(u (1 - u)) of mid-grey's: none at black or white
        float u = clamp(luma, 0.0, 1.0);
        color += g * u_grain * 2.0 * sqrt(u * (1.0 - u));
    }
#endif
    color = clamp(color, 0.0, 1.0);
    out_color = vec4(color, dot(color, vec3(0.299, 0.587, 0.114)));
#if FXAA
    out_copy = out_color;
#endif
}
