//! What the renderer computes once before rendering files: the sorted list of every
//! section in every language, the archive periods, the tags and the related releases
//! (the bodies are in [`super::bodies`], the navigation in [`super::frame`]).

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use super::Term;
use super::archives::Period;
use typed_index_collections::{TiSlice, TiVec};

use crate::collation::Alphabet;
use crate::config::LangId;
use crate::engine::Memos;
use crate::fingerprint::{Fingerprint, Fingerprinter};
use crate::front_matter::SortBy;
use crate::site::{LocalizedId, SectionId, Site};

/// The lists, archive periods and tags of a site: made from its structure and its pages'
/// front matter, never from their bodies, so that a build of the incremental engine whose
/// site has the same [`Site::shape`] as an earlier one takes them from it.
#[derive(Debug)]
pub(crate) struct Indexes {
    /// Sorted localized pages of each section in each language.
    pub(super) lists: BySection<Vec<LocalizedId>>,
    /// Position of each localized page in its section's list.
    pub(super) positions: TiVec<LocalizedId, Option<usize>>,
    /// Years and months of each date-sorted section in each language.
    pub(super) periods: BySection<Vec<Period>>,
    /// Tags of each language.
    pub(super) terms: TiVec<LangId, Vec<Term>>,
    /// The term of each tag of each localized page (see [`page_terms`]).
    pub(super) page_terms: TiVec<LocalizedId, Vec<usize>>,
    /// The pages of each term by section, for related pages.
    pub(super) tag_runs: TiVec<LangId, Vec<Vec<(SectionId, TagRun)>>>,
    /// The "other releases" of each localized page, once asked
    /// ([`super::Renderer::related_ids`]): made from the lists and tags alone.
    pub(super) related: TiVec<LocalizedId, OnceLock<Vec<LocalizedId>>>,
}

impl Indexes {
    /// The indexes of `site`, whose titles sort by `alphabet`: with the engine's `memos`,
    /// those of an earlier build of the same shape when there is one. Their pages' related
    /// releases, found once, are then not asked of the memo they were found through, which
    /// is told to keep them for a build of another shape.
    pub(super) fn kept_or_new(
        site: &Site,
        alphabet: &Alphabet,
        memos: Option<&Memos>,
    ) -> Arc<Self> {
        let Some((memos, shape)) = memos.zip(site.shape()) else {
            return Arc::new(Indexes::new(site, alphabet));
        };
        let key = Fingerprinter::new("indexes").add(&shape).finish();
        if let Some(kept) = memos.indexes.get(key) {
            memos.most_shared.carry();
            return kept;
        }
        let indexes = Arc::new(Indexes::new(site, alphabet));
        memos.indexes.insert(key, Arc::clone(&indexes));
        indexes
    }

    /// The indexes of `site`, whose titles sort by `alphabet`.
    fn new(site: &Site, alphabet: &Alphabet) -> Indexes {
        let lists = section_lists(site, alphabet);
        let periods = super::archives::periods(site, &lists);
        let positions = positions(site, &lists);
        let terms = tags(site, alphabet);
        let page_terms = page_terms(site, &terms);
        let tag_runs = tag_runs(site, &terms, &positions);
        Indexes {
            lists,
            positions,
            periods,
            terms,
            page_terms,
            tag_runs,
            related: site.localized.keys().map(|_| OnceLock::new()).collect(),
        }
    }
}

/// The localized pages of each section in each language, in the section's order; expired
/// pages are in no list.
fn section_lists(site: &Site, alphabet: &Alphabet) -> BySection<Vec<LocalizedId>> {
    let mut lists = by_section(site, |_, _| Vec::new());
    for (i, lp) in site.localized.iter_enumerated() {
        if let Some(section) = site.groups[lp.group].section
            && !site.pages[lp.content].expired
        {
            lists[lp.language][section].push(i);
        }
    }
    for (lang, sections) in lists.iter_mut_enumerated() {
        let code = &site.config.languages[lang].code;
        for (section, items) in sections.iter_mut_enumerated() {
            let sort_by = site.sections[section].settings.sort_by;
            sort_items(site, alphabet, code, items, sort_by);
        }
    }
    lists
}

/// A value for every section in every language: `table[lang][section]`.
pub(super) type BySection<T> = TiVec<LangId, TiVec<SectionId, T>>;

/// The [`BySection`] table of `value` of each language and section.
pub(super) fn by_section<T>(site: &Site, value: impl Fn(LangId, SectionId) -> T) -> BySection<T> {
    site.config
        .language_ids()
        .map(|lang| {
            site.section_ids()
                .map(|section| value(lang, section))
                .collect()
        })
        .collect()
}

