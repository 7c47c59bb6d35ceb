//! egui drawn straight into the window, without Bevy's full-screen copy.
//!
//! Bevy renders a camera into a texture of its own and then copies that texture into the window
//! with a full-screen shader pass (`upscaling`); bevy_egui draws into the camera's texture before
//! the copy. On a GPU the copy costs nothing. Under Mesa's llvmpipe it is a texture read, an sRGB
//! decode and an sRGB encode for each of the window's 921,600 pixels, every frame: replacing its
//! texture read by a constant colour alone took an empty window's p50 from 13.3 to 8.9 ms and its
//! p95 from 23.9 to 12.4 ms in one run (docs/performance.md, "egui straight into the window").
//!
//! The game has one camera and draws nothing but egui, so that copy only moves pixels. This module
//! draws egui's meshes straight into the window's texture, cleared to the game's `ClearColor`
//! first, and takes bevy_egui's pass and Bevy's copy out of the 2D camera's schedule.
//!
//! Fills and lines read no texture. egui draws them with the white texel of its font atlas, so
//! every fragment of a fill paid for a texel read that cannot change its colour (llvmpipe runs
//! both sides of a branch, so the shader cannot skip it). Each font-atlas mesh is cut into runs of
//! triangles in egui's order (`runs`); runs made only of fills are drawn by a second pipeline
//! whose fragment entry point (`fs_fill` in `egui.wgsl`) does the same arithmetic with the texel's
//! value, 1.0, written in. On the play screen fills are more than half of the drawn area; the
//! frame got 0.3–1.6 ms (median 0.6 ms) cheaper at p50 under llvmpipe, and the screenshots are
//! unchanged.
//!
//! It uses bevy_egui's public pieces: its pipeline (specialised here for the window's format; the
//! game's shader replaces its shader, `shader.rs`), its texture bind groups and its screen
//! transform. The vertex and index buffers and the pass are the game's own, because bevy_egui
//! keeps its versions of them private. They follow bevy_egui 0.42's, which is pinned to that exact
//! version. If they ever stop matching, the window shows only the paper colour, and
//! `scripts/screenshots.sh` (run by CI) fails on the blank screens.

use std::ops::Range;

use bevy::core_pipeline::{Core2d, Core2dSystems};
use bevy::ecs::schedule::{ScheduleCleanupPolicy, ScheduleLabel};
use bevy::math::{URect, UVec2};
use bevy::platform::collections::HashMap;
use bevy::prelude::*;
use bevy::render::camera::ExtractedCamera;
use bevy::render::render_resource::{
    Buffer, BufferDescriptor, BufferUsages, CachedRenderPipelineId, IndexFormat, PipelineCache, RenderPassDescriptor,
    SpecializedRenderPipeline, SpecializedRenderPipelines,
};
use bevy::render::renderer::{RenderContext, RenderDevice, RenderQueue, ViewQuery};
use bevy::render::sync_world::MainEntity;
use bevy::render::view::{ExtractedView, ViewTarget};
use bevy::render::{Render, RenderApp, RenderSystems};
use bevy_egui::render::systems::{EguiTextureBindGroups, EguiTextureId, EguiTransforms};
use bevy_egui::render::{EguiCameraView, EguiPipeline, EguiPipelineKey, EguiViewTarget};
use bevy_egui::{EguiPixelsPerPoint, EguiRenderOutput, egui};

/// Must be added after `EguiPlugin` and `DefaultPlugins`: its `finish` removes systems they add.
pub struct WindowPassPlugin;

impl Plugin for WindowPassPlugin {
    fn build(&self, app: &mut App) {
        let Some(render_app) = app.get_sub_app_mut(RenderApp) else {
            return;
        };
        render_app
            .init_resource::<Frames>()
            .add_systems(Render, prepare.in_set(RenderSystems::Prepare))
            .add_systems(Core2d, draw.after(Core2dSystems::PostProcess));
    }

    fn finish(&self, app: &mut App) {
        let Some(render_app) = app.get_sub_app_mut(RenderApp) else {
            return;
        };
        // What this module replaces: bevy_egui's buffers and pass, and Bevy's copy to the window.
        remove(
            render_app,
            Render,
            bevy_egui::render::systems::prepare_egui_render_target_data_system,
        );
        remove(render_app, Core2d, bevy_egui::render::prepare_egui_pass);
        remove(render_app, Core2d, bevy_egui::render::egui_pass);
        remove(render_app, Core2d, bevy::core_pipeline::upscaling::upscaling);
    }
}

