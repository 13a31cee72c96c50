//! Memos: values an earlier build computed, found again by the fingerprint of everything
//! they were computed from.
//!
//! A [`Memo`] answers for one kind of value. It holds what the last good build computed
//! or used (`previous`, each entry marked when this build uses it) and collects what this
//! build computes (`next`), so that an entry no build asks for any more is dropped after
//! one build instead of piling up for the whole `serve` session. The key must cover every
//! input of the computation: a memo is only as correct as its key.
//!
//! A memo asked for one value per item of a list that rarely changes between builds (a
//! job per output file, a check per text) is asked [`Memo::in_order`]: it also keeps the
//! last good build's values by their place in that list, and a build that asks for the
//! same key at the same place finds it there, in order, without a lookup in the map of
//! tens of thousands of entries, whose misses of the processor's caches were most of what
//! an unchanged file cost. A key at another place (a page was added before it) is looked
//! up in the map as before: the place is a hint, the key decides.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};

use crate::fingerprint::Fingerprint;

/// A map by fingerprint: the keys are hashes already, so a fast hasher is enough.
type ByFingerprint<V> = HashMap<Fingerprint, V, foldhash::fast::RandomState>;

/// What one build found or computed at each place, set once from any thread.
type ByPlace<V> = Box<[OnceLock<Place<V>>]>;

/// What a build found or computed at one place of a memo asked in order.
#[derive(Debug)]
enum Place<V> {
    /// The last good build's value at the same place, which the next build keeps there
    /// without this build having copied it.
    Same,
    /// A value found elsewhere or computed, with its key.
    New(Fingerprint, V),
}

/// Values of one kind by the fingerprint of their inputs.
#[derive(Debug)]
pub(crate) struct Memo<V> {
    /// What the last good build computed or used, each marked once this build uses it:
    /// a hit takes no lock.
    previous: ByFingerprint<(V, AtomicBool)>,
    /// What the last good build asked [`Memo::in_order`] found or computed, by place.
    previous_at: Vec<Option<(Fingerprint, V)>>,
    /// What this build computed.
    next: Mutex<ByFingerprint<V>>,
    /// What this build asked in order found or computed, by place.
    next_at: OnceLock<ByPlace<V>>,
    /// Whether this build took values that stand for this memo's entries without asking
    /// it ([`Memo::carry`]).
    carried: AtomicBool,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo {
            previous: ByFingerprint::default(),
            previous_at: Vec::new(),
            next: Mutex::new(ByFingerprint::default()),
            next_at: OnceLock::new(),
            carried: AtomicBool::new(false),
        }
    }
}

/// A [`Memo`] asked once for each of `count` places, in any order of threads
/// ([`Memo::in_order`]).
#[derive(Debug)]
pub(crate) struct InOrder<'m, V> {
    memo: &'m Memo<V>,
    /// This build's values by place; `None` when the memo was already asked in order
    /// with another count in this build (then places are not kept).
    places: Option<&'m [OnceLock<Place<V>>]>,
}

impl<'m, V: Clone> InOrder<'m, V> {
    /// The earlier build's value with inputs `key`, asked for place `at`, if it is
    /// `usable`: first at the same place in the last build, else by key.
    pub(crate) fn get_if(
        &self,
        at: usize,
        key: Fingerprint,
        usable: impl FnOnce(&V) -> bool,
    ) -> Option<V> {
        if let Some(Some((same, value))) = self.memo.previous_at.get(at)
            && *same == key
        {
            return usable(value).then(|| {
                self.set(at, Place::Same);
                value.clone()
            });
        }
        let value = self.memo.get_if(key, usable)?;
        self.set(at, Place::New(key, value.clone()));
        Some(value)
    }

    /// The earlier build's value with inputs `key`, asked for place `at`.
    pub(crate) fn get(&self, at: usize, key: Fingerprint) -> Option<V> {
        self.get_if(at, key, |_| true)
    }

