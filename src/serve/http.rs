//! The wire side of `dilmanc serve`: a request head read into a buffer of fixed size and
//! parsed by httparse, and a response written back. Nothing here knows about the site.
//!
//! The buffer never grows: a head that does not fit is refused (431) after at most
//! [`MAX_HEAD`] bytes have been read, however much the client sends.

use std::borrow::Cow;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// The most bytes a request line and its headers may take together.
pub(super) const MAX_HEAD: usize = 16 * 1024;
/// The most header lines a request may have.
const MAX_HEADERS: usize = 64;
/// After a refusal, how long what the client still sends is read and dropped, so that it can
/// read the answer before the connection is reset.
const LINGER_TIME: Duration = Duration::from_secs(1);
/// ... and how many bytes at most.
const LINGER_BYTES: usize = 16 * 1024 * 1024;

/// Why no request head could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum HeadError {
    /// The client closed the connection before sending anything: the normal end of a
    /// kept-alive connection.
    Closed,
    /// The client closed the connection in the middle of a head.
    Truncated,
    /// The head does not fit in [`MAX_HEAD`] bytes, or has more than [`MAX_HEADERS`] lines.
    TooLarge,
    /// The head is not an HTTP/1.x request head; httparse's reason.
    Malformed(String),
    /// The head names a version other than HTTP/1.0 and HTTP/1.1.
    Version,
    /// The client was too slow; `started` tells whether part of a head had arrived.
    TimedOut {
        /// Whether any byte of the head had arrived.
        started: bool,
    },
    /// The connection failed.
    Failed,
}

/// The parts of a request head the server looks at, copied out of the buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Head {
    /// The method, as sent (`GET`).
    pub(super) method: String,
    /// The request target, as sent (`/en/press/?page=2`).
    pub(super) target: String,
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    pub(super) minor_version: u8,
    /// Every header: the name in lower case, the value trimmed (bytes that are not UTF-8
    /// replaced).
    pub(super) headers: Vec<(String, String)>,
}

impl Head {
    /// The values of every header called `name` (lower case).
    pub(super) fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.headers
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A connection's input buffer: at most [`MAX_HEAD`] bytes, holding the head being read and
/// whatever the client sent after it (the next request of a pipelining client).
pub(super) struct HeadBuffer {
    bytes: Vec<u8>,
    filled: usize,
}

impl HeadBuffer {
    /// An empty buffer of [`MAX_HEAD`] bytes.
    pub(super) fn new() -> HeadBuffer {
        HeadBuffer {
            bytes: vec![0; MAX_HEAD],
            filled: 0,
        }
    }

    /// Whether no byte of a next request has arrived yet.
    pub(super) fn is_empty(&self) -> bool {
        self.filled == 0
    }

    /// Reads from `input` until the buffer holds a complete head, and takes that head out,
    /// keeping the bytes after it. Fails as soon as the buffer is full without a complete head.
    pub(super) fn read_head(&mut self, input: &mut impl Read) -> Result<Head, HeadError> {
        let mut unscanned = 0;
        loop {
            // A head ends with an empty line: parse only when a line has ended since last time.
            if self.bytes[unscanned..self.filled].contains(&b'\n')
                && let Some((head, used)) = parse(&self.bytes[..self.filled])?
            {
                self.bytes.copy_within(used..self.filled, 0);
                self.filled -= used;
                return Ok(head);
            }
            unscanned = self.filled;
            if self.filled == self.bytes.len() {
                return Err(HeadError::TooLarge);
            }
            match input.read(&mut self.bytes[self.filled..]) {
                Ok(0) if self.filled == 0 => return Err(HeadError::Closed),
                Ok(0) => return Err(HeadError::Truncated),
                Ok(read) => self.filled += read,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    return Err(HeadError::TimedOut {
                        started: self.filled > 0,
                    });
                }
                Err(_) => return Err(HeadError::Failed),
            }
        }
    }
}

/// The head at the start of `bytes` and its length, or `None` while it is incomplete.
fn parse(bytes: &[u8]) -> Result<Option<(Head, usize)>, HeadError> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    let used = match request.parse(bytes) {
        Ok(httparse::Status::Complete(used)) => used,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(HeadError::TooLarge),
        Err(httparse::Error::Version) => return Err(HeadError::Version),
        Err(e) => return Err(HeadError::Malformed(e.to_string())),
    };
    let head = Head {
        method: request.method.unwrap_or_default().to_owned(),
        target: request.path.unwrap_or_default().to_owned(),
        minor_version: request.version.unwrap_or_default(),
        headers: request
            .headers
            .iter()
            .map(|h| {
                (
                    h.name.to_ascii_lowercase(),
                    String::from_utf8_lossy(h.value).trim().to_owned(),
                )
            })
            .collect(),
    };
    Ok(Some((head, used)))
}

