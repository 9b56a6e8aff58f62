// Shading of every opaque surface: procedural material detail (per pattern), then the shot's
// lighting design (lighting.glsl: key with soft shadows, fill, sky/bounce, rim, practicals through
// the tile light lists, wet reflections), the actors' contact shadows (contact.frag), height fog.
// Linear HDR out; the post pass white-balances, exposes and tone-maps.
#include "noise.glsl"
#include "lighting.glsl"
#ifndef SCALP
#define SCALP 0
#endif
#define PATTERN_ANY -1
#define PATTERN_BODY -2
#ifndef PATTERN
#define PATTERN PATTERN_ANY
#endif

in vec3 v_world;
in vec3 v_normal;
in vec3 v_color;
flat in int v_material;
flat in int v_instance;
in vec4 v_clip;
in vec4 v_prev_clip;
#if BAKED
in vec2 v_lightmap;
in vec3 v_body_shadow;
in float v_fog;                   // the fog, per vertex (mesh.vert)
uniform sampler2D u_lightmap;     // the set's static light (lightmap.py), baked when the shot starts
#endif
#if PATTERN == PATTERN_BODY
in vec3 v_dir;
in float v_end;
#endif

uniform float u_wetness;
uniform float u_window_glow;
uniform vec2 u_viewport;
uniform sampler2D u_contact;       // the actors' contact shadows from above (contact.frag)
uniform vec4 u_contact_box;        // x, z of its corner (m); 1 / its size along x, z
uniform float u_ground_y;
uniform vec4 u_materials[N_MATERIALS];   // roughness, specular, wrap, emissive
uniform int u_patterns[N_MATERIALS];

layout(location = 0) out vec4 out_color;
layout(location = 1) out vec4 out_aux;     // velocity in pixels (xy), view depth (z), instance id (w)

float contact_occlusion(vec3 p, vec3 n) {
    // the actors' body spheres darkening the set under them: one fetch of contact.frag's texture,
    // between its layers' heights linearly and fading out over one spacing above the top one;
    // it holds an upward surface's occlusion, so a surface tilted away gets that much less (only
    // the set: on a body the shading already darkens the creases the spheres would)
    vec2 uv = (p.xz - u_contact_box.xy) * u_contact_box.zw;
    if (v_instance > 0 || n.y <= 0.0 || any(lessThan(uv, vec2(0.0))) || any(greaterThan(uv, vec2(1.0)))) return 1.0;
    vec4 layers = texture(u_contact, uv);
    vec4 w = clamp(1.0 - abs(max(p.y - u_ground_y, 0.0) / CONTACT_LAYER_M - vec4(0.0, 1.0, 2.0, 3.0)), 0.0, 1.0);
    float occ = dot(layers, w) + 1.0 - dot(w, vec4(1.0));
    return 1.0 - (1.0 - occ) * n.y;
}

