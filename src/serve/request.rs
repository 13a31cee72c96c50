//! What `dilmanc serve` accepts of a parsed request head: the Host rule (the defence against
//! DNS rebinding), GET and HEAD only, and no request bodies.
//!
//! The Host rule: a page on another site can make a browser send requests to 127.0.0.1 by
//! pointing its own name at 127.0.0.1 (DNS rebinding); the browser then sends that name in
//! `Host` and lets the page read the answers. The server answers only requests for
//! `127.0.0.1`, `localhost` or `[::1]`, with its own port or no port, so such a page never
//! reads the preview.

use super::http::{Head, Response};

/// What a checked request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Method {
    /// The file, with its headers.
    Get,
    /// The headers only.
    Head,
}

/// A request the server will answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Request {
    /// GET or HEAD.
    pub(super) method: Method,
    /// The path with its query, always starting with `/`.
    pub(super) path: String,
    /// Whether the client wants the connection kept open after the answer.
    pub(super) keep_alive: bool,
}

/// A request the server refuses: the status and a line saying why. The connection is
/// closed after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Refusal {
    /// The status code.
    pub(super) status: u16,
    /// Why, in one line.
    pub(super) why: String,
}

impl Refusal {
    fn new(status: u16, why: impl Into<String>) -> Refusal {
        Refusal {
            status,
            why: why.into(),
        }
    }

    /// The response that tells the client.
    pub(super) fn response(&self) -> Response<'static> {
        let response = Response::text(self.status, &self.why);
        if self.status == 405 {
            response.with_header("Allow", "GET, HEAD")
        } else {
            response
        }
    }
}

/// Checks a head read on the server's `port`: its Host, its target, that it has no body,
/// and its method, in that order.
pub(super) fn check(head: &Head, port: u16) -> Result<Request, Refusal> {
    let hosts: Vec<&str> = head.values("host").collect();
    match hosts[..] {
        [] if head.minor_version >= 1 => {
            return Err(Refusal::new(400, "an HTTP/1.1 request needs a Host header"));
        }
        [] => {}
        [host] if host_allowed(host, port) => {}
        [_] => return Err(wrong_host(port)),
        _ => return Err(Refusal::new(400, "a request may have one Host header only")),
    }
    let path = match parse_target(&head.target) {
        Some(Target::Path(path)) => path,
        Some(Target::Absolute { authority, path }) if host_allowed(authority, port) => path,
        Some(Target::Absolute { .. }) => return Err(wrong_host(port)),
        None => {
            return Err(Refusal::new(
                400,
                "the request target must be a path starting with /",
            ));
        }
    };
    if head.values("transfer-encoding").next().is_some() {
        return Err(no_body());
    }
    let lengths: Vec<&str> = head.values("content-length").collect();
    match lengths[..] {
        [] => {}
        [length] => match length.parse::<u64>() {
            Ok(0) => {}
            Ok(_) => return Err(no_body()),
            Err(_) => return Err(Refusal::new(400, "Content-Length must be a number")),
        },
        _ => {
            return Err(Refusal::new(
                400,
                "a request may have one Content-Length header only",
            ));
        }
    }
    let method = match head.method.as_str() {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        _ => {
            return Err(Refusal::new(
                405,
                "dilmanc serve answers GET and HEAD requests only",
            ));
        }
    };
    let close = head
        .values("connection")
        .flat_map(|v| v.split(','))
        .any(|token| token.trim().eq_ignore_ascii_case("close"));
    Ok(Request {
        method,
        path: path.to_owned(),
        keep_alive: head.minor_version >= 1 && !close,
    })
}

fn wrong_host(port: u16) -> Refusal {
    Refusal::new(
        403,
        format!(
            "dilmanc serve answers only requests for 127.0.0.1, localhost or [::1] on port {port}, \
             not for another host name (a defence against DNS rebinding)"
        ),
    )
}

fn no_body() -> Refusal {
    Refusal::new(413, "dilmanc serve takes no request bodies")
}

/// The two forms of request target a server must accept.
#[derive(Debug, PartialEq, Eq)]
enum Target<'a> {
    /// `/path?query`.
    Path(&'a str),
    /// `http://authority/path?query`, as sent to proxies.
    Absolute {
        /// `host:port`.
        authority: &'a str,
        /// `/path?query`.
        path: &'a str,
    },
}

/// The form of `target`, or `None` when it is neither (`*`, `https://..`, `host:port`).
fn parse_target(target: &str) -> Option<Target<'_>> {
    if target.starts_with('/') {
        return Some(Target::Path(target));
    }
    let scheme = target.get(..7)?;
    if !scheme.eq_ignore_ascii_case("http://") {
        return None;
    }
    let rest = &target[7..];
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    match path {
        "" => Some(Target::Absolute {
            authority,
            path: "/",
        }),
        _ if path.starts_with('/') => Some(Target::Absolute { authority, path }),
        // `http://host?query`: rare enough to refuse.
        _ => None,
    }
}

/// Whether a `Host` value names this server: `127.0.0.1`, `localhost` (any case) or
/// `[::1]`, followed by nothing or by `:` and `port`.
pub(super) fn host_allowed(host: &str, port: u16) -> bool {
    let (name, rest) = match host.strip_prefix('[') {
        Some(inside) => match inside.split_once(']') {
            Some((address, rest)) => (address, rest),
            None => return false,
        },
        None => match host.find(':') {
            Some(at) => host.split_at(at),
            None => (host, ""),
        },
    };
    let name_allowed = if host.starts_with('[') {
        name == "::1"
    } else {
        name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost")
    };
    let port_allowed = match rest.strip_prefix(':') {
        None => rest.is_empty(),
        Some(digits) => {
            !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
                && digits.parse::<u16>() == Ok(port)
        }
    };
    name_allowed && port_allowed
}

