//! The browser's platform authenticator (fingerprint, face, Windows Hello) through WebAuthn
//! with the PRF extension: the authenticator turns a stored salt into 32 secret bytes that
//! wrap the tablet's data key (`shared::vault::wrap_with_prf`).
//!
//! No server checks these credentials: a passkey is only useful here for its PRF output, and a
//! wrong output fails to unwrap. So the challenge is random and the response is not verified.
//! The extension objects are built with `js_sys::Reflect`, as web-sys has no typed setters for
//! `prf`; only the credential container and option types come from web-sys.

use js_sys::{Array, Object, Reflect, Uint8Array};
use shared::vault::StaffId;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use zeroize::Zeroizing;

/// Occurs when the fingerprint or face unlock cannot be set up or used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasskeyError {
    /// Occurs when the browser has no WebAuthn, or the page is not a secure address.
    #[error("This browser cannot unlock with fingerprint or face; use the PIN or passphrase.")]
    NotSupported,
    /// Occurs when the person cancelled, was not recognised, or waited too long.
    #[error(
        "Fingerprint or face unlock was cancelled or not recognised. Try again, or use your PIN instead."
    )]
    Refused,
    /// Occurs when the authenticator does not offer the PRF extension, which Rapport needs.
    #[error(
        "This tablet's fingerprint or face unlock cannot protect Rapport's data (it has no PRF support). Use your PIN instead."
    )]
    NoPrf,
    /// Occurs on any other browser refusal; the name is the browser's error name.
    #[error("Fingerprint or face unlock did not work ({0}). Use your PIN instead.")]
    Failed(String),
}

/// A passkey's answer: which credential, and its 32-byte PRF output for the salt given.
pub struct PrfAnswer {
    pub credential_id: Vec<u8>,
    pub output: Zeroizing<[u8; 32]>,
}

/// Whether this browser has WebAuthn at all (`PublicKeyCredential` and a secure context).
pub fn supported() -> bool {
    web_sys::window().is_some_and(|w| {
        w.is_secure_context() && Reflect::has(&w, &"PublicKeyCredential".into()).unwrap_or(false)
    })
}

/// Registers a passkey on this tablet's platform authenticator for `staff`, and returns its
/// PRF output for `salt` (asking a second time when the authenticator gives it only on use).
pub async fn create(
    staff: StaffId,
    name: &str,
    salt: &[u8; 32],
) -> Result<PrfAnswer, PasskeyError> {
    let window = web_sys::window().ok_or(PasskeyError::NotSupported)?;
    if !supported() {
        return Err(PasskeyError::NotSupported);
    }
    let host = window.location().hostname().map_err(|_| PasskeyError::NotSupported)?;
    let public_key = object(&[
        ("rp", object(&[("id", host.into()), ("name", "Rapport".into())])),
        (
            "user",
            object(&[("id", bytes(&staff.0)), ("name", name.into()), ("displayName", name.into())]),
        ),
        ("challenge", bytes(&challenge()?)),
        ("pubKeyCredParams", algorithms()),
        (
            "authenticatorSelection",
            object(&[
                ("authenticatorAttachment", "platform".into()),
                ("userVerification", "required".into()),
                ("residentKey", "discouraged".into()),
                ("requireResidentKey", false.into()),
            ]),
        ),
        ("attestation", "none".into()),
        ("timeout", 60_000.into()),
        ("extensions", prf_extension(salt)),
    ]);
    let options = object(&[("publicKey", public_key)]);
    let promise = window
        .navigator()
        .credentials()
        .create_with_options(options.unchecked_ref())
        .map_err(browser_error)?;
    let credential = JsFuture::from(promise).await.map_err(browser_error)?;
    let credential_id = raw_id(&credential)?;
    let prf = extension_results(&credential)?;
    let enabled = Reflect::get(&prf, &"enabled".into()).ok().and_then(|v| v.as_bool());
    if enabled == Some(false) {
        return Err(PasskeyError::NoPrf);
    }
    match first_output(&prf) {
        Some(output) => Ok(PrfAnswer { credential_id, output }),
        // Some authenticators evaluate PRF only when the passkey is used: ask once more.
        None => evaluate(&credential_id, salt).await,
    }
}

