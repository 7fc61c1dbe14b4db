//! A write timeout for any `Sink`: a device that stops reading leaves the relay's writes
//! pending forever, holding the frame being written and everything queued behind it. With this,
//! a write that makes no progress for `limit` fails, and the connection is closed.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use futures_util::Sink;
use tokio::time::Sleep;

pub struct Deadline<S, E> {
    inner: S,
    /// The inner sink's error saying a write timed out.
    timeout_error: fn(io::Error) -> E,
    limit: Duration,
    /// Running while a write is pending; reset whenever the sink makes progress.
    timer: Option<Pin<Box<Sleep>>>,
    timed_out: bool,
}

impl<S, E> Deadline<S, E> {
    pub fn new(inner: S, limit: Duration, timeout_error: fn(io::Error) -> E) -> Self {
        Self { inner, timeout_error, limit, timer: None, timed_out: false }
    }

    /// Whether a write timed out (then the connection is not worth a goodbye).
    pub fn timed_out(&self) -> bool {
        self.timed_out
    }

    /// Maps the inner sink's poll, failing once it has been pending for `limit`.
    fn guard(&mut self, cx: &mut Context<'_>, poll: Poll<Result<(), E>>) -> Poll<Result<(), E>> {
        if poll.is_ready() {
            self.timer = None;
            return poll;
        }
        let limit = self.limit;
        let timer = self.timer.get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        ready!(timer.as_mut().poll(cx));
        self.timer = None;
        self.timed_out = true;
        let error = io::Error::new(
            io::ErrorKind::TimedOut,
            "the device stopped reading; closing its connection",
        );
        Poll::Ready(Err((self.timeout_error)(error)))
    }
}

impl<S, T> Sink<T> for Deadline<S, S::Error>
where
    S: Sink<T> + Unpin,
{
    type Error = S::Error;

    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        let poll = Pin::new(&mut self.inner).poll_ready(cx);
        self.guard(cx, poll)
    }

    fn start_send(mut self: Pin<&mut Self>, item: T) -> Result<(), S::Error> {
        Pin::new(&mut self.inner).start_send(item)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        let poll = Pin::new(&mut self.inner).poll_flush(cx);
        self.guard(cx, poll)
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        let poll = Pin::new(&mut self.inner).poll_close(cx);
        self.guard(cx, poll)
    }
}

#[cfg(test)]
mod tests {
    use futures_util::SinkExt;

    use super::*;

    /// A sink whose peer never reads: every write stays pending.
    struct Stalled;

    impl Sink<Vec<u8>> for Stalled {
        type Error = io::Error;
        fn poll_ready(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }
        fn start_send(self: Pin<&mut Self>, _: Vec<u8>) -> io::Result<()> {
            Ok(())
        }
        fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Pending
        }
        fn poll_close(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Pending
        }
    }

    // The clock is paused, so this takes no real time and cannot flake on a busy machine.
    #[tokio::test(start_paused = true)]
    async fn a_write_to_a_device_that_stopped_reading_fails_after_the_limit() {
        let mut sink = Deadline::new(Stalled, Duration::from_secs(30), |e| e);
        let started = tokio::time::Instant::now();
        let sent = sink.send(vec![1; 1 << 20]).await;
        assert_eq!(sent.map_err(|e| e.kind()), Err(io::ErrorKind::TimedOut));
        assert_eq!(started.elapsed(), Duration::from_secs(30));
        assert!(sink.timed_out());
    }
}
