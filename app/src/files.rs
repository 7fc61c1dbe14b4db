//! Files in and out of the browser: a download through a Blob link, and the bytes of a file
//! the person chose. The one place Rapport hands data to the device's file system.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Occurs when the browser will not make or read a file.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("the browser could not make the file; try again, and check the tablet has free space")]
    NotMade,
    #[error("the file could not be read; choose it again, or copy it to this tablet first")]
    NotRead,
}

/// Saves `bytes` as a file named `name` through the browser's download.
pub fn download(bytes: &[u8], name: &str, mime: &str) -> Result<(), FileError> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| FileError::NotMade)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| FileError::NotMade)?;
    let a = leptos::prelude::document().create_element("a").map_err(|_| FileError::NotMade)?;
    let a: web_sys::HtmlAnchorElement = a.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The name and bytes of the file chosen in `input`, if one is.
pub async fn chosen_file(
    input: &web_sys::HtmlInputElement,
) -> Result<Option<(String, Vec<u8>)>, FileError> {
    let Some(file) = input.files().and_then(|files| files.get(0)) else { return Ok(None) };
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|_| FileError::NotRead)?;
    Ok(Some((file.name(), js_sys::Uint8Array::new(&buffer).to_vec())))
}
