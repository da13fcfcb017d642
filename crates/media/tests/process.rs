#![allow(clippy::unwrap_used)]

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageFormat, RgbImage, RgbaImage};
use lykta_media::{demo_image, process, Limits, MediaError, OutputFormat};

const GPS_MARKER: &[u8] = b"LYKTA-SECRET-GPS-MARKER";
const COMMENT_MARKER: &[u8] = b"LYKTA-SECRET-COMMENT";

fn rgb_image(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 255 / w.max(1)) as u8, (y * 255 / h.max(1)) as u8, 128])
    })
}

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&rgb_image(w, h))
        .unwrap();
    out
}

fn encode(img: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A big-endian TIFF structure with ImageDescription (the marker), optionally Orientation, and a
/// GPS IFD with a latitude.
fn exif_tiff(orientation: Option<u16>) -> Vec<u8> {
    let mut desc = GPS_MARKER.to_vec();
    desc.push(0);
    let n: u16 = if orientation.is_some() { 3 } else { 2 };
    let ifd0_len = 2 + 12 * u32::from(n) + 4;
    let desc_off = 8 + ifd0_len;
    let gps_off = desc_off + desc.len() as u32;
    let gps_ifd_len = 2 + 12 * 2 + 4;
    let lat_off = gps_off + gps_ifd_len;

    let mut t = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
    let entry = |t: &mut Vec<u8>, tag: u16, typ: u16, count: u32, value: [u8; 4]| {
        t.extend_from_slice(&tag.to_be_bytes());
        t.extend_from_slice(&typ.to_be_bytes());
        t.extend_from_slice(&count.to_be_bytes());
        t.extend_from_slice(&value);
    };
    t.extend_from_slice(&n.to_be_bytes());
    entry(&mut t, 0x010e, 2, desc.len() as u32, desc_off.to_be_bytes());
    if let Some(o) = orientation {
        let v = o.to_be_bytes();
        entry(&mut t, 0x0112, 3, 1, [v[0], v[1], 0, 0]);
    }
    entry(&mut t, 0x8825, 4, 1, gps_off.to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes());
    t.extend_from_slice(&desc);
    // GPS IFD: GPSLatitudeRef = "N", GPSLatitude = 59/1, 20/1, 0/1
    t.extend_from_slice(&2u16.to_be_bytes());
    entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0");
    entry(&mut t, 0x0002, 5, 3, lat_off.to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes());
    for (num, den) in [(59u32, 1u32), (20, 1), (0, 1)] {
        t.extend_from_slice(&num.to_be_bytes());
        t.extend_from_slice(&den.to_be_bytes());
    }
    t
}

/// Splices an APP1 Exif segment and a COM segment right after SOI.
fn with_exif(jpeg: &[u8], orientation: Option<u16>) -> Vec<u8> {
    assert_eq!(&jpeg[..2], &[0xff, 0xd8]);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&exif_tiff(orientation));
    let mut out = vec![0xff, 0xd8, 0xff, 0xe1];
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&[0xff, 0xfe]);
    out.extend_from_slice(&((COMMENT_MARKER.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(COMMENT_MARKER);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn widths_heights(p: &lykta_media::Processed) -> Vec<(u32, u32)> {
    p.variants.iter().map(|v| (v.width, v.height)).collect()
}

#[test]
fn exif_gps_and_comments_are_stripped() {
    let input = with_exif(&jpeg(640, 400), None);
    assert!(contains(&input, GPS_MARKER) && contains(&input, b"Exif"));
    // The spliced file is still a valid JPEG for the decoder.
    image::load_from_memory(&input).unwrap();

    let p = process(&input, &Limits::default()).unwrap();
    assert_eq!(p.format, OutputFormat::Jpeg);
    assert_eq!(widths_heights(&p), vec![(480, 300), (640, 400)]);
    for v in &p.variants {
        assert!(!contains(&v.bytes, GPS_MARKER), "GPS marker survived");
        assert!(!contains(&v.bytes, COMMENT_MARKER), "comment survived");
        assert!(!contains(&v.bytes, b"Exif"), "Exif segment survived");
        let img = image::load_from_memory_with_format(&v.bytes, ImageFormat::Jpeg).unwrap();
        assert_eq!((img.width(), img.height()), (v.width, v.height));
    }
}

#[test]
fn exif_orientation_is_applied() {
    // Orientation 6 = rotate 90° clockwise to display.
    let input = with_exif(&jpeg(200, 100), Some(6));
    let p = process(&input, &Limits::default()).unwrap();
    assert_eq!((p.width, p.height), (100, 200));
    assert_eq!(widths_heights(&p), vec![(100, 200)]);
    assert!(!contains(&p.variants[0].bytes, b"Exif"));
}

#[test]
fn png_with_alpha_stays_png() {
    let img = RgbaImage::from_fn(600, 300, |x, y| {
        image::Rgba([200, (y % 256) as u8, 40, (x * 255 / 599) as u8])
    });
    let input = encode(&DynamicImage::ImageRgba8(img), ImageFormat::Png);
    let p = process(&input, &Limits::default()).unwrap();
    assert_eq!(p.format, OutputFormat::Png);
    assert_eq!(widths_heights(&p), vec![(480, 240), (600, 300)]);
    for v in &p.variants {
        assert_eq!(v.format, OutputFormat::Png);
        let d = image::load_from_memory_with_format(&v.bytes, ImageFormat::Png).unwrap();
        assert!(d.color().has_alpha());
        assert_eq!((d.width(), d.height()), (v.width, v.height));
    }
    // Transparency survives: the left edge is fully transparent, the right edge opaque.
    let full = image::load_from_memory(&p.variants[1].bytes)
        .unwrap()
        .to_rgba8();
    assert_eq!(full.get_pixel(0, 10).0[3], 0);
    assert_eq!(full.get_pixel(599, 10).0[3], 255);
    // Colour of a half-transparent pixel is not darkened by premultiplication.
    let mid = full.get_pixel(300, 10).0;
    assert!((i32::from(mid[0]) - 200).abs() <= 3, "{mid:?}");
}

#[test]
fn large_jpeg_yields_all_variants() {
    let input = jpeg(3000, 2000);
    let p = process(&input, &Limits::default()).unwrap();
    assert_eq!((p.width, p.height), (3000, 2000));
    assert_eq!(p.format, OutputFormat::Jpeg);
    assert_eq!(
        widths_heights(&p),
        vec![(480, 320), (960, 640), (1600, 1067), (2400, 1600)]
    );
    for v in &p.variants {
        let d = image::load_from_memory_with_format(&v.bytes, ImageFormat::Jpeg).unwrap();
        assert_eq!((d.width(), d.height()), (v.width, v.height));
    }
    assert_eq!(p.full().unwrap().width, 2400);
    assert_eq!(p.format.mime(), "image/jpeg");
    assert_eq!(p.format.extension(), "jpg");
}

#[test]
fn small_image_is_not_upscaled() {
    let p = process(&jpeg(300, 200), &Limits::default()).unwrap();
    assert_eq!(widths_heights(&p), vec![(300, 200)]);
}

#[test]
fn large_opaque_png_becomes_jpeg_small_stays_png() {
    let big = encode(
        &DynamicImage::ImageRgb8(rgb_image(1000, 700)),
        ImageFormat::Png,
    );
    let p = process(&big, &Limits::default()).unwrap();
    assert_eq!(p.format, OutputFormat::Jpeg);
    assert_eq!(
        widths_heights(&p),
        vec![(480, 336), (960, 672), (1000, 700)]
    );

    // RGBA but fully opaque counts as opaque.
    let logo = DynamicImage::ImageRgba8(DynamicImage::ImageRgb8(rgb_image(64, 64)).to_rgba8());
    let p = process(&encode(&logo, ImageFormat::Png), &Limits::default()).unwrap();
    assert_eq!(p.format, OutputFormat::Png);
    let d = image::load_from_memory(&p.variants[0].bytes).unwrap();
    assert!(!d.color().has_alpha());
}

#[test]
fn gif_and_webp_are_accepted() {
    let img = DynamicImage::ImageRgba8(DynamicImage::ImageRgb8(rgb_image(40, 30)).to_rgba8());
    for format in [ImageFormat::Gif, ImageFormat::WebP] {
        let p = process(&encode(&img, format), &Limits::default()).unwrap();
        assert_eq!(widths_heights(&p), vec![(40, 30)], "{format:?}");
        assert_eq!(p.format, OutputFormat::Png, "{format:?}");
    }
}

#[test]
fn non_images_are_unsupported() {
    let inputs: [&[u8]; 5] = [
        b"hello, this is plain text",
        b"<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>",
        br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
        b"",
    ];
    for input in inputs {
        let err = process(input, &Limits::default()).unwrap_err();
        assert!(
            matches!(err, MediaError::UnsupportedType { detected: None }),
            "{err:?}"
        );
    }
}

#[test]
fn recognised_but_unsupported_format_reports_it() {
    // A BMP file header: recognised by magic bytes, not accepted.
    let mut bmp = b"BM".to_vec();
    bmp.extend_from_slice(&[0; 60]);
    let err = process(&bmp, &Limits::default()).unwrap_err();
    match err {
        MediaError::UnsupportedType { detected: Some(d) } => assert_eq!(d, "image/bmp"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn declared_type_is_irrelevant_png_named_jpeg_works() {
    // There is no declared type in the API at all; a PNG is a PNG whatever the caller thinks.
    let png = encode(
        &DynamicImage::ImageRgb8(rgb_image(20, 10)),
        ImageFormat::Png,
    );
    assert!(process(&png, &Limits::default()).is_ok());
}

#[test]
fn truncated_jpeg_is_corrupt() {
    let full = jpeg(400, 300);
    for cut in [full.len() / 2, 300, 40] {
        let err = process(&full[..cut], &Limits::default()).unwrap_err();
        assert!(matches!(err, MediaError::Corrupt(_)), "cut {cut}: {err:?}");
    }
}

#[test]
fn truncated_png_is_corrupt() {
    let full = encode(
        &DynamicImage::ImageRgb8(rgb_image(300, 200)),
        ImageFormat::Png,
    );
    for cut in [full.len() / 2, 60] {
        let err = process(&full[..cut], &Limits::default()).unwrap_err();
        assert!(matches!(err, MediaError::Corrupt(_)), "cut {cut}: {err:?}");
    }
}

#[test]
fn jpeg_with_trailing_bytes_after_eoi_is_fine() {
    let mut input = with_exif(&jpeg(50, 40), None);
    input.extend_from_slice(&[0; 64]);
    assert!(process(&input, &Limits::default()).is_ok());
}

#[test]
fn over_max_bytes_is_too_large() {
    let input = jpeg(100, 100);
    let limits = Limits {
        max_bytes: input.len() - 1,
        ..Limits::default()
    };
    let err = process(&input, &limits).unwrap_err();
    assert!(
        matches!(err, MediaError::TooLarge { size, limit } if size == input.len() && limit == input.len() - 1),
        "{err:?}"
    );
    // Checked before anything else, even for junk.
    let junk = vec![b'x'; 11 * 1024 * 1024];
    assert!(matches!(
        process(&junk, &Limits::default()),
        Err(MediaError::TooLarge { .. })
    ));
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn png_bomb_header_is_rejected_before_decoding() {
    let mut png = encode(&DynamicImage::ImageRgb8(rgb_image(1, 1)), ImageFormat::Png);
    // Signature (8) + IHDR length (4) + "IHDR" (4) + width (4) + height (4) + ... + CRC.
    assert_eq!(&png[12..16], b"IHDR");
    png[16..20].copy_from_slice(&50_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&50_000u32.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    assert_eq!(
        image::ImageReader::new(Cursor::new(&png))
            .with_guessed_format()
            .unwrap()
            .into_dimensions()
            .unwrap(),
        (50_000, 50_000)
    );

    let err = process(&png, &Limits::default()).unwrap_err();
    assert!(
        matches!(
            err,
            MediaError::TooManyPixels {
                width: 50_000,
                height: 50_000,
                limit: 40_000_000
            }
        ),
        "{err:?}"
    );

    // A custom limit applies too.
    let ok = jpeg(100, 100);
    let limits = Limits {
        max_pixels: 9_999,
        ..Limits::default()
    };
    assert!(matches!(
        process(&ok, &limits),
        Err(MediaError::TooManyPixels {
            width: 100,
            height: 100,
            limit: 9_999
        })
    ));
}

#[test]
fn demo_image_decodes_to_requested_size_and_varies_by_seed() {
    let a = demo_image(1, 1200, 630);
    let b = demo_image(2, 1200, 630);
    assert_eq!(a, demo_image(1, 1200, 630), "deterministic");
    assert_ne!(a, b);
    let da = image::load_from_memory_with_format(&a, ImageFormat::Jpeg)
        .unwrap()
        .to_rgb8();
    let db = image::load_from_memory_with_format(&b, ImageFormat::Jpeg)
        .unwrap()
        .to_rgb8();
    assert_eq!(da.dimensions(), (1200, 630));
    // Visibly different: mean absolute channel difference well above JPEG noise.
    let diff: u64 = da
        .as_raw()
        .iter()
        .zip(db.as_raw())
        .map(|(x, y)| u64::from(x.abs_diff(*y)))
        .sum();
    let mean = diff as f64 / da.as_raw().len() as f64;
    assert!(mean > 10.0, "mean diff {mean}");

    let small = image::load_from_memory(&demo_image(u64::MAX, 3, 2)).unwrap();
    assert_eq!((small.width(), small.height()), (3, 2));
    // And the result is a valid upload for `process`.
    let p = process(&demo_image(7, 800, 450), &Limits::default()).unwrap();
    assert_eq!(widths_heights(&p), vec![(480, 270), (800, 450)]);
}

#[test]
fn demo_images_for_many_seeds_are_distinct() {
    let imgs: Vec<_> = (0..8).map(|s| demo_image(s, 64, 32)).collect();
    for i in 0..imgs.len() {
        for j in i + 1..imgs.len() {
            assert_ne!(imgs[i], imgs[j], "seeds {i} and {j}");
        }
    }
}
