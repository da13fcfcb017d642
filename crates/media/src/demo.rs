//! Deterministic generated illustrations for demo content (no downloads in this project).

use image::codecs::jpeg::JpegEncoder;
use image::ExtendedColorType;

/// Largest side [`demo_image`] will draw; larger requests are clamped.
pub const DEMO_MAX_SIDE: u32 = 4096;

/// Curated palettes: background top, background bottom, then three accents.
const PALETTES: [[u32; 5]; 10] = [
    // Nordic dusk
    [0x1d3557, 0x457b9d, 0xa8dadc, 0xf1faee, 0xe63946],
    // Sand and sea
    [0xfefae0, 0xe9c46a, 0x2a9d8f, 0x264653, 0xf4a261],
    // Lantern glow
    [0x2b193d, 0x6b2d5c, 0xf7b267, 0xf79d65, 0xf4845f],
    // Spring meadow
    [0xe9f5db, 0xb5c99a, 0x718355, 0x97a97c, 0xfcd5ce],
    // Birch forest
    [0xf8f9fa, 0xdee2e6, 0x6c757d, 0x40916c, 0xffb703],
    // Archipelago
    [0x03045e, 0x0077b6, 0x00b4d8, 0x90e0ef, 0xffd166],
    // Lingonberry
    [0xfff0f3, 0xffccd5, 0xc9184a, 0x800f2f, 0xff8fa3],
    // Northern lights
    [0x0b132b, 0x1c2541, 0x3a506b, 0x5bc0be, 0x6fffe9],
    // Autumn
    [0xfaedcd, 0xd4a373, 0xbc6c25, 0x606c38, 0x283618],
    // Lavender
    [0xf3e8ff, 0xcdb4db, 0xa2d2ff, 0xbde0fe, 0xffafcc],
];

/// SplitMix64: tiny, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }

    fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.unit()
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

type Rgb = [f32; 3];

fn rgb(hex: u32) -> Rgb {
    [
        ((hex >> 16) & 0xff) as f32,
        ((hex >> 8) & 0xff) as f32,
        (hex & 0xff) as f32,
    ]
}

fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

fn blend(dst: &mut [f32], src: Rgb, alpha: f32) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d += (s - *d) * alpha;
    }
}

