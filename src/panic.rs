//! A panic's message in the browser's console. Without a hook the message goes to a standard
//! error that the browser does not have, and only wasm's "unreachable" shows.
//!
//! The message, file and line go to `console.error` as they are: formatting them in Rust (as
//! the `console_error_panic_hook` crate does, with a stack trace of unnamed wasm frames) cost
//! 1 kB of the first load.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str, file: &str, line: u32);
}

/// Installs the hook: `console.error(message, file, line)`.
pub fn report_to_console() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("panicked");
        let (file, line) = info.location().map_or(("", 0), |at| (at.file(), at.line()));
        console_error(message, file, line);
    }));
}
