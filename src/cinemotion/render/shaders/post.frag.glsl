// From the scene's HDR image to a display image at the same (shading) resolution, in two passes.
// BLUR_PASS (at half the shading resolution, where the blur hides it): motion blur along per-pixel
// velocity (sub-frame positions of bodies and camera) and depth of field from the lens, HDR out,
// alpha = how much of it to use. Then at the shading resolution: the sharp image mixed with that,
// the lens' glow (bloom, from the scene's mipmaps), white balance, exposure metered on the subject,
// ACES tone map, grade, vignette, grain. Luma goes to alpha for the finishing pass's FXAA.
#include "noise.glsl"
in vec2 v_uv;
uniform sampler2D u_color;
uniform sampler2D u_aux;
uniform sampler2D u_blurred;       // the blur pass's result (half size, filtered)
uniform sampler2D u_glow;          // GLOW_IN_BLUR: the bloom's glow, gathered by the blur pass (half size)
uniform vec2 u_viewport;          // the scene's (internal) resolution
// MOTION_BLUR, DEPTH_OF_FIELD and GRAIN are compile-time switches: llvmpipe would run a loop
// behind a uniform `if` for every pixel even when it is off
uniform float u_focus;              // focus distance (m)
uniform float u_blur_reach;         // pixels: how far a neighbour's motion may smear onto us
uniform float u_coc_scale;          // pixels of blur diameter per (|z - focus| / z)
uniform float u_max_coc;            // pixels
uniform float u_exposure;
uniform vec3 u_white_balance;       // the camera's per-channel gains
uniform float u_bloom;              // glow strength of what is brighter than display white
uniform vec3 u_lift;
uniform vec3 u_gain;
uniform float u_saturation;
uniform float u_contrast;
uniform float u_vignette;
uniform float u_grain;
uniform float u_grain_seed;
layout(location = 0) out vec4 out_color;
#if BLUR_PASS && GLOW_IN_BLUR
layout(location = 1) out vec4 out_glow;
#endif

vec4 at(sampler2D image, vec2 uv) {
    // the texel under uv, unfiltered (as a NEAREST lookup, without the bloom mipmaps' filtering)
    ivec2 size = textureSize(image, 0);
    return texelFetch(image, clamp(ivec2(uv * vec2(size)), ivec2(0), size - 1), 0);
}

float coc_at(float depth) {
    return min(u_coc_scale * abs(depth - u_focus) / max(depth, 1e-3), u_max_coc);
}

#if BLOOM_LEVELS
vec3 glow_at(vec2 uv) {
    // the scene blurred at widening radii (mip levels 2..), equal weights: smooth enough to be
    // gathered at half size (GLOW_IN_BLUR, where the blur pass runs anyway) and filtered up
    vec3 glow = vec3(0.0);
    for (int level = 2; level <= BLOOM_LEVELS; level++) glow += textureLod(u_color, uv, float(level)).rgb;
    return glow / float(max(BLOOM_LEVELS - 1, 1));
}
#endif

vec3 aces(vec3 x) {   // Narkowicz 2015 fit of the ACES filmic curve, with its 0.6 input scale
    x *= 0.6;         // (mid-grey 0.18 → 0.41 on the display, as the RRT + sRGB ODT put it)
    return clamp((x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14), 0.0, 1.0);
}

