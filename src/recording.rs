//! What the rendering of one file asks for, recorded on its thread so that the incremental
//! engine can check on reuse that the answers still hold (the `url()` calls of its
//! templates, the templates it was rendered with).

use std::cell::RefCell;
use std::thread::LocalKey;

/// A thread's recording: `None` while nothing is being recorded.
pub(crate) type Recording<T> = RefCell<Option<Vec<T>>>;

/// Runs `run` (one file's rendering, on this thread) and returns what it recorded in
/// `key`. A recording already under way is put back afterwards.
pub(crate) fn recording<T: 'static, R>(
    key: &'static LocalKey<Recording<T>>,
    run: impl FnOnce() -> R,
) -> (R, Vec<T>) {
    let outer = key.with(|items| items.borrow_mut().replace(Vec::new()));
    let value = run();
    let recorded = key.with(|items| std::mem::replace(&mut *items.borrow_mut(), outer));
    (value, recorded.unwrap_or_default())
}

/// Adds to the recording in `key`, when one is under way, what `item` makes of the items
/// recorded so far (`None` adds nothing).
pub(crate) fn record<T: 'static>(
    key: &'static LocalKey<Recording<T>>,
    item: impl FnOnce(&[T]) -> Option<T>,
) {
    key.with(|items| {
        if let Some(items) = items.borrow_mut().as_mut()
            && let Some(new) = item(items)
        {
            items.push(new);
        }
    });
}
