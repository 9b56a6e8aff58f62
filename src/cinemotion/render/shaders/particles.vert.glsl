// Camera-facing particle quads; streaks stretch along their velocity (rain, splash droplets). SHAPE:
// the particles.py shape this program draws.
in vec2 in_corner;
in vec3 in_pos;
in vec3 in_vel;      // streak: the drop's travel during exposure; flake: its spin axis
in float in_size;
in vec4 in_color;
uniform mat4 u_view_proj;
uniform vec3 u_camera_pos;
out vec2 v_corner;
out vec4 v_color;
out float v_depth;
out float v_size;

void main() {
    vec3 to_camera = normalize(u_camera_pos - in_pos);
    vec3 world;
#if SHAPE == 1
    vec3 axis = in_vel;
    float len = max(length(axis), 1e-4);
    vec3 side = normalize(cross(axis / len, to_camera));
    // a drop narrower than a pixel is drawn a pixel wide with its opacity thinned instead
    float dist = length(u_camera_pos - in_pos);
    float width = max(in_size, dist * 0.0012);
    world = in_pos + axis * 0.5 * in_corner.y + side * width * in_corner.x;
    v_color = vec4(in_color.rgb, in_color.a * in_size / width);
#elif SHAPE == 2
    vec3 a = normalize(in_vel + 1e-5);
    vec3 b = normalize(cross(a, vec3(0.0, 1.0, 0.0)) + 1e-5);
    world = in_pos + (a * in_corner.x + b * in_corner.y * 0.6) * in_size;
    v_color = in_color;
#else
    vec3 right = normalize(cross(vec3(0.0, 1.0, 0.0), to_camera) + vec3(1e-5, 0.0, 0.0));
    vec3 up = cross(to_camera, right);
    world = in_pos + (right * in_corner.x + up * in_corner.y) * in_size * 0.5;
    v_color = in_color;
#endif
    v_corner = in_corner;
    v_size = in_size;
    gl_Position = u_view_proj * vec4(world, 1.0);
    v_depth = gl_Position.w;   // the view depth, as the scene pass writes it
}
