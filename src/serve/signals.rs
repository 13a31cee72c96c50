//! SIGTERM and SIGINT (Ctrl+C) stop `dilmanc serve` cleanly: they are caught and passed on,
//! so that the server stops accepting, returns, and the process exits with status 0.

/// Calls `stop` on every SIGTERM and SIGINT, from a thread of its own.
#[cfg(unix)]
pub(super) fn on_stop(stop: impl Fn() + Send + 'static) -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT])?;
    std::thread::Builder::new()
        .name("dilmanc-signals".to_owned())
        .spawn(move || {
            for _ in signals.forever() {
                stop();
            }
        })?;
    Ok(())
}

/// Elsewhere the system's default (the process ends at once) stays.
#[cfg(not(unix))]
pub(super) fn on_stop(_stop: impl Fn() + Send + 'static) -> std::io::Result<()> {
    Ok(())
}