/// The position of each localized page in its section's list, if it is in one.
fn positions(
    site: &Site,
    lists: &BySection<Vec<LocalizedId>>,
) -> TiVec<LocalizedId, Option<usize>> {
    let mut positions: TiVec<LocalizedId, Option<usize>> = vec![None; site.localized.len()].into();
    for list in lists.iter().flatten() {
        for (position, &i) in list.iter().enumerate() {
            positions[i] = Some(position);
        }
    }
    positions
}

/// The tags of each language (real translations only), each with its pages newest first.
fn tags(site: &Site, alphabet: &Alphabet) -> TiVec<LangId, Vec<Term>> {
    let mut by_slug: TiVec<LangId, foldhash::HashMap<&str, Term>> = site
        .config
        .languages
        .iter()
        .map(|_| foldhash::HashMap::default())
        .collect();
    // The tagged pages of each language, newest first: each tag lists its pages in this
    // order, so the dates and titles are compared once per page, not once per tag.
    let mut tagged: TiVec<LangId, Vec<LocalizedId>> =
        site.config.languages.iter().map(|_| Vec::new()).collect();
    for (i, lp) in site.localized.iter_enumerated() {
        let page = &site.pages[lp.content];
        if lp.is_fallback || page.expired || page.tags.is_empty() {
            continue;
        }
        tagged[lp.language].push(i);
        // A tag is named as the first page in site order writes it, so it is gathered here
        // and its pages are put in date order below.
        for (tag, slug) in page.tags.iter().zip(&page.tag_slugs) {
            by_slug[lp.language]
                .entry(slug)
                .or_insert_with(|| Term {
                    name: tag.clone(),
                    slug: slug.clone(),
                    items: Vec::new(),
                })
                .items
                .push(i);
        }
    }
    let mut rank: TiVec<LocalizedId, usize> = vec![0; site.localized.len()].into();
    for (pages, language) in tagged.iter_mut().zip(&site.config.languages) {
        sort_items(site, alphabet, &language.code, pages, SortBy::Date);
        for (position, &i) in pages.iter().enumerate() {
            rank[i] = position;
        }
    }
    by_slug
        .into_iter()
        .zip(&site.config.languages)
        .map(|(terms, language)| {
            let mut list: Vec<Term> = terms.into_values().collect();
            // By slug first, so that tags whose names compare equal keep one order.
            list.sort_unstable_by(|a, b| a.slug.cmp(&b.slug));
            for term in &mut list {
                term.items.sort_unstable_by_key(|&i| rank[i]);
            }
            list.sort_by(|a, b| alphabet.compare(&language.code, &a.name, &b.name));
            list
        })
        .collect()
}

/// Orders the localized pages `items` of one list in language `lang`: see [`SortBy`] for
/// each order. Undated pages come after dated ones wherever dates decide.
pub(super) fn sort_items(
    site: &Site,
    alphabet: &Alphabet,
    lang: &str,
    items: &mut [LocalizedId],
    sort_by: SortBy,
) {
    let page = |i: &LocalizedId| &site.pages[site.localized[*i].content];
    let by_title =
        |a: &crate::site::Page, b: &crate::site::Page| alphabet.compare(lang, &a.title, &b.title);
    match sort_by {
        SortBy::Date => {
            // The dates side by side: comparing them reads no page.
            let mut dated: Vec<_> = items.iter().map(|i| (page(i).date, *i)).collect();
            dated.sort_by(|(a_date, a), (b_date, b)| {
                b_date.cmp(a_date).then_with(|| by_title(page(a), page(b)))
            });
            for (item, (_, i)) in items.iter_mut().zip(dated) {
                *item = i;
            }
        }
        SortBy::Weight => items.sort_by(|a, b| {
            let (a, b) = (page(a), page(b));
            a.weight
                .unwrap_or(i64::MAX)
                .cmp(&b.weight.unwrap_or(i64::MAX))
                .then_with(|| by_title(a, b))
        }),
        SortBy::Title => items.sort_by(|a, b| by_title(page(a), page(b))),
        SortBy::Default => items.sort_by(|a, b| {
            let (a, b) = (page(a), page(b));
            // Weighted pages first (`None` sorts last), lowest weight first.
            let weight = |p: &crate::site::Page| (p.weight.is_none(), p.weight);
            weight(a)
                .cmp(&weight(b))
                .then_with(|| b.date.cmp(&a.date))
                .then_with(|| by_title(a, b))
                .then_with(|| a.source.cmp(&b.source))
        }),
    }
}

/// The pages of one tag in one section, for "other releases": their positions in the
/// section's list, ascending, and how often at most one page occurs among them (a page whose
/// tags slugify alike is listed once per tag).
#[derive(Debug, Clone, Default)]
pub(super) struct TagRun {
    /// Positions in the section's list of the language, ascending.
    pub(super) positions: Vec<usize>,
    /// The largest number of equal entries in `positions`.
    pub(super) multiplicity: usize,
    /// One bit per position of the section's list, set for those of the run, when no
    /// position occurs twice in it ([`most_shared`] counts with them).
    bits: Vec<u64>,
    /// The fingerprint of `positions`.
    pub(super) fingerprint: Fingerprint,
}

