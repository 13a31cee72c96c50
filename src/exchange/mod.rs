//! Translation exchange: `dilmanc l10n export` writes the translatable units of pages as
//! XLIFF 1.2 or gettext PO for translators' tools; `dilmanc l10n import` checks their work
//! and writes the translated pages (docs/translation.md).

pub mod rebuild;
pub mod tokens;
pub mod units;