    /// The last good build's value at place `at`, only if it has inputs `key` and is
    /// `usable`: borrowed, not copied, and kept there for the next build.
    pub(crate) fn same_if(
        &self,
        at: usize,
        key: Fingerprint,
        usable: impl FnOnce(&V) -> bool,
    ) -> Option<&'m V> {
        match self.memo.previous_at.get(at) {
            Some(Some((same, value))) if *same == key && usable(value) => {
                self.set(at, Place::Same);
                Some(value)
            }
            _ => None,
        }
    }

    /// The last good build's value at place `at`, whatever its key.
    pub(crate) fn last_at(&self, at: usize) -> Option<&'m V> {
        self.memo
            .previous_at
            .get(at)?
            .as_ref()
            .map(|(_, value)| value)
    }

    /// The value with inputs `key` for place `at`: the earlier build's when it has one,
    /// else `compute`'s. Either way it is kept for the next build.
    pub(crate) fn get_or(&self, at: usize, key: Fingerprint, compute: impl FnOnce() -> V) -> V {
        self.get(at, key).unwrap_or_else(|| {
            let value = compute();
            self.insert(at, key, value.clone());
            value
        })
    }

    /// Keeps `value`, computed from inputs `key` for place `at`, for the next build.
    pub(crate) fn insert(&self, at: usize, key: Fingerprint, value: V) {
        self.set(at, Place::New(key, value.clone()));
        self.memo.insert(key, value);
    }

    fn set(&self, at: usize, place: Place<V>) {
        if let Some(slot) = self.places.and_then(|places| places.get(at)) {
            let _ = slot.set(place);
        }
    }
}

impl<V: Clone> Memo<V> {
    /// The value with inputs `key`: the earlier build's or this build's when either has
    /// one, else `compute`'s. Either way it is kept for the next build.
    pub(crate) fn get_or(&self, key: Fingerprint, compute: impl FnOnce() -> V) -> V {
        if let Some(value) = self.get(key) {
            return value;
        }
        let made = self
            .next
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .cloned();
        made.unwrap_or_else(|| {
            let value = compute();
            self.insert(key, value.clone());
            value
        })
    }

    /// The earlier build's value with inputs `key`, kept for the next build.
    pub(crate) fn get(&self, key: Fingerprint) -> Option<V> {
        self.get_if(key, |_| true)
    }

    /// The earlier build's value with inputs `key` if it is `usable`, kept for the next
    /// build only then.
    pub(crate) fn get_if(&self, key: Fingerprint, usable: impl FnOnce(&V) -> bool) -> Option<V> {
        let (value, used) = self.previous.get(&key)?;
        if !usable(value) {
            return None;
        }
        if !used.load(Ordering::Relaxed) {
            used.store(true, Ordering::Relaxed);
        }
        Some(value.clone())
    }

    /// Keeps `value`, computed from inputs `key`, for the next build.
    pub(crate) fn insert(&self, key: Fingerprint, value: V) {
        self.next
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, value);
    }

    /// This memo as asked once for each of `count` places (the jobs of a build, say), for
    /// the next build to find each value at its place without a lookup by key.
    pub(crate) fn in_order(&self, count: usize) -> InOrder<'_, V> {
        let places = self
            .next_at
            .get_or_init(|| (0..count).map(|_| OnceLock::new()).collect());
        InOrder {
            memo: self,
            places: (places.len() == count).then_some(&**places),
        }
    }

    /// Notes that this build took values standing for this memo's entries from a memo
    /// built on it (the bodies of every unchanged page from the last build's page work,
    /// say) without asking it: a good build then keeps every entry it was offered, not
    /// only those it asked for, so that a later build that does ask still finds them.
    pub(crate) fn carry(&self) {
        self.carried.store(true, Ordering::Relaxed);
    }

    /// How many values the memo offers.
    pub(crate) fn len(&self) -> usize {
        self.previous.len()
    }

    /// The memo for the build after a good one: what this build used of the earlier
    /// values, and what it computed.
    pub(crate) fn used(self) -> Memo<V> {
        let mut previous = self.previous;
        // Keeps the used values (all of them when carried), unmarked again.
        let carried = self.carried.into_inner();
        previous.retain(|_, (_, used)| std::mem::take(used.get_mut()) || carried);
        let made = self
            .next
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        previous.extend(
            made.into_iter()
                .map(|(key, value)| (key, (value, AtomicBool::new(false)))),
        );
        // A value found at its place was not marked in the map: it stays by key too, for
        // a build that asks for it at another place.
        let mut last_at = self.previous_at;
        let previous_at: Vec<_> = match self.next_at.into_inner() {
            Some(places) => places
                .into_vec()
                .into_iter()
                .enumerate()
                .map(|(at, place)| match place.into_inner()? {
                    Place::Same => last_at.get_mut(at)?.take(),
                    Place::New(key, value) => Some((key, value)),
                })
                .collect(),
            None => Vec::new(),
        };
        for (key, value) in previous_at.iter().flatten() {
            previous
                .entry(*key)
                .or_insert_with(|| (value.clone(), AtomicBool::new(false)));
        }
        Memo {
            previous,
            previous_at,
            next: Mutex::default(),
            next_at: OnceLock::new(),
            carried: AtomicBool::new(false),
        }
    }

    /// The memo for the build after a failed one: what this build was offered.
    pub(crate) fn offered(self) -> Memo<V> {
        let mut previous = self.previous;
        for (_, used) in previous.values_mut() {
            *used.get_mut() = false;
        }
        Memo {
            previous,
            previous_at: self.previous_at,
            next: Mutex::default(),
            next_at: OnceLock::new(),
            carried: AtomicBool::new(false),
        }
    }
}

