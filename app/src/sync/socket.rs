//! A browser WebSocket whose callbacks become events, and small timer helpers.

use js_sys::{ArrayBuffer, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{BinaryType, MessageEvent, WebSocket};

/// Occurs when the browser refuses to open a WebSocket (a malformed or forbidden address).
#[derive(Debug, Clone, thiserror::Error)]
#[error("could not open a connection to the relay: {0}")]
pub struct SocketError(String);

pub enum SocketEvent {
    Opened,
    Frame(Vec<u8>),
    Closed,
}

/// An open (or opening) socket; dropping it detaches the callbacks and closes it.
pub struct Socket {
    ws: WebSocket,
    _callbacks: Vec<Closure<dyn FnMut(JsValue)>>,
}

/// The relay's sync endpoint on the origin this page came from.
pub fn relay_url() -> Option<String> {
    let location = web_sys::window()?.location();
    let scheme = if location.protocol().ok()? == "https:" { "wss" } else { "ws" };
    Some(format!("{scheme}://{}/api/sync", location.host().ok()?))
}

impl Socket {
    pub fn open(url: &str, on_event: impl Fn(SocketEvent) + 'static) -> Result<Self, SocketError> {
        let ws = WebSocket::new(url).map_err(|e| SocketError(format!("{e:?}")))?;
        ws.set_binary_type(BinaryType::Arraybuffer);
        let on_event = std::rc::Rc::new(on_event);
        let opened = {
            let f = on_event.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_| f(SocketEvent::Opened))
        };
        let message = {
            let f = on_event.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
                if let Ok(buffer) =
                    e.unchecked_into::<MessageEvent>().data().dyn_into::<ArrayBuffer>()
                {
                    f(SocketEvent::Frame(Uint8Array::new(&buffer).to_vec()));
                }
            })
        };
        let closed = {
            let f = on_event.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |_| f(SocketEvent::Closed))
        };
        ws.set_onopen(Some(opened.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(closed.as_ref().unchecked_ref()));
        Ok(Self { ws, _callbacks: vec![opened, message, closed] })
    }

    /// Sends a frame; false if the socket is not open.
    pub fn send(&self, frame: &[u8]) -> bool {
        self.ws.ready_state() == WebSocket::OPEN && self.ws.send_with_u8_array(frame).is_ok()
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        let _ = self.ws.close();
    }
}

/// Runs `f` after `ms` milliseconds.
pub fn after(ms: u64, f: impl FnOnce() + 'static) {
    if let Some(w) = web_sys::window() {
        let callback = Closure::once_into_js(f);
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
            callback.unchecked_ref(),
            ms.min(i32::MAX as u64) as i32,
        );
    }
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: u64) {
    let (tx, rx) = futures_channel::oneshot::channel::<()>();
    after(ms, move || {
        let _ = tx.send(());
    });
    let _ = rx.await;
}

pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}
