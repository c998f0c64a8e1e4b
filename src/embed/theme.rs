//! A host's theme: the `--onboarding-*` custom properties of its element, which reach the app's
//! shadow root by inheritance (and its frame through the handshake). The domain's rule decides
//! whether the colours are readable; a theme that is not is refused as a whole, the app's own
//! colours kept, and the host told in its console which pair failed.

use onboarding_domain::theme::{self, COLOURS, Rgb, ThemeColours};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::Instance;
use leptos::prelude::document;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = warn)]
    fn console_warn(message: &str);
}

/// Sets a theme's properties on the app's root (frame mode: the host's values, sent over).
pub fn set(instance: Instance, properties: &[(String, String)]) {
    instance.with(|c| {
        let style = c.root.style();
        for (name, value) in properties {
            if theme::PROPERTIES.contains(&name.as_str()) {
                let _ = style.set_property(name, value);
            }
        }
    });
}

/// Checks the colours the app now shows, when a host themed them, and puts the app's own back
/// if they are hard to read.
pub fn check(instance: Instance) {
    instance.with(|c| {
        let Some(computed) = computed_style(&c.root) else {
            return;
        };
        let themed = COLOURS
            .iter()
            .any(|p| computed.get_property_value(p).is_ok_and(|v| !v.trim().is_empty()));
        if !themed {
            return;
        }
        // The primary colour is the buttons' background: a button, drawn for an instant, says
        // what the browser made of it (a name, hex, hsl: all become `rgb(…)`).
        let probe = document().create_element("span").ok();
        let primary = probe.as_ref().and_then(|probe| {
            probe.set_class_name("button");
            c.root.append_child(probe).ok()?;
            let colour = computed_style(probe)?.get_property_value("background-color").ok();
            probe.remove();
            colour
        });
        let colour = |value: Option<String>| value.as_deref().and_then(Rgb::from_computed);
        let colours = (
            colour(computed.get_property_value("color").ok()),
            colour(primary),
            colour(computed.get_property_value("background-color").ok()),
        );
        let verdict = match colours {
            (Some(text), Some(primary), Some(background)) => theme::check(ThemeColours {
                text,
                primary,
                background,
            })
            .map_err(|unreadable| unreadable.to_string()),
            _ => Err(theme::NOT_OPAQUE.to_string()),
        };
        if let Err(warning) = verdict {
            console_warn(&warning);
            let style = c.root.style();
            for property in COLOURS {
                // The guaranteed-invalid value: every `var()` of it takes its default.
                let _ = style.set_property(property, "initial");
            }
        }
    });
}

fn computed_style(element: &web_sys::Element) -> Option<web_sys::CssStyleDeclaration> {
    web_sys::window()?.get_computed_style(element.unchecked_ref()).ok()?
}
