// One template capsule (unit directions + which end) → every body part, hair strand and finger.
in vec3 in_dir;      // unit direction from the end's centre
in float in_end;     // 0: the a end, 1: the b end
in vec3 in_a;
in vec3 in_b;
in vec4 in_shape;    // ra, rb, sx, sz
in vec3 in_side;
in vec3 in_up;
in vec3 in_color;
in vec2 in_ids;      // material, instance
in vec3 in_prev_a;
in vec3 in_prev_b;

uniform mat4 u_view_proj;
uniform mat4 u_prev_view_proj;

out vec3 v_world;
out vec3 v_normal;
out vec3 v_color;
flat out int v_material;
flat out int v_instance;
out vec4 v_clip;
out vec4 v_prev_clip;
out vec3 v_dir;          // the template direction: where on the capsule this is (scalp hairline)
out float v_end;

vec3 place(vec3 a, vec3 b, out vec3 normal) {
    vec3 axis = b - a;
    float len = length(axis);
    vec3 u = len > 1e-6 ? axis / len : normalize(in_up);
    vec3 s = in_side - u * dot(in_side, u);
    if (length(s) < 1e-3) s = in_up - u * dot(in_up, u);
    s = normalize(s);
    vec3 f = cross(s, u);
    float r = mix(in_shape.x, in_shape.y, in_end);
    vec3 local = vec3(in_dir.x * in_shape.z, in_dir.y, in_dir.z * in_shape.w);
    // the ellipse's normal scales by the inverse of its axes
    vec3 n_local = vec3(in_dir.x / in_shape.z, in_dir.y, in_dir.z / in_shape.w);
    normal = normalize(s * n_local.x + u * n_local.y + f * n_local.z);
    return mix(a, b, in_end) + r * (s * local.x + u * local.y + f * local.z);
}

void main() {
    vec3 normal;
    vec3 world = place(in_a, in_b, normal);
    vec3 unused;
    vec3 prev = place(in_prev_a, in_prev_b, unused);
    v_world = world;
    v_dir = in_dir;
    v_end = in_end;
    v_normal = normal;
    v_color = in_color;
    v_material = int(in_ids.x + 0.5);
    v_instance = int(in_ids.y + 0.5);
    gl_Position = u_view_proj * vec4(world, 1.0);
    v_clip = gl_Position;
    v_prev_clip = u_prev_view_proj * vec4(prev, 1.0);
}
