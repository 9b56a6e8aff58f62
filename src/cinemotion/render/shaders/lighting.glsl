// The shot's lighting design, shared by every lit surface (set, props, bodies): key with shadows,
// fill, sky and bounce hemisphere, rim, the set's practicals (lamps, neon) through a per-tile light
// list, their mirror images on wet ground, height fog. Linear HDR radiance out; post white-balances,
// exposes and tone-maps.
//
// Interface for a surface shader:
//     (include lighting.glsl with an include line, after noise.glsl)
//     Surface s = Surface(position, normal, view, albedo, roughness, f0, wrap, wetness, occlusion, actor,
//                         baked, body_shadow);   (actor: k + 1 for shot.actors[k], 0 for the rest)
//     vec3 radiance = light_surface(s) + emission;
//     radiance = apply_fog(radiance, position);
// N_LIGHTS (compile time) bounds the practicals; TILE_PX is the tile size of u_light_tiles;
// N_ACTORS the actors' light probes.
// BAKED (compile time, the set): the static light comes from the lightmap (lightmap.py) in
// Surface.baked (ambient, fill, practicals, the set's key shadow), and per pixel only the contact
// occlusion, the key with the bodies' shadow, specular and the wet mirror images are added.

#include "fog.glsl"
uniform vec3 u_key_dir;          // towards the key
uniform vec3 u_key_color;        // colour × intensity
uniform vec3 u_fill_dir;
uniform vec3 u_fill_color;
uniform vec3 u_sky_ambient;
uniform vec3 u_ground_ambient;
uniform vec3 u_rim_dir;
uniform vec3 u_rim_color;
uniform vec3 u_fog_color;
uniform vec3 u_horizon;
uniform vec3 u_zenith;

uniform sampler2DShadow u_shadow_static;
uniform sampler2DShadow u_shadow_dynamic;
uniform mat4 u_light_static;
uniform mat4 u_light_dynamic;
uniform float u_shadow_softness; // PCF radius in texels
uniform float u_static_texel;    // metres per shadow-map texel
uniform float u_dynamic_texel;
uniform int u_body_shadow_taps;  // the bodies' shadow lookups (scene.py: fewer where its texel is small on screen)
// SET_SHADOW_KNOWN (compile time, an actor's body): the set's shadow of the key is the same over the
// whole of the actor drawn, u_set_shadow (1 lit, 0 shadowed; scene.py's _set_shadow), and isn't looked
// up per pixel: an `if` on a uniform would still run the lookup for every pixel (masked) on llvmpipe,
// where it is a fifth of the bodies' pass
#ifndef SET_SHADOW_KNOWN
#define SET_SHADOW_KNOWN 0
#endif
uniform float u_set_shadow;

// practicals: position and reach (m, where the light has faded out); colour × intensity and the
// radiance of the emitter itself per unit of intensity (what a mirror shows of it), and its radius
uniform vec4 u_light_pos[N_LIGHTS + 1];
uniform vec4 u_light_color[N_LIGHTS + 1];
uniform vec2 u_light_shape[N_LIGHTS + 1];    // emitter radius (m), beam exponent about straight down
// per screen tile (TILE_PX square): texel (k * (MAX_TILE_LIGHTS + 1), row) holds the count, the next
// ones the indices of the lights that reach the tile, directly or by reflection. A data-bound loop
// really ends where a tile's list does (llvmpipe would run every step of an unrolled one)
uniform sampler2D u_light_tiles;
// per actor and frame (scene.py's _actor_probes): its strongest practicals, lit per pixel (the count,
// then their indices), and the rest of them summed at its centre into an irradiance probe, L1
// spherical harmonics (constant, then the x, y, z terms: E(n) = c + n.x a + n.y b + n.z c)
uniform ivec4 u_probe_lights[N_ACTORS];
uniform vec3 u_probe[4 * N_ACTORS];
#ifndef BAKED
#define BAKED 0
#endif
// WET (compile time): the surface may be wet; 0 for the set's batches that can't be (scene.py's
// _may_be_wet: walls in the rain, anything but water in a dry shot), drawn without the wet shading
#ifndef WET
#define WET 1
#endif
// NEAR_ACTORS (compile time): the actors' contact shadows and the bodies' shadow map may reach the
// surface; 0 for the set's triangles out of their reach this frame (scene.py's _near_actors)
#ifndef NEAR_ACTORS
#define NEAR_ACTORS 1
#endif

