//! State shared across pages: the application being written and what its steps look like.

pub mod carried;
pub mod draft;
pub mod renewal;
pub mod steps;
pub mod stored;
pub mod tracking;
pub mod wechat_trip;

pub use draft::{Load, SaveState, Wizard, use_wizard};
pub use steps::StepStatus;
pub use tracking::{Tracked, Tracker};
