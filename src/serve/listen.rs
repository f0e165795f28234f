//! Accepting the preview's connections: HTTP/1.1 (hyper) with timeouts, so that idle and slow
//! clients cannot hold the server's sockets for ever. A connection that does not send a whole
//! request head within [`HEADER_TIMEOUT`] (a new one, or a kept-alive one between requests) is
//! closed; so is one whose client stops reading a response (or the event stream) for
//! [`WRITE_TIMEOUT`]. When accepting fails (out of file descriptors), the server waits a moment
//! and tries again instead of stopping.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::time::Sleep;

/// How long a client may take to send a request head, and a kept-alive connection may stay
/// idle between requests.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a response may wait for a client that does not read it.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// The pause after a failed accept (no file descriptor left: wait for connections to close).
const ACCEPT_RETRY: Duration = Duration::from_millis(100);

/// Serves `app` on every connection `listener` accepts; runs until the runtime stops.
pub async fn serve_connections(listener: TcpListener, app: Router) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                tokio::time::sleep(ACCEPT_RETRY).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let io = TokioIo::new(StallTimeout::new(stream, WRITE_TIMEOUT));
            // An error here is one client's (it went away, timed out, sent garbage): the
            // connection closes and nothing else is affected.
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(io, service)
                .await;
        });
    }
}

/// A stream whose writes fail once they have made no progress for `limit`: a client that stops
/// reading cannot keep a response, and with it the connection, open for ever.
struct StallTimeout<S> {
    inner: S,
    limit: Duration,
    stalled: Option<Pin<Box<Sleep>>>,
}

impl<S> StallTimeout<S> {
    fn new(inner: S, limit: Duration) -> Self {
        StallTimeout {
            inner,
            limit,
            stalled: None,
        }
    }

    /// Passes a write's result on, turning a write pending for longer than the limit into an
    /// error.
    fn check<T>(
        &mut self,
        cx: &mut Context<'_>,
        result: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        if result.is_ready() {
            self.stalled = None;
            return result;
        }
        let limit = self.limit;
        let stalled = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match stalled.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for StallTimeout<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for StallTimeout<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.check(cx, result)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.check(cx, result)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let result = Pin::new(&mut self.inner).poll_flush(cx);
        self.check(cx, result)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncWriteExt;

    #[test]
    fn a_write_to_a_client_that_stopped_reading_fails_after_the_limit() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            // The other end is kept open but never read: its 64-byte buffer fills at once.
            let (ours, _theirs) = tokio::io::duplex(64);
            let mut stream = StallTimeout::new(ours, Duration::from_millis(50));
            let written =
                tokio::time::timeout(Duration::from_secs(30), stream.write_all(&[b'x'; 1024]))
                    .await
                    .expect("the stall limit ends the write, not the outer bound");
            assert_eq!(written.unwrap_err().kind(), io::ErrorKind::TimedOut);
        });
    }

    #[test]
    fn writes_that_make_progress_pass() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let (ours, mut theirs) = tokio::io::duplex(64);
            let reader = tokio::spawn(async move {
                let mut all = Vec::new();
                tokio::io::AsyncReadExt::read_to_end(&mut theirs, &mut all)
                    .await
                    .map(|_| all.len())
            });
            let mut stream = StallTimeout::new(ours, Duration::from_secs(30));
            stream.write_all(&[b'x'; 4096]).await.unwrap();
            stream.shutdown().await.unwrap();
            drop(stream);
            assert_eq!(reader.await.unwrap().unwrap(), 4096);
        });
    }
}
