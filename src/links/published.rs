//! What an image written from the site's root (`/images/a.jpg`) may name: a published static
//! file, or a file of `content/` where the build publishes it; and the error when it is
//! neither.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::error::Error;
use crate::output::OutputFile;
use crate::site::Site;

/// The output paths of the published static files (the site's `static/` and the theme's),
/// which images written from the site's root (`/images/a.jpg`) may name.
pub fn published_paths(static_files: &[OutputFile]) -> HashSet<&str> {
    static_files.iter().map(|f| &*f.path).collect()
}

/// What an image written from the site's root may name: a published static file, or a file
/// of `content/` where the build publishes it (a bundle's beside each language version of
/// its page: `/press/geneva/photo.png`).
pub(super) struct Published<'a> {
    static_files: &'a HashSet<&'a str>,
    content_files: HashSet<String>,
}

impl<'a> Published<'a> {
    /// The static files `static_files` and every content file of `site` at its address.
    pub(super) fn new(site: &Site, static_files: &'a HashSet<&'a str>) -> Published<'a> {
        let at =
            |folder: &str, relative: &str| format!("{}{relative}", folder.trim_start_matches('/'));
        let bundles = site.localized.iter().flat_map(|lp| {
            site.groups[lp.group]
                .assets
                .iter()
                .map(|asset| at(&lp.url, &asset.relative))
        });
        let loose = site
            .content_assets
            .iter()
            .map(|(folder, asset)| at(folder, &asset.relative));
        Published {
            static_files,
            content_files: bundles.chain(loose).collect(),
        }
    }

    /// Whether `path` (no leading `/`, percent-decoded) is published.
    pub(super) fn contains(&self, path: &str) -> bool {
        self.static_files.contains(path) || self.content_files.contains(path)
    }
}

/// The static file an image address written from the site's root names (`/img/a%20b.jpg`
/// → `img/a b.jpg`, without a query or fragment); `None` for any other address.
pub(super) fn static_path(image: &str) -> Option<Cow<'_, str>> {
    let path = image.strip_prefix('/').filter(|p| !p.starts_with('/'))?;
    let path = path.split(['?', '#']).next().unwrap_or_default();
    Some(percent_encoding::percent_decode_str(path).decode_utf8_lossy())
}

/// The error of an image written from the site's root that is not a published static file.
pub(super) fn not_static(image: &str, path: &str) -> Error {
    Error::new(format!("the image `{image}` is not a file of static/")).with_help(format!(
        "put it at static/{path}, or fix the path (an image of the page's bundle is written without the leading /)"
    ))
}