#[cfg(test)]
mod tests {
    use super::*;

    const PORT: u16 = 1111;

    fn head(method: &str, target: &str, minor_version: u8, headers: &[(&str, &str)]) -> Head {
        Head {
            method: method.to_owned(),
            target: target.to_owned(),
            minor_version,
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    fn status(result: Result<Request, Refusal>) -> u16 {
        result.map_or_else(|refusal| refusal.status, |_| 200)
    }

    #[test]
    fn the_local_names_with_the_served_port_or_none_are_allowed() {
        for host in [
            "127.0.0.1",
            "127.0.0.1:1111",
            "localhost",
            "localhost:1111",
            "LocalHost:1111",
            "[::1]",
            "[::1]:1111",
        ] {
            assert!(host_allowed(host, PORT), "{host}");
        }
    }

    #[test]
    fn other_names_ports_and_odd_spellings_are_refused() {
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "localhost:1112",
            "localhost:80",
            "localhost:",
            "localhost:+1111",
            "localhost:1111:1111",
            "localhost.",
            "127.0.0.2",
            "127.1",
            "0.0.0.0",
            "[::1",
            "::1",
            "[::2]:1111",
            "[::1]1111",
            "[::1]:",
            "localhost:99999",
            "",
            " ",
        ] {
            assert!(!host_allowed(host, PORT), "{host}");
        }
    }

    #[test]
    fn a_foreign_host_gets_403_saying_why() {
        let refusal =
            check(&head("GET", "/", 1, &[("host", "evil.example:1111")]), PORT).unwrap_err();
        assert_eq!(refusal.status, 403);
        assert!(refusal.why.contains("DNS rebinding"), "{}", refusal.why);
        assert!(!refusal.why.contains('\n'));
    }

    #[test]
    fn host_headers_missing_or_doubled() {
        assert_eq!(status(check(&head("GET", "/", 1, &[]), PORT)), 400);
        // HTTP/1.0 has no Host header; a browser always sends one.
        assert_eq!(status(check(&head("GET", "/", 0, &[]), PORT)), 200);
        let two = [("host", "localhost"), ("host", "localhost")];
        assert_eq!(status(check(&head("GET", "/", 1, &two), PORT)), 400);
    }

    #[test]
    fn absolute_targets_are_held_to_the_same_rule() {
        let host = [("host", "localhost")];
        let request = check(&head("GET", "http://localhost:1111/a?b", 1, &host), PORT).unwrap();
        assert_eq!(request.path, "/a?b");
        let request = check(&head("GET", "HTTP://127.0.0.1", 1, &host), PORT).unwrap();
        assert_eq!(request.path, "/");
        assert_eq!(
            status(check(&head("GET", "http://evil.example/", 1, &host), PORT)),
            403
        );
        for target in [
            "*",
            "https://localhost/",
            "localhost:1111",
            "http://localhost?x",
        ] {
            assert_eq!(
                status(check(&head("GET", target, 1, &host), PORT)),
                400,
                "{target}"
            );
        }
    }

    #[test]
    fn only_get_and_head_without_a_body() {
        let host = ("host", "127.0.0.1:1111");
        let get = check(&head("GET", "/x", 1, &[host]), PORT).unwrap();
        assert_eq!((get.method, get.keep_alive), (Method::Get, true));
        let head_request = check(&head("HEAD", "/x", 1, &[host]), PORT).unwrap();
        assert_eq!(head_request.method, Method::Head);
        for method in ["POST", "PUT", "DELETE", "OPTIONS", "get", "BREW"] {
            let refusal = check(&head(method, "/", 1, &[host]), PORT).unwrap_err();
            assert_eq!(refusal.status, 405, "{method}");
            let response = refusal.response();
            assert!(
                response
                    .headers
                    .contains(&("Allow", "GET, HEAD".to_owned()))
            );
        }
        let cases: [(&[(&str, &str)], u16); 6] = [
            (&[("content-length", "0")], 200),
            (&[("content-length", "5")], 413),
            (&[("content-length", "-1")], 400),
            (&[("content-length", "0"), ("content-length", "0")], 400),
            (&[("transfer-encoding", "chunked")], 413),
            (&[("transfer-encoding", "identity")], 413),
        ];
        for (extra, expected) in cases {
            let mut headers = vec![host];
            headers.extend_from_slice(extra);
            assert_eq!(
                status(check(&head("GET", "/", 1, &headers), PORT)),
                expected,
                "{extra:?}"
            );
        }
        // A body is refused even with a method that is not allowed: the connection closes.
        let post = [host, ("content-length", "10")];
        assert_eq!(status(check(&head("POST", "/", 1, &post), PORT)), 413);
    }

    #[test]
    fn keep_alive_follows_the_version_and_connection_header() {
        let host = ("host", "localhost");
        let keep = |minor, headers: &[(&str, &str)]| {
            let mut all = vec![host];
            all.extend_from_slice(headers);
            check(&head("GET", "/", minor, &all), PORT)
                .unwrap()
                .keep_alive
        };
        assert!(keep(1, &[]));
        assert!(!keep(1, &[("connection", "Close")]));
        assert!(!keep(1, &[("connection", "keep-alive, close")]));
        assert!(!keep(0, &[]));
        assert!(!keep(0, &[("connection", "keep-alive")]));
    }
}
