//! The guide's answers, carried forward (issue 15, item 4): the entity type chosen there is
//! preselected at registration, and the legal person's residency answers that question in the
//! wizard when the draft has no answer yet. Both stay the applicant's to change. Kept in
//! localStorage as they are chosen, since signing in inside WeChat leaves the app and comes back.

use onboarding_domain::{EntityType, Residency};

use super::stored::{load, save};

const ENTITY_KEY: &str = "onboarding.guide.entity_type";
const RESIDENCY_KEY: &str = "onboarding.guide.residency";

/// An entity type the applicant chose on the guide. (What they left at the guide's starting
/// point is asked again, unchosen: keeping both answers at "Start" or at either change measured
/// 0.35 to 0.6 kB more of the first load, where every byte is the guide's.)
pub fn keep_entity(entity: EntityType) {
    save(ENTITY_KEY, Some(entity.key()));
}

/// A residency the applicant chose on the guide.
pub fn keep_residency(residency: Residency) {
    save(RESIDENCY_KEY, Some(residency.key()));
}

/// The entity type chosen on the guide, for registration; forgotten once registered.
pub fn entity_type() -> Option<EntityType> {
    EntityType::from_key(&load(ENTITY_KEY)?)
}

/// Registered: the entity type is the account's now.
pub fn registered() {
    save(ENTITY_KEY, None);
}

/// The residency chosen on the guide, once: it answers the wizard's question a single time.
pub fn take_residency() -> Option<Residency> {
    let residency = Residency::from_key(&load(RESIDENCY_KEY)?);
    save(RESIDENCY_KEY, None);
    residency
}