/// A connection whose reads give up at a fixed instant, however the bytes trickle in.
pub(super) struct Deadline<'a> {
    stream: &'a TcpStream,
    at: Instant,
}

impl<'a> Deadline<'a> {
    /// Reads from `stream` until `timeout` from now.
    pub(super) fn new(stream: &'a TcpStream, timeout: Duration) -> Deadline<'a> {
        Deadline {
            stream,
            at: Instant::now() + timeout,
        }
    }
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.at.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        (&mut &*self.stream).read(buf)
    }
}

/// A response: status, headers and body. `Content-Length` and `Connection` are added when
/// it is written.
#[derive(Debug)]
pub(super) struct Response<'a> {
    /// The status code.
    pub(super) status: u16,
    /// Headers other than `Content-Length` and `Connection`.
    pub(super) headers: Vec<(&'static str, String)>,
    /// The body (not sent in answer to HEAD).
    pub(super) body: Cow<'a, [u8]>,
}

impl<'a> Response<'a> {
    /// A response with a body of `content_type`, never to be cached: the preview changes
    /// with every build.
    pub(super) fn new(
        status: u16,
        content_type: &str,
        body: impl Into<Cow<'a, [u8]>>,
    ) -> Response<'a> {
        Response {
            status,
            headers: vec![
                ("Content-Type", content_type.to_owned()),
                ("Cache-Control", "no-store".to_owned()),
            ],
            body: body.into(),
        }
    }

    /// A plain-text response of one line.
    pub(super) fn text(status: u16, line: &str) -> Response<'a> {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{line}\n").into_bytes(),
        )
    }

    /// The response with one more header.
    pub(super) fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Writes the response; the head only when `head_only` (an answer to HEAD), and says
    /// whether the connection stays open.
    pub(super) fn write_to(
        &self,
        out: &mut impl Write,
        head_only: bool,
        keep_alive: bool,
    ) -> io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            // A value never carries a line break into the head, whatever the request held.
            let value: String = value.chars().filter(|c| !c.is_control()).collect();
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: {}\r\n\r\n",
            self.body.len(),
            if keep_alive { "keep-alive" } else { "close" }
        ));
        let mut bytes = head.into_bytes();
        if !head_only {
            bytes.extend_from_slice(&self.body);
        }
        out.write_all(&bytes)?;
        out.flush()
    }
}

