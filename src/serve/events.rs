//! The reload push of `dilmanc serve`: `/__dilmanc/events`, a stream of server-sent events.
//!
//! A page opens it with the build number it was served with (`?since=N`). The stream sends
//! `event: reload` at once if that is no longer the current build, and otherwise as soon as a
//! new build, good or failed, is published; a comment every [`HEARTBEAT`] notices clients
//! that are gone. Event streams have places of their own ([`MAX_STREAMS`]), apart from the
//! connections that load pages, so open tabs never lock out page loads.

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use super::connection::Slot;
use super::http::{Response, close_gently};

/// Where pages open their event stream.
pub(super) const EVENTS_PATH: &str = "/__dilmanc/events";
/// How often an idle stream gets a comment.
pub(super) const HEARTBEAT: Duration = Duration::from_secs(15);
/// The most event streams open at once.
pub(super) const MAX_STREAMS: usize = 32;
/// How long a write to a stream may stall before the stream is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(2);

/// The open event streams and the build number they are told about.
#[derive(Debug, Default)]
pub(super) struct Events {
    streams: Mutex<Streams>,
}

#[derive(Debug, Default)]
struct Streams {
    /// The number of the build being served.
    version: u64,
    next_id: u64,
    open: HashMap<u64, TcpStream>,
    /// The server stops: no more streams.
    closed: bool,
}

/// The `since` build number of an event-stream request path, or `None` when the path is
/// not the event stream's; `Some(None)` when it has no readable `since`.
pub(super) fn since(path: &str) -> Option<Option<u64>> {
    let (route, query) = path.split_once('?').unwrap_or((path, ""));
    (route == EVENTS_PATH).then(|| {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix("since="))
            .and_then(|n| n.parse().ok())
    })
}

impl Events {
    fn lock(&self) -> MutexGuard<'_, Streams> {
        self.streams.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Publishes a build through `publish`, which returns the new build number, while no
    /// stream can open, then tells every open stream to reload.
    pub(super) fn publish(&self, publish: impl FnOnce() -> u64) {
        let mut streams = self.lock();
        streams.version = publish();
        let event = reload_event(streams.version);
        streams
            .open
            .retain(|_, socket| send(socket, event.as_bytes()));
    }

    /// Ends every stream and opens no more: the server stops.
    pub(super) fn close(&self) {
        let mut streams = self.lock();
        streams.closed = true;
        for socket in streams.open.values() {
            let _ = socket.shutdown(Shutdown::Both);
        }
        streams.open.clear();
    }

    /// Serves an event stream on `socket` until the client goes or the server stops. The
    /// connection's `slot` is given back: an event stream takes a place of its own.
    pub(super) fn serve(&self, socket: &TcpStream, since: Option<u64>, slot: Slot) {
        let Some(id) = self.open(socket, since) else {
            let _ = Response::text(
                503,
                "too many event streams are open; reload the page later",
            )
            .write_to(&mut &*socket, false, false);
            return close_gently(socket);
        };
        drop(slot);
        let mut ignored = [0; 512];
        while socket.set_read_timeout(Some(HEARTBEAT)).is_ok() {
            match (&mut &*socket).read(&mut ignored) {
                // The client has nothing to say on this stream; what it sends is dropped.
                Ok(read) if read > 0 => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    if !self.heartbeat(id) {
                        break;
                    }
                }
                _ => break,
            }
        }
        self.lock().open.remove(&id);
    }

    /// Answers the request with the stream's head (and a reload event when `since` is not
    /// the current build) and registers it; `None` when there is no free place.
    fn open(&self, socket: &TcpStream, since: Option<u64>) -> Option<u64> {
        let mut streams = self.lock();
        if streams.closed || streams.open.len() >= MAX_STREAMS {
            return None;
        }
        let mut text = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 1000\n\n".to_owned();
        // A page of another build, or of an earlier run of the server, is stale.
        if since.is_some_and(|since| since != streams.version) {
            text.push_str(&reload_event(streams.version));
        }
        let socket = socket.try_clone().ok()?;
        if socket.set_write_timeout(Some(WRITE_TIMEOUT)).is_err() || !send(&socket, text.as_bytes())
        {
            return None;
        }
        let id = streams.next_id;
        streams.next_id += 1;
        streams.open.insert(id, socket);
        Some(id)
    }

    /// Sends stream `id` a comment; false when it is gone.
    fn heartbeat(&self, id: u64) -> bool {
        let mut streams = self.lock();
        let alive = streams
            .open
            .get(&id)
            .is_some_and(|socket| send(socket, b": heartbeat\n\n"));
        if !alive {
            streams.open.remove(&id);
        }
        alive
    }
}

