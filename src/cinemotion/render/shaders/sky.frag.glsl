// The sky behind everything: horizon-to-zenith gradient, sun disc and glow, stars at night, haze.
#include "noise.glsl"
in vec2 v_uv;
uniform mat4 u_inv_view_proj;
uniform mat4 u_prev_view_proj_rot;   // last shutter instant, rotation only (the sky is at infinity)
uniform vec3 u_horizon;
uniform vec3 u_zenith;
uniform vec3 u_ground_far;
uniform vec3 u_sun_dir;
uniform vec3 u_sun_color;
uniform float u_sun_size;
uniform float u_stars;
uniform float u_clouds;
uniform vec2 u_viewport;
layout(location = 0) out vec4 out_color;
layout(location = 1) out vec4 out_aux;

void main() {
    vec4 far = u_inv_view_proj * vec4(v_uv * 2.0 - 1.0, 1.0, 1.0);
    vec4 near = u_inv_view_proj * vec4(v_uv * 2.0 - 1.0, -1.0, 1.0);
    vec3 dir = normalize(far.xyz / far.w - near.xyz / near.w);
    float up = dir.y;
    vec3 color = up > 0.0 ? mix(u_horizon, u_zenith, pow(clamp(up, 0.0, 1.0), 0.55))
                          : mix(u_horizon, u_ground_far, clamp(-up * 6.0, 0.0, 1.0));
    float sun = max(dot(dir, u_sun_dir), 0.0);
    color += u_sun_color * (pow(sun, 8.0) * 0.08 + pow(sun, 200.0) * 0.5 + smoothstep(1.0 - u_sun_size, 1.0, sun) * 20.0);
    if (up > 0.0) {
        vec2 cloud_uv = dir.xz / (up + 0.08);
        float c = smoothstep(0.45, 0.85, fbm(cloud_uv * 1.5)) * u_clouds;
        color = mix(color, mix(u_horizon, vec3(1.0), 0.5) * (0.6 + 0.6 * u_sun_color.r / 3.0), c * 0.7);
        vec3 cell = floor(dir * 350.0);
        color += u_stars * step(0.9975, hash13(cell)) * smoothstep(0.05, 0.3, up) * vec3(1.4);
    }
    out_color = vec4(color, 1.0);
    vec4 prev = u_prev_view_proj_rot * vec4(dir, 0.0);
    vec2 before = prev.xy / max(prev.w, 1e-4);
    vec2 now = v_uv * 2.0 - 1.0;
    out_aux = vec4(prev.w > 0.0 ? (now - before) * u_viewport : vec2(0.0), 6.0e4, 0.0);  // 'infinitely' far, in half-float range
}