fn smoothstep(e0: f32, e1: f32, x: f32) -> f32 {
    let t = ((x - e0) / (e1 - e0)).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

/// A deterministic abstract illustration, `width` x `height` (each clamped to
/// `1..=`[`DEMO_MAX_SIDE`]), encoded as JPEG.
///
/// The seed picks a palette, a gradient direction, a few layered "hills" (translucent wavy
/// bands) and soft translucent circles; different seeds give visibly different pictures.
pub fn demo_image(seed: u64, width: u32, height: u32) -> Vec<u8> {
    let w = width.clamp(1, DEMO_MAX_SIDE);
    let h = height.clamp(1, DEMO_MAX_SIDE);
    let (wf, hf) = (w as f32, h as f32);
    let (wu, hu) = (w as usize, h as usize);
    // "lykta_me"; warm the generator up so that neighbouring seeds diverge immediately.
    let mut rng = Rng(seed ^ 0x6c79_6b74_615f_6d65);
    rng.next_u64();

    let pal = PALETTES[rng.below(PALETTES.len())];
    let mut pal: Vec<Rgb> = pal.iter().map(|&c| rgb(c)).collect();
    if rng.unit() < 0.5 {
        pal.swap(0, 1);
    }
    let (top, bottom) = (pal[0], pal[1]);
    let accents = [pal[2], pal[3], pal[4]];

    let mut buf = vec![0f32; wu * hu * 3];

    // 1. Linear gradient along a random direction, plus a soft radial glow.
    let angle = rng.range(0.0, std::f32::consts::TAU);
    let (dx, dy) = (angle.cos(), angle.sin());
    let span = (dx.abs() * wf + dy.abs() * hf).max(1.0);
    let (gx, gy) = (rng.range(0.1, 0.9) * wf, rng.range(0.0, 0.6) * hf);
    let glow_r = rng.range(0.5, 0.9) * wf.max(hf);
    let glow_c = accents[rng.below(3)];
    let glow_a = rng.range(0.15, 0.35);
    for y in 0..hu {
        let fy = y as f32;
        let row = &mut buf[y * wu * 3..(y + 1) * wu * 3];
        for (x, px) in row.chunks_exact_mut(3).enumerate() {
            let fx = x as f32;
            let t = ((fx - wf / 2.0) * dx + (fy - hf / 2.0) * dy) / span + 0.5;
            let c = mix(top, bottom, smoothstep(0.0, 1.0, t));
            px.copy_from_slice(&c);
            let d2 = ((fx - gx) * (fx - gx) + (fy - gy) * (fy - gy)) / (glow_r * glow_r);
            if d2 < 1.0 {
                let a = (1.0 - d2) * (1.0 - d2) * glow_a;
                blend(px, glow_c, a);
            }
        }
    }

    // 2. Soft translucent circles ("bokeh").
    let circles = 3 + rng.below(4);
    for _ in 0..circles {
        let cx = rng.range(-0.1, 1.1) * wf;
        let cy = rng.range(-0.1, 1.0) * hf;
        let r = rng.range(0.08, 0.35) * wf.min(hf).max(wf * 0.5);
        let color = accents[rng.below(3)];
        let alpha = rng.range(0.18, 0.5);
        let feather = (r * rng.range(0.02, 0.4)).max(1.0);
        let outer = r + feather;
        let x0 = (cx - outer).floor().max(0.0) as usize;
        let x1 = ((cx + outer).ceil().max(0.0) as usize).min(wu);
        let y0 = (cy - outer).floor().max(0.0) as usize;
        let y1 = ((cy + outer).ceil().max(0.0) as usize).min(hu);
        for y in y0..y1 {
            let fy = y as f32 + 0.5 - cy;
            for x in x0..x1 {
                let fx = x as f32 + 0.5 - cx;
                let d = (fx * fx + fy * fy).sqrt();
                if d >= outer {
                    continue;
                }
                let a = alpha * (1.0 - smoothstep(r - feather, outer, d));
                let i = (y * wu + x) * 3;
                blend(&mut buf[i..i + 3], color, a);
            }
        }
    }

    // 3. Layered wavy bands ("hills") filling towards the bottom.
    let bands = 2 + rng.below(2);
    for b in 0..bands {
        let base = hf * (0.55 + 0.13 * b as f32 + rng.range(-0.05, 0.05));
        let amp = hf * rng.range(0.03, 0.1);
        let f1 = rng.range(1.0, 3.0) * std::f32::consts::TAU / wf;
        let f2 = rng.range(3.0, 6.0) * std::f32::consts::TAU / wf;
        let (p1, p2) = (rng.range(0.0, 6.3), rng.range(0.0, 6.3));
        let color = mix(accents[rng.below(3)], bottom, rng.range(0.0, 0.4));
        let alpha = rng.range(0.35, 0.7);
        let edges: Vec<f32> = (0..wu)
            .map(|x| {
                let fx = x as f32;
                base + amp * (f1 * fx + p1).sin() + amp * 0.35 * (f2 * fx + p2).sin()
            })
            .collect();
        let top_edge = edges.iter().copied().fold(f32::INFINITY, f32::min);
        let shade = mix(color, [0.0; 3], 0.18);
        for y in ((top_edge - 1.0).floor().max(0.0) as usize).min(hu)..hu {
            let fy = y as f32 + 0.5;
            // Slightly deeper colour towards the bottom so the lower half is not flat.
            let c = mix(color, shade, smoothstep(base, hf * 1.2, fy));
            let row = &mut buf[y * wu * 3..(y + 1) * wu * 3];
            for (px, &edge) in row.chunks_exact_mut(3).zip(&edges) {
                // One pixel of anti-aliasing on the edge.
                let a = alpha * (fy - edge + 0.5).clamp(0.0, 1.0);
                if a > 0.0 {
                    blend(px, c, a);
                }
            }
        }
    }

    // 4. Quantise with a little deterministic dither so gradients do not band.
    let mut out = Vec::with_capacity(wu * hu * 3);
    let mut noise = Rng(seed.rotate_left(17) ^ 0xd1b5_4a32_d192_ed03);
    let mut bits = 0u64;
    for (n, v) in buf.iter().enumerate() {
        if n % 16 == 0 {
            bits = noise.next_u64();
        }
        let d = ((bits >> ((n % 16) * 4)) & 0xf) as f32 / 15.0 - 0.5;
        // `as u8` saturates; +0.5 rounds.
        out.push((v + d * 1.5 + 0.5) as u8);
    }

    let mut jpeg = Vec::new();
    let encoded =
        JpegEncoder::new_with_quality(&mut jpeg, 85).encode(&out, w, h, ExtendedColorType::Rgb8);
    match encoded {
        Ok(()) => jpeg,
        // Unreachable for in-range dimensions and a correctly sized buffer.
        Err(_) => Vec::new(),
    }
}
