//! The application being written: the draft, its autosave, and its offline copy.
//!
//! Every edit goes through [`Wizard::edit`], which applies the domain's locks, keeps a copy in
//! browser storage (without identity or bank numbers), and saves to the server after a pause in
//! typing, with `If-Match` so two devices never overwrite each other unnoticed: when another
//! device saved in between, the two are merged answer by answer (the domain's
//! [`ApplicationDraft::merge`]) and the merge is saved.

use leptos::prelude::*;
use leptos::task::spawn_local;
use onboarding_domain::events::HostEvent;
use onboarding_domain::{
    ApplicationDraft, Date, EntityType, FieldError, FieldPath, FieldReport, Newer, Requirements, Step, Submission,
    requirements,
};
use serde::{Deserialize, Serialize};

use onboarding_domain::api::DraftView;

use crate::api::{self, Abort, ApiError};
use crate::session::Session;
use crate::state::stored::{load, save};

/// Typing pauses this long before a save.
const DEBOUNCE_MS: i32 = 700;
/// The longest wait between attempts while the server cannot be reached.
const MAX_RETRY_MS: i32 = 30_000;

/// Where loading the wizard stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Load {
    Loading,
    SignedOut,
    NotRegistered,
    /// A personal account: nothing to authenticate.
    NotNeeded,
    /// Submitted and not sent back: the status page has it.
    Submitted,
    Ready,
    Failed,
}

/// What the applicant is told about saving.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SaveState {
    /// Nothing changed since loading.
    Idle,
    Saving,
    /// Saved at this time (ms since the epoch).
    Saved(f64),
    /// Saved at this time, together with answers another device had saved meanwhile.
    Merged(f64),
    /// No connection: kept on this device, sent when the connection is back.
    Offline,
    /// The server refused (say, the session ended); what was typed stays on screen.
    Failed,
}

/// What browser storage keeps while a save is outstanding.
#[derive(Serialize, Deserialize)]
struct LocalCopy {
    /// The server version the edits were made on.
    base: u64,
    draft: ApplicationDraft,
    /// That version's answers, to merge with when another device saved since. (Copies written
    /// before merging existed have none; they are used only on their own version.)
    #[serde(default)]
    base_draft: Option<ApplicationDraft>,
    /// When the last of these edits was made (ms since the epoch).
    #[serde(default)]
    edited_at: i64,
}

/// The wizard's shared state, provided once to the whole app.
#[derive(Clone, Copy)]
pub struct Wizard {
    pub draft: RwSignal<ApplicationDraft>,
    pub entity: RwSignal<EntityType>,
    pub load: RwSignal<Load>,
    pub save: RwSignal<SaveState>,
    /// Steps where "Continue" was pressed: their errors show.
    pub attempted: RwSignal<Vec<Step>>,
    /// Errors the server found (a 422, or a rejection), shown until their field changes.
    pub server_errors: RwSignal<Vec<FieldReport>>,
    /// Counts attempts that left errors; each moves focus to the error summary.
    pub attempts: RwSignal<u32>,
    /// Photos being checked or sent right now: a step does not move on while any is.
    pub uploads: RwSignal<u32>,
    /// The check page: whether Submit was pressed, and whether the declaration is ticked. Kept
    /// here so that both survive a trip to a step to fix an answer.
    pub check_attempted: RwSignal<bool>,
    /// The answers a platform gave and locked: shown read-only (the server refuses changes).
    pub platform_locked: RwSignal<Vec<FieldPath>>,
    pub declared: RwSignal<bool>,
    /// The domain's verdict on the whole draft, kept current as it changes.
    pub problems: Memo<Vec<FieldError>>,
    /// What the catalogue asks of the draft's situation: which answers and photos show.
    pub requirements: Memo<Requirements>,
    version: StoredValue<u64>,
    edits: StoredValue<u64>,
    /// When this device last changed an answer (ms since the epoch): in a merge, an answer both
    /// devices changed goes to the one that changed it last.
    edited_at: StoredValue<i64>,
    /// The save under way merged another device's answers in: the applicant is told.
    merged: StoredValue<bool>,
    saved_edits: StoredValue<u64>,
    in_flight: StoredValue<bool>,
    /// A background save is waiting for the connection.
    retrying: StoredValue<bool>,
    account_id: StoredValue<String>,
    /// The draft as the server last stored it; numbers come back from it after a reload offline.
    server_copy: StoredValue<ApplicationDraft>,
    loaded_for: StoredValue<Option<String>>,
    abort: StoredValue<Abort>,
}