/// Takes one system out of a render schedule; panics (at start-up) if it is not there, which
/// would mean bevy_egui or Bevy changed and the window would be drawn twice.
fn remove<M>(render_app: &mut SubApp, label: impl ScheduleLabel + Clone, system: impl IntoSystemSet<M>) {
    let set = system.into_system_set();
    let name = format!("{set:?}");
    let removed = render_app
        .world_mut()
        .try_schedule_scope(label, |world, schedule| {
            schedule.remove_systems_in_set(set, world, ScheduleCleanupPolicy::RemoveSystemsOnly)
        })
        .unwrap_or_else(|e| panic!("cannot remove {name}: {e}"))
        .unwrap_or_else(|e| panic!("cannot remove {name} from its render schedule: {e}"));
    assert_eq!(removed, 1, "{name}: expected exactly one system to replace");
}

/// What one egui view draws this frame, in the game's own buffers.
#[derive(Resource, Default)]
struct Frames(HashMap<MainEntity, Frame>);

#[derive(Default)]
struct Frame {
    vertices: Vec<u8>,
    /// u32 indices, little-endian, as uploaded.
    indices: Vec<u8>,
    vertex_buffer: Option<Buffer>,
    index_buffer: Option<Buffer>,
    draws: Vec<Draw>,
    pixels_per_point: f32,
    /// The pipeline for the window's format, and that format.
    pipeline: Option<(CachedRenderPipelineId, EguiPipelineKey)>,
    /// The same pipeline with the fragment entry point that reads no texture (`fs_fill`).
    fill_pipeline: Option<CachedRenderPipelineId>,
    seen: bool,
}

/// One egui mesh: its clip rectangle (in points), its texture and its range in the index buffer.
struct Draw {
    clip: egui::Rect,
    texture: egui::TextureId,
    indices: Range<u32>,
    /// Only fills and lines (see `runs`): drawn by the fill pipeline.
    fill: bool,
}

/// One vertex as bevy_egui's pipeline reads it: position and uv as two f32 each, then the colour's
/// four bytes, little-endian.
const VERTEX_BYTES: usize = 20;

fn push_vertex(out: &mut Vec<u8>, v: &egui::epaint::Vertex) {
    for f in [v.pos.x, v.pos.y, v.uv.x, v.uv.y] {
        out.extend_from_slice(&f.to_le_bytes());
    }
    out.extend_from_slice(&v.color.to_array());
}

/// Fills the buffers from egui's meshes and makes sure a pipeline for the window's format exists.
#[allow(clippy::too_many_arguments)]
fn prepare(
    mut frames: ResMut<Frames>,
    egui_views: Query<(&ExtractedView, &EguiPixelsPerPoint, &EguiViewTarget, &EguiRenderOutput)>,
    targets: Query<&ViewTarget>,
    device: Res<RenderDevice>,
    queue: Res<RenderQueue>,
    mut pipeline_cache: ResMut<PipelineCache>,
    mut pipelines: ResMut<SpecializedRenderPipelines<EguiPipeline>>,
    egui_pipeline: Res<EguiPipeline>,
) {
    for frame in frames.0.values_mut() {
        frame.seen = false;
    }
    for (view, scale, target, output) in &egui_views {
        let Ok(target) = targets.get(target.0) else {
            continue; // a minimised window has no target
        };
        let Some(format) = target.out_texture_view_format() else {
            continue;
        };
        let frame = frames.0.entry(view.retained_view_entity.main_entity).or_default();
        frame.seen = true;
        let key = EguiPipelineKey { target_format: format };
        if frame.pipeline.as_ref().is_none_or(|(_, k)| *k != key) {
            let id = pipelines.specialize(&pipeline_cache, &egui_pipeline, key);
            // The first frame waits for the pipeline rather than showing an empty window.
            pipeline_cache.block_on_render_pipeline(id);
            frame.pipeline = Some((id, key));
            // bevy_egui's pipeline, its layout and vertex stage unchanged, with the fragment
            // entry point that does not read the texture.
            let mut desc = egui_pipeline.specialize(key);
            desc.label = Some("egui fills".into());
            if let Some(f) = desc.fragment.as_mut() {
                f.entry_point = Some("fs_fill".into());
            }
            let fill = pipeline_cache.queue_render_pipeline(desc);
            pipeline_cache.block_on_render_pipeline(fill);
            frame.fill_pipeline = Some(fill);
        }
        frame.pixels_per_point = scale.pixels_per_point;
        frame.vertices.clear();
        frame.indices.clear();
        frame.draws.clear();
        for egui::ClippedPrimitive { clip_rect, primitive } in &output.paint_jobs {
            let egui::epaint::Primitive::Mesh(mesh) = primitive else {
                // The game draws no paint callbacks; one would mean a new widget needs them.
                warn_once!("an egui paint callback is not drawn (the game's window pass has none)");
                continue;
            };
            let base = (frame.vertices.len() / VERTEX_BYTES) as u32;
            let start = (frame.indices.len() / 4) as u32;
            mesh.vertices.iter().for_each(|v| push_vertex(&mut frame.vertices, v));
            for i in &mesh.indices {
                frame.indices.extend_from_slice(&(i + base).to_le_bytes());
            }
            for (range, fill) in runs(mesh) {
                frame.draws.push(Draw {
                    clip: *clip_rect,
                    texture: mesh.texture_id,
                    indices: start + range.start..start + range.end,
                    fill,
                });
            }
        }
        upload(
            &device,
            &queue,
            &mut frame.vertex_buffer,
            &frame.vertices,
            BufferUsages::VERTEX,
            "egui vertices",
        );
        upload(
            &device,
            &queue,
            &mut frame.index_buffer,
            &frame.indices,
            BufferUsages::INDEX,
            "egui indices",
        );
    }
    frames.0.retain(|_, f| f.seen);
}

