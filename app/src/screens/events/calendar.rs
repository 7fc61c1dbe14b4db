//! "Add to calendar": builds the `.ics` in `shared::calendar` and hands it to the browser as
//! a download, which the tablet opens in its calendar app.

use leptos::prelude::*;
use shared::calendar::{Entry, file_name, ics};

/// A button that downloads `entry` as an `.ics` file.
#[component]
pub fn AddToCalendar(#[prop(into)] entry: Signal<Option<Entry>>) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let click = move |_| {
        let Some(e) = entry.get_untracked() else { return };
        let text = ics(std::slice::from_ref(&e), chrono::Utc::now());
        problem.set(download(&text, &file_name(&e.title)).err());
    };
    view! {
        <button type="button" on:click=click disabled=move || entry.with(Option::is_none)>"Add to calendar"</button>
        {move || problem.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
    }
}

/// Saves `text` as a calendar file through a Blob link.
fn download(text: &str, name: &str) -> Result<(), String> {
    let failed = |_| {
        "The calendar file could not be made on this tablet. Try again; if it keeps failing, add the event to the calendar by hand.".to_string()
    };
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/calendar;charset=utf-8");
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(failed)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(failed)?;
    let a = document().create_element("a").map_err(failed)?;
    let a: web_sys::HtmlAnchorElement = wasm_bindgen::JsCast::unchecked_into(a);
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
