//! A light Azerbaijani stemmer: case, possessive, plural and predicative suffixes come off
//! a word so that "pasportun", "pasportu" and "pasportlar" share the key of "pasport".
//!
//! It works on folded words (lowercase, marks dropped: "xidmətlərin" is "xidmetlerin"), so
//! a query typed without marks is stemmed the same way. Every rule is here and mirrored in
//! `themes/default/static/search.js` (`stemAz`); the table in the tests is the contract.
//!
//! The rules follow Azerbaijani morphophonology: a suffix that starts with a vowel
//! ("-in", "-u", "-a") follows a consonant, one with a buffer consonant ("-nin", "-nu",
//! "-ya", "-si") follows a vowel, and the others ("-lar", "-da", "-dan") follow anything.
//! Suffixes come off, longest first, until none fits or the stem would be shorter than three
//! letters. Then a final "g" (from "ğ") is "q" and "-liy"/"-luy" are "-lik"/"-luk", undoing
//! the consonant change before a vowel ("torpağı" → "torpaq", "nazirliyi" → "nazirlik").
//! Derivational suffixes ("-lik", "-çi") stay: they make other words.

/// Suffixes that follow anything.
const ANY: &[&str] = &[
    "lari", "leri", "masi", "mesi", "lar", "ler", "dan", "den", "dir", "dur", "maq", "mek", "da",
    "de", "la", "le",
];
/// Suffixes that follow a vowel.
const AFTER_VOWEL: &[&str] = &[
    "nin", "nun", "yla", "yle", "ni", "nu", "si", "su", "ya", "ye", "miz", "muz", "niz", "nuz",
];
/// Suffixes that follow a consonant.
const AFTER_CONSONANT: &[&str] = &[
    "imiz", "umuz", "iniz", "unuz", "in", "un", "im", "um", "a", "e", "i", "u",
];

/// The shortest stem, in letters.
const MIN_STEM: usize = 3;

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// The stem of a folded Azerbaijani word. Words with digits are left as they are.
pub(crate) fn stem(word: &str) -> String {
    if word.chars().any(|c| c.is_numeric()) {
        return word.to_owned();
    }
    let mut word = word.to_owned();
    while let Some(cut) = longest_suffix(&word) {
        word.truncate(cut);
    }
    if let Some(head) = word.strip_suffix('g') {
        word = format!("{head}q");
    }
    for (from, to) in [("liy", "lik"), ("luy", "luk")] {
        if let Some(head) = word.strip_suffix(from) {
            word = format!("{head}{to}");
        }
    }
    word
}

/// Where the longest suffix that may come off `word` starts.
fn longest_suffix(word: &str) -> Option<usize> {
    let letters = word.chars().count();
    let mut best: Option<usize> = None;
    let lists = [
        (ANY, None),
        (AFTER_VOWEL, Some(true)),
        (AFTER_CONSONANT, Some(false)),
    ];
    for (list, after_vowel) in lists {
        for suffix in list {
            let Some(head) = word.strip_suffix(suffix) else {
                continue;
            };
            if letters - suffix.len() < MIN_STEM {
                continue;
            }
            let before = head.chars().next_back().is_some_and(is_vowel);
            if after_vowel.is_some_and(|v| v != before) {
                continue;
            }
            if best.is_none_or(|b| head.len() < b) {
                best = Some(head.len());
            }
        }
    }
    best
}

#[cfg(test)]
pub(crate) mod tests {
    use super::stem;
    use crate::search::fold::Folder;

    /// Word → stem pairs (words as written; the stem is the folded key).
    pub(crate) const TABLE: &[(&str, &str)] = &[
        ("pasport", "pasport"),
        ("pasportun", "pasport"),
        ("pasportu", "pasport"),
        ("pasportlar", "pasport"),
        ("pasportların", "pasport"),
        ("pasportda", "pasport"),
        ("pasportdan", "pasport"),
        ("pasporta", "pasport"),
        ("pasportla", "pasport"),
        ("pasportunuz", "pasport"),
        ("pasportum", "pasport"),
        ("xidmət", "xidmet"),
        ("xidmətlərin", "xidmet"),
        ("xidməti", "xidmet"),
        ("xidmətin", "xidmet"),
        ("xidmətlər", "xidmet"),
        ("xidmətlərdən", "xidmet"),
        ("xidmətə", "xidmet"),
        ("xidmətdir", "xidmet"),
        ("şəhər", "seher"),
        ("şəhərdə", "seher"),
        ("şəhərlərin", "seher"),
        ("şəhərə", "seher"),
        ("vəsiqə", "vesiq"),
        ("vəsiqəsi", "vesiq"),
        ("vəsiqənin", "vesiq"),
        ("vəsiqəni", "vesiq"),
        ("vəsiqəyə", "vesiq"),
        ("vəsiqələr", "vesiq"),
        ("şəxsiyyət", "sexsiyyet"),
        ("şəxsiyyətin", "sexsiyyet"),
        ("vətəndaş", "vetendas"),
        ("vətəndaşlar", "vetendas"),
        ("vətəndaşların", "vetendas"),
        ("vətəndaşlara", "vetendas"),
        ("dövlət", "dovlet"),
        ("dövlətin", "dovlet"),
        ("dövlətə", "dovlet"),
        ("dövlətlə", "dovlet"),
        ("ailə", "ail"),
        ("ailəyə", "ail"),
        ("ailənin", "ail"),
        ("ailələr", "ail"),
        ("torpaq", "torpaq"),
        ("torpağı", "torpaq"),
        ("torpağın", "torpaq"),
        ("nazirlik", "nazirlik"),
        ("nazirliyi", "nazirlik"),
        ("nazirliyin", "nazirlik"),
        ("nazirlikdən", "nazirlik"),
        ("sənəd", "sened"),
        ("sənədlər", "sened"),
        ("sənədləri", "sened"),
        ("sənədlərin", "sened"),
        ("sənədləriniz", "sened"),
        ("ərizə", "eriz"),
        ("ərizəni", "eriz"),
        ("ərizələrin", "eriz"),
        ("müddət", "muddet"),
        ("müddəti", "muddet"),
        ("müddətində", "muddet"),
        ("icazə", "icaz"),
        ("İCAZƏ", "icaz"),
        ("icazəsi", "icaz"),
        ("ödəniş", "odenis"),
        ("ödənişlər", "odenis"),
        ("rüsum", "rus"),
        ("rüsumu", "rus"),
        ("mərkəz", "merkez"),
        ("mərkəzi", "merkez"),
        ("mərkəzlərində", "merkez"),
        ("İŞIQ", "isiq"),
        ("ışıqlar", "isiq"),
        ("itirilmiş", "itirilmis"),
        ("verilməsi", "veril"),
        ("verilmək", "veril"),
        ("ev", "ev"),
        ("evi", "evi"),
        ("2025", "2025"),
        ("ASAN", "asan"),
    ];

    #[test]
    fn stemmer_table() {
        assert!(TABLE.len() >= 60);
        let folder = Folder::new("az");
        let wrong: Vec<String> = TABLE
            .iter()
            .filter_map(|(word, want)| {
                let got = folder.key(word);
                (got != *want).then(|| format!("{word}: got {got}, want {want}"))
            })
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn stems_are_stable() {
        for (_, want) in TABLE {
            assert_eq!(stem(want), stem(&stem(want)), "{want}");
        }
    }
}
