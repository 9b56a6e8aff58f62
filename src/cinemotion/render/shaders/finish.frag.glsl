// The finished image at the output size, where it is larger than the shading size: the display image
// (post.frag) resampled by one bilinear tap. A Catmull-Rom resampling (5 taps with the bilinear trick)
// cost three times as much on llvmpipe; post.frag sharpens the luma to make up for most of the
// difference. Flipped so that reading the framebuffer gives rows top to bottom.
in vec2 v_uv;
uniform sampler2D u_image;
out vec4 out_color;

void main() {
    out_color = vec4(texture(u_image, vec2(v_uv.x, 1.0 - v_uv.y)).rgb, 1.0);
}