impl Wizard {
    /// Creates the state and provides it; saves resume when the connection comes back.
    pub fn provide() -> Wizard {
        let wizard = Wizard::new(EntityType::Enterprise, ApplicationDraft::default());
        // Nothing is shown until the applicant's own draft has been fetched.
        wizard.load.set(Load::Loading);
        provide_context(wizard);
        let online = window_event_listener(leptos::ev::online, move |_| {
            if wizard.save.get_untracked() == SaveState::Offline {
                spawn_local(async move {
                    let _ = wizard.flush_once().await;
                });
            }
        });
        on_cleanup(move || online.remove());
        wizard
    }

    /// A wizard over a given draft, already loaded (also for component tests).
    pub fn new(entity: EntityType, mut draft: ApplicationDraft) -> Wizard {
        draft.apply_locks(entity);
        let draft_signal = RwSignal::new(draft.clone());
        let entity_signal = RwSignal::new(entity);
        let problems = Memo::new(move |_| {
            let entity = entity_signal.get();
            draft_signal.with(|d| d.validate(entity, Date::today_in_china()).err().unwrap_or_default())
        });
        let required = Memo::new(move |_| {
            let entity = entity_signal.get();
            draft_signal.with(|d| requirements(d.situation(entity)))
        });
        Wizard {
            requirements: required,
            draft: draft_signal,
            entity: entity_signal,
            problems,
            load: RwSignal::new(Load::Ready),
            save: RwSignal::new(SaveState::Idle),
            attempted: RwSignal::new(Vec::new()),
            server_errors: RwSignal::new(Vec::new()),
            attempts: RwSignal::new(0),
            uploads: RwSignal::new(0),
            check_attempted: RwSignal::new(false),
            platform_locked: RwSignal::new(Vec::new()),
            declared: RwSignal::new(false),
            version: StoredValue::new(0),
            edits: StoredValue::new(0),
            edited_at: StoredValue::new(0),
            merged: StoredValue::new(false),
            saved_edits: StoredValue::new(0),
            in_flight: StoredValue::new(false),
            retrying: StoredValue::new(false),
            account_id: StoredValue::new(String::new()),
            server_copy: StoredValue::new(draft),
            loaded_for: StoredValue::new(None),
            abort: StoredValue::new(Abort::new()),
        }
    }

    /// Changes the draft. `path` is the answer being edited: its server error is cleared.
    pub fn edit(self, path: Option<FieldPath>, change: impl FnOnce(&mut ApplicationDraft)) {
        let entity = self.entity.get_untracked();
        self.draft.update(|d| {
            change(d);
            d.apply_locks(entity);
        });
        if let Some(path) = path {
            self.server_errors.update(|errors| errors.retain(|e| e.path != path));
        }
        // A wizard not loaded for a session (a form of its own, a test) has nowhere to save.
        if self.loaded_for.get_value().is_none() {
            return;
        }
        self.edits.update_value(|n| *n += 1);
        self.edited_at.set_value(js_sys::Date::now() as i64);
        self.keep_locally();
        let mine = self.edits.get_value();
        spawn_local(async move {
            api::sleep(DEBOUNCE_MS).await;
            if self.edits.get_value() == mine {
                let _ = self.flush().await;
            }
        });
    }

    /// Loads the signed-in applicant's draft. A draft already loaded for this session is kept;
    /// any other state (not registered yet, submitted, failed) is asked again, since it may have
    /// changed since (a registration, a rejection).
    pub fn ensure_loaded(self, session: Session) {
        let token = session.0.get_untracked();
        let same_session = self.loaded_for.get_value() == token;
        // Without a session there is nothing to wait for. (The wizard starts out `Loading` for
        // no session, so checking the state alone kept a signed-out visitor waiting forever.)
        if token.is_some() && same_session && matches!(self.load.get_untracked(), Load::Ready | Load::Loading) {
            return;
        }
        if !same_session {
            self.forget_session();
        }
        self.loaded_for.set_value(token.clone());
        let Some(token) = token else {
            self.load.set(Load::SignedOut);
            return;
        };
        self.load.set(Load::Loading);
        let abort = self.abort.get_value();
        spawn_local(async move {
            let outcome = self.fetch(&abort, &token).await;
            self.load.set(outcome);
        });
    }

