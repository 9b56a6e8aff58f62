// The screen in tiles, one instanced quad each, for a pass only some tiles need (fxaa.frag): a tile
// the blur covers whole (its coverage texel, coverage.frag, is 0) is folded to a point and draws no
// pixels. llvmpipe shades every fragment a triangle covers and skips nothing inside a shader, so
// culling the triangles is what spares those pixels.
in vec2 in_corner;                  // 0..1 across the tile
uniform ivec2 u_tiles;              // tiles across and down
uniform sampler2D u_coverage;       // CULL: per tile, the largest share of the sharp image in it
out vec2 v_uv;

void main() {
    ivec2 tile = ivec2(gl_InstanceID % u_tiles.x, gl_InstanceID / u_tiles.x);
    v_uv = (vec2(tile) + in_corner) / vec2(u_tiles);
    gl_Position = vec4(v_uv * 2.0 - 1.0, 0.0, 1.0);
#if CULL
#if FLIP
    tile.y = u_tiles.y - 1 - tile.y;   // the image is drawn upside down: its tiles' coverage too
#endif
    if (texelFetch(u_coverage, tile, 0).r <= 0.0) gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
#endif
}
