//! Typed indexes: ids that index one table (a `TiVec` of typed-index-collections) and no
//! other, so that a section id cannot index the pages, nor a bare number anything.

/// Declares a typed index: a `u32` that indexes one `TiVec` and no other.
macro_rules! typed_index {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u32);

        impl From<usize> for $name {
            fn from(index: usize) -> $name {
                $name(u32::try_from(index).expect("fewer than 2³² items"))
            }
        }

        impl From<$name> for usize {
            fn from(id: $name) -> usize {
                id.0 as usize
            }
        }
    };
}

pub(crate) use typed_index;
