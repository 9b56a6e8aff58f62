// Control maps: camera depth in metres and the actor's instance id (no anti-aliasing: exact ids).
in vec3 v_world;
in vec3 v_normal;
in vec3 v_color;
flat in int v_material;
flat in int v_instance;
in vec4 v_clip;
in vec4 v_prev_clip;

uniform mat4 u_view;
layout(location = 0) out float out_depth;
layout(location = 1) out float out_instance;

void main() {
    out_depth = -(u_view * vec4(v_world, 1.0)).z;
    out_instance = float(v_instance) / 255.0;
}