// Procedural detail per material pattern. llvmpipe runs every branch of an if-chain under a mask,
// so each program is compiled for one PATTERN (the set is drawn in per-pattern batches); bodies
// (PATTERN_BODY) keep the three patterns they use behind cheap branches.
void detail(int pattern, vec3 p, inout vec3 albedo, inout vec3 n, inout float rough, inout float wet,
            inout float emissive, inout vec3 glow) {
#if PATTERN == 1 || PATTERN == PATTERN_ANY || PATTERN == PATTERN_BODY
    if (pattern == 1) {  // cloth weave and folds
        albedo *= 0.9 + 0.1 * value_noise(p.xy * 90.0 + p.z * 40.0);
    }
#endif
#if PATTERN == 2 || PATTERN == PATTERN_ANY || PATTERN == PATTERN_BODY
    if (pattern == 2 || pattern == 17) {  // hair strands
        // combed from the crown: forward over the top, down and forward on the sides and back
        vec3 along = vec3(0.0, -1.0, 0.6) - n * dot(vec3(0.0, -1.0, 0.6), n);
        along /= max(length(along), 1e-4);
        vec3 across = cross(n, along);
        float strand = value_noise(vec2(dot(p, across) * 300.0, dot(p, along) * 25.0));
        albedo *= 0.75 + 0.35 * strand;
        n = normalize(n + across * (0.3 * strand - 0.15));   // each strand's own sheen: the highlight breaks up
    }
#endif
#if PATTERN == 18 || PATTERN == PATTERN_ANY || PATTERN == PATTERN_BODY
    if (pattern == 18) {  // skin: blotches of redness a few cm across; pores (~1 mm) near the camera only
        float blotch = value_noise(p.xy * 40.0 + p.z * 27.0) - 0.5;
        albedo *= vec3(1.0 + 0.08 * blotch, 1.0 - 0.04 * blotch, 1.0 - 0.06 * blotch);
        float near = clamp(2.0 - length(u_camera_pos - p), 0.0, 1.0);  // beyond ~2 m a pore is sub-pixel
        if (near > 0.0) {   // (a branch: bodies further off skip the noise)
            float pore = value_noise(p.xy * 700.0 + p.z * 530.0);
            rough = clamp(rough + 0.15 * near * (pore - 0.5), 0.2, 0.9);
            albedo *= 1.0 - 0.06 * near * pore;
        }
    }
#endif
#if PATTERN == 3 || PATTERN == PATTERN_ANY
    if (pattern == 3) {  // asphalt: aggregate and patches
        float g = fbm(p.xz * 0.35);
        albedo *= 0.7 + 0.45 * g + 0.15 * (hash13(floor(p * 60.0)) - 0.5);
        wet = max(wet, smoothstep(0.55, 0.7, fbm(p.xz * 0.15 + 7.0)) * u_wetness);
    }
#endif
#if PATTERN == 4 || PATTERN == PATTERN_ANY
    if (pattern == 4) {  // concrete slabs with joints
        vec2 cell = fract(p.xz / 1.5);
        float joint = min(min(cell.x, 1.0 - cell.x), min(cell.y, 1.0 - cell.y));
        albedo *= (0.82 + 0.25 * fbm(p.xz * 1.3)) * mix(0.6, 1.0, smoothstep(0.0, 0.012, joint));
    }
#endif
#if PATTERN == 5 || PATTERN == PATTERN_ANY
    if (pattern == 5) {  // facade: window grid, some lit at night
        vec2 uv = vec2(dot(p.xz, vec2(abs(n.z), abs(n.x))), p.y);
        vec2 cell = uv / vec2(2.2, 3.2);
        vec2 f = fract(cell);
        bool glass = f.x > 0.22 && f.x < 0.78 && f.y > 0.25 && f.y < 0.8 && p.y > 1.0 && abs(n.y) < 0.5;
        if (glass) {
            float h = hash13(vec3(floor(cell), floor(p.x * 0.01 + p.z * 0.013)));
            albedo = vec3(0.05, 0.06, 0.07);
            rough = 0.15;
            // about a third of the windows lit at night: a warm room behind dark glass
            float lit = step(0.68, h) * u_window_glow * (0.03 + 0.09 * hash12(floor(cell) + 3.0));
            glow = vec3(1.0, 0.72, 0.42) * (0.7 + 0.6 * hash12(floor(cell) + 9.0)) * lit;
        } else {
            albedo *= 0.85 + 0.2 * value_noise(uv * 3.0);
        }
    }
#endif
#if PATTERN == 6 || PATTERN == PATTERN_ANY
    if (pattern == 6) {  // grass: clumps and colour variation
        float g = fbm(p.xz * 2.0);
        albedo *= vec3(0.75 + 0.5 * g, 0.8 + 0.4 * g, 0.7 + 0.3 * fbm(p.xz * 0.3));
    }
#endif
#if PATTERN == 7 || PATTERN == PATTERN_ANY
    if (pattern == 7) {  // sand ripples
        albedo *= 0.9 + 0.1 * sin(p.x * 9.0 + fbm(p.xz * 0.8) * 6.0) + 0.05 * value_noise(p.xz * 30.0);
    }
#endif
#if PATTERN == 8 || PATTERN == PATTERN_ANY
    if (pattern == 8) {  // water: rippled normal
        float e = 0.05;
        float h0 = fbm(p.xz * 0.6), hx = fbm((p.xz + vec2(e, 0)) * 0.6), hz = fbm((p.xz + vec2(0, e)) * 0.6);
        // ripples fade with distance so they don't alias into sparkle
        float fade = 1.0 / (1.0 + 0.05 * length(u_camera_pos - p));
        n = normalize(n + vec3(h0 - hx, 0.0, h0 - hz) * 6.0 * fade);
        wet = 1.0;
    }
#endif
#if PATTERN == 9 || PATTERN == PATTERN_ANY
    if (pattern == 9) {  // running track: lane lines every 1.22 m (IAAF rule 160)
        float lane = fract(p.z / 1.22);
        albedo = mix(albedo, vec3(0.9), step(lane, 0.04));
        albedo *= 0.9 + 0.12 * value_noise(p.xz * 40.0);
    }
#endif
#if PATTERN == 10 || PATTERN == PATTERN_ANY
    if (pattern == 10) {  // snow: sparkle and drifts
        albedo *= 0.92 + 0.08 * fbm(p.xz * 0.7);
    }
#endif
#if PATTERN == 11 || PATTERN == PATTERN_ANY
    if (pattern == 11) {  // floor tiles
        vec2 cell = fract(p.xz / 0.6);
        float joint = min(min(cell.x, 1.0 - cell.x), min(cell.y, 1.0 - cell.y));
        albedo *= mix(0.55, 1.0, smoothstep(0.0, 0.02, joint)) * (0.92 + 0.1 * hash12(floor(p.xz / 0.6)));
    }
#endif
#if PATTERN == 12 || PATTERN == PATTERN_ANY
    if (pattern == 12) {  // wood planks
        float plank = floor(p.x / 0.18);
        albedo *= 0.8 + 0.25 * hash12(vec2(plank, 1.0)) + 0.08 * sin(p.z * 30.0 + hash12(vec2(plank, 2.0)) * 40.0);
    }
#endif
#if PATTERN == 13 || PATTERN == PATTERN_ANY
    if (pattern == 13) {  // foliage
        albedo *= 0.65 + 0.6 * value_noise(p.xy * 6.0 + p.z * 5.0);
    }
#endif
#if PATTERN == 14 || PATTERN == PATTERN_ANY
    if (pattern == 14) {  // plaster walls
        albedo *= 0.92 + 0.08 * fbm(p.xy * 2.0 + p.z);
    }
#endif
#if PATTERN == 15 || PATTERN == PATTERN_ANY
    if (pattern == 15) {  // bark
        albedo *= 0.7 + 0.4 * value_noise(vec2(atan(n.z, n.x) * 3.0, p.y * 8.0));
    }
#endif
#if PATTERN == 16 || PATTERN == PATTERN_ANY
    if (pattern == 16) {  // windows of interiors: daylight panes, dark at night (window_glow ~ night)
        emissive = 1.5 * (1.0 - u_window_glow) + 0.03;
    }
#endif
}

