// The shot's lighting design, shared by every lit surface (set, props, bodies): key with shadows,
// fill, sky and bounce hemisphere, rim, the set's practicals (lamps, neon) through a per-tile light
// list, their mirror images on wet ground, height fog. Linear HDR radiance out; post white-balances,
// exposes and tone-maps.
//
// Interface for a surface shader:
//     (include lighting.glsl with an include line, after noise.glsl)
//     Surface s = Surface(position, normal, view, albedo, roughness, f0, wrap, wetness, occlusion, actor);
//     vec3 radiance = light_surface(s) + emission;
//     radiance = apply_fog(radiance, position);
// N_LIGHTS (compile time) bounds the practicals; TILE_PX is the tile size of u_light_tiles.
// BAKED (compile time, the set): the static light comes from the lightmap (lightmap.py) in
// Surface.baked, and per pixel only the bodies' shadow, specular and the wet mirror images are added.

uniform vec3 u_camera_pos;
uniform vec3 u_key_dir;          // towards the key
uniform vec3 u_key_color;        // colour × intensity
uniform vec3 u_fill_dir;
uniform vec3 u_fill_color;
uniform vec3 u_sky_ambient;
uniform vec3 u_ground_ambient;
uniform vec3 u_rim_dir;
uniform vec3 u_rim_color;
uniform vec3 u_fog_color;
uniform float u_fog_density;
uniform float u_fog_height;
uniform vec3 u_horizon;
uniform vec3 u_zenith;

uniform sampler2DShadow u_shadow_static;
uniform sampler2DShadow u_shadow_dynamic;
uniform mat4 u_light_static;
uniform mat4 u_light_dynamic;
uniform float u_shadow_softness; // PCF radius in texels
uniform float u_static_texel;    // metres per shadow-map texel
uniform float u_dynamic_texel;

// practicals: position and reach (m, where the light has faded out); colour × intensity and the
// radiance of the emitter itself per unit of intensity (what a mirror shows of it), and its radius
uniform vec4 u_light_pos[N_LIGHTS + 1];
uniform vec4 u_light_color[N_LIGHTS + 1];
uniform vec2 u_light_shape[N_LIGHTS + 1];    // emitter radius (m), beam exponent about straight down
// per screen tile (TILE_PX square): texel (k * (MAX_TILE_LIGHTS + 1), row) holds the count, the next
// ones the indices of the lights that reach the tile, directly or by reflection. A data-bound loop
// really ends where a tile's list does (llvmpipe would run every step of an unrolled one)
uniform sampler2D u_light_tiles;
#ifndef BAKED
#define BAKED 0
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
    bool actor;
    vec4 baked;        // BAKED: the lightmap's practicals' diffuse irradiance (rgb) and set's key shadow (a)
};

float shadow_from(sampler2DShadow map, mat4 light, vec3 world, vec3 n, float texel_m, float bias, int taps) {
    // normal-offset lookup: step off the surface (further where the light grazes it) so that it
    // doesn't shadow itself
    float grazing = 1.0 - clamp(dot(n, u_key_dir), 0.0, 1.0);
    vec4 p = light * vec4(world + n * texel_m * (2.0 + 6.0 * grazing) * (1.0 + u_shadow_softness * 0.5), 1.0);
    vec3 q = p.xyz / p.w * 0.5 + 0.5;
    bool inside = all(greaterThan(q.xy, vec2(0.0))) && all(lessThan(q.xy, vec2(1.0))) && q.z <= 1.0;
    // bilinear comparisons (each a 2x2 PCF) on a rotated square; a data-bound loop, so fragments
    // outside the map really skip the lookups
    int count = inside ? taps : 0;
    vec2 r = u_shadow_softness / vec2(textureSize(map, 0));
    float lit = 0.0;
    for (int i = 0; i < count; i++) {
        float a = 0.4636 + 1.5708 * float(i);
        lit += texture(map, vec3(q.xy + vec2(cos(a), sin(a)) * r, q.z - bias));
    }
    return count > 0 ? lit / float(count) : 1.0;
}

float static_shadow(Surface s) {
    // the set's big shadows: one soft lookup
    return shadow_from(u_shadow_static, u_light_static, s.position, s.normal, u_static_texel, 0.0004, 1);
}

float key_shadow(Surface s) {
    if (dot(s.normal, u_key_dir) <= -s.wrap) return 0.0;
#if BAKED
    float set_shadow = s.baked.a;
#else
    float set_shadow = static_shadow(s);
#endif
    // the bodies' crisp ones: four lookups
    return min(set_shadow, shadow_from(u_shadow_dynamic, u_light_dynamic, s.position, s.normal, u_dynamic_texel,
                                       0.0004, 4));
}

float specular_power(float roughness) {
    return 2.0 / max(pow(roughness, 4.0), 1e-4) - 2.0;
}

float schlick(float f0, float cosine) {
    return f0 + (1.0 - f0) * pow(1.0 - max(cosine, 0.0), 5.0);
}