struct Surface {
    vec3 position;
    vec3 normal;
    vec3 view;         // unit, towards the camera
    vec3 albedo;
    float roughness;
    float f0;          // reflectance at normal incidence
    float wrap;        // diffuse wrap (subsurface stand-in)
    float wetness;     // 0..1: mirrors the practicals and the sky
    float occlusion;   // ambient occlusion
    int actor;         // k + 1 for shot.actors[k], 0 for the rest
    vec4 baked;        // BAKED: the lightmap's ambient, fill and practicals' light (rgb) and set's key shadow (a)
    vec3 body_shadow;  // BAKED: the point in the bodies' shadow map (0..1)
};

// where a surface point lies in a shadow map (0..1): a normal-offset lookup, stepping off the
// surface (further where the light grazes it) so that it doesn't shadow itself
vec3 shadow_coord(mat4 light, vec3 world, vec3 n, float texel_m) {
    float grazing = 1.0 - clamp(dot(n, u_key_dir), 0.0, 1.0);
    vec4 p = light * vec4(world + n * texel_m * (2.0 + 6.0 * grazing) * (1.0 + u_shadow_softness * 0.5), 1.0);
    return p.xyz / p.w * 0.5 + 0.5;
}

float shadow_from(sampler2DShadow map, vec3 q, float bias, int taps) {
    bool inside = all(greaterThan(q.xy, vec2(0.0))) && all(lessThan(q.xy, vec2(1.0))) && q.z <= 1.0;
    // bilinear comparisons (each a 2x2 PCF) on a rotated square; a data-bound loop, so fragments
    // outside the map really skip the lookups
    int count = inside ? taps : 0;
    vec2 r = u_shadow_softness / vec2(textureSize(map, 0));
    // the square's corners turned by atan(1/2) (so its taps fall on distinct rows and columns),
    // each the last turned by 90°: no sine or cosine in the loop
    vec2 offset = vec2(0.8944, 0.4472);
    float lit = 0.0;
    for (int i = 0; i < count; i++) {
        lit += texture(map, vec3(q.xy + offset * r, q.z - bias));
        offset = vec2(-offset.y, offset.x);
    }
    return count > 0 ? lit / float(count) : 1.0;
}

float static_shadow(Surface s) {
    // the set's big shadows: one soft lookup
    return shadow_from(u_shadow_static, shadow_coord(u_light_static, s.position, s.normal, u_static_texel), 0.0004, 1);
}

float key_shadow(Surface s) {
    if (dot(s.normal, u_key_dir) <= -s.wrap) return 0.0;
#if BAKED
    // the set's own shadow from the lightmap; the bodies' from one lookup at the point mesh.vert
    // projected into their map (the set isn't drawn in it, so it can't shadow itself there: no
    // normal offset), where the map's millimetre texels are far finer than the pixels a shadow spans
    float set_shadow = s.baked.a;
#if NEAR_ACTORS
    if (set_shadow <= 0.0) return 0.0;   // already in the set's shadow: the bodies' can't darken it
    return min(set_shadow, shadow_from(u_shadow_dynamic, s.body_shadow, 0.0004, 1));
#else
    return set_shadow;
#endif
#else
#if SET_SHADOW_KNOWN
    float set_shadow = u_set_shadow;
#else
    float set_shadow = static_shadow(s);
#endif
    if (set_shadow <= 0.0) return 0.0;
    // the bodies' crisp ones (on a body: its own creases, seen up close)
    return min(set_shadow, shadow_from(u_shadow_dynamic, shadow_coord(u_light_dynamic, s.position, s.normal,
                                                                      u_dynamic_texel), 0.0004, u_body_shadow_taps));
#endif
}

