//! Bundle images resized at build time into several widths for `srcset`.
//!
//! Each JPEG, PNG or WebP file of a page bundle is published as it is and, for every width
//! in [`WIDTHS`] smaller than the original, as `<stem>-<width>w.<ext>` beside it. Resized
//! files are kept in `<site>/.dilmanc-cache/images/`, named by the SHA-256 of the original
//! and the width, so a rebuild reuses them and only new or changed photos are resized.
//!
//! A small file can claim a huge picture (a 420 KB PNG of 12000 × 12000 pixels decodes to
//! 432 MB), so the size is read from the file's header first and an image of more than
//! `[images] max_megapixels` is refused before anything is decoded. Decoders also run under
//! an allocation limit ([`max_alloc`]), as a backstop for what the header does not tell.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::imageops::FilterType;
use image::{ImageDecoder, ImageError, ImageFormat, Limits};
use rayon::prelude::*;

use crate::config::ImagesConfig;
use crate::error::{Error, Errors, Result, io_error};
use crate::site::Site;

/// The widths, in pixels, resized copies are made at (only those below the original's).
pub const WIDTHS: [u32; 3] = [480, 960, 1600];
/// The cache folder, relative to the site root.
pub const CACHE_DIR: &str = ".dilmanc-cache/images";
/// JPEG quality of resized copies.
const JPEG_QUALITY: u8 = 82;
/// The least a decoder may allocate for one image (`image`'s own default).
const MIN_ALLOC: u64 = 512 * 1024 * 1024;
/// Bytes per pixel of the widest decoded format (RGBA, 16 bits a channel).
const MAX_BYTES_PER_PIXEL: u64 = 8;

/// The allocation limit of a decoder when images of up to `max_pixels` pixels are allowed:
/// 512 MiB, or more when the pixel limit is raised so far that an allowed image needs more.
pub fn max_alloc(max_pixels: u64) -> u64 {
    MIN_ALLOC.max(max_pixels.saturating_mul(MAX_BYTES_PER_PIXEL))
}

/// A resized copy of an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// File name published beside the original (`photo-480w.jpg`).
    pub file_name: String,
    /// The cached file to copy.
    pub cached: PathBuf,
}

/// An image of a bundle with its size and resized copies, smallest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessedImage {
    /// The original's file name.
    pub file_name: String,
    /// Width of the original.
    pub width: u32,
    /// Height of the original.
    pub height: u32,
    /// Resized copies, smallest first.
    pub variants: Vec<Variant>,
}

impl ProcessedImage {
    /// The `srcset` value for the image published at folder URL `base`.
    pub fn srcset(&self, base: &str) -> String {
        self.variants
            .iter()
            .map(|v| format!("{base}{} {}w", v.file_name, v.width))
            .chain(std::iter::once(format!(
                "{base}{} {}w",
                self.file_name, self.width
            )))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The smallest copy's file name (the original when none is smaller), for thumbnails.
    pub fn smallest(&self) -> (&str, u32, u32) {
        self.variants
            .first()
            .map_or((&self.file_name, self.width, self.height), |v| {
                (&v.file_name, v.width, v.height)
            })
    }
}

/// What the image pass did, for the build summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImageStats {
    /// Images found in bundles.
    pub images: usize,
    /// Copies resized in this build.
    pub resized: usize,
    /// Copies taken from the cache.
    pub cached: usize,
}

/// Every processed bundle image, by the path of its original.
#[derive(Debug, Clone, Default)]
pub struct Images {
    by_source: HashMap<PathBuf, ProcessedImage>,
    /// Counts for the summary.
    pub stats: ImageStats,
}

impl Images {
    /// Measures every bundle image of `site` and makes (or finds in the cache) its copies;
    /// copies made are written into the cache only if `write_cache` (`dilmanc check` writes
    /// nothing: it makes them to see that they can be made, and drops them).
    pub fn process(site: &Site, write_cache: bool) -> Result<Images> {
        let cache = site.config.root.join(CACHE_DIR);
        let limit = site.config.images;
        let mut sources: Vec<&PathBuf> = site
            .groups
            .iter()
            .flat_map(|g| g.assets.iter().map(|a| &a.path))
            .filter(|p| format_of(p).is_some())
            .collect();
        sources.sort();
        sources.dedup();
        if write_cache && !sources.is_empty() {
            std::fs::create_dir_all(&cache)
                .map_err(|e| io_error(&cache, "create the image cache", &e))?;
        }
        let results: Vec<std::result::Result<(PathBuf, ProcessedImage, usize, usize), Error>> =
            sources
                .par_iter()
                .map(|source| {
                    let display = source.strip_prefix(&site.config.root).unwrap_or(source);
                    process_one(source, display, &cache, write_cache, limit)
                        .map(|(image, resized, cached)| ((*source).clone(), image, resized, cached))
                })
                .collect();
        let mut errors = Errors::new();
        let mut images = Images::default();
        for result in results {
            match result {
                Ok((source, image, resized, cached)) => {
                    images.stats.images += 1;
                    images.stats.resized += resized;
                    images.stats.cached += cached;
                    images.by_source.insert(source, image);
                }
                Err(e) => errors.push(e),
            }
        }
        errors.into_result(images)
    }