/// Writes `data` into `buffer`, growing it to the next power of two when it is too small.
fn upload(
    device: &RenderDevice,
    queue: &RenderQueue,
    buffer: &mut Option<Buffer>,
    data: &[u8],
    usage: BufferUsages,
    label: &'static str,
) {
    if data.is_empty() {
        return;
    }
    if buffer.as_ref().is_none_or(|b| (b.size() as usize) < data.len()) {
        *buffer = Some(device.create_buffer(&BufferDescriptor {
            label: Some(label),
            size: data.len().next_power_of_two() as u64,
            usage: usage | BufferUsages::COPY_DST,
            mapped_at_creation: false,
        }));
    }
    if let Some(buffer) = buffer {
        queue.write_buffer(buffer, 0, data);
    }
}

/// Clears the window to the paper colour and draws egui's meshes into it.
fn draw(
    view: ViewQuery<(&ViewTarget, &ExtractedCamera, &ExtractedView, &EguiCameraView)>,
    frames: Res<Frames>,
    pipeline_cache: Res<PipelineCache>,
    bind_groups: Res<EguiTextureBindGroups>,
    transforms: Res<EguiTransforms>,
    clear: Res<ClearColor>,
    mut ctx: RenderContext,
) {
    let (target, camera, camera_view, _) = view.into_inner();
    let Some(attachment) = target.out_texture_color_attachment(Some(clear.0.into())) else {
        return;
    };
    let Some(size) = camera.physical_target_size else {
        return;
    };
    // The pass clears the window even when there is nothing to draw yet.
    let mut pass = ctx.begin_tracked_render_pass(RenderPassDescriptor {
        label: Some("egui to window"),
        color_attachments: &[Some(attachment)],
        depth_stencil_attachment: None,
        timestamp_writes: None,
        occlusion_query_set: None,
        multiview_mask: None,
    });
    let main_entity = camera_view.retained_view_entity.main_entity;
    let Some(frame) = frames.0.get(&main_entity) else {
        return;
    };
    let (Some(vertices), Some(indices), Some((pipeline, _))) =
        (&frame.vertex_buffer, &frame.index_buffer, &frame.pipeline)
    else {
        return;
    };
    let (Some(pipeline), Some(fill_pipeline), Some((_, transform)), Some(offset)) = (
        pipeline_cache.get_render_pipeline(*pipeline),
        frame.fill_pipeline.and_then(|p| pipeline_cache.get_render_pipeline(p)),
        &transforms.bind_group,
        transforms.offsets.get(&main_entity),
    ) else {
        return;
    };
    let mut fills = false; // which of the two pipelines is set
    pass.set_render_pipeline(pipeline);
    pass.set_bind_group(0, transform, &[*offset]);
    pass.set_vertex_buffer(0, vertices.slice(..));
    pass.set_index_buffer(indices.slice(..), IndexFormat::Uint32);
    let screen = URect::from_corners(UVec2::ZERO, size);
    for draw in &frame.draws {
        let scissor = scissor(draw.clip, frame.pixels_per_point).intersect(screen);
        if scissor.is_empty() {
            continue;
        }
        let texture = match draw.texture {
            egui::TextureId::Managed(id) => EguiTextureId::Managed(main_entity, id),
            egui::TextureId::User(id) => EguiTextureId::User(id),
        };
        // A texture egui has just created is uploaded by the next frame; bevy_egui skips it too.
        let Some((texture, _)) = bind_groups.0.get(&texture) else {
            continue;
        };
        if draw.fill != fills {
            fills = draw.fill;
            // Both pipelines have bevy_egui's layout, so the bound groups stay valid.
            pass.set_render_pipeline(if fills { fill_pipeline } else { pipeline });
        }
        pass.set_scissor_rect(scissor.min.x, scissor.min.y, scissor.width(), scissor.height());
        pass.set_bind_group(1, texture, &[]);
        pass.draw_indexed(draw.indices.clone(), 0, 0..1);
    }
}

