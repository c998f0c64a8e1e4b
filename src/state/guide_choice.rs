//! What the applicant chose on the guide (who is joining, where the legal person lives), carried
//! to registration and to the legal-person step, so that nobody answers twice: preselected
//! there, and as easy to change as any answer. Kept on the device (localStorage, across the
//! sign-in's trip to WeChat); it is not personal data.

use onboarding_domain::{EntityType, Residency};

use crate::session::{load, save};

const KEY: &str = "onboarding.guide";

/// Keeps the guide's answers, as `entity/residency`.
pub fn remember(entity: EntityType, residency: Residency) {
    save(KEY, Some(&format!("{}/{}", entity.key(), residency.key())));
}

fn chosen() -> Option<(String, String)> {
    let kept = load(KEY)?;
    let (entity, residency) = kept.split_once('/')?;
    Some((entity.to_string(), residency.to_string()))
}

/// The entity type chosen on the guide.
pub fn entity() -> Option<EntityType> {
    chosen().and_then(|(e, _)| EntityType::from_key(&e))
}

/// The legal person's residency chosen on the guide (for an entity that is authenticated).
pub fn residency() -> Option<Residency> {
    chosen().and_then(|(_, r)| Residency::from_key(&r))
}