/// Asks the passkey `credential_id` (with fingerprint or face) for its PRF output for `salt`.
pub async fn evaluate(credential_id: &[u8], salt: &[u8; 32]) -> Result<PrfAnswer, PasskeyError> {
    let window = web_sys::window().ok_or(PasskeyError::NotSupported)?;
    if !supported() {
        return Err(PasskeyError::NotSupported);
    }
    let host = window.location().hostname().map_err(|_| PasskeyError::NotSupported)?;
    let allowed = object(&[("type", "public-key".into()), ("id", bytes(credential_id))]);
    let public_key = object(&[
        ("rpId", host.into()),
        ("challenge", bytes(&challenge()?)),
        ("allowCredentials", Array::of1(&allowed).into()),
        ("userVerification", "required".into()),
        ("timeout", 60_000.into()),
        ("extensions", prf_extension(salt)),
    ]);
    let options = object(&[("publicKey", public_key)]);
    let promise = window
        .navigator()
        .credentials()
        .get_with_options(options.unchecked_ref())
        .map_err(browser_error)?;
    let credential = JsFuture::from(promise).await.map_err(browser_error)?;
    let used = raw_id(&credential)?;
    let prf = extension_results(&credential)?;
    let output = first_output(&prf).ok_or(PasskeyError::NoPrf)?;
    Ok(PrfAnswer { credential_id: used, output })
}

/// `{ prf: { eval: { first: salt } } }`
fn prf_extension(salt: &[u8; 32]) -> JsValue {
    object(&[("prf", object(&[("eval", object(&[("first", bytes(salt))]))]))])
}

/// ES256 first (what platform authenticators use), RS256 for Windows Hello.
fn algorithms() -> JsValue {
    let alg = |n: i32| object(&[("type", "public-key".into()), ("alg", n.into())]);
    Array::of2(&alg(-7), &alg(-257)).into()
}

/// A fresh random challenge; unchecked (see the module doc) but WebAuthn requires one.
fn challenge() -> Result<[u8; 32], PasskeyError> {
    shared::vault::prf_salt().map_err(|e| PasskeyError::Failed(e.to_string()))
}

/// `credential.getClientExtensionResults().prf`, or `NoPrf` when the authenticator gave none.
fn extension_results(credential: &JsValue) -> Result<JsValue, PasskeyError> {
    let call = Reflect::get(credential, &"getClientExtensionResults".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or(PasskeyError::NoPrf)?;
    let results = call.call0(credential).map_err(browser_error)?;
    Reflect::get(&results, &"prf".into()).ok().filter(|p| p.is_object()).ok_or(PasskeyError::NoPrf)
}

/// `prf.results.first` as 32 bytes, if present.
fn first_output(prf: &JsValue) -> Option<Zeroizing<[u8; 32]>> {
    let results = Reflect::get(prf, &"results".into()).ok().filter(|r| r.is_object())?;
    let first = Reflect::get(&results, &"first".into()).ok().filter(|f| f.is_object())?;
    let mut bytes = Zeroizing::new(Uint8Array::new(&first).to_vec());
    let mut out = Zeroizing::new([0u8; 32]);
    if bytes.len() != 32 {
        return None;
    }
    out.copy_from_slice(&bytes);
    zeroize::Zeroize::zeroize(&mut *bytes);
    Some(out)
}

fn raw_id(credential: &JsValue) -> Result<Vec<u8>, PasskeyError> {
    Reflect::get(credential, &"rawId".into())
        .ok()
        .filter(|id| id.is_object())
        .map(|id| Uint8Array::new(&id).to_vec())
        .ok_or_else(|| PasskeyError::Failed("no credential id".into()))
}

/// A rejected WebAuthn call, by the `DOMException` name the specification gives it.
fn browser_error(e: JsValue) -> PasskeyError {
    let name =
        Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
    match name.as_str() {
        "NotAllowedError" | "AbortError" => PasskeyError::Refused,
        "NotSupportedError" | "SecurityError" => PasskeyError::NotSupported,
        "" => PasskeyError::Failed("unknown error".into()),
        _ => PasskeyError::Failed(name),
    }
}

fn bytes(b: &[u8]) -> JsValue {
    Uint8Array::from(b).into()
}

fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in entries {
        let _ = Reflect::set(&o, &(*k).into(), v);
    }
    o.into()
}
