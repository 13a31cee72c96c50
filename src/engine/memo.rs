//! Memos: values an earlier build computed, found again by the fingerprint of everything
//! they were computed from.
//!
//! A [`Memo`] answers for one kind of value. It holds what the last good build computed
//! (`previous`) and collects what this build uses (`next`), so that an entry no build asks
//! for any more is dropped after one build instead of piling up for the whole `serve`
//! session. The key must cover every input of the computation: a memo is only as correct
//! as its key.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use crate::fingerprint::Fingerprint;

/// Values of one kind by the fingerprint of their inputs.
#[derive(Debug)]
pub(crate) struct Memo<V> {
    previous: HashMap<Fingerprint, V>,
    next: Mutex<HashMap<Fingerprint, V>>,
}

impl<V> Default for Memo<V> {
    fn default() -> Self {
        Memo {
            previous: HashMap::new(),
            next: Mutex::new(HashMap::new()),
        }
    }
}

impl<V: Clone> Memo<V> {
    /// A memo that offers the values `previous` and starts collecting anew, with room
    /// for as many (a build mostly uses what the one before did).
    pub(crate) fn offering(previous: HashMap<Fingerprint, V>) -> Memo<V> {
        let next = HashMap::with_capacity(previous.len());
        Memo {
            previous,
            next: Mutex::new(next),
        }
    }

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
        let value = self.previous.get(&key)?.clone();
        self.insert(key, value.clone());
        Some(value)
    }

    /// Keeps `value`, computed from inputs `key`, for the next build.
    pub(crate) fn insert(&self, key: Fingerprint, value: V) {
        self.next
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, value);
    }

    /// What this build used, to offer to the next one.
    pub(crate) fn used(self) -> HashMap<Fingerprint, V> {
        self.next
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// What the earlier build offered, kept when this build failed.
    pub(crate) fn offered(self) -> HashMap<Fingerprint, V> {
        self.previous
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
        let second = Memo::offering(first.used());
        assert_eq!(
            second.get_or(a, || unreachable!("kept from the first build")),
            10
        );
        let third = Memo::offering(second.used());
        assert_eq!(
            third.get_or(b, || 21),
            21,
            "b was not used by the second build"
        );
    }

    #[test]
    fn a_failed_build_keeps_what_was_offered() {
        let first: Memo<u32> = Memo::default();
        first.get_or(Fingerprint(1), || 10);
        let failed = Memo::offering(first.used());
        let again = Memo::offering(failed.offered());
        assert_eq!(again.get_or(Fingerprint(1), || unreachable!()), 10);
    }
}
