//! Requests a page makes by itself on a timer, not because someone used it: the flag
//! queue's check every 5 seconds, and the reading again it triggers. They are answered as any
//! other, but do not refresh the session's idle clock, so that a workstation left open on the
//! queue still reaches the idle timeout and signs out.
pub const POLLS: &[&str] = &["/api/flags/fingerprint", "/api/flags/queue-refresh"];

/// Whether a request to this path is a page's own timer, not a person's doing.
pub fn is_poll(path: &str) -> bool {
    POLLS.contains(&path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_queue_s_timer_is_a_poll() {
        assert!(is_poll("/api/flags/fingerprint"));
        assert!(is_poll("/api/flags/queue-refresh"));
        for person in [
            "/api/flags/queue",
            "/flags",
            "/api/flags/acknowledge",
            "/api/flags/fingerprint/x",
            "/",
        ] {
            assert!(!is_poll(person), "{person}");
        }
    }
}
