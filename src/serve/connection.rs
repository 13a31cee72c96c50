//! One connection of `dilmanc serve`: requests read one after another (keep-alive), each
//! answered from the site as it is at that moment, within fixed limits of size, time and
//! count, so that no client can hold the server's memory or threads for long.

use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::http::{Deadline, HeadBuffer, HeadError, MAX_HEAD, Response, close_gently};
use super::request::{Method, check};
use super::{Shared, events};

/// How long a client has to send a complete request head.
pub(super) const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a kept-alive connection may stay idle between two requests.
pub(super) const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// How long writing a response may stall on a client that does not read it.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// The most requests answered on one connection.
pub(super) const MAX_REQUESTS: usize = 100;
/// The most connections served at once.
pub(super) const MAX_CONNECTIONS: usize = 64;

/// Places for connections: at most a fixed number taken at once.
#[derive(Debug)]
pub(super) struct Slots {
    taken: Arc<AtomicUsize>,
    max: usize,
}

/// One taken place, given back when dropped.
#[derive(Debug)]
pub(super) struct Slot(Arc<AtomicUsize>);

impl Slots {
    /// `max` places, all free.
    pub(super) fn new(max: usize) -> Slots {
        Slots {
            taken: Arc::new(AtomicUsize::new(0)),
            max,
        }
    }

    /// A free place, if there is one.
    pub(super) fn take(&self) -> Option<Slot> {
        self.taken
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |taken| {
                (taken < self.max).then_some(taken + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(&self.taken)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Answers a connection that found no free place, without reading from it or waiting.
pub(super) fn refuse_busy(stream: &TcpStream) {
    let _ = stream.set_nonblocking(true);
    let _ = Response::text(
        503,
        "dilmanc serve has too many connections open; try again",
    )
    .with_header("Retry-After", "1")
    .write_to(&mut &*stream, false, false);
}

/// Serves one connection until the client closes it, a limit is reached, or a request is
/// refused. `slot` is the connection's place, held until the end, or until the connection
/// becomes an event stream.
pub(super) fn handle(stream: &TcpStream, shared: &Shared, slot: Slot) {
    let _ = stream.set_nodelay(true);
    if stream.set_write_timeout(Some(WRITE_TIMEOUT)).is_err() {
        return;
    }
    let mut buffer = HeadBuffer::new();
    for answered in 0..MAX_REQUESTS {
        if answered > 0 && buffer.is_empty() && !next_request_arrives(stream) {
            return;
        }
        let head = match buffer.read_head(&mut Deadline::new(stream, HEAD_TIMEOUT)) {
            Ok(head) => head,
            Err(error) => return refuse_unreadable(stream, &error),
        };
        let request = match check(&head, shared.port) {
            Ok(request) => request,
            Err(refusal) => {
                let _ = refusal.response().write_to(&mut &*stream, false, false);
                return close_gently(stream);
            }
        };
        if request.method == Method::Get
            && let Some(since) = events::since(&request.path)
        {
            return shared.events.serve(stream, since, slot);
        }
        let keep_alive = request.keep_alive && answered + 1 < MAX_REQUESTS && !shared.stopping();
        let snapshot = shared.site.snapshot();
        let response = snapshot.respond(&request.path);
        let head_only = request.method == Method::Head;
        if response
            .write_to(&mut &*stream, head_only, keep_alive)
            .is_err()
        {
            return;
        }
        if !keep_alive {
            return close_gently(stream);
        }
    }
}

/// Waits, at most [`IDLE_TIMEOUT`], for the first byte of another request.
fn next_request_arrives(stream: &TcpStream) -> bool {
    stream.set_read_timeout(Some(IDLE_TIMEOUT)).is_ok()
        && matches!(stream.peek(&mut [0]), Ok(read) if read > 0)
}

/// Tells the client why its head could not be read, when it is still there to hear it.
fn refuse_unreadable(stream: &TcpStream, error: &HeadError) {
    let (status, why) = match error {
        HeadError::TooLarge => (
            431,
            format!(
                "the request line and headers must fit in {} KiB",
                MAX_HEAD / 1024
            ),
        ),
        HeadError::Malformed(why) => (400, format!("a malformed request head: {why}")),
        HeadError::Version => (505, "dilmanc serve speaks HTTP/1.0 and 1.1 only".to_owned()),
        HeadError::TimedOut { started: true } => (
            408,
            format!(
                "the request head did not arrive within {} s",
                HEAD_TIMEOUT.as_secs()
            ),
        ),
        HeadError::TimedOut { started: false }
        | HeadError::Closed
        | HeadError::Truncated
        | HeadError::Failed => return,
    };
    let _ = Response::text(status, &why).write_to(&mut &*stream, false, false);
    close_gently(stream);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_capped_and_given_back() {
        let slots = Slots::new(2);
        let first = slots.take().unwrap();
        let _second = slots.take().unwrap();
        assert!(slots.take().is_none());
        drop(first);
        assert!(slots.take().is_some());
    }
}
