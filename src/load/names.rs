//! File and folder names compared as text, whatever their Unicode encoding.
//!
//! A letter with a mark can be stored in a name composed (`Ş`, U+015E: NFC, what Linux and
//! Windows keyboards write) or decomposed (`S` + U+0327: NFD, what macOS writes, and what a
//! copy from a Mac keeps). The two print alike, so dilmanc compares names in NFC: a
//! translation `Şəhər.en.md` saved on a Mac belongs to `Şəhər.md` written elsewhere. Files
//! are still read under their names on disk, and errors show those names.

use std::borrow::Cow;
use std::path::Path;

use icu_normalizer::ComposingNormalizerBorrowed;

/// `text` in Unicode normalisation form C (composed).
pub(crate) fn nfc(text: &str) -> Cow<'_, str> {
    ComposingNormalizerBorrowed::new_nfc().normalize(text)
}

/// Whether `a` and `b` are different names that are the same text once normalised: they
/// differ only in how their letters are encoded.
pub(super) fn differ_only_in_encoding(a: &Path, b: &Path) -> bool {
    let (a, b) = (a.to_string_lossy(), b.to_string_lossy());
    a != b && nfc(&a) == nfc(&b)
}

/// `path` as an error shows it, marked with its encoding when that is NFD (decomposed).
pub(super) fn shown_with_encoding(path: &Path) -> String {
    let name = path.to_string_lossy();
    if ComposingNormalizerBorrowed::new_nfc().is_normalized(&name) {
        format!("{} (NFC, composed letters)", path.display())
    } else {
        format!("{} (NFD, decomposed letters)", path.display())
    }
}

/// The message and help for two files whose names differ only in encoding, where the
/// site can hold only one of them (`what` says what they both are).
pub(super) fn encoding_clash(a: &Path, b: &Path, what: &str) -> (String, String) {
    (
        format!(
            "{} and {} are {what}: their names differ only in how their letters are encoded (NFC vs NFD), which dilmanc does not tell apart",
            shown_with_encoding(a),
            shown_with_encoding(b)
        ),
        "rename one of them (type its name again on this computer, or give it another name), or merge the two into one file".to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composed_and_decomposed_names_are_one_name() {
        let composed = "press/2017-01-01-Şəhər.md";
        let decomposed = "press/2017-01-01-S\u{327}əhər.md";
        assert_ne!(composed, decomposed);
        assert_eq!(nfc(decomposed), composed);
        assert!(matches!(nfc(composed), Cow::Borrowed(_)));
        assert!(differ_only_in_encoding(
            Path::new(composed),
            Path::new(decomposed)
        ));
        assert!(!differ_only_in_encoding(
            Path::new(composed),
            Path::new(composed)
        ));
        assert!(shown_with_encoding(Path::new(decomposed)).contains("NFD"));
        assert!(shown_with_encoding(Path::new(composed)).contains("NFC"));
    }
}
