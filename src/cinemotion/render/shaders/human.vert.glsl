// The skinned human body: bind-pose vertices (face units already applied) blended by four bones'
// dual quaternions (Kavan et al. 2007, "Skinning with dual quaternions"): unlike a linear blend of
// matrices, elbows, shoulders and wrists keep their volume when they twist (no candy-wrap).
in vec3 in_pos;
in vec3 in_normal;
in vec3 in_color;
in float in_material;
in vec4 in_bones;
in vec4 in_weights;

uniform mat4 u_view_proj;
uniform mat4 u_prev_view_proj;
uniform vec4 u_bones[2 * N_BONES];       // real (xyzw), dual (xyzw) per bone
uniform vec4 u_prev_bones[2 * N_BONES];  // at the shutter's opening
uniform int u_instance;

out vec3 v_world;
out vec3 v_normal;
out vec3 v_color;
flat out int v_material;
flat out int v_instance;
out vec4 v_clip;
out vec4 v_prev_clip;
out vec3 v_dir;
out float v_end;

vec3 rotate(vec4 q, vec3 v) {
    return v + 2.0 * cross(q.xyz, cross(q.xyz, v) + q.w * v);
}

void blend(vec4 bones[2 * N_BONES], out vec4 real, out vec4 dual) {
    ivec4 b = ivec4(in_bones + 0.5);
    vec4 r0 = bones[2 * b.x];
    real = vec4(0.0);
    dual = vec4(0.0);
    for (int k = 0; k < 4; ++k) {
        vec4 r = bones[2 * b[k]];
        float w = in_weights[k] * (dot(r, r0) < 0.0 ? -1.0 : 1.0);  // the same hemisphere as the first
        real += w * r;
        dual += w * bones[2 * b[k] + 1];
    }
    float len = length(real);
    real /= len;
    dual /= len;
}

vec3 transform(vec4 real, vec4 dual, vec3 p) {
    vec3 t = 2.0 * (real.w * dual.xyz - dual.w * real.xyz + cross(real.xyz, dual.xyz));
    return rotate(real, p) + t;
}

void main() {
    vec4 real, dual;
    blend(u_bones, real, dual);
    vec3 world = transform(real, dual, in_pos);
    vec4 prev_real, prev_dual;
    blend(u_prev_bones, prev_real, prev_dual);
    vec3 prev = transform(prev_real, prev_dual, in_pos);
    v_world = world;
    v_normal = rotate(real, in_normal);
    v_color = in_color;
    v_material = int(in_material + 0.5);
    v_instance = u_instance;
    v_dir = vec3(0.0);
    v_end = 0.0;
    gl_Position = u_view_proj * vec4(world, 1.0);
    v_clip = gl_Position;
    v_prev_clip = u_prev_view_proj * vec4(prev, 1.0);
}
