// Motion blur and depth of field at half the shading resolution, where the blur hides it, from the
// packed input (blur_input.frag: colour, depth and speed in one lookup per tap). Out: what the image
// takes from here, premultiplied: rgb = the blurred colour times its share plus the lens' glow,
// alpha = the share of the sharp image it replaces (post.frag: sharp * (1 - a) + rgb).
//
// llvmpipe runs both sides of an `if` for every pixel (masked), but leaves a loop as soon as no pixel
// of its block is still in it: each gather is a loop of 0 taps where this pixel needs none (in focus,
// still), so a sharp region costs nothing.
#include "noise.glsl"
in vec2 v_uv;
uniform sampler2D u_packed;     // unfiltered
uniform sampler2D u_velocity;   // the fastest velocity near each pixel
uniform sampler2D u_glow;       // BLOOM: the lens' glow (quarter size, filtered)
uniform vec2 u_viewport;        // the shading resolution (velocities and blur sizes are in its pixels)
uniform float u_focus;          // focus distance (m)
uniform float u_coc_scale;      // pixels of blur diameter per (|z - focus| / z)
uniform float u_max_coc;        // pixels
out vec4 out_color;

const float DEPTH_STEPS = 16.0; // as blur_input.frag packs them
const float FIELD = 4096.0;

vec2 depth_speed(float code) {
    float depth = floor(code / FIELD);
    return vec2(depth / DEPTH_STEPS, (code - depth * FIELD) * 0.5);
}

float coc_at(float depth) {
    return min(u_coc_scale * abs(depth - u_focus) / max(depth, 1e-3), u_max_coc);
}

void main() {
    vec2 px = 1.0 / u_viewport;
    vec4 centre = texture(u_packed, v_uv);
    vec3 color = centre.rgb;
    vec2 own_depth_speed = depth_speed(centre.a);
    float depth = own_depth_speed.x;
    float amount = 0.0;
#if MOTION_BLUR
    {
        // Reconstruction filter of McGuire et al. 2012 ("A reconstruction filter for plausible
        // motion blur", I3D): blur along the fastest velocity nearby, so a moving limb smears over
        // the still background behind it, weighting each sample by whether its blur covers this
        // pixel (in front) or this pixel's blur covers it (behind).
        vec2 v_max = texture(u_velocity, v_uv).xy;
        float reach = length(v_max) * 0.5;           // blur radius: half the shutter's travel
        amount = clamp(reach - 0.5, 0.0, 1.0);
        float own = max(own_depth_speed.y * 0.5, 0.5);
        vec3 sum = color / own;
        float total = 1.0 / own;
        const int N = 8;
        // each pixel starts its samples at its own offset (interleaved gradient noise, Jimenez
        // 2014): N evenly spaced taps would paint N sharp copies of a fast hand (strobing);
        // shifted per pixel they add up to a continuous smear with fine, static noise
        float jitter = interleaved_gradient(gl_FragCoord.xy);
        int taps = reach > 0.5 ? N : 0;
        for (int i = 0; i < taps; i++) {
            float t = (float(i) + jitter) / float(N) * 2.0 - 1.0;  // -1..1 across the shutter
            vec4 a = texture(u_packed, v_uv + v_max * 0.5 * px * t);
            vec2 a_depth_speed = depth_speed(a.a);
            float d = abs(t) * reach;
            float front = clamp(1.0 - (a_depth_speed.x - depth) * 4.0, 0.0, 1.0);     // sample nearer than us
            float behind = clamp(1.0 + (a_depth_speed.x - depth) * 4.0, 0.0, 1.0);
            float speed_y = max(a_depth_speed.y * 0.5, 0.5);
            float w = front * clamp(1.0 - d / speed_y, 0.0, 1.0) + behind * clamp(1.0 - d / own, 0.0, 1.0)
                    + 2.0 * (1.0 - smoothstep(0.95 * speed_y, 1.05 * speed_y, d))
                          * (1.0 - smoothstep(0.95 * own, 1.05 * own, d));
            sum += a.rgb * w;
            total += w;
        }
        color = sum / total;
    }
#endif
#if DEPTH_OF_FIELD
    {
        float coc = coc_at(depth);
        amount = max(amount, clamp(coc - 0.75, 0.0, 1.0));
        // gather on a Vogel spiral; a sample counts where its own blur reaches this pixel
        vec3 sum = color;
        float total = 1.0;
        const int TAPS = 12;
        // each tap turns the last one's direction by the golden angle (2.39996 rad): a rotation, not
        // a sine and cosine per tap (a loop of unknown length isn't unrolled into constants)
        const mat2 GOLDEN = mat2(cos(2.39996), sin(2.39996), -sin(2.39996), cos(2.39996));
        vec2 direction = vec2(cos(0.5), sin(0.5));
        int taps = coc > 0.75 ? TAPS : 0;
        for (int i = 0; i < taps; i++) {
            float radius = sqrt((float(i) + 0.5) / float(TAPS)) * coc * 0.5;
            vec4 a = texture(u_packed, v_uv + direction * (radius * px));
            direction = GOLDEN * direction;
            float reach = min(coc_at(depth_speed(a.a).x), coc + 1.0);
            float w = smoothstep(radius - 1.0, radius + 1.0, reach * 0.5);
            sum += a.rgb * w;
            total += w;
        }
        color = sum / total;
    }
#endif
    vec3 glow = vec3(0.0);
#if BLOOM
    glow = texture(u_glow, v_uv).rgb;
#endif
    out_color = vec4(color * amount + glow, amount);
}