void main() {
    vec3 n = normalize(v_normal);
    vec3 view = normalize(u_camera_pos - v_world);
    if (dot(n, view) < 0.0 && v_instance == 0) n = -n;   // thin two-sided geometry
#if SCALP
    {
        // the scalp shell shows only above the hairline and behind the ears: open over the face
        // (forward, below ~13° of latitude on the crown, ~6 cm above the brows) so the skin of the
        // head shows through
        bool face = v_dir.z > 0.3 && (v_end < 0.5 || v_dir.y < 0.22 - 0.25 * abs(v_dir.x));
        bool temple = abs(v_dir.x) > 0.75 && v_end > 0.5;
        if (face && !temple) discard;
    }
#endif
    vec4 m = u_materials[v_material];
    vec3 albedo = v_color;
    float rough = m.x;
    float wet = 0.0;
    float emissive = m.w;
    vec3 glow = vec3(0.0);
    detail(u_patterns[v_material], v_world, albedo, n, rough, wet, emissive, glow);
#if WET
    if (v_instance == 0 && n.y > RAIN_SOAKED_NY) wet = max(wet, u_wetness * 0.6);   // rain-soaked ground
#else
    wet = 0.0;
#endif
    albedo *= 1.0 - 0.45 * wet;                    // wet surfaces darken (water fills the pores)
    rough = mix(rough, 0.08, wet);
#if BAKED
    vec4 baked = texture(u_lightmap, v_lightmap);
    vec3 body_shadow = v_body_shadow;
#else
    vec4 baked = vec4(0.0);
    vec3 body_shadow = vec3(0.0);
#endif
    int actor = v_instance;
#ifdef CAVITY
    if (v_material == CAVITY) actor = 0;   // inside the mouth: lit through the lips, hidden from the rim
#endif
    Surface s = Surface(v_world, n, view, albedo, rough, mix(m.y, 0.03, wet), m.z, wet,
#if NEAR_ACTORS
                        contact_occlusion(v_world, n), actor, baked, body_shadow);
#else
                        1.0, actor, baked, body_shadow);
#endif
    vec3 color = light_surface(s);
    color += v_color * emissive + glow;
#if BAKED
    color = mix(color, u_fog_color, v_fog);
#else
    color = apply_fog(color, v_world);
#endif

    out_color = vec4(color, 1.0);
    vec2 now = v_clip.xy / v_clip.w, before = v_prev_clip.xy / v_prev_clip.w;
    // velocity: the motion over the whole open shutter, in pixels (`before` is its opening)
    out_aux = vec4((now - before) * u_viewport, v_clip.w, float(v_instance));
}
