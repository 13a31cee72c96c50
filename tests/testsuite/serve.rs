//! `dilmanc serve`: the site is served on 127.0.0.1, rebuilt when a file changes, and a
//! broken change keeps the server up and shows the errors.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::TestSite;

/// The server process, killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &TestSite) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dilmanc"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("dilmanc serve starts");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let port = loop {
        let line = lines
            .next()
            .expect("the server prints its address")
            .unwrap();
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .unwrap();
        }
    };
    // Keep reading stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, port }
}

/// GET `path`: the status code and the body.
fn get(server: &Server, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// Waits until the build number differs from `before` (at most 20 s).
fn wait_for_rebuild(server: &Server, before: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (_, version) = get(server, "/__dilmanc/version");
        if version != before {
            return version;
        }
        assert!(Instant::now() < deadline, "no rebuild after a change");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serves_rebuilds_on_change_and_survives_errors() {
    let site = TestSite::fixture("multilingual");
    let server = start(&site);
    let (status, home) = get(&server, "/");
    assert_eq!(status, 200);
    assert!(home.contains("Xoş gəlmisiniz"), "{home}");
    assert!(
        home.contains("__dilmanc/events?since="),
        "pages reload themselves"
    );
    assert!(
        home.contains(&format!("http://127.0.0.1:{}/", server.port)),
        "local base URL"
    );
    assert_eq!(get(&server, "/press/geneva").0, 301);
    assert_eq!(get(&server, "/en/no-such-page/").0, 404);
    assert!(
        !site.root().join("public").exists(),
        "serve writes nothing to disk"
    );

    let (_, version) = get(&server, "/__dilmanc/version");
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Sınaq agentliyi\"\n+++\nYeni mətn.\n",
    );
    let version = wait_for_rebuild(&server, &version);
    assert!(get(&server, "/").1.contains("Yeni mətn."));

    site.write(
        "content/_index.md",
        "+++\ntitle = \"Sınaq\"\ntitel = \"x\"\n+++\n",
    );
    let version = wait_for_rebuild(&server, &version);
    let (status, page) = get(&server, "/");
    assert_eq!(status, 500);
    assert!(page.contains("content/_index.md:3:1"), "{page}");

    site.write(
        "content/_index.md",
        "+++\ntitle = \"Sınaq\"\n+++\nDüzəldildi.\n",
    );
    wait_for_rebuild(&server, &version);
    assert!(get(&server, "/").1.contains("Düzəldildi."));
}

/// The search excerpt of the page at `url` in the served Azerbaijani index, if it has one.
fn search_excerpt(server: &Server, url: &str) -> Option<String> {
    let (status, entry) = get(server, "/search/index.json");
    if status != 200 {
        return None;
    }
    let entry: serde_json::Value = serde_json::from_str(&entry).ok()?;
    let fragments = entry["fragments"].as_str()?;
    (0..entry["docs"].as_u64()?).find_map(|doc| {
        let (_, fragment) = get(server, &format!("/search/{fragments}{doc}.json"));
        let fragment: serde_json::Value = serde_json::from_str(&fragment).ok()?;
        (fragment["u"].as_str()? == url).then(|| fragment["x"].as_str().unwrap_or("").to_owned())
    })
}

/// Polls until the search excerpt of `url` contains `text` (at most 20 s).
fn wait_for_excerpt(server: &Server, url: &str, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !search_excerpt(server, url).is_some_and(|x| x.contains(text)) {
        assert!(
            Instant::now() < deadline,
            "the search index never showed {text:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_search_index_follows_the_pages_under_the_same_build_number() {
    let site = TestSite::fixture("multilingual");
    let server = start(&site);
    wait_for_excerpt(&server, "/about/", "Agentlik haqqında");
    let (_, version) = get(&server, "/__dilmanc/version");
    site.write(
        "content/about.md",
        "+++\ntitle = \"Haqqımızda\"\nweight = 1\n+++\nZümrüd vadisi haqqında.\n",
    );
    let version = wait_for_rebuild(&server, &version);
    assert!(get(&server, "/about/").1.contains("Zümrüd vadisi"));
    wait_for_excerpt(&server, "/about/", "Zümrüd vadisi");
    assert_eq!(
        get(&server, "/__dilmanc/version").1,
        version,
        "the index completes the build the pages began: open pages do not reload twice"
    );
}

/// Sends `request` as it is and reads the answer until the server closes the connection.
fn raw(server: &Server, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).into_owned()
}

/// The status code of a raw response.
fn status_of(response: &str) -> u16 {
    response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// A line of the server's /proc/PID/status, in KiB: `VmRSS` (resident memory now) or
/// `VmHWM` (the most it ever was).
fn memory_kib(server: &Server, key: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("{key} in /proc/PID/status"))
}

/// Sends a request head with one header of `size` bytes, written from another thread while
/// this one reads the answer, and returns the answer and how many bytes got written.
fn send_huge_header(server: &Server, size: usize) -> (String, usize) {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    let head = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Huge: ".to_owned();
    let sending = std::thread::spawn(move || {
        let chunk = vec![b'a'; 64 * 1024];
        let mut sent = 0;
        if writer.write_all(head.as_bytes()).is_err() {
            return sent;
        }
        while sent < size {
            let len = chunk.len().min(size - sent);
            match writer.write(&chunk[..len]) {
                Ok(written) => sent += written,
                Err(_) => break,
            }
        }
        sent
    });
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    drop(stream);
    let sent = sending.join().unwrap();
    (String::from_utf8_lossy(&response).into_owned(), sent)
}

#[test]
fn huge_request_heads_get_431_without_being_held_in_memory() {
    let site = TestSite::fixture("multilingual");
    let server = start(&site);
    for _ in 0..3 {
        assert_eq!(get(&server, "/").0, 200);
    }
    let (rss_before, peak_before) = (memory_kib(&server, "VmRSS"), memory_kib(&server, "VmHWM"));
    // Memory that grows and is given back is seen by sampling while the client sends.
    let sending = std::sync::atomic::AtomicBool::new(true);
    let sampled = std::thread::scope(|scope| {
        let sampler = scope.spawn(|| {
            let mut highest = 0;
            while sending.load(std::sync::atomic::Ordering::SeqCst) {
                highest = highest.max(memory_kib(&server, "VmRSS"));
                std::thread::sleep(Duration::from_millis(5));
            }
            highest
        });
        for size in [1024 * 1024, 200 * 1024 * 1024] {
            let (response, sent) = send_huge_header(&server, size);
            assert_eq!(status_of(&response), 431, "{size}: {response}");
            assert!(
                response.contains("16 KiB"),
                "the answer says the limit: {response}"
            );
            assert!(sent > 16 * 1024, "the client got to send {sent} bytes");
        }
        sending.store(false, std::sync::atomic::Ordering::SeqCst);
        sampler.join().unwrap()
    });
    let (rss_after, peak_after) = (memory_kib(&server, "VmRSS"), memory_kib(&server, "VmHWM"));
    for (what, before, after) in [
        ("resident memory", rss_before, rss_after),
        ("resident memory while sending", rss_before, sampled),
        ("peak resident memory", peak_before, peak_after),
    ] {
        assert!(
            after < before + 10 * 1024,
            "{what} grew from {before} KiB to {after} KiB"
        );
    }
    assert_eq!(get(&server, "/").0, 200, "the server still serves");
}

#[test]
fn requests_for_other_hosts_are_refused() {
    let site = TestSite::fixture("multilingual");
    let server = start(&site);
    let port = server.port;
    for host in [
        "evil.example".to_owned(),
        format!("evil.example:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
    ] {
        let response = raw(
            &server,
            format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes(),
        );
        assert_eq!(status_of(&response), 403, "{host}: {response}");
        assert!(response.contains("DNS rebinding"), "{response}");
        assert!(!response.contains("Xoş gəlmisiniz"), "{response}");
        assert!(!response.contains("<html"), "{response}");
    }
    let missing = raw(&server, b"GET / HTTP/1.1\r\n\r\n");
    assert_eq!(status_of(&missing), 400, "{missing}");
    for host in [
        format!("localhost:{port}"),
        "localhost".to_owned(),
        format!("[::1]:{port}"),
        format!("127.0.0.1:{port}"),
    ] {
        let response = raw(
            &server,
            format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
        );
        assert_eq!(status_of(&response), 200, "{host}");
        assert!(response.contains("Xoş gəlmisiniz"));
    }
}

#[test]
fn head_gets_headers_only_and_other_methods_are_refused() {
    let site = TestSite::fixture("multilingual");
    let server = start(&site);
    let (_, page) = get(&server, "/");
    let response = raw(
        &server,
        b"HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status_of(&response), 200, "{response}");
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(body.is_empty(), "HEAD has no body: {body}");
    assert!(
        head.contains(&format!("Content-Length: {}\r\n", page.len())),
        "{head}"
    );
    assert!(head.contains("Content-Type: text/html; charset=utf-8"));
    assert!(head.contains("Cache-Control: no-store"));

    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let response = raw(
            &server,
            format!("{method} / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n")
                .as_bytes(),
        );
        assert_eq!(status_of(&response), 405, "{method}: {response}");
        assert!(response.contains("Allow: GET, HEAD"), "{response}");
    }
    let with_body = raw(
        &server,
        b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello",
    );
    assert_eq!(status_of(&with_body), 413, "{with_body}");
    let chunked = raw(
        &server,
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    );
    assert_eq!(status_of(&chunked), 413, "{chunked}");
    let garbage = raw(
        &server,
        b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n",
    );
    assert_eq!(status_of(&garbage), 400, "{garbage}");
}

#[test]
fn a_connection_answers_several_requests_in_turn() {
    let site = TestSite::fixture("multilingual");
    let server = start(&site);
    let request = "GET /en/ HTTP/1.1\r\nHost: localhost\r\n\r\n";
    // Three requests at once (pipelined); the last one asks to close.
    let response = raw(
        &server,
        format!("{request}{request}GET /press/geneva HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    );
    assert_eq!(
        response.matches("HTTP/1.1 200 OK\r\n").count(),
        2,
        "{response}"
    );
    assert_eq!(response.matches("Connection: keep-alive\r\n").count(), 2);
    assert!(response.contains("HTTP/1.1 301 Moved Permanently\r\n"));
    assert!(response.contains("Location: /press/geneva/\r\n"));
}

#[test]
fn connections_beyond_the_cap_are_refused_until_places_free_up() {
    let site = TestSite::fixture("multilingual");
    let server = start(&site);
    let idle: Vec<TcpStream> = (0..64)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap())
        .collect();
    let refused = raw(&server, b"GET / HTTP/1.0\r\n\r\n");
    assert_eq!(status_of(&refused), 503, "{refused}");
    drop(idle);
    let deadline = Instant::now() + Duration::from_secs(5);
    while get(&server, "/").0 != 200 {
        assert!(
            Instant::now() < deadline,
            "places free up when clients leave"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_client_too_slow_to_send_its_head_is_cut_off() {
    let site = TestSite::fixture("multilingual");
    let server = start(&site);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let started = Instant::now();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        .unwrap();
    // One header byte every half second never completes the head in time.
    let mut writer = stream.try_clone().unwrap();
    std::thread::spawn(move || {
        while writer.write_all(b"X").is_ok() {
            std::thread::sleep(Duration::from_millis(500));
        }
    });
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let elapsed = started.elapsed();
    assert_eq!(status_of(&response), 408, "{response}");
    assert!(
        elapsed >= Duration::from_secs(9) && elapsed < Duration::from_secs(15),
        "cut off after {elapsed:?}"
    );
}

/// Sends `signal` to the server and waits for it to end: its exit status and how long it took.
fn stop_with(mut server: Server, signal: &str) -> (Option<i32>, Duration) {
    let started = Instant::now();
    let sent = Command::new("kill")
        .args([signal, &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            return (status.code(), started.elapsed());
        }
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "still running 3 s after {signal}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn sigterm_and_sigint_stop_the_server_promptly_with_status_0() {
    let site = TestSite::fixture("multilingual");
    for signal in ["-TERM", "-INT"] {
        let server = start(&site);
        // A client in the middle of a request, or an open page's event stream, does not
        // hold the server up.
        let _idle = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        let mut events = EventStream::open(&server, "1");
        assert_eq!(status_of(&events.head()), 200);
        assert_eq!(get(&server, "/").0, 200);
        let (code, took) = stop_with(server, signal);
        assert_eq!(code, Some(0), "{signal}");
        eprintln!("{signal}: stopped in {took:?}");
    }
}

/// An event stream opened as a page would open it, and what has arrived on it.
struct EventStream {
    stream: TcpStream,
    received: String,
}

impl EventStream {
    /// Opens the stream as a page of build `since` would.
    fn open(server: &Server, since: &str) -> EventStream {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        write!(
            stream,
            "GET /__dilmanc/events?since={since} HTTP/1.1\r\nHost: localhost:{}\r\nAccept: text/event-stream\r\n\r\n",
            server.port
        )
        .unwrap();
        EventStream {
            stream,
            received: String::new(),
        }
    }

    /// Everything up to and including the next `text`, waiting for it at most 30 s
    /// (heartbeats keep each single read from timing out).
    fn until(&mut self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut buf = [0; 4096];
        while !self.received.contains(text) {
            assert!(
                Instant::now() < deadline,
                "no {text:?} in 30 s: {:?}",
                self.received
            );
            let read = self
                .stream
                .read(&mut buf)
                .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}; got {:?}", self.received));
            assert!(read > 0, "closed before {text:?}: {:?}", self.received);
            self.received
                .push_str(&String::from_utf8_lossy(&buf[..read]));
        }
        let end = self.received.find(text).unwrap() + text.len();
        let rest = self.received.split_off(end);
        std::mem::replace(&mut self.received, rest)
    }

    /// The response head.
    fn head(&mut self) -> String {
        self.until("\r\n\r\n")
    }
}

#[test]
fn the_event_stream_pushes_a_reload_when_a_content_file_changes() {
    let site = TestSite::fixture("multilingual");
    let server = start(&site);
    let (_, version) = get(&server, "/__dilmanc/version");
    let (_, home) = get(&server, "/");
    assert!(
        home.contains(&format!("/__dilmanc/events?since={version}\"")),
        "the page opens the stream with its build number"
    );
    let mut stream = EventStream::open(&server, &version);
    let head = stream.head();
    assert_eq!(status_of(&head), 200, "{head}");
    assert!(
        head.contains("Content-Type: text/event-stream\r\n"),
        "{head}"
    );
    assert!(head.contains("Cache-Control: no-store\r\n"), "{head}");

    let saved = Instant::now();
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Sınaq agentliyi\"\n+++\nTəzə mətn.\n",
    );
    let next: u64 = version.parse::<u64>().unwrap() + 1;
    let event = stream.until(&format!("data: {next}\n\n"));
    let pushed = saved.elapsed();
    assert!(
        event.contains(&format!("event: reload\ndata: {next}\n")),
        "{event:?}"
    );
    eprintln!("reload pushed {pushed:?} after the save");
    assert!(get(&server, "/").1.contains("Təzə mətn."));

    // A failed build is pushed as well: the page then shows the errors.
    site.write("content/_index.md", "+++\ntitle = [\n+++\n");
    let event = stream.until(&format!("data: {}\n\n", next + 1));
    assert!(event.contains("event: reload\n"), "{event:?}");
    assert_eq!(get(&server, "/").0, 500);

    // A page of an older build is told at once.
    let mut stale = EventStream::open(&server, &version);
    assert_eq!(status_of(&stale.head()), 200);
    stale.until("event: reload\n");
}

#[test]
fn event_streams_do_not_take_the_places_of_page_loads() {
    let site = TestSite::fixture("multilingual");
    let server = start(&site);
    let (_, version) = get(&server, "/__dilmanc/version");
    let streams: Vec<TcpStream> = (0..32)
        .map(|_| {
            let mut stream = EventStream::open(&server, &version);
            let head = stream.head();
            assert_eq!(status_of(&head), 200, "{head}");
            stream.stream
        })
        .collect();
    let refused = EventStream::open(&server, &version).head();
    assert_eq!(status_of(&refused), 503, "{refused}");
    let pages: Vec<TcpStream> = (0..63)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap())
        .collect();
    assert_eq!(
        get(&server, "/").0,
        200,
        "the 64th place is free for a page"
    );
    drop((streams, pages));
}
