//! Upload validation, decoding and variant generation.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::error::ImageError;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader, RgbaImage};

use crate::{
    Limits, MediaError, OutputFormat, Processed, Variant, JPEG_QUALITY, MAX_FULL_WIDTH,
    VARIANT_WIDTHS,
};

/// Opaque images with at least this many pixels are encoded as JPEG even when the upload was a
/// PNG/WebP/GIF (they are most likely photos); smaller opaque ones (logos, icons) stay PNG.
const PHOTO_MIN_PIXELS: u64 = 640 * 480;

/// ICC profiles larger than this are dropped rather than copied into every variant.
const MAX_ICC_BYTES: usize = 256 * 1024;

/// Validates, decodes and re-encodes an uploaded image into responsive variants.
///
/// Steps, in order:
/// 1. `bytes.len()` is checked against [`Limits::max_bytes`] ([`MediaError::TooLarge`]).
/// 2. The type is detected from magic bytes only; JPEG, PNG, WebP and GIF are accepted
///    (GIF and animated WebP: first frame) ([`MediaError::UnsupportedType`]).
/// 3. Dimensions are read from the header and checked against [`Limits::max_pixels`] before any
///    pixel buffer is allocated ([`MediaError::TooManyPixels`]).
/// 4. The image is decoded ([`MediaError::Corrupt`]) and its EXIF orientation applied.
/// 5. Variants are re-encoded from pixels, so EXIF (GPS), XMP, IPTC and comments are dropped.
///    Only an embedded ICC colour profile is carried over, so colours stay right.
///
/// Variants have widths from [`VARIANT_WIDTHS`] smaller than the full one, plus the full one
/// (original width capped at [`MAX_FULL_WIDTH`]); nothing is upscaled and the aspect ratio is
/// kept. Images with real transparency become PNG; JPEG uploads and large opaque images become
/// JPEG (quality [`JPEG_QUALITY`]); small opaque images stay PNG.
pub fn process(bytes: &[u8], limits: &Limits) -> Result<Processed, MediaError> {
    if bytes.len() > limits.max_bytes {
        return Err(MediaError::TooLarge {
            size: bytes.len(),
            limit: limits.max_bytes,
        });
    }

    let format = detect_format(bytes)?;

    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(decoder_limits(limits));
    // Constructing the decoder only parses headers; no pixel buffer is allocated yet.
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| map_image_error(e, format))?;

    let (width, height) = decoder.dimensions();
    let pixels = u64::from(width) * u64::from(height);
    if pixels > limits.max_pixels {
        return Err(MediaError::TooManyPixels {
            width,
            height,
            limit: limits.max_pixels,
        });
    }
    if pixels == 0 {
        return Err(MediaError::Corrupt("image has no pixels".into()));
    }

    // The JPEG decoder is lenient and fills a truncated scan with grey; reject such uploads.
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(MediaError::Corrupt(
            "truncated JPEG: no end-of-image marker after the image data".into(),
        ));
    }

    // Metadata we deliberately carry over or act on; everything else is dropped.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc = decoder
        .icc_profile()
        .ok()
        .flatten()
        .filter(|p| !p.is_empty() && p.len() <= MAX_ICC_BYTES);

    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| map_image_error(e, format))?;
    img.apply_orientation(orientation);

    let (work, out) = prepare(img, format);
    let (width, height) = (work.width(), work.height());

    let targets = target_sizes(width, height);
    let mut variants = Vec::with_capacity(targets.len());
    // Largest first, each smaller variant is resampled from the previous one (cheaper than
    // resampling the original each time; the steps are at most 2x so quality holds up).
    let mut prev: Option<DynamicImage> = None;
    for &(w, h) in targets.iter().rev() {
        let src = prev.as_ref().unwrap_or(&work);
        let resized = if (w, h) == (src.width(), src.height()) {
            src.clone()
        } else {
            src.resize_exact(w, h, FilterType::CatmullRom)
        };
        let bytes = encode(&resized, out, icc.as_deref())?;
        variants.push(Variant {
            width: w,
            height: h,
            format: out,
            bytes,
        });
        prev = Some(resized);
    }
    variants.reverse();

    Ok(Processed {
        width,
        height,
        format: out,
        variants,
    })
}

