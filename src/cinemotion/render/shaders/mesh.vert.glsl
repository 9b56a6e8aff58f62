// Static world geometry (environment, props): positions already in world metres.
#ifndef BAKED
#define BAKED 0
#endif
#if BAKED
#include "fog.glsl"
#endif
in vec3 in_pos;
in vec3 in_normal;
in vec3 in_color;
in float in_material;

uniform mat4 u_view_proj;
uniform mat4 u_prev_view_proj;
uniform mat4 u_model;       // props that move; identity for the environment
uniform mat4 u_prev_model;
uniform mat4 u_light_dynamic;   // the bodies' shadow map

out vec3 v_world;
out vec3 v_normal;
out vec3 v_color;
flat out int v_material;
flat out int v_instance;
out vec4 v_clip;
out vec4 v_prev_clip;
#if BAKED
in vec2 in_lightmap;   // the set's place in its lightmap atlas
out vec2 v_lightmap;
out vec3 v_body_shadow;  // where it lies in the bodies' shadow map (an orthographic light: exact interpolated)
out float v_fog;
#endif

void main() {
    vec4 world = u_model * vec4(in_pos, 1.0);
    v_world = world.xyz;
    v_normal = normalize(mat3(u_model) * in_normal);
    v_color = in_color;
    v_material = int(in_material + 0.5);
    v_instance = 0;
    gl_Position = u_view_proj * world;
    v_clip = gl_Position;
    v_prev_clip = u_prev_view_proj * (u_prev_model * vec4(in_pos, 1.0));
#if BAKED
    v_lightmap = in_lightmap;
    vec4 body_shadow = u_light_dynamic * world;
    v_body_shadow = body_shadow.xyz / body_shadow.w * 0.5 + 0.5;
    v_fog = fog_amount(v_world);
#endif
}
