//! Content-file front matter as `load` reads it (src/load/parse.rs `parse_file`): the split at
//! the `+++` lines, page and section front matter, dates, slug and aliases, and the typed
//! `[service]` and `[centre]` tables with their checks. Every error is rendered as the
//! binary prints it.
#![no_main]

use std::path::Path;

use dilmanc::error::Errors;
use dilmanc::front_matter::{ContentDate, PageFrontMatter, SectionFrontMatter, split};
use dilmanc_fuzz::render_errors;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("content/press/x.md");
    let file = match split(path, data) {
        Ok(file) => file,
        Err(error) => return render_errors(&Errors::from(error)),
    };
    let _ = (file.body(), file.body_line());
    let mut errors = Errors::new();

    match file.parse::<SectionFrontMatter>(path) {
        Ok(front) => {
            if let Some(paginate_by) = &front.paginate_by {
                errors.push(file.error_at(path, paginate_by, "paginate_by"));
            }
        }
        Err(e) => errors.extend(e),
    }

    match file.parse::<PageFrontMatter>(path) {
        Ok(front) => {
            for date in [&front.date, &front.updated, &front.expires]
                .into_iter()
                .flatten()
            {
                if let Err(e) = ContentDate::from_toml(path, &file, date) {
                    errors.push(e);
                }
            }
            if let Some(slug) = &front.slug {
                errors.push(file.error_at(path, slug, "slug"));
            }
            for alias in &front.aliases {
                if let Err(why) = dilmanc::load::alias_url(alias.get_ref()) {
                    errors.push(file.error_at(path, alias, why));
                }
            }
            if let Some(image) = &front.image {
                errors.push(file.error_at(path, image, "image"));
            }
            for service in &front.services {
                let _ = file.location_of(path, service);
            }
            if let Some(service) = front.service
                && let Err(e) = service.check(path, &file)
            {
                errors.extend(e);
            }
            if let Some(centre) = front.centre
                && let Err(e) = centre.check(path, &file)
            {
                errors.extend(e);
            }
        }
        Err(e) => errors.extend(e),
    }
    render_errors(&errors);
});