/// Detects the format from magic bytes and accepts only the supported ones.
fn detect_format(bytes: &[u8]) -> Result<ImageFormat, MediaError> {
    match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif)) => {
            Ok(f)
        }
        Ok(other) => Err(MediaError::UnsupportedType {
            detected: Some(other.to_mime_type().to_owned()),
        }),
        Err(_) => Err(MediaError::UnsupportedType { detected: None }),
    }
}

/// Whether a JPEG has an end-of-image marker after its (first) scan.
///
/// Walks the marker segments up to the first start-of-scan (so markers inside APP payloads such
/// as an EXIF thumbnail are skipped), then looks for `FF D9`; entropy-coded data cannot contain
/// it because `FF` bytes are stuffed there. Trailing data after EOI is allowed.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let has_eoi = |from: usize| {
        bytes
            .get(from..)
            .is_some_and(|rest| rest.windows(2).any(|w| w == [0xff, 0xd9]))
    };
    let mut i = 2; // after SOI
    loop {
        let (Some(&ff), Some(&marker)) = (bytes.get(i), bytes.get(i + 1)) else {
            return false;
        };
        if ff != 0xff {
            // Unexpected layout; be lenient and just look for EOI.
            return has_eoi(i);
        }
        match marker {
            0xff => i += 1, // fill byte
            0x01 | 0xd0..=0xd8 => i += 2,
            // EOI before any scan: let the decoder report the missing image.
            0xd9 => return true,
            _ => {
                let (Some(&hi), Some(&lo)) = (bytes.get(i + 2), bytes.get(i + 3)) else {
                    return false;
                };
                let next = i + 2 + usize::from(u16::from_be_bytes([hi, lo]));
                if marker == 0xda {
                    return has_eoi(next);
                }
                i = next;
            }
        }
    }
}

/// Decoder limits: enough memory for `max_pixels` at 16 bits per RGBA channel, plus slack.
fn decoder_limits(limits: &Limits) -> image::Limits {
    let mut l = image::Limits::default();
    l.max_alloc = Some(
        limits
            .max_pixels
            .saturating_mul(8)
            .saturating_add(64 * 1024 * 1024),
    );
    l
}

/// An `Unsupported` error here means a variant of an accepted format the decoder cannot read
/// (e.g. an exotic JPEG or WebP feature), which the caller should treat as a 415.
fn map_image_error(e: ImageError, format: ImageFormat) -> MediaError {
    match e {
        ImageError::Unsupported(_) => MediaError::UnsupportedType {
            detected: Some(format.to_mime_type().to_owned()),
        },
        other => MediaError::Corrupt(other.to_string()),
    }
}

/// Picks the output format and converts to an 8-bit working image.
///
/// For transparent images the returned buffer is RGBA with *premultiplied* alpha (the resampler
/// assumes it); [`encode`] undoes that before writing.
fn prepare(img: DynamicImage, input: ImageFormat) -> (DynamicImage, OutputFormat) {
    let grey = !img.color().has_color();
    if img.color().has_alpha() {
        let rgba = img.into_rgba8();
        if rgba.pixels().any(|p| p.0[3] < 255) {
            return (
                DynamicImage::ImageRgba8(premultiply(rgba)),
                OutputFormat::Png,
            );
        }
        let img = DynamicImage::ImageRgba8(rgba);
        let out = opaque_format(&img, input);
        return (to_opaque(img, grey), out);
    }
    let out = opaque_format(&img, input);
    (to_opaque(img, grey), out)
}

fn opaque_format(img: &DynamicImage, input: ImageFormat) -> OutputFormat {
    let pixels = u64::from(img.width()) * u64::from(img.height());
    if input == ImageFormat::Jpeg || pixels >= PHOTO_MIN_PIXELS {
        OutputFormat::Jpeg
    } else {
        OutputFormat::Png
    }
}

fn to_opaque(img: DynamicImage, grey: bool) -> DynamicImage {
    if grey {
        DynamicImage::ImageLuma8(img.into_luma8())
    } else {
        DynamicImage::ImageRgb8(img.into_rgb8())
    }
}