    /// The processed image whose original is `source`.
    pub fn get(&self, source: &Path) -> Option<&ProcessedImage> {
        self.by_source.get(source)
    }

    /// The fingerprint of every image with its size and copies: two `Images` with the same
    /// fingerprint answer [`Images::get`] alike.
    pub(crate) fn fingerprint(&self) -> crate::fingerprint::Fingerprint {
        let mut images: Vec<_> = self.by_source.iter().collect();
        images.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut f = crate::fingerprint::Fingerprinter::new("images");
        for (source, processed) in images {
            f.add_path(source).add_debug(processed);
        }
        f.finish()
    }
}

fn format_of(path: &Path) -> Option<ImageFormat> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "jpg" | "jpeg" => Some(ImageFormat::Jpeg),
        "png" => Some(ImageFormat::Png),
        "webp" => Some(ImageFormat::WebP),
        _ => None,
    }
}

/// Measures one image and makes its copies; returns it with the counts (resized, cached).
/// An image over the pixel limit is refused from its header, before it is decoded.
fn process_one(
    source: &Path,
    display: &Path,
    cache: &Path,
    write_cache: bool,
    limit: ImagesConfig,
) -> std::result::Result<(ProcessedImage, usize, usize), Error> {
    let format = format_of(source).expect("only images are processed");
    let bytes = std::fs::read(source).map_err(|e| io_error(display, "read the image", &e))?;
    let max_pixels = limit.max_pixels();
    let fail = |e: ImageError| decode_error(display, e, max_pixels);
    // Only the header is read here, so no allocation limit is needed (and `image`'s default
    // one would refuse a huge image without saying how large it is).
    let mut header = image::ImageReader::with_format(Cursor::new(&bytes), format);
    header.no_limits();
    let decoder = header.into_decoder().map_err(fail)?;
    let (width, height) = decoder.dimensions();
    let decoded_bytes = decoder.total_bytes();
    drop(decoder);
    let pixels = u64::from(width) * u64::from(height);
    if pixels > max_pixels {
        return Err(Error::in_file(
            display,
            format!(
                "the image is {width} × {height} pixels ({}), more than the limit of {} megapixels",
                megapixels(pixels),
                limit.max_megapixels
            ),
        )
        .with_help(format!(
            "resize the original (dilmanc publishes copies at most {} pixels wide); or, if this machine has the memory to decode it (more than {} MB), raise the limit in site.toml: [images] max_megapixels = {}",
            WIDTHS[WIDTHS.len() - 1],
            decoded_bytes.div_ceil(1_000_000),
            (pixels as f64 / 1e6).ceil()
        )));
    }
    let hash = crate::hash::short_sha256(&bytes);
    let file_name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (stem, extension) = file_name.rsplit_once('.').unwrap_or((&file_name, ""));
    let mut decoded: Option<image::DynamicImage> = None;
    let (mut resized, mut cached) = (0, 0);
    let mut variants = Vec::new();
    for target in WIDTHS.into_iter().filter(|&w| w < width) {
        let target_height = ((u64::from(height) * u64::from(target) + u64::from(width) / 2)
            / u64::from(width))
        .max(1) as u32;
        let path = cache.join(format!("{hash}-{target}.{extension}"));
        if path.is_file() {
            cached += 1;
        } else {
            if decoded.is_none() {
                decoded = Some(decode(&bytes, format, max_pixels).map_err(fail)?);
            }
            let image = decoded.as_ref().expect("decoded above");
            let small = image.resize_exact(target, target_height, FilterType::CatmullRom);
            let encoded = encode(&small, format).map_err(|e| {
                Error::in_file(display, format!("a resized copy of the image cannot be made: {e}"))
                    .with_help("save the original again as a JPEG, PNG or WebP file, or remove it from the bundle")
            })?;
            // Written under a temporary name, so an interrupted build never leaves half a file.
            let partial = path.with_extension(format!("{extension}.partial"));
            if write_cache {
                std::fs::write(&partial, encoded)
                    .and_then(|()| std::fs::rename(&partial, &path))
                    .map_err(|e| io_error(&path, "write a resized image into the cache", &e))?;
            }
            resized += 1;
        }
        variants.push(Variant {
            width: target,
            height: target_height,
            file_name: format!("{stem}-{target}w.{extension}"),
            cached: path,
        });
    }
    Ok((
        ProcessedImage {
            file_name: file_name.clone(),
            width,
            height,
            variants,
        },
        resized,
        cached,
    ))
}

/// Decodes `bytes` under the allocation limit for images of up to `max_pixels` pixels.
fn decode(
    bytes: &[u8],
    format: ImageFormat,
    max_pixels: u64,
) -> image::ImageResult<image::DynamicImage> {
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(max_alloc(max_pixels));
    reader.limits(limits);
    reader.decode()
}