fn reload_event(version: u64) -> String {
    format!("event: reload\ndata: {version}\n\n")
}

/// Writes `bytes` to a stream; false, and the stream shut, when that fails.
fn send(mut socket: &TcpStream, bytes: &[u8]) -> bool {
    let sent = socket.write_all(bytes).is_ok();
    if !sent {
        let _ = socket.shutdown(Shutdown::Both);
    }
    sent
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    /// A connected pair of loopback sockets: the server's end and the client's.
    fn pair(listener: &TcpListener) -> (TcpStream, TcpStream) {
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        client
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        (listener.accept().unwrap().0, client)
    }

    /// Reads from `client` until `text` has arrived.
    fn read_until(client: &mut TcpStream, text: &str) -> String {
        let mut got = String::new();
        let mut buf = [0; 1024];
        while !got.contains(text) {
            let read = client.read(&mut buf).unwrap();
            assert!(read > 0, "closed before {text:?}: {got}");
            got.push_str(&String::from_utf8_lossy(&buf[..read]));
        }
        got
    }

    #[test]
    fn streams_hear_of_newer_builds_once_and_stale_pages_at_once() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let events = Events::default();
        events.publish(|| 1);
        let (server, mut current) = pair(&listener);
        let id = events.open(&server, Some(1)).unwrap();
        let head = read_until(&mut current, "retry: 1000\n\n");
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(head.contains("Content-Type: text/event-stream\r\n"));
        assert!(!head.contains("event:"), "the page is current: {head}");

        let (stale_server, mut stale) = pair(&listener);
        events.open(&stale_server, Some(0)).unwrap();
        assert!(read_until(&mut stale, "data: 1\n\n").contains("event: reload\ndata: 1\n"));

        events.publish(|| 2);
        assert!(read_until(&mut current, "data: 2\n\n").contains("event: reload\n"));
        assert!(events.heartbeat(id));
        read_until(&mut current, ": heartbeat\n\n");

        events.close();
        let mut rest = Vec::new();
        current.read_to_end(&mut rest).unwrap();
        let (late_server, _late) = pair(&listener);
        assert!(events.open(&late_server, None).is_none(), "closed");
    }

    #[test]
    fn the_streams_are_capped_and_a_gone_client_frees_its_place() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let events = Events::default();
        let mut clients = Vec::new();
        for _ in 0..MAX_STREAMS {
            let (server, client) = pair(&listener);
            assert!(events.open(&server, None).is_some());
            clients.push((server, client));
        }
        let (server, _client) = pair(&listener);
        assert!(events.open(&server, None).is_none(), "full");
        // Shut down the first stream as a vanished client would leave it.
        let (first_server, _first_client) = clients.remove(0);
        first_server.shutdown(Shutdown::Both).unwrap();
        events.publish(|| 1);
        assert_eq!(events.lock().open.len(), MAX_STREAMS - 1);
        let (server, _client) = pair(&listener);
        assert!(events.open(&server, None).is_some());
    }

    #[test]
    fn the_event_path_and_its_since() {
        assert_eq!(since("/__dilmanc/events?since=4"), Some(Some(4)));
        assert_eq!(since("/__dilmanc/events?x=1&since=12"), Some(Some(12)));
        assert_eq!(since("/__dilmanc/events"), Some(None));
        assert_eq!(since("/__dilmanc/events?since=-1"), Some(None));
        assert_eq!(since("/__dilmanc/eventsx"), None);
        assert_eq!(since("/en/"), None);
    }
}