float specular_power(float roughness) {
    return 2.0 / max(pow(roughness, 4.0), 1e-4) - 2.0;
}

float schlick(float f0, float cosine) {
    float x = 1.0 - max(cosine, 0.0);
    float x2 = x * x;
    return f0 + (1.0 - f0) * x2 * x2 * x;
}

// the light that doesn't depend on the view nor on anything that moves, before albedo: ambient
// hemisphere, fill and every practical's diffuse light; what the lightmap bakes once per shot
vec3 ambient_fill(Surface s) {
    vec3 n = s.normal;
    vec3 ambient = mix(u_ground_ambient, u_sky_ambient, n.y * 0.5 + 0.5);
    float fill = max((dot(n, u_fill_dir) + 0.5) / 1.5, 0.0);   // a broad soft source
    return ambient + u_fill_color * fill;
}

// The practicals seen in a wet surface: each mirror ray passes near a light's shape, spread by the
// water film's roughness with distance and, seen at a grazing angle, stretched vertically on
// screen (the streaks of lights on a wet road). Only the lights in the tile's list.
vec3 practicals_mirrored(Surface s) {
    ivec2 tile = ivec2(gl_FragCoord.xy) / TILE_PX;
    int base = tile.x * (MAX_TILE_LIGHTS + 1);
    int count = int(texelFetch(u_light_tiles, ivec2(base, tile.y), 0).r + 0.5);
    if (count == 0) return vec3(0.0);
    vec3 mirror = reflect(-s.view, s.normal);
    float strength = s.wetness * schlick(s.f0, dot(s.normal, s.view));
    vec3 side = normalize(cross(s.view, vec3(0.0, 1.0, 0.0)));   // screen-horizontal
    float squash = mix(1.0, 0.25, pow(1.0 - max(dot(s.normal, s.view), 0.0), 2.0));
    squash *= squash;
    float blur = 0.01 + 0.1 * s.roughness;
    vec3 color = vec3(0.0);
    for (int k = 0; k < count; k++) {
        int i = int(texelFetch(u_light_tiles, ivec2(base + 1 + k, tile.y), 0).r + 0.5);
        vec3 d = u_light_pos[i].xyz - s.position;
        float along = max(dot(d, mirror), 0.0);
        vec3 miss = d - mirror * along;
        float spread = u_light_shape[i].x + along * blur;
        float across = dot(miss, side);
        // (miss across² + the rest of it squashed) / spread², without a square root
        float m2 = (across * across + (dot(miss, miss) - across * across) * squash) / (spread * spread);
        vec4 tint = u_light_color[i];
        color += tint.rgb * (tint.a * max(1.0 - m2, 0.0));
    }
    return color * strength;
}

// the key's specular highlight, and the sky mirrored by wet surfaces: what of the view the
// lightmap can't hold
vec3 view_dependent(Surface s, float ndl, float shadow) {
    vec3 n = s.normal;
    vec3 h = normalize(s.view + u_key_dir);
    float power = specular_power(s.roughness);
    float spec = schlick(s.f0, dot(s.view, h)) * pow(max(dot(n, h), 0.0), power) * (power + 8.0) / 25.0
                 * step(0.0, ndl);
    vec3 color = u_key_color * spec * shadow;
#if WET
    if (s.wetness > 0.0) {
        vec3 r = reflect(-s.view, n);
        color += mix(u_horizon, u_zenith, clamp(r.y, 0.0, 1.0)) * s.wetness * schlick(s.f0, dot(n, s.view)) * s.occlusion;
    }
#endif
    return color;
}

