//! `dilmanc serve`: the site is served on 127.0.0.1, rebuilt when a file changes, and a
//! broken change keeps the server up and shows the errors.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::TestSite;

/// The server process, stopped when dropped.
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
        home.contains("__dilmanc/version"),
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
