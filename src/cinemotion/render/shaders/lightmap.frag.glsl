// One lightmap texel: the light the set's surface gets there from what doesn't move, with
// lighting.glsl's own functions: the ambient hemisphere, the fill and every practical's diffuse
// light before albedo (rgb), and the set's shadow of the key (a). Thin two-sided geometry is lit on
// the side the camera mostly sees (u_eye), as the per-frame shader flips its normal towards the camera.
#include "noise.glsl"
#include "lighting.glsl"
in vec3 v_world;
in vec3 v_normal;
flat in int v_material;
uniform vec3 u_eye;
uniform vec4 u_materials[N_MATERIALS];   // roughness, specular, wrap, emissive
out vec4 out_light;

void main() {
    vec3 n = normalize(v_normal);
    vec3 view = normalize(u_eye - v_world);
    if (dot(n, view) < 0.0) n = -n;
    vec4 m = u_materials[v_material];
    Surface s = Surface(v_world, n, view, vec3(1.0), m.x, m.y, m.z, 0.0, 1.0, 0, vec4(0.0),
                        vec3(0.0));
    vec3 light = ambient_fill(s);
    for (int i = 0; i < N_LIGHTS; i++) light += practical_diffuse(i, s);
    out_light = vec4(light, static_shadow(s));
}