/// `(width, height)` of every variant, ascending.
fn target_sizes(width: u32, height: u32) -> Vec<(u32, u32)> {
    let full = width.min(MAX_FULL_WIDTH);
    VARIANT_WIDTHS
        .iter()
        .copied()
        .filter(|&w| w < full)
        .chain(std::iter::once(full))
        .map(|w| (w, scaled_height(width, height, w)))
        .collect()
}

fn scaled_height(width: u32, height: u32, new_width: u32) -> u32 {
    if new_width == width {
        return height;
    }
    let w = u64::from(width);
    let h = (u64::from(height) * u64::from(new_width) + w / 2) / w;
    u32::try_from(h.max(1)).unwrap_or(u32::MAX)
}

fn encode(
    img: &DynamicImage,
    out: OutputFormat,
    icc: Option<&[u8]>,
) -> Result<Vec<u8>, MediaError> {
    let mut buf = Vec::new();
    let res = match out {
        OutputFormat::Jpeg => {
            let mut enc = JpegEncoder::new_with_quality(&mut buf, JPEG_QUALITY);
            if let Some(icc) = icc {
                // Unsupported only for formats without ICC support; JPEG has it.
                let _ = enc.set_icc_profile(icc.to_vec());
            }
            img.write_with_encoder(enc)
        }
        // WebP output is never chosen by `prepare`; fall back to lossless PNG if it ever is.
        OutputFormat::Png | OutputFormat::Webp => {
            let mut enc = PngEncoder::new_with_quality(
                &mut buf,
                CompressionType::Default,
                PngFilter::Adaptive,
            );
            if let Some(icc) = icc {
                let _ = enc.set_icc_profile(icc.to_vec());
            }
            match img {
                DynamicImage::ImageRgba8(p) => {
                    let straight = unpremultiply(p.clone());
                    enc.write_image(
                        straight.as_raw(),
                        straight.width(),
                        straight.height(),
                        image::ExtendedColorType::Rgba8,
                    )
                }
                other => other.write_with_encoder(enc),
            }
        }
    };
    res.map_err(|e| MediaError::Corrupt(format!("encoding failed: {e}")))?;
    Ok(buf)
}

fn premultiply(mut img: RgbaImage) -> RgbaImage {
    for p in img.pixels_mut() {
        let a = u32::from(p.0[3]);
        for c in &mut p.0[..3] {
            *c = ((u32::from(*c) * a + 127) / 255) as u8;
        }
    }
    img
}

fn unpremultiply(mut img: RgbaImage) -> RgbaImage {
    for p in img.pixels_mut() {
        let a = u32::from(p.0[3]);
        if a == 0 {
            p.0 = [0, 0, 0, 0];
        } else if a < 255 {
            for c in &mut p.0[..3] {
                *c = ((u32::from(*c) * 255 + a / 2) / a).min(255) as u8;
            }
        }
    }
    img
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_never_upscale() {
        assert_eq!(target_sizes(300, 200), vec![(300, 200)]);
        assert_eq!(target_sizes(480, 100), vec![(480, 100)]);
        assert_eq!(target_sizes(481, 100), vec![(480, 100), (481, 100)]);
        assert_eq!(
            target_sizes(3000, 2000),
            vec![(480, 320), (960, 640), (1600, 1067), (2400, 1600)]
        );
        assert_eq!(
            target_sizes(10_000, 1),
            vec![(480, 1), (960, 1), (1600, 1), (2400, 1)]
        );
    }

    #[test]
    fn premultiply_roundtrip_is_close() {
        let mut img = RgbaImage::new(2, 1);
        img.put_pixel(0, 0, image::Rgba([200, 100, 50, 128]));
        img.put_pixel(1, 0, image::Rgba([10, 20, 30, 0]));
        let back = unpremultiply(premultiply(img));
        let p = back.get_pixel(0, 0).0;
        assert!((i32::from(p[0]) - 200).abs() <= 2, "{p:?}");
        assert_eq!(back.get_pixel(1, 0).0, [0, 0, 0, 0]);
    }
}