impl TagRun {
    /// The run of `positions`, given in any order.
    pub(super) fn new(mut positions: Vec<usize>) -> TagRun {
        positions.sort_unstable();
        let multiplicity = positions
            .chunk_by(|a, b| a == b)
            .map(<[usize]>::len)
            .max()
            .unwrap_or(0);
        let mut bits = Vec::new();
        if multiplicity == 1 {
            bits.resize(positions.last().map_or(0, |last| last / 64 + 1), 0);
            for &position in &positions {
                bits[position / 64] |= 1 << (position % 64);
            }
        }
        TagRun {
            fingerprint: Fingerprinter::new("tag run").add(&positions).finish(),
            positions,
            multiplicity,
            bits,
        }
    }
}

/// The [`TagRun`]s of every term of every language, by section: `runs[lang][term]` holds
/// `(section, run)` pairs in section order.
fn tag_runs(
    site: &Site,
    terms: &TiSlice<LangId, Vec<Term>>,
    positions: &TiSlice<LocalizedId, Option<usize>>,
) -> TiVec<LangId, Vec<Vec<(SectionId, TagRun)>>> {
    terms
        .iter()
        .map(|list| {
            list.iter()
                .map(|term| {
                    let mut by_section: BTreeMap<SectionId, Vec<usize>> = BTreeMap::new();
                    for &j in &term.items {
                        if let (Some(section), Some(position)) =
                            (site.groups[site.localized[j].group].section, positions[j])
                        {
                            by_section.entry(section).or_default().push(position);
                        }
                    }
                    by_section
                        .into_iter()
                        .map(|(section, positions)| (section, TagRun::new(positions)))
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// The term (index in the language's terms) of each tag of each localized page, in the
/// page's tag order, repeated when two tags slugify alike; tags with no term are left out.
fn page_terms(site: &Site, terms: &TiSlice<LangId, Vec<Term>>) -> TiVec<LocalizedId, Vec<usize>> {
    // The position of each tag in its language's list, by language and slug.
    let term_index: foldhash::HashMap<(LangId, &str), usize> = terms
        .iter_enumerated()
        .flat_map(|(lang, list)| {
            list.iter()
                .enumerate()
                .map(move |(n, term)| ((lang, term.slug.as_str()), n))
        })
        .collect();
    let terms: Vec<Vec<usize>> = site
        .localized
        .raw
        .par_iter()
        .map(|lp| {
            site.pages[lp.content]
                .tag_slugs
                .iter()
                .filter_map(|slug| term_index.get(&(lp.language, slug.as_str())).copied())
                .collect()
        })
        .collect();
    terms.into()
}

/// The `n` positions shared by the most of `runs` (each run counted once per occurrence), ties
/// broken by the smaller position, leaving out `skip`. Counted with the runs' bits when no
/// run holds a position twice; else a merge of the ascending runs that stops as soon as no
/// later position can beat the `n` already chosen.
pub(super) fn most_shared(runs: &[&TagRun], skip: Option<usize>, n: usize) -> Vec<usize> {
    if runs.iter().all(|run| run.multiplicity <= 1) {
        return most_shared_by_bits(runs, skip, n);
    }
    // (shared count, position), best first.
    let mut chosen: Vec<(usize, usize)> = Vec::with_capacity(n + 1);
    let mut heads = vec![0usize; runs.len()];
    loop {
        let mut next = usize::MAX;
        let mut bound = 0;
        for (run, &head) in runs.iter().zip(&heads) {
            if let Some(&position) = run.positions.get(head) {
                next = next.min(position);
                bound += run.multiplicity;
            }
        }
        if bound == 0 || (chosen.len() == n && chosen.last().is_some_and(|c| c.0 >= bound)) {
            break;
        }
        let mut count = 0;
        for (run, head) in runs.iter().zip(heads.iter_mut()) {
            while run.positions.get(*head) == Some(&next) {
                count += 1;
                *head += 1;
            }
        }
        if Some(next) == skip {
            continue;
        }
        let at = chosen.partition_point(|c| c.0 >= count);
        if at < n {
            chosen.insert(at, (count, next));
            chosen.truncate(n);
        }
    }
    chosen.into_iter().map(|(_, position)| position).collect()
}

/// [`most_shared`] for runs that hold no position twice. Each run's bits are added into
/// bit-sliced counters (`planes[k]` holds bit `k` of every position's count), which are then
/// read count by count, most first, each in ascending positions. A merge reads every
/// position of the runs when few pages share all their tags, and the pages of a tag grow
/// with the site: on the 10k corpus the merge was 119 times its time on the 1k corpus. This
/// costs a few operations per 64 positions of the section.
fn most_shared_by_bits(runs: &[&TagRun], skip: Option<usize>, n: usize) -> Vec<usize> {
    let width = runs.iter().map(|run| run.bits.len()).max().unwrap_or(0);
    let mut planes: Vec<Vec<u64>> = Vec::new();
    for run in runs {
        for (at, &word) in run.bits.iter().enumerate() {
            let mut carry = word;
            for plane in &mut planes {
                if carry == 0 {
                    break;
                }
                let next = plane[at] & carry;
                plane[at] ^= carry;
                carry = next;
            }
            if carry != 0 {
                let mut plane = vec![0; width];
                plane[at] = carry;
                planes.push(plane);
            }
        }
    }
    let mut chosen = Vec::with_capacity(n);
    // No count needs more bits than the planes hold.
    for count in (1..=runs.len())
        .rev()
        .filter(|count| count >> planes.len() == 0)
    {
        for at in 0..width {
            let mut word = !0u64;
            for (k, plane) in planes.iter().enumerate() {
                word &= if count >> k & 1 == 1 {
                    plane[at]
                } else {
                    !plane[at]
                };
            }
            while word != 0 && chosen.len() < n {
                let position = at * 64 + word.trailing_zeros() as usize;
                word &= word - 1;
                if Some(position) != skip {
                    chosen.push(position);
                }
            }
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::{TagRun, most_shared};

    fn run(positions: &[usize]) -> TagRun {
        TagRun::new(positions.to_vec())
    }

    /// The order `related` had before the merge: count every page, sort them all.
    fn naive(runs: &[&TagRun], skip: Option<usize>, n: usize) -> Vec<usize> {
        let mut counts = std::collections::HashMap::new();
        for run in runs {
            for &p in &run.positions {
                if Some(p) != skip {
                    *counts.entry(p).or_insert(0usize) += 1;
                }
            }
        }
        let mut all: Vec<(usize, usize)> = counts.into_iter().collect();
        all.sort_by_key(|&(p, c)| (std::cmp::Reverse(c), p));
        all.into_iter().take(n).map(|(p, _)| p).collect()
    }

    #[test]
    fn most_shared_first_then_newest() {
        let (a, b, c) = (run(&[0, 2, 3, 7, 9]), run(&[2, 5, 7, 9]), run(&[7, 8]));
        // 7 is in all three; 2 and 9 in two (2 is newer); then 0, 3, 5, 8 by position.
        assert_eq!(most_shared(&[&a, &b, &c], None, 5), [7, 2, 9, 0, 3]);
        assert_eq!(most_shared(&[&a, &b, &c], Some(7), 3), [2, 9, 0]);
        assert_eq!(most_shared(&[&a], Some(0), 2), [2, 3]);
        assert!(most_shared(&[], None, 5).is_empty());
    }

    #[test]
    fn a_page_listed_twice_by_one_tag_counts_twice() {
        // Two tags of page 4 slugify alike: the term lists it twice.
        let (a, b) = (run(&[1, 4, 4, 6]), run(&[1, 6]));
        assert_eq!(most_shared(&[&a, &b], None, 3), [1, 4, 6]);
        assert_eq!(most_shared(&[&a, &a, &b], None, 2), [4, 1]);
    }

    #[test]
    fn the_merge_agrees_with_counting_everything() {
        // Many random tag sets, every early stop checked.
        let mut draws = crate::test_draws::Draws::new(0x2545_f491_4f6c_dd1d);
        let mut next = |bound| draws.below(bound);
        for _ in 0..3000 {
            let lists = next(6);
            let runs: Vec<TagRun> = (0..lists)
                .map(|_| {
                    let len = next(40);
                    let range = 1 + next(80);
                    let mut positions: Vec<usize> = (0..len).map(|_| next(range)).collect();
                    // Half the runs hold each position once, as most sites' do: counted
                    // with their bits.
                    if next(2) == 0 {
                        positions.sort_unstable();
                        positions.dedup();
                    }
                    run(&positions)
                })
                .collect();
            let refs: Vec<&TagRun> = runs.iter().collect();
            let skip = (next(2) == 0).then(|| next(80));
            let n = 1 + next(7);
            assert_eq!(
                most_shared(&refs, skip, n),
                naive(&refs, skip, n),
                "{runs:?} skip {skip:?} n {n}"
            );
            // What `related_ids` relies on to share one answer among the pages of a tag
            // set: one more without the page, then the page left out.
            let shared: Vec<usize> = most_shared(&refs, None, n + 1)
                .into_iter()
                .filter(|&p| Some(p) != skip)
                .take(n)
                .collect();
            assert_eq!(
                shared,
                naive(&refs, skip, n),
                "{runs:?} skip {skip:?} n {n}"
            );
        }
    }
}