    async fn fetch(self, abort: &Abort, token: &str) -> Load {
        let me = match api::me(abort, token).await {
            Ok(me) => me,
            Err(ApiError::Refused { status: 401, .. }) => return Load::SignedOut,
            Err(_) => return Load::Failed,
        };
        let Some(account) = me.account else {
            return Load::NotRegistered;
        };
        if !me.needs_authentication {
            return Load::NotNeeded;
        }
        self.entity.set(account.entity_type);
        self.account_id.set_value(account.id.clone());
        // Nothing submitted yet: no status to ask for.
        let status = match me.application_state {
            Some(_) => Some(api::status(abort, token).await),
            None => None,
        };
        match status {
            // Under way or finished: nothing to edit or submit.
            Some(Ok(status)) if !Submission::of(Some(status.state)).accepted() => return Load::Submitted,
            // Sent back: each reason goes to its field, and the steps show them. (Canceled: the
            // answers are kept, to check and submit as a new application.)
            Some(Ok(status)) => {
                let reasons = status
                    .rejection_reasons
                    .into_iter()
                    .filter_map(|r| {
                        r.path.map(|path| FieldReport {
                            path,
                            code: "rejected".into(),
                            message: r.reason,
                        })
                    })
                    .collect();
                self.server_errors.set(reasons);
            }
            None | Some(Err(ApiError::Refused { status: 404, .. })) => {}
            Some(Err(_)) => return Load::Failed,
        }
        let view = match api::get_draft(abort, token).await {
            Ok(view) => view,
            Err(_) => return Load::Failed,
        };
        self.version.set_value(view.version);
        self.platform_locked.set(view.locked.clone());
        self.server_copy.set_value(view.draft.clone());
        let mut draft = view.draft;
        // Edits this device made and never sent (it was offline) come back, with the numbers
        // from the server; if another device saved in between, merged with its answers. (The
        // device keeps no numbers, so in the merge they are the stored ones.)
        let local = self.read_local();
        let pending = local.is_some();
        match local {
            Some(copy) if copy.base == view.version => {
                let mut restored = copy.draft;
                restored.restore_sensitive(&draft);
                draft = restored;
            }
            Some(LocalCopy {
                draft: mut mine,
                base_draft: Some(base),
                edited_at,
                ..
            }) => {
                mine.merge(&base, &draft, Newer::by_time(edited_at, view.edited_at));
                draft = mine;
                self.edited_at.set_value(edited_at);
                self.merged.set_value(true);
            }
            Some(_) | None => {}
        }
        draft.apply_locks(account.entity_type);
        let unanswered = draft.legal_person.identity.residency.is_none();
        self.draft.set(draft);
        self.save.set(SaveState::Idle);
        // The residency chosen on the guide answers the question, as an edit the applicant sees
        // and may change, saved like any other.
        if let Some(residency) = crate::state::carried::take_residency().filter(|_| unanswered) {
            self.edit(Some(onboarding_domain::Field::LegalPersonResidency.into()), |d| {
                d.legal_person.identity.residency = Some(residency)
            });
        }
        if pending {
            self.edits.update_value(|n| *n += 1);
            spawn_local(async move {
                let _ = self.flush().await;
            });
        }
        Load::Ready
    }

    /// Another applicant (or nobody) signed in on this tab: nothing of the previous one's may
    /// carry over, and a save still retrying for them stops (it checks `loaded_for`).
    fn forget_session(self) {
        if self.loaded_for.get_value().is_some() {
            self.forget_local();
        }
        self.draft.set(ApplicationDraft::default());
        self.server_errors.set(Vec::new());
        self.attempted.set(Vec::new());
        self.check_attempted.set(false);
        self.declared.set(false);
        self.save.set(SaveState::Idle);
        let edits = self.edits.get_value();
        self.saved_edits.set_value(edits);
        self.account_id.set_value(String::new());
    }

    /// Loads again (after a failure).
    pub fn reload(self, session: Session) {
        self.loaded_for.set_value(None);
        self.ensure_loaded(session);
    }

    /// Saves now if anything is unsaved, and waits for it. Without a connection it keeps trying
    /// in the background (one loop at a time).
    pub async fn flush(self) -> Result<(), ApiError> {
        if self.retrying.get_value() {
            return Err(ApiError::Network);
        }
        self.retrying.set_value(true);
        let outcome = self.save_now(true).await;
        self.retrying.set_value(false);
        outcome
    }

    /// Saves once and says how it went: submit calls this first and must not wait for ever.
    pub async fn flush_once(self) -> Result<(), ApiError> {
        self.save_now(false).await
    }

