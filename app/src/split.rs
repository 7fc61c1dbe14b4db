//! `split_fn!`: a function whose code lives in a lazy chunk of the built app.
//!
//! In the built app it is `#[wasm_split(area, fallible)]`. The wasm unit tests run the module
//! before `scripts/build-app.sh` splits it, where a chunk's placeholder import cannot load and
//! the test page never starts; there it is a plain `async fn` with the same signature.

macro_rules! split_fn {
    ($area:ident, $(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> Result<$ok:ty, $err:ty> $body:block) => {
        #[cfg(not(test))]
        $(#[$meta])*
        #[wasm_split_helpers::wasm_split($area, fallible)]
        $vis fn $name($($arg: $ty),*) -> Result<$ok, $err> $body

        #[cfg(test)]
        $(#[$meta])*
        $vis async fn $name($($arg: $ty),*) -> Result<$ok, $err> $body
    };
}