#if BAKED
// The baked set: the lightmap holds ambient, fill and the practicals' diffuse light (rgb) and the
// set's own shadow of the key (a); per pixel only the contact occlusion, the bodies' shadow of the
// key, specular and the wet mirror images (the tiles list the lights mirrored there)
vec3 light_surface(Surface s) {
    float ndl = dot(s.normal, u_key_dir);
    float diffuse = max((ndl + s.wrap) / (1.0 + s.wrap), 0.0);
    float shadow = key_shadow(s);
    vec3 color = s.albedo * (s.baked.rgb * s.occlusion + u_key_color * diffuse * shadow)
               + view_dependent(s, ndl, shadow);
#if WET
    if (s.wetness > 0.0) color += practicals_mirrored(s);
#endif
    return color;
}
#else
// practical i's light on a surface, before its albedo
vec3 practical_diffuse(int i, Surface s) {
    vec4 light = u_light_pos[i];
    vec3 d = light.xyz - s.position;
    float dist2 = dot(d, d);
    vec3 l = d * inversesqrt(dist2);
    // inverse square with a window that reaches 0 at the light's reach (Karis 2013, UE4 shading)
    float q = dist2 / (light.w * light.w);
    float x = clamp(1.0 - q * q, 0.0, 1.0);
    vec2 shape = u_light_shape[i];
    float beam = shape.y > 0.0 ? pow(max(-l.y, 0.0), shape.y) : 1.0;
    float falloff = x * x / (1.0 + dist2) * beam;
    float lambert = max((dot(s.normal, l) + s.wrap) / (1.0 + s.wrap), 0.0);
    return u_light_color[i].rgb * lambert * falloff;
}

// every practical whose light reaches the tile, before albedo; on an actor its strongest ones per
// pixel and the rest from its probe (a tile over an actor lists them all: this is a third of the cost)
vec3 practicals_diffuse(Surface s) {
    if (s.actor > 0) {
        int a = s.actor - 1;
        ivec4 strongest = u_probe_lights[a];
        vec3 n = s.normal;
        vec3 light = max(u_probe[4 * a] + n.x * u_probe[4 * a + 1] + n.y * u_probe[4 * a + 2]
                         + n.z * u_probe[4 * a + 3], 0.0);
        for (int k = 0; k < strongest.x; k++)
            light += practical_diffuse(strongest[k + 1], s);
        return light;
    }
    ivec2 tile = ivec2(gl_FragCoord.xy) / TILE_PX;
    int base = tile.x * (MAX_TILE_LIGHTS + 1);
    int count = int(texelFetch(u_light_tiles, ivec2(base, tile.y), 0).r + 0.5);
    vec3 light = vec3(0.0);
    for (int k = 0; k < count; k++)
        light += practical_diffuse(int(texelFetch(u_light_tiles, ivec2(base + 1 + k, tile.y), 0).r + 0.5), s);
    return light;
}

// Everything per pixel: bodies and moving props (the tiles list every light reaching them)
vec3 light_surface(Surface s) {
    vec3 n = s.normal;
    float ndl = dot(n, u_key_dir);
    float diffuse = max((ndl + s.wrap) / (1.0 + s.wrap), 0.0);
    float shadow = key_shadow(s);
    vec3 color = s.albedo * (ambient_fill(s) * s.occlusion + u_key_color * diffuse * shadow
                             + practicals_diffuse(s))
               + view_dependent(s, ndl, shadow);
    // rim: a back light grazing the actors' silhouettes (aimed at them, not at the set)
    if (s.actor > 0) color += u_rim_color * pow(1.0 - max(dot(n, s.view), 0.0), 3.0) * max(dot(n, u_rim_dir) * 0.5 + 0.5, 0.0);
    if (s.wetness > 0.0) color += practicals_mirrored(s);
    return color;
}
#endif

vec3 apply_fog(vec3 color, vec3 position) {
    return mix(color, u_fog_color, fog_amount(position));
}
