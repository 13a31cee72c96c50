//! Files published as they are: the theme's and the site's static files, and the bundle
//! files (images and their resized copies, PDFs) beside every language version of a page.

use super::Renderer;
use crate::images::{Images, ProcessedImage};
use crate::output::{FileContent, OutputFile};
use crate::site::{Asset, Site};

impl Renderer<'_> {
    /// Static files, and bundle assets beside every language version of their page.
    pub(super) fn copied_files(&self, static_files: &[OutputFile]) -> Vec<OutputFile> {
        let copy = |folder: &str, asset: &Asset| OutputFile {
            path: format!("{}{}", folder.trim_start_matches('/'), asset.relative).into(),
            content: FileContent::Copy(asset.path.as_path().into()),
            origin: asset
                .path
                .strip_prefix(&self.site.config.root)
                .unwrap_or(&asset.path)
                .into(),
        };
        let mut files: Vec<OutputFile> = static_files.to_vec();
        for lp in self.site.localized.iter() {
            for asset in &self.site.groups[lp.group].assets {
                files.push(copy(&lp.url, asset));
                let variants = self.images.get(&asset.path).map(|i| i.variants.as_slice());
                for variant in variants.unwrap_or_default() {
                    let relative = match asset.relative.rsplit_once('/') {
                        Some((folder, _)) => format!("{folder}/{}", variant.file_name),
                        None => variant.file_name.clone(),
                    };
                    files.push(copy(
                        &lp.url,
                        &Asset {
                            path: variant.cached.clone(),
                            relative,
                        },
                    ));
                }
            }
        }
        files.extend(
            self.site
                .content_assets
                .iter()
                .map(|(folder, a)| copy(folder, a)),
        );
        files
    }
}

/// The processed bundle image that `reference` (relative to the page) names in `group`.
pub(super) fn bundle_image<'i>(
    site: &Site,
    images: &'i Images,
    group: usize,
    reference: &str,
) -> Option<&'i ProcessedImage> {
    let name = reference.strip_prefix("./").unwrap_or(reference);
    let asset = site.groups[group]
        .assets
        .iter()
        .find(|a| a.relative == name)?;
    images.get(&asset.path)
}
