//! lykta-media: pure, synchronous image processing for uploads.
//!
//! * [`process`] validates an upload (size, magic bytes, pixel count read from the header before
//!   decoding), decodes it, applies the EXIF orientation, and re-encodes responsive variants.
//!   Re-encoding from pixels means no EXIF/GPS/XMP/comment metadata survives.
//! * [`demo_image`] draws a deterministic abstract illustration for demo content.
//!
//! No IO happens here beyond the byte slices given; callers own storage and HTTP.
#![forbid(unsafe_code)]

mod demo;
mod process;

pub use demo::demo_image;
pub use process::process;

/// Widths (in pixels) of the responsive variants, in addition to the full-size one.
pub const VARIANT_WIDTHS: [u32; 3] = [480, 960, 1600];
/// Maximum width of the "full" variant.
pub const MAX_FULL_WIDTH: u32 = 2400;
/// JPEG quality used for photos.
pub const JPEG_QUALITY: u8 = 82;

/// Upload limits enforced by [`process`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Maximum size of the uploaded file in bytes.
    pub max_bytes: usize,
    /// Maximum number of pixels (`width * height`) of the decoded image.
    pub max_pixels: u64,
}

impl Default for Limits {
    /// 10 MiB and 40 megapixels.
    fn default() -> Self {
        Self {
            max_bytes: 10 * 1024 * 1024,
            max_pixels: 40_000_000,
        }
    }
}

/// Why an upload was rejected.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// The file is larger than [`Limits::max_bytes`] (HTTP 413).
    #[error("file is too large: {size} bytes (limit {limit})")]
    TooLarge { size: usize, limit: usize },
    /// The content is not a JPEG, PNG, WebP or GIF, judged by its magic bytes (HTTP 415).
    /// `detected` is the MIME type of a recognised but unsupported image format, if any.
    #[error("unsupported file type{}", .detected.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    UnsupportedType { detected: Option<String> },
    /// The header declares more pixels than [`Limits::max_pixels`]; nothing was decoded.
    #[error("image is too large: {width}x{height} pixels (limit {limit} pixels)")]
    TooManyPixels { width: u32, height: u32, limit: u64 },
    /// The image could not be decoded.
    #[error("image could not be decoded: {0}")]
    Corrupt(String),
}

/// Encoding of a produced variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputFormat {
    Jpeg,
    Png,
    /// Not produced by [`process`] today (the pure-Rust WebP encoder is lossless only),
    /// but part of the vocabulary so stored media can describe it.
    Webp,
}

impl OutputFormat {
    /// The MIME type, e.g. `image/jpeg`.
    pub fn mime(&self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
        }
    }

    /// The file extension without a dot, e.g. `jpg`.
    pub fn extension(&self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Webp => "webp",
        }
    }
}

/// One encoded rendition of an uploaded image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub format: OutputFormat,
    pub bytes: Vec<u8>,
}

/// The result of [`process`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// Width of the source image after applying its EXIF orientation (may exceed the full variant).
    pub width: u32,
    /// Height of the source image after applying its EXIF orientation.
    pub height: u32,
    /// Format of every variant.
    pub format: OutputFormat,
    /// Variants sorted by width ascending; never empty; the last one is the "full" one.
    pub variants: Vec<Variant>,
}

impl Processed {
    /// The largest variant (at most [`MAX_FULL_WIDTH`] wide).
    pub fn full(&self) -> Option<&Variant> {
        self.variants.last()
    }

    /// A `srcset` attribute value, given a function mapping a variant to its URL.
    pub fn srcset(&self, mut url: impl FnMut(&Variant) -> String) -> String {
        self.variants
            .iter()
            .map(|v| format!("{} {}w", url(v), v.width))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
