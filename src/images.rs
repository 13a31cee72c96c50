//! Bundle images resized at build time into several widths for `srcset`.
//!
//! Each JPEG, PNG or WebP file of a page bundle is published as it is and, for every width
//! in [`WIDTHS`] smaller than the original, as `<stem>-<width>w.<ext>` beside it. Resized
//! files are kept in `<site>/.dilmanc-cache/images/`, named by the SHA-256 of the original
//! and the width, so a rebuild reuses them and only new or changed photos are resized.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::ImageFormat;
use image::imageops::FilterType;
use rayon::prelude::*;

use crate::error::{Error, Errors, Result, io_error};
use crate::site::Site;

/// The widths, in pixels, resized copies are made at (only those below the original's).
pub const WIDTHS: [u32; 3] = [480, 960, 1600];
/// The cache folder, relative to the site root.
pub const CACHE_DIR: &str = ".dilmanc-cache/images";
/// JPEG quality of resized copies.
const JPEG_QUALITY: u8 = 82;

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
    /// Measures every bundle image of `site` and makes (or finds in the cache) its copies.
    pub fn process(site: &Site) -> Result<Images> {
        let cache = site.config.root.join(CACHE_DIR);
        let mut sources: Vec<&PathBuf> = site
            .groups
            .iter()
            .flat_map(|g| g.assets.iter().map(|a| &a.path))
            .filter(|p| format_of(p).is_some())
            .collect();
        sources.sort();
        sources.dedup();
        if !sources.is_empty() {
            std::fs::create_dir_all(&cache)
                .map_err(|e| io_error(&cache, "create the image cache", &e))?;
        }
        let results: Vec<std::result::Result<(PathBuf, ProcessedImage, usize, usize), Error>> =
            sources
                .par_iter()
                .map(|source| {
                    let display = source.strip_prefix(&site.config.root).unwrap_or(source);
                    process_one(source, display, &cache)
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
fn process_one(
    source: &Path,
    display: &Path,
    cache: &Path,
) -> std::result::Result<(ProcessedImage, usize, usize), Error> {
    let format = format_of(source).expect("only images are processed");
    let bytes = std::fs::read(source).map_err(|e| io_error(display, "read the image", &e))?;
    let unreadable = |e: image::ImageError| {
        Error::in_file(display, format!("the image cannot be read: {e}"))
            .with_help("save it again as a JPEG, PNG or WebP file, or remove it from the bundle")
    };
    let (width, height) = image::ImageReader::with_format(Cursor::new(&bytes), format)
        .into_dimensions()
        .map_err(unreadable)?;
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
                decoded =
                    Some(image::load_from_memory_with_format(&bytes, format).map_err(unreadable)?);
            }
            let image = decoded.as_ref().expect("decoded above");
            let small = image.resize_exact(target, target_height, FilterType::CatmullRom);
            let encoded = encode(&small, format).map_err(unreadable)?;
            // Written under a temporary name, so an interrupted build never leaves half a file.
            let partial = path.with_extension(format!("{extension}.partial"));
            std::fs::write(&partial, encoded)
                .and_then(|()| std::fs::rename(&partial, &path))
                .map_err(|e| io_error(&path, "write a resized image into the cache", &e))?;
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
        let (image, resized, cached) =
            process_one(&source, Path::new("photo.jpg"), &cache).unwrap();
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
        let (_, resized, cached) = process_one(&source, Path::new("photo.jpg"), &cache).unwrap();
        assert_eq!((resized, cached), (0, 2));
    }

    #[test]
    fn a_broken_image_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("broken.png");
        std::fs::write(&source, b"not a png").unwrap();
        let error =
            process_one(&source, Path::new("content/a/broken.png"), dir.path()).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("content/a/broken.png: the image cannot be read"),
            "{error}"
        );
    }
}