/// A decoding error of the image `display` as a diagnostic that says what to do.
fn decode_error(display: &Path, error: ImageError, max_pixels: u64) -> Error {
    match error {
        ImageError::Limits(e) => Error::in_file(
            display,
            format!(
                "decoding the image needs more memory than the limit of {} MiB ({e})",
                max_alloc(max_pixels) / (1024 * 1024)
            ),
        )
        .with_help(
            "resize the original or save it again with fewer colours (8 bits a channel), or raise [images] max_megapixels in site.toml",
        ),
        other => Error::in_file(display, format!("the image cannot be read: {other}"))
            .with_help("save it again as a JPEG, PNG or WebP file, or remove it from the bundle"),
    }
}

/// `pixels` in megapixels for messages: `144 megapixels`, `0.3 megapixels`.
fn megapixels(pixels: u64) -> String {
    let value = pixels as f64 / 1e6;
    if value >= 10.0 {
        format!("{value:.0} megapixels")
    } else {
        format!("{value:.1} megapixels")
    }
}

fn encode(image: &image::DynamicImage, format: ImageFormat) -> image::ImageResult<Vec<u8>> {
    let mut out = Vec::new();
    match format {
        ImageFormat::Jpeg => {
            let encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            image.to_rgb8().write_with_encoder(encoder)?;
        }
        other => image.write_to(&mut Cursor::new(&mut out), other)?,
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resizes_below_the_original_width_and_reuses_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("photo.jpg");
        image::RgbImage::from_pixel(1000, 500, image::Rgb([200, 30, 30]))
            .save(&source)
            .unwrap();
        let cache = dir.path().join("cache");
        std::fs::create_dir_all(&cache).unwrap();
        let (image, resized, cached) = process_one(
            &source,
            Path::new("photo.jpg"),
            &cache,
            true,
            ImagesConfig::default(),
        )
        .unwrap();
        assert_eq!((image.width, image.height), (1000, 500));
        let widths: Vec<(u32, u32)> = image.variants.iter().map(|v| (v.width, v.height)).collect();
        assert_eq!(widths, [(480, 240), (960, 480)]);
        assert_eq!((resized, cached), (2, 0));
        assert_eq!(
            image::image_dimensions(&image.variants[0].cached).unwrap(),
            (480, 240)
        );
        assert_eq!(
            image.srcset("/p/"),
            "/p/photo-480w.jpg 480w, /p/photo-960w.jpg 960w, /p/photo.jpg 1000w"
        );
        let (_, resized, cached) = process_one(
            &source,
            Path::new("photo.jpg"),
            &cache,
            true,
            ImagesConfig::default(),
        )
        .unwrap();
        assert_eq!((resized, cached), (0, 2));
        // Without writing (`dilmanc check`), the copies are made and dropped.
        let elsewhere = dir.path().join("unwritten");
        let (_, resized, cached) = process_one(
            &source,
            Path::new("photo.jpg"),
            &elsewhere,
            false,
            ImagesConfig::default(),
        )
        .unwrap();
        assert_eq!((resized, cached), (2, 0));
        assert!(!elsewhere.exists());
    }

    #[test]
    fn an_image_over_the_pixel_limit_is_refused_before_decoding() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("wide.png");
        image::GrayImage::from_pixel(3000, 2000, image::Luma([9]))
            .save(&source)
            .unwrap();
        let limit = ImagesConfig {
            max_megapixels: 5.0,
        };
        let error = process_one(
            &source,
            Path::new("content/a/wide.png"),
            dir.path(),
            true,
            limit,
        )
        .unwrap_err();
        let help = error.help().unwrap_or_default().to_owned();
        let error = error.to_string();
        assert!(
            error.starts_with("content/a/wide.png: the image is 3000 × 2000 pixels (6.0 megapixels), more than the limit of 5 megapixels"),
            "{error}"
        );
        assert!(help.contains("max_megapixels = 6"), "{help}");
        // Nothing was decoded or resized.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let limit = ImagesConfig {
            max_megapixels: 6.0,
        };
        let (image, resized, _) =
            process_one(&source, Path::new("wide.png"), dir.path(), true, limit).unwrap();
        assert_eq!((image.width, resized), (3000, 3));
    }

    #[test]
    fn the_allocation_backstop_grows_with_a_raised_limit() {
        assert_eq!(max_alloc(50_000_000), 512 * 1024 * 1024);
        assert_eq!(max_alloc(100_000_000), 800_000_000);
        assert_eq!(max_alloc(u64::MAX), u64::MAX);
    }

    #[test]
    fn a_broken_image_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("broken.png");
        std::fs::write(&source, b"not a png").unwrap();
        let error = process_one(
            &source,
            Path::new("content/a/broken.png"),
            dir.path(),
            true,
            ImagesConfig::default(),
        )
        .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("content/a/broken.png: the image cannot be read"),
            "{error}"
        );
    }
}
