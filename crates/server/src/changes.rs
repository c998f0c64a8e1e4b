//! Who waits for which account's application to change. A status long poll subscribes for its
//! own account, so a change wakes only the polls of the account that changed, not every poll on
//! the server (each woken poll costs a database read).

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::sync::watch;

/// One channel per account that someone is waiting on; the value only counts changes.
#[derive(Default)]
pub struct Changes {
    waiting: Mutex<HashMap<String, watch::Sender<u64>>>,
}

/// Channels nobody listens to any more are swept out once the map has grown past this.
const SWEEP_ABOVE: usize = 1024;

impl Changes {
    /// A receiver that sees every change of `account_id`'s application from now on.
    pub fn subscribe(&self, account_id: &str) -> watch::Receiver<u64> {
        let mut waiting = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
        if waiting.len() > SWEEP_ABOVE {
            waiting.retain(|_, sender| sender.receiver_count() > 0);
        }
        match waiting.get(account_id) {
            Some(sender) => sender.subscribe(),
            None => {
                let (sender, receiver) = watch::channel(0);
                waiting.insert(account_id.to_string(), sender);
                receiver
            }
        }
    }

    /// Wakes the waiters of `account_id`, if there are any.
    pub fn announce(&self, account_id: &str) {
        let mut waiting = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(sender) = waiting.get(account_id) {
            if sender.receiver_count() == 0 {
                waiting.remove(account_id);
            } else {
                sender.send_modify(|n| *n = n.wrapping_add(1));
            }
        }
    }

    #[cfg(test)]
    fn tracked(&self) -> usize {
        self.waiting.lock().unwrap().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_wakes_only_the_waiters_of_its_account() {
        let changes = Changes::default();
        let a1 = changes.subscribe("a");
        let a2 = changes.subscribe("a");
        let b = changes.subscribe("b");
        changes.announce("a");
        assert!(a1.has_changed().unwrap());
        assert!(a2.has_changed().unwrap());
        assert!(!b.has_changed().unwrap(), "b's poll was woken by a's change");
        // Nobody waits for c: nothing is kept for it.
        changes.announce("c");
        assert_eq!(changes.tracked(), 2);
    }

    #[test]
    fn channels_nobody_waits_on_are_forgotten() {
        let changes = Changes::default();
        drop(changes.subscribe("a"));
        changes.announce("a");
        assert_eq!(changes.tracked(), 0);
        for n in 0..=SWEEP_ABOVE + 1 {
            drop(changes.subscribe(&n.to_string()));
        }
        assert!(changes.tracked() <= SWEEP_ABOVE + 1);
    }
}