/// The reason phrase of every status the server sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// Ends a connection after a response, when the client may still be sending: the response
/// goes out followed by the end of the stream, and what arrives meanwhile is read and
/// dropped for a moment ([`LINGER_TIME`], [`LINGER_BYTES`] at most), so that the client can
/// read the answer before the connection is reset. Never holds more than a small buffer.
pub(super) fn close_gently(stream: &TcpStream) {
    if stream.shutdown(Shutdown::Write).is_err() {
        return;
    }
    let mut input = Deadline::new(stream, LINGER_TIME);
    let mut sink = [0; 8192];
    let mut dropped = 0;
    while dropped < LINGER_BYTES {
        match input.read(&mut sink) {
            Ok(0) => return,
            Ok(read) => dropped += read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads what `input` holds as one head.
    fn head_of(input: &[u8]) -> Result<Head, HeadError> {
        HeadBuffer::new().read_head(&mut &input[..])
    }

    /// A reader that hands out `data` a few bytes at a time, counting what it gave.
    struct Trickle<R> {
        inner: R,
        chunk: usize,
        given: usize,
    }

    impl<R: Read> Read for Trickle<R> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let len = buf.len().min(self.chunk);
            let read = self.inner.read(&mut buf[..len])?;
            self.given += read;
            Ok(read)
        }
    }

    #[test]
    fn a_head_is_parsed_and_the_next_request_kept() {
        let mut buffer = HeadBuffer::new();
        let mut input: &[u8] =
            b"GET /a?x=1 HTTP/1.1\r\nHost: 127.0.0.1:1111\r\nX-Two:  b \r\n\r\nHEAD / HTTP/1.0\r\n\r\n";
        let head = buffer.read_head(&mut input).unwrap();
        assert_eq!(head.method, "GET");
        assert_eq!(head.target, "/a?x=1");
        assert_eq!(head.minor_version, 1);
        assert_eq!(head.values("host").collect::<Vec<_>>(), ["127.0.0.1:1111"]);
        assert_eq!(head.values("x-two").collect::<Vec<_>>(), ["b"]);
        assert!(!buffer.is_empty());
        let next = buffer.read_head(&mut input).unwrap();
        assert_eq!((next.method.as_str(), next.minor_version), ("HEAD", 0));
        assert!(buffer.is_empty());
        assert_eq!(buffer.read_head(&mut input), Err(HeadError::Closed));
    }

    #[test]
    fn a_head_trickling_in_byte_by_byte_is_read() {
        let data = b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
        let mut input = Trickle {
            inner: &data[..],
            chunk: 1,
            given: 0,
        };
        let head = HeadBuffer::new().read_head(&mut input).unwrap();
        assert_eq!(head.target, "/");
    }

    #[test]
    fn an_endless_head_is_refused_after_the_cap_and_no_more_is_read() {
        let mut prefix = b"GET / HTTP/1.1\r\nX-Big: ".to_vec();
        prefix.extend(std::iter::repeat_n(b'a', 1024 * 1024));
        for chunk in [1, 1000, MAX_HEAD, 1 << 20] {
            let mut input = Trickle {
                inner: &prefix[..],
                chunk,
                given: 0,
            };
            let result = HeadBuffer::new().read_head(&mut input);
            assert_eq!(result, Err(HeadError::TooLarge), "chunk {chunk}");
            assert_eq!(input.given, MAX_HEAD, "chunk {chunk}");
        }
        // An endless stream of empty lines, which httparse skips, meets the same cap.
        let mut lines = Trickle {
            inner: io::repeat(b'\n'),
            chunk: 4096,
            given: 0,
        };
        assert_eq!(
            HeadBuffer::new().read_head(&mut lines),
            Err(HeadError::TooLarge)
        );
        assert_eq!(lines.given, MAX_HEAD);
    }

    #[test]
    fn a_head_just_under_the_cap_is_read_and_one_just_over_is_not() {
        let start = "GET / HTTP/1.1\r\nX-Pad: ";
        let end = "\r\n\r\n";
        let fits = format!(
            "{start}{}{end}",
            "p".repeat(MAX_HEAD - start.len() - end.len())
        );
        assert_eq!(fits.len(), MAX_HEAD);
        assert!(head_of(fits.as_bytes()).is_ok());
        let over = format!(
            "{start}{}{end}",
            "p".repeat(MAX_HEAD - start.len() - end.len() + 1)
        );
        assert_eq!(head_of(over.as_bytes()), Err(HeadError::TooLarge));
    }

    #[test]
    fn too_many_headers_count_as_too_large() {
        let mut text = "GET / HTTP/1.1\r\n".to_owned();
        for i in 0..=MAX_HEADERS {
            text.push_str(&format!("X-{i}: v\r\n"));
        }
        text.push_str("\r\n");
        assert_eq!(head_of(text.as_bytes()), Err(HeadError::TooLarge));
    }

    #[test]
    fn broken_heads_are_told_apart() {
        assert!(matches!(
            head_of(b"GET / HTTP/1.1\r\nNo colon here\r\n\r\n"),
            Err(HeadError::Malformed(_))
        ));
        assert!(matches!(
            head_of(b"\x00\x01\x02 garbage\r\n\r\n"),
            Err(HeadError::Malformed(_))
        ));
        assert_eq!(head_of(b"GET / HTTP/2.0\r\n\r\n"), Err(HeadError::Version));
        assert_eq!(
            head_of(b"GET / HTTP/1.1\r\nHost: x"),
            Err(HeadError::Truncated)
        );
        assert_eq!(head_of(b""), Err(HeadError::Closed));
        // Bytes that are not UTF-8 in a header value are replaced, not a failure.
        let head = head_of(b"GET / HTTP/1.1\r\nX-Bin: a\xffb\r\n\r\n").unwrap();
        assert_eq!(head.values("x-bin").next(), Some("a\u{fffd}b"));
    }

    #[test]
    fn a_slow_client_is_told_apart_from_a_silent_one() {
        struct Slow<'a>(&'a [u8]);
        impl Read for Slow<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.0.is_empty() {
                    return Err(io::ErrorKind::WouldBlock.into());
                }
                self.0.read(buf)
            }
        }
        assert_eq!(
            HeadBuffer::new().read_head(&mut Slow(b"GET / HT")),
            Err(HeadError::TimedOut { started: true })
        );
        assert_eq!(
            HeadBuffer::new().read_head(&mut Slow(b"")),
            Err(HeadError::TimedOut { started: false })
        );
    }

    #[test]
    fn responses_carry_length_and_connection_and_no_line_breaks_from_values() {
        let response =
            Response::text(404, "Not found").with_header("Location", "/a\r\nSet-Cookie: x");
        let mut out = Vec::new();
        response.write_to(&mut out, false, true).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 404 Not Found\r\n"), "{text}");
        assert!(text.contains("Location: /aSet-Cookie: x\r\n"), "{text}");
        assert!(text.contains("Cache-Control: no-store\r\n"), "{text}");
        assert!(text.contains("Content-Length: 10\r\nConnection: keep-alive\r\n\r\n"));
        assert!(text.ends_with("\r\n\r\nNot found\n"), "{text}");

        let mut head_only = Vec::new();
        response.write_to(&mut head_only, true, false).unwrap();
        let text = String::from_utf8(head_only).unwrap();
        assert!(text.ends_with("Content-Length: 10\r\nConnection: close\r\n\r\n"));
    }
}
