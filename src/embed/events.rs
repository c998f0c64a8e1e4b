//! The app's events, as DOM `CustomEvent`s on the host's element: `onboarding:<type>`, with
//! `detail` `{version, ...}` (the domain's [`HostEvent`], which webhooks send too). On the app's
//! own page they go to its root, where nothing listens.

use onboarding_domain::events::HostEvent;

use super::Instance;

/// Tells the host of `event`.
pub fn emit(instance: Instance, event: &HostEvent) {
    dispatch(instance, event.name(), &event.detail_json());
}

/// Tells the host that the app is showing its first page. (Apart from [`emit`], whose
/// serialisation of every event's fields would otherwise come with every first load.)
pub fn emit_ready(instance: Instance) {
    dispatch(instance, HostEvent::Ready {}.name(), &HostEvent::bare_detail());
}

/// Tells the host that a platform's session ends soon (see `state::renewal`).
pub fn emit_session_expiring(instance: Instance) {
    dispatch(
        instance,
        HostEvent::SessionExpiring {}.name(),
        &HostEvent::bare_detail(),
    );
}

/// Dispatches `onboarding:<name>` on the host's element, bubbling and out of the shadow root.
fn dispatch(instance: Instance, name: &str, detail: &str) {
    instance.with(|c| {
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        if let Ok(detail) = js_sys::JSON::parse(detail) {
            init.set_detail(&detail);
        }
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(&["onboarding:", name].concat(), &init) {
            let _ = c.host.dispatch_event(&event);
        }
        // In a host's frame, the host's element dispatches it on the host's page.
        if let Some(host) = &c.frame_host {
            super::frame::post_event(host, name, detail);
        }
    });
}
