//! Bundle images too large to decode safely: a small file that claims a huge picture is
//! refused from its header with the file, its size, the limit and what to do, before any
//! pixel is decoded, and the previous output stays as it was.

use std::io::Cursor;

use image::ImageEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};

use crate::support::TestSite;

/// The bundle the images are put in.
const BUNDLE: &str = "content/press/2017-06-21-geneva";

/// A real, fully decodable grey PNG of `width` × `height` pixels, all one shade: it
/// compresses to a few hundred kilobytes however many pixels it has.
fn flat_png(width: u32, height: u32) -> Vec<u8> {
    let pixels = vec![200u8; width as usize * height as usize];
    let mut out = Vec::new();
    PngEncoder::new_with_quality(
        Cursor::new(&mut out),
        CompressionType::Default,
        FilterType::NoFilter,
    )
    .write_image(&pixels, width, height, image::ExtendedColorType::L8)
    .expect("encoding a PNG in memory");
    out
}

/// The CRC-32 of PNG chunks (ISO 3309, reflected, polynomial 0xEDB88320).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG whose header claims `width` × `height` 8-bit RGB pixels, with valid chunk CRCs and
/// one short IDAT chunk: what a truncated or malicious upload looks like.
fn claimed_png(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(data);
        let crc = crc32(&out[start..]);
        out.extend(crc.to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend(width.to_be_bytes());
    header.extend(height.to_be_bytes());
    header.extend([8, 2, 0, 0, 0]); // 8 bits, RGB, deflate, no filter, no interlace
    chunk(&mut out, b"IHDR", &header);
    // A zlib stream of one stored block holding a single filter byte.
    chunk(
        &mut out,
        b"IDAT",
        &[
            0x78, 0x01, 0x01, 0x01, 0x00, 0xFE, 0xFF, 0x00, 0x00, 0x01, 0x00, 0x01,
        ],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

/// Builds the fixture, adds `bytes` as `name` to a bundle, and checks that `build` and
/// `check` fail naming the file, its size and the limit, with help, leaving `public/` and the
/// image cache as they were.
fn refused(name: &str, bytes: &[u8], size: &str) {
    let site = TestSite::fixture("multilingual");
    site.build();
    let before = site.snapshot();
    let cache = site.root().join(".dilmanc-cache/images");
    let cached_before = std::fs::read_dir(&cache).map_or(0, |d| d.count());
    site.write(&format!("{BUNDLE}/{name}"), bytes);

    for command in ["build", "check"] {
        let run = site.run(&[command]);
        run.failure(1);
        // The report wraps long lines: compare with single spaces.
        let stderr = &run.stderr.split_whitespace().collect::<Vec<_>>().join(" ");
        for expected in [
            format!("{BUNDLE}/{name}"),
            format!("the image is {size} pixels"),
            "more than the limit of 50 megapixels".to_owned(),
            "resize the original".to_owned(),
            "[images] max_megapixels".to_owned(),
        ] {
            assert!(
                stderr.contains(&expected),
                "`{command}` does not say {expected:?}:\n{stderr}"
            );
        }
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    assert!(
        site.snapshot() == before,
        "the failed build changed public/"
    );
    assert_eq!(
        std::fs::read_dir(&cache).map_or(0, |d| d.count()),
        cached_before,
        "the refused image was resized into the cache"
    );
}

#[test]
fn a_png_of_12000_by_12000_pixels_is_refused_before_decoding() {
    let png = flat_png(12_000, 12_000);
    assert!(
        png.len() < 2_000_000,
        "the test image is {} bytes",
        png.len()
    );
    refused("poster.png", &png, "12000 × 12000");
}

#[test]
fn a_png_header_claiming_100000_by_100000_pixels_is_refused() {
    refused(
        "claimed.png",
        &claimed_png(100_000, 100_000),
        "100000 × 100000",
    );
}

#[test]
fn a_raised_limit_admits_a_large_image() {
    let site = TestSite::fixture("multilingual");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        format!("{config}\n[images]\nmax_megapixels = 0.7\n"),
    );
    // 800 × 600 = 0.48 megapixels (and the bundle's photo, 1000 × 600 = 0.6): under the
    // lowered limit, so they are resized.
    site.write(&format!("{BUNDLE}/small.png"), flat_png(800, 600));
    site.build();
    assert!(site.exists("press/geneva/small-480w.png"));
    // 1000 × 800 = 0.8 megapixels: over it.
    site.write(&format!("{BUNDLE}/small.png"), flat_png(1000, 800));
    let run = site.run(&["build"]);
    run.failure(1);
    assert!(
        run.stderr.contains(
            "the image is 1000 × 800 pixels (0.8 megapixels), more than the limit of 0.7 megapixels"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unreadable_image_names_the_file_and_what_to_do() {
    let site = TestSite::fixture("multilingual");
    let mut png = flat_png(800, 600);
    png.truncate(png.len() / 2);
    site.write(&format!("{BUNDLE}/cut.png"), png);
    let run = site.run(&["build"]);
    run.failure(1);
    assert!(
        run.stderr
            .contains(&format!("{BUNDLE}/cut.png: the image cannot be read")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("save it again as a JPEG, PNG or WebP file"),
        "{}",
        run.stderr
    );
}
