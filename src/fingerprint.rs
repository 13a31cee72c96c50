//! Fingerprints: 128-bit hashes (xxh3) of what an output is computed from, so that the
//! incremental engine ([`crate::engine`]) can tell an unchanged input from a changed one.
//!
//! They live only in memory, within one process: nothing here is written to disk, so the
//! exact bytes hashed for a value may change between versions of dilmanc.

use std::hash::{Hash, Hasher};

/// The hash of some inputs. Equal fingerprints mean equal inputs (a collision among the
/// few hundred thousand values of a site has odds of about 2⁻⁹⁰).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Fingerprint(pub u128);

impl Fingerprint {
    /// The fingerprint of a byte string (a file's text).
    pub fn of_bytes(bytes: &[u8]) -> Fingerprint {
        Fingerprint(xxhash_rust::xxh3::xxh3_128(bytes))
    }
}

/// Builds a [`Fingerprint`] from parts, each added with [`Hash`] or, for values that
/// only know how to serialise or print themselves, as JSON or as their `Debug` text.
///
/// The parts are laid side by side and hashed at once when finished: a build makes a
/// fingerprint of every page and every file, each of a few dozen small parts, and
/// appending them is cheaper than feeding a streaming hasher part by part. Past
/// `Parts::SPILL` bytes (the texts of a whole search index), they go to a streaming
/// hasher in blocks, so that no fingerprint holds its whole input; xxh3 gives the same
/// hash either way.
#[derive(Clone)]
pub struct Fingerprinter(Parts);

/// The bytes of the parts added since the last block was hashed, as [`Hash`] writes
/// them, and the hash of the blocks before, once there are any.
#[derive(Clone)]
struct Parts {
    bytes: Vec<u8>,
    blocks: Option<Box<xxhash_rust::xxh3::Xxh3Default>>,
}

impl Parts {
    /// How many bytes are laid side by side before they are hashed as a block.
    const SPILL: usize = 64 * 1024;

    /// The 128-bit hash of everything written.
    fn digest(&self) -> u128 {
        match &self.blocks {
            None => xxhash_rust::xxh3::xxh3_128(&self.bytes),
            Some(blocks) => {
                let mut all = blocks.clone();
                all.update(&self.bytes);
                all.digest128()
            }
        }
    }
}

impl Hasher for Parts {
    fn write(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
        if self.bytes.len() >= Parts::SPILL {
            self.blocks
                .get_or_insert_with(|| Box::new(xxhash_rust::xxh3::Xxh3Default::new()))
                .update(&self.bytes);
            self.bytes.clear();
        }
    }

    /// A 64-bit digest, for the `Hasher` contract; fingerprints use the 128 bits of
    /// [`Fingerprinter::finish`].
    fn finish(&self) -> u64 {
        self.digest() as u64
    }
}

impl Fingerprinter {
    /// An empty fingerprinter; `kind` names what is fingerprinted, so that two kinds of
    /// output with the same parts still differ.
    pub fn new(kind: &str) -> Fingerprinter {
        let mut fingerprinter = Fingerprinter(Parts {
            bytes: Vec::with_capacity(512),
            blocks: None,
        });
        fingerprinter.add(kind);
        fingerprinter
    }

    /// Adds a part.
    pub fn add<T: Hash + ?Sized>(&mut self, part: &T) -> &mut Self {
        part.hash(&mut self.0);
        self
    }

    /// Adds a path as its bytes: [`Hash`] of a `Path` parses its components, which costs
    /// more than the bytes do on every page of every build.
    pub fn add_path(&mut self, path: &std::path::Path) -> &mut Self {
        self.add(path.as_os_str().as_encoded_bytes())
    }

    /// Adds a part as its JSON serialisation (the views given to templates).
    pub fn add_json<T: serde::Serialize + ?Sized>(&mut self, part: &T) -> &mut Self {
        // Writing into a hasher cannot fail; a value that cannot serialise adds a marker.
        if serde_json::to_writer(&mut *self, part).is_err() {
            self.add("unserialisable");
        }
        self.0.write_u8(0xfe);
        self
    }

    /// Adds a part as its `Debug` text (configuration and typed front matter tables).
    pub fn add_debug<T: std::fmt::Debug + ?Sized>(&mut self, part: &T) -> &mut Self {
        use std::fmt::Write as _;
        let _ = write!(self, "{part:?}");
        self.0.write_u8(0xfd);
        self
    }

    /// The fingerprint of everything added.
    pub fn finish(&self) -> Fingerprint {
        Fingerprint(self.0.digest())
    }
}

impl std::io::Write for Fingerprinter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl std::fmt::Write for Fingerprinter {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.0.write(text.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_their_boundaries_count() {
        let of = |parts: &[&str]| {
            let mut f = Fingerprinter::new("test");
            for part in parts {
                f.add(*part);
            }
            f.finish()
        };
        assert_eq!(of(&["ab", "c"]), of(&["ab", "c"]));
        assert_ne!(of(&["ab", "c"]), of(&["a", "bc"]));
        assert_ne!(
            Fingerprinter::new("a").finish(),
            Fingerprinter::new("b").finish()
        );
    }

    #[test]
    fn a_long_input_hashes_as_one_byte_string() {
        // Parts past the spill are hashed in blocks: the same bytes give the same
        // fingerprint however they were split, and it is xxh3 of all of them.
        let text = "ş".repeat(50_000);
        let mut whole = Fingerprinter::new("long");
        whole.add(text.as_bytes());
        let mut bytes = Vec::new();
        "long".hash(&mut Collect(&mut bytes));
        text.as_bytes().hash(&mut Collect(&mut bytes));
        assert_eq!(whole.finish(), Fingerprint::of_bytes(&bytes));
        let mut raw = Fingerprinter::new("long");
        for chunk in text.as_bytes().chunks(7) {
            std::hash::Hasher::write(&mut raw.0, chunk);
        }
        let mut expected = Vec::new();
        "long".hash(&mut Collect(&mut expected));
        expected.extend_from_slice(text.as_bytes());
        assert_eq!(raw.finish(), Fingerprint::of_bytes(&expected));
    }

    /// A hasher that keeps the bytes it is given.
    struct Collect<'a>(&'a mut Vec<u8>);

    impl Hasher for Collect<'_> {
        fn write(&mut self, bytes: &[u8]) {
            self.0.extend_from_slice(bytes);
        }

        fn finish(&self) -> u64 {
            0
        }
    }

    #[test]
    fn json_and_debug_parts_follow_the_value() {
        let mut a = Fingerprinter::new("x");
        a.add_json(&serde_json::json!({"title": "Bakı"}));
        let mut b = Fingerprinter::new("x");
        b.add_json(&serde_json::json!({"title": "Baki"}));
        assert_ne!(a.finish(), b.finish());
        let mut c = Fingerprinter::new("x");
        c.add_debug(&Some(3));
        let mut d = Fingerprinter::new("x");
        d.add_debug(&Some(3));
        assert_eq!(c.finish(), d.finish());
    }
}