/// A mesh's index ranges in drawing order, each marked `true` when every triangle in it is a fill
/// (all three corners at egui's white texel in its font atlas), which the fill pipeline draws
/// without reading the texture. Only the font atlas has that white texel; other textures' meshes
/// come back whole. Runs keep egui's order, so what overlaps is drawn over exactly as before.
fn runs(mesh: &egui::Mesh) -> Vec<(Range<u32>, bool)> {
    let whole = || vec![(0..mesh.indices.len() as u32, false)];
    if mesh.texture_id != egui::TextureId::default() {
        return whole();
    }
    let white = |i: &u32| {
        mesh.vertices
            .get(*i as usize)
            .is_some_and(|v| v.uv == egui::epaint::WHITE_UV)
    };
    let mut out: Vec<(Range<u32>, bool)> = Vec::new();
    for (t, tri) in mesh.indices.chunks(3).enumerate() {
        let fill = tri.len() == 3 && tri.iter().all(white);
        let end = (t * 3 + tri.len()) as u32;
        match out.last_mut() {
            Some((range, f)) if *f == fill => range.end = end,
            _ => out.push(((t * 3) as u32..end, fill)),
        }
    }
    if out.is_empty() { whole() } else { out }
}

/// A clip rectangle in points as whole pixels, rounded as bevy_egui rounds it.
fn scissor(clip: egui::Rect, pixels_per_point: f32) -> URect {
    let px = |v: f32| (v * pixels_per_point).round().max(0.0) as u32;
    URect {
        min: UVec2::new(px(clip.min.x), px(clip.min.y)),
        max: UVec2::new(px(clip.max.x), px(clip.max.y)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vertex_is_written_as_the_pipeline_reads_it() {
        let v = egui::epaint::Vertex {
            pos: egui::pos2(1.5, -2.0),
            uv: egui::pos2(0.25, 1.0),
            color: egui::Color32::from_rgba_premultiplied(10, 20, 30, 40),
        };
        let mut out = Vec::new();
        push_vertex(&mut out, &v);
        assert_eq!(out.len(), VERTEX_BYTES);
        // egui's own vertex (what bevy_egui uploads as is) has the same size.
        assert_eq!(std::mem::size_of::<egui::epaint::Vertex>(), VERTEX_BYTES);
        assert_eq!(&out[0..4], &1.5f32.to_le_bytes());
        assert_eq!(&out[4..8], &(-2.0f32).to_le_bytes());
        assert_eq!(&out[8..12], &0.25f32.to_le_bytes());
        assert_eq!(&out[12..16], &1.0f32.to_le_bytes());
        assert_eq!(&out[16..20], &[10, 20, 30, 40]);
    }

    /// A font-atlas mesh as egui paints a button: its fill, its label's glyphs, then an outline
    /// drawn over both; a last glyph with one corner at the white texel is not a fill.
    #[test]
    fn a_font_atlas_mesh_is_cut_into_fill_and_glyph_runs_in_drawing_order() {
        let white = egui::epaint::WHITE_UV;
        let glyph = egui::pos2(0.5, 0.25);
        let mut mesh = egui::Mesh::default();
        for (i, uv) in [white, white, white, white, glyph, glyph, glyph, white]
            .into_iter()
            .enumerate()
        {
            mesh.vertices.push(egui::epaint::Vertex {
                pos: egui::pos2(i as f32, 0.0),
                uv,
                color: egui::Color32::WHITE,
            });
        }
        mesh.indices = vec![
            0, 1, 2, 0, 2, 3, // the fill: two triangles
            4, 5, 6, // a glyph
            1, 2, 3, 0, 1, 7, // the outline
            4, 5, 0, // a glyph's triangle touching the white texel on one corner
        ];
        assert_eq!(
            runs(&mesh),
            vec![(0..6, true), (6..9, false), (9..15, true), (15..18, false)]
        );
        // Another texture's white corner is not egui's white texel: that mesh stays whole.
        mesh.texture_id = egui::TextureId::User(7);
        assert_eq!(runs(&mesh), vec![(0..18, false)]);
        // Nothing to draw is one empty draw, as before.
        assert_eq!(runs(&egui::Mesh::default()), vec![(0..0, false)]);
    }

    #[test]
    fn clip_rectangles_become_whole_pixels_and_never_negative() {
        let r = scissor(
            egui::Rect::from_min_max(egui::pos2(-3.0, 10.2), egui::pos2(100.4, 50.6)),
            2.0,
        );
        assert_eq!(r, URect::new(0, 20, 201, 101));
    }
}
