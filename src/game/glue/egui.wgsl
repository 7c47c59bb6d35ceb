// egui's shader for bevy_egui 0.42's pipeline (non-bindless layout), with cheaper sRGB curves.
// The interface must match bevy_egui's `EguiPipeline`: a vertex of position, uv and an sRGB
// colour (unorm8x4); group 0 the screen transform; group 1 one texture and its sampler.
// `shader.rs` fills in the {NAME} constants; see there for why and how exact they are.

struct Transform {
    scale: vec2<f32>,
    translation: vec2<f32>,
}

struct Vertex {
    @location(0) position: vec2<f32>,
    @location(1) uv: vec2<f32>,
    @location(2) color: vec4<f32>,
}

struct Varyings {
    @builtin(position) position: vec4<f32>,
    @location(0) color: vec4<f32>,
    @location(1) uv: vec2<f32>,
}

@group(0) @binding(0) var<uniform> transform: Transform;
@group(1) @binding(0) var image: texture_2d<f32>;
// Bound by bevy_egui's layout; not used (the texel is read directly, see fs_main).
@group(1) @binding(1) var image_sampler: sampler;

// sRGB-encoded -> linear. Below the knee the curve is a straight line; above it, a quintic
// stands in for ((x + 0.055) / 1.055)^2.4.
fn decode(x: vec3<f32>) -> vec3<f32> {
    let curve = {D0} + x * ({D1} + x * ({D2} + x * ({D3} + x * ({D4} + x * {D5}))));
    return select(curve, x / 12.92, x < vec3<f32>(0.04045));
}

// linear -> sRGB-encoded. Above the knee, 1.055 x^(1/2.4) - 0.055 is written as a weighted sum of
// x^(1/2), x^(1/4), x^(1/8) and x: three square roots instead of a pow.
fn encode(x: vec3<f32>) -> vec3<f32> {
    let r2 = sqrt(max(x, vec3<f32>(0.0)));
    let r4 = sqrt(r2);
    let r8 = sqrt(r4);
    let curve = {E0} * r2 + {E1} * r4 + {E2} * r8 + {E3} * x;
    return select(curve, x * 12.92, x < vec3<f32>(0.0031308));
}

@vertex
fn vs_main(v: Vertex) -> Varyings {
    let clip = v.position * transform.scale + transform.translation;
    return Varyings(vec4<f32>(clip, 0.0, 1.0), v.color, v.uv);
}

@fragment
fn fs_main(in: Varyings) -> @location(0) vec4<f32> {
    // egui multiplies texture and vertex colour in gamma space (that is how its text is meant to
    // look); the texture is read as linear, and the target expects linear.
    // The texel is read, not filtered: egui places glyphs on whole pixels with their bitmaps at
    // one texel per pixel, so each fragment centre falls on one texel's centre, where bilinear
    // filtering returns that texel exactly. llvmpipe runs both sides of a branch, so there is
    // none: every fragment pays for one texel read, the cheapest one there is. Runs of fills and
    // lines (egui's white texel at uv (0, 0), `epaint::WHITE_UV`) are drawn by fs_fill instead
    // (`window_pass.rs`).
    let size = vec2<i32>(textureDimensions(image));
    let at = min(vec2<i32>(in.uv * vec2<f32>(size)), size - vec2<i32>(1));
    let texel = textureLoad(image, at, 0);
    let gamma = vec4<f32>(encode(texel.rgb), texel.a) * in.color;
    return vec4<f32>(decode(gamma.rgb), gamma.a);
}

// Fills and lines: egui draws them with its font atlas's white texel (`epaint::WHITE_UV`). The
// same arithmetic as fs_main with that texel (1.0), without reading it.
@fragment
fn fs_fill(in: Varyings) -> @location(0) vec4<f32> {
    let gamma = vec4<f32>(encode(vec3<f32>(1.0)), 1.0) * in.color;
    return vec4<f32>(decode(gamma.rgb), gamma.a);
}