    async fn save_now(self, persist: bool) -> Result<(), ApiError> {
        let mut retry_ms = 2_000;
        // The session this save is for: if the tab signs in as someone else, it stops.
        let session = self.loaded_for.get_value();
        loop {
            if self.loaded_for.get_value() != session {
                return Err(ApiError::Cancelled);
            }
            if self.in_flight.get_value() {
                api::sleep(100).await;
                continue;
            }
            let target = self.edits.get_value();
            if target == self.saved_edits.get_value() {
                return Ok(());
            }
            let Some(token) = session.clone() else {
                self.save.set(SaveState::Failed);
                return Err(ApiError::Refused {
                    status: 401,
                    body: onboarding_domain::api::ErrorBody {
                        code: "unauthenticated".into(),
                        message: String::new(),
                        fields: Vec::new(),
                    },
                });
            };
            self.in_flight.set_value(true);
            self.save.set(SaveState::Saving);
            let draft = self.draft.get_untracked();
            let abort = self.abort.get_value();
            // At most what the header takes: a longer absence is said as that much.
            let most = onboarding_domain::api::EDITED_AGO_MAX_MS;
            let edited_ago = (js_sys::Date::now() as i64 - self.edited_at.get_value()).clamp(0, most.into()) as u32;
            let result = api::put_draft(&abort, &token, self.version.get_value(), edited_ago, &draft).await;
            self.in_flight.set_value(false);
            match result {
                Ok(view) => {
                    self.version.set_value(view.version);
                    let saved = HostEvent::DraftSaved { revision: view.version };
                    crate::embed::events::emit(abort.instance(), &saved);
                    self.saved_edits.set_value(target);
                    self.server_copy.set_value(draft);
                    if target == self.edits.get_value() {
                        let now = js_sys::Date::now();
                        let merged = std::mem::take(&mut *self.merged.write_value());
                        self.save.set(if merged {
                            SaveState::Merged(now)
                        } else {
                            SaveState::Saved(now)
                        });
                        self.forget_local();
                        return Ok(());
                    }
                    // Typed while saving: the device's copy now builds on the new version.
                    self.keep_locally();
                }
                // Saved elsewhere since this tab loaded: never written over. The newer copy is
                // merged with this screen's answers, shown, and the merge saved on it.
                Err(ApiError::Refused { status: 412, .. }) => match api::get_draft(&abort, &token).await {
                    Ok(view) => self.merge(view),
                    Err(e) => return self.failed(e),
                },
                Err(ApiError::Network) if persist => {
                    self.save.set(SaveState::Offline);
                    api::sleep(retry_ms).await;
                    retry_ms = (retry_ms * 2).min(MAX_RETRY_MS);
                }
                Err(e) => return self.failed(e),
            }
        }
    }

    /// Takes in `theirs`, stored by another device since this one's last save.
    fn merge(self, theirs: DraftView) {
        let newer = Newer::by_time(self.edited_at.get_value(), theirs.edited_at);
        let entity = self.entity.get_untracked();
        let base = self.server_copy.get_value();
        // What is on screen now, with anything typed while the newer copy was being fetched.
        self.draft.update(|mine| {
            mine.merge(&base, &theirs.draft, newer);
            mine.apply_locks(entity);
        });
        self.version.set_value(theirs.version);
        self.server_copy.set_value(theirs.draft);
        self.merged.set_value(true);
        self.keep_locally();
    }

    fn failed(self, e: ApiError) -> Result<(), ApiError> {
        self.save.set(if e == ApiError::Network {
            SaveState::Offline
        } else {
            SaveState::Failed
        });
        Err(e)
    }

    fn storage_key(self) -> String {
        format!("onboarding.draft.{}", self.account_id.get_value())
    }

    fn keep_locally(self) {
        if self.account_id.with_value(String::is_empty) {
            return;
        }
        let copy = LocalCopy {
            base: self.version.get_value(),
            draft: self.draft.with_untracked(ApplicationDraft::without_sensitive),
            base_draft: Some(self.server_copy.with_value(ApplicationDraft::without_sensitive)),
            edited_at: self.edited_at.get_value(),
        };
        if let Ok(json) = serde_json::to_string(&copy) {
            save(&self.storage_key(), Some(&json));
        }
    }

    fn read_local(self) -> Option<LocalCopy> {
        serde_json::from_str(&load(&self.storage_key())?).ok()
    }

    fn forget_local(self) {
        save(&self.storage_key(), None);
    }

    /// After a submit the draft is the server's; the wizard reloads next time.
    pub fn submitted(self) {
        // A resubmission (after a rejection) is declared again.
        self.check_attempted.set(false);
        self.declared.set(false);
        self.forget_local();
        self.loaded_for.set_value(None);
        self.load.set(Load::Submitted);
    }
}

/// The app's wizard, created the first time a page asks for it. It belongs to the app's root, so
/// that it outlives the pages that use it (a step, the check page, a trip to fix an answer), and
/// its code arrives with those pages, not in every first load: the guide never needs it.
pub fn use_wizard() -> Wizard {
    use_context::<Wizard>().unwrap_or_else(|| crate::embed::use_instance().at_root(Wizard::provide))
}
