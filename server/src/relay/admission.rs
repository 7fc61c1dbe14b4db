//! Admission at accept time: every TCP connection is counted from the moment it is accepted,
//! per address until it signs in, and in the relay's total until it closes.
//!
//! Counting at the WebSocket upgrade was too late and too lenient: idle or half-sent HTTP
//! connections were never counted at all, and a socket stopped counting at its first message
//! of any kind (a WebSocket ping was enough). Here a connection is "pending" from accept until
//! a real sign-in succeeds, whatever it sends meanwhile, so one address can hold at most
//! `Limits::pending_per_address` connections that have not proven who they are. Connections
//! over the cap are closed before the TLS handshake or any HTTP parsing.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use axum::http::Request;
use axum_server::accept::Accept;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// Counts of open connections: pending per address, and all of them.
#[derive(Default)]
pub struct Admission {
    pending: Mutex<HashMap<IpAddr, usize>>,
    open: AtomicUsize,
}

impl Admission {
    /// Counts a new connection from `ip`, or refuses it when the address already holds
    /// `per_address` pending connections or the relay holds `total` in all.
    pub fn admit(
        self: &Arc<Self>,
        ip: IpAddr,
        per_address: usize,
        total: usize,
    ) -> Result<Arc<Slot>, Refused> {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        if self.open.load(Ordering::Relaxed) >= total {
            return Err(Refused::AtCapacity);
        }
        let n = pending.entry(ip).or_default();
        if *n >= per_address {
            return Err(Refused::TooManyPending);
        }
        *n += 1;
        self.open.fetch_add(1, Ordering::Relaxed);
        Ok(Arc::new(Slot { admission: self.clone(), ip, signed_in: AtomicBool::new(false) }))
    }

    /// Connections that have not signed in yet, from every address.
    pub fn pending(&self) -> usize {
        self.pending.lock().unwrap_or_else(|e| e.into_inner()).values().sum()
    }

    /// Every open connection: plain HTTP, pending and signed-in sockets.
    pub fn open(&self) -> usize {
        self.open.load(Ordering::Relaxed)
    }

    fn unpend(&self, ip: IpAddr) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = pending.get_mut(&ip) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                pending.remove(&ip);
            }
        }
    }
}

/// Why a connection was closed at accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    TooManyPending,
    AtCapacity,
}

/// One accepted connection's place in the counts; released when the connection closes.
pub struct Slot {
    admission: Arc<Admission>,
    ip: IpAddr,
    signed_in: AtomicBool,
}

impl Slot {
    /// The connection proved who it is: it no longer counts against its address.
    pub fn signed_in(&self) {
        if !self.signed_in.swap(true, Ordering::Relaxed) {
            self.admission.unpend(self.ip);
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if !self.signed_in.load(Ordering::Relaxed) {
            self.admission.unpend(self.ip);
        }
        self.admission.open.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Wraps an acceptor (plain, rustls or ACME) so every connection is admitted first.
#[derive(Clone)]
pub struct Admit<A> {
    inner: A,
    relay: Arc<super::Relay>,
}

impl<A> Admit<A> {
    pub fn new(relay: Arc<super::Relay>, inner: A) -> Self {
        Self { inner, relay }
    }
}

impl<A, S> Accept<TcpStream, S> for Admit<A>
where
    A: Accept<TcpStream, S> + Clone + Send + 'static,
    A::Future: Send + 'static,
    A::Stream: Unpin,
    S: Send + 'static,
{
    type Stream = Counted<A::Stream>;
    type Service = WithSlot<A::Service>;
    type Future =
        Pin<Box<dyn Future<Output = io::Result<(Self::Stream, Self::Service)>> + Send + 'static>>;

    fn accept(&self, stream: TcpStream, service: S) -> Self::Future {
        let limits = self.relay.limits;
        let admitted = stream.peer_addr().and_then(|peer| {
            self.relay
                .admission
                .admit(peer.ip(), limits.pending_per_address, limits.max_connections)
                .map_err(|why| io::Error::other(format!("connection refused: {why:?}")))
        });
        let inner = self.inner.clone();
        Box::pin(async move {
            // On refusal the stream is dropped here, closing the socket at once.
            let slot = admitted?;
            let (stream, service) = inner.accept(stream, service).await?;
            Ok((Counted { inner: stream, _slot: slot.clone() }, WithSlot { inner: service, slot }))
        })
    }
}

/// A connection's stream, holding its slot: an upgraded WebSocket keeps the stream, so the
/// slot lives exactly as long as the connection.
pub struct Counted<T> {
    inner: T,
    _slot: Arc<Slot>,
}

impl<T: AsyncRead + Unpin> AsyncRead for Counted<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Counted<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

/// The connection's service, which hands each request the connection's slot, so the sync
/// socket can mark it signed in.
#[derive(Clone)]
pub struct WithSlot<S> {
    inner: S,
    slot: Arc<Slot>,
}

impl<S, B> tower::Service<Request<B>> for WithSlot<S>
where
    S: tower::Service<Request<B>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        request.extensions_mut().insert(self.slot.clone());
        self.inner.call(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_holds_at_most_its_pending_cap_until_one_signs_in() {
        let admission = Arc::new(Admission::default());
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let slots: Vec<_> = (0..3).map(|_| admission.admit(ip, 3, 100).unwrap()).collect();
        assert_eq!(admission.admit(ip, 3, 100).err(), Some(Refused::TooManyPending));
        assert!(admission.admit("10.0.0.2".parse().unwrap(), 3, 100).is_ok());
        slots[0].signed_in();
        let fourth = admission.admit(ip, 3, 100).unwrap();
        assert_eq!(admission.pending(), 3);
        assert_eq!(admission.open(), 4);
        drop(slots);
        drop(fourth);
        assert_eq!((admission.pending(), admission.open()), (0, 0));
    }

    #[test]
    fn pending_connections_count_in_the_total() {
        let admission = Arc::new(Admission::default());
        let _a = admission.admit("10.0.0.1".parse().unwrap(), 10, 2).unwrap();
        let _b = admission.admit("10.0.0.2".parse().unwrap(), 10, 2).unwrap();
        assert_eq!(
            admission.admit("10.0.0.3".parse().unwrap(), 10, 2).err(),
            Some(Refused::AtCapacity)
        );
    }
}