// practical i's light on a surface, before its albedo: what the lightmap sums over every practical
vec3 practical_diffuse(int i, Surface s) {
    vec4 light = u_light_pos[i];
    vec3 d = light.xyz - s.position;
    float dist2 = dot(d, d);
    vec3 l = d * inversesqrt(dist2);
    // inverse square with a window that reaches 0 at the light's reach (Karis 2013, UE4 shading)
    float x = clamp(1.0 - pow(dist2 / (light.w * light.w), 2.0), 0.0, 1.0);
    vec2 shape = u_light_shape[i];
    float beam = shape.y > 0.0 ? pow(max(-l.y, 0.0), shape.y) : 1.0;
    float falloff = x * x / (1.0 + dist2) * beam;
    float lambert = max((dot(s.normal, l) + s.wrap) / (1.0 + s.wrap), 0.0);
    return u_light_color[i].rgb * lambert * falloff;
}

// practical i seen in a wet surface: the mirror ray passes near the light's shape, spread by the
// water film's roughness with distance and, seen at a grazing angle, stretched vertically on
// screen (the streaks of lights on a wet road)
vec3 practical_mirrored(int i, Surface s, vec3 mirror, float fresnel) {
    vec3 d = u_light_pos[i].xyz - s.position;
    vec4 tint = u_light_color[i];
    float along = max(dot(d, mirror), 0.0);
    vec3 miss = d - mirror * along;
    float spread = u_light_shape[i].x + along * (0.01 + 0.1 * s.roughness);
    vec3 side = normalize(cross(s.view, vec3(0.0, 1.0, 0.0)));   // screen-horizontal
    float across = dot(miss, side);
    float stretch = mix(1.0, 0.25, pow(1.0 - max(dot(s.normal, s.view), 0.0), 2.0));
    float m = length(vec2(across, length(miss - across * side) * stretch)) / spread;
    return tint.rgb * tint.a * s.wetness * fresnel * max(1.0 - m * m, 0.0);
}

vec3 practicals(Surface s) {
#if BAKED
    vec3 color = s.albedo * s.baked.rgb;
    if (s.wetness <= 0.0) return color;
#else
    vec3 color = vec3(0.0);
#endif
    ivec2 tile = ivec2(gl_FragCoord.xy) / TILE_PX;
    int base = tile.x * (MAX_TILE_LIGHTS + 1);
    int count = int(texelFetch(u_light_tiles, ivec2(base, tile.y), 0).r + 0.5);
    vec3 mirror = reflect(-s.view, s.normal);
    float fresnel = schlick(s.f0, dot(s.normal, s.view));
    for (int k = 0; k < count; k++) {
        int i = int(texelFetch(u_light_tiles, ivec2(base + 1 + k, tile.y), 0).r + 0.5);
#if !BAKED
        color += s.albedo * practical_diffuse(i, s);
#endif
        if (s.wetness > 0.0) color += practical_mirrored(i, s, mirror, fresnel);
    }
    return color;
}

vec3 light_surface(Surface s) {
    vec3 n = s.normal;
    float ndl = dot(n, u_key_dir);
    float diffuse = max((ndl + s.wrap) / (1.0 + s.wrap), 0.0);
    float shadow = key_shadow(s);
    vec3 h = normalize(s.view + u_key_dir);
    float power = specular_power(s.roughness);
    float spec = schlick(s.f0, dot(s.view, h)) * pow(max(dot(n, h), 0.0), power) * (power + 8.0) / 25.0
                 * step(0.0, ndl);
    vec3 ambient = mix(u_ground_ambient, u_sky_ambient, n.y * 0.5 + 0.5) * s.occlusion;
    float fill = max((dot(n, u_fill_dir) + 0.5) / 1.5, 0.0) * s.occlusion;   // a broad soft source
    vec3 color = s.albedo * (ambient + u_fill_color * fill + u_key_color * diffuse * shadow)
               + u_key_color * spec * shadow;
    // rim: a back light grazing the actors' silhouettes (aimed at them, not at the set)
    if (s.actor) color += u_rim_color * pow(1.0 - max(dot(n, s.view), 0.0), 3.0) * max(dot(n, u_rim_dir) * 0.5 + 0.5, 0.0);
    color += practicals(s);
    // wet surfaces mirror the sky
    vec3 r = reflect(-s.view, n);
    vec3 sky = mix(u_horizon, u_zenith, clamp(r.y, 0.0, 1.0));
    color += sky * s.wetness * schlick(s.f0, dot(n, s.view)) * s.occlusion;
    return color;
}

vec3 apply_fog(vec3 color, vec3 position) {
    // exponential height fog
    float dist = length(u_camera_pos - position);
    float height_falloff = exp(-max(position.y, 0.0) / max(u_fog_height, 0.1));
    float fog = 1.0 - exp(-dist * u_fog_density * (0.35 + 0.65 * height_falloff));
    return mix(color, u_fog_color, clamp(fog, 0.0, 1.0));
}