void main() {
    vec2 uv = v_uv;   // the finishing pass flips
    vec2 px = 1.0 / u_viewport;
    vec3 color = at(u_color, uv).rgb;
#if BLUR_PASS
    float amount = 0.0;
    vec4 aux = at(u_aux, uv);
#endif
#if BLUR_PASS && MOTION_BLUR
    {
        // Reconstruction filter of McGuire et al. 2012 ("A reconstruction filter for plausible
        // motion blur", I3D): blur along the fastest velocity nearby, so a moving limb smears over
        // the still background behind it, weighting each sample by whether its blur covers this
        // pixel (in front) or this pixel's blur covers it (behind).
        vec2 v_max = aux.xy;
        const vec2 around[4] = vec2[](vec2(1, 0), vec2(-1, 0), vec2(0, 1), vec2(0, -1));
        for (int i = 0; i < 4; i++) {
            vec2 v = at(u_aux, uv + around[i] * u_blur_reach * px).xy;
            if (dot(v, v) > dot(v_max, v_max)) v_max = v;
        }
        float reach = length(v_max) * 0.5;           // blur radius: half the shutter's travel
        amount = clamp(reach - 0.5, 0.0, 1.0);
        if (reach > 0.5) {
            float own = max(length(aux.xy) * 0.5, 0.5);
            vec3 sum = color / own;
            float total = 1.0 / own;
            const int N = 8;
            // each pixel starts its samples at its own offset (interleaved gradient noise, Jimenez
            // 2014): N evenly spaced taps would paint N sharp copies of a fast hand (strobing);
            // shifted per pixel they add up to a continuous smear with fine, static noise
            float jitter = interleaved_gradient(gl_FragCoord.xy);
            for (int i = 0; i < N; i++) {
                float t = (float(i) + jitter) / float(N) * 2.0 - 1.0;  // -1..1 across the shutter
                vec2 q = uv + v_max * 0.5 * px * t;
                vec4 a = at(u_aux, q);
                float d = abs(t) * reach;
                float front = clamp(1.0 - (a.z - aux.z) * 4.0, 0.0, 1.0);     // sample nearer than us
                float behind = clamp(1.0 + (a.z - aux.z) * 4.0, 0.0, 1.0);
                float speed_y = max(length(a.xy) * 0.5, 0.5);
                float w = front * clamp(1.0 - d / speed_y, 0.0, 1.0) + behind * clamp(1.0 - d / own, 0.0, 1.0)
                        + 2.0 * (1.0 - smoothstep(0.95 * speed_y, 1.05 * speed_y, d))
                              * (1.0 - smoothstep(0.95 * own, 1.05 * own, d));
                sum += at(u_color, q).rgb * w;
                total += w;
            }
            color = sum / total;
        }
    }
#endif
#if BLUR_PASS && DEPTH_OF_FIELD
    {
        float coc = coc_at(aux.z);
        amount = max(amount, clamp(coc - 0.75, 0.0, 1.0));
        if (coc > 0.75) {
            // gather on a Vogel spiral; a sample counts where its own blur reaches this pixel
            vec3 sum = color;
            float total = 1.0;
            const int TAPS = 12;
            for (int i = 0; i < TAPS; i++) {
                float r = sqrt((float(i) + 0.5) / float(TAPS));
                float t = float(i) * 2.39996 + 0.5;
                vec2 offset = vec2(cos(t), sin(t)) * r * coc * 0.5;
                vec2 q = uv + offset * px;
                float sample_coc = coc_at(at(u_aux, q).z);
                float reach = min(sample_coc, coc + 1.0);
                float w = smoothstep(length(offset) - 1.0, length(offset) + 1.0, reach * 0.5);
                sum += at(u_color, q).rgb * w;
                total += w;
            }
            color = sum / total;
        }
    }
#endif
#if BLUR_PASS
    out_color = vec4(color, amount);
#if GLOW_IN_BLUR
    out_glow = vec4(glow_at(uv), 1.0);
#endif
    return;
#endif
#if MOTION_BLUR || DEPTH_OF_FIELD
    {
        vec4 blurred = texture(u_blurred, uv);
        color = mix(color, blurred.rgb, blurred.a);
    }
#endif
#if BLOOM_LEVELS
    {
        // glow around what is brighter than white once exposed (signs, lamps, the sun), above that threshold
#if GLOW_IN_BLUR
        vec3 glow = texture(u_glow, uv).rgb;
#else
        vec3 glow = glow_at(uv);
#endif
        color += u_bloom * max(glow - vec3(0.6 / u_exposure), 0.0);
    }
#endif
    color = aces(color * u_white_balance * u_exposure);
    color = pow(color, vec3(1.0 / 2.2));                   // to display
    color = (color - 0.5) * u_contrast + 0.5;
    float luma = dot(color, vec3(0.2126, 0.7152, 0.0722));
    color = mix(vec3(luma), color, u_saturation);
    color = u_lift + color * (u_gain - u_lift);
    vec2 c = uv - 0.5;
    color *= 1.0 - u_vignette * smoothstep(0.25, 0.85, dot(c, c) * 2.2);
#if GRAIN
    {
        vec2 pixel = floor(uv * u_viewport);
        float g = hash12(pixel + u_grain_seed) + hash12(pixel * 1.7 + u_grain_seed * 1.3) - 1.0;
        color += g * u_grain * (1.0 - luma * 0.6);
    }
#endif
    color = clamp(color, 0.0, 1.0);
    out_color = vec4(color, dot(color, vec3(0.299, 0.587, 0.114)));
}
