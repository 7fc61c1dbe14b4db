//! The tablet's clipboard and share sheet. Both are reached through `js_sys::Reflect`, so a
//! browser without one (or a page that is not a secure context) is a `false`, never a panic,
//! and the screen offers a manual way instead.

use wasm_bindgen::JsCast;

/// The function at `this[name]` (a method of `navigator` or its `clipboard`), if any.
fn method(this: &wasm_bindgen::JsValue, name: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(this, &name.into()).ok()?.dyn_into::<js_sys::Function>().ok()
}

fn navigator() -> Option<web_sys::Navigator> {
    web_sys::window().map(|w| w.navigator())
}

/// Waits for a promise the browser returned; `false` if it was rejected.
async fn settled(promise: wasm_bindgen::JsValue) -> bool {
    match promise.dyn_into::<js_sys::Promise>() {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
        Err(_) => false,
    }
}

/// `false` when the browser refuses (no permission, or the page is not a secure context).
pub async fn copy_text(text: &str) -> bool {
    let Some(nav) = navigator() else { return false };
    let Ok(clipboard) = js_sys::Reflect::get(&nav, &"clipboard".into()) else { return false };
    let Some(write) = method(&clipboard, "writeText") else { return false };
    match write.call1(&clipboard, &text.into()) {
        Ok(promise) => settled(promise).await,
        Err(_) => false,
    }
}

/// Whether the browser has a share sheet (`navigator.share`): tablets do, most desktops not.
pub fn can_share() -> bool {
    navigator().and_then(|nav| method(&nav, "share")).is_some()
}

/// Opens the share sheet with a link; `false` when there is none or the person closed it.
pub async fn share_link(title: &str, url: &str) -> bool {
    let Some(nav) = navigator() else { return false };
    let Some(share) = method(&nav, "share") else { return false };
    let data = js_sys::Object::new();
    let filled = js_sys::Reflect::set(&data, &"title".into(), &title.into())
        .and_then(|_| js_sys::Reflect::set(&data, &"url".into(), &url.into()));
    if filled.is_err() {
        return false;
    }
    match share.call1(&nav, &data) {
        Ok(promise) => settled(promise).await,
        Err(_) => false,
    }
}
