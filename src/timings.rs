//! Where a build spends its time: each stage, and each template (`dilmanc build --timings`,
//! after Hugo's `--templateMetrics`), so that a theme author can find what is slow.
//!
//! Collecting costs two clock readings per rendered file; the report is printed only when
//! asked for. On Linux each stage also notes the process's resident memory when it ends,
//! and the report ends with the peak (`VmRSS`, `VmHWM` of `/proc/self/status`).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How many templates the report lists.
pub const SLOWEST_TEMPLATES: usize = 10;

/// The time of every file rendered with one template.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TemplateTime {
    /// Files rendered with it.
    pub count: usize,
    /// Their time together.
    pub total: Duration,
    /// The slowest one.
    pub max: Duration,
}

/// One stage of a build: its name, its time (summed over its runs) and the resident
/// memory when it last ended, in bytes (`None` where the system does not tell).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stage {
    /// The stage's name.
    pub name: &'static str,
    /// Its time, added up over the runs of the same name.
    pub time: Duration,
    /// The process's resident memory when it last ended.
    pub resident: Option<u64>,
}

/// The stages of one build in order, and the templates it rendered.
#[derive(Debug, Default)]
pub struct Timings {
    stages: Mutex<Vec<Stage>>,
    templates: Mutex<HashMap<String, TemplateTime>>,
}

impl Timings {
    /// Runs `stage`, recording how long it took under `name` (added to the time of the
    /// stages of the same name that ran before).
    pub fn stage<T>(&self, name: &'static str, stage: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let value = stage();
        let elapsed = started.elapsed();
        let resident = memory::resident();
        let mut stages = self.stages.lock().unwrap_or_else(PoisonError::into_inner);
        match stages.iter_mut().find(|known| known.name == name) {
            Some(stage) => {
                stage.time += elapsed;
                stage.resident = resident;
            }
            None => stages.push(Stage {
                name,
                time: elapsed,
                resident,
            }),
        }
        value
    }

    /// Records one file rendered with `template` in `elapsed` (called from many threads).
    pub fn template(&self, template: &str, elapsed: Duration) {
        let mut templates = self
            .templates
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let time = match templates.get_mut(template) {
            Some(time) => time,
            None => templates.entry(template.to_owned()).or_default(),
        };
        time.count += 1;
        time.total += elapsed;
        time.max = time.max.max(elapsed);
    }

    /// The stages, in the order each first ran.
    pub fn stages(&self) -> Vec<Stage> {
        self.stages
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The templates by total time, slowest first (ties by name).
    pub fn slowest_templates(&self) -> Vec<(String, TemplateTime)> {
        let mut templates: Vec<(String, TemplateTime)> = self
            .templates
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .map(|(name, time)| (name.clone(), *time))
            .collect();
        templates.sort_by(|a, b| b.1.total.cmp(&a.1.total).then_with(|| a.0.cmp(&b.0)));
        templates
    }

    /// The report `--timings` prints: the stages with the memory after each and the peak,
    /// then the ten slowest templates. Template times are summed over threads, so they can
    /// add up to more than the wall time of the stage that rendered them.
    pub fn report(&self) -> String {
        let mut text = String::from("stage                                 time   memory after\n");
        for stage in self.stages() {
            let _ = writeln!(
                text,
                "{:<32} {:>9} {:>14}",
                stage.name,
                millis(stage.time),
                stage.resident.map(mebibytes).unwrap_or_default()
            );
        }
        if let Some(peak) = memory::peak() {
            let _ = writeln!(
                text,
                "{:<32} {:>9} {:>14}",
                "peak memory",
                "",
                mebibytes(peak)
            );
        }
        let templates = self.slowest_templates();
        if templates.is_empty() {
            return text;
        }
        let _ = writeln!(
            text,
            "\ntemplate (the {SLOWEST_TEMPLATES} slowest by total)     files      total       mean        max"
        );
        for (name, time) in templates.iter().take(SLOWEST_TEMPLATES) {
            let mean = time.total / u32::try_from(time.count.max(1)).unwrap_or(u32::MAX);
            let _ = writeln!(
                text,
                "{name:<34} {:>7} {:>10} {:>10} {:>10}",
                time.count,
                millis(time.total),
                millis(mean),
                millis(time.max)
            );
        }
        text
    }
}

/// Bytes as mebibytes, rounded.
fn mebibytes(bytes: u64) -> String {
    format!("{} MiB", (bytes + (1 << 19)) >> 20)
}

/// A duration as milliseconds with two decimals.
fn millis(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

/// The process's memory as the system reports it.
mod memory {
    /// The resident set now, in bytes.
    pub(super) fn resident() -> Option<u64> {
        status_field("VmRSS:")
    }

    /// The largest resident set so far, in bytes.
    pub(super) fn peak() -> Option<u64> {
        status_field("VmHWM:")
    }

    /// A `kB` field of `/proc/self/status` in bytes; `None` off Linux.
    fn status_field(name: &str) -> Option<u64> {
        if !cfg!(target_os = "linux") {
            return None;
        }
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|line| line.starts_with(name))?;
        let kib: u64 = line[name.len()..]
            .trim()
            .strip_suffix("kB")?
            .trim()
            .parse()
            .ok()?;
        Some(kib * 1024)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_summed_and_listed_slowest_first() {
        let timings = Timings::default();
        timings.template("page.html", Duration::from_millis(2));
        timings.template("page.html", Duration::from_millis(5));
        timings.template("section.html", Duration::from_millis(6));
        let slowest = timings.slowest_templates();
        assert_eq!(slowest[0].0, "page.html");
        assert_eq!(
            slowest[0].1,
            TemplateTime {
                count: 2,
                total: Duration::from_millis(7),
                max: Duration::from_millis(5),
            }
        );
        assert_eq!(slowest[1].0, "section.html");
        let report = timings.report();
        assert!(report.contains("page.html"), "{report}");
    }

    #[test]
    fn stages_keep_their_order() {
        let timings = Timings::default();
        assert_eq!(timings.stage("load", || 1), 1);
        timings.stage("render", || ());
        timings.stage("load", || ());
        let names: Vec<&str> = timings.stages().iter().map(|s| s.name).collect();
        assert_eq!(names, ["load", "render"]);
        if cfg!(target_os = "linux") {
            let resident = timings.stages()[0]
                .resident
                .expect("Linux tells the memory");
            assert!(resident > 1 << 20, "{resident}");
            assert!(timings.report().contains("peak memory"));
        }
    }
}
