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
/// appending them is cheaper than feeding a streaming hasher part by part.
#[derive(Clone)]
pub struct Fingerprinter(Parts);

/// The bytes of the parts added so far, as [`Hash`] writes them.
#[derive(Clone)]
struct Parts(Vec<u8>);

impl Hasher for Parts {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    /// A 64-bit digest, for the `Hasher` contract; fingerprints use the 128 bits of
    /// [`Fingerprinter::finish`].
    fn finish(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(&self.0)
    }
}

impl Fingerprinter {
    /// An empty fingerprinter; `kind` names what is fingerprinted, so that two kinds of
    /// output with the same parts still differ.
    pub fn new(kind: &str) -> Fingerprinter {
        let mut fingerprinter = Fingerprinter(Parts(Vec::with_capacity(512)));
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
        Fingerprint::of_bytes(&self.0.0)
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
