//! Exchange files are UTF-8: the bytes of one read as text, or an error at the line and
//! byte of the first that is not UTF-8, saying how to save the file.

use std::path::Path;

use crate::error::{Error, Location, Result};

/// The text of the exchange file `path`, whose bytes are `bytes`.
pub(crate) fn text(path: &Path, bytes: Vec<u8>) -> Result<String> {
    let error = match String::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(error) => error,
    };
    let bytes = error.as_bytes();
    let help = "save the file as UTF-8 in the translation tool (or convert it, e.g. iconv -f UTF-16 -t UTF-8), then import it again";
    // A byte-order mark of UTF-16: the whole file is in another encoding.
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Error::new(
            "the file is UTF-16 (it starts with a UTF-16 byte-order mark); exchange files are UTF-8",
        )
        .at(location(path, 1, 1))
        .with_help(help)
        .into());
    }
    let offset = error.utf8_error().valid_up_to();
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    // Characters before it on its line (all valid UTF-8).
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Err(Error::new(format!(
        "the file is not UTF-8: at byte offset {offset}, 0x{:02X} starts no valid UTF-8 character",
        bytes[offset]
    ))
    .at(location(path, line, column))
    .with_help(help)
    .into())
}

fn location(path: &Path, line: usize, column: usize) -> Location {
    Location {
        path: path.to_path_buf(),
        line: Some(line),
        column: Some(column),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_invalid_byte_is_located() {
        let path = Path::new("en.po");
        assert_eq!(text(path, b"ok\n".to_vec()).unwrap(), "ok\n");
        let errors = text(path, b"msgid \"\"\nmsgstr \"\xe7ok\"\n".to_vec()).unwrap_err();
        let error = errors.iter().next().unwrap();
        assert_eq!(error.location().unwrap().to_string(), "en.po:2:9");
        assert!(
            error.message().contains("byte offset 17, 0xE7"),
            "{}",
            error.message()
        );
        let errors = text(path, b"\xff\xfe<\x00".to_vec()).unwrap_err();
        let error = errors.iter().next().unwrap();
        assert!(error.message().contains("UTF-16"), "{}", error.message());
    }
}