/// `compute`'s value, found in `memo` by `key` when there is a memo (a build of the
/// incremental engine); without one, `key` is not even computed.
pub(crate) fn memoized<V: Clone>(
    memo: Option<&Memo<V>>,
    key: impl FnOnce() -> Fingerprint,
    compute: impl FnOnce() -> V,
) -> V {
    match memo {
        Some(memo) => memo.get_or(key(), compute),
        None => compute(),
    }
}

#[cfg(test)]
mod tests {
    use super::Memo;
    use crate::fingerprint::Fingerprint;

    #[test]
    fn a_value_is_computed_once_and_kept_only_while_used() {
        let (a, b) = (Fingerprint(1), Fingerprint(2));
        let first: Memo<u32> = Memo::default();
        assert_eq!(first.get_or(a, || 10), 10);
        assert_eq!(first.get_or(b, || 20), 20);
        let second = first.used();
        assert_eq!(
            second.get_or(a, || unreachable!("kept from the first build")),
            10
        );
        let third = second.used();
        assert_eq!(
            third.get_or(b, || 21),
            21,
            "b was not used by the second build"
        );
    }

    #[test]
    fn a_carried_memo_keeps_what_it_was_not_asked_for() {
        let (a, b) = (Fingerprint(1), Fingerprint(2));
        let first: Memo<u32> = Memo::default();
        first.get_or(a, || 10);
        first.get_or(b, || 20);
        let second = first.used();
        second.get_or(a, || unreachable!());
        second.carry();
        let third = second.used();
        assert_eq!(third.get_or(b, || unreachable!("carried")), 20);
        // Carrying lasts one build.
        let fourth = third.used();
        assert_eq!(fourth.get_or(a, || 11), 11);
    }

    #[test]
    fn a_value_asked_in_order_is_found_at_its_place_or_by_key() {
        let (a, b, c) = (Fingerprint(1), Fingerprint(2), Fingerprint(3));
        let first: Memo<u32> = Memo::default();
        let asked = first.in_order(2);
        asked.insert(0, a, 10);
        asked.insert(1, b, 20);
        let second = first.used();
        let asked = second.in_order(3);
        // `a` moved one place on, `c` is new where `a` was: each is found by its key.
        assert_eq!(asked.get_if(1, a, |_| true), Some(10));
        assert_eq!(asked.get_if(0, c, |_| true), None);
        asked.insert(0, c, 30);
        // A value found at its place but unusable is not taken.
        assert_eq!(asked.get_if(2, b, |&v| v != 20), None);
        let third = second.used();
        let asked = third.in_order(2);
        assert_eq!(asked.get_if(0, c, |_| true), Some(30));
        assert_eq!(asked.get_if(1, a, |_| true), Some(10));
        // `b` was found by no build since the first: dropped.
        assert_eq!(third.in_order(2).get_if(1, b, |_| true), None);
        // Found at their places, the values stay there without being copied.
        let fourth = third.used();
        let asked = fourth.in_order(2);
        assert_eq!(asked.same_if(0, c, |_| true), Some(&30));
        assert_eq!(asked.same_if(1, b, |_| true), None, "another key");
        assert_eq!(asked.last_at(1), Some(&10));
    }

    #[test]
    fn a_failed_build_keeps_what_was_offered() {
        let first: Memo<u32> = Memo::default();
        first.get_or(Fingerprint(1), || 10);
        let failed = first.used();
        let again = failed.offered();
        assert_eq!(again.get_or(Fingerprint(1), || unreachable!()), 10);
    }
}
